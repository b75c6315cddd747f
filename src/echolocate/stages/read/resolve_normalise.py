"""Name keys for resolution: one spelling-independent form per name.

Reports write the same actor many ways: with or without "the", with a
possessive, with a title ("Gen.", "Field Marshal"), with accents or without,
and, for names transliterated from Arabic, Russian or other scripts, with
different Latin spellings of the same sounds (Haftar / Hafter, Shoigu /
Shoygu, Kuznetsov / Kusnetzev). Three keys, from strict to loose:

- ``normalise_name``: case, accents, articles, possessives, punctuation and
  (for people) titles removed. Identical keys are the same name.
- ``translit_key``: ``normalise_name`` with spelling rules that map the usual
  transliteration alternatives onto one letter (kh/h, ts/tz/z/s, y/i, ou/u,
  doubled letters...). Two names with equal keys are spelling variants.
- ``skeleton``: the ``translit_key`` of each word without its inner vowels:
  vowels are what transliterations disagree on most (Haftar / Hafter). Used
  for blocking and, guarded by an edit-distance check, for matching.
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = frozenset({"the", "a", "an"})

# Titles, ranks and honorifics that precede a person's name. Lower-case, without dots.
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
        "sheikh", "shaikh", "sheik", "emir", "king", "queen", "prince", "princess", "sultan",
        "president", "vice", "prime", "minister", "premier", "chancellor", "secretary",
        "governor", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
        "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson",
        "general", "gen", "field", "marshal", "marshall", "admiral", "adm", "colonel", "col",
        "lieutenant", "lt", "major", "maj", "captain", "capt", "commander", "cmdr", "sergeant",
        "sgt", "brigadier", "brig", "commodore", "corporal", "cpl", "private", "pvt",
        "defense", "defence", "foreign", "interior", "deputy", "chief", "head", "leader",
        "pope", "cardinal", "bishop", "archbishop", "rev", "reverend", "father", "imam", "rabbi",
        "judge", "justice", "st", "saint", "mullah", "ayatollah", "hajji", "haji",
    }
)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?:'s|s')$|'$")
_NON_WORD = re.compile(r"[^\w\s-]+")
_DASHES = re.compile(r"[\u2010-\u2015\-]+")

# Applied in order to a lower-case, accent-free word. Each line is one family of
# transliteration alternatives, mapped onto a single spelling.
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    (r"tsch|tch|ch", "\x01"),  # placeholder, restored last: keeps "ch" out of the c/k rules
    (r"sch", "sh"),
    (r"ph", "f"),
    (r"kh", "h"),
    (r"gh", "g"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"dzh|dj|dz", "j"),
    (r"zh", "j"),
    (r"tz|ts|z", "s"),
    (r"w", "v"),
    (r"ou|oo", "u"),
    (r"ee|ea", "i"),
    (r"ye(?=\w)", "e"),
    (r"y", "i"),
    (r"ie$", "i"),
    (r"([a-z])\1+", r"\1"),
    (r"(?<=\w)h$", ""),
    ("\x01", "ch"),
)
_TRANSLIT_COMPILED = tuple((re.compile(p), r) for p, r in _TRANSLIT_RULES)
_VOWELS = re.compile(r"[aeiou]")


def strip_accents(text: str) -> str:
    """Remove diacritics (é -> e, ı -> i) so accented and plain spellings compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


def words(text: str) -> list[str]:
    """Lower-case, accent-free words of a name, hyphens split, possessives and punctuation dropped."""
    text = strip_accents(text.translate(_QUOTES)).lower()
    text = _DASHES.sub(" ", text)
    out = []
    for raw in text.split():
        raw = _POSSESSIVE.sub("", raw)
        raw = _NON_WORD.sub("", raw).replace("_", "")
        if raw:
            out.append(raw)
    return out


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles ("gen", "field marshal", "president") but never the whole name."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in TITLES:
        i += 1
    return tokens[i:]


SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})


def name_tokens(text: str, kind: str = "other") -> list[str]:
    """The words that identify a name: articles dropped everywhere; for people also titles,
    generational suffixes ("Jr", "III") and a trailing age ("Eric Allen Kirkpatrick, 61")."""
    tokens = words(text)
    while len(tokens) > 1 and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    if kind == "person":
        tokens = strip_titles(tokens)
        while len(tokens) > 1 and (tokens[-1] in SUFFIXES or tokens[-1].isdigit()):
            tokens = tokens[:-1]
    return tokens


def normalise_name(text: str, kind: str = "other") -> str:
    """The resolution key: "the Kremlin's" -> "kremlin", "Gen. Khalifa Haftar" -> "khalifa haftar"."""
    return " ".join(name_tokens(text, kind))


def translit_word(word: str) -> str:
    """One word with transliteration alternatives mapped onto one spelling (Shoygu -> shoigu)."""
    for pattern, repl in _TRANSLIT_COMPILED:
        word = pattern.sub(repl, word)
    return word


def translit_key(normalised: str) -> str:
    """``translit_word`` applied to each word of a normalised name."""
    return " ".join(translit_word(w) for w in normalised.split())


def skeleton_word(word: str) -> str:
    """A transliterated word without inner vowels: "haftar" and "hafter" both give "hftr"."""
    t = translit_word(word)
    if not t:
        return t
    return t[0] + _VOWELS.sub("", t[1:])


def skeleton(normalised: str) -> str:
    """``skeleton_word`` of each word of a normalised name."""
    return " ".join(skeleton_word(w) for w in normalised.split())
