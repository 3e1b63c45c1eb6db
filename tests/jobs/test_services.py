"""request_export / run_export: validation, permissions, the task's success and failure."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from motcua.agencies.models import StaffRole
from motcua.dossiers import forms
from motcua.jobs import services
from motcua.jobs.models import Export, ExportStatus
from tests.dossiers.forms.pdf import A4_LANDSCAPE, page_sizes, text

PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def request(world, who="officer", **overrides):
    params = {"agency": world.commune_desk.code, **PERIOD, **overrides}
    return services.request_export(world.users[who], "register", **params)


def test_register_export_is_made_and_stored(world):
    dossier = world.receive("2026-03-02 09:00")
    export = request(world)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.requested_by == world.users["officer"]
    assert export.agency == world.commune_desk
    assert export.parameters == {"agency": world.commune_desk.code, **PERIOD}
    assert export.created_at <= export.started_at <= export.finished_at
    assert export.storage_name.startswith("exports/")
    assert export.file_name == f"register-{world.commune_desk.code}-20260301-20260331.pdf"
    assert export.content_type == "application/pdf"
    with services.open_export(export) as handle:
        content = handle.read()
    assert export.size == len(content)
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert page_sizes(content) == [pytest.approx(A4_LANDSCAPE, abs=0.1)]
    assert dossier.code in text(content)
    assert export.error == ""


def test_dates_may_be_given_as_dates(world):
    export = services.request_export(
        world.users["officer"],
        "register",
        agency=world.commune_desk,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 1),
    )
    assert Export.objects.get(pk=export.pk).status == ExportStatus.DONE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "31/03/2026"}, "date_to"),
        ({"date_to": ""}, "date_to"),
        ({"date_from": "2026-04-01"}, "date_to"),  # reversed
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"agency": "999.99.99.H99"}, "agency"),
        ({"agency": ""}, "agency"),
    ],
)
def test_bad_parameters_are_refused_and_nothing_is_recorded(world, overrides, field):
    with pytest.raises(ValidationError) as caught:
        request(world, **overrides)
    assert field in caught.value.message_dict
    assert not Export.objects.exists()


def test_unknown_kind(world):
    with pytest.raises(ValidationError) as caught:
        services.request_export(world.users["officer"], "census", **PERIOD)
    assert "kind" in caught.value.message_dict


def test_only_staff_covering_the_agency_may_request_it(world):
    """Same rule as GET /api/v1/agencies/{code}/register/ (forms.check_register_access)."""
    for who in ("other_officer", "citizen"):
        with pytest.raises(PermissionDenied):
            request(world, who)
    request(world, "leader")  # the commune's leader covers its desk
    with pytest.raises(PermissionDenied):
        services.request_export(None, "register", agency=world.commune_desk.code, **PERIOD)
    assert Export.objects.count() == 1


def test_too_many_dossiers_for_one_export(world, monkeypatch):
    world.receive("2026-03-02 09:00")
    world.receive("2026-03-02 10:00")
    monkeypatch.setattr(forms, "REGISTER_MAX_ROWS", 1)
    with pytest.raises(ValidationError) as caught:
        request(world)
    assert "date_to" in caught.value.message_dict
    assert not Export.objects.exists()


def test_a_failing_render_is_recorded_not_raised(world, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint exploded")

    monkeypatch.setattr(forms, "render_register", broken)
    export = request(world)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.finished_at is not None
    assert "lỗi" in export.error  # in the requester's language (Vietnamese here)
    assert "WeasyPrint" not in export.error  # details go to the log only
    assert "WeasyPrint exploded" in caplog.text
    assert not export.storage_name
    with pytest.raises(services.ExportNotFound):
        services.open_export(export)


def test_a_domain_refusal_at_run_time_is_the_error_message(world, monkeypatch):
    """The requester lost the role between the request and the run."""
    export = services.request_export(
        world.users["officer"], "register", enqueue=False, agency=world.commune_desk.code, **PERIOD
    )
    StaffRole.objects.filter(user=world.users["officer"]).delete()
    export = services.run_export(export.pk)
    assert export.status == ExportStatus.FAILED
    assert export.error == "Bạn không có vai trò nào tại cơ quan, đơn vị này."


def test_the_same_task_delivered_twice_renders_once(world, monkeypatch):
    calls = []
    real = forms.render_register
    monkeypatch.setattr(forms, "render_register", lambda *a, **k: calls.append(1) or real(*a, **k))
    export = request(world)
    assert calls == [1]
    assert services.run_export(export.pk) is None
    assert services.run_export("6d7f6a3e-0000-4000-8000-000000000000") is None
    assert calls == [1]
    assert Export.objects.get(pk=export.pk).status == ExportStatus.DONE


def test_a_queue_that_cannot_be_reached_fails_the_export(world, monkeypatch):
    from motcua.jobs import tasks

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.run_export_task, "huey", tasks.run_export_task.huey)
    monkeypatch.setattr(tasks.run_export_task.huey, "enqueue", down)
    export = request(world)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "hàng đợi" in export.error


def test_who_may_see_an_export(world):
    export = request(world)
    assert services.export_for(world.users["officer"], export.pk) == export
    assert services.export_for(world.users["leader"], str(export.pk)) == export  # covers it
    for who in ("other_officer", "citizen"):
        with pytest.raises(services.ExportNotFound):
            services.export_for(world.users[who], export.pk)
    with pytest.raises(services.ExportNotFound):
        services.export_for(world.users["officer"], "not-a-uuid")
    assert list(services.exports_of(world.users["leader"])) == []  # lists: own only


def test_keyset_pages_of_exports(world):
    made = [request(world) for _ in range(5)]
    first = services.page_of_exports(world.users["officer"], size=2)
    assert first.exports == made[::-1][:2]
    second = services.page_of_exports(world.users["officer"], first.next_cursor, size=2)
    assert second.exports == made[::-1][2:4]
    last = services.page_of_exports(world.users["officer"], second.next_cursor, size=2)
    assert last.exports == made[:1] and last.next_cursor is None
    assert services.page_of_exports(world.users["officer"], "rubbish", size=2) == first


def test_exports_are_never_deleted(world):
    export = request(world)
    with pytest.raises(IntegrityError):
        world.users["officer"].delete()  # PROTECT: the record outlives nothing
    assert Export.objects.filter(pk=export.pk).exists()
