"""What links a sender's data bundles into a chain (a manifest's ``previous_hash``, ``SyncBundleLog.sha256``):
the SHA-256 of each bundle's signed manifest, which names every member's hash, so it stands for the content
and nothing else. Not the file's bytes: the zip's own bookkeeping (a member's date, the central directory)
is not signed, and a bit flipped there leaves the content, and so the import, intact; the sender and the
receiver must still agree on the link, or the next bundle would seem not to follow that one.

``follows`` places a received bundle in its sender's chain as received here, telling a sender that restored a
backup (its numbers or its links start again from an earlier bundle) from a chain that is broken."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.storage.digest import canonical_json, sha256_hex
from desktop.storage.models import SyncBundleLog
from desktop.sync.archive import open_archive, read_small
from desktop.sync.bundle import FORMATS, MANIFEST, MAX_MANIFEST_BYTES, is_member
from desktop.sync.peers import DATA, RECEIVED

# Format 1's writers linked a bundle to the previous file's SHA-256 at first, then to its manifest's: its link
# cannot be checked against the one recorded here.
UNCHECKED_LINKS = FORMATS[0]


def manifest_link(manifest: Mapping[str, Any]) -> str:
    """The link of a verified manifest: the same whatever bytes of the file around it differ."""
    return sha256_hex(canonical_json(dict(manifest)))


def written_link(path: Path) -> str:
    """The link of a bundle this node has just written and verified (``bundle_write``)."""
    with open_archive(path, is_member) as archive:
        return manifest_link(json.loads(read_small(archive, MANIFEST, MAX_MANIFEST_BYTES)))


@dataclass(frozen=True)
class Follows:
    """Where a data bundle received from a sender fits the bundles of that sender received here."""

    reused: str  # the bundle received before with this number and other content ("" none): a restored sender
    earlier: int  # the sender's earlier bundle it follows instead of the one numbered before it (0: none)
    broken: bool  # it follows none of them though the one numbered before it is here, and no restore explains it

    @property
    def restored(self) -> bool:
        return bool(self.reused) or self.earlier > 0


def follows(session: Session, sender: str, sequence: int, manifest: Mapping[str, Any]) -> Follows:
    """Place ``manifest`` (a data bundle of ``sender`` numbered ``sequence``, not recorded yet) in the sender's
    chain. A sender that restored a backup numbers its next bundle after the last it still knows of (the same
    number again) or after the highest its peer acknowledged, linking it to its last bundle before the backup:
    that is the restore, said once, not also a broken chain. A bundle of format 1 is not checked."""
    received = SyncBundleLog.peer_id == sender, SyncBundleLog.direction == RECEIVED, SyncBundleLog.kind == DATA
    reused = session.scalar(select(SyncBundleLog.bundle_id).where(*received, SyncBundleLog.sequence == sequence)
                            .limit(1)) or ""
    previous = manifest.get("previous_hash")
    if sequence <= 1 or manifest.get("format") == UNCHECKED_LINKS:
        return Follows(reused, 0, False)
    links = session.execute(select(SyncBundleLog.sequence, SyncBundleLog.sha256).where(
        *received, or_(SyncBundleLog.sequence == sequence - 1, SyncBundleLog.sha256 == previous))).all()
    before = {link for number, link in links if number == sequence - 1}
    if not before or previous in before:
        return Follows(reused, 0, False)
    earlier = max((number for number, link in links if link == previous and number < sequence - 1), default=0)
    return Follows(reused, earlier, not reused and not earlier)
