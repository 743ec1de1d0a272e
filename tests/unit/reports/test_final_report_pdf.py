"""The final report PDF (结项报告): the head table with the money, outputs planned against achieved, every
activity, the chart of person-times by month, budget against actual by category with the reasons (the
spending tab's figures, one rate on one base throughout), the final (not the mid-term) evaluation and the
boxes to sign and seal; every font embedded, A4, "Page N of M" on every page, a long activity list over
pages under its repeated header, columns sized to what they hold and month labels that stay under their
bars."""

from __future__ import annotations

import re
from datetime import date
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from sqlalchemy import select
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.i18n import _, set_locale
from desktop.reports.case_paper import PAD, TEXT_WIDTH
from desktop.reports.final_report import write_final_report
from desktop.reports.project_paper import ProjectPaper, yuan
from desktop.services import signin
from desktop.services.project_papers import final_paper
from desktop.services.project_spending import budget_vs_actual
from desktop.domain.project_workflow import Status
from desktop.storage.database import Database
from desktop.storage.models import Project, ProjectStatusChange
from project_paper_testing import (
    MANAGEMENT, NEXT_STEPS, NUMBER, OUTCOMES, PROGRESS, ROUND, SPENDING, TITLE, BuiltProject, build_final, footers,
    pages_of, pdf_info, rows_of, squeezed, text_of, words_of,
)
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

