"""What a fund's management committee (管委会) lacks under the rules, or that it may decide, in words: the
管委会 box of a fund's window and the ``wushe ledger`` committee commands say the same. And who served when:
a member serves from the day they joined up to the day before ``left_on``, so a membership ended on the day
it began served on no day at all — it is withdrawn, as entered by mistake."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain.ledger import Seat, committee_problems
from desktop.i18n import _, ngettext


def committee_warning(seats: Sequence[Seat]) -> str:
    """What a committee of ``seats`` lacks under the rules, one line each; "" when it meets them all."""
    problems = committee_problems(seats)
    if not problems:
        return ""
    return "\n".join([_("The committee cannot decide on disbursements yet:"), *("• " + p for p in problems)])


def committee_state(seats: Sequence[Seat], approvals_needed: int) -> str:
    """The warning, or that the committee meets the rules and how many approvals a disbursement needs."""
    return committee_warning(seats) or ngettext(
        "{n} member meets the rules; a disbursement needs {k} approvals.",
        "{n} members meet the rules; a disbursement needs {k} approvals.", len(seats)).format(
        n=len(seats), k=approvals_needed)


def withdraws(joined_on: date, left_on: date | None) -> bool:
    """Whether a membership ending on ``left_on`` (the first day not serving) is withdrawn: it ends on the day
    it began, so the committee of no day counts the member (``services.funds.serving``)."""
    return left_on == joined_on
