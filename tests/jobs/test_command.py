"""`motcua export register|list|show`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.jobs.models import Export, ExportStatus
from tests.dossiers.forms.pdf import text


def run(*args) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_register_list_show(world, tmp_path):
    dossier = world.receive("2026-03-02 09:00")
    code = world.commune_desk.code
    line = run("register", "--agency", code, "--from", "2026-03-01", "--to", "2026-03-31")
    export = Export.objects.get()
    assert export.requested_by is None  # the operator's
    assert line.split("\t")[:3] == [str(export.pk), "register", "done"]  # immediate mode
    run(
        "register",
        "--agency",
        code,
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-02",
        "--user",
        "officer",
    )
    listed = run("list").splitlines()
    assert len(listed) == 2 and "\tofficer\t" in listed[0]
    assert len(run("list", "--user", "officer").splitlines()) == 1
    out = tmp_path / "register.pdf"
    shown = run("show", str(export.pk), "-o", str(out))
    assert f"sha256 {export.sha256}" in shown
    assert dossier.code in text(out.read_bytes())


def test_wait_makes_it_in_this_process(world, immediate_huey):
    immediate_huey.immediate = False  # no consumer needed with --wait
    world.receive("2026-03-02 09:00")
    shown = run(
        "register",
        "--agency",
        world.commune_desk.code,
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--user",
        "officer",
        "--wait",
    )
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE
    assert f"file\t{export.file_name}" in shown


def test_command_errors(world):
    code = world.commune_desk.code
    with pytest.raises(CommandError, match="date_from"):
        run("register", "--agency", code, "--from", "2026-13-01", "--to", "2026-03-31")
    with pytest.raises(CommandError):
        run("register", "--agency", "nope", "--from", "2026-03-01", "--to", "2026-03-31")
    with pytest.raises(CommandError):  # no role covering the agency
        run(
            "register",
            "--agency",
            code,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--user",
            "other_officer",
        )
    with pytest.raises(CommandError):
        run(
            "register",
            "--agency",
            code,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--user",
            "ghost",
        )
    with pytest.raises(CommandError):
        run("show", "not-a-uuid")
    with pytest.raises(CommandError):
        run("show", "6d7f6a3e-0000-4000-8000-000000000000")
    assert not Export.objects.exists()


def test_a_failed_wait_is_a_command_error(world, monkeypatch):
    from motcua.dossiers import forms

    monkeypatch.setattr(forms, "render_register", lambda *a, **k: 1 / 0)
    with pytest.raises(CommandError):
        run(
            "register",
            "--agency",
            world.commune_desk.code,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--wait",
        )
    assert Export.objects.get().status == ExportStatus.FAILED
    with pytest.raises(CommandError):  # no file to write
        run("show", str(Export.objects.get().pk), "-o", "/tmp/never.pdf")
