"""Bundle files: written atomically and verified, read back whole (plain and encrypted), and every
kind of bad file refused with its reason and one line for a person. The many-offset truncation and
bit-flip sweeps are in tests/slow/test_sync_bundle_tamper.py; a few of each run here."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bundle_testing import (ATTACHMENTS, RECIPIENT, SCHEMA, SENDER, SIGNER, encryption_key, header, is_whole,
                            make_bundle, manifest_of, read, refused, rezip, rows, signing_key)
from desktop.sync import bundle_write as bundle_module
from desktop.sync.bundle import FORMAT, MAX_MANIFEST_BYTES, MAX_MEMBER_BYTES
from desktop.sync.bundle_manifest import bundle_id_of
from desktop.sync.bundle_write import write_bundle
from desktop.sync.refusals import REASONS, BundleRefused
from desktop.sync.peer_keys import PeerKey, fingerprint, write_key_file


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


# Round trips


def test_plain_bundle_round_trip(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "out.zip")
    bundle = read(path)
    assert is_whole(bundle)
    manifest = bundle.manifest
    assert {key: manifest[key] for key in header()} == header()
    assert manifest["format"] == FORMAT and manifest["encrypted"] is False
    assert manifest["signer"] == fingerprint(_raw_public(SIGNER))
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["manifest.json", "manifest.sig", "changes.jsonl",
                                      *sorted(f"attachments/{digest}" for digest in ATTACHMENTS)]
        changes = archive.read("changes.jsonl")
    assert manifest["members"]["changes.jsonl"] == {"sha256": hashlib.sha256(changes).hexdigest(), "size": len(changes)}
    assert [json.loads(line) for line in changes.splitlines()] == rows()
    assert "张三".encode() in changes  # readable with unzip -p, not escaped
    assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]  # no temporary file left
    assert bundle_id_of(path) == header()["bundle_id"]


def test_encrypted_bundle_round_trip_hides_the_payload(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "out.zip", encrypted=True)
    bundle = read(path)
    assert is_whole(bundle) and bundle.manifest["encrypted"] is True
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["manifest.json", "manifest.sig", "payload.enc"]
    data = path.read_bytes()
    for secret in ("张三".encode(), "青山镇 1 号".encode(), next(iter(ATTACHMENTS.values()))[:40]):
        assert secret not in data
    assert set(bundle.manifest["members"]) == {"changes.jsonl", "payload.enc",
                                               *(f"attachments/{digest}" for digest in ATTACHMENTS)}


@pytest.mark.parametrize("encrypted", [False, True])
def test_acknowledgement_with_no_changes(tmp_path: Path, encrypted: bool) -> None:
    key = encryption_key("county").public_key() if encrypted else None
    path = write_bundle(tmp_path / "ack.zip", header(kind="ack"), [], {}, signer=SIGNER, encrypt_to=key)
    bundle = read(path)
    assert bundle.changes == [] and bundle.attachments == {} and bundle.manifest["kind"] == "ack"


def test_encrypted_payload_of_many_chunks(tmp_path: Path) -> None:
    many = [{**rows()[1], "id": f"row-{n}", "fields": {"note": hashlib.sha256(str(n).encode()).hexdigest() * 4}}
            for n in range(3000)]
    path = write_bundle(tmp_path / "big.zip", header(), many, {}, signer=SIGNER,
                        encrypt_to=encryption_key("county").public_key())
    assert read(path).changes == many


def test_the_same_content_gives_the_same_file(tmp_path: Path) -> None:
    """Fixed member names, times and order, and a deterministic signature: a plain bundle is reproducible."""
    assert make_bundle(tmp_path / "a.zip").read_bytes() == make_bundle(tmp_path / "b.zip").read_bytes()


# The format, pinned: a change here means bundles of older installations no longer read the same.
GOLDEN_CHANGES = (
    '{"deleted":false,"fields":{"kind":"rural","name":"青山村","note":null,"population":1234},"hlc":1099511627776,'
    '"id":"0190a1b2-0000-7000-8000-000000000010","origin":"0190a1b2-0000-7000-8000-00000000a001","table":"community"}\n'
    '{"deleted":false,"fields":{"address":"青山镇 1 号\\n二单元","name":"张三","phone_sealed":null},"hlc":1099511627781,'
    '"id":"0190a1b2-0000-7000-8000-000000000011","origin":"0190a1b2-0000-7000-8000-00000000a001","table":"client"}\n'
    '{"deleted":true,"fields":{"name":"李四"},"hlc":1099511627785,"id":"0190a1b2-0000-7000-8000-000000000012",'
    '"origin":"0190a1b2-0000-7000-8000-00000000a001","table":"client"}\n'
).encode()
# Ed25519 signatures are deterministic: these pin every byte of manifest.json as well, in the format written
# now and in the one before it (which still reads; its rows name no base, as these do not).
GOLDEN_SIGNATURES = {
    FORMAT: "2eb76929f5eb7d3102b4d0ce452cf58746833ea443915abffb764d00a273b89d"
            "557b73213ab6f01e4c23abcf95f76ddf0c585c2b88cd4a169e351f4696bb6907",
    "wushe-bundle/1": "4a02d752524a96c7004a6bcdbfba90650b68f927951bc710475db61de692c7cd"
                      "a7fbcfa38e341bc2b4894d967aed54575427363a97a74fd191ac4cd7c83b570d",
}


@pytest.mark.parametrize("written", GOLDEN_SIGNATURES)
def test_golden_members_and_any_zip_of_them_reads(written: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_module, "FORMAT", written)  # format 1: as the previous version wrote it
    with zipfile.ZipFile(make_bundle(tmp_path / "b.zip")) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert members["changes.jsonl"] == GOLDEN_CHANGES
    assert members["manifest.sig"].hex() == GOLDEN_SIGNATURES[written]
    # The same members zipped by another tool (stored, in another order) are the same bundle.
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(members, reverse=True):
            archive.writestr(name, members[name])
    assert is_whole(read(other))


def test_write_replaces_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "out.zip"
    path.write_bytes(b"old")
    assert is_whole(read(make_bundle(path)))


def test_writing_refuses_what_the_format_cannot_carry(tmp_path: Path) -> None:
    path = tmp_path / "out.zip"
    cases = [
        ({k: v for k, v in header().items() if k != "bundle_id"}, rows(), ATTACHMENTS),
        ({**header(), "members": {}}, rows(), ATTACHMENTS),
        (header(), [{"table": "client", "id": "x"}], ATTACHMENTS),
        (header(), rows(), {"00" * 32: b"not the content of that hash"}),
    ]
    for head, changes, attachments in cases:
        with pytest.raises(ValueError):
            write_bundle(path, head, changes, attachments, signer=SIGNER, encrypt_to=None)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_does_not_read_back_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing disk: what reached it differs from what was written, so the export says so."""
    real = bundle_module.durable_replace

    def replace_and_damage(temporary: Path, path: Path) -> None:
        real(temporary, path)
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x40
        path.write_bytes(bytes(data))

    monkeypatch.setattr(bundle_module, "durable_replace", replace_and_damage)
    with pytest.raises(OSError, match="did not read back as written"):
        make_bundle(tmp_path / "out.zip")
    assert list(tmp_path.iterdir()) == []


