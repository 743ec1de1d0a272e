"""Whether a data bundle to a peer would tell it anything: records it has not acknowledged, or an
acknowledgement of what came from it since we last wrote to it. An export with neither writes no file
(``wushe sync export``, the Export dialog), since an empty bundle thrown away would still take a sequence
number and show at the peer as a missing bundle until found. Audit entries alone do not count: each export
and import adds one, so there are always some, and they go with the next bundle that carries records.
The first bundle to a peer is always written: it introduces this node (``peer add --from-bundle``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage.database import Database
from desktop.storage.models import SyncBundleLog
from desktop.sync.peers import DATA, RECEIVED, SENT, find_peer, last_sent
from desktop.sync.routing import unsent_changes


def nothing_to_send(session: Session, peer_ref: str) -> bool:
    require(session, Action.SYNC)
    peer = find_peer(session, peer_ref)
    if last_sent(session, peer.node_id) is None or unsent_changes(session, peer):
        return False
    wrote = session.scalar(select(func.max(SyncBundleLog.at)).where(
        SyncBundleLog.peer_id == peer.node_id, SyncBundleLog.direction == SENT))  # data or acknowledgement
    heard = session.scalar(select(func.count()).select_from(SyncBundleLog).where(
        SyncBundleLog.peer_id == peer.node_id, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA,
        SyncBundleLog.at > wrote))
    return not heard


def nothing_new_text(peer_name: str) -> str:
    return _("Nothing new for {peer}: it has acknowledged every record, and nothing came from it since the last "
             "bundle. No file was written (a full bundle is written all the same).").format(peer=peer_name)


def nothing_new(db: Database, peer_ref: str) -> bool:
    """``nothing_to_send`` in its own read."""
    with db.read() as session:
        return nothing_to_send(session, peer_ref)
