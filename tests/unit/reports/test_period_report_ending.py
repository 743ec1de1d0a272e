"""The signatures and seal of the 统计报表 never stand alone on its last page (issue 9's trial: they did,
under a page a third empty): they sit under the last table where both fit, and otherwise take its last
lines over with them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.reports.period_report import write_period_report
from project_paper_testing import pdf_info, pages_of
from test_period_report import STATION, indicators, stats

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


@pytest.mark.parametrize("lines", [1, 3, 5, 7, 9, 11, 13])
def test_the_signing_block_keeps_to_the_last_table(tmp_path: Path, lines: int) -> None:
    """However many indicators push the table's end down the page, the page with the signing block also
    holds indicator rows, above the block."""
    result = indicators().results[0]
    report = replace(indicators(), results=tuple(replace(result, label=f"Indicator number {n}")
                                                 for n in range(lines)))
    pdf = write_period_report(tmp_path / "stats.pdf", stats(), report, STATION)
    pages = pages_of(pdf)
    [signed] = [n for n, page in enumerate(pages) if "Prepared by" in page]
    assert signed == int(pdf_info(pdf)["Pages"]) - 1
    last = pages[signed]
    assert f"Indicator number {lines - 1}" in last
    assert last.index(f"Indicator number {lines - 1}") < last.index("Prepared by")
    if signed and "Indicator number" in pages[signed - 1]:  # the table ran over: only what did not fit went on
        assert last.count("Indicator number") < lines
