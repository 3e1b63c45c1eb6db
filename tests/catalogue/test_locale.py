"""The catalogue's own Vietnamese catalogue is complete and safe to format."""

import gettext
import re
from pathlib import Path

import motcua.catalogue

LOCALE = Path(motcua.catalogue.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalogue():
    return gettext.translation("django", localedir=LOCALE, languages=["vi"])._catalog


def test_every_message_is_translated_with_the_same_placeholders():
    catalogue = _catalogue()
    assert len(catalogue) > 150
    for key, translated in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:
            continue  # header
        assert translated, msgid
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(msgid)), msgid


def test_summary_wording():
    translated = _catalogue()[("%(count)d procedure simplified, %(days)s working days cut", 0)]
    assert translated % {"count": 58, "days": "212"} == (
        "58 thủ tục được đơn giản hóa, cắt giảm 212 ngày làm việc"
    )
