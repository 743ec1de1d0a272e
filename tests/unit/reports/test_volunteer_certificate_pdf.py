"""The certificate PDF: the fields the rules name, the ID masked, hours right, the font embedded,
the attached records split over pages with headers and page numbers, and the QR code drawn."""

import base64
import re
import shutil
import subprocess
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget, SRect

from desktop.domain.certificates import qr_payload
from desktop.i18n import set_locale
from desktop.reports.volunteer_certificate import write_certificate
from desktop.services.certificates import CertificateView, ServiceLine
from wushe_testing import unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

ACTIVITIES = [("重阳节敬老活动", "为独居老人理发、测血压", 120), ("留守儿童四点半课堂", "辅导作业，组织阅读", 90),
              ("垃圾分类宣传", "入户宣传垃圾分类知识", 45)]


def certificate(rows: int = 3) -> CertificateView:
    lines = tuple(ServiceLine(date(2026, 1, 5) + timedelta(days=2 * i), *ACTIVITIES[i % 3]) for i in range(rows))
    return CertificateView(
        "id", "ZYZ-2026-0007", "青山志证〔2026〕0007号", "volunteer", "V-2025-0012", "张三明", "resident_id",
        "5101**********1234", date(2026, 1, 1), date(2026, 6, 30), sum(line.minutes for line in lines),
        "助老助残（重阳节敬老活动）、关爱儿童（留守儿童四点半课堂）", "青山镇社会工作服务站", "023-48612345", "周建国", "李霞",
        date(2026, 11, 22), "7K3MQ9TX2HDP", lines)


def text_of(pdf: Path, *pages: int) -> str:
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    command = ["pdftotext", "-layout", *args, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def squeezed(text: str) -> str:
    """Without white space: wrapped lines come back joined however pdftotext joins them."""
    return re.sub(r"\s", "", text)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def test_the_certificate_states_what_the_rules_name(tmp_path: Path) -> None:
    pdf = write_certificate(certificate(), tmp_path / "cert.pdf")
    first = squeezed(text_of(pdf, 1))
    for fact in ("青山志证〔2026〕0007号", "Volunteer Service Record Certificate", "张三明", "5101**********1234",
                 "V-2025-0012", "January 1, 2026", "June 30, 2026", "4.25 hours", "重阳节敬老活动",
                 "Recording unit: 青山镇社会工作服务站", "Person in charge: 周建国", "Handled by: 李霞",
                 "Contact phone: 023-48612345", "Date of issue: November 22, 2026", "(Seal)",
                 "Verification code: 7K3M-Q9TX-2HDP", "wushe verify-cert 7K3M-Q9TX-2HDP"):
        assert squeezed(fact) in first, fact
    records = squeezed(text_of(pdf, 2))
    assert squeezed("Attachment: the service records (3 entries)") in records
    assert "1.5" in records and "0.75" in records and "Total4.25" in records


def test_chinese_dates_and_the_embedded_font(tmp_path: Path) -> None:
    set_locale("zh_CN")
    pdf = write_certificate(certificate(), tmp_path / "cert.pdf")
    assert "2026年11月22日" in text_of(pdf, 1) and "2026年1月1日" in text_of(pdf, 1)
    assert unembedded_fonts(pdf) == []


def test_the_full_id_number_is_never_printed(tmp_path: Path) -> None:
    pdf = write_certificate(certificate(), tmp_path / "cert.pdf")
    assert not re.search(r"\d{17}[\dX]", squeezed(text_of(pdf)))


def test_many_records_run_over_pages_with_headers_and_page_numbers(tmp_path: Path) -> None:
    pdf = write_certificate(certificate(rows=90), tmp_path / "cert.pdf")
    pages = page_count(pdf)
    assert pages >= 4
    for page in range(1, pages + 1):
        text = squeezed(text_of(pdf, page))
        assert f"Page{page}of{pages}" in text
        if page > 1:  # every attachment page: which certificate, its code, and the table's header
            assert squeezed("Certificate 青山志证〔2026〕0007号, continued") in text
            assert "Verificationcode:7K3M-Q9TX-2HDP" in text
            assert "Servicecontent" in text and "Hoursserved" in text
    assert "Total127.5" in squeezed(text_of(pdf, pages))


def _page_streams(pdf: Path) -> list[bytes]:
    data = pdf.read_bytes()
    found = re.finditer(rb"/Filter \[ /ASCII85Decode /FlateDecode \]\s*/Length (\d+)\s*>>\s*stream\r?\n", data)
    return [zlib.decompress(base64.a85decode(data[m.end():m.end() + int(m.group(1))].strip().removesuffix(b"~>")))
            for m in found]


def qr_modules(code: str) -> set[tuple[float, ...]]:
    """The dark runs of the QR code of ``code``, as ReportLab draws them (widget coordinates)."""
    shapes = QrCodeWidget(qr_payload(code), barLevel="M").draw().contents
    return {tuple(round(v, 2) for v in (r.x, r.y, r.width, r.height))
            for r in shapes if isinstance(r, SRect) and r.fillColor is not None}


def test_the_qr_code_drawn_encodes_the_verification_code(tmp_path: Path) -> None:
    pdf = write_certificate(certificate(), tmp_path / "cert.pdf")
    drawn = {tuple(round(float(v), 2) for v in m.groups())
             for m in re.finditer(rb"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f\*", _page_streams(pdf)[0])}
    assert len(qr_modules("7K3MQ9TX2HDP")) > 50 and qr_modules("7K3MQ9TX2HDP") <= drawn
    assert not qr_modules("7K3MQ9TX2HDQ") <= drawn  # a code one character off is drawn differently
