"""Opening a bundle file (format in ``bundle``) for import: verified (``bundle_manifest``), decrypted
when sealed to this node, every member checked against its signed hash, the rows read back a line at
a time."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.i18n import _
from desktop.sync import envelope
from desktop.sync.archive import ZIP_ERRORS, member_blocks, open_archive
from desktop.sync.bundle import (
    ATTACHMENT, CHANGES, INNER_LIMIT, MiB, PAYLOAD, ROW_KEYS, SPOOL, is_member, payload_context,
)
from desktop.sync.bundle_manifest import check_names, signed_members, verified_manifest
from desktop.sync.refusals import BundleRefused

_CHANGES_SPOOL = 4 * MiB  # the rows of a bundle being imported: read back from disk a chunk at a time
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    changes: list[dict[str, Any]]
    attachments: dict[str, bytes]


def read_bundle(path: Path, *, sender_key: Callable[[str], Ed25519PublicKey | None], my_node_id: str,
                my_encryption_key: X25519PrivateKey | None, schema: str,
                peer_name: Callable[[str], str | None] = lambda _node: None) -> Bundle:
    """``open_bundle`` with every row read into a list."""
    with open_bundle(path, sender_key=sender_key, my_node_id=my_node_id, my_encryption_key=my_encryption_key,
                     schema=schema, peer_name=peer_name) as opened:
        return Bundle(opened.manifest, list(opened.changes()), opened.attachments)


@dataclass(frozen=True)
class OpenBundle:
    """A verified bundle whose rows are read, a line at a time, from a temporary copy of its checked
    ``changes.jsonl`` as ``changes()`` is iterated: an import holds a chunk of them, not a million."""

    manifest: dict[str, Any]
    rows: int
    attachments: dict[str, bytes]
    lines: IO[bytes]

    def changes(self) -> Iterator[dict[str, Any]]:
        self.lines.seek(0)
        for line in self.lines:
            yield _row(line[:-1])


@contextmanager
def open_bundle(path: Path, *, sender_key: Callable[[str], Ed25519PublicKey | None], my_node_id: str,
                my_encryption_key: X25519PrivateKey | None, schema: str,
                peer_name: Callable[[str], str | None] = lambda _node: None) -> Iterator[OpenBundle]:
    """Open, verify and unpack a bundle, or raise BundleRefused. ``sender_key`` is asked for the trusted
    signing key of the manifest's ``sender`` (a node id) and returns None for a node that is not a peer;
    ``peer_name`` for the name of a bundle's recipient when it is another node (None: not known here).
    Every member is checked against its signed hash before this yields."""
    with tempfile.SpooledTemporaryFile(_CHANGES_SPOOL) as lines:
        manifest, rows, attachments = _unpacked(path, lines, sender_key, my_node_id, my_encryption_key, schema,
                                                peer_name)
        yield OpenBundle(manifest, rows, attachments, lines)


def _unpacked(path: Path, lines: IO[bytes], sender_key: Callable[[str], Ed25519PublicKey | None], my_node_id: str,
              my_encryption_key: X25519PrivateKey | None, schema: str, peer_name: Callable[[str], str | None]
              ) -> tuple[dict[str, Any], int, dict[str, bytes]]:
    with open_archive(path, is_member) as archive:
        manifest = verified_manifest(archive, sender_key, my_node_id)
        recipient = manifest.get("recipient")
        if recipient != my_node_id:
            name = peer_name(recipient) if isinstance(recipient, str) else None
            raise BundleRefused("wrong_recipient", None if name is None else _(
                "This bundle is addressed to {peer}, not to this node; import it there.").format(peer=name),
                detail=f"addressed to {recipient!r}")
        if manifest.get("schema") != schema:
            raise BundleRefused("schema_version", _(
                "This bundle was written at database version {found}; this node is at version {expected}. "
                "Update the older node first.").format(found=manifest.get("schema"), expected=schema),
                detail="schema differs")
        members = signed_members(manifest)
        check_names(archive, manifest, members)
        if not manifest["encrypted"]:
            return manifest, *_contents(archive, members, lines)
        with _decrypted(archive, manifest, members, my_encryption_key) as inner:
            try:
                inner_archive = zipfile.ZipFile(inner)
            except ZIP_ERRORS as exc:
                raise BundleRefused("damaged", detail="payload is not a zip") from exc
            with inner_archive:
                check_names(inner_archive, manifest, members, inner=True)
                return manifest, *_contents(inner_archive, members, lines)


def _contents(archive: zipfile.ZipFile, members: Mapping[str, Any], lines: IO[bytes]) -> tuple[int, dict[str, bytes]]:
    """Copy ``changes.jsonl`` into ``lines`` (its hash checked on the way), count its rows, and read the
    attachments."""
    rows, last = 0, b"\n"
    for block in member_blocks(archive, CHANGES, members[CHANGES]):
        lines.write(block)
        rows += block.count(b"\n")
        last = block[-1:] or last
    if last != b"\n":
        raise BundleRefused("damaged", detail="changes.jsonl does not end with a line break")
    attachments = {}
    for name, entry in members.items():
        attachment = ATTACHMENT.fullmatch(name)
        if attachment:
            attachments[attachment[1]] = b"".join(member_blocks(archive, name, entry))
    return rows, attachments


def _row(line: bytes) -> dict[str, Any]:
    try:
        row = _DECODER.decode(line.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one
        raise BundleRefused("damaged", detail="a change line is not JSON") from exc
    if not isinstance(row, dict) or not ROW_KEYS <= row.keys() or not isinstance(row["table"], str) \
            or not isinstance(row["id"], str) or not isinstance(row["fields"], dict):
        raise BundleRefused("damaged", detail="a change line is not a row version")
    return row


@contextmanager
def _decrypted(archive: zipfile.ZipFile, manifest: Mapping[str, Any], members: Mapping[str, Any],
               key: X25519PrivateKey | None) -> Iterator[IO[bytes]]:
    """The payload's plaintext (the inner zip) in a temporary file: only the bytes whose hash matched
    the signed manifest are decrypted, from a copy taken while hashing them."""
    if key is None:
        raise BundleRefused("wrong_recipient", _("This bundle is encrypted, but this node has no key to open it."),
                            detail="no encryption key")
    with tempfile.SpooledTemporaryFile(SPOOL) as sealed, tempfile.SpooledTemporaryFile(SPOOL) as plain:
        for block in member_blocks(archive, PAYLOAD, members[PAYLOAD]):
            sealed.write(block)
        sealed.seek(0)
        try:
            envelope.open_sealed(sealed, plain, key, payload_context(manifest), limit=INNER_LIMIT)
        except envelope.EnvelopeError as exc:
            if exc.reason == "wrong_key":
                raise BundleRefused("wrong_recipient", _("This bundle is encrypted for another node's key; "
                                                         "this node cannot open it."), detail=str(exc)) from exc
            raise BundleRefused("damaged", detail=f"payload: {exc}") from exc
        plain.seek(0)
        yield plain
