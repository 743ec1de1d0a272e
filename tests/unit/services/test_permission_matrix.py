"""Every (role, action) pair against a real service operation: allowed iff PERMISSIONS says so.

A refused operation raises PermissionDenied and writes nothing. A new Action must get an operation
here, or ``test_every_action_has_an_operation`` fails.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from wushe_testing import DEMO_PASSWORD
from desktop.services import orgs
from desktop.services.orgs import OrgInput
from desktop.services import clients
from desktop.services.clients import ClientInput
from desktop.services import case_list
from desktop.services.case_list import CaseQuery
from desktop.domain.permissions import PERMISSIONS, Action, Role
from desktop.services import accounts, audit_log, communities, demo, maintenance, privacy, signin, station
from desktop.services.accounts import AccountInput
from desktop.services.backup_access import BackupAccess
from desktop.services.communities import CommunityInput
from desktop.services.guard import PermissionDenied
from desktop.services import reviews
from desktop.services import projects, rounds
from desktop.services.projects import ProjectQuery
from desktop.services.rounds import RoundInput
from desktop.services import project_spending
from desktop.services.project_spending import ExpenseInput
from desktop.storage.database import Database
from desktop.services import disbursements, funds, ledger
from desktop.services import needs
from desktop.services.needs import NeedInput
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.funds import FundInput
from desktop.services.ledger import PostingInput
from desktop.storage.models import Fund, Project, ProjectBudgetLine, RoundReviewer, UserAccount
from desktop.storage.opening import open_database
from desktop.sync import peers
from desktop.sync.peer_keys import PeerKey

# one demo user of each role
ROLE_USERS: dict[Role, str] = {
    Role.ADMIN: "admin",
    Role.CASEWORKER: "lixia",
    Role.FINANCE: "wangfang",
    Role.VIEWER: "zhaolei",
}


@dataclass(frozen=True)
class Template:
    path: Path
    backup: Path


@dataclass(frozen=True)
class Context:
    db: Database
    backup: Path
    out: Path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("matrix-template")
    db = open_database(folder / "wushe.db")
    demo.load_demo(db, DEMO_PASSWORD)
    backup = maintenance.backup(db, out=folder / "restorable.db")
    db.close()
    return Template(folder / "wushe.db", backup)


@pytest.fixture
def fresh(template: Template, tmp_path: Path) -> Iterator[Context]:
    path = tmp_path / "wushe.db"
    shutil.copy(template.path, path)
    db = open_database(path)
    yield Context(db, template.backup, tmp_path / "made-backup.db")
    db.close()


def _user_id(db: Database, username: str) -> str:
    with db.read() as session:
        found = session.scalar(select(UserAccount.id).where(UserAccount.username == username))
    assert found is not None
    return found


def view(ctx: Context) -> None:
    with ctx.db.read() as session:
        assert len(accounts.list_users(session)) == 5


def edit_station(ctx: Context) -> None:
    with ctx.db.write() as session:
        profile = station.get_profile(session)
        station.update_profile(session, replace(profile.as_input(), address="青山镇人民路 20 号"))


def edit_communities(ctx: Context) -> None:
    with ctx.db.write() as session:
        communities.add(session, CommunityInput("新建村", "rural", 900, "500110108299"))


def edit_registers(ctx: Context) -> None:
    with ctx.db.write() as session:
        community = communities.list_ids(session)[0]
        orgs.add(session, OrgInput("新建志愿服务队", community, "service", "incubating"))


def manage_users(ctx: Context) -> None:
    with ctx.db.write() as session:
        accounts.add_user(session, AccountInput("liuyang", "刘洋", "caseworker", "Temp-pass-42"))


def view_audit(ctx: Context) -> None:
    with ctx.db.read() as session:
        assert audit_log.list_ids(session)


def make_backup(ctx: Context) -> None:
    assert maintenance.backup(ctx.db, out=ctx.out) == ctx.out


def restore_backup(ctx: Context) -> None:
    maintenance.restore(ctx.db, ctx.backup, BackupAccess(ctx.db.principal.username, DEMO_PASSWORD))


def reveal_id(ctx: Context) -> None:
    admin = _user_id(ctx.db, "admin")
    with ctx.db.write() as session:
        assert privacy.reveal(session, "user_account", admin, "phone") == "13908317265"


def load_demo(ctx: Context) -> None:
    demo.load_demo(ctx.db, DEMO_PASSWORD)


def view_cases(ctx: Context) -> None:
    with ctx.db.read() as session:
        assert clients.list_ids(session)


def edit_cases(ctx: Context) -> None:
    with ctx.db.write() as session:
        clients.add(session, ClientInput("新服务对象", communities.list_ids(session)[0]))


def view_all_cases(ctx: Context) -> None:
    """List another worker's cases (only the head sees every worker's)."""
    chenjun = _user_id(ctx.db, "chenjun")
    with ctx.db.read() as session:
        assert case_list.list_ids(session, CaseQuery(worker_user_id=chenjun))


def review_projects(ctx: Context) -> None:
    """Open one's score sheet of a demo proposal in review, once made a reviewer of its round (as the
    head would, written directly: the role under test may not appoint reviewers)."""
    who = ctx.db.principal
    with ctx.db.write() as session:
        project = session.scalars(select(Project).where(Project.status == "in_review").order_by(Project.number)).first()
        assert project is not None and who.user_id is not None
        if session.scalar(select(RoundReviewer.id).where(RoundReviewer.round_id == project.round_id,
                                                         RoundReviewer.user_id == who.user_id)) is None:
            session.add(RoundReviewer(round_id=project.round_id, user_id=who.user_id, name=who.display_name))
            session.flush()
        assert len(reviews.my_sheet(session, project.id).criteria) == 6


def record_spending(ctx: Context) -> None:
    """Record an expense of a running demo project against its first budget line."""
    with ctx.db.write() as session:
        project = session.scalars(select(Project).where(Project.status == "running").order_by(Project.number)).first()
        assert project is not None
        line = session.scalar(select(ProjectBudgetLine.id).where(ProjectBudgetLine.project_id == project.id)
                              .order_by(ProjectBudgetLine.position))
        assert line is not None
        project_spending.record_expense(session, project.id, ExpenseInput(line, date.today(), 12_000, "记-测试-001"))


def edit_projects(ctx: Context) -> None:
    """Submit the demo round's draft proposal."""
    with ctx.db.write() as session:
        draft = projects.list_ids(session, ProjectQuery(status="draft"))[0]
        assert projects.move(session, draft, "submit").status == "submitted"


