"""Expand what the user named (files, folders, globs, archives, stdin) into input tasks.

Archives are opened here, in the single main process, and their members are
streamed out one by one so that a large tar.gz is read once and never held whole.
Anything that cannot be read becomes a task that already carries its rejection.
"""

from __future__ import annotations

import glob
import io
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from echolocate.model import Rejection, Source

_MAX_ARCHIVE_DEPTH = 3
# encrypted member (RuntimeError), unsupported method (NotImplementedError), bad CRC (BadZipFile), bad deflate data
_ZIP_MEMBER_ERRORS = (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError,
                      OSError)
# a damaged archive stream; zlib and lzma errors are not OSErrors, and tarfile lets them through
_ARCHIVE_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, NotImplementedError, EOFError,
                   OSError, ValueError)
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
_SKIP_DIRS = {".git", "__pycache__", ".svn", ".hg"}


@dataclass(frozen=True)
class InputTask:
    """One unit of input: a file on disk (``path``), or bytes already read (``data``).

    ``size`` and ``mtime`` let a re-run skip inputs already stored without reading them.
    """

    source: Source
    path: str | None = None
    data: bytes | None = None
    size: int = 0
    mtime: float = 0.0
    rejection: Rejection | None = None

    @property
    def fingerprint(self) -> str:
        return f"{self.size}:{self.mtime:.6f}"


def discover(targets: Iterable[str], max_bytes: int, stdin: io.BufferedIOBase | None = None) -> Iterator[InputTask]:
    """Yield input tasks for each target in a stable order.

    ``-`` reads standard input. A target that matches nothing yields a rejection,
    so a typo is reported instead of silently ignored.
    """
    for target in targets:
        if target == "-":
            yield _stdin_task(stdin, max_bytes)
            continue
        paths = _expand(target)
        if not paths:
            yield InputTask(
                Source(target),
                rejection=Rejection(Source(target), "not-found", f"no file or folder matches {target!r}",
                                    "check the path; quote globs so the shell does not expand them"),
            )
            continue
        for path in paths:
            yield from _walk(path, target, max_bytes)


def _expand(target: str) -> list[str]:
    if os.path.lexists(target):  # a real name wins, even one holding glob characters ("notes [draft].txt")
        return [target]
    if glob.has_magic(target):
        return sorted(glob.glob(target, recursive=True))
    return []


def _walk(path: str, given: str, max_bytes: int) -> Iterator[InputTask]:
    if os.path.isdir(path):
        failed: list[OSError] = []  # every folder os.walk cannot list, the top one or any below it
        for root, dirs, files in os.walk(path, onerror=failed.append):
            yield from _unlistable(failed, path)
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                if name in _SKIP_NAMES or name.startswith("."):
                    continue
                yield from _file(os.path.join(root, name), max_bytes)
        yield from _unlistable(failed, path)
        return
    yield from _file(path, max_bytes)


def _unlistable(failed: list[OSError], top: str) -> Iterator[InputTask]:
    while failed:
        exc = failed.pop(0)
        yield _unreadable(str(exc.filename or top), f"cannot list this folder: {exc.strerror or exc}")


def _file(path: str, max_bytes: int) -> Iterator[InputTask]:
    source = Source(path)
    try:
        stat = os.stat(path)
    except OSError as exc:
        yield _unreadable(path, str(exc))
        return
    if not os.path.isfile(path):
        yield InputTask(source, rejection=Rejection(source, "not-a-file", "not a regular file (device, socket or pipe)",
                                                    "point echolocate at files or folders"))
        return
    if not os.access(path, os.R_OK):
        yield _unreadable(path, "permission denied")
        return
    if _is_archive(path):
        yield from _archive(path, stat.st_size, stat.st_mtime, max_bytes, depth=0)
        return
    if stat.st_size > max_bytes:
        yield _too_large(source, stat.st_size, max_bytes)
        return
    yield InputTask(source, path=path, size=stat.st_size, mtime=stat.st_mtime)


