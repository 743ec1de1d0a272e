"""A micro-venture proposal's budget (项目预算) and the rules of its round, checked at submission.

Amounts are integer fen and quantities Decimal, so every total is exact. A line's 申报资金 (requested
part) is its amount less its 配套资金 (matching part). Problems about one line name it as the field
``lines.<n>.<field>`` with ``n`` counted from 1, as the printed table numbers its rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Context, Decimal

from desktop.domain.codes import BUDGET_CATEGORIES
from desktop.domain.money import MAX_FEN, from_fen
from desktop.errors import ValidationError, raise_all
from desktop.i18n import _

MAX_QUANTITY = 10**9  # a sanity bound for typed quantities, far above any real line
MAX_MATCHING_PERCENT = 1000  # matching ten times the request: far above the 1:2 ratios seen

# FORMS.md, "Micro-venture proposal": no management fee under any name — the organisation's running,
# administrative and office costs are that fee by another name ("机构日常开支", "行政人员补贴"). Words
# for what a project itself buys (活动耗材, 场地租金) are not here: they are its costs, not the fee.
MANAGEMENT_FEE_WORDS = ("管理费", "管理成本", "管理经费", "管理支出", "人员管理", "行政", "日常开支", "日常支出",
                        "日常运营", "日常办公", "运营费", "运营经费", "运营成本", "运营补贴", "机构运营", "机构开支",
                        "机构经费", "办公经费", "办公费", "办公开支", "间接费", "间接成本", "management fee",
                        "management cost", "administrative", "overhead", "running cost", "operating cost")
# 行政 names the fee, but also places: an administrative village or district is where a project works.
PLACE_WORDS = ("行政村", "行政区", "行政服务中心")
# FORMS.md, "Micro-venture proposal": no buildings, vehicles, fines, debts or investments.
FORBIDDEN_WORDS = ("基建", "建筑", "房屋", "装修", "车辆", "购车", "汽车", "面包车", "电动车", "摩托车", "三轮车",
                   "罚款", "罚金", "滞纳金", "债务", "还贷", "贷款", "投资", "理财", "股票")
# Fares are travel costs, not vehicles: removed from an item before it is searched for FORBIDDEN_WORDS.
FARE_WORDS = ("汽车票", "汽车站", "公共汽车", "长途汽车")

# A unit (单位) that is itself per person-day names a person and a day: 人·天, 人天, 人/天, 人次·天, 人日.
PERSON_WORDS = ("人", "名", "位", "person")
DAY_WORDS = ("天", "日", "day")
# Counts an item may state for a line priced per session or per day ("30 人 × 2 天", "学员30名"): a number
# before a person word, and one before 天 or 日 that is no date's day (3月5日).
_PEOPLE = re.compile(r"(\d+(?:\.\d+)?)\s*[人名位]")
_DAYS = re.compile(r"(?<![月\d.])(\d+(?:\.\d+)?)\s*个?[天日]")

# 劳务费 and 志愿者补贴 together may take only a share of the project total.
LABOUR_CATEGORIES = frozenset({"labour", "volunteer_allowance"})

_ONE = Decimal(1)
# Price × quantity is exact at this precision for any amount that fits in MAX_FEN.
_HALF_UP = Context(prec=60, rounding=ROUND_HALF_UP)


def _yuan(fen: int) -> str:
    return str(from_fen(fen))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _at_most_two_places(value: Decimal) -> bool:
    """Exact: the digits beyond the hundredths, if any, are all zeros (1.230 has two places)."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    extra = -2 - exponent
    return extra <= 0 or not any(digits[-extra:])


