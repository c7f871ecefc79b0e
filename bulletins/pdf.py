"""PDF from the Word document, rendered by LibreOffice headless: the same source as the
.docx, so the two never differ in content. LibreOffice renders Word's tables, fields (page
numbers) and East Asian fonts faithfully and is one Debian package (``.ci/system-packages``);
WeasyPrint would need the document again as HTML."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfUnavailable(Exception):
    """No renderer on this machine, or it failed: the message says which, in Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable("服务器未安装 LibreOffice，暂不能生成 PDF，请下载 Word 版。")
    with tempfile.TemporaryDirectory(prefix="xj-pdf-") as work:
        source = Path(work) / "bulletin.docx"
        source.write_bytes(content)
        # its own profile directory: concurrent conversions and a read-only HOME both work
        profile = Path(work) / "profile"
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(
                f"PDF 生成失败（{type(exc).__name__}），请稍后重试或下载 Word 版。"
            ) from exc
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise PdfUnavailable("PDF 生成失败，请稍后重试或下载 Word 版。")
        return target.read_bytes()
