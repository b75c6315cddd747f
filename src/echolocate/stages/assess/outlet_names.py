"""One key per outlet, however its name is written; wire services known by name.

Counting origins only works if "DEBKAfile", "Debka", "DEBKA Weekly", "debka.com" and
"www.debka.com" count once. ``outlet_key`` folds the generic variations of an outlet's
name (case, spacing, punctuation, a leading "the", web hosts with their subdomains and
top-level domains, and product suffixes such as "file", "weekly", "online", "news",
"tv") while keeping every word that tells two outlets apart: "The Times" and "The New
York Times" stay different because only edges are trimmed, never inner words.

The wire table is world knowledge (the big agencies and their common spellings), not
tuned to any corpus: a wire story is one origin however many outlets carry it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["outlet_key", "wire_name", "host_key"]

# Trailing words naming a product or edition of an outlet rather than the outlet itself.
_SUFFIXES = ("file", "weekly", "online", "news", "tv", "com", "net", "org", "website", "site", "newspaper",
             "magazine", "digital", "web", "live")
_MIN_KEY = 3  # never trim a name below this many characters ("ABC News" stays "abc", "TV News" stays "tvnews")

# Second-level labels that belong to a country's public suffix ("co.uk", "com.au").
_PUBLIC_SECOND = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic"})
# Subdomains that are editions or platforms of the same outlet.
_EDITION_HOSTS = frozenset({"www", "www1", "www2", "m", "mobile", "amp", "edition", "en", "english", "news", "uk",
                            "us", "au", "ca", "in", "eu", "int", "international", "beta", "blogs", "blog", "video"})
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#].*)?$", re.I)
_TLD = re.compile(r"^[a-z]{2,6}$")

# name as commonly written (already folded by _fold) -> canonical wire name
_WIRES = {
    "ap": "Associated Press", "associatedpress": "Associated Press", "apnews": "Associated Press",
    "reuters": "Reuters", "thomsonreuters": "Reuters",
    "afp": "Agence France-Presse", "agencefrancepresse": "Agence France-Presse", "francepresse": "Agence France-Presse",
    "dpa": "dpa", "deutschepresseagentur": "dpa",
    "xinhua": "Xinhua", "xinhuanewsagency": "Xinhua", "xinhuanet": "Xinhua",
    "tass": "TASS", "itartass": "TASS",
    "rianovosti": "RIA Novosti", "ria": "RIA Novosti",
    "interfax": "Interfax",
    "anadolu": "Anadolu Agency", "anadoluagency": "Anadolu Agency", "aa": "Anadolu Agency",
    "ansa": "ANSA", "efe": "EFE", "agenciaefe": "EFE",
    "kyodo": "Kyodo News", "kyodonews": "Kyodo News",
    "yonhap": "Yonhap", "yonhapnewsagency": "Yonhap",
    "upi": "United Press International", "unitedpressinternational": "United Press International",
    "sputnik": "Sputnik", "sputniknews": "Sputnik",
    "pressassociation": "PA Media", "pamedia": "PA Media",
    "aap": "Australian Associated Press", "australianassociatedpress": "Australian Associated Press",
    "cp": "The Canadian Press", "canadianpress": "The Canadian Press",
    "pti": "Press Trust of India", "presstrustofindia": "Press Trust of India",
    "bloomberg": "Bloomberg",
}


def _fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces dropped."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def host_key(name: str) -> str | None:
    """The registrable name of a web host or URL ("https://edition.cnn.com/x" -> "cnn"), else None.

    Subdomains are editions of one outlet and the top-level domain is only where it is
    registered, so both are dropped; what remains is the name the owner registered.
    """
    match = _HOST.match(name.strip())
    if not match or " " in name.strip():
        return None
    labels = [lab for lab in match.group("host").lower().split(".") if lab]
    if len(labels) < 2 or not _TLD.match(labels[-1]):
        return None
    labels.pop()  # top-level domain
    if len(labels) >= 2 and labels[-1] in _PUBLIC_SECOND and len(labels[-1]) <= 3:
        labels.pop()  # "co" of co.uk, "com" of com.au
    while len(labels) > 1 and labels[0] in _EDITION_HOSTS:
        labels.pop(0)
    return labels[-1].replace("-", "")


def wire_name(name: str) -> str | None:
    """The canonical name of the wire service ``name`` denotes, or None when it is not a wire."""
    host = host_key(name)
    folded = host if host is not None else _fold(re.sub(r"^\s*the\s+", "", name, flags=re.I))
    if folded in _WIRES:
        return _WIRES[folded]
    for suffix in ("newsagency", "agency", "news", "wire"):
        if folded.endswith(suffix) and folded[: -len(suffix)] in _WIRES:
            return _WIRES[folded[: -len(suffix)]]
    return None


@lru_cache(maxsize=1 << 16)
def outlet_key(name: str) -> str:
    """The counting identity of an outlet: equal keys mean one outlet.

    Wires map to "wire:<name>"; web hosts to their registrable name; other names are
    folded and stripped of a leading "the" and trailing product words. Remembered per name: assess
    asks for the same few thousand outlets and sources once per claim.
    """
    if not name or not name.strip():
        return ""
    wire = wire_name(name)
    if wire is not None:
        return "wire:" + _fold(wire)
    host = host_key(name)
    if host is not None:
        return _strip_suffixes(host)
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[’']s\b", "", text.strip())
    text = re.sub(r"^\s*the\s+", "", text, flags=re.I)
    words = [w.lower() for w in _WORDS.findall(text)]
    while len(words) > 1 and words[-1] in _SUFFIXES and len("".join(words[:-1])) >= _MIN_KEY:
        words.pop()
    return "".join(words) or _fold(name)


_WORDS = re.compile(r"[A-Z]{2,}(?=[a-z]{3,}\b)|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def _strip_suffixes(key: str) -> str:
    """Trailing product words of a web host written as one word ("foxnews" -> "fox")."""
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_KEY:
                key = key[: -len(suffix)]
                changed = True
    return key
