"""Test helpers."""

import unicodedata

_VIETNAMESE_MARKS = set("ăâđêôơư")


def vietnamese(text: str) -> bool:
    """True if `text` is written in Vietnamese (has its letters or tone marks).

    Messages are checked this way plus by the values they name, because the wording may be
    refined in the project-wide catalogue; tests/catalogue/test_locale.py checks this app's
    own translations.
    """
    lowered = text.lower()
    decomposed = unicodedata.normalize("NFD", lowered)
    return any(ch in _VIETNAMESE_MARKS for ch in lowered) or any(
        unicodedata.category(ch) == "Mn" for ch in decomposed
    )
