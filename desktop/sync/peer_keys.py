"""Public-key files that introduce a node to its peers, and the fingerprints people compare.

A key file is small, readable JSON: the node's id, name and kind, its Ed25519 signing and X25519
encryption public keys in hex, the signing key's fingerprint, and the signing key once more as PEM
so a person can check a bundle's signature with openssl (see ``desktop.sync.bundle``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.domain.codes import NODE_KINDS
from desktop.domain.fingerprints import fingerprint
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.sync.files import durable_replace
from desktop.sync.unreadable import unreadable_reason

KEY_FORMAT = "wushe-key/1"
MAX_KEY_FILE_BYTES = 64 * 1024
_HEX = re.compile(r"[0-9a-f]{64}")
# What a person may type: the whole fingerprint, or the first half the home page shows.
_TYPED_LENGTHS = (32, 64)
GROUP = 4  # hex digits in each group of a fingerprint as shown


class KeyFileError(WusheError, ValueError):
    """A key file that cannot be used; the message says why, in one translated line."""


@dataclass(frozen=True)
class PeerKey:
    node_id: str
    name: str
    kind: str
    signing_public: bytes
    encryption_public: bytes


def fingerprint_matches(signing_public: bytes, typed: str) -> bool:
    """Whether a typed fingerprint (any case, spaces or dashes) is this key's: all 64 hex digits, or
    the first 32 that the home page shows. One of another length raises ValidationError saying how long a
    fingerprint is: it was cut short or mistyped, which is not the same as another key's."""
    cleaned = "".join(ch for ch in typed if ch not in " -:\t").upper()
    if len(cleaned) not in _TYPED_LENGTHS:
        raise ValidationError("fingerprint", _(
            "A fingerprint has {short} or {whole} groups of four characters; {count} characters were given. "
            "Type it again as the other node reads it out.").format(
            short=_TYPED_LENGTHS[0] // GROUP, whole=_TYPED_LENGTHS[1] // GROUP, count=len(cleaned)))
    return fingerprint(signing_public).replace(" ", "").startswith(cleaned)


def signing_pem(signing_public: bytes) -> str:
    """The signing key as a PEM SubjectPublicKeyInfo, as openssl reads it."""
    key = Ed25519PublicKey.from_public_bytes(signing_public)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def write_key_file(path: Path, key: PeerKey) -> Path:
    data = {
        "format": KEY_FORMAT,
        "node_id": key.node_id,
        "name": key.name,
        "kind": key.kind,
        "signing_public": key.signing_public.hex(),
        "encryption_public": key.encryption_public.hex(),
        "fingerprint": fingerprint(key.signing_public),
        "signing_public_pem": signing_pem(key.signing_public),
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    temporary = path.with_name(path.name + ".part")
    with open(temporary, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    durable_replace(temporary, path)
    return path


def read_key_file(path: Path) -> PeerKey:
    """Raises KeyFileError for a file that is not a key file, is damaged, or whose fingerprint or PEM
    disagrees with its key (edited by hand or tampered with), or that cannot be read (``unreadable``)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(unreadable_reason(path, exc)) from exc
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(_("This file is too large to be a node's public-key file."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KeyFileError(_("This file is not a node's public-key file.")) from exc
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        raise KeyFileError(_("This file is not a node's public-key file."))
    node_id, name, kind = data.get("node_id"), data.get("name"), data.get("kind")
    if not isinstance(node_id, str) or not node_id or not isinstance(name, str) or not name.strip():
        raise KeyFileError(_("This public-key file lacks the node's id or name."))
    if kind not in NODE_KINDS:
        raise KeyFileError(_("This public-key file names an unknown kind of node."))
    signing, encryption = _key(data, "signing_public"), _key(data, "encryption_public")
    if data.get("fingerprint") != fingerprint(signing):
        raise KeyFileError(_("This public-key file's fingerprint does not match its key: it was altered."))
    pem = data.get("signing_public_pem")
    if pem is not None and pem != signing_pem(signing):
        raise KeyFileError(_("This public-key file's two copies of the signing key differ: it was altered."))
    return PeerKey(node_id, name.strip(), kind, signing, encryption)


def _key(data: dict[str, object], field: str) -> bytes:
    value = data.get(field)
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise KeyFileError(_("This public-key file's keys are damaged."))
    key = bytes.fromhex(value)
    if field == "signing_public":
        try:
            Ed25519PublicKey.from_public_bytes(key)
        except ValueError as exc:
            raise KeyFileError(_("This public-key file's keys are damaged.")) from exc
    return key
