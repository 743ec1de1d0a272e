"""A bundle's signed manifest, checked before anything else in the file is used: its format, the
signature under the sender's trusted key (or, for a sender not yet known, the key it introduces), and
the member list it signs, against the limits and against the archive's own list of members."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from desktop.domain.codes import NODE_KINDS
from desktop.i18n import _
from desktop.sync.archive import open_archive, read_small
from desktop.sync.bundle import (
    ATTACHMENT, CHANGES, FORMATS, MANIFEST, MAX_ATTACHMENTS, MAX_MANIFEST_BYTES, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES,
    MiB, PAYLOAD, PAYLOAD_LIMIT, REQUIRED_HEADER, SENDER_KEY, SIGNATURE, SIGNATURE_BYTES, is_member,
)
from desktop.sync.peer_keys import PeerKey, fingerprint
from desktop.sync.refusals import BundleRefused

_SHA256 = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"[0-9A-F]{4}( [0-9A-F]{4}){15}")
_PUBLIC_KEYS = ("signing_public", "encryption_public")
_PUBLIC_HEX = re.compile(r"[0-9a-f]{64}")
_OTHER_FORMAT = re.compile(r"wushe-bundle/[0-9]{1,6}")


def bundle_id_of(path: Path) -> str:
    """The bundle id its manifest states, not yet verified: for messages about a file."""
    with open_archive(path, is_member) as archive:
        manifest = _parsed(read_small(archive, MANIFEST, MAX_MANIFEST_BYTES))
    bundle_id = manifest.get("bundle_id")
    if not isinstance(bundle_id, str):
        raise BundleRefused("damaged", detail="no bundle id")
    return bundle_id


def peek_sender(path: Path) -> PeerKey:
    """Who a bundle says sent it: the node id, name, kind and public keys its manifest introduces
    (``SENDER_KEY``). The manifest must verify under the signing key it names, but nothing yet says that
    key is the node's: trust it only when its fingerprint matches the one the other node read out
    (``peer_keys.fingerprint_matches``). Raises BundleRefused for a bundle that introduces no sender."""
    with open_archive(path, is_member) as archive:
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


def verified_manifest(archive: zipfile.ZipFile, sender_key: Callable[[str], Ed25519PublicKey | None],
                      my_node_id: str | None = None) -> dict[str, Any]:
    """The manifest, once ``manifest.sig`` verifies under ``sender_key(sender)``, the key trusted for the
    node it names (None: no peer); a bundle that names ``my_node_id`` as its sender is this node's own."""
    raw, signature, manifest = _manifest_of(archive)
    sender, signer = manifest.get("sender"), manifest.get("signer")
    if not isinstance(sender, str) or not isinstance(signer, str):
        raise BundleRefused("damaged", detail="manifest lacks sender or signer")
    if sender == my_node_id:
        raise BundleRefused("own_bundle", detail="sent by this node")
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


def signed_members(manifest: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The signed member list, checked for shape, names and limits."""
    members, encrypted = manifest.get("members"), manifest.get("encrypted")
    if not all(isinstance(manifest.get(key), str) for key in REQUIRED_HEADER):
        raise BundleRefused("damaged", detail="manifest lacks its identity")
    if not isinstance(members, dict) or not isinstance(encrypted, bool) or CHANGES not in members \
            or (PAYLOAD in members) != encrypted:
        raise BundleRefused("damaged", detail="manifest lacks its member list")
    if len(members) > MAX_ATTACHMENTS + 2:
        raise _too_large()
    total = 0
    for name, entry in members.items():
        attachment = ATTACHMENT.fullmatch(name)
        if not (name in (CHANGES, PAYLOAD) or attachment) or not isinstance(entry, dict) \
                or not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]) \
                or type(entry.get("size")) is not int or entry["size"] < 0 \
                or (attachment and attachment[1] != entry["sha256"]):
            raise BundleRefused("damaged", detail=f"bad member entry {name[:80]!r}")
        if entry["size"] > (PAYLOAD_LIMIT if name == PAYLOAD else MAX_MEMBER_BYTES):
            raise _too_large()
        total += entry["size"] if name != PAYLOAD else 0
    if total > MAX_TOTAL_BYTES:
        raise _too_large()
    return members


def check_names(archive: zipfile.ZipFile, manifest: Mapping[str, Any], members: Mapping[str, Any], *,
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


def _parsed(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one
        raise BundleRefused("damaged", detail="manifest is not JSON") from exc
    if not isinstance(manifest, dict):
        raise BundleRefused("damaged", detail="manifest is not an object")
    return manifest


def _manifest_of(archive: zipfile.ZipFile) -> tuple[bytes, bytes, dict[str, Any]]:
    """The manifest as stored, its signature and the manifest parsed, of a format this version reads (an older
    one too): not yet verified."""
    raw = read_small(archive, MANIFEST, MAX_MANIFEST_BYTES)
    signature = read_small(archive, SIGNATURE, SIGNATURE_BYTES)
    manifest = _parsed(raw)
    found = manifest.get("format")
    if found not in FORMATS:
        if isinstance(found, str) and _OTHER_FORMAT.fullmatch(found):
            raise BundleRefused("schema_version", _(
                "This bundle is in format {found}, which this version of Wushe Desk cannot read; update it.").format(
                found=found), detail="other bundle format")
        raise BundleRefused("not_a_bundle", detail="manifest of another format")
    return raw, signature, manifest


def _too_large() -> BundleRefused:
    message = _("This bundle is larger than a node accepts ({limit} MB unpacked at most).")
    return BundleRefused("damaged", message.format(limit=MAX_TOTAL_BYTES // MiB), detail="over the size limits")
