"""Who may do what: one table, enforced by the services; the UI only hides what they would refuse.

Later areas add their actions here, next to the roles that may perform them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.i18n import N_, _


class Role(StrEnum):
    ADMIN = "admin"  # 站长 station head
    CASEWORKER = "caseworker"  # 社工
    FINANCE = "finance"  # 财务
    VIEWER = "viewer"  # 只读


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: N_("Station head"),
    Role.CASEWORKER: N_("Social worker"),
    Role.FINANCE: N_("Finance officer"),
    Role.VIEWER: N_("Viewer (read only)"),
}
# A county office (区县民政局 and its 社工指导中心) has the same roles; its head is no station head.
COUNTY_ROLE_LABELS: dict[str, str] = {**ROLE_LABELS, Role.ADMIN: N_("County administrator")}


def role_labels(node_kind: str) -> dict[str, str]:
    """What the roles are called at a node of ``node_kind`` (``codes.NODE_KINDS``)."""
    return COUNTY_ROLE_LABELS if node_kind == "county" else ROLE_LABELS


def head_title(node_kind: str) -> str:
    """The head's role as a sentence names it (Only the station head…, 只有站长…; the county administrator at a
    county): ``role_labels``' word, in English without its capital."""
    title = _(role_labels(node_kind)[Role.ADMIN])
    return title[:1].lower() + title[1:]


class Action(StrEnum):
    VIEW = "view"  # open the app's lists and pages
    EDIT_STATION = "station.edit"
    EDIT_COMMUNITIES = "communities.edit"
    EDIT_REGISTERS = "registers.edit"  # the registers of 五社联动: organisations, workers, volunteers, donors
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"
    MAKE_BACKUP = "backup.make"
    RESTORE_BACKUP = "backup.restore"
    VIEW_CASES = "cases.view"  # clients and the cases one is responsible for (PIPL: sensitive)
    VIEW_ALL_CASES = "cases.view_all"  # every worker's cases, not only one's own
    EDIT_CASES = "cases.edit"  # clients, and the cases one may see
    EDIT_PROJECTS = "projects.edit"  # proposals, and the activities and evaluations of projects
    MANAGE_ROUNDS = "rounds.manage"  # micro-venture rounds, their reviewers, the review and approval
    REVIEW_PROJECTS = "projects.review"  # score the proposals of a round one is a reviewer of
    RECORD_SPENDING = "projects.spend"  # what a project spent, against its budget
    MANAGE_FUNDS = "funds.manage"  # community funds and their management committees
    RECORD_LEDGER = "ledger.record"  # post to a fund's ledger, pay disbursements, issue receipts
    APPROVE_DISBURSEMENTS = "disbursements.approve"  # propose payments, record one's own decision as a member
    DECIDE_DISBURSEMENTS = "disbursements.decide"  # record the decisions of members with no account (the clerk)
    REVEAL_ID = "id.reveal"  # see a full ID number instead of the masked one
    LOAD_DEMO = "demo.load"
    SYNC = "sync.exchange"  # trust peers, export and import bundles, resolve sync conflicts
    EDIT_NEEDS = "needs.edit"  # the needs and resources lists, and matches between them (供需对接)


ACTION_LABELS: dict[str, str] = {
    Action.VIEW: N_("look at the data"),
    Action.EDIT_STATION: N_("edit the station profile"),
    Action.EDIT_COMMUNITIES: N_("edit villages and communities"),
    Action.EDIT_REGISTERS: N_("edit the registers"),
    Action.MANAGE_USERS: N_("manage user accounts"),
    Action.VIEW_AUDIT: N_("read the audit log"),
    Action.MAKE_BACKUP: N_("make backups"),
    Action.RESTORE_BACKUP: N_("restore a backup"),
    Action.VIEW_CASES: N_("see clients and their own cases"),
    Action.VIEW_ALL_CASES: N_("see every worker's cases"),
    Action.EDIT_CASES: N_("edit clients and cases"),
    Action.EDIT_PROJECTS: N_("edit proposals and projects"),
    Action.MANAGE_ROUNDS: N_("run micro-venture rounds and approve projects"),
    Action.REVIEW_PROJECTS: N_("score proposals as a reviewer"),
    Action.RECORD_SPENDING: N_("record what projects spent"),
    Action.MANAGE_FUNDS: N_("set up community funds and their committees"),
    Action.RECORD_LEDGER: N_("post to the fund ledgers and issue donation receipts"),
    Action.APPROVE_DISBURSEMENTS: N_("propose disbursements and record their own decision as a committee member"),
    Action.DECIDE_DISBURSEMENTS: N_("record the committee's decisions on disbursements, as its clerk"),
    Action.REVEAL_ID: N_("reveal full ID card numbers"),
    Action.LOAD_DEMO: N_("load demo data"),
    Action.SYNC: N_("exchange sync bundles with other nodes"),
    Action.EDIT_NEEDS: N_("keep the needs and resources lists"),
}

ALL = frozenset(Action)

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: ALL,
    Role.CASEWORKER: frozenset({Action.VIEW, Action.EDIT_COMMUNITIES, Action.EDIT_REGISTERS, Action.MAKE_BACKUP,
                                Action.REVEAL_ID, Action.VIEW_CASES, Action.EDIT_CASES, Action.EDIT_PROJECTS,
                                Action.REVIEW_PROJECTS, Action.RECORD_SPENDING, Action.APPROVE_DISBURSEMENTS,
                                Action.EDIT_NEEDS}),
    # A reviewer from the county or a funder signs in with whatever account the station gave them.
    Role.FINANCE: frozenset({Action.VIEW, Action.MAKE_BACKUP, Action.REVIEW_PROJECTS, Action.RECORD_SPENDING,
                             Action.RECORD_LEDGER, Action.APPROVE_DISBURSEMENTS, Action.DECIDE_DISBURSEMENTS}),
    Role.VIEWER: frozenset({Action.VIEW, Action.REVIEW_PROJECTS}),
}


def roles_that_may(action: Action) -> list[Role]:
    """The roles that may do ``action``, the head's first: what a refusal says is needed."""
    return [role for role in Role if action in PERMISSIONS[role]]


def may(role: str, action: Action) -> bool:
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user, or the system itself before any account exists."""

    user_id: str | None
    username: str
    display_name: str
    role: Role

    def may(self, action: Action) -> bool:
        return may(self.role, action)


SYSTEM = Principal(None, "system", "system", Role.ADMIN)