@dataclass(frozen=True)
class BudgetLine:
    category: str  # codes.BUDGET_CATEGORIES
    item: str  # 明细, e.g. "长者探访 40 户 × 12 次"
    unit: str  # 单位 (人·天, 次, 户, 份…)
    unit_price_fen: int
    quantity: Decimal  # ≥ 0, at most 2 places
    matching_fen: int = 0  # the part of the line paid from matching funds (配套资金)

    @property
    def amount_fen(self) -> int:
        """Unit price × quantity, rounded half-up to the fen as the printed table shows it."""
        product = _HALF_UP.multiply(Decimal(self.unit_price_fen), self.quantity)
        return int(product.quantize(_ONE, context=_HALF_UP))

    @property
    def requested_fen(self) -> int:
        """申报资金: what the line asks of the round."""
        return self.amount_fen - self.matching_fen

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for everything wrong with the line on its own."""
        found: list[tuple[str, str]] = []
        if self.category not in BUDGET_CATEGORIES:
            found.append(("category", _("Choose a budget category.")))
        if not self.item.strip():
            found.append(("item", _("Describe the item.")))
        price_ok = _whole(self.unit_price_fen) and 0 <= self.unit_price_fen <= MAX_FEN
        if not price_ok:
            found.append(("unit_price", _("Enter a unit price of 0 or more.")))
        quantity_ok = isinstance(self.quantity, Decimal) and self.quantity.is_finite()
        if not quantity_ok or not 0 <= self.quantity <= MAX_QUANTITY:
            found.append(("quantity", _("Enter a number between 0 and {max}.").format(max=MAX_QUANTITY)))
            quantity_ok = False
        elif not _at_most_two_places(self.quantity):
            found.append(("quantity", _("A quantity has at most two decimal places.")))
            quantity_ok = False
        if not (price_ok and quantity_ok):
            return found
        amount = self.amount_fen
        if amount > MAX_FEN:
            found.append(("quantity", _("The amount is too large.")))
        elif not _whole(self.matching_fen) or not 0 <= self.matching_fen <= amount:
            found.append(("matching", _("Matching funds must be between 0 and the line's amount, {amount} yuan.")
                          .format(amount=_yuan(amount))))
        return found

    def validated(self) -> BudgetLine:
        """The line with its texts trimmed, or a ValidationError for its first problem."""
        found = self.problems()
        if found:
            raise ValidationError(*found[0])
        return replace(self, item=self.item.strip(), unit=self.unit.strip())


@dataclass(frozen=True)
class RoundRules:
    """The budget settings of one round (创投批次); rounds differ, so none is hard-coded."""

    max_grant_fen: int | None = None  # 单个项目资助上限
    min_matching_percent: int = 0  # matching funds ≥ this % of the requested amount (0: none)
    labour_max_percent: int = 50  # 劳务费 + 志愿者补贴 ≤ this % of the project total
    training_cap_fen: int | None = 35000  # per person-day, unit price of category training
    meeting_cap_fen: int | None = 40000  # per person-day, category meeting
    expert_cap_fen: int | None = None  # per person-day, category expert

    def caps(self) -> dict[str, int | None]:
        """The per-person-day cap of each capped category."""
        return {"training": self.training_cap_fen, "meeting": self.meeting_cap_fen, "expert": self.expert_cap_fen}

    def validated(self) -> RoundRules:
        """The rules as given, or a ValidationError naming the first setting out of range."""
        if self.max_grant_fen is not None and not (_whole(self.max_grant_fen) and 0 < self.max_grant_fen <= MAX_FEN):
            raise ValidationError("max_grant", _("The maximum grant must be above zero."))
        for field, percent, top in (("min_matching_percent", self.min_matching_percent, MAX_MATCHING_PERCENT),
                                    ("labour_max_percent", self.labour_max_percent, 100)):
            if not (_whole(percent) and 0 <= percent <= top):
                raise ValidationError(field, _("Enter a number between 0 and {max}.").format(max=top))
        for category, cap in self.caps().items():
            if cap is not None and not (_whole(cap) and 0 <= cap <= MAX_FEN):
                raise ValidationError(f"{category}_cap", _("Enter a unit price of 0 or more."))
        return self


@dataclass(frozen=True)
class BudgetTotals:
    requested_fen: int  # 申报资金 合计
    matching_fen: int  # 配套资金 合计
    total_fen: int  # 合计: requested + matching
    by_category: dict[str, tuple[int, int]]  # category → (requested, matching), in the table's row order


def category_rank(code: str) -> int:
    """Where a category's rows come in the printed budget table; an unknown code (from a newer node) last."""
    order = list(BUDGET_CATEGORIES)
    return order.index(code) if code in order else len(order)


