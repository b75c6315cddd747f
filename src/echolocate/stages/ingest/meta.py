"""Small metadata helpers shared by the format parsers: outlet names, language."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_MIN_WORDS_FOR_LANGUAGE = 12


def host_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``; ``None`` for anything that is not a web URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    return host[4:] if host.startswith("www.") else host


def clean_value(value) -> str | None:
    """A metadata value as one trimmed line, or ``None`` when empty or not text."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [clean_value(v) for v in value]
        value = ", ".join(p for p in parts if p)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", value).strip()
    return text or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when the text is too short to tell."""
    if len(text.split()) < _MIN_WORDS_FOR_LANGUAGE:
        return None
    import py3langid

    code, _score = py3langid.classify(text[:5000])
    return code
