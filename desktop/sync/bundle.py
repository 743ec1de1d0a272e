"""The bundle file: a signed zip carrying row versions and attachments from one node to another.

Members, always under these fixed names (a name read from an archive is never used as a path):

- ``manifest.json``: the engine's header plus ``format``, ``signer`` (fingerprint of the signing
  key), ``members`` ({name: {sha256, size}} of every member below) and ``encrypted``;
- ``manifest.sig``: the 64-byte Ed25519 signature of ``manifest.json`` exactly as stored;
- ``changes.jsonl``: one row version per line, ``{"table","id","hlc","origin","deleted","fields"}`` and,
  from format 2, ``"base": [hlc, origin]`` when the sender knows the version it replaced (``collect``);
- ``attachments/<sha256 hex of the content>``;
- or, encrypted, ``payload.enc`` in place of the last two: an envelope (``envelope.py``) holding a zip
  of them, sealed to the recipient. The manifest lists them all the same, and ``payload.enc`` too.

A person checks an unencrypted bundle, with the sender's key file, like this::

    unzip -l bundle.zip                  # the members
    unzip -p bundle.zip changes.jsonl | head
    unzip -o bundle.zip manifest.json manifest.sig -d check
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['signing_public_pem'], end='')" \
        sender-key.json > sender.pem
    openssl pkeyutl -verify -pubin -inkey sender.pem -rawin -in check/manifest.json -sigfile check/manifest.sig
    unzip -p bundle.zip changes.jsonl | sha256sum   # equals members["changes.jsonl"].sha256 in manifest.json

Reading trusts nothing before the signature: the file must be a whole zip; the manifest's ``sender``
(a node id) picks the trusted key, which must verify ``manifest.sig``; only then are the recipient,
schema, member list, sizes and hashes taken from the manifest, and every member checked against it.

This module holds the format's names and limits; ``bundle_write`` writes a file and reads it back,
``bundle_manifest`` checks a file's signed manifest, and ``bundle_read`` unpacks a verified bundle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from desktop.sync import envelope

FORMAT = "wushe-bundle/2"  # what this version writes: rows name their base
FORMATS = ("wushe-bundle/1", FORMAT)  # what it reads: format 1's rows name none, and merge as they always did
MANIFEST, SIGNATURE, CHANGES, PAYLOAD = "manifest.json", "manifest.sig", "changes.jsonl", "payload.enc"
ATTACHMENTS = "attachments/"
ATTACHMENT = re.compile(r"attachments/([0-9a-f]{64})")
# The header's introduction of its sender, for a node that does not know it yet (``peek_sender``):
# {"name", "kind", "signing_public", "encryption_public"}, the keys in hex.
SENDER_KEY = "sender_key"

# Limits against zip bombs and runaway files: nothing is read past them, whatever an archive declares.
MiB = 1024 * 1024
SIGNATURE_BYTES = 64
MAX_MANIFEST_BYTES = 16 * MiB
MAX_MEMBER_BYTES = 1024 * MiB
MAX_TOTAL_BYTES = 2048 * MiB
MAX_ATTACHMENTS = 100_000
INNER_LIMIT = MAX_TOTAL_BYTES + MAX_TOTAL_BYTES // 64  # the members plus the inner zip's headers and blocks
PAYLOAD_LIMIT = envelope.sealed_size(INNER_LIMIT)
SPOOL = 64 * MiB  # temporary payloads stay in memory up to this size, then go to disk

REQUIRED_HEADER = ("bundle_id", "sender", "recipient", "schema")
ROW_KEYS = frozenset(("table", "id", "hlc", "origin", "deleted", "fields"))


def is_member(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE, CHANGES, PAYLOAD) or name.startswith(ATTACHMENTS)


def payload_context(manifest: Mapping[str, Any]) -> bytes:
    """What the payload's encryption is bound to, so it cannot be moved into another bundle."""
    return "\n".join((manifest["format"], manifest["bundle_id"], manifest["sender"], manifest["recipient"])).encode()
