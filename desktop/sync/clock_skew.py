"""Whose clock is ahead when a bundle's stamps are far ahead of this computer's (DESIGN §7: large skew is
flagged, not silently resolved). A stamp ahead of our clock was not always written by a clock that is:
the hybrid clock carries the largest time it has seen into every later stamp, so a node whose clock was
once set ahead passes that time on to the peers that merged its records, and it comes back in their
bundles after it was set right. So the node named is

- the sender, when its own clock read ahead of ours as it wrote the bundle (the manifest's ``clock_ms``);
- else this node, when records it wrote itself are stamped as far ahead of its clock now: its clock was
  set ahead when it wrote them, and the sender's stamps only followed;
- else the node that wrote the newest stamp.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.hlc import unpack
from desktop.i18n import _, format_number
from desktop.storage.models import ChangeLogEntry
from desktop.sync.merge import SKEW_LIMIT_MS, MergeResult

HOUR_MS = 3_600_000


def clock_ahead_node(session: Session, result: MergeResult, sender: str, sender_clock_ms: int | None) -> str:
    """The node whose clock put the merged stamps ``result.skew_ms`` ahead of ours; "" when not flagged."""
    if not result.skewed:
        return ""
    now = session.info["clock"].wall()
    if sender_clock_ms is not None and sender_clock_ms - now > SKEW_LIMIT_MS:
        return sender
    me = session.info["node_id"]
    ours = session.scalar(select(func.max(ChangeLogEntry.hlc)).where(ChangeLogEntry.origin_node == me)) or 0
    if unpack(ours)[0] - now > SKEW_LIMIT_MS:
        return me
    return result.hlc_max_origin


def clock_warning(here: bool, name: str, skew_ms: int) -> str:
    """The warning an import gives: ``here`` when this node's own clock was ahead, else ``name``'s is."""
    hours = format_number(skew_ms // HOUR_MS)
    if here:
        return _("Warning: this computer's clock was {hours} hours ahead when it wrote records that came back in "
                 "this bundle; check its date.").format(hours=hours)
    return _("Warning: {peer}'s clock is {hours} hours ahead of this computer's; check the date on both.").format(
        peer=name, hours=hours)
