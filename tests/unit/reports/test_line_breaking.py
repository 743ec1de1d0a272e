"""Chinese line breaking on paper (禁则): no line starts with closing punctuation, none ends with opening
punctuation, Latin words and numbers stay whole; and the running head of a long title is shortened
with "…" to the text block instead of running off the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.case_paper import LEFT, TEXT_WIDTH, Paper
from desktop.reports.line_breaking import CANNOT_END, CANNOT_START, break_lines
from desktop.reports.project_paper import build
from project_paper_testing import text_of, words_of

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

FULL = 10.0  # every character ten points wide in the unit cases


def lines_of(text: str, room_chars: int) -> list[str]:
    return [text[start:end] for start, end in break_lines(text, [FULL] * len(text), [FULL * room_chars])]


@pytest.mark.parametrize("mark", list("，。、；：？！）」』”’》"))
def test_a_closing_mark_that_would_start_a_line_takes_the_character_before_it_along(mark: str) -> None:
    assert lines_of("一二三四五" + mark + "六七", 5) == ["一二三四", "五" + mark + "六七"]


@pytest.mark.parametrize("mark", list("（「『“‘《"))
def test_an_opening_mark_never_ends_a_line(mark: str) -> None:
    assert lines_of("一二三四" + mark + "五六七", 5) == ["一二三四", mark + "五六七"]


def test_two_marks_in_a_row_and_words_and_numbers_stay_whole() -> None:
    assert lines_of("一二三四。”五六", 5) == ["一二三", "四。”五六"]
    assert lines_of("服务2026年 hello world", 5) == ["服务", "2026年", "hello", "world"]
    assert lines_of("一二三——四五", 4) == ["一二三", "——四五"]  # the dash may start a line, not be split
    assert lines_of("abcdefghij", 4) == ["abcd", "efgh", "ij"]  # one long word: broken where the line fills


def test_no_printed_line_starts_with_closing_or_ends_with_opening_punctuation(tmp_path: Path) -> None:
    paper = Paper()
    frame = TEXT_WIDTH - 12  # the frame's padding, 6 points a side
    per_line = int(frame // stringWidth("一", paper.font, paper.styles["cell"].fontSize))
    # Each mark falls just after a full line, where ReportLab's own wrapping started the next line with it.
    text = "".join("一" * (per_line - 1) + "二" + mark + "“三”" for mark in "，：；？！”）》")
    pdf = build(tmp_path / "marks.pdf", [paper.text(text * 3)], title="t", author="a", subject="s", running="r")
    lines = [line.strip() for line in text_of(pdf, mode="-layout").splitlines() if line.strip()]
    body = [line for line in lines if "一" in line or "三" in line]
    assert len(body) > 8
    assert not [line for line in body if line[0] in CANNOT_START]
    assert not [line for line in body if line[-1] in CANNOT_END]


def test_a_long_title_in_the_running_head_ends_in_an_ellipsis_within_the_text_block(tmp_path: Path) -> None:
    paper = Paper()
    running = "公益创投项目结项报告 创投-2026-0001 · " + "长" * 100
    pdf = build(tmp_path / "long.pdf", [paper.text("正文。" * 1500)], title="t", author="a", subject="s",
                running=running)
    head = min(words_of(pdf, 2), key=lambda word: word.top)
    top_line = [word for word in words_of(pdf, 2) if abs(word.top - head.top) < 2]
    assert top_line[0].text.startswith("公益创投项目结项报告") and top_line[-1].text.endswith("长…")
    assert max(word.right for word in top_line) <= (LEFT + TEXT_WIDTH) + 1  # within the block's right edge
