"""Photos and documents: recognised by content, size limited, stored under generated names,
served only to users who can see the workshop."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workshops import files
from workshops.models import WorkshopAttachment

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["车间", "人数"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, workshop, name, data, title=""):
    return client.post(
        reverse("workshops:attachment_upload", args=[workshop.pk]),
        {"file": SimpleUploadedFile(name, data), "title": title},
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type", "suffix", "kind"),
    [
        ("车间照片.JPG", JPEG, "image/jpeg", ".jpg", "照片"),
        ("认定文件.pdf", PDF, "application/pdf", ".pdf", "文件"),
        ("名单", None, files.XLSX.content_type, ".xlsx", "文件"),  # no extension at all
    ],
)
def test_accepted_files_are_typed_by_content(
    client, officer_a, workshop_a, media, name, data, content_type, suffix, kind
):
    client.force_login(officer_a)
    response = upload(client, workshop_a, name, data or xlsx_bytes(), title="现场")
    assert response.status_code == 302
    attachment = WorkshopAttachment.objects.get()
    assert (attachment.content_type, attachment.kind, attachment.original_name) == (
        content_type,
        kind,
        name,
    )
    stored = Path(attachment.file.path)
    assert stored.parent == Path(media) / "workshops" / str(workshop_a.pk)
    assert stored.suffix == suffix and stored.stem != Path(name).stem and len(stored.stem) == 32
    assert attachment.uploaded_by == officer_a


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "无法识别的文件内容"),
        ("evil.png", b"MZ\x90\x00" + b"\x00" * 100, "无法识别的文件内容"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Office"),
        ("fake.docx", b"PK\x03\x04" + b"\x00" * 100, "无法识别的文件内容"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "无法识别的文件内容"),
    ],
)
def test_other_content_is_refused_whatever_its_name(
    client, officer_a, workshop_a, media, name, data, message
):
    client.force_login(officer_a)
    response = upload(client, workshop_a, name, data)
    assert response.status_code == 302
    assert message in str(list(response.wsgi_request._messages))
    assert not WorkshopAttachment.objects.exists()
    assert not Path(media).exists() or not any(Path(media).rglob("*.*"))


def test_a_zip_that_is_not_an_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(files.FileRefused):
        files.detect(io.BytesIO(out.getvalue()))


def test_office_documents_with_macros_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\x00")
    with pytest.raises(files.FileRefused, match="含有宏"):
        files.detect(io.BytesIO(out.getvalue()))


def test_size_is_limited(client, officer_a, workshop_a, media, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    client.force_login(officer_a)
    response = upload(client, workshop_a, "big.jpg", JPEG)
    assert "文件太大" in str(list(response.wsgi_request._messages))
    assert not WorkshopAttachment.objects.exists()


def test_file_names_are_only_for_display():
    assert files.display_name("..\\..\\etc/passwd") == "passwd"
    assert files.display_name("a\x00b\r\n.jpg") == "ab.jpg"
    assert files.display_name("") == "未命名文件"


def test_files_are_served_to_users_who_see_the_workshop(
    client, officer_a, officer_b, leader, village_officer, workshop_a, media
):
    client.force_login(officer_a)
    upload(client, workshop_a, "现场.jpg", JPEG)
    upload(client, workshop_a, "名单.xlsx", xlsx_bytes())
    photo = WorkshopAttachment.objects.get(content_type="image/jpeg")
    sheet = WorkshopAttachment.objects.exclude(pk=photo.pk).get()
    for user in (officer_a, leader, village_officer):
        client.force_login(user)
        response = client.get(reverse("workshops:attachment_file", args=[photo.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == JPEG
    response = client.get(reverse("workshops:attachment_file", args=[sheet.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(officer_b)
    assert client.get(reverse("workshops:attachment_file", args=[photo.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("workshops:attachment_file", args=[photo.pk])).status_code == 302


def test_deleting_removes_the_file(
    client, officer_a, workshop_a, media, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload(client, workshop_a, "现场.jpg", JPEG)
    attachment = WorkshopAttachment.objects.get()
    path = Path(attachment.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:attachment_delete", args=[attachment.pk]))
    assert not WorkshopAttachment.objects.exists()
    assert not path.exists()
    assert attachment.history.filter(history_type="-").exists()
