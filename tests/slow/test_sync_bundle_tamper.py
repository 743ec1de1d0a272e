"""Bundles cut at every offset, with a bit flipped in every byte, with each member swapped for another
bundle's, and with their manifest altered byte by byte: each is refused with a reason, or (a flip in
zip bookkeeping that carries no content, like a member's date) read back exactly as written. Nothing
else is ever accepted, and nothing raises anything but BundleRefused."""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from bundle_testing import RECIPIENT_KEY, SIGNER, header, is_whole, make_bundle, read, refused, rezip, rows
from desktop.sync.bundle_write import write_bundle
from desktop.sync.refusals import BundleRefused

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("encrypted", [False, True])
def test_cut_at_every_offset_is_truncated(tmp_path: Path, encrypted: bool) -> None:
    data = make_bundle(tmp_path / "b.zip", encrypted=encrypted).read_bytes()
    cut = tmp_path / "cut.zip"
    for size in range(len(data)):
        cut.write_bytes(data[:size])
        assert refused(cut).reason == "truncated", size


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_bit_flipped_in_any_byte_is_refused_or_harmless(tmp_path: Path, encrypted: bool) -> None:
    data = make_bundle(tmp_path / "b.zip", encrypted=encrypted).read_bytes()
    flipped = tmp_path / "flipped.zip"
    seen: Counter[str] = Counter()
    for offset in range(len(data)):
        damaged = bytearray(data)
        damaged[offset] ^= 1 << (offset % 8)
        flipped.write_bytes(bytes(damaged))
        try:
            bundle = read(flipped)
        except BundleRefused as refusal:
            seen[refusal.reason] += 1
            assert refusal.reason in ("damaged", "truncated", "not_a_bundle"), offset
        else:
            assert is_whole(bundle), offset
            seen["harmless"] += 1
    assert seen["damaged"] > 0.8 * len(data)


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_member_swapped_for_another_bundles_is_refused(tmp_path: Path, encrypted: bool) -> None:
    path = make_bundle(tmp_path / "a.zip", encrypted=encrypted)
    key = RECIPIENT_KEY.public_key() if encrypted else None
    other = write_bundle(tmp_path / "b.zip", header(bundle_id="another", sequence=8), rows()[1:],
                         {hashlib.sha256(b"other").hexdigest(): b"other"}, signer=SIGNER, encrypt_to=key)
    with zipfile.ZipFile(path) as archive:
        ours = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(other) as archive:
        theirs = {name: archive.read(name) for name in archive.namelist()}
    for name in ours:
        if name in ("manifest.json", "manifest.sig"):
            expected, content = "bad_signature", theirs[name]
        else:
            expected, content = "damaged", theirs["payload.enc" if encrypted else "changes.jsonl"]
        assert refused(rezip(path, tmp_path / "swapped.zip", replace={name: content})).reason == expected, name
    attachments = sorted(name for name in ours if name.startswith("attachments/"))
    if attachments:
        first, second = attachments
        crossed = rezip(path, tmp_path / "crossed.zip", replace={first: ours[second], second: ours[first]})
        assert refused(crossed).reason == "damaged"
    # The other bundle's signed manifest and signature, moved together, do not describe these members.
    both = rezip(path, tmp_path / "both.zip",
                 replace={"manifest.json": theirs["manifest.json"], "manifest.sig": theirs["manifest.sig"]})
    assert refused(both).reason == "damaged"


def test_the_manifest_altered_at_every_byte_is_never_accepted(tmp_path: Path) -> None:
    """A forger who rewrites manifest.json and re-zips it (so the zip's own checksum is right)."""
    path = make_bundle(tmp_path / "b.zip")
    with zipfile.ZipFile(path) as archive:
        manifest = archive.read("manifest.json")
    forged = tmp_path / "forged.zip"
    seen: Counter[str] = Counter()
    for offset in range(len(manifest)):
        altered = bytearray(manifest)
        altered[offset] ^= 1 << (offset % 7)
        rezip(path, forged, replace={"manifest.json": bytes(altered)})
        seen[refused(forged).reason] += 1
    # Mostly a bad signature; text that is no JSON, or names another format, sender or signer, says so.
    assert seen.most_common(1)[0][0] == "bad_signature" and set(seen) <= {
        "bad_signature", "damaged", "not_a_bundle", "schema_version", "unknown_sender"}