def in_table_order(lines: Sequence[BudgetLine]) -> tuple[BudgetLine, ...]:
    """The lines as the printed table lists them: by category, in entry order within one, so a line's
    number (``lines.<n>``) is the same on the form, on paper and in a refusal."""
    return tuple(sorted(lines, key=lambda line: category_rank(line.category)))


def totals(lines: Sequence[BudgetLine]) -> BudgetTotals:
    sums: dict[str, tuple[int, int]] = {}
    for line in lines:
        requested, matching = sums.get(line.category, (0, 0))
        sums[line.category] = (requested + line.requested_fen, matching + line.matching_fen)
    rows = sorted(sums, key=category_rank)
    requested = sum(line.requested_fen for line in lines)
    matching = sum(line.matching_fen for line in lines)
    return BudgetTotals(requested, matching, requested + matching, {code: sums[code] for code in rows})


def _compact(text: str) -> str:
    """Letters and digits only, case folded: "管理 费", "机构·运营" and "Management-Fee" still match."""
    return "".join(char for char in text if char.isalnum()).casefold()


def _mentioned(text: str, words: Sequence[str], besides: Sequence[str] = ()) -> str | None:
    """The first of ``words`` anywhere in ``text``, not counting where it is part of one of ``besides``."""
    compact = _compact(text)
    for allowed in besides:
        compact = compact.replace(_compact(allowed), " ")
    return next((word for word in words if _compact(word) in compact), None)


def _count(pattern: re.Pattern[str], text: str) -> Decimal | None:
    found = pattern.search(text)
    number = Decimal(found.group(1)) if found else None
    return number if number else None  # a count of 0 says nothing to divide by


def _shared_by(line: BudgetLine) -> tuple[Decimal, Decimal] | None:
    """(people, days) the line's unit price pays for: (1, 1) when the unit is per person-day; else the
    counts the item states for what the unit leaves out, or None when it does not state them."""
    unit = _compact(line.unit)
    people = _ONE if any(_compact(word) in unit for word in PERSON_WORDS) else _count(_PEOPLE, line.item)
    days = _ONE if any(_compact(word) in unit for word in DAY_WORDS) else _count(_DAYS, line.item)
    return None if people is None or days is None else (people, days)


def _cap_problem(line: BudgetLine, cap: int) -> str | None:
    """The per person-day cap checked on the unit price where the unit is per person-day, and on the unit
    price ÷ (people × days) where the item says them; a line that says neither is not refused."""
    shared = _shared_by(line)
    if shared is None:
        return None
    people, days = shared
    if line.unit_price_fen <= _HALF_UP.multiply(Decimal(cap), _HALF_UP.multiply(people, days)):
        return None
    category = _(BUDGET_CATEGORIES[line.category])
    if people == days == _ONE:
        return (_("{category} at {price} yuan per person-day is above the round's cap of {cap} yuan.")
                .format(category=category, price=_yuan(line.unit_price_fen), cap=_yuan(cap)))
    per_person_day = _HALF_UP.divide(Decimal(line.unit_price_fen), _HALF_UP.multiply(people, days))
    return (_("{category} at {price} yuan per {unit}, divided by {people} people × {days} days, is {each} yuan per "
              "person-day, above the round's cap of {cap} yuan.").format(
        category=category, price=_yuan(line.unit_price_fen), unit=line.unit or "—", people=people, days=days,
        each=_yuan(int(per_person_day.quantize(_ONE, context=_HALF_UP))), cap=_yuan(cap)))


