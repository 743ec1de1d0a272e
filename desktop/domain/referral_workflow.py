"""The statuses of a referral (转介) and which may follow which, as data.

已转介 referred → 已接收 accepted → 已完成 completed, or 未成功 failed from either of the first two (the
receiver turns the client away, or the service falls through). Completed and failed are where a referral
ends, and each needs the receiving side's feedback: what came of it, or why it did not succeed.
"""

from __future__ import annotations

from desktop.domain.codes import REFERRAL_STATUSES, label
from desktop.errors import ValidationError
from desktop.i18n import N_, _

NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "referred": ("accepted", "failed"),
    "accepted": ("completed", "failed"),
    "completed": (),
    "failed": (),
}

# The statuses recorded only with feedback, and what the form says when it is missing.
FEEDBACK_NEEDED: dict[str, str] = {
    "completed": N_("Say what came of the referral (the receiving side's feedback)."),
    "failed": N_("Say why the referral did not succeed."),
}


def check_status(current: str, status: str, feedback: str) -> None:
    """Refuse ``status`` after ``current`` unless the table allows it (naming what may come next), and a
    status that needs feedback without it."""
    allowed = NEXT_STATUSES.get(current, ())
    if status not in allowed:
        refused = _("A referral that is “{current}” cannot become “{status}”.").format(
            current=label(REFERRAL_STATUSES, current), status=label(REFERRAL_STATUSES, status))
        if allowed:
            refused = _("{refused} Next it may become: {allowed}.").format(
                refused=refused, allowed=_(", ").join(f"“{label(REFERRAL_STATUSES, s)}”" for s in allowed))
        raise ValidationError("status", refused)
    if status in FEEDBACK_NEEDED and not feedback.strip():
        raise ValidationError("feedback", _(FEEDBACK_NEEDED[status]))
