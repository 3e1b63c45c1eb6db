"""Translations are part of the UI: every catalogue must be sound and agree with the others.

Django merges all catalogues (LOCALE_PATHS first, then apps), so the same English msgid
translated two ways would show whichever wins; a fuzzy or placeholder-broken entry would
crash when formatted. Compile after editing a .po: `msgfmt -o django.mo django.po`.
"""

import gettext
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "motcua"
PO_FILES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def parse_po(path: Path) -> list[dict]:
    """Minimal .po reader: msgctxt/msgid/msgstr with continuation lines and the fuzzy flag."""
    entries: list[dict] = []
    current: dict | None = None
    key = ""
    fuzzy = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#") or not line.strip():
            continue
        elif match := re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
            key, text = match.groups()
            if key in ("msgctxt", "msgid") and current and "msgstr" in "".join(current):
                entries.append(current)
                current = None
            if current is None:
                current = {"fuzzy": fuzzy}
                fuzzy = False
            current[key] = text
        elif (match := re.match(r'"(.*)"$', line)) and current is not None:
            current[key] += match.group(1)
    if current:
        entries.append(current)
    return [e for e in entries if e.get("msgid")]


def unescape(text: str) -> str:
    return (
        text.encode("latin-1", "backslashreplace")
        .decode("unicode-escape")
        .encode("latin-1")
        .decode("utf-8")
        if "\\" in text
        else text
    )


def test_there_are_catalogues():
    assert len(PO_FILES) >= 5


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po):
    mo = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for entry in parse_po(po):
        msgid, msgstr = entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))
        assert not entry["fuzzy"], f"fuzzy entry {msgid!r} in {po}"
        assert msgstr, f"untranslated {msgid!r} in {po}"
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), (
            f"placeholders differ for {msgid!r} in {po}"
        )
        if "msgid_plural" in entry:
            continue
        lookup = msgid if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{msgid}"
        assert mo.gettext(unescape(lookup)) == unescape(msgstr), f"{po}.mo is stale: recompile"


def test_catalogues_agree_with_each_other():
    seen: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for po in PO_FILES:
        for entry in parse_po(po):
            key = (entry.get("msgctxt", ""), entry["msgid"])
            seen[key][str(po.relative_to(ROOT))] = entry.get("msgstr", "")
    conflicts = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not conflicts


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_translation_repeats_itself(po):
    """A msgstr written twice over (a fill-in script joining continuation lines twice)
    shows the text twice on the page."""
    for entry in parse_po(po):
        text = entry.get("msgstr", "")
        half = len(text) // 2
        assert not (len(text) > 20 and text[:half] == text[half:]), entry["msgid"]
