"""Private storage of uploaded documents: outside the web root, never reachable by URL.

Attachments (identity papers, scans, results) are personal data. They are kept through the
``"private"`` alias of settings.STORAGES, so a deployment can swap the file system for an
S3-like backend without touching callers; everything here goes through Django's storage API.
Downloads must go through a view that checks permissions and streams `open_stored(name)`.

The default backend, `PrivateFileSystemStorage`, stores under settings.PRIVATE_MEDIA_ROOT
(files 0o640, folders 0o750), refuses a location inside or around STATIC_ROOT or MEDIA_ROOT,
and has no URL at all. (Passing ``base_url=None`` to FileSystemStorage is not enough: it then
falls back to MEDIA_URL and `.url()` happily returns ``/media/...``.)
"""

from __future__ import annotations

import os
import re
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty

from motcua.core.uploads import ALLOWED_KINDS, UploadInfo, sha256_of

PRIVATE_STORAGE_ALIAS = "private"
FILE_MODE = 0o640
DIRECTORY_MODE = 0o750
# Lower-case ASCII path segments: "dossiers", "dossiers/results", "H51-ubnd".
_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class NoPublicURL(ValueError):
    """Raised by `.url()` of private storage. Templates render it as an empty string."""

    silent_variable_failure = True


class StoredFileMismatch(OSError):
    """The bytes written to storage are not the bytes that were inspected."""


@deconstructible(path="motcua.core.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage under PRIVATE_MEDIA_ROOT with restrictive modes and no URL."""

    def __init__(
        self,
        location: str | os.PathLike | None = None,
        file_permissions_mode: int = FILE_MODE,
        directory_permissions_mode: int = DIRECTORY_MODE,
    ):
        super().__init__(
            location=location,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
        )

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        location = os.path.abspath(self.base_location)
        _refuse_public_location(location)
        return location

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("PRIVATE_MEDIA_ROOT", "STATIC_ROOT", "MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise NoPublicURL(
            "Private files have no URL; serve them through a view that checks permissions."
        )


def _refuse_public_location(location: str) -> None:
    """Private files must not live in, or contain, a folder a web server publishes."""
    private = os.path.realpath(location)
    for setting in ("STATIC_ROOT", "MEDIA_ROOT"):
        public = getattr(settings, setting, None)
        if not public:
            continue
        public = os.path.realpath(public)
        if os.path.commonpath([private, public]) in (private, public):
            raise ImproperlyConfigured(
                f"PRIVATE_MEDIA_ROOT ({private}) must be outside {setting} ({public})."
            )


def get_private_storage() -> Storage:
    """The storage of the "private" alias; a callable fit for ``FileField(storage=...)``."""
    return storages[PRIVATE_STORAGE_ALIAS]


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = get_private_storage()


private_storage: Storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    # Django's own test hook refreshes `storages`; the proxy must follow it.
    if setting == "STORAGES":
        private_storage._wrapped = empty


def store_upload(uploaded: File, info: UploadInfo, *, prefix: str) -> str:
    """Save an inspected upload; returns its storage name.

    The name is ``<prefix>/<yyyy>/<mm>/<sha256[:2]>/<uuid4>.<ext>``: the date (Vietnam time)
    keeps folders small and makes backups by month easy, the checksum prefix spreads files
    within a month, the random part makes names unguessable and never derived from what the
    sender typed. After writing, the stored bytes are hashed again; if they are not the
    inspected ones the new file is removed and StoredFileMismatch is raised.
    """
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"Invalid storage prefix {prefix!r}.")
    kind = ALLOWED_KINDS.get(info.content_type)
    if kind is None or kind.extension != info.extension or not _SHA256.fullmatch(info.sha256):
        raise ValueError("store_upload needs the UploadInfo returned by inspect_upload.")
    if not hasattr(uploaded, "chunks"):
        uploaded = File(uploaded)
    today = timezone.localdate()
    name = f"{prefix}/{today:%Y}/{today:%m}/{info.sha256[:2]}/{uuid.uuid4().hex}.{kind.extension}"
    try:
        stored = private_storage.save(name, uploaded)
    finally:
        if not uploaded.closed and uploaded.seekable():
            uploaded.seek(0)
    try:
        with private_storage.open(stored, "rb") as written:
            digest = sha256_of(written)
    except BaseException:
        private_storage.delete(stored)
        raise
    if digest != info.sha256:
        private_storage.delete(stored)
        raise StoredFileMismatch(
            f"Stored {stored} has SHA-256 {digest}, expected {info.sha256}; it was removed."
        )
    return stored


def open_stored(name: str) -> File:
    """Open a stored upload for reading (binary); the caller closes it."""
    return private_storage.open(name, "rb")
