"""Score sheets, the ranking and the approval list, on the demo station with rounds and proposals made
through the services (chenjun and zhaolei review; admin is the head; lixia reviews nothing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.domain.project_workflow import Status
from desktop.errors import ValidationError
from desktop.services import projects, reviews, rounds, signin
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.models import ProjectEvaluation, ReviewScore, ReviewSheet
from project_testing import acting, budget, make_proposal, make_round, review, walk_project
from wushe_testing import DEMO_PASSWORD, refusal

# DEFAULT_RUBRIC's weights are 20, 25, 15, 15, 15, 10: Σ weight × score / 100 = 80.325 → 80.33 (half-up)
SCORES = ("90", "80", "70", "60", "85.5", "100")


@pytest.fixture
def head(demo: Database) -> Database:
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    return demo


def new_round(db: Database, **overrides: object) -> str:
    with db.write() as session:
        return make_round(session, **overrides).id


def proposal(db: Database, round_id: str, status: Status = Status.IN_REVIEW, requested_yuan: int = 20_000) -> str:
    with db.write() as session:
        project_id = make_proposal(session, round_id, budget=budget(requested_yuan)).id
    walk_project(db, project_id, status)
    return project_id


def all_scores(db: Database, project_id: str, scores: tuple[str, ...] = SCORES) -> dict[str, Decimal]:
    with db.write() as session:
        sheet = reviews.my_sheet(session, project_id)
    return {c.criterion_id: Decimal(score) for c, score in zip(sheet.criteria, scores, strict=True)}


def sheet_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ReviewSheet)) or 0


def test_a_sheet_is_made_on_first_open_with_the_rubric_and_kept(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    with acting(head, "chenjun"), head.write() as session:
        first = reviews.my_sheet(session, project_id)
        again = reviews.my_sheet(session, project_id)
    assert first.id == again.id and first.reviewer_name == "陈俊"
    assert [(c.name, c.weight, c.score) for c in first.criteria][:2] == [("Need and necessity", 20, None),
                                                                          ("Design and goals", 25, None)]
    assert sum(c.weight for c in first.criteria) == 100
    assert first.submitted_at is None and first.score is None


def test_scores_are_kept_as_a_draft_and_a_left_out_criterion_loses_its_score(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    with acting(head, "chenjun"):
        scores = all_scores(head, project_id)
        first, second, *_rest = scores
        with head.write() as session:
            reviews.save_scores(session, project_id, scores, {first: "需求调研扎实"}, "建议立项")
            sheet = reviews.save_scores(session, project_id, {first: Decimal("95")}, {first: "需求清楚"}, "建议立项")
    assert [c.score for c in sheet.criteria] == [Decimal("95"), None, None, None, None, None]
    assert sheet.criteria[0].comment == "需求清楚" and sheet.opinion == "建议立项"
    with head.read() as session:  # the dropped scores are tombstones, not deletions
        assert session.scalar(select(func.count()).select_from(ReviewScore).where(
            ReviewScore.criterion_id == second, ReviewScore.deleted_at.is_not(None))) == 1


@pytest.mark.parametrize(("score", "message"), [("100.5", "between 0 and 100"), ("-1", "between 0 and 100"),
                                                ("85.25", "one decimal place")])
def test_a_score_outside_0_to_100_or_finer_than_a_tenth_is_refused(head: Database, score: str, message: str) -> None:
    project_id = proposal(head, new_round(head))
    with acting(head, "chenjun"):
        criterion = next(iter(all_scores(head, project_id)))
        error = refusal(head, lambda s: reviews.save_scores(s, project_id, {criterion: Decimal(score)}))
    assert error.field == criterion and message in error.message


def test_a_comment_needs_a_score_and_a_criterion_of_the_round(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    with acting(head, "chenjun"):
        criterion = next(iter(all_scores(head, project_id)))
        assert refusal(head, lambda s: reviews.save_scores(s, project_id, {}, {criterion: "好"})).field == criterion
        assert refusal(head, lambda s: reviews.save_scores(s, project_id, {"nope": Decimal(1)})).field == "nope"


def test_submission_needs_every_criterion_and_fixes_the_weighted_score(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    with acting(head, "chenjun"):
        scores = all_scores(head, project_id)
        last = list(scores)[-1]
        with head.write() as session:
            reviews.save_scores(session, project_id, {k: v for k, v in scores.items() if k != last})
        error = refusal(head, lambda s: reviews.submit_sheet(s, project_id))
        assert error.field == last and "Innovation and sustainability" in error.message
        with head.write() as session:
            reviews.save_scores(session, project_id, scores)
            submitted = reviews.submit_sheet(session, project_id)
        assert submitted.score == Decimal("80.33") and submitted.submitted_at is not None
        for change in (lambda s: reviews.save_scores(s, project_id, scores), lambda s: reviews.submit_sheet(s, project_id)):
            assert "can no longer change" in refusal(head, change).message
        with head.read() as session:
            assert reviews.my_sheet(session, project_id) == submitted


def test_a_reviewer_sees_the_others_scores_only_after_submitting(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    review(head, project_id, ("chenjun",), score="90")
    with acting(head, "zhaolei"):
        with head.write() as session:
            own = reviews.my_sheet(session, project_id)
        assert own.score is None and all(c.score is None for c in own.criteria)
        with pytest.raises(PermissionDenied, match="Submit your own score sheet first"), head.read() as session:
            reviews.sheets(session, project_id)
    with head.read() as session:  # the head sees what is in at any time
        assert [(s.reviewer_name, s.score) for s in reviews.sheets(session, project_id)] == [("陈俊", Decimal("90.00"))]
    review(head, project_id, ("zhaolei",), score="70")
    with acting(head, "zhaolei"), head.read() as session:
        assert [s.score for s in reviews.sheets(session, project_id)] == [Decimal("90.00"), Decimal("70.00")]
    with acting(head, "lixia"), pytest.raises(PermissionDenied, match="reviewers see"), head.read() as session:
        reviews.sheets(session, project_id)


def test_a_head_who_reviews_waits_for_the_others_scores_like_any_reviewer(head: Database) -> None:
    project_id = proposal(head, new_round(head, reviewers=("admin", "chenjun")))
    review(head, project_id, ("chenjun",), score="90")
    with pytest.raises(PermissionDenied, match="Submit your own score sheet first"), head.read() as session:
        reviews.sheets(session, project_id)
    review(head, project_id, ("admin",), score="70")
    with head.read() as session:
        assert [s.score for s in reviews.sheets(session, project_id)] == [Decimal("90.00"), Decimal("70.00")]


def test_where_my_sheets_stand_is_read_without_making_one(head: Database) -> None:
    round_id = new_round(head)
    drafted, submitted, untouched = (proposal(head, round_id) for _ in range(3))
    with acting(head, "zhaolei"):
        with head.write() as session:
            reviews.my_sheet(session, drafted)
        review(head, submitted, ("zhaolei",), score="80")
        before = sheet_count(head)
        with head.read() as session:
            states = reviews.my_sheet_states(session, [drafted, submitted, untouched])
    assert sheet_count(head) == before
    assert states[drafted] == reviews.MySheetState(True, False, None)
    assert states[submitted] == reviews.MySheetState(True, True, Decimal("80.00"))
    assert untouched not in states


def test_only_the_rounds_reviewers_score(head: Database) -> None:
    project_id = proposal(head, new_round(head))
    before = sheet_count(head)
    for username in ("lixia", "admin"):
        with acting(head, username), pytest.raises(PermissionDenied, match="Only the reviewers"), \
                head.write() as session:
            reviews.my_sheet(session, project_id)
    assert sheet_count(head) == before


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_a_proposal_is_scored_only_in_review(head: Database, status: Status) -> None:
    project_id = proposal(head, new_round(head), status)
    before = sheet_count(head)
    with acting(head, "chenjun"):
        assert "not in review" in refusal(head, lambda s: reviews.my_sheet(s, project_id)).message
        assert "not in review" in refusal(head, lambda s: reviews.save_scores(s, project_id, {})).message
    assert sheet_count(head) == before


def test_after_the_decision_a_reviewer_still_reads_their_sheet_but_cannot_change_it(head: Database) -> None:
    project_id = proposal(head, new_round(head), Status.APPROVED)
    with acting(head, "chenjun"):
        with head.read() as session:
            assert reviews.my_sheet(session, project_id).score == Decimal("80.00")
        assert "not in review" in refusal(head, lambda s: reviews.save_scores(s, project_id, {})).message


def test_the_ranking_shares_a_rank_between_ties_and_leaves_the_unscored_last(head: Database) -> None:
    round_id = new_round(head)
    first, second, third, unscored = (proposal(head, round_id) for _n in range(4))
    review(head, first, score="80")
    review(head, second, ("chenjun",), score="90")
    review(head, second, ("zhaolei",), score="70")
    review(head, third, score="85.5")
    with head.read() as session:
        found = reviews.results(session, round_id)
    assert [(row.project_id, row.rank, row.score, row.sheets_in) for row in found.rows] == [
        (third, 1, Decimal("85.50"), 2), (first, 2, Decimal("80.00"), 2), (second, 2, Decimal("80.00"), 2),
        (unscored, None, None, 0)]
    by_name = {reviewer.name: reviewer.user_id for reviewer in found.reviewers}
    assert found.rows[2].sheet_scores == {by_name["陈俊"]: Decimal("90.00"), by_name["赵磊"]: Decimal("70.00")}
    assert found.rows[0].requested_fen == 2_000_000 and found.rows[0].applicant and found.rows[0].community


def test_only_the_head_sees_the_results(head: Database) -> None:
    round_id = new_round(head)
    with acting(head, "chenjun"), pytest.raises(PermissionDenied), head.read() as session:
        reviews.results(session, round_id)


def test_an_approval_above_the_request_or_beyond_the_pool_is_refused(head: Database) -> None:
    round_id = new_round(head, pool_fen=5_000_000)  # 50,000 yuan
    first, second, third = (proposal(head, round_id) for _n in range(3))  # 20,000 yuan each
    error = refusal(head, lambda s: reviews.set_approved(s, first, 2_000_001))
    assert error.field == "approved_fen" and "above the request of 20000.00 yuan" in error.message
    assert refusal(head, lambda s: reviews.set_approved(s, first, 0)).field == "approved_fen"
    with head.write() as session:
        reviews.set_approved(session, first, 2_000_000)
        reviews.set_approved(session, second, 2_000_000)
    error = refusal(head, lambda s: reviews.set_approved(s, third, 1_000_001))
    assert "50000.01 yuan, more than the pool of 50000.00 yuan" in error.message
    with head.write() as session:
        found = reviews.set_approved(session, third, 1_000_000)
    assert (found.approved_fen, found.pool_left_fen) == (5_000_000, 0)
    with head.write() as session:  # taken off the list, its amount is free again
        found = reviews.set_approved(session, second, None)
    assert (found.approved_fen, found.pool_left_fen) == (3_000_000, 2_000_000)


def test_approved_amounts_are_set_in_review_by_the_head_only(head: Database) -> None:
    round_id = new_round(head)
    submitted = proposal(head, round_id, Status.SUBMITTED)
    assert "not in review" in refusal(head, lambda s: reviews.set_approved(s, submitted, 100)).message
    in_review = proposal(head, round_id)
    with acting(head, "chenjun"), pytest.raises(PermissionDenied), head.write() as session:
        reviews.set_approved(session, in_review, 100)


def test_a_rejected_proposal_holds_no_part_of_the_pool_and_a_draft_is_not_ranked(head: Database) -> None:
    round_id = new_round(head)
    rejected = proposal(head, round_id, Status.REJECTED)
    proposal(head, round_id, Status.DRAFT)  # a draft is not a proposal to the round yet
    with head.read() as session:
        found = reviews.results(session, round_id)
    assert [(row.project_id, row.approved_fen, row.score) for row in found.rows] == [
        (rejected, None, Decimal("40.00"))]
    assert found.pool_left_fen == found.pool_fen


def test_the_suggestion_fills_the_pool_in_rank_order_without_writing(head: Database) -> None:
    round_id = new_round(head, pool_fen=7_000_000)  # 70,000 yuan
    top = proposal(head, round_id, requested_yuan=30_000)
    big = proposal(head, round_id, requested_yuan=25_000)
    small = proposal(head, round_id, requested_yuan=20_000)
    low = proposal(head, round_id, requested_yuan=5_000)
    for project_id, score in ((top, "95"), (big, "90"), (small, "85"), (low, "50")):
        review(head, project_id, score=score)
    with head.read() as session:
        # top 30,000 and big 25,000 fit; small (20,000) does not, and low (5,000) after it still does
        assert reviews.suggest(session, round_id) == {top: 3_000_000, big: 2_500_000, low: 500_000}
        assert reviews.suggest(session, round_id, Decimal(60)) == {top: 3_000_000, big: 2_500_000}
        assert [row.approved_fen for row in reviews.results(session, round_id).rows] == [None] * 4


def test_the_suggestion_shares_out_only_what_the_grants_leave(head: Database) -> None:
    round_id = new_round(head, pool_fen=4_000_000)  # 40,000 yuan
    proposal(head, round_id, Status.APPROVED, requested_yuan=20_000)
    asking = proposal(head, round_id, requested_yuan=25_000)
    review(head, asking, score="99")
    with head.read() as session:
        assert reviews.suggest(session, round_id) == {}


def test_a_head_who_reviews_sees_the_results_only_once_all_their_sheets_are_in(head: Database) -> None:
    round_id = new_round(head, reviewers=("admin", "chenjun"))
    first, second = proposal(head, round_id), proposal(head, round_id)
    review(head, first, ("chenjun",), score="90")
    review(head, second, ("chenjun",), score="60")
    with head.read() as session:
        assert reviews.unscored_by_me(session, round_id) == sorted(
            projects.get(session, project_id).number for project_id in (first, second))
    with pytest.raises(PermissionDenied, match="Submit your own score sheets of .* first"), head.read() as session:
        reviews.results(session, round_id)
    review(head, first, ("admin",), score="70")
    with pytest.raises(PermissionDenied, match="Submit your own score sheet of .* first"), head.read() as session:
        reviews.suggest(session, round_id)
    review(head, second, ("admin",), score="70")
    with head.read() as session:
        assert reviews.unscored_by_me(session, round_id) == []
        assert [row.score for row in reviews.results(session, round_id).rows] == [Decimal("80.00"), Decimal("65.00")]


def test_a_head_who_does_not_review_sees_the_results_at_any_time(head: Database) -> None:
    round_id = new_round(head)
    project_id = proposal(head, round_id)
    review(head, project_id, ("chenjun",), score="90")
    with head.read() as session:
        assert reviews.unscored_by_me(session, round_id) == []
        assert [row.score for row in reviews.results(session, round_id).rows] == [Decimal("90.00")]


def test_a_terminated_grant_holds_only_what_was_paid_and_the_rest_goes_back_to_the_pool(head: Database) -> None:
    round_id = new_round(head, pool_fen=4_000_000)  # 40,000 yuan
    ended = proposal(head, round_id, Status.RUNNING, requested_yuan=20_000)
    with head.write() as session:  # 6,000 yuan of the 20,000 had reached the project when it stopped
        session.add(ProjectEvaluation(project_id=ended, kind="midterm", evaluated_on=date.today(),
                                      conclusion="fail", funds_received_fen=600_000))
    with head.read() as session:
        assert rounds.get(session, round_id).approved_fen == 2_000_000
    with head.write() as session:
        projects.move(session, ended, "terminate", reason="申报单位负责人离职，无法继续执行")
    asking = proposal(head, round_id, requested_yuan=30_000)
    review(head, asking, score="90")
    with head.read() as session:
        assert (rounds.get(session, round_id).approved_fen, rounds.get(session, round_id).pool_left_fen) == (
            600_000, 3_400_000)
        found = reviews.results(session, round_id)
        assert (found.approved_fen, found.pool_left_fen, found.returned_fen) == (600_000, 3_400_000, 1_400_000)
        assert reviews.suggest(session, round_id) == {asking: 3_000_000}  # fits only with the 14,000 back
    with head.write() as session:
        assert reviews.set_approved(session, asking, 3_000_000).pool_left_fen == 400_000


def test_a_terminated_project_paid_nothing_returns_its_whole_grant(head: Database) -> None:
    round_id = new_round(head, pool_fen=3_000_000)
    proposal(head, round_id, Status.TERMINATED, requested_yuan=20_000)
    asking = proposal(head, round_id, requested_yuan=25_000)
    with head.write() as session:
        found = reviews.set_approved(session, asking, 2_500_000)
    assert (found.approved_fen, found.pool_left_fen) == (2_500_000, 500_000)
