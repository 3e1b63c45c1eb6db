"""Upload checks: the type comes from the content, sizes and names are checked and cleaned."""

import dataclasses
import hashlib
import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from motcua.core.uploads import (
    ALLOWED_KINDS,
    UploadInfo,
    format_size,
    inspect_upload,
    safe_display_name,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


# --- Real, tiny files of each kind ---------------------------------------------------------


def pdf_bytes(filler: int = 0) -> bytes:
    """A minimal valid PDF (header, catalogue, empty page tree, trailer); `filler` pads it."""
    body = (
        b"%PDF-1.4\n"
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    )
    padding = b"".join(b"%" + b"x" * 78 + b"\n" for _ in range(filler // 80))
    xref = len(body) + len(padding)
    return (
        body
        + padding
        + b"xref\n0 1\n0000000000 65535 f \ntrailer <</Size 3 /Root 1 0 R>>\n"
        + b"startxref\n%d\n%%%%EOF\n" % xref
    )


def png_bytes() -> bytes:
    """A 1x1 white PNG."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """Start of image, a JFIF APP0 segment, end of image."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def tiff_bytes() -> bytes:
    """Little-endian TIFF header pointing at an empty directory."""
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0) + struct.pack("<I", 0)


def zip_bytes(entries: list[tuple[str, str | bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            # ODF wants its `mimetype` first and uncompressed; deflate the rest.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Đơn đề nghị cấp giấy phép</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes(*extra: tuple[str, str | bytes]) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", DOCUMENT),
            *extra,
        ]
    )


def xlsx_bytes() -> bytes:
    """A real workbook written by openpyxl (its entries are in a different order than Excel's)."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số hồ sơ"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes(mimetype: str = ODT_TYPE) -> bytes:
    return zip_bytes(
        [
            ("mimetype", mimetype),
            (
                "content.xml",
                '<office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" office:version="1.3"/>',
            ),
            ("META-INF/manifest.xml", "<manifest/>"),
        ]
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's Content-Type is deliberately wrong: it must play no part.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Accepted kinds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "content_type", "extension"),
    [
        ("to-khai.pdf", pdf_bytes, "application/pdf", "pdf"),
        ("anh-the.jpg", jpeg_bytes, "image/jpeg", "jpg"),
        ("ban-chup.png", png_bytes, "image/png", "png"),
        ("ban-quet.tiff", tiff_bytes, "image/tiff", "tif"),
        ("don.docx", docx_bytes, DOCX_TYPE, "docx"),
        ("bang-ke.xlsx", xlsx_bytes, XLSX_TYPE, "xlsx"),
        ("van-ban.odt", odt_bytes, ODT_TYPE, "odt"),
    ],
)
def test_accepted_kinds_are_detected_by_content(name, build, content_type, extension):
    content = build()
    info = inspect_upload(upload(name, content))
    assert info == UploadInfo(
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=name,
    )


def test_allowed_kinds_are_exactly_the_documented_ones():
    assert {kind.extension for kind in ALLOWED_KINDS.values()} == {
        "pdf",
        "jpg",
        "png",
        "tif",
        "docx",
        "xlsx",
        "odt",
    }
    assert all(key == kind.content_type for key, kind in ALLOWED_KINDS.items())


def test_the_name_plays_no_part_content_decides_the_extension():
    info = inspect_upload(upload("giay-to.pdf", png_bytes()))
    assert (info.content_type, info.extension) == ("image/png", "png")
    assert info.original_name == "giay-to.pdf"


def test_upload_info_is_frozen():
    info = inspect_upload(upload("a.pdf", pdf_bytes()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.extension = "exe"


# --- Refused kinds --------------------------------------------------------------------------


def refusal(name: str, content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload(name, content), **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hoso.zip", zip_bytes([("readme.txt", "xin chào"), ("scan.pdf", pdf_bytes())])),
        ("x.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        ("ket-qua.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("chu-ky.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("ghi-chu.pdf", "Chỉ là văn bản thuần".encode()),
        ("anh.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" * 4),
        # An OpenDocument *template*: filetype alone calls it ODT (same mimetype prefix).
        ("mau.odt", odt_bytes(ODT_TYPE + "-template")),
        # A macro-enabled document saved under a .docx name.
        ("macro.docx", docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"))),
    ],
    ids=["zip", "exe", "html", "svg", "text", "gif", "doc", "ott", "docm"],
)
def test_other_types_are_refused(name, content):
    error = refusal(name, content)
    assert error.code == "file_type"
    with translation.override("en"):
        assert error.messages == [
            f"“{name}” is not an accepted file type: PDF, JPEG, PNG, TIFF, DOCX, XLSX or ODT."
        ]


def test_a_zip_dressed_as_docx_without_its_document_is_damaged():
    content = zip_bytes([("[Content_Types].xml", CONTENT_TYPES), ("word/page.html", "<html/>")])
    error = refusal("don.docx", content)
    assert error.code == "file_damaged"
    with translation.override("en"):
        assert error.messages == ["“don.docx” looks like a DOCX file but is damaged or incomplete."]


def test_a_truncated_docx_is_damaged():
    content = docx_bytes()
    assert refusal("don.docx", content[: len(content) * 3 // 4]).code == "file_damaged"


def test_refusals_are_in_vietnamese_for_vietnamese_users():
    error = refusal("x.exe", b"MZ" + b"\x00" * 100)
    with translation.override("vi"):
        assert error.messages == [
            "Tệp “x.exe” không thuộc loại được chấp nhận: PDF, JPEG, PNG, TIFF, DOCX, XLSX"
            " hoặc ODT."
        ]
    with translation.override("vi"):
        assert refusal("rong.pdf", b"").messages == ["Tệp “rong.pdf” không có nội dung."]
        assert refusal("lon.pdf", pdf_bytes(), max_bytes=100).messages == [
            f"Tệp “lon.pdf” có dung lượng {len(pdf_bytes())} B, vượt giới hạn 100 B."
        ]


# --- Size -----------------------------------------------------------------------------------


def test_empty_file_is_refused():
    error = refusal("scan.pdf", b"")
    assert error.code == "empty_file"
    with translation.override("en"):
        assert error.messages == ["“scan.pdf” is empty."]


def test_file_over_the_limit_is_refused():
    content = pdf_bytes()
    assert inspect_upload(upload("a.pdf", content), max_bytes=len(content)).size == len(content)
    error = refusal("scan.pdf", content, max_bytes=len(content) - 1)
    assert error.code == "file_too_large"
    with translation.override("en"):
        assert error.messages == [
            f"“scan.pdf” is {len(content)} B; the limit is {len(content) - 1} B."
        ]


def test_default_limit_is_the_setting(settings):
    content = pdf_bytes()
    settings.MOTCUA_UPLOAD_MAX_BYTES = len(content) - 1
    assert refusal("a.pdf", content).code == "file_too_large"
    settings.MOTCUA_UPLOAD_MAX_BYTES = len(content)
    assert inspect_upload(upload("a.pdf", content)).size == len(content)


def test_default_limit_is_twenty_mebibytes():
    content = pdf_bytes()
    content += b"\n" * (int(25.3 * 1024 * 1024) - len(content))
    error = refusal("scan.pdf", content)
    with translation.override("en"):
        assert error.messages == ["“scan.pdf” is 25.3 MB; the limit is 20 MB."]
    with translation.override("vi"):
        assert error.messages == ["Tệp “scan.pdf” có dung lượng 25,3 MB, vượt giới hạn 20 MB."]


def test_a_declared_size_over_the_limit_is_refused_without_reading():
    file = File(io.BytesIO(pdf_bytes()), name="scan.pdf")
    file.size = 30 * 1024 * 1024
    with translation.override("en"), pytest.raises(ValidationError, match="30 MB"):
        inspect_upload(file)


def test_the_bytes_read_decide_not_the_declared_size():
    content = pdf_bytes(1000)
    file = File(io.BytesIO(content), name="scan.pdf")
    file.size = 10
    with pytest.raises(ValidationError) as caught:
        inspect_upload(file, max_bytes=500)
    assert caught.value.code == "file_too_large"


@pytest.mark.parametrize(
    ("size", "round_up", "expected"),
    [
        (0, True, "0 B"),
        (1023, True, "1023 B"),
        (1024, True, "1 KB"),
        (1536, True, "1.5 KB"),
        (20 * 1024 * 1024, True, "20 MB"),
        (20 * 1024 * 1024 + 1, True, "20.1 MB"),
        (20 * 1024 * 1024 + 1, False, "20 MB"),
        (int(25.3 * 1024 * 1024), True, "25.3 MB"),
    ],
)
def test_format_size(size, round_up, expected):
    with translation.override("en"):
        assert format_size(size, round_up=round_up) == expected
    with translation.override("vi"):
        assert format_size(size, round_up=round_up) == expected.replace(".", ",")


# --- Reading --------------------------------------------------------------------------------


class RecordingBytesIO(io.BytesIO):
    def __init__(self, content: bytes):
        super().__init__(content)
        self.reads: list[int] = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


def test_file_is_read_in_chunks_and_checksummed():
    content = pdf_bytes(300_000)
    stream = RecordingBytesIO(content)
    info = inspect_upload(File(stream, name="scan.pdf"))
    assert info.sha256 == hashlib.sha256(content).hexdigest()
    assert info.size == len(content)
    assert len(stream.reads) > 3
    assert all(0 < size <= 64 * 1024 for size in stream.reads)


def test_file_is_rewound_after_inspection_and_after_refusal():
    accepted = upload("a.pdf", pdf_bytes())
    inspect_upload(accepted)
    assert accepted.tell() == 0
    refused = upload("a.exe", b"MZ" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        inspect_upload(refused)
    assert refused.tell() == 0
    docx = upload("don.docx", docx_bytes())
    inspect_upload(docx)
    assert docx.tell() == 0
    assert docx.read() == docx_bytes()


def test_large_uploads_spooled_to_disk_work(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = pdf_bytes(3_000_000)
    spooled = TemporaryUploadedFile("scan.pdf", "application/pdf", len(content), None)
    spooled.write(content)
    spooled.seek(0)
    info = inspect_upload(spooled)
    assert (info.extension, info.sha256) == ("pdf", hashlib.sha256(content).hexdigest())
    spooled.close()


def test_the_original_name_is_cleaned_for_display():
    info = inspect_upload(upload("Giấy khai sinh – Nguyễn Văn Ánh.pdf", pdf_bytes()))
    assert info.original_name == "Giấy khai sinh – Nguyễn Văn Ánh.pdf"
    path = File(io.BytesIO(pdf_bytes()), name="C:\\Users\\Lan\\Ho so\\don.pdf")
    assert inspect_upload(path).original_name == "don.pdf"


# --- Display names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("Đơn đề nghị cấp phép.pdf", "Đơn đề nghị cấp phép.pdf"),
        ("C:\\fakepath\\Bản sao CCCD.jpg", "Bản sao CCCD.jpg"),
        ("../../etc/passwd", "passwd"),
        ("ho so/ban\\chup.png", "chup.png"),
        ("tờ\nkhai\t\x00mẫu\x7f.pdf", "tờ khai mẫu .pdf"),
        ("  tờ   khai.pdf  ", "tờ khai.pdf"),
        ("hoa\u0301 đơn.pdf", "hoá đơn.pdf"),  # decomposed input comes out composed (NFC)
        ("tài liệu\u202efdp.exe", "tài liệufdp.exe"),  # right-to-left override removed
        ("a\u200bb.pdf", "ab.pdf"),
        ("..", ""),
        ("", ""),
    ],
)
def test_safe_display_name(sent, shown):
    assert safe_display_name(sent) == shown


def test_safe_display_name_is_nfc():
    name = safe_display_name("Nguye\u0302\u0303n.pdf")
    assert name == "Nguyễn.pdf"
    assert len(name) == len("Nguyễn.pdf") == 10


def test_long_names_are_cut_keeping_the_extension():
    long = "Quyết định số 1" * 20 + ".docx"
    shown = safe_display_name(long)
    assert len(shown) == 200
    assert shown.endswith(".docx")
    assert long.startswith(shown.removesuffix(".docx"))
    # No extension worth keeping: a plain cut.
    assert safe_display_name("ả" * 300) == "ả" * 200
    assert len(safe_display_name("a" * 150 + "." + "b" * 100)) == 200
