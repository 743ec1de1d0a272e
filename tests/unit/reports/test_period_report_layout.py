"""How the 统计报表 PDF breaks over pages with many villages (a county's, or a township of forty): a long table
runs on under its header, repeated, keeping its first and last lines with it; a short one moves whole; the
villages short of an indicator are named across the page, never a page-tall column; and no page but the
last two (the signing block is kept whole) ends with a third of it or more left blank."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop.reports.case_paper import BOTTOM, BODY_HEIGHT
from desktop.reports.period_report import LISTED_IN_ROW, _indicators, _split, write_period_report
from desktop.reports.table_breaks import END_LINES
from desktop.reports.project_paper import ProjectPaper
from desktop.services.activity_stats import CommunityStats
from desktop.services.indicators import CommunityFigure
from project_paper_testing import pdf_info, squeezed, text_of, words_of
from test_period_report import APRIL, STATION, _values, indicators, stats

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

PAGE_HEIGHT = 842  # A4, points
VILLAGES = [f"石桥第{n:02d}村" for n in range(45)]


def _table(lines: int) -> Any:
    return _split(ProjectPaper(), "Village or community", [(name, _values(APRIL)) for name in VILLAGES[:lines]],
                  stats())[0]


def _first_cells(table: Any) -> list[str]:
    return [row[0][0].getPlainText() for row in table._cellvalues]


def test_a_short_table_moves_whole() -> None:
    table = _table(5)
    _width, height = table.wrap(500, 10_000)
    assert table.split(500, height - 1) == []


def test_a_long_table_runs_on_under_its_header_with_its_first_lines() -> None:
    table = _table(40)
    table.wrap(500, 10_000)
    rows = table._rowHeights
    assert table.split(500, sum(rows[:END_LINES]) + 1) == []
    first, rest = table.split(500, sum(rows[:END_LINES + 1]) + 1)
    assert _first_cells(first) == ["Village or community", *VILLAGES[:END_LINES]]
    assert _first_cells(rest)[:2] == ["Village or community", VILLAGES[END_LINES]]  # the header again


def test_many_villages_short_of_an_indicator_are_named_in_rows_across_the_page() -> None:
    result = indicators().results[0]
    short = tuple(CommunityFigure(str(n), name, None) for n, name in enumerate(VILLAGES))
    table = _indicators(ProjectPaper(), [replace(result, falling_short=short), result])
    cells = [[cell.getPlainText() if hasattr(cell, "getPlainText") else cell for cell in row]
             for row in table._cellvalues]
    assert cells[1][4] == "45, listed below"
    assert cells[2] == [", ".join(VILLAGES[:LISTED_IN_ROW]), "", "", "", ""]
    assert cells[3] == [", ".join(VILLAGES[LISTED_IN_ROW:]), "", "", "", ""]
    assert cells[4][4] == "石桥村"  # a few are named in their column
    assert [(start, end) for _cmd, start, end in table._spanCmds] == [((0, 2), (-1, 2)), ((0, 3), (-1, 3))]


def test_no_page_is_left_a_third_empty_with_many_villages(tmp_path: Path) -> None:
    many = replace(stats(), by_community=tuple(CommunityStats(str(n), name, _values(APRIL))
                                               for n, name in enumerate(VILLAGES)))
    report = indicators()
    result = report.results[0]
    short = tuple(CommunityFigure(str(n), name, None) for n, name in enumerate(VILLAGES))
    # Seven indicators, most with forty villages or so short of them: a column of their names was a page tall.
    report = replace(report, results=(replace(result, falling_short=short), result,
                                      *(replace(result, falling_short=short[n:]) for n in range(0, 30, 6))))
    pdf = write_period_report(tmp_path / "stats.pdf", many, report, STATION)
    pages = int(pdf_info(pdf)["Pages"])
    block_foot = PAGE_HEIGHT - BOTTOM  # where the text block ends, from the top of the page
    for page in range(1, pages - 1):
        ends = max(w.bottom for w in words_of(pdf, page) if w.bottom < block_foot)  # the page number is below
        assert ends > block_foot - BODY_HEIGHT / 3, page
    text = squeezed(text_of(pdf))
    assert all(name in text for name in VILLAGES)
