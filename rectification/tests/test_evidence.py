"""Evidence uploads: type by content, size limit, safe stored names."""

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from rectification import services
from rectification.evidence import EvidenceError, check_upload, detect_type, display_name
from rectification.models import Evidence, EvidenceKind, Status
from xiushan_jobs.testing import PDF_BYTES, PNG_BYTES, make_report, make_upload, seeded_task

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def ooxml(*parts: str) -> bytes:
    """A ZIP package with a content-types part and the given parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            package.writestr(part, "<x/>")
    return out.getvalue()


def plain_zip() -> bytes:
    """A ZIP with a Word part but no [Content_Types].xml: not an Office package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["乡镇（街道）", "人数"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ole(*stream_names: str) -> bytes:
    """A minimal OLE2 compound file (MS-CFB v3): header, one FAT sector, one directory
    sector holding the root entry and empty streams with the given names."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), *((n, 2) for n in stream_names)]):
        offset = index * 128
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[offset : offset + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, offset + 64, len(encoded), kind, 1)
        struct.pack_into("<III", directory, offset + 68, free, free, free)
        struct.pack_into("<IQ", directory, offset + 116, end, 0)
    return bytes(header) + fat + bytes(directory)


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [
        (JPEG_BYTES, EvidenceKind.IMAGE, "jpg"),
        (PNG_BYTES, EvidenceKind.IMAGE, "png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", EvidenceKind.IMAGE, "gif"),
        (b"RIFF\x1a\x00\x00\x00WEBPVP8 ", EvidenceKind.IMAGE, "webp"),
        (PDF_BYTES, EvidenceKind.PDF, "pdf"),
        (ooxml("word/document.xml"), EvidenceKind.WORD, "docx"),
        (xlsx_bytes(), EvidenceKind.EXCEL, "xlsx"),
        (ole("WordDocument", "1Table"), EvidenceKind.WORD, "doc"),
        (ole("Workbook"), EvidenceKind.EXCEL, "xls"),
        (ole("Book"), EvidenceKind.EXCEL, "xls"),
    ],
)
def test_accepted_types_are_recognised_by_content(content, kind, extension):
    detected = detect_type(io.BytesIO(content))
    assert (detected.category, detected.extension) == (kind, extension)


@pytest.mark.parametrize(
    "content",
    [
        EXE_BYTES,
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ooxml("ppt/presentation.xml"),  # PowerPoint: not an accepted kind
        b"PK\x03\x04 not really a zip",
        plain_zip(),
        ole("PowerPoint Document"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 truncated",
        b"plain text",
    ],
)
def test_other_content_is_not_recognised(content):
    assert detect_type(io.BytesIO(content)) is None


@pytest.mark.parametrize(
    "content", [ooxml("word/document.xml", "word/vbaProject.bin"), ole("WordDocument", "Macros")]
)
def test_macro_documents_are_refused(content):
    with pytest.raises(EvidenceError, match="宏"):
        detect_type(io.BytesIO(content))


def test_exe_renamed_pdf_is_refused():
    with pytest.raises(EvidenceError, match=r"“setup.pdf”的内容不是允许的文件类型"):
        check_upload(SimpleUploadedFile("setup.pdf", EXE_BYTES), max_bytes=10**6)


def test_too_large_is_refused():
    upload = SimpleUploadedFile("扫描件.pdf", PDF_BYTES + b"\x00" * 2000)
    with pytest.raises(EvidenceError, match=r"“扫描件.pdf”大小为 2 KB，超过了单个文件 1 KB 的上限"):
        check_upload(upload, max_bytes=1024)


def test_empty_file_is_refused():
    with pytest.raises(EvidenceError, match="空文件"):
        check_upload(SimpleUploadedFile("空.pdf", b""), max_bytes=1024)


@pytest.mark.parametrize(
    ("raw", "extension", "shown"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\Desktop\\返岗台账.xlsx", "xlsx", "返岗台账.xlsx"),
        ("..", "pdf", "佐证材料.pdf"),
        ("报告\x00.exe.pdf", "pdf", "报告.exe.pdf"),
        ("名单.pdf", "docx", "名单.docx"),  # the name follows the content
        ("a" * 300 + ".pdf", "pdf", "a" * 90 + ".pdf"),
    ],
)
def test_display_name_keeps_only_a_safe_base_name(raw, extension, shown):
    assert display_name(raw, extension) == shown


# --- through the service, onto storage -----------------------------------------------


@pytest.mark.django_db
def test_path_parts_never_reach_storage(county_user, media_root):
    task = seeded_task(57)
    make_report(task, county_user, files=[make_upload("../../etc/passwd.pdf")])
    evidence = Evidence.objects.get(report__task=task)
    assert evidence.original_name == "passwd.pdf"
    assert re.fullmatch(r"rectification/evidence/2020/06/[0-9a-f]{32}\.pdf", evidence.file.name)
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(media_root).resolve())
    assert stored.read_bytes() == PDF_BYTES
    assert not (Path(media_root).parent / "etc").exists()
    assert (evidence.kind, evidence.content_type, evidence.size) == (
        EvidenceKind.PDF,
        "application/pdf",
        len(PDF_BYTES),
    )
    assert len(evidence.sha256) == 64


@pytest.mark.django_db
def test_a_bad_file_refuses_the_whole_report(county_user, settings, media_root):
    settings.RECTIFICATION_EVIDENCE_MAX_MB = 1
    task = seeded_task(57)
    too_large = make_upload("大文件.pdf", PDF_BYTES + b"\x00" * (1024 * 1024))
    with pytest.raises(EvidenceError, match="超过了单个文件 1 MB 的上限"):
        make_report(task, county_user, files=[make_upload("好的.pdf"), too_large])
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED
    assert not task.reports.exists() and not Evidence.objects.exists()
    assert not list(Path(media_root).rglob("*.pdf"))


@pytest.mark.django_db
def test_files_are_removed_when_the_report_fails_after_saving(county_user, monkeypatch, media_root):
    task = seeded_task(57)

    def failing_transition(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_transition", failing_transition)
    with pytest.raises(RuntimeError):
        make_report(
            task, county_user, files=[make_upload("a.pdf"), make_upload("b.png", PNG_BYTES)]
        )
    assert not list(Path(media_root).rglob("*.*"))
    assert not Evidence.objects.exists()
