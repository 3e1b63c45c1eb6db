"""The legal regime a dossier is handled under, fixed by its reception date (domain.md §2).

Until 30/6/2025: Decree 61/2018 (amended by 107/2021) and Circular 01/2018, forms 01-06.
From 1/7/2025: Decree 118/2025 and Circular 03/2025, forms 01-07 (a stop notice is added).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from motcua.dossiers.models import Regime
from motcua.dossiers.workflow import Form

REGIME_2025_FROM = date(2025, 7, 1)


def regime_on(day: date) -> Regime:
    return Regime.R2025 if day >= REGIME_2025_FROM else Regime.R2018


@dataclass(frozen=True)
class FormTitle:
    number: str  # "01"
    title: str  # as the circular names it, in Vietnamese


FORMS: dict[str, dict[str, FormTitle]] = {
    Regime.R2018: {
        Form.RECEIPT: FormTitle("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        Form.SUPPLEMENT: FormTitle("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        Form.REFUSAL: FormTitle("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        Form.APOLOGY: FormTitle("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        Form.CONTROL_SLIP: FormTitle("05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        "register": FormTitle("06", "SỔ THEO DÕI HỒ SƠ"),
    },
    Regime.R2025: {
        Form.RECEIPT: FormTitle("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        Form.SUPPLEMENT: FormTitle("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        Form.REFUSAL: FormTitle("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        Form.APOLOGY: FormTitle("04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        Form.STOP: FormTitle("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        Form.CONTROL_SLIP: FormTitle("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        "register": FormTitle("07", "SỔ THEO DÕI HỒ SƠ"),
    },
}


def form_title(regime: str, form: str) -> FormTitle | None:
    """Number and title of `form` under `regime`; None when the regime has no such form."""
    return FORMS[Regime(regime)].get(form)
