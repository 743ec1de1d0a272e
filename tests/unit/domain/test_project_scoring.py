"""Rubric weights, reviewers' sheets, ranking with ties, and approved amounts within the pool."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.project_scoring import (
    DEFAULT_RUBRIC,
    Criterion,
    Ranked,
    check_approvals,
    check_rubric,
    pool_left,
    project_score,
    rank,
    sheet_score,
    suggest_approvals,
)
from desktop.errors import ValidationError

D = Decimal
TWO = (Criterion("need", "需求分析", 40), Criterion("design", "项目设计", 60))


def test_the_default_rubric_is_the_usual_split() -> None:
    check_rubric(DEFAULT_RUBRIC)
    assert [c.weight for c in DEFAULT_RUBRIC] == [20, 25, 15, 15, 15, 10]


@pytest.mark.parametrize(("criteria", "fragment"), [
    ((), "at least one"),
    ((Criterion("need", "需求分析", 40), Criterion("design", "项目设计", 50)), "sum to 90"),
    ((Criterion("need", "需求分析", 60), Criterion("design", "项目设计", 60)), "sum to 120"),
    ((Criterion("need", "需求分析", 100), Criterion("design", "项目设计", 0)), "whole number from 1 to 100"),
    ((Criterion("need", "需求分析", 101), Criterion("design", "项目设计", -1)), "whole number from 1 to 100"),
    ((Criterion("need", "需求分析", Decimal("33.5")),  # type: ignore[arg-type]  # as a form might pass it
      Criterion("design", "项目设计", Decimal("66.5"))), "“需求分析” must be a whole number"),  # type: ignore[arg-type]
    ((Criterion("need", " ", 100),), "needs a name"),
    ((Criterion("need", "需求分析", 50), Criterion("design", "需求分析 ", 50)), "twice"),
    ((Criterion("need", "需求分析", 50), Criterion("need", "项目设计", 50)), "twice"),
])
def test_a_bad_rubric_is_refused(criteria: tuple[Criterion, ...], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as refused:
        check_rubric(criteria)
    assert refused.value.field == "rubric"


def test_one_criterion_of_weight_100_is_a_rubric() -> None:
    check_rubric((Criterion("overall", "总体评价", 100),))


def test_a_sheet_is_the_weighted_mean() -> None:
    assert sheet_score(TWO, {"need": D(80), "design": D(90)}) == D("86.00")
    # 40 × 77.7 + 60 × 88.8 = 8436 → 84.36
    assert sheet_score(TWO, {"need": D("77.7"), "design": D("88.8")}) == D("84.36")
    scores = {"need": D(90), "design": D(80), "feasibility": D(70), "budget": D(60), "capacity": D(85),
              "innovation": D("72.5")}
    # 18 + 20 + 10.5 + 9 + 12.75 + 7.25 = 77.5
    assert sheet_score(DEFAULT_RUBRIC, scores) == D("77.50")


def test_a_sheet_rounds_half_up_to_the_hundredth() -> None:
    rubric = (Criterion("a", "甲", 15), Criterion("b", "乙", 85))
    # 15 × 0.3 / 100 = 0.045 → 0.05 (half-even would give 0.04); 15 × 0.1 / 100 = 0.015 → 0.02
    assert sheet_score(rubric, {"a": D("0.1"), "b": D(0)}) == D("0.02")
    assert sheet_score(rubric, {"a": D("0.3"), "b": D(0)}) == D("0.05")


@pytest.mark.parametrize(("scores", "field"), [
    ({"need": D(80)}, "design"),
    ({"need": D(80), "design": D(80), "extra": D(1)}, "extra"),
    ({"need": D("100.1"), "design": D(80)}, "need"),
    ({"need": D(-1), "design": D(80)}, "need"),
    ({"need": D("80.25"), "design": D(80)}, "need"),
    ({"need": 80.5, "design": D(80)}, "need"),  # never a float
])
def test_a_bad_sheet_is_refused_at_the_criterion(scores: dict[str, Decimal], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        sheet_score(TWO, scores)
    assert refused.value.field == field


@given(st.lists(st.integers(0, 1000), min_size=6, max_size=6))
def test_a_sheet_stays_within_the_lowest_and_highest_score(tenths: list[int]) -> None:
    scores = {c.key: D(t).scaleb(-1) for c, t in zip(DEFAULT_RUBRIC, tenths, strict=True)}
    result = sheet_score(DEFAULT_RUBRIC, scores)
    assert min(scores.values()) <= result <= max(scores.values())
    assert result == result.quantize(D("0.01"))


def test_the_project_score_is_the_mean_of_the_sheets() -> None:
    assert project_score([]) is None
    assert project_score([D("80.00")]) == D("80.00")
    assert project_score([D("80.00"), D("85.50")]) == D("82.75")
    assert project_score([D("80.00"), D("80.01"), D("80.01")]) == D("80.01")  # 80.00666…
    assert project_score([D("80.00"), D("80.01")]) == D("80.01")  # 80.005, half up
    with pytest.raises(ValidationError):
        project_score([D("80.001")])


def test_ranking_with_ties_is_standard_competition_ranking() -> None:
    result = rank([("P1", D("70")), ("P2", None), ("P3", D("90")), ("P4", D("80")), ("P5", D("90")),
                   ("P6", D("80")), ("P7", None), ("P8", D("60"))])
    assert result == [
        Ranked("P3", D("90"), 1), Ranked("P5", D("90"), 1),
        Ranked("P4", D("80"), 3), Ranked("P6", D("80"), 3),
        Ranked("P1", D("70"), 5), Ranked("P8", D("60"), 6),
        Ranked("P2", None, None), Ranked("P7", None, None),
    ]


def test_ties_compare_values_not_spellings() -> None:
    assert [r.rank for r in rank([("a", D("80")), ("b", D("80.00"))])] == [1, 1]


@given(st.lists(st.one_of(st.none(), st.integers(0, 10000).map(lambda h: D(h).scaleb(-2))), max_size=30))
def test_rank_is_one_more_than_the_number_scored_higher(scores: list[Decimal | None]) -> None:
    entries = [(f"P{i}", score) for i, score in enumerate(scores)]
    result = rank(entries)
    assert sorted(r.project_id for r in result) == sorted(pid for pid, _s in entries)
    for r in result:
        if r.score is None:
            assert r.rank is None
        else:
            assert r.rank == 1 + sum(1 for s in scores if s is not None and s > r.score)
    ranks = [r.rank for r in result if r.rank is not None]
    assert ranks == sorted(ranks)
    assert all(r.rank is None for r in result[len(ranks):])


APPROVALS = [("P1", 3000000, 3000000), ("P2", 2500000, 2000000), ("P3", 1000000, 1000000)]


def test_approvals_within_the_requests_and_the_pool_pass() -> None:
    check_approvals(APPROVALS, 6000000)
    check_approvals([], 0)
    assert pool_left(6000000, (approved for _p, _r, approved in APPROVALS)) == 0
    assert pool_left(10000000, [3000000]) == 7000000


def test_the_pool_cannot_be_exceeded_by_one_fen() -> None:
    with pytest.raises(ValidationError) as refused:
        check_approvals(APPROVALS, 5999999)
    assert refused.value.field == "pool"
    assert "60000.00" in refused.value.message and "59999.99" in refused.value.message


@pytest.mark.parametrize(("approval", "fragment"), [
    (("P4", 1000000, 1000001), "above the request"),
    (("P4", 1000000, 0), "above zero"),
    (("P4", 1000000, -5), "above zero"),
    (("P1", 1000000, 1000), "twice"),
])
def test_a_bad_approval_names_the_project(approval: tuple[str, int, int], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as refused:
        check_approvals([*APPROVALS, approval], 10**9)
    assert refused.value.field == approval[0]


def test_suggestions_take_full_requests_in_rank_order_and_skip_what_does_not_fit() -> None:
    ranked = rank([("A", D(90)), ("B", D(85)), ("C", D(80)), ("D", D(75)), ("E", None), ("F", D(50))])
    requested = {"A": 3000000, "B": 5000000, "C": 2000000, "D": 1000000, "E": 100, "F": 500000}
    # 10 万: A, B and C use it all; D and F find nothing left.
    assert suggest_approvals(ranked, requested, 10000000, None) == [
        ("A", 3000000, 3000000), ("B", 5000000, 5000000), ("C", 2000000, 2000000),
    ]
    # 6.5 万: B does not fit after A and is skipped, never cut down; the smaller C, D and F still fit.
    assert suggest_approvals(ranked, requested, 6500000, None) == [
        ("A", 3000000, 3000000), ("C", 2000000, 2000000), ("D", 1000000, 1000000), ("F", 500000, 500000),
    ]
    # A minimum score keeps F out; an unscored project is never suggested.
    assert suggest_approvals(ranked, requested, 6500000, D(60)) == [
        ("A", 3000000, 3000000), ("C", 2000000, 2000000), ("D", 1000000, 1000000),
    ]
    assert suggest_approvals(ranked, requested, 0, None) == []


@given(st.lists(st.integers(1, 10**7), min_size=1, max_size=15), st.integers(0, 5 * 10**7))
def test_suggestions_always_pass_the_approval_check(requests: list[int], pool: int) -> None:
    ranked = rank([(f"P{i}", D(100 - i)) for i in range(len(requests))])
    requested = {f"P{i}": fen for i, fen in enumerate(requests)}
    approvals = suggest_approvals(ranked, requested, pool, None)
    check_approvals(approvals, pool)
    left = pool_left(pool, (approved for _p, _r, approved in approvals))
    chosen = {pid for pid, _r, _a in approvals}
    assert all(requested[pid] > left for pid in requested if pid not in chosen)  # nothing left out that fits
