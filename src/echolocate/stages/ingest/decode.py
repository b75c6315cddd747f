"""Bytes -> text, for the encodings reports really come in.

Order: byte-order marks; strict UTF-8; UTF-16 without a BOM (NUL-byte pattern);
then legacy single-byte encodings: cp1252 (latin-1), or a non-Latin code page
(cp1251, koi8-r, cp1253, cp1256, ...) when detection finds that script. Bytes
whose non-ASCII part is mostly real UTF-8 sequences, with some invalid ones, are
corrupted UTF-8: we reject them rather than guess, saying where the damage is.
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
_ASCII = bytes(range(0x80))
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
    as_utf8: Decoded | None = None
    first_bad = -1
    try:
        as_utf8 = _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if as_utf8 is not None and as_utf8.text is not None:
        return as_utf8
    utf16 = _utf16_without_bom(data)  # non-Latin UTF-16 is often valid (control-laden) UTF-8
    if utf16:
        try:
            as_utf16 = _checked(data[: len(data) - len(data) % 2].decode(utf16), utf16)  # a cut-off last byte
            if as_utf16.text is not None:
                return as_utf16
        except UnicodeDecodeError:
            pass
    if as_utf8 is not None:
        return as_utf8
    if b"\x00" in data:
        return Decoded(None, None, "binary", "holds NUL bytes and is no text encoding we know")
    if _mostly_utf8(data):
        return Decoded(None, "utf-8", "invalid-utf8",
                       f"UTF-8 text with an invalid byte at offset {first_bad} ({data[first_bad:first_bad + 4]!r})")
    text, encoding = _legacy(data)
    return _checked(text, encoding)


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences: damaged UTF-8, not a legacy encoding.

    A single-byte text can hold a UTF-8-looking pair by chance (cp1252 'É' then '»'),
    so one match is not enough; the valid sequences must cover most high bytes.
    """
    high = len(data.translate(None, _ASCII))  # the bytes that are not ASCII
    in_sequences = sum(len(match) for match in _UTF8_MULTIBYTE.findall(data))
    return in_sequences > 0 and in_sequences * 2 >= high


def _legacy(data: bytes) -> tuple[str, str]:
    """Single-byte text: cp1252 (latin-1 when cp1252 cannot), unless detection finds a non-Latin script.

    Detectors cannot tell the Latin code pages apart on short texts (cp1252 curly
    quotes come back as cp1257 or cp775 letters), so a detected Latin code page is
    not trusted; a detected Cyrillic, Greek, Arabic or Hebrew one is, because there
    cp1252 would give nonsense.
    """
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536], cp_isolation=None).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            try:
                text = data.decode(best.encoding)
                if _non_latin_script(text):
                    return text, best.encoding
            except (UnicodeDecodeError, LookupError):
                pass
    except Exception:  # noqa: BLE001 - detection is a hint; fall back below
        pass
    if _cp1252_ok(data):
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


_OTHER_SCRIPTS = ("CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "ARMENIAN", "GEORGIAN")


def _non_latin_script(text: str) -> bool:
    """True when most non-ASCII letters of ``text`` belong to one of the non-Latin alphabets."""
    import unicodedata

    letters = [ch for ch in text[:20000] if ord(ch) > 0x7F and ch.isalpha()]
    if not letters:
        return False
    other = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(_OTHER_SCRIPTS))
    return other * 2 > len(letters)


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 byte order from the pattern of high bytes: NULs for Latin text, one or two
    code-page bytes (0x04 Cyrillic, 0x06 Arabic, ...) plus NULs for spaces in other scripts."""
    sample = data[: 4096 - 4096 % 2] if len(data) >= 4096 else data[: len(data) - len(data) % 2]
    if len(sample) < 8:
        return None
    half = len(sample) / 2
    for encoding, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if low.count(0) >= 0.05 * half:
            continue
        if high.count(0) > 0.3 * half:
            return encoding
        common = sorted((high.count(value) for value in set(high)), reverse=True)[:3]
        if high.count(0) > 0.05 * half and sum(common) >= 0.95 * half and len(set(low)) >= 8:
            return encoding
    return None


def _checked(text: str, encoding: str) -> Decoded:
    """Reject decodings that are mostly control characters: that is binary data."""
    if text:
        controls = len(_CONTROL.findall(text[:20000]))
        if controls > max(8, 0.02 * min(len(text), 20000)) or "\x00" in text[:20000]:
            return Decoded(None, encoding, "binary", f"{controls} control characters: this is not text")
    return Decoded(text, encoding)
