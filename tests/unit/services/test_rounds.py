"""Rounds through the service: their settings checked, the default rubric, changing the rubric and the
reviewers (and when that is refused), the pool's granted total, the list, and who may write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import as_user
from desktop.domain.project_budget import RoundRules
from desktop.domain.project_workflow import Status
from desktop.errors import NotFoundError
from desktop.services import accounts, reviews, rounds
from desktop.services.guard import PermissionDenied
from desktop.services.rounds import CriterionInput
from desktop.storage.database import Database
from desktop.storage.models import Project, ProjectRound, ReviewScore, RoundCriterion
from project_testing import TODAY, acting, make_proposal, make_round, round_input, user_ids, walk_project
from wushe_testing import DemoTemplate, open_copy, refusal

RUBRIC = [CriterionInput("需求分析", 30, "需求是否真实"), CriterionInput("项目设计", 40), CriterionInput("预算", 30)]


@pytest.fixture
def head(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with its head signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "admin")
    yield db
    db.close()


def test_a_new_round_has_the_default_rubric_and_its_settings(head: Database) -> None:
    data = round_input(areas=("children", "elderly", "children"), rules=RoundRules(3_000_000, 50, 40, 30000))
    with head.write() as session:
        view = rounds.add(session, data)
    assert (view.name, view.year, view.pool_fen, view.opens_on, view.closes_on) == (
        data.name, TODAY.year, 20_000_000, data.opens_on, data.closes_on)
    assert view.areas == ("children", "elderly")  # each once, in the order ticked
    assert view.rules == RoundRules(3_000_000, 50, 40, 30000)
    assert [(c.name, c.weight) for c in view.criteria] == [
        ("Need and necessity", 20), ("Design and goals", 25), ("Feasibility and schedule", 15),
        ("Budget soundness", 15), ("Team capacity", 15), ("Innovation and sustainability", 10)]
    assert (view.reviewers, view.projects, view.approved_fen, view.pool_left_fen) == ((), 0, 0, 20_000_000)
    assert view.is_open(TODAY) and not view.is_open(data.closes_on + timedelta(days=1))
    with head.read() as session:
        assert rounds.get(session, view.id) == view
        assert rounds.get(session, view.id).as_input() == replace(data, areas=("children", "elderly"))


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "  "}, "name"),
    ({"organiser": ""}, "organiser"),
    ({"year": 1999}, "year"),
    ({"funding_kind": "lottery"}, "funding_kind"),
    ({"pool_fen": 0}, "pool"),
    ({"closes_on": TODAY - timedelta(days=31)}, "closes_on"),
    ({"areas": ("elderly", "space")}, "areas"),
    ({"rules": RoundRules(max_grant_fen=30_000_000)}, "max_grant"),  # above the pool
    ({"rules": RoundRules(labour_max_percent=101)}, "labour_max_percent"),
    ({"notes": "注" * 501}, "notes"),
])
def test_round_settings_are_checked(head: Database, change: dict[str, object], field: str) -> None:
    assert refusal(head, lambda s: rounds.add(s, round_input(**change))).field == field


def test_list_by_year_newest_first_and_find_by_name_or_id(head: Database) -> None:
    with head.write() as session:
        older = make_round(session, reviewers=(), year=TODAY.year - 1, name="2025年青山镇社区公益创投")
        first = make_round(session, reviewers=(), opens_on=TODAY - timedelta(days=60))
        second = make_round(session, reviewers=())
        twin = make_round(session, reviewers=(), name=second.name + "乙")
        make_round(session, reviewers=(), name=twin.name)
    with head.read() as session:
        this_year = [r.id for r in rounds.list_all(session, TODAY.year)]
        assert this_year.index(second.id) < this_year.index(first.id)  # opened later, listed first
        assert older.id not in this_year
        assert older.id in {r.id for r in rounds.list_all(session)}
        assert rounds.find(session, older.name).id == older.id
        assert rounds.find(session, first.id).id == first.id
        with pytest.raises(NotFoundError, match="Several rounds"):
            rounds.find(session, twin.name)
        with pytest.raises(NotFoundError, match="No round is named"):
            rounds.find(session, "没有这个批次")


def test_update_keeps_the_pool_above_what_was_granted(head: Database) -> None:
    with head.write() as session:
        view = make_round(session)
        project = make_proposal(session, view.id)
    walk_project(head, project.id, Status.APPROVED)
    with head.read() as session:
        granted = rounds.get(session, view.id)
    assert (granted.projects, granted.approved_fen, granted.pool_left_fen) == (1, 2_000_000, 18_000_000)
    refused = refusal(head, lambda s: rounds.update(s, view.id, replace(view.as_input(), pool_fen=1_999_999,
                                                                               rules=RoundRules())))
    assert refused.field == "pool" and "20000.00 yuan" in refused.message
    with head.write() as session:
        changed = rounds.update(session, view.id, replace(view.as_input(), pool_fen=2_000_000, notes="追加",
                                                                   rules=RoundRules()))
    assert (changed.pool_fen, changed.pool_left_fen, changed.notes) == (2_000_000, 0, "追加")


def test_set_rubric_checks_the_weights_and_keeps_criteria_by_name(head: Database) -> None:
    with head.write() as session:
        view = make_round(session)
    bad = refusal(head, lambda s: rounds.set_rubric(s, view.id, [CriterionInput("需求分析", 60),
                                                                 CriterionInput("项目设计", 30)]))
    assert bad.field == "rubric" and "sum to 90" in bad.message
    assert refusal(head, lambda s: rounds.set_rubric(s, view.id, [CriterionInput(" ", 100)])).field == "rubric"
    with head.write() as session:
        first = rounds.set_rubric(session, view.id, RUBRIC)
        second = rounds.set_rubric(session, view.id, [CriterionInput("项目设计", 50), CriterionInput("可持续性", 50)])
    assert [(c.name, c.weight, c.guidance) for c in first.criteria] == [
        ("需求分析", 30, "需求是否真实"), ("项目设计", 40, ""), ("预算", 30, "")]
    assert [c.name for c in second.criteria] == ["项目设计", "可持续性"]
    assert second.criteria[0].id == first.criteria[1].id  # kept by name
    with head.read() as session:
        dropped = set(session.scalars(select(RoundCriterion.name).where(RoundCriterion.round_id == view.id,
                                                                        RoundCriterion.deleted_at.is_not(None))))
    assert dropped >= {"需求分析", "预算", "Need and necessity"}


def test_the_rubric_is_fixed_once_a_sheet_is_submitted_and_drafts_lose_dropped_criteria(head: Database) -> None:
    with head.write() as session:
        view = make_round(session)
        project = make_proposal(session, view.id)
    walk_project(head, project.id, Status.IN_REVIEW)
    with acting(head, "chenjun"), head.write() as session:
        reviews.save_scores(session, project.id, {view.criteria[0].id: Decimal(90)})
    dropping = [CriterionInput("项目设计", 100)]
    with head.read() as session:  # keeping the criterion scored loses nothing; dropping it loses 陈俊's draft
        assert rounds.drafts_dropped(session, view.id, [view.criteria[0].name]) == []
        assert rounds.drafts_dropped(session, view.id, ["项目设计"]) == ["陈俊"]
    refused = refusal(head, lambda s: rounds.set_rubric(s, view.id, dropping))
    assert refused.field == "rubric" and refused.message.startswith("陈俊 has draft scores for criteria this rubric "
                                                                     "drops")
    with head.write() as session:
        rounds.set_rubric(session, view.id, dropping, drop_drafts=True)  # the secretary agreed
        dropped_scores = session.scalars(select(ReviewScore).where(ReviewScore.criterion_id == view.criteria[0].id))
        assert all(score.deleted_at is not None for score in dropped_scores)
    with acting(head, "chenjun"), head.write() as session:
        sheet = reviews.my_sheet(session, project.id)
        reviews.save_scores(session, project.id, {c.criterion_id: Decimal(80) for c in sheet.criteria})
        reviews.submit_sheet(session, project.id)
    refused = refusal(head, lambda s: rounds.set_rubric(s, view.id, RUBRIC))
    assert refused.field == "rubric" and "no longer change" in refused.message


def test_reviewers_are_active_accounts_and_one_who_submitted_stays(head: Database) -> None:
    with head.write() as session:
        view = make_round(session, reviewers=())
        lixia, chenjun, zhaolei = user_ids(session, ["lixia", "chenjun", "zhaolei"])
        wangfang = user_ids(session, ["wangfang"])[0]
        accounts.set_disabled(session, wangfang, True)
        set_ = rounds.set_reviewers(session, view.id, [chenjun, zhaolei, chenjun])
    # in pinyin order of the name, as lists of people are: Chén before Zhào
    assert [(r.user_id, r.name) for r in set_.reviewers] == [(chenjun, "陈俊"), (zhaolei, "赵磊")]
    assert refusal(head, lambda s: rounds.set_reviewers(s, view.id, [wangfang])).field == "reviewers"
    assert refusal(head, lambda s: rounds.set_reviewers(s, view.id, ["no-such-account"])).field == "reviewers"
    with head.write() as session:
        project = make_proposal(session, view.id)
    walk_project(head, project.id, Status.IN_REVIEW)
    with acting(head, "chenjun"), head.write() as session:
        sheet = reviews.my_sheet(session, project.id)
        reviews.save_scores(session, project.id, {c.criterion_id: Decimal(70) for c in sheet.criteria})
        reviews.submit_sheet(session, project.id)
    refused = refusal(head, lambda s: rounds.set_reviewers(s, view.id, [zhaolei, lixia]))
    assert refused.field == "reviewers" and "陈俊 has submitted" in refused.message
    with head.write() as session:
        kept = rounds.set_reviewers(session, view.id, [chenjun, lixia])
    assert {r.name for r in kept.reviewers} == {"陈俊", "李霞"}


def test_only_the_head_runs_rounds(head: Database) -> None:
    with head.write() as session:
        view = make_round(session)
    with acting(head, "lixia"):
        with pytest.raises(PermissionDenied), head.write() as session:
            rounds.add(session, round_input())
        with pytest.raises(PermissionDenied), head.write() as session:
            rounds.set_reviewers(session, view.id, [])
        with head.read() as session:  # but everyone may look
            assert rounds.get(session, view.id).name == view.name


def test_a_round_without_submitted_proposals_is_deleted_with_its_drafts(head: Database) -> None:
    with head.write() as session:
        found = make_round(session)
        kept = make_round(session, name="另一批次")
        draft = make_proposal(session, found.id)
        submitted = make_proposal(session, kept.id)
    walk_project(head, submitted.id, Status.SUBMITTED)
    with acting(head, "chenjun"), pytest.raises(PermissionDenied), head.write() as session:
        rounds.delete(session, found.id)
    error = refusal(head, lambda s: rounds.delete(s, kept.id))
    assert error.field == "round"
    assert error.message == "1 proposal has been submitted to round 另一批次: the round stays on record."
    with head.write() as session:
        rounds.delete(session, found.id)
    with head.read() as session:
        listed = {r.id for r in rounds.list_all(session)}
        assert found.id not in listed and kept.id in listed
        assert session.get(ProjectRound, found.id).deleted_at is not None
        assert session.get(Project, draft.id).deleted_at is not None
        with pytest.raises(NotFoundError):
            rounds.get(session, found.id)
