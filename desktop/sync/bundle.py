"""The bundle file: a signed zip carrying row versions and attachments from one node to another.

Members, always under these fixed names (a name read from an archive is never used as a path):

- ``manifest.json``: the engine's header plus ``format``, ``signer`` (fingerprint of the signing
  key), ``members`` ({name: {sha256, size}} of every member below) and ``encrypted``;
- ``manifest.sig``: the 64-byte Ed25519 signature of ``manifest.json`` exactly as stored;
- ``changes.jsonl``: one row version per line, ``{"table","id","hlc","origin","deleted","fields"}``;
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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from desktop.i18n import _
from desktop.storage.digest import canonical_json
from desktop.sync import envelope
from desktop.sync.archive import BLOCK, ZIP_ERRORS, member_blocks, open_archive, put, read_small
from desktop.sync.files import durable_replace
from desktop.domain.codes import NODE_KINDS
from desktop.sync.peer_keys import PeerKey, fingerprint
from desktop.sync.refusals import REASONS, BundleRefused

__all__ = ["FORMAT", "REASONS", "SENDER_KEY", "Bundle", "BundleRefused", "OpenBundle", "bundle_id_of", "open_bundle",
           "peek_sender", "read_bundle", "write_bundle"]

FORMAT = "wushe-bundle/1"
MANIFEST, SIGNATURE, CHANGES, PAYLOAD = "manifest.json", "manifest.sig", "changes.jsonl", "payload.enc"
ATTACHMENTS = "attachments/"
_ATTACHMENT = re.compile(r"attachments/([0-9a-f]{64})")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"[0-9A-F]{4}( [0-9A-F]{4}){15}")
# The header's introduction of its sender, for a node that does not know it yet (``peek_sender``):
# {"name", "kind", "signing_public", "encryption_public"}, the keys in hex.
SENDER_KEY = "sender_key"
_PUBLIC_KEYS = ("signing_public", "encryption_public")
_PUBLIC_HEX = re.compile(r"[0-9a-f]{64}")
_OTHER_FORMAT = re.compile(r"wushe-bundle/[0-9]{1,6}")

# Limits against zip bombs and runaway files: nothing is read past them, whatever an archive declares.
MiB = 1024 * 1024
SIGNATURE_BYTES = 64
MAX_MANIFEST_BYTES = 16 * MiB
MAX_MEMBER_BYTES = 1024 * MiB
MAX_TOTAL_BYTES = 2048 * MiB
MAX_ATTACHMENTS = 100_000
_INNER_LIMIT = MAX_TOTAL_BYTES + MAX_TOTAL_BYTES // 64  # the members plus the inner zip's headers and blocks
_PAYLOAD_LIMIT = envelope.sealed_size(_INNER_LIMIT)
_SPOOL = 64 * MiB  # temporary payloads stay in memory up to this size, then go to disk
_CHANGES_SPOOL = 4 * MiB  # the rows of a bundle being imported: read back from disk a chunk at a time

_ADDED = ("format", "signer", "members", "encrypted")
_REQUIRED_HEADER = ("bundle_id", "sender", "recipient", "schema")
_ROW_KEYS = frozenset(("table", "id", "hlc", "origin", "deleted", "fields"))
_BATCH = 1000  # rows encoded and written at a time: a bundle may carry a million
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    changes: list[dict[str, Any]]
    attachments: dict[str, bytes]


def _is_member(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE, CHANGES, PAYLOAD) or name.startswith(ATTACHMENTS)


def _context(manifest: Mapping[str, Any]) -> bytes:
    """What the payload's encryption is bound to, so it cannot be moved into another bundle."""
    return "\n".join((FORMAT, manifest["bundle_id"], manifest["sender"], manifest["recipient"])).encode()


