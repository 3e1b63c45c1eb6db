"""Vietnamese text helpers shared by search, import and forms."""

import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Normalise to NFC: the national data and printed forms use composed characters."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics ("Đăng ký" -> "dang ky").

    Done in Python so that search behaves identically on SQLite and PostgreSQL.
    Control characters become spaces: they carry no meaning in a search, and PostgreSQL
    refuses NUL in text parameters.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    kept = (
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in decomposed
        if unicodedata.category(ch) != "Mn"
    )
    return " ".join("".join(kept).casefold().split())
