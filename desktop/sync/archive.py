"""Zip archives read defensively and written reproducibly, for bundles.

Nothing is read past a limit, whatever an archive's directory declares (zip bombs), a file cut short
is told apart from one that is no zip at all, and a member is used only once its size and SHA-256
match what was signed.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from desktop.i18n import _
from desktop.sync.refusals import BundleRefused

BLOCK = 1024 * 1024
# What a damaged archive makes the zip module raise; OSError: a wild offset makes it seek before the start.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, struct.error, OSError)
_LOCAL_HEADER, _LOCAL_HEADER_SIZE, _MAX_NAME = b"PK\x03\x04", 30, 256
_END_RECORD, _END_RECORD_SIZE, _MAX_COMMENT = b"PK\x05\x06", 22, 0xFFFF
_TIME = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same content gives the same bytes
_MODE = 0o644 << 16  # so unzip makes readable files


def open_archive(path: Path, is_member: Callable[[str], bool]) -> zipfile.ZipFile:
    """The archive, after telling apart a file that is no zip, a zip cut short and a broken one."""
    with open(path, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(0)
        head = f.read(_LOCAL_HEADER_SIZE + _MAX_NAME)
        f.seek(max(0, size - _END_RECORD_SIZE - _MAX_COMMENT))
        tail = f.read()
    if size == 0:
        raise BundleRefused(
            "truncated", _("This bundle file is empty, perhaps from an unfinished copy. Copy it again."),
            detail="empty file")
    if head[:len(_LOCAL_HEADER)] != _LOCAL_HEADER:
        if _LOCAL_HEADER.startswith(head):
            raise BundleRefused("truncated", detail="cut within the first header")
        raise BundleRefused("not_a_bundle", detail="not a zip")
    # A zip ends with its end-of-directory record; one cut short does not, even when it holds an
    # attachment that is itself a zip (whose record the zip module would otherwise find and use).
    if not _ends_with_directory(tail):
        raise BundleRefused("truncated", detail="no end-of-directory record at the end")
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise BundleRefused("damaged", detail=f"zip directory: {exc}") from exc
    if not any(is_member(name) for name in archive.namelist()):
        archive.close()
        if is_member(_first_name(head)):  # what was found is a zip stored inside the bundle, cut after it
            raise BundleRefused("truncated", detail="cut just after a zip inside the bundle")
        raise BundleRefused("not_a_bundle", _("This file is a zip archive, but not a Wushe Desk sync bundle."),
                            detail="no bundle members")
    return archive


def _first_name(head: bytes) -> str:
    """The name in the archive's first local header (empty when the head is too short to hold it)."""
    size = int.from_bytes(head[_LOCAL_HEADER_SIZE - 4:_LOCAL_HEADER_SIZE - 2], "little")
    name = head[_LOCAL_HEADER_SIZE:_LOCAL_HEADER_SIZE + size]
    return name.decode("utf-8", "replace") if len(name) == size else ""


def _ends_with_directory(tail: bytes) -> bool:
    at = tail.rfind(_END_RECORD)
    while at >= 0:
        comment = tail[at + _END_RECORD_SIZE - 2:at + _END_RECORD_SIZE]
        if len(comment) == 2 and int.from_bytes(comment, "little") == len(tail) - at - _END_RECORD_SIZE:
            return True
        at = tail.rfind(_END_RECORD, 0, at)
    return False


def member_info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise BundleRefused("damaged", detail=f"{name} is missing") from exc
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        raise BundleRefused("damaged", detail=f"{name} is compressed or encrypted in a way bundles never are")
    return info


def read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = member_info(archive, name)
    if info.file_size > limit:
        raise BundleRefused("damaged", detail=f"{name} is over its limit")
    try:
        with archive.open(info) as f:
            data = f.read(limit + 1)
    except ZIP_ERRORS as exc:
        raise BundleRefused("damaged", detail=f"{name}: {exc}") from exc
    if len(data) > limit:
        raise BundleRefused("damaged", detail=f"{name} is over its limit")
    return data


def member_blocks(archive: zipfile.ZipFile, name: str, entry: Mapping[str, Any]) -> Iterator[bytes]:
    """The member's content in blocks; never more than the manifest's size is read, and its size and
    hash are checked at the end (use the content only once the generator is exhausted)."""
    info, size = member_info(archive, name), entry["size"]
    if info.file_size != size:
        raise BundleRefused("damaged", detail=f"{name} has another size than signed")
    digest, seen = hashlib.sha256(), 0
    try:
        with archive.open(info) as f:
            while block := f.read(BLOCK):
                seen += len(block)
                if seen > size:
                    raise BundleRefused("damaged", detail=f"{name} is longer than signed")
                digest.update(block)
                yield block
    except ZIP_ERRORS as exc:
        raise BundleRefused("damaged", detail=f"{name}: {exc}") from exc
    if seen != size or digest.hexdigest() != entry["sha256"]:
        raise BundleRefused("damaged", detail=f"{name} does not match its signed hash")


def put(archive: zipfile.ZipFile, name: str, content: bytes | IO[bytes], *, compress: bool) -> None:
    info = zipfile.ZipInfo(name, _TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = _MODE
    if isinstance(content, bytes):
        archive.writestr(info, content)
        return
    content.seek(0)
    with archive.open(info, "w") as out:
        while block := content.read(BLOCK):
            out.write(block)
