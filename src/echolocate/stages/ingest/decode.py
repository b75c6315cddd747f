"""Bytes -> text, for the encodings reports really come in.

Order: byte-order marks; strict UTF-8; UTF-16 without a BOM (NUL-byte pattern);
then charset detection for legacy single-byte encodings (cp1252, latin-1, ...).
Bytes that hold real UTF-8 sequences *and* invalid ones are corrupted UTF-8: we
reject them rather than guess, saying where the damage is.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str | None = None
    problem: str | None = None  # a rejection reason when text is None
    detail: str = ""


def decode(data: bytes) -> Decoded:
    """Decode ``data`` or say why it cannot be read as text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                return Decoded(None, encoding, "invalid-encoding", f"{encoding} with a BOM, but byte {exc.start} is invalid")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        return Decoded(None, None, "binary", "holds NUL bytes and is no text encoding we know")
    if _UTF8_MULTIBYTE.search(data):
        return Decoded(None, "utf-8", "invalid-utf8",
                       f"UTF-8 text with an invalid byte at offset {first_bad} ({data[first_bad:first_bad + 4]!r})")
    return _checked(_legacy(data), "cp1252")


def _legacy(data: bytes) -> str:
    """Single-byte text: cp1252 unless detection is confident of another encoding."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536], cp_isolation=None).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            try:
                return data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    except Exception:  # noqa: BLE001 - detection is a hint; fall back below
        pass
    return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decodings that are mostly control characters: that is binary data."""
    if text:
        controls = len(_CONTROL.findall(text[:20000]))
        if controls > max(8, 0.02 * min(len(text), 20000)) or "\x00" in text[:20000]:
            return Decoded(None, encoding, "binary", f"{controls} control characters: this is not text")
    return Decoded(text, encoding)
