"""`motcua ratings list|show|answer`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.ratings import services
from motcua.ratings.models import FeedbackStatus
from tests.ratings.conftest import GOOD

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("ratings", *args, stdout=out)
    return out.getvalue()


def test_list_show_answer_feedback(world, returned):
    fb = services.send_feedback(
        world.users["citizen"], kind="report", text="Thiếu ghế chờ", dossier=returned
    )
    listing = run("list", "--agency", world.commune.code, "--status", "received")
    assert f"{fb.pk}\t" in listing and "Thiếu ghế chờ" in listing
    assert run("list", "--agency", world.other.code) == ""
    assert "Thiếu ghế chờ" in run("show", str(fb.pk))
    with pytest.raises(CommandError):
        run("answer", str(fb.pk), "--as", "other_officer", "--text", "Không")
    assert "answered" in run("answer", str(fb.pk), "--as", "officer", "--text", "Đã bổ sung ghế")
    fb.refresh_from_db()
    assert fb.status == FeedbackStatus.ANSWERED
    assert "Đã bổ sung ghế" in run("show", str(fb.pk))
    with pytest.raises(CommandError):
        run("answer", str(fb.pk), "--as", "leader", "--text", "Lần hai")
    with pytest.raises(CommandError):
        run("show", "999999")


def test_list_and_show_ratings(world, returned):
    services.rate(world.users["citizen"], returned, GOOD)
    assert "bodies=1" in run("list", "--ratings")
    shown = run("show", "--dossier", returned.code)
    assert "attitude: 2" in shown and "art. 13.7" in shown
    with pytest.raises(CommandError):
        run("show", "--dossier", "000.01.70.H51-990101-0001")