def manage_rounds(ctx: Context) -> None:
    with ctx.db.write() as session:
        rounds.add(session, RoundInput("青山镇第二批社区公益微创投", date.today().year, "青山镇人民政府", "foundation",
                                       "青山镇社区基金", 10_000_000, date.today(), date.today()))


def demo_fund(session: Session) -> str:
    found = session.scalar(select(Fund.id).where(Fund.name == DEMO_FUND))
    assert found is not None
    return found


def manage_funds(ctx: Context) -> None:
    with ctx.db.write() as session:
        funds.add(session, FundInput("清河县慈善会河滨社区慈善基金", communities.list_ids(session)[1], "清河县慈善会",
                                     date.today()))


def record_ledger(ctx: Context) -> None:
    with ctx.db.write() as session:
        posted = ledger.post(session, demo_fund(session), PostingInput("donation_money", 50_000, date.today(),
                                                                       memo="测试捐赠", counterparty="测试捐赠人"))
        assert posted.entry is not None


def approve_disbursements(ctx: Context) -> None:
    """Propose a disbursement to the demo fund's committee."""
    with ctx.db.write() as session:
        view = disbursements.propose_disbursement(session, demo_fund(session), disbursements.DisbursementInput(
            "expense", 10_000, "测试支出", payee="青山超市"))
        assert view.status == "proposed"