# Refusals, one by one


def test_every_reason_has_a_message() -> None:
    for reason in REASONS:
        refusal = BundleRefused(reason)
        assert refusal.reason == reason and str(refusal) == refusal.message and refusal.message.endswith(".")
    assert BundleRefused("replayed").message == "This bundle has already been imported here; it is not imported twice."
    with pytest.raises(ValueError):
        BundleRefused("strange")


def test_not_a_bundle(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("青山村 走访记录", encoding="utf-8")
    refusal = refused(text)
    assert (refusal.reason, refusal.message) == ("not_a_bundle", "This file is not a Wushe Desk sync bundle.")

    workbook = tmp_path / "report.docx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    refusal = refused(workbook)
    assert (refusal.reason, refusal.message) == (
        "not_a_bundle", "This file is a zip archive, but not a Wushe Desk sync bundle.")

    other = rezip(make_bundle(tmp_path / "b.zip"), tmp_path / "other.zip", manifest={"format": "something/1"},
                  sign_with=SIGNER)
    assert refused(other).reason == "not_a_bundle"


def test_truncated(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip", encrypted=True)
    data = path.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(b"")
    refusal = refused(cut)
    assert (refusal.reason, refusal.message) == (
        "truncated", "This bundle file is empty, perhaps from an unfinished copy. Copy it again.")
    for size in (2, 100, len(data) // 2, len(data) - 1):
        cut.write_bytes(data[:size])
        refusal = refused(cut)
        assert (refusal.reason, refusal.message) == ("truncated", "This bundle file is incomplete: it was cut short, "
                                                     "perhaps by an unfinished copy. Copy it again."), size


def test_cut_just_after_a_zip_attachment_is_truncated(tmp_path: Path) -> None:
    """The zip module would read the attachment as the archive; the bundle's own first member tells."""
    data = make_bundle(tmp_path / "b.zip").read_bytes()
    inner = next(content for content in ATTACHMENTS.values() if content.startswith(b"PK"))
    end = data.index(inner[-22:]) + 22
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[:end])
    assert refused(cut).reason == "truncated"


DAMAGED = "This bundle is damaged: its contents do not match what the sender signed. Ask the sender for a new copy."


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_few_flipped_bits_are_damage(tmp_path: Path, encrypted: bool) -> None:
    data = make_bundle(tmp_path / "b.zip", encrypted=encrypted).read_bytes()
    flipped = tmp_path / "flipped.zip"
    payload_at = data.index(b"payload.enc" if encrypted else b"changes.jsonl") + 40
    for offset in (60, 200, payload_at, payload_at + 300, len(data) // 2):
        damaged = bytearray(data)
        damaged[offset] ^= 0x10
        flipped.write_bytes(bytes(damaged))
        refusal = refused(flipped)
        assert (refusal.reason, refusal.message) == ("damaged", DAMAGED), offset


def test_swapped_extra_missing_and_repeated_members_are_damage(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    other = write_bundle(tmp_path / "other.zip", header(bundle_id="another"), rows()[:1], {}, signer=SIGNER,
                         encrypt_to=None)
    with zipfile.ZipFile(other) as archive:
        other_changes = archive.read("changes.jsonl")
    attachment = f"attachments/{next(iter(ATTACHMENTS))}"
    forged = [
        rezip(path, tmp_path / "swapped.zip", replace={"changes.jsonl": other_changes}),
        rezip(path, tmp_path / "extra.zip", add=(("attachments/" + "0" * 64, b"extra"),)),
        rezip(path, tmp_path / "traversal.zip", add=(("../../evil.sh", b"rm -rf /"),)),
        rezip(path, tmp_path / "missing.zip", drop=(attachment,)),
    ]
    with pytest.warns(UserWarning, match="Duplicate name"):
        forged.append(rezip(path, tmp_path / "repeated.zip", add=((attachment, b"second copy"),)))
    encrypted = make_bundle(tmp_path / "e.zip", encrypted=True)
    with zipfile.ZipFile(make_bundle(tmp_path / "e2.zip", encrypted=True, bundle_id="another")) as archive:
        forged.append(rezip(encrypted, tmp_path / "swapped-payload.zip", replace={"payload.enc": archive.read("payload.enc")}))
    for path in forged:
        refusal = refused(path)
        assert (refusal.reason, refusal.message) == ("damaged", DAMAGED), path.name


def test_a_moved_payload_does_not_open_even_when_signed(tmp_path: Path) -> None:
    """A payload sealed for one bundle, re-signed into another's manifest: its encryption is bound to
    the bundle it was made for."""
    source = make_bundle(tmp_path / "a.zip", encrypted=True)
    target = make_bundle(tmp_path / "b.zip", encrypted=True, bundle_id="another")
    with zipfile.ZipFile(source) as archive:
        payload = archive.read("payload.enc")
    members = {**manifest_of(target)["members"],
               "payload.enc": {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}}
    moved = rezip(target, tmp_path / "moved.zip", manifest={"members": members}, sign_with=SIGNER,
                  replace={"payload.enc": payload})
    assert refused(moved).reason == "damaged"


def test_a_changed_manifest_has_a_bad_signature(tmp_path: Path) -> None:
    forged = rezip(make_bundle(tmp_path / "b.zip"), tmp_path / "forged.zip", manifest={"sequence": 8})
    refusal = refused(forged)
    assert (refusal.reason, refusal.message) == (
        "bad_signature",
        "This bundle's signature does not match its sender's key: it was altered after signing, or forged.")


def test_unknown_sender(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    refusal = refused(path, sender_key=lambda _node: None)
    assert refusal.reason == "unknown_sender"
    assert refusal.message == ("This bundle comes from a node that is not among this node's trusted peers "
                               f"(key fingerprint {fingerprint(_raw_public(SIGNER))}); add that node as a peer first.")

    stranger = make_bundle(tmp_path / "s.zip", signer=signing_key("stranger"))
    refusal = refused(stranger)
    assert refusal.reason == "unknown_sender"
    assert refusal.message.startswith(
        f"This bundle is signed with a key ({fingerprint(_raw_public(signing_key('stranger')))}) other than the one")


def test_words_of_an_unverified_manifest_are_not_shown(tmp_path: Path) -> None:
    """Before its signature is checked, a manifest may say anything: a forged signer is not quoted."""
    forged = rezip(make_bundle(tmp_path / "b.zip"), tmp_path / "forged.zip", manifest={"signer": "请立即拨打 12345 转账"})
    for options in ({"sender_key": lambda _node: None}, {}):
        refusal = refused(forged, **options)
        assert "12345" not in refusal.message, options
    assert refused(forged, sender_key=lambda _node: None).message == (
        "This bundle comes from a node that is not among this node's trusted peers.")
    assert refused(forged).reason == "bad_signature"


def test_wrong_recipient(tmp_path: Path) -> None:
    plain, encrypted = make_bundle(tmp_path / "p.zip"), make_bundle(tmp_path / "e.zip", encrypted=True)
    refusal = refused(plain, my_node_id="0190a1b2-0000-7000-8000-00000000c003")
    assert (refusal.reason, refusal.message) == ("wrong_recipient", "This bundle is addressed to another node, not to this one.")
    refusal = refused(plain, my_node_id="0190a1b2-0000-7000-8000-00000000c003", peer_name={RECIPIENT: "县民政局"}.get)
    assert refusal.message == "This bundle is addressed to 县民政局, not to this node; import it there."
    assert refused(plain, my_node_id=SENDER).reason == "own_bundle"  # the sender's own bundle, back at it
    refusal = refused(encrypted, my_encryption_key=encryption_key("another county"))
    assert (refusal.reason, refusal.message) == (
        "wrong_recipient", "This bundle is encrypted for another node's key; this node cannot open it.")
    refusal = refused(encrypted, my_encryption_key=None)
    assert (refusal.reason, refusal.message) == (
        "wrong_recipient", "This bundle is encrypted, but this node has no key to open it.")
    assert is_whole(read(plain, my_encryption_key=None))


def test_other_schema_or_format(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    refusal = refused(path, schema="0016")
    assert (refusal.reason, refusal.message) == (
        "schema_version", f"This bundle was written at database version {SCHEMA}; this node is at version 0016. "
                          "Update the older node first.")
    newer = rezip(path, tmp_path / "newer.zip", manifest={"format": "wushe-bundle/3"}, sign_with=SIGNER)
    refusal = refused(newer)
    assert (refusal.reason, refusal.message) == (
        "schema_version", "This bundle is in format wushe-bundle/3, which this version of Wushe Desk cannot read; "
                          "update it.")


def test_size_limits_hold_whatever_the_archive_declares(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    # A manifest that inflates past its limit is refused before its signature is even looked at.
    bomb = rezip(path, tmp_path / "bomb.zip", replace={"manifest.json": b" " * (MAX_MANIFEST_BYTES + 1)})
    assert bomb.stat().st_size < 100_000
    assert refused(bomb).reason == "damaged"
    # A trusted sender's manifest promising a member over the limit.
    members = manifest_of(path)["members"]
    members["changes.jsonl"]["size"] = MAX_MEMBER_BYTES + 1
    huge = rezip(path, tmp_path / "huge.zip", manifest={"members": members}, sign_with=SIGNER)
    refusal = refused(huge)
    assert (refusal.reason, refusal.message) == ("damaged", "This bundle is larger than a node accepts (2048 MB unpacked at most).")
    # A member that inflates to more than its signed size.
    members = manifest_of(path)["members"]
    zeros = b"\n" * 5_000_000
    members["changes.jsonl"] = {"sha256": hashlib.sha256(b"\n").hexdigest(), "size": 1}
    inflating = rezip(path, tmp_path / "inflating.zip", manifest={"members": members}, sign_with=SIGNER,
                      replace={"changes.jsonl": zeros})
    assert refused(inflating).reason == "damaged"


def test_unsupported_compression_is_damage(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_BZIP2) as archive:
        for name, content in members:
            archive.writestr(name, content)
    assert refused(odd).reason == "damaged"


def test_signed_rows_that_are_not_row_versions_are_damage(tmp_path: Path) -> None:
    path = make_bundle(tmp_path / "b.zip")
    for content in (b'{"table": "client"}\n', b"not json\n", b'{"table":"t","id":"1","hlc":1,"origin":"n",'
                                                             b'"deleted":false,"fields":{}}'):
        members = manifest_of(path)["members"]
        members["changes.jsonl"] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        odd = rezip(path, tmp_path / "odd.zip", manifest={"members": members}, sign_with=SIGNER,
                    replace={"changes.jsonl": content})
        assert refused(odd).reason == "damaged", content


def test_bundle_id_of_refuses_what_is_no_bundle(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(BundleRefused) as caught:
        bundle_id_of(text)
    assert caught.value.reason == "not_a_bundle"


def _openssl_verifies_ed25519() -> bool:
    if not (shutil.which("openssl") and shutil.which("unzip")):
        return False
    algorithms = subprocess.run(["openssl", "list", "-public-key-algorithms"], capture_output=True, text=True)
    usage = subprocess.run(["openssl", "pkeyutl", "-help"], capture_output=True, text=True)
    return "ED25519" in algorithms.stdout.upper() and "-rawin" in usage.stdout + usage.stderr


@pytest.mark.skipif(not _openssl_verifies_ed25519(), reason="needs unzip, and openssl 3 with Ed25519")
def test_a_person_checks_a_bundle_with_unzip_and_openssl(tmp_path: Path) -> None:
    """What a person does with the sender's key file (the commands of desktop/sync/bundle.py)::

        unzip -o bundle.zip manifest.json manifest.sig -d check
        openssl pkeyutl -verify -pubin -inkey sender.pem -rawin -in check/manifest.json -sigfile check/manifest.sig
        unzip -p bundle.zip changes.jsonl | sha256sum     # = members["changes.jsonl"].sha256

    sender.pem is the key file's "signing_public_pem"."""
    path = make_bundle(tmp_path / "bundle.zip")
    key_file = write_key_file(tmp_path / "sender-key.json", PeerKey(SENDER, "青山镇", "station", _raw_public(SIGNER),
                                                                     _raw_public(SIGNER)))
    pem = tmp_path / "sender.pem"
    pem.write_text(json.loads(key_file.read_text(encoding="utf-8"))["signing_public_pem"], encoding="ascii")
    subprocess.run(["unzip", "-o", "-q", str(path), "manifest.json", "manifest.sig", "-d", str(tmp_path / "check")],
                   check=True)
    verify = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(pem), "-rawin",
              "-in", str(tmp_path / "check" / "manifest.json"), "-sigfile", str(tmp_path / "check" / "manifest.sig")]
    result = subprocess.run(verify, capture_output=True, text=True)
    assert result.returncode == 0 and "Signature Verified Successfully" in result.stdout
    changes = subprocess.run(["unzip", "-p", str(path), "changes.jsonl"], capture_output=True, check=True).stdout
    manifest = json.loads((tmp_path / "check" / "manifest.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(changes).hexdigest() == manifest["members"]["changes.jsonl"]["sha256"]

    altered = (tmp_path / "check" / "manifest.json").read_bytes().replace(b'"sequence": 7', b'"sequence": 8')
    (tmp_path / "check" / "manifest.json").write_bytes(altered)
    assert subprocess.run(verify, capture_output=True, text=True).returncode != 0
