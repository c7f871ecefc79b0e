"""The shared content checks: detection is one thing, what a feature accepts another."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiushan_jobs.lib import uploads
from xiushan_jobs.testing import PDF_BYTES, PNG_BYTES


def test_a_recognised_type_outside_the_features_list_is_refused():
    upload = SimpleUploadedFile("照片.png", PNG_BYTES)
    assert uploads.detect_type(upload) == uploads.PNG
    with pytest.raises(uploads.UploadRefused, match="只接受PDF"):
        uploads.check_upload(
            upload, max_bytes=10**6, allowed={uploads.PDF}, allowed_description="PDF"
        )


def test_checked_file_carries_type_safe_name_size_and_digest():
    import hashlib

    upload = SimpleUploadedFile("../../证明.PNG.exe", PDF_BYTES)
    checked = uploads.check_upload(
        upload, max_bytes=10**6, allowed={uploads.PDF}, allowed_description="PDF"
    )
    assert (checked.type, checked.name, checked.size) == (
        uploads.PDF,
        "证明.PNG.pdf",
        len(PDF_BYTES),
    )
    assert checked.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert upload.tell() == 0  # left rewound for storing


def test_types_know_their_suffix_and_images():
    assert (uploads.JPEG.suffix, uploads.JPEG.is_image) == (".jpg", True)
    assert (uploads.XLSX.suffix, uploads.XLSX.is_image) == (".xlsx", False)
