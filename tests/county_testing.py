"""A county office holding two stations' work, for the read-only tests (unit and UI): 甲站 sends up a
case and a community fund with a donation, 乙站 a village; the county has a case and a fund of its own.
Accounts are written with the ORM (no Argon2): each node's head is signed in as one. For the county's
micro-venture round: 甲站's proposal in it, and the county's reviewer scoring it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from desktop.domain.ledger import EntryKind
from desktop.domain.permissions import Principal, Role
from desktop.services import cases, communities, funds, ledger, projects, reviews, rounds
from desktop.services.cases import CaseInput
from desktop.services.communities import CommunityInput
from desktop.services.funds import FundInput, MemberInput
from desktop.services.ledger import PostingInput
from desktop.storage.models import Community, UserAccount
from project_testing import proposal_input, round_input
from sync_testing import Node, add_client, add_community, add_org_with_status, send, trust

TODAY = date.today()
OPENED = TODAY - timedelta(days=30)
COMMITTEE = (("刘桂芳", "chair"), ("何明德", "member"), ("谢文强", "member"), ("吴春燕", "member"), ("陈淑华", "supervisor"))


@dataclass(frozen=True)
class Work:
    """One node's own records: a village, a client's case, a fund."""

    community: str
    case: str
    fund: str


def sign_in_account(node: Node, username: str, name: str, role: Role = Role.ADMIN) -> Principal:
    """An account of ``node`` (a row: the password is never used here), signed in."""
    with node.db.write() as session:
        row = UserAccount(username=username, display_name=name, role=role, password_hash="-", kek_salt=b"",
                          kek_params="", wrapped_key=b"")
        session.add(row)
        session.flush()
        principal = Principal(row.id, username, name, role)
    node.db.sign_in(principal, node.db.vault)
    return principal


def own_work(node: Node, village: str, client: str, id_number: str) -> Work:
    """A village, a client's case opened by the signed-in head, a fund with its committee and a donation."""
    community = add_community(node, village, 800) if node.kind != "county" else _county_community(node, village)
    client_id = add_client(node, community, client, id_number)
    with node.db.write() as session:
        case = cases.open_case(session, CaseInput(client_id, "独居老人，做饭困难", opened_on=OPENED))
        fund = funds.add(session, FundInput(f"清河县慈善会{village}社区慈善基金", community, "清河县慈善会",
                                            OPENED, receipt_prefix=f"{village}收"))
        for member, role in COMMITTEE:
            funds.add_member(session, fund.id, MemberInput(member, role, OPENED))
        ledger.post(session, fund.id, PostingInput(EntryKind.DONATION_MONEY, 50_000, TODAY, counterparty="周德明"))
    return Work(community, case.id, fund.id)


def _county_community(node: Node, name: str) -> str:
    with node.db.write() as session:
        return communities.add(session, CommunityInput(name, "urban", 5000)).id


def county_with_two_stations(a: Node, b: Node, c: Node) -> tuple[Work, Work]:
    """甲站's work and the county's own, at the county ``c``, which also holds 乙站's village."""
    trust(c, a, b)
    trust(a, c)
    trust(b, c)
    sign_in_account(a, "jia", "甲站站长")
    sign_in_account(c, "xian", "县民政局管理员")
    station = own_work(a, "石门村", "张秀英", "500110194803120027")
    add_community(b, "青山村", 300)
    county = own_work(c, "县城社区", "李桂兰", "500110195207150021")
    for node in (a, b):
        send(node, c)
    return station, county


def stations_proposal_in_the_countys_round(a: Node, b: Node, c: Node) -> str:
    """甲站's proposal in review in a round the county runs with 县评审员 as reviewer (an account of the
    county's, signed in there)."""
    county_with_two_stations(a, b, c)
    reviewer = sign_in_account(c, "pingshen", "县评审员")
    with c.db.write() as session:
        round_id = rounds.add(session, round_input()).id
        rounds.set_reviewers(session, round_id, [reviewer.user_id or ""])
    send(c, a)
    add_org_with_status(a, own_village(a), "石门村老年协会", "registered")
    with a.db.write() as session:
        proposal = projects.create(session, proposal_input(session, round_id)).id
        for step in ("submit", "start_review"):
            projects.move(session, proposal, step)
    send(a, c)
    return proposal


def own_village(node: Node) -> str:
    with node.db.read() as session:
        return session.scalars(select(Community.id).where(Community.origin_node == node.node_id)).one()


def score(county: Node, proposal: str) -> int:
    """The county's reviewer scores every criterion 85 and submits; how many criteria."""
    with county.db.write() as session:
        sheet = reviews.my_sheet(session, proposal)
        reviews.save_scores(session, proposal, {item.criterion_id: Decimal("85") for item in sheet.criteria})
        reviews.submit_sheet(session, proposal)
    return len(sheet.criteria)
