"""The case texts name the head as the node calls it (issue 5, K5 #1): 县级管理员 at a county, 站长 at a
station — the hand-over refusal, the responsible-worker refusals and the cases page's note to a role that
sees no case."""

from __future__ import annotations

import pytest

from county_testing import sign_in_account
from desktop.domain.permissions import Role
from desktop.errors import ValidationError
from desktop.services import case_handover, cases
from desktop.services.guard import PermissionDenied
from desktop.ui.cases.page import CasesPage
from sync_testing import Node, a, c
from wushe_testing import shown

__all__ = ["a", "c"]  # the fixtures

HEADS = (("c", "county administrator"), ("a", "station head"))


@pytest.mark.parametrize(("node_name", "head"), HEADS)
def test_the_case_refusals_name_the_head_of_the_node(request, node_name: str, head: str) -> None:
    node: Node = request.getfixturevalue(node_name)
    head_account = sign_in_account(node, "tou", "负责人")
    finance = sign_in_account(node, "kuai", "会计", role=Role.FINANCE)
    worker = sign_in_account(node, "gong", "社工", role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied) as handing, node.db.write() as session:
        case_handover.hand_over(session, "any-case", "any-worker", "调岗")
    assert handing.value.message == f"Only the {head} hands a case over to another social worker."
    with pytest.raises(ValidationError) as giving, node.db.read() as session:
        cases.worker_account(session, worker, "another-worker")
    assert giving.value.message == (f"You may open a case only as its worker yourself; the {head} gives cases to "
                                    "other workers.")
    with pytest.raises(ValidationError) as choosing, node.db.read() as session:
        cases.worker_account(session, head_account, finance.user_id or "")  # the head gives it to finance
    assert choosing.value.message == f"Choose an active social worker or the {head}."


@pytest.mark.parametrize(("node_name", "head"), HEADS)
def test_the_cases_page_tells_finance_who_sees_the_cases(qtbot, make_ctx, request, node_name: str,
                                                         head: str) -> None:
    node: Node = request.getfixturevalue(node_name)
    sign_in_account(node, "kuai", "会计", role=Role.FINANCE)
    page = shown(qtbot, CasesPage(make_ctx(node.db)))
    assert page.refusal is not None and page.tabs is None
    assert f"the {head} every case" in page.refusal.text()
