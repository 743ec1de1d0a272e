"""Budget arithmetic of a micro-venture proposal and each rule of its round (FORMS.md)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.codes import BUDGET_CATEGORIES
from desktop.domain.project_budget import (
    BudgetLine,
    RoundRules,
    budget_problems,
    category_rank,
    check_budget,
    in_table_order,
    totals,
)
from desktop.errors import ValidationError, ValidationErrors

D = Decimal
VISITS = BudgetLine("service", "长者探访 40 户 × 12 次", "户·次", 2000, D(480))  # 9,600.00
WORKER = BudgetLine("labour", "项目社工劳务", "人·月", 300000, D(4), matching_fen=400000)  # 12,000.00
TRAINING = BudgetLine("training", "志愿者培训", "人·天", 30000, D(20))  # 6,000.00
LEAFLETS = BudgetLine("printing", "宣传折页", "份", 150, D(500))  # 750.00
LINES = [VISITS, WORKER, TRAINING, LEAFLETS]
TOTAL = 960000 + 1200000 + 600000 + 75000
REQUESTED = TOTAL - 400000
RULES = RoundRules(max_grant_fen=3000000, min_matching_percent=10)


def fields(lines: list[BudgetLine], rules: RoundRules = RULES, requested: int = REQUESTED) -> list[str]:
    return [field for field, _message in budget_problems(lines, rules, requested)]


def test_a_sound_budget_passes_with_its_totals() -> None:
    assert budget_problems(LINES, RULES, REQUESTED) == []
    result = check_budget(LINES, RULES, REQUESTED)
    assert (result.requested_fen, result.matching_fen, result.total_fen) == (2435000, 400000, 2835000)
    assert result.by_category == {
        "service": (960000, 0), "labour": (800000, 400000), "training": (600000, 0), "printing": (75000, 0),
    }
    assert list(result.by_category) == ["service", "labour", "training", "printing"]  # the table's row order


def test_categories_are_summed_in_the_printed_row_order() -> None:
    lines = [replace(LEAFLETS, category="other"), LEAFLETS, VISITS, VISITS]
    assert totals(lines).by_category == {"service": (1920000, 0), "printing": (75000, 0), "other": (75000, 0)}
    assert list(totals(lines).by_category) == ["service", "printing", "other"]


def test_line_amounts() -> None:
    assert VISITS.amount_fen == 960000 and VISITS.requested_fen == 960000
    assert WORKER.amount_fen == 1200000 and WORKER.requested_fen == 800000
    # 3.33 元 × 0.5 = 1.665 元: half a fen rounds up, as the printed table shows it
    assert BudgetLine("other", "x", "份", 333, D("0.5")).amount_fen == 167
    assert BudgetLine("other", "x", "份", 333, D("0.25")).amount_fen == 83  # 83.25 fen


@given(st.integers(0, 10**9), st.integers(0, 10**7))
def test_amount_is_price_times_quantity_rounded_half_up(price: int, hundredths: int) -> None:
    line = BudgetLine("service", "x", "次", price, D(hundredths).scaleb(-2))
    exact_hundredths_of_fen = price * hundredths
    assert line.amount_fen == (exact_hundredths_of_fen + 50) // 100
    assert type(line.amount_fen) is int


LINE = st.builds(
    BudgetLine,
    category=st.sampled_from(list(BUDGET_CATEGORIES)),
    item=st.just("物资"),
    unit=st.just("份"),
    unit_price_fen=st.integers(0, 10**8),
    quantity=st.integers(0, 10**6).map(lambda h: D(h).scaleb(-2)),
).flatmap(lambda line: st.integers(0, line.amount_fen).map(lambda m: replace(line, matching_fen=m)))


@given(st.lists(LINE, max_size=20))
def test_totals_are_the_sums_of_the_lines(lines: list[BudgetLine]) -> None:
    result = totals(lines)
    assert result.requested_fen == sum(line.requested_fen for line in lines)
    assert result.matching_fen == sum(line.matching_fen for line in lines)
    assert result.total_fen == sum(line.amount_fen for line in lines) == result.requested_fen + result.matching_fen
    assert sum(r for r, _m in result.by_category.values()) == result.requested_fen
    assert sum(m for _r, m in result.by_category.values()) == result.matching_fen
    assert all(type(v) is int for pair in result.by_category.values() for v in pair)
    assert all(line.problems() == [] for line in lines)


@given(st.lists(LINE, min_size=1, max_size=10).filter(lambda lines: totals(lines).requested_fen > 0))
def test_a_request_equal_to_the_lines_passes_when_no_rule_applies(lines: list[BudgetLine]) -> None:
    lines = [replace(line, item="物资") for line in lines]
    free = RoundRules(labour_max_percent=100, training_cap_fen=None, meeting_cap_fen=None)
    assert check_budget(lines, free, totals(lines).requested_fen) == totals(lines)


def test_a_request_of_nothing_is_refused() -> None:
    all_matching = [replace(line, matching_fen=line.amount_fen) for line in LINES]
    assert budget_problems(all_matching, RoundRules(), 0) == [
        ("requested", "The request is zero: a proposal asks the round for part of its budget.")]
    assert fields([replace(VISITS, unit_price_fen=0)], RoundRules(), 0) == ["requested"]
    assert fields([VISITS], RoundRules(), VISITS.requested_fen) == []


@given(st.lists(LINE, max_size=12))
def test_lines_in_table_order_group_by_category_and_keep_their_entry_order(lines: list[BudgetLine]) -> None:
    lines = [replace(line, item=str(n)) for n, line in enumerate(lines)]
    ordered = in_table_order(lines)
    assert sorted(ordered, key=lambda line: int(line.item)) == lines
    ranks = [category_rank(line.category) for line in ordered]
    assert ranks == sorted(ranks)
    assert all(int(a.item) < int(b.item) for a, b in zip(ordered, ordered[1:], strict=False)
               if a.category == b.category)
    assert list(totals(ordered).by_category) == list(dict.fromkeys(line.category for line in ordered))


def test_an_unknown_category_comes_last() -> None:
    newer = replace(LEAFLETS, category="from_a_newer_node")
    assert in_table_order([newer, LEAFLETS, TRAINING, VISITS, WORKER]) == (VISITS, WORKER, TRAINING, LEAFLETS, newer)
    assert category_rank("from_a_newer_node") == len(BUDGET_CATEGORIES)


@pytest.mark.parametrize(("line", "field"), [
    (replace(VISITS, category="bribes"), "category"),
    (replace(VISITS, item="  "), "item"),
    (replace(VISITS, unit_price_fen=-1), "unit_price"),
    (replace(VISITS, unit_price_fen=True), "unit_price"),
    (replace(VISITS, quantity=D("-1")), "quantity"),
    (replace(VISITS, quantity=D("1.005")), "quantity"),
    (replace(VISITS, quantity=D("NaN")), "quantity"),
    (replace(VISITS, quantity=D(10**10)), "quantity"),
    (replace(VISITS, quantity=1.5), "quantity"),  # a float is never an exact quantity
    (replace(VISITS, matching_fen=-1), "matching"),
    (replace(VISITS, matching_fen=960001), "matching"),
    (replace(VISITS, unit_price_fen=2**62, quantity=D(10)), "quantity"),  # beyond what SQLite stores
])
def test_a_bad_line_is_refused_at_its_field(line: BudgetLine, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        line.validated()
    assert refused.value.field == field
    assert fields([VISITS, line]) == [f"lines.2.{field}"]  # totals of a bad line are not checked
    assert budget_problems([VISITS, line], RULES, REQUESTED)[0][1].startswith("Line 2: ")


def test_a_valid_line_is_trimmed_and_keeps_trailing_zeros_exact() -> None:
    line = BudgetLine("other", "  茶歇 ", " 次 ", 1000, D("1.230")).validated()
    assert (line.item, line.unit, line.amount_fen) == ("茶歇", "次", 1230)


def test_no_lines_is_refused() -> None:
    assert budget_problems([], RULES, 0) == [("lines", "Add at least one budget line.")]
    with pytest.raises(ValidationError):
        check_budget([], RULES, 0)


def test_the_request_must_equal_the_lines() -> None:
    problems = budget_problems(LINES, RULES, REQUESTED + 1)
    assert problems == [("requested", "The requested amount, 24350.01 yuan, differs from the requested funds "
                                      "of the lines, which sum to 24350.00 yuan.")]


def test_a_request_above_the_maximum_grant_is_invalid() -> None:
    assert fields(LINES, replace(RULES, max_grant_fen=REQUESTED)) == []
    problems = budget_problems(LINES, replace(RULES, max_grant_fen=REQUESTED - 1), REQUESTED)
    assert [field for field, _m in problems] == ["requested"]
    assert "24350.00" in problems[0][1] and "24349.99" in problems[0][1] and "invalid" in problems[0][1]


def test_matching_funds_must_reach_the_rounds_ratio() -> None:
    # 400,000 fen of matching against 2,435,000 requested: 16.4 %.
    assert fields(LINES, replace(RULES, min_matching_percent=16)) == []
    problems = budget_problems(LINES, replace(RULES, min_matching_percent=17), REQUESTED)
    assert problems == [("matching", "Matching funds of 4000.00 yuan are below 17% of the request; "
                                     "at least 4139.50 yuan are needed.")]
    exact = [replace(VISITS, matching_fen=480000)]  # as much as the request of 4,800.00
    assert fields(exact, replace(RULES, min_matching_percent=100), 480000) == []
    assert fields(exact, replace(RULES, min_matching_percent=101), 480000) == ["matching"]


def test_labour_and_volunteer_allowances_are_limited_to_a_share_of_the_total() -> None:
    half = [BudgetLine("service", "探访", "次", 2000, D(120)), BudgetLine("labour", "社工", "人·月", 120000, D(1)),
            BudgetLine("volunteer_allowance", "志愿者交通补贴", "人·次", 40, D(3000))]
    assert totals(half).total_fen == 480000  # labour 120,000 + allowances 120,000: exactly 50 %
    assert fields(half, RoundRules(), 480000) == []
    over = [*half[:2], replace(half[2], unit_price_fen=41)]
    problems = budget_problems(over, RoundRules(), 483000)
    assert problems == [("labour", "Labour and volunteer allowances come to 2430.00 yuan, above 50% of the project "
                                   "total; at most 2415.00 yuan are allowed.")]
    assert fields(LINES, replace(RULES, labour_max_percent=42)) == ["labour"]  # 12,000 of 28,350: 42.3 %
    assert fields(LINES, replace(RULES, labour_max_percent=43)) == []


@pytest.mark.parametrize(("category", "rules", "cap"), [
    ("training", RoundRules(), 35000),
    ("meeting", RoundRules(), 40000),
    ("expert", RoundRules(expert_cap_fen=80000), 80000),
    ("training", RoundRules(training_cap_fen=20000), 20000),
])
def test_per_person_day_caps(category: str, rules: RoundRules, cap: int) -> None:
    at_cap = BudgetLine(category, "讲师", "人·天", cap, D(2))
    assert fields([at_cap], rules, 2 * cap) == []
    over = replace(at_cap, unit_price_fen=cap + 1)
    problems = budget_problems([over], rules, 2 * cap + 2)
    assert [field for field, _m in problems] == ["lines.1.unit_price"]
    assert problems[0][1].startswith("Line 1: ") and f"{cap // 100}.00 yuan" in problems[0][1]


def test_no_cap_means_any_price() -> None:
    expert = BudgetLine("expert", "督导", "人·天", 500000, D(1))
    assert fields([expert], RoundRules(), 500000) == []
    assert fields([replace(expert, category="training")], RoundRules(training_cap_fen=None), 500000) == []


@pytest.mark.parametrize("item", ["项目管理费", "机构管理 费", "行政费分摊", "管理成本", "Management Fee", "overhead"])
def test_a_management_fee_under_any_name_is_refused(item: str) -> None:
    line = BudgetLine("other", item, "项", 10000, D(1))
    problems = budget_problems([VISITS, line], RoundRules(), 970000)
    assert [field for field, _m in problems] == ["lines.2.item"]
    assert "management fee" in problems[0][1] and problems[0][1].startswith("Line 2: ")


@pytest.mark.parametrize("item", ["活动室房屋修缮", "购车", "车辆租赁", "罚款", "滞纳金", "偿还债务", "银行还贷", "理财产品", "股权投资",
                                  "基建", "建筑材料"])
def test_buildings_vehicles_fines_debts_and_investments_are_refused(item: str) -> None:
    problems = budget_problems([replace(LEAFLETS, item=item)], RoundRules(), 75000)
    assert [field for field, _m in problems] == ["lines.1.item"]
    assert "buildings, vehicles, fines, debts or investments" in problems[0][1]


def test_every_problem_is_reported_and_check_budget_raises_the_first() -> None:
    lines = [replace(TRAINING, unit_price_fen=36000, item="培训场地管理费"), replace(VISITS, item="购车")]
    rules = replace(RULES, max_grant_fen=100000, min_matching_percent=50)
    requested = totals(lines).requested_fen
    assert fields(lines, rules, requested) == [
        "lines.1.item", "lines.1.unit_price", "lines.2.item", "requested", "matching",
    ]
    with pytest.raises(ValidationError) as refused:
        check_budget(lines, rules, requested)
    assert refused.value.field == "lines.1.item"


def test_round_rules_are_checked() -> None:
    assert RoundRules().validated() == RoundRules()
    for bad, field in [(RoundRules(max_grant_fen=0), "max_grant"),
                       (RoundRules(min_matching_percent=-1), "min_matching_percent"),
                       (RoundRules(labour_max_percent=101), "labour_max_percent"),
                       (RoundRules(meeting_cap_fen=-1), "meeting_cap")]:
        with pytest.raises(ValidationError) as refused:
            bad.validated()
        assert refused.value.field == field


@pytest.mark.parametrize("unit", ["人天", "人·天", "人/天", "人次·天", "人日", "person-day"])
def test_the_cap_applies_to_the_unit_price_of_a_per_person_day_unit(unit: str) -> None:
    line = BudgetLine("training", "志愿者培训", unit, 35001, D(1))
    assert fields([line], RoundRules(), 35001) == ["lines.1.unit_price"]
    assert fields([replace(line, unit_price_fen=35000)], RoundRules(), 35000) == []


@pytest.mark.parametrize("unit", ["场", "天", "期", "次", ""])
def test_a_line_priced_otherwise_that_says_no_people_or_days_is_not_refused(unit: str) -> None:
    line = BudgetLine("training", "志愿者骨干培训", unit, 400000, D(2))  # 4,000 元 a session, or a day
    assert fields([line], RoundRules(), 800000) == []


def test_a_line_that_says_its_people_and_days_is_checked_per_person_day() -> None:
    # 4,000 元 a session for 20 people over 1 day: 200 元 each a day, under the cap of 350.
    fine = BudgetLine("training", "志愿者培训（20 人，1 天，3月5日）", "场", 400000, D(1))
    assert fields([fine], RoundRules(), 400000) == []
    # 4,000 元 a day for 10 people: 400 元 each, above it; the date's 5日 is no count of days.
    daily = BudgetLine("training", "骨干培训 学员10名 3月5日", "天", 400000, D(2))
    problems = budget_problems([daily], RoundRules(), 800000)
    assert problems == [("lines.1.unit_price", "Line 1: Training (培训费) at 4000.00 yuan per 天, divided by 10 "
                                               "people × 1 days, is 400.00 yuan per person-day, above the round's cap "
                                               "of 350.00 yuan.")]
    session = BudgetLine("meeting", "社区议事会 30 人 × 2 天", "场", 2_400_001, D(1))  # 40,000.02 ÷ 60 → 400.00
    assert fields([session], RoundRules(), 2_400_001) == ["lines.1.unit_price"]
    assert fields([replace(session, unit_price_fen=2_400_000)], RoundRules(), 2_400_000) == []
    per_person = BudgetLine("training", "两期培训 共 3 天", "人次", 105001, D(1))  # the unit gives the person
    assert fields([per_person], RoundRules(), 105001) == ["lines.1.unit_price"]


@pytest.mark.parametrize("item", ["购买汽车一辆", "租用面包车接送老人", "电动车", "摩托车维修", "活动室装修", "社区基建配套"])
def test_vehicles_and_building_work_are_refused_inside_longer_items(item: str) -> None:
    problems = budget_problems([replace(LEAFLETS, item=item)], RoundRules(), 75000)
    assert [field for field, _m in problems] == ["lines.1.item"]


@pytest.mark.parametrize("item", ["机构运营经费", "机构·运营补贴", "办公经费", "日常运营费", "行政经费分摊"])
def test_running_and_office_costs_are_a_management_fee(item: str) -> None:
    problems = budget_problems([replace(LEAFLETS, item=item)], RoundRules(), 75000)
    assert [field for field, _m in problems] == ["lines.1.item"] and "management fee" in problems[0][1]


def test_fares_are_no_vehicles() -> None:
    assert fields([replace(LEAFLETS, category="transport", item="志愿者长途汽车票")], RoundRules(), 75000) == []


@pytest.mark.parametrize("item", ["机构日常开支", "管理费", "行政人员补贴", "行政支出", "日常开支分摊", "办公经费", "办公费",
                                  "机构运营", "运营费", "人员管理费用", "间接成本", "administrative costs",
                                  "operating cost of the office"])
def test_more_names_of_a_management_fee_are_refused(item: str) -> None:
    problems = budget_problems([replace(LEAFLETS, item=item)], RoundRules(), 75000)
    assert [field for field, _m in problems] == ["lines.1.item"] and "management fee" in problems[0][1]


@pytest.mark.parametrize("item", ["活动耗材", "活动场地租金", "覆盖 5 个行政村的入户走访", "行政区划图印制", "社区日常照料服务",
                                  "志愿者管理培训", "项目宣传折页", "街道行政服务中心场地布置", "长者助餐食材"])
def test_a_projects_own_costs_are_no_management_fee(item: str) -> None:
    assert fields([replace(LEAFLETS, item=item)], RoundRules(), 75000) == []


def test_check_budget_raises_every_problem_at_once() -> None:
    lines = [replace(TRAINING, unit_price_fen=36000, item="培训场地管理费"), replace(VISITS, item="购车")]
    rules = replace(RULES, max_grant_fen=100000, min_matching_percent=50)
    with pytest.raises(ValidationErrors) as refused:
        check_budget(lines, rules, totals(lines).requested_fen)
    assert [problem.field for problem in refused.value.problems] == [
        "lines.1.item", "lines.1.unit_price", "lines.2.item", "requested", "matching"]
