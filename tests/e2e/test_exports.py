"""An officer requests a long register on the Exports page, sees it queued, and downloads it
once the queue has made it: the list refreshes itself (htmx polling)."""

from __future__ import annotations

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from motcua.jobs.models import Export, ExportStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(tmp_path, settings):
    """A real SqliteHuey queue in a temporary file, without a consumer process."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    previous, storage = HUEY.immediate, HUEY.storage
    HUEY.immediate = False
    default = HUEY.storage
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
    yield HUEY
    HUEY.storage = default
    HUEY.immediate = previous
    if HUEY.immediate:
        HUEY.storage = storage


def test_officer_requests_and_downloads_a_register(page, sign_in, world, queue):
    world.receive("2026-03-02 09:00")
    sign_in(world.users["officer"])
    page.goto("/can-bo/xuat-file/")
    page.get_by_label("Cơ quan", exact=True).select_option(world.commune_desk.code)
    page.get_by_label("Tiếp nhận từ ngày").fill("2026-03-01")
    page.get_by_label("Đến ngày (tính cả ngày này)").fill("2026-03-31")
    page.get_by_role("button", name="Yêu cầu xuất sổ").click()
    page.get_by_text("Đã ghi nhận yêu cầu xuất tệp").wait_for()
    page.get_by_text("đang chờ").wait_for()
    assert Export.objects.get().status == ExportStatus.QUEUED

    task = queue.dequeue()  # the consumer's part, in this process
    queue.execute(task)
    assert Export.objects.get().status == ExportStatus.DONE

    link = page.get_by_role("link", name="Tải về")
    link.wait_for(timeout=10_000)  # the list polls every 3 s
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("-20260301-20260331.pdf")