def decide_disbursements(ctx: Context) -> None:
    """Record, as the committee's clerk, the decision of a member who has not decided on the demo's
    disbursement awaiting the committee (proposed by the social worker)."""
    with ctx.db.write() as session:
        fund = demo_fund(session)
        [waiting] = disbursements.disbursements(session, fund, "proposed")
        decided = {decision.member_id for decision in waiting.decisions}
        member = next(m for m in funds.committee(session, fund) if m.id not in decided)
        view = disbursements.approve_disbursement(session, waiting.id, member.id, "approve")
        assert len(view.decisions) == len(decided) + 1


def exchange_bundles(ctx: Context) -> None:
    """Trust the county office's keys (the first step of any exchange)."""
    with ctx.db.write() as session:
        peers.add_peer(session, PeerKey("01900000-0000-7000-8000-00000000c0c0", "清河县民政局", "county",
                                        bytes(range(32)), bytes(range(32, 64))))


def edit_needs(ctx: Context) -> None:
    with ctx.db.write() as session:
        needs.add_need(session, NeedInput(communities.list_ids(session)[0], "elderly", "独居老人需要助餐"))


OPERATIONS: dict[Action, Callable[[Context], None]] = {
    Action.VIEW: view,
    Action.EDIT_STATION: edit_station,
    Action.EDIT_COMMUNITIES: edit_communities,
    Action.EDIT_REGISTERS: edit_registers,
    Action.MANAGE_USERS: manage_users,
    Action.VIEW_AUDIT: view_audit,
    Action.MAKE_BACKUP: make_backup,
    Action.RESTORE_BACKUP: restore_backup,
    Action.REVEAL_ID: reveal_id,
    Action.LOAD_DEMO: load_demo,
    Action.VIEW_CASES: view_cases,
    Action.EDIT_CASES: edit_cases,
    Action.VIEW_ALL_CASES: view_all_cases,
    Action.EDIT_PROJECTS: edit_projects,
    Action.MANAGE_ROUNDS: manage_rounds,
    Action.REVIEW_PROJECTS: review_projects,
    Action.RECORD_SPENDING: record_spending,
    Action.MANAGE_FUNDS: manage_funds,
    Action.RECORD_LEDGER: record_ledger,
    Action.APPROVE_DISBURSEMENTS: approve_disbursements,
    Action.DECIDE_DISBURSEMENTS: decide_disbursements,
    Action.SYNC: exchange_bundles,
    Action.EDIT_NEEDS: edit_needs,
}


def test_every_action_has_an_operation() -> None:
    assert set(OPERATIONS) == set(Action)


def test_every_role_has_a_demo_user_and_a_row() -> None:
    assert set(ROLE_USERS) == set(Role) == set(PERMISSIONS)


def snapshot(db: Database) -> tuple[list[maintenance.TableCount], object]:
    with db.read() as session:
        return maintenance.table_counts(session), station.get_profile(session)


@pytest.mark.parametrize(("role", "action"), list(itertools.product(Role, Action)),
                         ids=lambda v: str(v.value))
def test_role_may_do_action_iff_permitted(fresh: Context, role: Role, action: Action) -> None:
    db = fresh.db
    signed_in = signin.sign_in(db, ROLE_USERS[role], DEMO_PASSWORD)
    assert signed_in.principal.role == role
    operation = OPERATIONS[action]
    if action in PERMISSIONS[role]:
        operation(fresh)
        return
    before = snapshot(db)
    with pytest.raises(PermissionDenied) as caught:
        operation(fresh)
    assert "you may not" in caught.value.message
    assert snapshot(db) == before  # nothing written: not even an audit entry
    assert not fresh.out.exists()
    assert db.principal.username == ROLE_USERS[role]  # still signed in (a refused restore signs nobody out)


def test_the_head_may_do_everything_and_the_viewer_only_look() -> None:
    assert PERMISSIONS[Role.ADMIN] == frozenset(Action)
    # A reviewer from the county or a funder may be given a viewer's account: scoring is not editing.
    assert PERMISSIONS[Role.VIEWER] == frozenset({Action.VIEW, Action.REVIEW_PROJECTS})
    assert all(Action.VIEW in actions for actions in PERMISSIONS.values())