def _line_problems(number: int, line: BudgetLine, own: list[tuple[str, str]],
                   rules: RoundRules) -> Iterator[tuple[str, str]]:
    """``own`` are the line's problems on its own; the round's rules add the rest."""
    def at(field: str, problem: str) -> tuple[str, str]:
        return f"lines.{number}.{field}", _("Line {line}: {problem}").format(line=number, problem=problem)

    for field, message in own:
        yield at(field, message)
    text = f"{line.category} {line.item}"
    word = _mentioned(text, MANAGEMENT_FEE_WORDS, PLACE_WORDS)
    if word:
        yield at("item", _("no management fee may be charged, under any name (found “{word}”).").format(word=word))
    word = _mentioned(text, FORBIDDEN_WORDS, FARE_WORDS)
    if word:
        yield at("item", _("a grant cannot pay for buildings, vehicles, fines, debts or investments "
                           "(found “{word}”).").format(word=word))
    cap = rules.caps().get(line.category)
    problem = None if own or cap is None else _cap_problem(line, cap)
    if problem:
        yield at("unit_price", problem)


def budget_problems(lines: Sequence[BudgetLine], rules: RoundRules, requested_fen: int) -> list[tuple[str, str]]:
    """Every (field, message) that keeps the budget from being submitted, in the order of the form.

    The rules on totals are checked only once every line is valid on its own: totals of a line with
    a mistyped quantity would only add noise to the one message that matters.
    """
    if not lines:
        return [("lines", _("Add at least one budget line."))]
    owns = [line.problems() for line in lines]
    found = [problem for number, (line, own) in enumerate(zip(lines, owns, strict=True), 1)
             for problem in _line_problems(number, line, own, rules)]
    if any(owns):
        return found
    sums = totals(lines)
    if requested_fen != sums.requested_fen:
        found.append(("requested", _("The requested amount, {requested} yuan, differs from the requested funds "
                                     "of the lines, which sum to {lines} yuan.").format(
            requested=_yuan(requested_fen), lines=_yuan(sums.requested_fen))))
    elif requested_fen <= 0:  # all matching funds: nothing for the round to approve
        found.append(("requested", _("The request is zero: a proposal asks the round for part of its budget.")))
    if rules.max_grant_fen is not None and requested_fen > rules.max_grant_fen:
        found.append(("requested", _("The request of {requested} yuan is above the round's maximum grant of "
                                     "{cap} yuan, which makes the proposal invalid.").format(
            requested=_yuan(requested_fen), cap=_yuan(rules.max_grant_fen))))
    if sums.matching_fen * 100 < requested_fen * rules.min_matching_percent:
        needed = -(-requested_fen * rules.min_matching_percent // 100)
        found.append(("matching", _("Matching funds of {matching} yuan are below {percent} of the request; at "
                                    "least {needed} yuan are needed.").format(
            matching=_yuan(sums.matching_fen), percent=f"{rules.min_matching_percent}%", needed=_yuan(needed))))
    labour = sum(line.amount_fen for line in lines if line.category in LABOUR_CATEGORIES)
    if labour * 100 > sums.total_fen * rules.labour_max_percent:
        found.append(("labour", _("Labour and volunteer allowances come to {labour} yuan, above {percent} of the "
                                  "project total; at most {limit} yuan are allowed.").format(
            labour=_yuan(labour), percent=f"{rules.labour_max_percent}%",
            limit=_yuan(sums.total_fen * rules.labour_max_percent // 100))))
    return found


def raise_problems(found: Sequence[tuple[str, str]]) -> None:
    """Raise every (field, message) of ``found`` at once (``ValidationErrors``), so a person corrects them in
    one go; the messages of one field in one, a line each, since a form shows one message a field."""
    by_field: dict[str, list[str]] = {}
    for field, message in found:
        by_field.setdefault(field, []).append(message)
    raise_all([ValidationError(field, "\n".join(messages)) for field, messages in by_field.items()])


def check_budget(lines: Sequence[BudgetLine], rules: RoundRules, requested_fen: int) -> BudgetTotals:
    """The budget's totals, or a ValidationError with every problem (``raise_problems``)."""
    raise_problems(budget_problems(lines, rules, requested_fen))
    return totals(lines)
