"""Public-key files and fingerprints: what a person reads aloud, types, and carries to the county."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

from bundle_testing import SENDER, encryption_key, signing_key
from desktop.domain.fingerprints import short_fingerprint as home_page_fingerprint
from desktop.errors import ValidationError
from desktop.sync.peer_keys import (KeyFileError, PeerKey, fingerprint, fingerprint_matches, read_key_file,
                                    write_key_file)

SIGNING = signing_key("station").public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
KEY = PeerKey(SENDER, "青山镇社会工作服务站", "station", SIGNING,
              encryption_key("station").public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def test_fingerprint_is_the_whole_sha256_in_sixteen_groups() -> None:
    shown = fingerprint(SIGNING)
    groups = shown.split(" ")
    assert len(groups) == 16 and all(len(g) == 4 and g == g.upper() for g in groups)
    assert shown.startswith(home_page_fingerprint(SIGNING))  # the home page shows its first half


def test_typed_fingerprints_match_loosely_but_only_whole() -> None:
    shown = fingerprint(SIGNING)
    assert fingerprint_matches(SIGNING, shown)
    assert fingerprint_matches(SIGNING, shown.lower().replace(" ", "-"))
    assert fingerprint_matches(SIGNING, home_page_fingerprint(SIGNING))
    with pytest.raises(ValidationError, match="8 or 16 groups of four characters; 16 characters were given"):
        fingerprint_matches(SIGNING, shown[:20])  # too short to be safe: four groups, said as such
    other = fingerprint(b"\x01" * 32)
    assert not fingerprint_matches(SIGNING, other)


def test_key_file_round_trip_is_readable_json(tmp_path: Path) -> None:
    path = write_key_file(tmp_path / "key.json", KEY)
    assert read_key_file(path) == KEY
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "青山镇社会工作服务站" and data["fingerprint"] == fingerprint(SIGNING)
    pem = load_pem_public_key(data["signing_public_pem"].encode())
    assert pem.public_bytes(Encoding.Raw, PublicFormat.Raw) == SIGNING
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


@pytest.mark.parametrize("change, message", [
    ({"format": "other"}, "This file is not a node's public-key file."),
    ({"name": " "}, "This public-key file lacks the node's id or name."),
    ({"kind": "province"}, "This public-key file names an unknown kind of node."),
    ({"signing_public": "00ff"}, "This public-key file's keys are damaged."),
    ({"encryption_public": "zz" * 32}, "This public-key file's keys are damaged."),
    ({"fingerprint": "0000 " * 15 + "0000"}, "This public-key file's fingerprint does not match its key: it was altered."),
    ({"signing_public_pem": "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"},
     "This public-key file's two copies of the signing key differ: it was altered."),
])
def test_bad_key_files_say_why(tmp_path: Path, change: dict[str, str], message: str) -> None:
    path = write_key_file(tmp_path / "key.json", KEY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyFileError) as caught:
        read_key_file(path)
    assert caught.value.message == message and isinstance(caught.value, ValueError)


def test_files_that_are_no_key_files(tmp_path: Path) -> None:
    for content in (b"\xff\xfe garbage", b"[1, 2]", b"{" * 10, b" " * (64 * 1024 + 1)):
        path = tmp_path / "key.json"
        path.write_bytes(content)
        with pytest.raises(KeyFileError):
            read_key_file(path)


def test_a_key_file_that_cannot_be_read_is_said_so_in_our_words(tmp_path: Path) -> None:
    """Not the system's English reason (No such file or directory) inside a translated line."""
    with pytest.raises(KeyFileError, match=r"^There is no file .*nope\.key\.$"):
        read_key_file(tmp_path / "nope.key")
    with pytest.raises(KeyFileError, match=r"is a folder, not a file\.$"):
        read_key_file(tmp_path)
