"""Words of a report for re-use detection: normalised forms with their character offsets.

Both the MinHash signatures and the alignment work on the same token list, so that
a shingle hit found by LSH points at the very words the aligner compares, and every
aligned word maps back to a span of the stored text.

Normalisation is deliberately light (lowercase, accents folded, punctuation dropped,
numbers kept as written): copies change case, curly quotes and accents
("Hafter"/"Haftar" is a real change and stays one), but a changed number is a mutation
we want to see, so numbers are never collapsed.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass

# A number with its thousands/decimal separators ("1,000", "3.5"), or a run of letters/digits.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
# A sentence ends at . ! ? (optionally closed by a quote or bracket) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")
_OPENING = frozenset("\"'“‘([«")
_CLOSING = frozenset(".,;:!?%\"'”’)]»…")


@dataclass(frozen=True)
class Tokens:
    """One text as normalised words.

    ``starts``/``ends`` are character offsets of each word in ``text`` (compact int arrays, and
    the normalised words are interned: a corpus of millions of words stays small in memory);
    ``sentence_starts`` holds the index of the first word of every sentence, in order.
    """

    text: str
    norms: tuple[str, ...]
    starts: array
    ends: array
    sentence_starts: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.norms)

    def char_span(self, first: int, stop: int) -> tuple[int, int]:
        """Character offsets covering words ``first`` .. ``stop - 1`` with the punctuation attached to
        them (an opening quote before, a full stop or closing quote after), so a passage reads whole."""
        start, end = self.starts[first], self.ends[stop - 1]
        while start > 0 and self.text[start - 1] in _OPENING:
            start -= 1
        while end < len(self.text) and self.text[end] in _CLOSING:
            end += 1
        return start, end


def normalise(word: str) -> str:
    """Lowercase with accents folded: "Señor" -> "senor"; digits and separators kept."""
    if word.isascii():  # nothing to fold (most words): NFKD would return it unchanged
        return word.lower()
    folded = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def is_number(norm: str) -> bool:
    return any(ch.isdigit() for ch in norm)


def tokenize(text: str) -> Tokens:
    """Split ``text`` into normalised words with offsets and sentence starts."""
    norms: list[str] = []
    starts = array("i")  # 4 bytes a word: texts are far below 2 GB
    ends = array("i")
    for match in _TOKEN.finditer(text):
        norms.append(sys.intern(normalise(match.group())))
        starts.append(match.start())
        ends.append(match.end())
    return Tokens(text, tuple(norms), starts, ends, _sentence_starts(text, starts))


def _sentence_starts(text: str, starts: array) -> tuple[int, ...]:
    if not starts:
        return ()
    boundaries = [m.end() for m in _SENTENCE_END.finditer(text)]
    out = [0]
    index = 0
    for boundary in boundaries:
        while index < len(starts) and starts[index] < boundary:
            index += 1
        if index >= len(starts):
            break
        if index != out[-1]:
            out.append(index)
    return tuple(out)
