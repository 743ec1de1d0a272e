"""What links a sender's data bundles into a chain (a manifest's ``previous_hash``, ``SyncBundleLog.sha256``):
the SHA-256 of each bundle's signed manifest, which names every member's hash, so it stands for the content
and nothing else. Not the file's bytes: the zip's own bookkeeping (a member's date, the central directory)
is not signed, and a bit flipped there leaves the content, and so the import, intact; the sender and the
receiver must still agree on the link, or the next bundle would seem not to follow that one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.storage.digest import canonical_json, sha256_hex
from desktop.sync.archive import open_archive, read_small
from desktop.sync.bundle import MANIFEST, MAX_MANIFEST_BYTES, is_member


def manifest_link(manifest: Mapping[str, Any]) -> str:
    """The link of a verified manifest: the same whatever bytes of the file around it differ."""
    return sha256_hex(canonical_json(dict(manifest)))


def written_link(path: Path) -> str:
    """The link of a bundle this node has just written and verified (``bundle_write``)."""
    with open_archive(path, is_member) as archive:
        return manifest_link(json.loads(read_small(archive, MANIFEST, MAX_MANIFEST_BYTES)))
