"""The fingerprint of a node's signing key, which people read aloud and compare before trusting a node:
SHA-256 of the raw public key in upper-case groups of four hex digits."""

from __future__ import annotations

import hashlib

SHORT_GROUPS = 8  # the first half, as the home page shows it; typing it is enough to add a peer


def fingerprint(signing_public: bytes) -> str:
    """All 16 groups of 4 hex digits."""
    digest = hashlib.sha256(signing_public).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def short_fingerprint(signing_public: bytes) -> str:
    """The first ``SHORT_GROUPS`` groups of ``fingerprint``."""
    return " ".join(fingerprint(signing_public).split(" ")[:SHORT_GROUPS])
