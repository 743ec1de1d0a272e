"""The case PDFs: the 个案服务记录表 holds every stage of a real case (masked ID, the corrected record
marked in its place, the plan in force, the referral, the closing), every font is embedded, a long
case runs over pages under repeated headers, labels follow the locale; and the client sheet."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from case_pdf_testing import (
    ADDRESS, CLIENT, CLOSING, CORRECTED_CONTENT, ID_NUMBER, OPENED, PHONE, PLAN_V1_GOAL, PLAN_V2_GOAL, REFERRAL,
    TODAY, WRONG_CONTENT, build_case,
)
from desktop.errors import NotFoundError
from desktop.i18n import _, format_date, set_locale
from desktop.reports.case_record_sheet import write_case_record
from desktop.reports.client_sheet import write_client_sheet
from desktop.services import case_list, signin
from desktop.services.case_summary import case_summary, client_sheet
from desktop.services.clients import find as find_client
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

MASKED_ID = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
SECTIONS = ("1. Intake", "2. Needs assessment", "3. Service plan", "4. Service records",
            "5. Referrals and resource links", "6. Evaluation", "7. Closing")


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    yield db
    db.close()


def text_of(pdf: Path, *pages: int) -> str:
    """The text in reading order, a cell's lines together (``-layout`` would interleave the lines of
    neighbouring cells that wrap)."""
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def footer(pdf: Path, page: int) -> str:
    """The last line printed on ``page``, as laid out."""
    layout = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    return layout.strip().splitlines()[-1].strip()


def squeezed(text: str) -> str:
    """Without white space: wrapped lines come back joined however pdftotext joins them."""
    return re.sub(r"\s", "", text)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def case_pdf(db: Database, number: str, out: Path) -> Path:
    with db.read() as session:
        return write_case_record(case_summary(session, number), out)


def test_the_record_holds_every_stage_of_the_case(station: Database, tmp_path: Path) -> None:
    built = build_case(station)
    text = squeezed(text_of(case_pdf(station, built.number, tmp_path / "case.pdf")))
    for fact in ("Case Service Record", f"Case no. {built.number}", "Unit: 青山镇社会工作服务站", CLIENT, "Female",
                 MASKED_ID, PHONE, ADDRESS, "石桥村", "李霞", "刘桂兰", "Presenting problem", *SECTIONS, REFERRAL,
                 "已签约家庭医生", "Completed", "Most goals achieved", CLOSING, "结案一个月后回访", "Social worker's signature",
                 "Supervisor's opinion", "Client's signature", "— 1 —"):
        assert squeezed(fact) in text, fact
    assert ID_NUMBER not in text and not re.search(r"\d{17}[\dX]", text)
    # The correction stands in the corrected record's place, marked; the mistaken text is not printed.
    assert squeezed(f"[Corrected] {CORRECTED_CONTENT}") in text and WRONG_CONTENT not in text
    assert "10records,12.75hoursinall" in text
    # The plan in force (version 2) comes first, the earlier version after it.
    order = [text.index(squeezed(s)) for s in ("Plan in force: version 2", PLAN_V2_GOAL, "Other version 1",
                                               PLAN_V1_GOAL, "4. Service records")]
    assert order == sorted(order)
    # Both assessments, the latest first, each with its eight areas.
    assert text.count("Dailycare(生活照料)") == 2 and text.count("Housingandsafety(居住安全)") == 2
    assert text.index("(latest)") < text.index("Mild")


def test_the_summary_shows_corrections_in_place_and_the_plan_of_the_day(station: Database) -> None:
    built = build_case(station)
    with station.read() as session:
        today = case_summary(session, built.number)
        earlier = case_summary(session, built.case_id, on=OPENED + timedelta(days=50))
    assert [r.corrected for r in today.records] == [False, False, True, *[False] * 7]
    assert today.records[2].content == CORRECTED_CONTENT and today.records[2].place == "镇卫生院"
    assert [r.served_on for r in today.records] == sorted(r.served_on for r in today.records)
    assert today.plan is not None and today.plan.version == 2 and [p.version for p in today.other_plans] == [1]
    assert earlier.plan is not None and earlier.plan.version == 1 and earlier.plan.goals[0].goal == PLAN_V1_GOAL
    assert [a.assessed_on for a in today.assessments] == sorted((a.assessed_on for a in today.assessments),
                                                                reverse=True)
    assert [a.area for a in today.assessments[0].areas][:2] == ["Daily care (生活照料)", "Physical health (身体健康)"]
    assert today.client.id_masked == MASKED_ID and today.client.phone == PHONE  # a social worker sees contacts
    assert today.history[0].step == "Case opened" and today.history[-1].to_stage == "Closed (结案)"
    assert today.closed and today.closed_on == TODAY - timedelta(days=5)


def test_every_font_is_embedded(station: Database, tmp_path: Path) -> None:
    built = build_case(station)
    with station.read() as session:
        sheet = write_client_sheet(client_sheet(session, built.client_id), tmp_path / "client.pdf")
    assert unembedded_fonts(case_pdf(station, built.number, tmp_path / "case.pdf")) == []
    assert unembedded_fonts(sheet) == []


def test_a_long_case_runs_over_pages_under_repeated_headers(station: Database, tmp_path: Path) -> None:
    long_entry = "社工与服务对象及其家属详细沟通了近期的身体状况、用药情况和饮食安排。" * 60 + "（本次记录完）"
    built = build_case(station, records=60, long_text=long_entry)
    pdf = case_pdf(station, built.number, tmp_path / "case.pdf")
    pages = page_count(pdf)
    assert pages >= 8
    record_pages = [n for n in range(1, pages + 1) if "第" in text_of(pdf, n) and "次服务" in text_of(pdf, n)]
    assert len(record_pages) >= 4
    for n in range(1, pages + 1):
        text = squeezed(text_of(pdf, n))
        assert squeezed(footer(pdf, n)) == f"—{n}—"  # the page number under the text block
        if n > 1:
            assert squeezed(f"Case Service Record {built.number}") in text  # a detached page says whose it is
        if n in record_pages:
            assert "Whatwasdone" in text and "Date,kind,time,place" in text  # the header, repeated
    # The entry longer than a page is split between pages, not cut: every sentence is printed.
    whole = squeezed(text_of(pdf))
    assert whole.count("饮食安排。") >= 60 and "（本次记录完）" in whole
    assert "60records" in whole and "第60次服务" in whole


def test_labels_follow_the_locale(station: Database, tmp_path: Path) -> None:
    built = build_case(station)
    english = squeezed(text_of(case_pdf(station, built.number, tmp_path / "en.pdf")))
    assert all(squeezed(heading) in english for heading in SECTIONS) and "个案服务记录表" not in english
    set_locale("zh_CN")
    chinese = squeezed(text_of(case_pdf(station, built.number, tmp_path / "zh.pdf")))
    assert all(squeezed(_(heading)) in chinese for heading in ("Case Service Record", *SECTIONS))
    assert "女" in chinese and f"{OPENED.year}年{OPENED.month}月{OPENED.day}日" in chinese


def test_a_social_worker_cannot_print_another_workers_case(station: Database) -> None:
    built = build_case(station, worker="chenjun")
    with pytest.raises(NotFoundError), station.read() as session:
        case_summary(session, built.case_id)
    with pytest.raises(PermissionDenied, match="is 陈俊's"), station.read() as session:  # by number: whose it is
        case_summary(session, built.number)
    with station.read() as session:  # the client sheet lists only the cases one may see
        assert client_sheet(session, built.client_id).cases == ()
    signin.sign_in(station, "admin", DEMO_PASSWORD)  # the station head sees every case
    with station.read() as session:
        assert case_summary(session, built.number).worker == "陈俊"


def test_the_client_sheet_fits_one_page(station: Database, tmp_path: Path) -> None:
    built = build_case(station)
    with station.read() as session:
        pdf = write_client_sheet(client_sheet(session, built.client_id), tmp_path / "client.pdf")
    assert page_count(pdf) == 1
    text = squeezed(text_of(pdf))
    for fact in ("Client Information Sheet", CLIENT, MASKED_ID, PHONE, ADDRESS, "王建华(儿子)", "13987654321",
                 "在县城工作", built.number, "Closed(结案)", "Inwriting(Theperson)", "Filledinby",
                 "Client'ssignatureGuardian'ssignature", "—1—"):  # the guardian on file signs beside the client
        assert squeezed(fact) in text, fact
    assert ID_NUMBER not in text


def test_only_a_minor_or_a_client_with_a_guardian_gets_the_guardians_line(station: Database, tmp_path: Path) -> None:
    signin.sign_in(station, "admin", DEMO_PASSWORD)
    with station.read() as session:
        child, adult = (client_sheet(session, find_client(session, name)) for name in ("陈小雨", "曾建华"))
    assert (child.client.age or 99) < 18 and child.client.guardian_name == "陈玉兰"
    assert (adult.client.age or 0) >= 18 and not adult.client.guardian_name
    child_text = squeezed(text_of(write_client_sheet(child, tmp_path / "child.pdf")))
    adult_text = squeezed(text_of(write_client_sheet(adult, tmp_path / "adult.pdf")))
    assert "Client'ssignatureGuardian'ssignature" in child_text
    assert "Client'ssignatureDate" in adult_text and "Guardian'ssignature" not in adult_text


def test_a_declined_case_prints_why_it_was_not_taken_on(station: Database, tmp_path: Path) -> None:
    signin.sign_in(station, "admin", DEMO_PASSWORD)
    with station.read() as session:
        declined = next(c for c in case_list.list_all(session) if c.client_name == "曾建华")  # the demo declines it
        summary = case_summary(session, declined.number)
    text = squeezed(text_of(write_case_record(summary, tmp_path / "declined.pdf")))
    reason = "本人表示暂不需要服务，已告知求助渠道"
    assert summary.declined_reason == reason and summary.closed_on is not None
    # The course of the case (a table that began on page 1: pdftotext reads its cells out of order) …
    assert squeezed("Do not take on (不接案) Intake (接案) → Closed (结案)") in text
    # … and the closing, which gives the reason where a closing summary would be.
    closing = text[text.index("7.Closing"):]
    assert squeezed(f"Reason for not taking on {format_date(summary.closed_on)} {reason}") in closing
    assert "Closingsummary" not in text
