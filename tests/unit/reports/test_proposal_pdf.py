"""The proposal PDF (公益创投项目申报书): what was entered comes back out of the text (title, applicant, its
address, postcode, inspection, rating and profile, the phones in full, every budget line, the subtotals
and totals, the amount in words, the ticked areas), a budget that does not balance says so, every font is
embedded, A4, an unnumbered cover then "Page N of M" on every page, long sections flow over pages, the
budget repeats its header, and a heading is never left at the foot of a page without what follows it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import select

from desktop.domain.codes import PROJECT_AREAS
from desktop.i18n import _, set_locale
from desktop.reports.case_paper import BODY_HEIGHT
from desktop.reports.project_paper import ProjectPaper, build, keep_headings
from desktop.reports.proposal import write_proposal
from desktop.services import signin
from desktop.services.demo import DEMO_ORG_DETAILS, DEMO_POSTCODE
from desktop.services.project_papers import find_project, proposal_paper
from desktop.storage.database import Database
from desktop.storage.models import Project
from project_paper_testing import (
    AREAS, CONTACT, CONTACT_PHONE, EMAIL, IN_WORDS, LEADER, LEADER_PHONE, LINES, NARRATIVE, NUMBER, ORG, ORGANISER,
    PLAN, ROUND, TEAM, TITLE, build_proposal, footers, pages_of, pdf_info, rows_of, squeezed,
    text_of,
)
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

SECTIONS = ("1. Basic information", "2. Project team", "3. Project design", "(1) Summary", "(2) Need and necessity",
            "(3) Objectives", "(4) Plan and schedule", "(5) Expected outcomes and evaluation",
            "(6) Risks and responses", "(7) Sustainability", "4. Budget", "5. Commitment")


@pytest.fixture
def station(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = open_copy(demo_template.path, tmp_path / "db")
    signin.sign_in(db, "lixia", DEMO_PASSWORD)
    yield db
    db.close()


def proposal_pdf(db: Database, project_id: str, out: Path) -> Path:
    with db.read() as session:
        return write_proposal(proposal_paper(session, project_id), out)


def test_the_proposal_prints_what_was_entered(station: Database, tmp_path: Path) -> None:
    pdf = proposal_pdf(station, build_proposal(station), tmp_path / "proposal.pdf")
    cover, text = squeezed(text_of(pdf, 1)), squeezed(text_of(pdf))
    for fact in ("Charity Venture Project Proposal", ROUND, f"Project no. {NUMBER}", TITLE, ORG, LEADER, LEADER_PHONE,
                 "February 10, 2026", f"Issued by {ORGANISER}"):
        assert squeezed(fact) in cover, fact
    for fact in (*SECTIONS, "51500110MJP6543219", "October 9, 2012", "新华社区", "March 1, 2026 to December 31, 2026",
                 CONTACT, CONTACT_PHONE, EMAIL, "辖区60岁以上独居、空巢长者", "50 people",
                 *(member for row in TEAM for member in row if member),
                 *(name for name, *_rest in PLAN), *(content for *_head, content, _s, _p in PLAN), "8,000",
                 "Legal representative (signature)", "Applicant (seal)", "Opinion of the community",
                 "Opinion of the supervising unit", "(Seal)"):
        assert squeezed(fact) in text, fact
    for prefix in ("简介", "需求", "目标", "实施", "成效", "风险", "持续"):  # every narrative section
        assert squeezed(f"{prefix}：{NARRATIVE}") in text, prefix


def test_the_basic_table_prints_what_the_register_holds_of_the_applicant(station: Database, tmp_path: Path) -> None:
    pdf = proposal_pdf(station, build_proposal(station), tmp_path / "proposal.pdf")
    address, _inspection, _rating, profile = DEMO_ORG_DETAILS[ORG]
    text = squeezed(text_of(pdf, mode="-raw"))  # in the order drawn: each label, then its value
    pairs = (("Mailing address", address), ("Postcode", DEMO_POSTCODE), ("Annual inspection", "Qualified (合格)"),
             ("Evaluation rating", "Grade 4A (4A级)"), ("Organisation profile", profile))
    for label, value in pairs:
        assert squeezed(label + value) in text, label
    # In the template's order: the applicant's address, inspection and rating under its founding date, and
    # its profile in a row of its own that ends the table.
    order = [text.index(squeezed(word)) for word in (
        "Founded on", "Mailing address", "Annual inspection", "Head of the organisation", "Target group",
        "Organisation profile", "2. Project team")]
    assert order == sorted(order)


def test_every_budget_line_subtotal_and_total_is_printed(station: Database, tmp_path: Path) -> None:
    pdf = proposal_pdf(station, build_proposal(station), tmp_path / "proposal.pdf")
    text, rows = squeezed(text_of(pdf)), rows_of(pdf)
    drawn = squeezed(text_of(pdf, mode="-raw"))  # each cell whole, though its neighbour shares its first line
    for _category, item, unit, *_figures in LINES:
        assert squeezed(item) in drawn and unit in text, item
    # No., item, unit, unit price, quantity, amount, requested, matching: 50.00 × 220 = 11,000.00 of which
    # 2,000.00 matching; 1.20 × 2,500.5 = 3,000.60 rounded to the fen, 200.60 of it matching.
    assert any(row.startswith("1独居长者") and row.endswith("人·月50.0022011,000.009,000.002,000.00") for row in rows)
    assert "8入户探访交通费公里1.202,500.53,000.602,800.00200.60" in rows
    # The service category's subtotal, then the whole table's: 32,700.60 = 30,000.00 requested + 2,700.60 matching.
    assert rows.count("Subtotal13,400.0011,400.002,000.00") == 1 and rows.count("Total32,700.6030,000.002,700.60") == 1
    assert len([row for row in rows if row.startswith("Subtotal")]) == 7  # one for each category used
    assert text.index("Socialservicecosts") < text.index("Labour(劳务费)") < text.index("Materialsandsupplies")
    assert squeezed("30,000.00 yuan") in text and IN_WORDS in text
    assert squeezed(f"equal the amount requested, 30,000.00 yuan ({IN_WORDS})") in text
    assert "doesnotbalance" not in text


def test_the_areas_are_tick_boxes_ticked_where_chosen(station: Database, tmp_path: Path) -> None:
    pdf = proposal_pdf(station, build_proposal(station), tmp_path / "proposal.pdf")
    text = squeezed(text_of(pdf, 2))
    for code, name in PROJECT_AREAS.items():
        at = text.index(squeezed(name))
        assert (text[at - 1] == "✓") == (code in AREAS), name
    assert text.count("✓") == len(AREAS)


def test_a_budget_that_does_not_balance_says_so(station: Database, tmp_path: Path) -> None:
    project_id = build_proposal(station)
    with station.write() as session:
        project = session.scalar(select(Project).where(Project.id == project_id))
        assert project is not None
        project.requested_fen = 3_100_000
    text = squeezed(text_of(proposal_pdf(station, project_id, tmp_path / "proposal.pdf")))
    assert squeezed("sum to 30,000.00 yuan, but the amount requested is 31,000.00 yuan (叁万壹仟元整)") in text
    assert "doesnotbalance" in text


def test_fonts_a4_and_page_numbers_after_the_cover(station: Database, tmp_path: Path) -> None:
    pdf = proposal_pdf(station, build_proposal(station), tmp_path / "proposal.pdf")
    info = pdf_info(pdf)
    pages = int(info["Pages"])
    assert unembedded_fonts(pdf) == []
    assert info["Page size"].startswith("595.276 x 841.89") and "A4" in info["Page size"]
    assert 4 <= pages <= 7
    cover, *numbered = footers(pdf)
    assert "Page" not in cover and numbered == [f"Page {n} of {pages - 1}" for n in range(1, pages)]
    for text in pages_of(pdf)[1:]:
        assert squeezed(f"Charity Venture Project Proposal {NUMBER}") in squeezed(text)


def test_long_sections_flow_over_pages_under_repeated_headers(station: Database, tmp_path: Path) -> None:
    long = "需求调查发现，辖区独居长者普遍存在吃饭不规律、慢病管理不到位和缺少陪伴等问题。" * 25 + "（本节完）"
    pdf = proposal_pdf(station, build_proposal(station, narrative=long, copies=5), tmp_path / "proposal.pdf")
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 10
    # Without the page furniture, which comes between the lines of a paragraph run on to the next page.
    furniture = squeezed(f"Page \\d+ of \\d+|Charity Venture Project Proposal {NUMBER} · {TITLE}")
    whole = re.sub(furniture, "", squeezed(text_of(pdf)))
    assert whole.count(squeezed(long)) == 7  # each of the seven sections printed whole
    budget = [squeezed(text) for text in pages_of(pdf, mode="-raw") if "Subtotal" in text]
    assert len(budget) >= 2
    assert all("Unitprice(yuan)" in text for text in budget)  # the header, repeated
    assert "Total163,503.00150,000.0013,503.00" in rows_of(pdf)
    assert footers(pdf)[-1] == f"Page {pages - 1} of {pages - 1}"


def test_labels_follow_the_locale(station: Database, tmp_path: Path) -> None:
    project_id = build_proposal(station)
    set_locale("zh_CN")
    text = squeezed(text_of(proposal_pdf(station, project_id, tmp_path / "zh.pdf")))
    for heading in ("Charity Venture Project Proposal", "Annual inspection", "Qualified (合格)", "Organisation profile",
                    "4. Budget", "5. Commitment"):
        assert squeezed(_(heading)) in text
    assert "2026年2月10日" in text and "2012年10月9日" in text and IN_WORDS in text


def heading_then(paper: ProjectPaper, room: float, following: list[Any], out: Path) -> list[str]:
    """The pages of a paper whose first page has ``room`` left for a heading and what follows it."""
    story = keep_headings([Spacer(1, BODY_HEIGHT - room), *paper.heading("4. Budget"), *following])
    return [squeezed(page) for page in pages_of(build(out, story, title="t", author="a", subject="s", running="r"))]


def test_a_heading_goes_to_the_next_page_with_the_start_of_its_table(tmp_path: Path) -> None:
    paper = ProjectPaper()
    rows = [[paper.text(str(n)), paper.text("\n".join(f"第{n}项第{line}行" for line in range(1, 7)))]
            for n in range(1, 40)]  # six lines to a row
    table = paper.listing(["No.", "Item"], rows, [20 * mm, None])
    # Room for the heading and the header (more than a fixed minimum would ask), not for the first row.
    pages = heading_then(paper, 45 * mm, [table], tmp_path / "moved.pdf")
    assert "4.Budget" not in pages[0] and pages[1].index("4.Budget") < pages[1].index("No.Item") < pages[1].index(
        "第1项第1行")
    # Room for the first rows as well: the heading stays, and the table starts under it rather than moving whole.
    pages = heading_then(paper, 80 * mm, [table], tmp_path / "kept.pdf")
    assert pages[0].index("4.Budget") < pages[0].index("第1项第6行") and "第2项" not in pages[0]
    assert pages[1].index("No.Item") < pages[1].index("第2项第1行")


def test_headings_go_with_the_first_lines_of_their_section(tmp_path: Path) -> None:
    paper = ProjectPaper()
    section = [*paper.subheading("(1) Summary"), *paper.narrative("第一段，" * 200)]
    # Room for both headings and one line of the paragraph: a single line is not left on its own.
    pages = heading_then(paper, 27 * mm, section, tmp_path / "moved.pdf")
    assert "4.Budget" not in pages[0] and pages[1].index("4.Budget") < pages[1].index("(1)Summary") < pages[1].index(
        "第一段")
    pages = heading_then(paper, 40 * mm, section, tmp_path / "kept.pdf")
    assert pages[0].index("4.Budget") < pages[0].index("(1)Summary") < pages[0].index("第一段")


def test_no_page_ends_with_a_heading(station: Database, tmp_path: Path) -> None:
    with station.read() as session:  # the demo's first project, whose budget once began a page alone
        project_id = find_project(session, "创投-2026-0001")
    pdf = proposal_pdf(station, project_id, tmp_path / "demo.pdf")
    for page in pages_of(pdf, mode="-layout")[1:]:
        last = page.strip().splitlines()[-2].strip()  # above the page number
        assert squeezed(last) not in map(squeezed, SECTIONS), last


def test_the_cover_labels_stay_on_one_line(station: Database, tmp_path: Path) -> None:
    project_id = build_proposal(station)
    set_locale("zh_CN")
    lines = [line.replace(" ", "") for line in text_of(proposal_pdf(station, project_id, tmp_path / "zh.pdf"),
                                                       1).splitlines()]
    for label in ("项目名称", "申请机构（盖章）", "项目负责人", "联系电话", "申报日期"):
        assert any(line.startswith(label) for line in lines), (label, lines)