def _is_archive(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"))


def _archive(path: str, size: int, mtime: float, max_bytes: int, depth: int, data: bytes | None = None) -> Iterator[InputTask]:
    """Stream the members of a zip or tar archive, recursing into nested archives."""
    source = Source(path)
    count = 0
    try:
        if path.lower().endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if info.is_dir() or _hidden(info.filename):
                        continue
                    count += 1
                    yield from _member(path, info.filename, info.file_size, mtime, max_bytes, depth,
                                       lambda info=info: archive.read(info), member_errors=_ZIP_MEMBER_ERRORS)
        else:
            fileobj = io.BytesIO(data) if data is not None else None
            with tarfile.open(path if fileobj is None else None, mode="r:*", fileobj=fileobj) as archive:
                for info in archive:
                    if not info.isfile() or _hidden(info.name):
                        continue
                    count += 1
                    yield from _member(path, info.name, info.size, mtime, max_bytes, depth,
                                       lambda info=info: archive.extractfile(info).read())
                _read_to_end(archive)
    except _ARCHIVE_ERRORS as exc:
        yield InputTask(source, size=size, mtime=mtime,
                        rejection=Rejection(source, "bad-archive",
                                            f"archive unreadable after {count} members: {exc}",
                                            "the archive is damaged or cut short; members read before the damage were kept"))


def _read_to_end(archive: tarfile.TarFile) -> None:
    """tarfile stops without a word at the first header it cannot read, as if the archive ended there.

    Reading on finds that damage (anything but the zero padding of a real end), and it makes
    the gzip, bzip2 or xz layer check its checksum, which it only does at the end of the stream.
    """
    while chunk := archive.fileobj.read(1 << 20):
        if chunk.strip(b"\0"):
            raise tarfile.ReadError(f"unreadable data after offset {archive.offset:,}, where tar headers stop")


def _member(archive: str, name: str, size: int, mtime: float, max_bytes: int, depth: int, read,
            member_errors: tuple[type[BaseException], ...] = ()) -> Iterator[InputTask]:
    """One archive member. ``member_errors`` spoil only this member (a zip has a directory to go on
    with); any other error means the archive stream itself is damaged and ends the archive."""
    member_path = f"{archive}!{name}"
    source = Source(member_path)
    if size > max_bytes:
        yield _too_large(source, size, max_bytes)
        return
    try:
        data = read()
    except member_errors as exc:
        yield InputTask(source, size=size, mtime=mtime, rejection=Rejection(
            source, "bad-archive", f"cannot read this member: {type(exc).__name__}: {exc}",
            "the member is encrypted, damaged or packed with a method Python cannot read; "
            "extract it with another tool and give echolocate the file"))
        return
    if _is_archive(name) and depth < _MAX_ARCHIVE_DEPTH:
        yield from _archive(member_path, size, mtime, max_bytes, depth + 1, data=data)
        return
    yield InputTask(source, data=data, size=size, mtime=mtime)


def _hidden(name: str) -> bool:
    base = name.rstrip("/").rsplit("/", 1)[-1]
    return base.startswith(".") or base in _SKIP_NAMES or "__MACOSX/" in name


def _stdin_task(stdin, max_bytes: int) -> InputTask:
    import hashlib
    import sys

    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    digest = hashlib.sha256(data).hexdigest()[:16]
    source = Source("<stdin>", f"#sha={digest}")
    if len(data) > max_bytes:
        return _too_large(source, len(data), max_bytes)
    return InputTask(source, data=data, size=len(data))


def _unreadable(path: str, detail: str) -> InputTask:
    source = Source(path)
    return InputTask(source, rejection=Rejection(source, "unreadable", detail,
                                                 "check the file's permissions, or that it still exists"))


def _too_large(source: Source, size: int, max_bytes: int) -> InputTask:
    return InputTask(source, size=size, rejection=Rejection(
        source, "too-large", f"{size:,} bytes is over the limit of {max_bytes:,}",
        f"raise the limit with --max-bytes {max(size + 1, max_bytes * 2)}"))


