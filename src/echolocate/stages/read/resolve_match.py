"""When two distinct name keys are spellings of one name, and when context forbids it.

Kept apart from ``resolve.py`` so the matching rules can be read, tested and
changed on their own. All rules are about the phenomenon (transliteration
alternatives, vowel drift, initials), never about particular names.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from echolocate.stages.read.resolve_normalise import skeleton_word, translit_word

BLOCK_LIMIT = 2000  # a block larger than this is a key collision, not a spelling family
# consonants that transliterations swap for one another (Qaddafi / Gaddafi, Bakr / Bagr)
# and h/k: "kh" is written "h" or "k" (Khalifa / Halifa, Mikhail / Mikail)
CONFUSABLE = frozenset({frozenset("gk"), frozenset("bp"), frozenset("dt"), frozenset("fv"), frozenset("sj"), frozenset("hk")})
NEAR_CHARS = 150  # two spellings closer than this in one report are two names
_BLOCK_CLASSES = str.maketrans("gbdvjh", "kptfsk")  # one letter per CONFUSABLE pair
MIN_CONTEXT = 3  # co-occurring names each side before disjoint contexts count as evidence


def block_keys(key: str) -> list[str]:
    """Blocking keys of a normalised name: the skeleton of its last word, with the first letter of the first.

    Spelling variants share the skeleton of their last word; the first letter
    of the first word splits big surname blocks (every "... Smith") cheaply.
    Partial names (one word) are matched against full names by surname only,
    so a one-word key yields the bare skeleton too.
    """
    toks = key.split()
    if not toks:
        return []
    last = skeleton_word(toks[-1]).translate(_BLOCK_CLASSES)
    if len(toks) == 1:
        return [last]
    return [f"{translit_word(toks[0])[:1].translate(_BLOCK_CLASSES)}:{last}"]


def word_variant(a: str, b: str) -> bool:
    """Whether two words are transliteration variants (Haftar/Hafter, Shoygu/Shoigu, Kuznetsov/Kusnetzev)."""
    if a == b:
        return True
    ta, tb = translit_word(a), translit_word(b)
    if ta == tb:
        return True
    if ta[:1] != tb[:1] and not ({ta[:1], tb[:1]} <= set("aeiou")) and frozenset((ta[:1], tb[:1])) not in CONFUSABLE:
        return False
    sa, sb = skeleton_word(a), skeleton_word(b)
    shortest = min(len(ta), len(tb))
    if sa == sb and len(sa) >= 2:
        # only vowels differ: allow about one vowel edit per three letters
        return Levenshtein.distance(ta, tb) <= max(1, shortest // 3)
    if shortest >= 5 and len(ta) == len(tb):
        diffs = [(x, y) for x, y in zip(ta, tb) if x != y]
        return len(diffs) == 1 and frozenset(diffs[0]) in CONFUSABLE
    return False


def words_match(a: str, b: str, family: str = "other") -> bool:
    """Whether two normalised names are one name spelt two ways: same word count, every word a variant.

    For people, an initial matches a first name with that letter ("V Putin" / "Vladimir Putin"),
    and a two-word name matches the same first and last name with a middle name between.
    """
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    if len(wa) != len(wb):
        # a middle name or initial written in one report only: "Dirk Kempthorne" / "Dirk A. Kempthorne"
        short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
        return (family == "person" and len(short) == 2 and len(long_) <= 4
                and word_variant(short[0], long_[0]) and word_variant(short[-1], long_[-1]))
    for x, y in zip(wa, wb):
        if word_variant(x, y):
            continue
        if family == "person" and (len(x) == 1 or len(y) == 1) and x[0] == y[0] and (x, y) != (wa[-1], wb[-1]):
            continue
        return False
    return True


def context_allows(a: dict[str, tuple[int, set, list]], b: dict[str, tuple[int, set, list]]) -> bool:
    """Whether two differently spelt person names may be one person, given where they occur.

    ``a`` and ``b`` map report id -> (mentions of the name there, other names in
    that report, character offsets of its mentions). Two spellings written close
    together in one report ("Paul Allen and Paul Allan") are two people. The same
    report using both spellings far apart is common for transliterated names
    (pages that aggregate stories from several sources), so that alone blocks
    nothing. Names whose surroundings are both well known and share nothing
    are two people too.
    """
    for rid in a.keys() & b.keys():
        if any(abs(x - y) <= NEAR_CHARS for x in a[rid][2] for y in b[rid][2]):
            return False
    ctx_a = set().union(*(v[1] for v in a.values())) if a else set()
    ctx_b = set().union(*(v[1] for v in b.values())) if b else set()
    if len(ctx_a) >= MIN_CONTEXT and len(ctx_b) >= MIN_CONTEXT and not (ctx_a & ctx_b):
        return False
    return True


ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "al", "el", "&"})


def initials(key: str) -> set[str]:
    """Acronyms a multi-word name may be written as: "libyan national army" -> {"lna"}."""
    toks = key.split()
    if len(toks) < 2:
        return set()
    out = {"".join(t[0] for t in toks if t not in ACRONYM_STOPWORDS)}
    out.add("".join(t[0] for t in toks))
    return {x for x in out if len(x) >= 2}