MONTHS = ("Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    yield db
    db.close()


def final_pdf(db: Database, built: BuiltProject, out: Path) -> Path:
    with db.read() as session:
        return write_final_report(final_paper(session, built.project_id), out)


def test_the_report_prints_the_project_its_outputs_and_evaluation(station: Database, tmp_path: Path) -> None:
    built = build_final(station)
    pdf = final_pdf(station, built, tmp_path / "final.pdf")
    text, rows = squeezed(text_of(pdf, mode="-raw")), rows_of(pdf)
    for fact in ("Charity Venture Project Final Report", f"Project no. {NUMBER}", ROUND, TITLE, "新华社区老年协会",
                 "黄国平", "March 1, 2026 to December 31, 2026", "Closed (结项)",
                 # A budget of 32,700.60, of which 28,000.00 granted + 2,700.60 matching may be spent; 28,000.00
                 # received; 26,200.00 spent, 85.3 % of what may be.
                 "Project budget32,700.60 yuan", "May be spent30,700.60 yuan", "28,000.00 + 2,700.60 yuan",
                 "28,000.00 yuan (per the evaluation)", "Actual spending26,200.00 yuan", "Spending rate85.3%",
                 "ConclusionExcellent(优秀)",
                 PROGRESS, OUTCOMES, MANAGEMENT, SPENDING, NEXT_STEPS, "清河县社会工作指导中心", "January 10, 2027",
                 "Project leader (signature)", "Implementing organisation (seal)", "Opinion of the funder", "(Seal)"):
        assert squeezed(fact) in text, fact
    assert "中期" not in text  # the mid-term evaluation is not the final one
    # Planned, achieved, completion: 12 of 240 sessions, 415 of 9,000 person-times, 24 of 300 volunteers, 36 hours.
    for row in ("Sessions240125.0%", "Person-timesserved9,0004154.6%", "Volunteerperson-times300248.0%",
                "Volunteerservicehours—36—"):
        assert row in rows, row
    for n in range(1, built.activities + 1):
        assert f"第{n}次长者助餐与健康服务" in text
    assert any(row.startswith("12activitiesinall") and row.endswith("27141524") for row in rows)


def test_budget_against_actual_is_the_spending_tabs(station: Database, tmp_path: Path) -> None:
    built = build_final(station)
    rows = rows_of(final_pdf(station, built, tmp_path / "final.pdf"))
    with station.read() as session:
        tab = budget_vs_actual(session, built.project_id)
    # Budget, may be spent (the approved share and matching), spent, left, rate of what may be spent: the
    # reversed mistake leaves materials at nothing spent; labour is overspent.
    for figures in ("13,400.0012,640.0012,500.00140.0098.9%",
                    "Labour(劳务费)8,000.007,466.678,000.00-533.33107.1%overspent",
                    "Transport(交通费)3,000.602,813.931,800.001,013.9364.0%", "1,400.001,306.670.001,306.670.0%",
                    "Total32,700.6030,700.6026,200.004,500.6085.3%"):
        assert any(row.endswith(figures) for row in rows), figures
    for _code, spending in tab.categories:  # every category as the tab shows it
        figures = (spending.budgeted_fen, spending.available_fen, spending.spent_fen, spending.left_fen)
        mark = "overspent" if spending.left_fen < 0 else ""
        assert any(row.endswith("".join(map(yuan, figures)) + f"{spending.percent_used}%{mark}") for row in rows)
    # One rate for the project, the same on the first page as in the total row and on the tab.
    assert str(tab.total.percent_used) == "85.3" and any(row.endswith("Spendingrate85.3%") for row in rows)


def test_the_chart_shows_person_times_by_month(station: Database, tmp_path: Path) -> None:
    built = build_final(station)
    with station.read() as session:
        by_month = final_paper(session, built.project_id).by_month
    assert [(m.year, m.month) for m in by_month] == [(2026, month) for month in range(3, 13)]
    assert by_month[4].person_times == 0 and sum(m.person_times for m in by_month) == built.person_times
    pdf = final_pdf(station, built, tmp_path / "final.pdf")
    chart = next(page for page in pages_of(pdf, mode="-layout") if "Person-times served by month" in page)
    drawn = chart.split("Person-times served by month", 1)[1].split("3. Activities held", 1)[0]
    # The month labels in order under the bars, the year once under the first, and each month's count over
    # its bar (none for July); the counts stand at the heights of their bars, so they are read as a set.
    assert re.search(r"\s+".join(re.escape(month) for month in MONTHS) + r"\s+2026\s", drawn), drawn
    assert drawn.count("2026") == 1
    assert {m.person_times for m in by_month if m.person_times} <= set(map(int, re.findall(r"\d+", drawn)))
    assert unembedded_fonts(pdf) == []  # the chart's labels are in the bundled face too


def test_fonts_a4_page_numbers_and_a_long_list_under_repeated_headers(station: Database, tmp_path: Path) -> None:
    built = build_final(station, activities=90)
    pdf = final_pdf(station, built, tmp_path / "final.pdf")
    info = pdf_info(pdf)
    pages = int(info["Pages"])
    assert unembedded_fonts(pdf) == []
    assert info["Page size"].startswith("595.276 x 841.89") and "A4" in info["Page size"]
    assert pages >= 6
    assert footers(pdf) == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    listed = [page for page in map(squeezed, pages_of(pdf, mode="-raw")) if "长者助餐与健康服务" in page]
    assert len(listed) >= 3
    assert all("TurnoutServedVolunteers" in page for page in listed)  # the header, repeated
    assert all(squeezed(f"Charity Venture Project Final Report {NUMBER}") in page for page in listed[1:])
    whole = squeezed(text_of(pdf, mode="-raw"))
    assert all(f"第{n}次长者助餐与健康服务" in whole for n in range(1, 91))
    assert "90activitiesinall" in whole and f"{built.person_times:,}" in whole


def test_labels_follow_the_locale(station: Database, tmp_path: Path) -> None:
    built = build_final(station)
    set_locale("zh_CN")
    pdf = final_pdf(station, built, tmp_path / "zh.pdf")
    text = squeezed(text_of(pdf))
    for heading in ("Charity Venture Project Final Report", "2. Outputs against the plan", "5. Final evaluation"):
        assert squeezed(_(heading)) in text
    assert "2027年1月10日" in text


@pytest.mark.parametrize(("locale", "first"), [("en", ("Mar", "2026")), ("zh_CN", ("3月", "2026年"))])
def test_month_labels_stay_under_their_bars(station: Database, tmp_path: Path, locale: str,
                                            first: tuple[str, str]) -> None:
    built = build_final(station)
    set_locale(locale)
    pdf = final_pdf(station, built, tmp_path / "final.pdf")
    page = next(n for n, text in enumerate(pages_of(pdf), 1) if squeezed(_("Person-times served by month")) in
                squeezed(text))
    words = words_of(pdf, page)
    zero = max((word for word in words if word.text == "0"), key=lambda word: word.top)  # the foot of the scale
    under = sorted((word for word in words if word.top > zero.top), key=lambda word: word.top)
    labels = [word for word in under if word.top < under[0].top + 20]  # the months, and the years under them
    months = sorted((word for word in labels if word.top == under[0].top), key=lambda word: word.left)
    years = [word.text for word in labels if word.top != under[0].top]
    assert (months[0].text, years) == (first[0], [first[1]])  # the year once, under the first month
    step = (months[1].left + months[1].right - months[0].left - months[0].right) / 2  # a bar's share of the axis
    # Each label narrower than its share, centred in it: none runs into the next, nor the first into the scale.
    assert all(word.right - word.left < step for word in labels)
    assert min(word.left for word in labels) > zero.right


def test_a_project_with_no_final_evaluation_says_none(station: Database, tmp_path: Path) -> None:
    pdf = final_pdf(station, build_final(station, activities=0, final=False), tmp_path / "final.pdf")
    text = squeezed(text_of(pdf))
    assert text.count("Nonerecorded.") == 3  # no activity, no reasons for the spending, no evaluation
    assert PROGRESS not in text
    assert squeezed("14,000.00 yuan (per the evaluation)") in squeezed(text_of(pdf, mode="-raw"))  # mid-term


def test_columns_take_the_room_their_content_needs(station: Database, tmp_path: Path) -> None:
    place = "新华社区老年活动中心食堂"  # 12 characters: three lines at the width the place had
    built = build_final(station, place=place)
    english = text_of(final_pdf(station, built, tmp_path / "en.pdf"), mode="-raw").split()
    # The kinds of activity, English then Chinese: no English word broken across lines.
    for word in ("Community", "event", "Lecture", "Home", "visit", "Group", "activity", "Training"):
        assert word in english, word
    set_locale("zh_CN")
    chinese = text_of(final_pdf(station, built, tmp_path / "zh.pdf"), mode="-raw")
    # The place shares the room with the title, so it takes two lines, not three.
    printed = re.search(r"\s*".join(place), chinese)
    assert printed is not None and printed.group().count("\n") == 1


def test_widths_keep_words_whole_and_short_columns_unwrapped() -> None:
    paper = ProjectPaper()

    def need(text: str) -> float:
        return stringWidth(text, paper.font, 10.5) + 2 * PAD

    titles = ["Activity", "长者集体生日会暨重阳节敬老文艺汇演与健康义诊"]
    kinds = ["Kind", "Volunteer service (志愿服务)", "Lecture (讲座)"]
    dates = ["Date", "10/30/26"]
    title, kind, date = paper.widths([titles, kinds, dates], 70 * mm)
    assert title + kind + date == pytest.approx(70 * mm)
    assert date == pytest.approx(need("10/30/26") + 1)  # a short column gets all it needs, no more
    assert kind >= need("Volunteer")  # the longest word of the kind fits on a line
    assert title == pytest.approx(kind)  # the long ones share what is left
    # With room for everything on one line, every column widens alike.
    wide = paper.widths([titles, dates], TEXT_WIDTH)
    assert sum(wide) == pytest.approx(TEXT_WIDTH) and wide[0] / wide[1] == pytest.approx(
        (need(titles[1]) + 1) / (need("10/30/26") + 1))
    # With too little room even for the words, they narrow alike (a word must break).
    narrow = paper.widths([kinds, dates], 20 * mm)
    assert sum(narrow) == pytest.approx(20 * mm)


def test_a_terminated_projects_report_says_so_with_the_date_reason_and_the_grant_returned(
        station: Database, tmp_path: Path) -> None:
    built = build_final(station, final=False)
    # Stopped after the mid-term, which found 14,000 yuan received; but 26,200 was spent, 2,700.60 of it
    # matching funds, so 23,499.40 of the grant is owed and only 4,500.60 goes back to the pool.
    with station.write() as session:
        project = session.get(Project, built.project_id)
        assert project is not None
        project.status = Status.TERMINATED
        session.add(ProjectStatusChange(project_id=project.id, action="terminate", from_status="midterm",
                                        to_status=Status.TERMINATED, changed_on=date(2026, 9, 30),
                                        reason="服务对象整体搬迁，项目无法继续", by_name="张伟"))
    pdf = final_pdf(station, built, tmp_path / "terminated.pdf")
    text = squeezed(text_of(pdf, mode="-raw"))
    for fact in ("Charity Venture Project Termination Report", "Terminated (终止)", "Terminated onSeptember 30, 2026",
                 "Grant paid or spent23,499.40 yuan", "Reason for termination服务对象整体搬迁，项目无法继续",
                 "Returned to the round's pool4,500.60 of the approved 28,000.00 yuan"):
        assert squeezed(fact) in text, fact
    assert "Final Report" not in text


def test_the_funds_received_say_where_they_come_from(station: Database, tmp_path: Path) -> None:
    with station.read() as session:  # the demo project the demo fund paid, with no evaluation yet
        paid = session.scalars(select(Project.id).where(Project.status == "running").order_by(Project.number)).all()[1]
        pdf = write_final_report(final_paper(session, paid), tmp_path / "paid.pdf")
    assert squeezed("12,350.00 yuan (per the fund ledger)") in squeezed(text_of(pdf, 1, mode="-raw"))
    built = build_final(station)
    text = squeezed(text_of(final_pdf(station, built, tmp_path / "stated.pdf"), 1, mode="-raw"))
    assert squeezed("28,000.00 yuan (per the evaluation)") in text
