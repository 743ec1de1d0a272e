"""Keys, row versions and bundles shared by the sync-bundle tests (unit and slow)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.sync.bundle_read import Bundle, read_bundle
from desktop.sync.bundle_write import write_bundle
from desktop.sync.refusals import BundleRefused

SENDER = "0190a1b2-0000-7000-8000-00000000a001"
RECIPIENT = "0190a1b2-0000-7000-8000-00000000b002"
SCHEMA = "0015"  # any fixed version: these bundles never meet a database


def signing_key(seed: str) -> Ed25519PrivateKey:
    """The same key in every run, so failures repeat."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"sign " + seed.encode()).digest())


def encryption_key(seed: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(hashlib.sha256(b"seal " + seed.encode()).digest())


SIGNER = signing_key("station")
RECIPIENT_KEY = encryption_key("county")


def _zip_attachment() -> bytes:
    """A zip of incompressible bytes (a .docx, say): deflate stores it as is, so the bundle holds its
    end-of-directory record, and a bundle cut just after it must still read as cut short."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("photo.jpg", (2026, 1, 1, 0, 0, 0)), hashlib.shake_256(b"photo").digest(3000))
    return buffer.getvalue()


ATTACHMENTS = {hashlib.sha256(content).hexdigest(): content
               for content in (b"%PDF-1.4 \xe5\x90\x8d\xe5\x86\x8c " * 40, _zip_attachment())}


def header(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "bundle_id": "0190a1b2-0000-7000-8000-0000000c0003", "sender": SENDER, "recipient": RECIPIENT,
        "sequence": 7, "previous_hash": "ab" * 32, "schema": SCHEMA, "hlc_min": 1 << 40, "hlc_max": (1 << 40) + 9,
        "counts": {"client": 2, "community": 1}, "audit_head": "cd" * 32, "sensitive": "left_out", "kind": "data",
        "acks": {"sequence": 3},
    }
    data.update(changes)
    return data


def rows() -> list[dict[str, Any]]:
    """Row versions as the engine writes them: text in Chinese, numbers, nulls, a tombstone."""
    return [
        {"table": "community", "id": "0190a1b2-0000-7000-8000-000000000010", "hlc": 1 << 40, "origin": SENDER,
         "deleted": False, "fields": {"name": "青山村", "kind": "rural", "population": 1234, "note": None}},
        {"table": "client", "id": "0190a1b2-0000-7000-8000-000000000011", "hlc": (1 << 40) + 5, "origin": SENDER,
         "deleted": False, "fields": {"name": "张三", "address": "青山镇 1 号\n二单元", "phone_sealed": None}},
        {"table": "client", "id": "0190a1b2-0000-7000-8000-000000000012", "hlc": (1 << 40) + 9, "origin": SENDER,
         "deleted": True, "fields": {"name": "李四"}},
    ]


def make_bundle(path: Path, *, encrypted: bool = False, signer: Ed25519PrivateKey = SIGNER,
                **header_changes: Any) -> Path:
    return write_bundle(path, header(**header_changes), rows(), ATTACHMENTS, signer=signer,
                        encrypt_to=RECIPIENT_KEY.public_key() if encrypted else None)


def trusted(node_id: str) -> Ed25519PublicKey | None:
    return SIGNER.public_key() if node_id == SENDER else None


def read(path: Path, **options: Any) -> Bundle:
    arguments: dict[str, Any] = {"sender_key": trusted, "my_node_id": RECIPIENT,
                                 "my_encryption_key": RECIPIENT_KEY, "schema": SCHEMA}
    arguments.update(options)
    return read_bundle(path, **arguments)


def refused(path: Path, **options: Any) -> BundleRefused:
    with pytest.raises(BundleRefused) as caught:
        read(path, **options)
    return caught.value


def is_whole(bundle: Bundle) -> bool:
    """The bundle read carries exactly what was written."""
    return bundle.changes == rows() and bundle.attachments == ATTACHMENTS and bundle.manifest["sequence"] == 7


def rezip(source: Path, target: Path, *, manifest: dict[str, Any] | None = None,
          sign_with: Ed25519PrivateKey | None = None, replace: dict[str, bytes] | None = None,
          drop: tuple[str, ...] = (), add: tuple[tuple[str, bytes], ...] = ()) -> Path:
    """A copy of a bundle remade member by member, as a forger would: ``manifest`` changes fields of
    the manifest (re-signed with ``sign_with``, else the old signature is kept), ``replace`` swaps
    members' content, ``drop`` leaves members out, ``add`` appends members (names may repeat)."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    if manifest is not None:
        data = json.loads(members["manifest.json"])
        data.update(manifest)
        members["manifest.json"] = (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    if sign_with is not None:
        members["manifest.sig"] = sign_with.sign(members["manifest.json"])
    members.update(replace or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name not in drop:
                archive.writestr(name, content)
        for name, content in add:
            archive.writestr(name, content)
    return target


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))
