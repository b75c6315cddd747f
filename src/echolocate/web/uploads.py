"""Storing files uploaded from the browser: limits, safe names, one new folder per upload.

Uploads land in ``<db>.uploads/<batch>/`` beside the store, where the re-analysis job
ingests them like any folder given to `echolocate analyze`. Nothing here looks inside a
file: parsing is the ingest stage's job, which stores bad files as rejections. Names
are reduced to a safe alphabet and a file is never overwritten (``open(..., "xb")``),
so a name such as ``../../etc/passwd`` or ``con.txt`` can neither escape the folder nor
replace another upload.
"""

from __future__ import annotations

import re
import secrets
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from echolocate.config import Settings
from echolocate.web.errors import Refused

__all__ = ["Batch", "UploadLimits", "safe_name", "save_batch", "uploads_root"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 120
_CHUNK = 1 << 16


@dataclass(frozen=True)
class UploadLimits:
    """How much one upload may hold; each limit answers 413 with the number to stay under."""

    max_files: int = 50
    max_bytes: int = 20_000_000  # one file
    max_total: int = 100_000_000  # all files of one upload

    @classmethod
    def from_settings(cls, settings: Settings) -> UploadLimits:
        return cls(settings.upload_max_files, settings.upload_max_bytes, settings.upload_max_total)


@dataclass(frozen=True)
class Batch:
    """One stored upload: its folder and, per file, the name given and the name stored."""

    id: str
    folder: Path
    files: tuple[tuple[str, str, int], ...]  # (name as sent, name stored, bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, _, size in self.files)


def uploads_root(db: Path) -> Path:
    return db.with_name(db.name + ".uploads")


def safe_name(name: str) -> str:
    """A file name that is safe to create in the batch folder, keeping the extension ingest reads.

    Only the last path component counts (either slash); accents fold to ASCII; anything
    outside ``A-Z a-z 0-9 . _ -`` becomes ``_``; leading dots go (no hidden files, no ``..``).
    """
    base = re.split(r"[/\\]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).lstrip(".-_")
    if len(base) > _MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:16] if dot and len(ext) <= 16 else ""
        base = (stem if dot else base)[:_MAX_NAME - len(ext) - 1].rstrip(".") + ("." + ext if ext else "")
    return base or "upload"


def new_batch_id() -> str:
    """Sortable by time, unguessable enough not to collide: ``20240131T120000-3f9a1c``."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def save_batch(root: Path, files: Sequence[tuple[str, BinaryIO]], limits: UploadLimits) -> Batch:
    """Copy ``files`` (name as sent, readable binary stream) into a new folder under ``root``.

    Refuses (and removes what it wrote) when there is no file, too many files, one file
    larger than ``limits.max_bytes`` or all together larger than ``limits.max_total``.
    """
    if not files:
        raise Refused(422, "the upload holds no file", "choose one or more files (field name 'files')")
    if len(files) > limits.max_files:
        raise Refused(413, f"{len(files)} files in one upload; at most {limits.max_files} are accepted",
                      "upload the files in several batches, or pack them into a zip archive")
    batch_id = new_batch_id()
    folder = root / batch_id
    folder.mkdir(parents=True, exist_ok=False)
    stored: list[tuple[str, str, int]] = []
    total = 0
    try:
        taken: set[str] = set()
        for sent, stream in files:
            name = _unique(safe_name(sent), taken)
            size = 0
            with open(folder / name, "xb") as out:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limits.max_bytes:
                        raise Refused(413, f"file {sent!r} is larger than {limits.max_bytes:,} bytes",
                                      "split it, or ask whoever runs the server to raise upload_max_bytes")
                    if total > limits.max_total:
                        raise Refused(413, f"the upload is larger than {limits.max_total:,} bytes in all",
                                      "upload the files in several smaller batches")
                    out.write(chunk)
            stored.append((sent, name, size))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Batch(batch_id, folder, tuple(stored))


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext`` ... when an earlier file of the batch took it."""
    candidate, n = name, 1
    stem, dot, ext = name.partition(".")
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate.lower())
    return candidate


_FORM_OVERHEAD = 64 * 1024  # multipart headers and boundaries, plus a token field, beyond the files' bytes
_PER_FILE_OVERHEAD = 1024


async def receive(request, limits: UploadLimits, root: Path, check=None) -> Batch:
    """Read a multipart upload (field ``files``, repeatable) from ``request`` and store it as a new batch.

    The declared length is checked before a byte is read, so an oversized upload is
    refused without spooling it; ``check(form)`` runs on the parsed form before anything
    is stored (the page's form passes its token field this way).
    """
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException

    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise Refused(411, "the upload does not say how long it is (no Content-Length)",
                      "send the files as multipart/form-data, e.g. `curl -F files=@report.txt ...`")
    if int(length) > limits.max_total + _FORM_OVERHEAD + limits.max_files * _PER_FILE_OVERHEAD:
        raise Refused(413, f"the upload is larger than {limits.max_total:,} bytes in all",
                      "upload the files in several smaller batches")
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise Refused(422, "an upload must be sent as multipart/form-data",
                      "send each file in a form field named 'files'")
    try:
        form = await request.form(max_files=limits.max_files, max_fields=20)
    except HTTPException as exc:
        if "too many files" in str(exc.detail).lower():
            raise Refused(413, f"more than {limits.max_files} files in one upload",
                          "upload the files in several batches, or pack them into a zip archive") from None
        raise Refused(422, f"the upload is not a readable multipart form: {exc.detail}",
                      "send each file in a form field named 'files'") from None
    try:
        if check is not None:
            check(form)
        items = form.getlist("files")
        if any(not isinstance(item, UploadFile) for item in items):
            raise Refused(422, "the field 'files' must hold files, not text",
                          "send each file in a form field named 'files' with a file name")
        chosen = [item for item in items if item.filename or item.size]  # a browser sends an empty part for none
        return await run_in_threadpool(save_batch, root, [(item.filename or "", item.file) for item in chosen],
                                       limits)
    finally:
        await form.close()
