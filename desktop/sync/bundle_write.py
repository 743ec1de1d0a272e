"""Writing a bundle file (format in ``bundle``): atomically, then read back and verified before it
counts as written."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from itertools import islice
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from desktop.i18n import _
from desktop.storage.digest import canonical_json
from desktop.sync import envelope
from desktop.sync.archive import BLOCK, member_blocks, open_archive, put
from desktop.sync.bundle import (
    ATTACHMENTS, CHANGES, FORMAT, MANIFEST, MAX_ATTACHMENTS, MAX_MANIFEST_BYTES, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES,
    PAYLOAD, PAYLOAD_LIMIT, REQUIRED_HEADER, ROW_KEYS, SIGNATURE, SPOOL, is_member, payload_context,
)
from desktop.sync.bundle_manifest import check_names, signed_members, verified_manifest
from desktop.sync.files import durable_replace
from desktop.sync.peer_keys import fingerprint
from desktop.sync.refusals import BundleRefused

_ADDED = ("format", "signer", "members", "encrypted")
_BATCH = 1000  # rows encoded and written at a time: a bundle may carry a million


def write_bundle(path: Path, header: dict[str, Any], changes: Iterable[dict[str, Any]],
                 attachments: Mapping[str, bytes], *, signer: Ed25519PrivateKey,
                 encrypt_to: X25519PublicKey | None) -> Path:
    """Write the bundle to a temporary file beside ``path``, fsync it, rename it over ``path``, fsync the
    folder, then read it back and verify it. ``attachments`` maps the hex SHA-256 of each content to it.
    Raises ValueError for a header or content that does not fit the format or its limits, and OSError
    when the file on disk does not verify (it is removed)."""
    _check_header(header)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValueError(f"more than {MAX_ATTACHMENTS} attachments")
    with tempfile.SpooledTemporaryFile(SPOOL) as changes_file, tempfile.SpooledTemporaryFile(SPOOL) as payload:
        members = {CHANGES: _write_changes(changes_file, changes)}
        for digest, content in sorted(attachments.items()):
            if hashlib.sha256(content).hexdigest() != digest:
                raise ValueError(f"attachment {digest!r} is not named by the SHA-256 of its content")
            if len(content) > MAX_MEMBER_BYTES:
                raise ValueError(f"attachment {digest} is over MAX_MEMBER_BYTES")
            members[ATTACHMENTS + digest] = _entry_of(content)
        if sum(entry["size"] for entry in members.values()) > MAX_TOTAL_BYTES:
            raise ValueError("the bundle is over MAX_TOTAL_BYTES")
        manifest = {**header, "format": FORMAT, "signer": fingerprint(signer.public_key().public_bytes_raw()),
                    "encrypted": encrypt_to is not None, "members": members}
        if encrypt_to is not None:
            members[PAYLOAD] = _seal_payload(payload, changes_file, attachments, encrypt_to, manifest)
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
        if len(manifest_bytes) > MAX_MANIFEST_BYTES:
            raise ValueError("the manifest is over MAX_MANIFEST_BYTES")
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        temporary = Path(name)
        try:
            with os.fdopen(fd, "w+b") as f:
                with zipfile.ZipFile(f, "w") as archive:
                    put(archive, MANIFEST, manifest_bytes, compress=True)
                    put(archive, SIGNATURE, signer.sign(manifest_bytes), compress=False)
                    if encrypt_to is not None:
                        put(archive, PAYLOAD, payload, compress=False)
                    else:
                        put(archive, CHANGES, changes_file, compress=True)
                        for digest, content in sorted(attachments.items()):
                            put(archive, ATTACHMENTS + digest, content, compress=True)
                f.flush()
                os.fsync(f.fileno())
            durable_replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    _verify_written(path, signer.public_key())
    return path


def _check_header(header: Mapping[str, Any]) -> None:
    clash = [key for key in _ADDED if key in header]
    if clash:
        raise ValueError(f"the header may not set {clash}: write_bundle adds them")
    for key in REQUIRED_HEADER:
        if not isinstance(header.get(key), str) or not header[key]:
            raise ValueError(f"the header needs a {key} (text)")


def _entry_of(content: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def _write_changes(target: IO[bytes], changes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    digest, size, rows = hashlib.sha256(), 0, iter(changes)
    while batch := list(islice(rows, _BATCH)):
        for row in batch:
            if not ROW_KEYS <= row.keys():
                raise ValueError(f"a change row lacks {sorted(ROW_KEYS - row.keys())}")
        lines = ("\n".join(map(canonical_json, batch)) + "\n").encode()
        digest.update(lines)
        size += len(lines)
        if size > MAX_MEMBER_BYTES:
            raise ValueError("changes.jsonl is over MAX_MEMBER_BYTES")
        target.write(lines)
    return {"sha256": digest.hexdigest(), "size": size}


def _seal_payload(payload: IO[bytes], changes_file: IO[bytes], attachments: Mapping[str, bytes],
                  recipient: X25519PublicKey, manifest: Mapping[str, Any]) -> dict[str, Any]:
    with tempfile.SpooledTemporaryFile(SPOOL) as inner:
        with zipfile.ZipFile(inner, "w") as archive:
            put(archive, CHANGES, changes_file, compress=True)
            for digest, content in sorted(attachments.items()):
                put(archive, ATTACHMENTS + digest, content, compress=True)
        inner.seek(0)
        size = envelope.seal(inner, payload, recipient, payload_context(manifest))
    if size > PAYLOAD_LIMIT:
        raise ValueError("the encrypted payload is over its limit")
    payload.seek(0)
    digest = hashlib.sha256()
    while block := payload.read(BLOCK):
        digest.update(block)
    return {"sha256": digest.hexdigest(), "size": size}


def _verify_written(path: Path, public: Ed25519PublicKey) -> None:
    """Read back what reached the disk: a whole zip, the signature, every member's size and hash (the
    encrypted payload as sealed: only the recipient can open it)."""
    try:
        with open_archive(path, is_member) as archive:
            manifest = verified_manifest(archive, lambda _sender: public)
            members = signed_members(manifest)
            for name in check_names(archive, manifest, members) - {MANIFEST, SIGNATURE}:
                for _block in member_blocks(archive, name, members[name]):
                    pass
    except BundleRefused as exc:
        path.unlink(missing_ok=True)
        raise OSError(_("The bundle written to {path} did not read back as written; the disk may be failing.")
                      .format(path=path)) from exc
