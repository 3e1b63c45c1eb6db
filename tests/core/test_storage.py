"""Private storage: outside the web root, no URL, restrictive modes, verified checksums."""

import dataclasses
import hashlib
import os
import re
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.template import Context, Template
from django.utils import timezone

from motcua.core.storage import (
    NoPublicURL,
    PrivateFileSystemStorage,
    StoredFileMismatch,
    get_private_storage,
    open_stored,
    private_storage,
    store_upload,
)
from motcua.core.uploads import inspect_upload, safe_display_name
from tests.core.test_uploads import docx_bytes, pdf_bytes, png_bytes


@pytest.fixture
def roots(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    return tmp_path


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(name: str, content: bytes, prefix: str = "dossiers") -> tuple[str, str]:
    file = upload(name, content)
    info = inspect_upload(file)
    return store_upload(file, info, prefix=prefix), info.sha256


def test_the_private_alias_is_the_private_backend(roots):
    assert isinstance(storages["private"], PrivateFileSystemStorage)
    assert get_private_storage() is storages["private"]
    assert private_storage.location == str(roots / "private")


def test_upload_is_stored_under_the_private_root(roots):
    before = timezone.localdate()
    content = pdf_bytes()
    name, sha256 = stored("Tờ khai.pdf", content)
    months = {f"{day:%Y}/{day:%m}" for day in (before, timezone.localdate())}

    match = re.fullmatch(r"dossiers/(\d{4}/\d{2})/([0-9a-f]{2})/([0-9a-f]{32})\.pdf", name)
    assert match, name
    assert match[1] in months
    assert match[2] == sha256[:2] == hashlib.sha256(content).hexdigest()[:2]

    path = roots / "private" / name
    assert files_under(roots) == [path]
    assert path.read_bytes() == content
    for public in (roots / "static", roots / "media"):
        assert not path.is_relative_to(public)


def test_stored_extension_follows_the_content(roots):
    name, _ = stored("giay-to.pdf", png_bytes())
    assert name.endswith(".png")


def test_names_are_random_even_for_the_same_content(roots):
    first, _ = stored("a.pdf", pdf_bytes())
    second, _ = stored("a.pdf", pdf_bytes())
    assert first != second
    assert len(files_under(roots / "private")) == 2


def test_files_are_0640_and_folders_0750(roots):
    name, _ = stored("don.docx", docx_bytes(), prefix="dossiers/results")
    path = roots / "private" / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    folder = path.parent
    while folder != roots:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o750, folder
        folder = folder.parent


def test_large_uploads_moved_from_the_temporary_folder_get_the_same_modes(roots, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(roots)
    content = pdf_bytes(3_000_000)
    spooled = TemporaryUploadedFile("scan.pdf", "application/pdf", len(content), None)
    spooled.write(content)
    info = inspect_upload(spooled)
    name = store_upload(spooled, info, prefix="dossiers")
    path = roots / "private" / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == info.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    spooled.close()


def test_there_is_no_url(roots):
    name, _ = stored("a.pdf", pdf_bytes())
    with pytest.raises(NoPublicURL):
        private_storage.url(name)
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url(name)
    # A plain FileSystemStorage with base_url=None would have answered MEDIA_URL + name.
    assert FileSystemStorage(location=roots / "private", base_url=None).url(name)


def test_a_template_asking_for_the_url_gets_nothing(roots):
    name, _ = stored("a.pdf", pdf_bytes())

    class Attachment:
        @property
        def url(self):
            return private_storage.url(name)

    rendered = Template('<a href="{{ doc.url }}">x</a>').render(Context({"doc": Attachment()}))
    assert rendered == '<a href="">x</a>'


def test_open_stored_reads_back_the_bytes(roots):
    content = docx_bytes()
    name, sha256 = stored("don.docx", content)
    with open_stored(name) as file:
        assert file.read() == content
    with open_stored(name) as file:
        assert inspect_upload(file).sha256 == sha256


def test_open_stored_cannot_leave_the_private_root(roots):
    (roots / "secret.txt").write_text("x")
    with pytest.raises(SuspiciousFileOperation):
        open_stored("../secret.txt")


def test_the_upload_is_rewound_after_storing(roots):
    file = upload("a.pdf", pdf_bytes())
    store_upload(file, inspect_upload(file), prefix="dossiers")
    assert file.tell() == 0


def test_checksum_mismatch_removes_the_new_file(roots):
    keep, _ = stored("a.pdf", pdf_bytes())
    inspected = upload("a.pdf", pdf_bytes())
    info = inspect_upload(inspected)
    other = upload("b.pdf", pdf_bytes(100))
    with pytest.raises(StoredFileMismatch):
        store_upload(other, info, prefix="dossiers")
    assert files_under(roots) == [roots / "private" / keep]


def test_tampered_info_is_caught_by_the_checksum(roots):
    file = upload("a.pdf", pdf_bytes())
    info = dataclasses.replace(inspect_upload(file), sha256="0" * 64)
    with pytest.raises(StoredFileMismatch):
        store_upload(file, info, prefix="dossiers")
    assert files_under(roots) == []


@pytest.mark.parametrize("prefix", ["", "../outside", "/etc", "Dossiers", "a//b", "a/", "hồ-sơ"])
def test_prefix_must_be_a_plain_relative_path(roots, prefix):
    file = upload("a.pdf", pdf_bytes())
    with pytest.raises(ValueError, match="prefix"):
        store_upload(file, inspect_upload(file), prefix=prefix)
    assert files_under(roots) == []


def test_only_inspected_kinds_are_stored(roots):
    file = upload("a.pdf", pdf_bytes())
    info = inspect_upload(file)
    for forged in (
        dataclasses.replace(info, extension="html"),
        dataclasses.replace(info, content_type="text/html"),
        dataclasses.replace(info, sha256="../../x"),
    ):
        with pytest.raises(ValueError, match="inspect_upload"):
            store_upload(file, forged, prefix="dossiers")
    assert files_under(roots) == []


@pytest.mark.parametrize("public", ["STATIC_ROOT", "MEDIA_ROOT"])
def test_the_private_root_cannot_be_inside_a_public_one(roots, settings, public):
    settings.PRIVATE_MEDIA_ROOT = getattr(settings, public) / "private"
    file = upload("a.pdf", pdf_bytes())
    with pytest.raises(ImproperlyConfigured, match=public):
        store_upload(file, inspect_upload(file), prefix="dossiers")
    assert files_under(roots) == []


def test_the_private_root_cannot_contain_a_public_one(roots, settings):
    settings.PRIVATE_MEDIA_ROOT = roots
    file = upload("a.pdf", pdf_bytes())
    with pytest.raises(ImproperlyConfigured):
        store_upload(file, inspect_upload(file), prefix="dossiers")


def test_another_backend_can_be_configured(roots, settings):
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "private": memory}
    content = pdf_bytes()
    name, _ = stored("a.pdf", content)
    assert isinstance(storages["private"], InMemoryStorage)
    assert files_under(roots) == []
    with open_stored(name) as file:
        assert file.read() == content


@pytest.mark.skipif(
    {"PRIVATE_MEDIA_ROOT", "MOTCUA_UPLOAD_MAX_BYTES"} & set(os.environ), reason="set by env"
)
def test_the_defaults(settings):
    assert Path(settings.PRIVATE_MEDIA_ROOT) == Path(settings.VAR_DIR) / "private"
    assert settings.MOTCUA_UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    assert os.path.realpath(PrivateFileSystemStorage().location) == os.path.realpath(
        Path(settings.VAR_DIR) / "private"
    )


def test_the_display_name_survives_alongside_the_stored_file(roots):
    file = upload("Giấy chứng nhận quyền sử dụng đất (bản sao).pdf", pdf_bytes())
    info = inspect_upload(file)
    name = store_upload(file, info, prefix="dossiers")
    assert info.original_name == safe_display_name(file.name) == file.name
    assert file.name not in name
