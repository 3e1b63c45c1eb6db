"""Checks on an uploaded file before it is kept: type by content, size, checksum, display name.

Attachments of a dossier (scans brought to the desk, electronic results) are identified by
their CONTENT: the magic numbers read by `filetype`, never the file name or the Content-Type
the browser sent, both of which the sender chooses freely.

A file whose name and content disagree (``giay-to.pdf`` that is really a PNG) is accepted as
what its content is, and stored with the content's extension. Refusing it would add no
safety: the name is only ever shown (cleaned by `safe_display_name`), the stored name and the
type a download is served with come from the content, and an accepted type is harmless
whatever it is called. It would, on the other hand, turn away citizens whose scanner app or
phone labels files carelessly. A polyglot (bytes that are valid as two formats) is no more
dangerous under this rule than under a name check: what protects a browser is serving the
stored type with ``X-Content-Type-Options: nosniff`` and ``Content-Disposition: attachment``.

The accepted types are data scanners and office software produce: PDF, JPEG, PNG, TIFF and the
DOCX, XLSX and ODT office documents. Those three are ZIP archives; `filetype` recognises them
by their first entries, and `inspect_upload` then opens the archive's directory to check that
the parts the format requires are there (a plain ZIP, a template such as .ott, or a
macro-enabled document is refused). HTML and SVG (scripts), executables, plain archives and
anything `filetype` does not recognise are refused.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from motcua.core.text import nfc

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DISPLAY_NAME_MAX = 200
# filetype looks at most at the first 8 KiB.
_HEAD_BYTES = 8192
# A dotted tail longer than this is part of the name, not an extension worth keeping.
_EXTENSION_MAX = 16


@dataclass(frozen=True)
class Kind:
    """An accepted file type: what users are told (`label`) and what is stored."""

    label: str
    content_type: str
    extension: str


PDF = Kind("PDF", "application/pdf", "pdf")
JPEG = Kind("JPEG", "image/jpeg", "jpg")
PNG = Kind("PNG", "image/png", "png")
TIFF = Kind("TIFF", "image/tiff", "tif")
DOCX = Kind(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = Kind("ODT", "application/vnd.oasis.opendocument.text", "odt")

# Content type (as `filetype` reports it) -> accepted kind, in the order users are told.
ALLOWED_KINDS: Mapping[str, Kind] = MappingProxyType(
    {kind.content_type: kind for kind in (PDF, JPEG, PNG, TIFF, DOCX, XLSX, ODT)}
)

# Parts each ZIP-based format cannot do without (its main document and its manifest).
_REQUIRED_PARTS: Mapping[Kind, tuple[str, ...]] = MappingProxyType(
    {
        DOCX: ("[Content_Types].xml", "word/document.xml"),
        XLSX: ("[Content_Types].xml", "xl/workbook.xml"),
        ODT: ("mimetype", "content.xml"),
    }
)


@dataclass(frozen=True)
class UploadInfo:
    """What `inspect_upload` found. `original_name` is already cleaned for display."""

    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def inspect_upload(uploaded: File, *, max_bytes: int | None = None) -> UploadInfo:
    """Check an uploaded file and describe it; raises ValidationError if it cannot be kept.

    The file is read once, in chunks (the checksum, the size and the first bytes for type
    detection come from the same pass), and is rewound afterwards, also on refusal.
    `max_bytes` defaults to the MOTCUA_UPLOAD_MAX_BYTES setting (20 MiB).
    """
    limit = _limit(max_bytes)
    if not hasattr(uploaded, "chunks"):
        uploaded = File(uploaded)
    name = safe_display_name(uploaded.name or "")
    try:
        declared = _declared_size(uploaded)
        if declared is not None and declared > limit:
            raise _too_large(name, declared, limit)
        digest = hashlib.sha256()
        head = bytearray()
        size = 0
        for chunk in uploaded.chunks():
            if not isinstance(chunk, bytes):
                raise TypeError("Uploads must be opened in binary mode.")
            size += len(chunk)
            if size > limit:
                raise _too_large(name, max(size, declared or 0), limit)
            if len(head) < _HEAD_BYTES:
                head += chunk[: _HEAD_BYTES - len(head)]
            digest.update(chunk)
        if size == 0:
            raise ValidationError(
                _("“%(name)s” is empty."), code="empty_file", params={"name": name}
            )
        kind = _detect(uploaded, bytes(head), name)
    finally:
        _rewind(uploaded)
    return UploadInfo(
        content_type=kind.content_type,
        extension=kind.extension,
        size=size,
        sha256=digest.hexdigest(),
        original_name=name,
    )


def sha256_of(file: File | IO[bytes]) -> str:
    """Hex SHA-256 of a whole file, read in chunks from the start."""
    if not hasattr(file, "chunks"):
        file = File(file)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def safe_display_name(name: str) -> str:
    """The file name as sent, fit to show and keep: no folders, no control characters, NFC.

    Browsers on Windows may send a full path (``C:\\fakepath\\scan.pdf``); only the last part
    is kept. Control characters (line breaks become spaces) and invisible format characters
    such as the right-to-left override, which can make ``tài liệu‮fdp.exe`` display as
    ``tài liệuexe.pdf``, are removed. Names longer than 200 characters are shortened in the
    middle so that the extension survives. Never used as a storage path.
    """
    name = nfc(name)
    cleaned = []
    for char in name:
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            cleaned.append(" ")
        elif category not in ("Cf", "Cs"):
            cleaned.append(char)
    name = re.split(r"[/\\]", "".join(cleaned))[-1]
    name = " ".join(name.split())
    if name in (".", ".."):
        return ""
    if len(name) <= DISPLAY_NAME_MAX:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= _EXTENSION_MAX:
        return f"{stem[: DISPLAY_NAME_MAX - len(extension) - 1].rstrip()}.{extension}"
    return name[:DISPLAY_NAME_MAX].rstrip()


def format_size(size: int, *, round_up: bool = True) -> str:
    """A size for people, in the active language's number format: 512 B, 3.5 KB, 25.3 MB.

    One decimal at most (none when it is zero), in binary units as operating systems show
    them. Rounded up by default so a file over a limit never looks equal to it; limits are
    shown rounded down (`round_up=False`).
    """
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            tenths = -(-size * 10 // factor) if round_up else size * 10 // factor
            decimals = 0 if tenths % 10 == 0 else 1
            return f"{number_format(tenths / 10, decimal_pos=decimals)} {unit}"
    return f"{number_format(size)} B"


# Parameters of messages are formatted when the message is shown, in the language of that
# moment (decimal comma, "hoặc"), like the message itself.
_lazy_size = lazy(format_size, str)
_lazy_kinds = lazy(lambda: get_text_list([kind.label for kind in ALLOWED_KINDS.values()]), str)


def _limit(max_bytes: int | None) -> int:
    if max_bytes is None:
        max_bytes = getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if max_bytes <= 0:
        raise ValueError("The upload size limit must be positive.")
    return max_bytes


def _declared_size(uploaded: File) -> int | None:
    """The size the file object reports (only to refuse early; the bytes read decide)."""
    try:
        return uploaded.size
    except (AttributeError, OSError):
        return None


def _rewind(uploaded: File) -> None:
    if not uploaded.closed and uploaded.seekable():
        uploaded.seek(0)


def _too_large(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is %(size)s; the limit is %(limit)s."),
        code="file_too_large",
        params={
            "name": name,
            "size": _lazy_size(size),
            "limit": _lazy_size(limit, round_up=False),
        },
    )


def _not_accepted(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not an accepted file type: %(kinds)s."),
        code="file_type",
        params={"name": name, "kinds": _lazy_kinds()},
    )


def _detect(uploaded: File, head: bytes, name: str) -> Kind:
    guessed = filetype.guess(head)
    kind = ALLOWED_KINDS.get(guessed.mime) if guessed is not None else None
    if kind is None:
        raise _not_accepted(name)
    if kind in _REQUIRED_PARTS:
        _check_container(uploaded, kind, name)
    return kind


def _check_container(uploaded: File, kind: Kind, name: str) -> None:
    """Open the ZIP directory of an office document (nothing is decompressed but `mimetype`).

    `filetype` only looks at the first entries: a ZIP whose first file is named
    ``[Content_Types].xml`` passes as DOCX, and an ODT template (.ott) passes as ODT because
    its `mimetype` starts the same way.
    """
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if not all(part in names for part in _REQUIRED_PARTS[kind]):
                raise _damaged(name, kind)
            if kind is ODT:
                with archive.open("mimetype") as mimetype:
                    if mimetype.read(len(ODT.content_type) + 1) != ODT.content_type.encode():
                        raise _not_accepted(name)
            if _has_macros(names):
                raise _not_accepted(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, RuntimeError) as exc:
        # RuntimeError: encrypted entry; NotImplementedError (a subclass): unknown compression.
        raise _damaged(name, kind) from exc


def _has_macros(names: set[str]) -> bool:
    """VBA projects (.docm/.xlsm saved under an x name) and LibreOffice Basic or scripts."""
    return any(
        part.lower().endswith("vbaproject.bin") or part.startswith(("Basic/", "Scripts/"))
        for part in names
    )


def _damaged(name: str, kind: Kind) -> ValidationError:
    return ValidationError(
        _("“%(name)s” looks like a %(kind)s file but is damaged or incomplete."),
        code="file_damaged",
        params={"name": name, "kind": kind.label},
    )