def _too_large() -> BundleRefused:
    message = _("This bundle is larger than a node accepts ({limit} MB unpacked at most).")
    return BundleRefused("damaged", message.format(limit=MAX_TOTAL_BYTES // MiB), detail="over the size limits")


# Writing


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
    with tempfile.SpooledTemporaryFile(_SPOOL) as changes_file, tempfile.SpooledTemporaryFile(_SPOOL) as payload:
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
    for key in _REQUIRED_HEADER:
        if not isinstance(header.get(key), str) or not header[key]:
            raise ValueError(f"the header needs a {key} (text)")


def _entry_of(content: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}


def _write_changes(target: IO[bytes], changes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    digest, size, rows = hashlib.sha256(), 0, iter(changes)
    while batch := list(islice(rows, _BATCH)):
        for row in batch:
            if not _ROW_KEYS <= row.keys():
                raise ValueError(f"a change row lacks {sorted(_ROW_KEYS - row.keys())}")
        lines = ("\n".join(map(canonical_json, batch)) + "\n").encode()
        digest.update(lines)
        size += len(lines)
        if size > MAX_MEMBER_BYTES:
            raise ValueError("changes.jsonl is over MAX_MEMBER_BYTES")
        target.write(lines)
    return {"sha256": digest.hexdigest(), "size": size}


def _seal_payload(payload: IO[bytes], changes_file: IO[bytes], attachments: Mapping[str, bytes],
                  recipient: X25519PublicKey, manifest: Mapping[str, Any]) -> dict[str, Any]:
    with tempfile.SpooledTemporaryFile(_SPOOL) as inner:
        with zipfile.ZipFile(inner, "w") as archive:
            put(archive, CHANGES, changes_file, compress=True)
            for digest, content in sorted(attachments.items()):
                put(archive, ATTACHMENTS + digest, content, compress=True)
        inner.seek(0)
        size = envelope.seal(inner, payload, recipient, _context(manifest))
    if size > _PAYLOAD_LIMIT:
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
        with open_archive(path, _is_member) as archive:
            manifest = _verified_manifest(archive, lambda _sender: public)
            members = _members(manifest)
            for name in _check_names(archive, manifest, members) - {MANIFEST, SIGNATURE}:
                for _block in member_blocks(archive, name, members[name]):
                    pass
    except BundleRefused as exc:
        path.unlink(missing_ok=True)
        raise OSError(_("The bundle written to {path} did not read back as written; the disk may be failing.")
                      .format(path=path)) from exc


# Reading


def bundle_id_of(path: Path) -> str:
    """The bundle id its manifest states, not yet verified: for messages about a file."""
    with open_archive(path, _is_member) as archive:
        manifest = _parsed(read_small(archive, MANIFEST, MAX_MANIFEST_BYTES))
    bundle_id = manifest.get("bundle_id")
    if not isinstance(bundle_id, str):
        raise BundleRefused("damaged", detail="no bundle id")
    return bundle_id


def read_bundle(path: Path, *, sender_key: Callable[[str], Ed25519PublicKey | None], my_node_id: str,
                my_encryption_key: X25519PrivateKey | None, schema: str) -> Bundle:
    """``open_bundle`` with every row read into a list."""
    with open_bundle(path, sender_key=sender_key, my_node_id=my_node_id, my_encryption_key=my_encryption_key,
                     schema=schema) as opened:
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
                my_encryption_key: X25519PrivateKey | None, schema: str) -> Iterator[OpenBundle]:
    """Open, verify and unpack a bundle, or raise BundleRefused. ``sender_key`` is asked for the trusted
    signing key of the manifest's ``sender`` (a node id) and returns None for a node that is not a peer.
    Every member is checked against its signed hash before this yields."""
    with tempfile.SpooledTemporaryFile(_CHANGES_SPOOL) as lines:
        manifest, rows, attachments = _unpacked(path, lines, sender_key, my_node_id, my_encryption_key, schema)
        yield OpenBundle(manifest, rows, attachments, lines)


def _unpacked(path: Path, lines: IO[bytes], sender_key: Callable[[str], Ed25519PublicKey | None], my_node_id: str,
              my_encryption_key: X25519PrivateKey | None, schema: str) -> tuple[dict[str, Any], int, dict[str, bytes]]:
    with open_archive(path, _is_member) as archive:
        manifest = _verified_manifest(archive, sender_key)
        if manifest.get("recipient") != my_node_id:
            raise BundleRefused("wrong_recipient", detail=f"addressed to {manifest.get('recipient')!r}")
        if manifest.get("schema") != schema:
            raise BundleRefused("schema_version", _(
                "This bundle was written at database version {found}; this node is at version {expected}. "
                "Update the older node first.").format(found=manifest.get("schema"), expected=schema),
                detail="schema differs")
        members = _members(manifest)
        _check_names(archive, manifest, members)
        if not manifest["encrypted"]:
            return manifest, *_contents(archive, members, lines)
        with _decrypted(archive, manifest, members, my_encryption_key) as inner:
            try:
                inner_archive = zipfile.ZipFile(inner)
            except ZIP_ERRORS as exc:
                raise BundleRefused("damaged", detail="payload is not a zip") from exc
            with inner_archive:
                _check_names(inner_archive, manifest, members, inner=True)
                return manifest, *_contents(inner_archive, members, lines)


def _parsed(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one
        raise BundleRefused("damaged", detail="manifest is not JSON") from exc
    if not isinstance(manifest, dict):
        raise BundleRefused("damaged", detail="manifest is not an object")
    return manifest


def _manifest_of(archive: zipfile.ZipFile) -> tuple[bytes, bytes, dict[str, Any]]:
    """The manifest as stored, its signature and the manifest parsed, of this format: not yet verified."""
    raw = read_small(archive, MANIFEST, MAX_MANIFEST_BYTES)
    signature = read_small(archive, SIGNATURE, SIGNATURE_BYTES)
    manifest = _parsed(raw)
    found = manifest.get("format")
    if found != FORMAT:
        if isinstance(found, str) and _OTHER_FORMAT.fullmatch(found):
            raise BundleRefused("schema_version", _(
                "This bundle is in format {found}, which this version of Wushe Desk cannot read; update it.").format(
                found=found), detail="other bundle format")
        raise BundleRefused("not_a_bundle", detail="manifest of another format")
    return raw, signature, manifest


def peek_sender(path: Path) -> PeerKey:
    """Who a bundle says sent it: the node id, name, kind and public keys its manifest introduces
    (``SENDER_KEY``). The manifest must verify under the signing key it names, but nothing yet says that
    key is the node's: trust it only when its fingerprint matches the one the other node read out
    (``peer_keys.fingerprint_matches``). Raises BundleRefused for a bundle that introduces no sender."""
    with open_archive(path, _is_member) as archive:
        raw, signature, manifest = _manifest_of(archive)
    introduced = manifest.get(SENDER_KEY)
    if not isinstance(introduced, dict) or not isinstance(manifest.get("sender"), str) \
            or not all(isinstance(introduced.get(name), str) for name in ("name", "kind", *_PUBLIC_KEYS)) \
            or not introduced["name"].strip() or introduced["kind"] not in NODE_KINDS \
            or not all(_PUBLIC_HEX.fullmatch(introduced[name]) for name in _PUBLIC_KEYS):
        raise BundleRefused("unknown_sender", _(
            "This bundle does not introduce its sender; add that node from its public-key file instead."),
            detail="no sender key in the manifest")
    signing = bytes.fromhex(introduced["signing_public"])
    try:
        Ed25519PublicKey.from_public_bytes(signing).verify(signature, raw)
    except (InvalidSignature, ValueError) as exc:
        raise BundleRefused("bad_signature", detail="not signed by the key it introduces") from exc
    if manifest.get("signer") != fingerprint(signing):
        raise BundleRefused("damaged", detail="signed manifest names another signer")
    return PeerKey(manifest["sender"], introduced["name"].strip(), introduced["kind"], signing,
                   bytes.fromhex(introduced["encryption_public"]))


def _verified_manifest(archive: zipfile.ZipFile,
                       sender_key: Callable[[str], Ed25519PublicKey | None]) -> dict[str, Any]:
    raw, signature, manifest = _manifest_of(archive)
    sender, signer = manifest.get("sender"), manifest.get("signer")
    if not isinstance(sender, str) or not isinstance(signer, str):
        raise BundleRefused("damaged", detail="manifest lacks sender or signer")
    # Until the signature is checked these are a stranger's words: only a well-formed fingerprint is shown.
    shown = signer if _FINGERPRINT.fullmatch(signer) else None
    key = sender_key(sender)
    if key is None:
        message = None if shown is None else _(
            "This bundle comes from a node that is not among this node's trusted peers (key fingerprint "
            "{fingerprint}); add that node as a peer first.").format(fingerprint=shown)
        raise BundleRefused("unknown_sender", message, detail=f"sender {sender[:80]!r}")
    trusted = fingerprint(key.public_bytes_raw())
    try:
        key.verify(signature, raw)
    except InvalidSignature as exc:
        if signer != trusted and shown is not None:  # most likely the node was set up again with new keys
            raise BundleRefused("unknown_sender", _(
                "This bundle is signed with a key ({fingerprint}) other than the one trusted for its sender; "
                "if that node was set up again, add its new key file first.").format(fingerprint=shown),
                detail=f"signer {shown} is not {trusted}") from exc
        raise BundleRefused("bad_signature", detail="signature does not verify") from exc
    if signer != trusted:
        raise BundleRefused("damaged", detail="signed manifest names another signer")
    return manifest


def _members(manifest: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The signed member list, checked for shape, names and limits."""
    members, encrypted = manifest.get("members"), manifest.get("encrypted")
    if not all(isinstance(manifest.get(key), str) for key in _REQUIRED_HEADER):
        raise BundleRefused("damaged", detail="manifest lacks its identity")
    if not isinstance(members, dict) or not isinstance(encrypted, bool) or CHANGES not in members \
            or (PAYLOAD in members) != encrypted:
        raise BundleRefused("damaged", detail="manifest lacks its member list")
    if len(members) > MAX_ATTACHMENTS + 2:
        raise _too_large()
    total = 0
    for name, entry in members.items():
        attachment = _ATTACHMENT.fullmatch(name)
        if not (name in (CHANGES, PAYLOAD) or attachment) or not isinstance(entry, dict) \
                or not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]) \
                or type(entry.get("size")) is not int or entry["size"] < 0 \
                or (attachment and attachment[1] != entry["sha256"]):
            raise BundleRefused("damaged", detail=f"bad member entry {name[:80]!r}")
        if entry["size"] > (_PAYLOAD_LIMIT if name == PAYLOAD else MAX_MEMBER_BYTES):
            raise _too_large()
        total += entry["size"] if name != PAYLOAD else 0
    if total > MAX_TOTAL_BYTES:
        raise _too_large()
    return members


def _check_names(archive: zipfile.ZipFile, manifest: Mapping[str, Any], members: Mapping[str, Any], *,
                 inner: bool = False) -> set[str]:
    """The archive holds exactly the members the manifest lists, each once; returns their names."""
    if inner:
        expected = set(members) - {PAYLOAD}
    elif manifest["encrypted"]:
        expected = {MANIFEST, SIGNATURE, PAYLOAD}
    else:
        expected = {MANIFEST, SIGNATURE, *members}
    names = archive.namelist()
    if len(names) != len(set(names)) or set(names) != expected:
        raise BundleRefused("damaged", detail="members differ from the manifest")
    return expected


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
        attachment = _ATTACHMENT.fullmatch(name)
        if attachment:
            attachments[attachment[1]] = b"".join(member_blocks(archive, name, entry))
    return rows, attachments


def _row(line: bytes) -> dict[str, Any]:
    try:
        row = _DECODER.decode(line.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one
        raise BundleRefused("damaged", detail="a change line is not JSON") from exc
    if not isinstance(row, dict) or not _ROW_KEYS <= row.keys() or not isinstance(row["table"], str) \
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
    with tempfile.SpooledTemporaryFile(_SPOOL) as sealed, tempfile.SpooledTemporaryFile(_SPOOL) as plain:
        for block in member_blocks(archive, PAYLOAD, members[PAYLOAD]):
            sealed.write(block)
        sealed.seek(0)
        try:
            envelope.open_sealed(sealed, plain, key, _context(manifest), limit=_INNER_LIMIT)
        except envelope.EnvelopeError as exc:
            if exc.reason == "wrong_key":
                raise BundleRefused("wrong_recipient", _("This bundle is encrypted for another node's key; "
                                                         "this node cannot open it."), detail=str(exc)) from exc
            raise BundleRefused("damaged", detail=f"payload: {exc}") from exc
        plain.seek(0)
        yield plain
