"""The ledger's rules: the chart, the lines each kind of entry becomes, balance and reversal, the
committee rules and approvals; and, for any sequence of postings and reversals, every entry balanced,
balances equal to the sum of the lines, and no asset below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.ledger import (
    ACCOUNTS, ASSETS, CHART, PICKED, RULES, AccountKind, DisbursementStatus, EntryKind, Line, MemberRole, Seat, Side,
    approvals_needed, balances, check_balanced, committee_problems, lines_for, outcome, overdrawn, reversal_of,
)
from desktop.domain.money import from_fen, to_fen
from desktop.errors import ValidationError

D, C = Side.DEBIT, Side.CREDIT


def test_the_chart_has_its_accounts_with_kind_and_normal_side() -> None:
    assert [a.code for a in CHART] == ["bank", "cash", "goods", "donation_income", "transfers_in", "grants_paid",
                                       "expenses", "transfers_out", "refunds"]
    for account in CHART:
        assert account.normal == (C if account.kind is AccountKind.INCOME else D)
    assert ASSETS == ("bank", "cash", "goods")


@pytest.mark.parametrize(("kind", "asset", "debit", "credit"), [
    ("donation_money", "", "bank", "donation_income"),
    ("donation_money", "cash", "cash", "donation_income"),
    ("donation_goods", "", "goods", "donation_income"),
    ("grant", "", "grants_paid", "bank"),
    ("expense", "cash", "expenses", "cash"),
    ("expense", "goods", "expenses", "goods"),
    ("transfer_out", "", "transfers_out", "bank"),
    ("transfer_in", "", "bank", "transfers_in"),
    ("refund", "bank", "refunds", "bank"),
])
def test_each_kind_becomes_a_debit_and_a_credit(kind: str, asset: str, debit: str, credit: str) -> None:
    assert lines_for(kind, 140_950, asset) == (Line(debit, D, 140_950), Line(credit, C, 140_950))


@pytest.mark.parametrize(("kind", "amount", "asset", "field"), [
    ("reversal", 100, "", "kind"),  # made by reversing, not picked
    ("gift", 100, "", "kind"),
    ("donation_goods", 100, "bank", "account"),  # goods are goods
    ("grant", 100, "goods", "account"),  # a grant is money
    ("expense", 0, "", "amount"),
    ("expense", -5, "", "amount"),
    ("expense", True, "", "amount"),
])
def test_lines_for_refuses(kind: str, amount: int, asset: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        lines_for(kind, amount, asset)
    assert caught.value.field == field


@pytest.mark.parametrize("lines", [
    [Line("bank", D, 100)],  # one line
    [Line("bank", D, 100), Line("donation_income", C, 99)],  # unbalanced
    [Line("bank", D, 0), Line("donation_income", C, 0)],  # zero lines
    [Line("bank", D, -100), Line("donation_income", C, -100)],
    [Line("petty", D, 100), Line("donation_income", C, 100)],  # not in the chart
])
def test_check_balanced_refuses(lines: list[Line]) -> None:
    with pytest.raises(ValidationError):
        check_balanced(lines)


def test_a_split_entry_balances_and_its_reversal_undoes_it() -> None:
    lines = [Line("grants_paid", D, 700), Line("expenses", D, 300), Line("bank", C, 1000)]
    check_balanced(lines)
    undo = reversal_of(lines)
    assert [(line.account, line.side) for line in undo] == [("grants_paid", C), ("expenses", C), ("bank", D)]
    assert all(value == 0 for value in balances([*lines, *undo]).values())


def test_overdrawn_names_the_asset_taken_below_zero() -> None:
    held = balances(lines_for("donation_money", 500, "cash"))
    assert overdrawn(held, lines_for("expense", 500, "cash")) is None
    assert overdrawn(held, lines_for("expense", 501, "cash")) == "cash"
    assert overdrawn(held, lines_for("expense", 1, "bank")) == "bank"
    assert overdrawn(held, lines_for("donation_money", 1)) is None


@pytest.mark.parametrize(("roles", "unpaid", "broken"), [
    ("CMMMS", True, []),
    ("CMMS", True, ["at least 5", "odd number"]),
    ("CMMMMS", True, ["odd number"]),
    ("CMMMM", True, ["supervisor"]),
    ("CMMMS", False, ["unpaid"]),
    ("CCMMS", True, ["one chair"]),
    ("MMMSS", True, []),  # a chair is not required; two supervisors are fine
])
def test_committee_rules(roles: str, unpaid: bool, broken: list[str]) -> None:
    role = {"C": MemberRole.CHAIR, "M": MemberRole.MEMBER, "S": MemberRole.SUPERVISOR}
    problems = committee_problems([Seat(role[r], unpaid) for r in roles])
    assert len(problems) == len(broken)
    for problem, words in zip(problems, broken, strict=True):
        assert words in problem


@pytest.mark.parametrize(("size", "rule", "needed"), [
    (5, "majority", 3), (7, "majority", 4), (9, "majority", 5), (5, "two_thirds", 4), (7, "two_thirds", 5),
    (9, "two_thirds", 6), (5, "all", 5)])
def test_approvals_needed(size: int, rule: str, needed: int) -> None:
    assert approvals_needed(size, rule) == needed


def test_an_unknown_approval_rule_is_refused() -> None:
    with pytest.raises(ValidationError):
        approvals_needed(5, "chairman_decides")


@pytest.mark.parametrize(("approvals", "rejections", "expected"), [
    (2, 0, None), (3, 0, DisbursementStatus.APPROVED), (2, 2, None), (2, 3, DisbursementStatus.REJECTED),
    (0, 3, DisbursementStatus.REJECTED), (3, 2, DisbursementStatus.APPROVED)])
def test_outcome_settles_as_soon_as_it_can(approvals: int, rejections: int,
                                           expected: DisbursementStatus | None) -> None:
    assert outcome(5, "majority", approvals, rejections) == expected


# Any sequence of postings and reversals, applied as a fund would: a posting that would take an asset
# below zero is refused; an entry is reversed at most once and a reversal never.
AMOUNTS = st.integers(min_value=1, max_value=10**9)
POSTING = st.tuples(st.just("post"), st.sampled_from([k for k in PICKED] + [EntryKind.TRANSFER_IN]), AMOUNTS,
                    st.integers(min_value=0, max_value=2))
REVERSING = st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=10**6))


@settings(max_examples=100)
@given(st.lists(st.one_of(POSTING, REVERSING), max_size=40))
def test_any_sequence_keeps_entries_balanced_and_assets_covered(steps: list[tuple]) -> None:
    journal: list[tuple[Line, ...]] = []
    reversible: list[int] = []  # entries neither reversed nor reversals
    for step in steps:
        if step[0] == "post":
            _post, kind, amount, pick = step
            assets = RULES[EntryKind(kind)].assets
            lines: tuple[Line, ...] = lines_for(kind, amount, assets[pick % len(assets)])
            reverses = None
        elif reversible:
            reverses = reversible[step[1] % len(reversible)]
            lines = reversal_of(journal[reverses])
        else:
            continue
        check_balanced(lines)
        held = balances(line for entry in journal for line in entry)
        if overdrawn(held, lines) is not None:
            continue
        journal.append(lines)
        if reverses is None:
            reversible.append(len(journal) - 1)
        else:
            reversible.remove(reverses)
        after = balances(line for entry in journal for line in entry)
        assert all(after[code] >= 0 for code in ASSETS)
        assert after == {code: held[code] + sum(line.signed_fen for line in lines if line.account == code)
                         for code in ACCOUNTS}
    totals = balances(line for entry in journal for line in entry)
    debits = sum(line.amount_fen for entry in journal for line in entry if line.side == D)
    credits = sum(line.amount_fen for entry in journal for line in entry if line.side == C)
    assert debits == credits
    # Assets held are what came in less what went out: the accounting equation, to the fen.
    kinds = {code: ACCOUNTS[code].kind for code in ACCOUNTS}
    assert sum(v for c, v in totals.items() if kinds[c] is AccountKind.ASSET) == \
        sum(v for c, v in totals.items() if kinds[c] is AccountKind.INCOME) - \
        sum(v for c, v in totals.items() if kinds[c] is AccountKind.EXPENSE)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_to_decimal_and_back_is_exact(fen: int) -> None:
    assert to_fen(from_fen(fen)) == fen
    assert from_fen(fen) == Decimal(fen) / 100


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False,
                   allow_infinity=False))
def test_decimal_to_fen_and_back_is_exact(amount: Decimal) -> None:
    assert from_fen(to_fen(amount)) == amount
    assert to_fen(str(amount)) == to_fen(amount)
