"""The final report PDF (结项报告): the head table with the money, outputs planned against achieved, every
activity, the chart of person-times by month, budget against actual by category with the reasons, the
final (not the mid-term) evaluation and the boxes to sign and seal; every font embedded, A4, "Page N of
M" on every page, and a long activity list over pages under its repeated header."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import _, set_locale
from desktop.reports.final_report import write_final_report
from desktop.services import signin
from desktop.services.project_papers import final_paper
from desktop.storage.database import Database
from project_paper_testing import (
    MANAGEMENT, NEXT_STEPS, NUMBER, OUTCOMES, PROGRESS, ROUND, SPENDING, TITLE, BuiltProject, build_final, footers,
    pages_of, pdf_info, rows_of, squeezed, text_of,
)
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

MONTHS = ("Mar 2026", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
                 # 28,000.00 granted + 2,700.60 matching; 28,000.00 received; 26,200.00 spent.
                 "Total funds30,700.60 yuan", "28,000.00 + 2,700.60 yuan", "Funds received28,000.00 yuan",
                 "Actual spending26,200.00 yuan", "Spending rate85.3%", "ConclusionExcellent(优秀)",
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


def test_budget_against_actual_nets_out_the_reversal(station: Database, tmp_path: Path) -> None:
    rows = rows_of(final_pdf(station, build_final(station), tmp_path / "final.pdf"))
    # Category, budgeted, spent, variance, rate; the reversed mistake leaves materials at nothing spent.
    for row in ("Socialservicecosts(社会服务支出)13,400.0012,500.00-900.0093.3%", "Labour(劳务费)8,000.008,000.000.00100.0%",
                "Transport(交通费)3,000.601,800.00-1,200.6060.0%", "Materialsandsupplies(物资购置费)1,400.000.00-1,400.000.0%",
                "Total32,700.6026,200.00-6,500.6080.1%"):
        assert row in rows, row


def test_the_chart_shows_person_times_by_month(station: Database, tmp_path: Path) -> None:
    built = build_final(station)
    with station.read() as session:
        by_month = final_paper(session, built.project_id).by_month
    assert [(m.year, m.month) for m in by_month] == [(2026, month) for month in range(3, 13)]
    assert by_month[4].person_times == 0 and sum(m.person_times for m in by_month) == built.person_times
    pdf = final_pdf(station, built, tmp_path / "final.pdf")
    chart = next(page for page in pages_of(pdf, mode="-layout") if "Person-times served by month" in page)
    drawn = chart.split("Person-times served by month", 1)[1].split("3. Activities held", 1)[0]
    # The month labels in order under the bars, and each month's count over its bar (none for July); the
    # counts stand at the heights of their bars, so they are read as a set.
    assert re.search(r"\s+".join(re.escape(month) for month in MONTHS), drawn), drawn
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
    assert "2027年1月10日" in text and "2026年3月" in text  # the chart's first month, with its year


def test_a_project_with_no_final_evaluation_says_none(station: Database, tmp_path: Path) -> None:
    pdf = final_pdf(station, build_final(station, activities=0, final=False), tmp_path / "final.pdf")
    text = squeezed(text_of(pdf))
    assert text.count("Nonerecorded.") == 3  # no activity, no reasons for the spending, no evaluation
    assert "Fundsreceived" in text and PROGRESS not in text
