"""docs/dossiers.md documents the transition table as it is."""

from pathlib import Path

from motcua.dossiers.workflow import Action, Status

DOC = (Path(__file__).resolve().parents[2] / "docs" / "dossiers.md").read_text(encoding="utf-8")


def test_every_action_and_status_is_documented():
    missing = [a.value for a in Action if f"`{a.value}`" not in DOC]
    missing += [s.value for s in Status if f"`{s.value}`" not in DOC]
    assert missing == []
