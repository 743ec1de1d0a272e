"""Marks and page breaks of the final report (结项报告) that a trial asked for: a report printed before the
project is closed says so under its title and at the head of every page; an overspent line says 超支 beside
its rate; the boxes to sign and seal never stand alone on the last page; the chart shrinks to end a page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from desktop.reports.final_report import write_final_report
from desktop.reports.project_paper import FittedDrawing
from desktop.services import signin
from desktop.services.project_papers import final_paper
from desktop.storage.database import Database
from project_paper_testing import build_final, pages_of, rows_of, squeezed
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
MARK = "Not closed (draft)"


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    yield db
    db.close()


def final_pdf(db: Database, project_id: str, out: Path) -> Path:
    with db.read() as session:
        return write_final_report(final_paper(session, project_id), out)


def test_a_report_before_the_final_evaluation_is_marked_a_draft(station: Database, tmp_path: Path) -> None:
    draft = final_pdf(station, build_final(station, final=False).project_id, tmp_path / "draft.pdf")
    pages = [squeezed(page) for page in pages_of(draft)]
    assert len(pages) > 1
    title, mark = squeezed("Charity Venture Project Final Report"), squeezed(MARK)
    assert pages[0].index(title) < pages[0].index(mark) < pages[0].index(squeezed("1. Project overview"))
    assert all(mark in page for page in pages[1:])  # the running head of every later page
    closed = final_pdf(station, build_final(station).project_id, tmp_path / "closed.pdf")
    assert not any(squeezed(MARK) in squeezed(page) for page in pages_of(closed))


def test_an_overspent_line_says_so_beside_its_rate(station: Database, tmp_path: Path) -> None:
    rows = rows_of(final_pdf(station, build_final(station).project_id, tmp_path / "final.pdf"))
    labour = [row for row in rows if row.startswith("Labour(劳务费)")]
    assert labour and labour[0].endswith("-533.33107.1%overspent")
    marked = [row for row in rows if row.endswith("overspent")]
    assert labour[0] in marked and all(re.search(r"-[\d,]+\.\d\d[\d.]+%overspent$", row) for row in marked)
    assert any(re.search(r"\d\d\.\d%$", row) for row in rows)  # a line within its share is not marked


def test_the_seal_block_keeps_the_end_of_the_evaluation_with_it(station: Database, tmp_path: Path) -> None:
    pdf = final_pdf(station, build_final(station, activities=0, final=False).project_id, tmp_path / "final.pdf")
    last = squeezed(pages_of(pdf)[-1])
    assert squeezed("Project leader (signature)") in last
    assert squeezed("5. Final evaluation") in last and "Nonerecorded." in last


def test_the_chart_shrinks_to_end_a_page_but_not_below_its_least() -> None:
    made: list[float] = []

    def draw_at(height: float) -> Drawing:
        made.append(height)
        return Drawing(100, height)

    chart = FittedDrawing(draw_at, 66 * mm, 40 * mm)
    assert chart.wrap(400, 500)[1] == 66 * mm  # room enough: its full height
    assert chart.wrap(400, 50 * mm)[1] == 50 * mm  # a little short: it ends the page
    assert chart.wrap(400, 30 * mm)[1] == 66 * mm  # too little: whole, on the next page
    assert made == [66 * mm, 50 * mm, 66 * mm]
