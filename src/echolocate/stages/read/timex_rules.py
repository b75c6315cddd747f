"""The grammar: which patterns are time expressions and which resolver reads each.

Patterns use ``%NAME%`` placeholders for the shared fragments of ``timex_lex``. They
are compiled on first use (``compiled_rules``), never at import. Overlaps between
rules are settled by the caller (leftmost, then longest), so a rule may match a
piece of a longer expression without harm.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from echolocate.stages.read import timex_dates as D
from echolocate.stages.read import timex_relative as R
from echolocate.stages.read.timex_base import Ctx, Out
from echolocate.stages.read.timex_lex import DATE_PREPS, alt, fragments


@dataclass(frozen=True)
class Rule:
    """One pattern, its resolver, and an optional anchor-free check that can veto a match."""

    name: str
    pattern: str
    resolve: Callable[[re.Match, Ctx], Out | None]
    check: Callable[[re.Match, str], bool] | None = None


_B = r"(?<![\w$£€#-])"  # not glued to a word, a currency sign or a hyphenated code ("S-300")
_TO = r"\s*(?:-|–|—|(?i:to|and|until|till|through|thru))\s*"

RULES = (
    Rule("iso", r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
         r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?(?![\d-])", D.r_iso),
    Rule("numeric", r"(?<![\d/.,-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[01]?\d)(?P=sep)"
         r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d/]|\.\d)", D.r_numeric),
    Rule("mdy", _B + r"(?:(?P<wd>%WDA%),?\s+(?:the\s+)?)?(?P<mon>%MON%)\s*(?P<d>%DAY%)"
         r"(?:(?:,\s*|\s+)(?P<y>%YEAR%)|,?\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?", D.r_mdy),
    Rule("dmy", _B + r"(?:(?P<wd>%WDA%),?\s+(?:the\s+)?)?(?:the\s+)?(?P<d>%DAY%)(?:\s+of)?\s+(?P<mon>%MON%)"
         r"(?:,?\s+(?P<y>%YEAR%)|,?\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?", D.r_mdy),
    Rule("range_dd_mon", r"(?:(?P<pre>(?i:from|between))\s+)?" + _B + r"(?P<x>(?P<d1>%DAY%)" + _TO +
         r"(?P<d2>%DAY%)\s+(?:of\s+)?(?P<mon>%MON%)(?:,?\s+(?P<y>%YEAR%))?)", D.r_range_days),
    Rule("range_mon_dd", _B + r"(?P<mon1>%MON%)\s*(?P<d1>%DAY%)" + _TO +
         r"(?:(?P<mon>%MON%)\s*)?(?P<d2>%DAY%)(?:,?\s+(?P<y>%YEAR%))?",
         lambda m, cx: D.r_range_days(_MonFix(m), cx)),
    Rule("range_months", r"(?P<pre>(?i:from|between))\s+(?P<x>(?P<m1>%MONF%)(?:\s+(?P<y1>%YEAR%))?" + _TO +
         r"(?P<m2>%MONF%)(?:,?\s+(?P<y2>%YEAR%))?)", D.r_range_months),
    Rule("range_years", r"(?:(?P<pre>(?i:from|between))\s+)?" + _B + r"(?P<x>(?P<y1>%YEAR%)(?P<sep>" + _TO +
         r")(?P<y2>%YEAR%))", D.r_range_years, D.c_range_years),
    Rule("month_year", _B + r"(?P<mon>%MON%),?\s+(?:of\s+)?(?:(?P<y>%YEAR%)|(?P<ry>(?i:last|this|next))\s+(?i:year))",
         D.r_month_year),
    Rule("rel_month", r"\b(?P<rel>(?i:last|next|this|coming|past))\s+(?P<mon>%MONF%)(?!\s*\d)", D.r_rel_month),
    Rule("bare_month", r"(?:\b(?P<pre>(?i:%PREPS%))[\s-]+)?(?P<x>(?P<mon>%MONF%))(?![\w-]|\s*\d)",
         D.r_bare_month, D.c_bare_month),
    Rule("year", r"(?:\b(?P<pre>(?i:%PREPS%|the))[\s-]+)?(?P<x>(?P<y>%YEAR%))(?!\w)", D.r_year, D.c_year),
    Rule("fiscal_year", r"(?P<x>\b(?:(?i:fiscal)\s+(?:(?i:year)\s+)?|FY\s?)(?P<y>%YEAR%))(?!\w)", D.r_year),
    Rule("iso_duration", r"(?<![\w-])(?P<x>P(?=[\dT])(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?"
         r"(?:\d+S)?)?)(?![\w-])", R.r_iso_duration),
    Rule("season", r"(?:\b(?P<pre>(?i:in|during|by|until|till|since|through|throughout|over|for|before|after|"
         r"early|late|mid))[\s-]+)?(?P<x>(?:(?i:the)\s+)?(?:(?P<rel>(?i:this|last|next|coming|past))\s+)?"
         r"(?P<s>%SEASON%)\b(?:,?\s+(?:of\s+)?(?P<y>%YEAR%))?)(?!\s+of\s+(?!(?:19|20)\d\d))", D.r_season, D.c_season),
    Rule("quarter", r"(?P<x>(?:(?i:the)\s+)?(?:(?P<ry2>(?i:this|last|next))\s+(?i:year)['’]s\s+|(?P<y4>%YEAR%)\s+"
         r"|(?P<ya>(?i:year-ago|year-earlier|prior-year|previous-year))\s+)?(?:(?i:fiscal)\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|"
         r"1st|2nd|3rd|4th))[\s-]+(?:(?i:fiscal)\s+)?(?P<u>(?i:quarter|half))\b(?:\s+(?i:of)\s+(?:(?i:the\s+)?"
         r"(?i:fiscal\s+)?(?:(?P<y>%YEAR%)|(?P<ry>(?i:this|last|next|the\s+current|the\s+previous))\s+(?i:year))))?)"
         r"|\b(?P<q>[1-4])Q(?:\s+(?P<y2>%YEAR%))?\b|\bQ(?P<q2>[1-4])(?:\s+(?P<y3>%YEAR%))?\b",
         lambda m, cx: D.r_quarter(_QFix(m), cx), lambda m, t: D.c_quarter(_QFix(m), t)),
    Rule("decade", r"(?P<x>(?:(?i:the)\s+)?(?:(?P<dec>(?:1[5-9]|20)\d0|['’]\d0)['’]?s\b|(?i:the)\s+"
         r"(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b))", D.r_decade),
    Rule("century", r"(?P<x>(?:(?i:the)\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|(?i:nineteenth|twentieth|twenty-first))"
         r"[\s-]+(?i:century))", D.r_century),
    Rule("holiday", r"(?P<x>(?P<h>Christmas\s+Eve|Christmas(?:\s+Day)?|Boxing\s+Day|New\s+Year['’]?s(?:\s+Day|\s+Eve)"
         r"|New\s+Year['’]s|Easter(?:\s+Sunday|\s+Monday)?|Good\s+Friday|Thanksgiving(?:\s+Day)?|Halloween"
         r"|Valentine['’]?s\s+Day)(?:,?\s+(?P<y>%YEAR%))?)\b", D.r_holiday),
    # relative to the anchor
    Rule("weekday", r"(?P<x>(?:\b(?P<rel>(?i:last|next|this|coming|past))\s+)?\b(?P<wd>%WD%)"
         r"(?:\s+(?P<part>%PART%))?)\b", R.r_weekday, R.c_weekday),
    Rule("deictic", r"(?P<x>(?:(?P<before>(?i:the\s+day\s+before)\s+)|(?P<after>(?i:the\s+day\s+after)\s+))?"
         r"\b(?P<w>(?i:yesterday|today|tomorrow|tonight))(?:\s+(?P<part>%PART%))?)\b", R.r_deictic),
    Rule("this_part", r"\b(?P<x>(?P<rel>(?i:this|last))\s+(?P<part>(?i:morning|afternoon|evening|night)))\b",
         R.r_this_part),
    Rule("rel_unit", r"(?P<x>(?:(?P<the>(?i:the))\s+)?\b(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|coming|"
         r"past|previous|preceding|following|current))\s+(?P<unit>(?i:week|weekend|month|year|quarter|decade|"
         r"century|fortnight)))\b(?![-\w])", R.r_rel_unit),
    Rule("weekend", r"(?P<x>\b(?i:the)\s+(?i:weekend))\b(?!\s+(?i:of|before|after))", R.r_the_weekend),
    Rule("latest_unit", r"(?P<x>\b(?i:the)\s+(?i:latest|most\s+recent|just-ended|just\s+ended|last\s+full)\s+"
         r"(?:(?i:fiscal)\s+)?(?P<unit>(?i:week|month|quarter|year)))\b", R.r_latest_unit),
    Rule("year_ago", r"(?P<x>(?:\b(?i:the)\s+)?(?:(?i:comparable|corresponding)\s+)?\b(?i:year-earlier|year-ago|"
         r"prior-year)(?:\s+(?P<unit>(?i:period|quarter)))?)(?![\w-])", R.r_year_ago),
    Rule("the_quarter", r"(?P<x>\b(?i:the|that)\s+(?i:same\s+)?(?P<unit>(?i:quarter|period)))\b(?!\s+of)",
         R.r_the_quarter),
    Rule("edge_rel", r"(?P<x>(?:(?P<edge>(?i:earlier|later))\s+(?P<rel>(?i:this|that|last|next))|(?i:the\s+)?"
         r"(?P<edge2>(?i:end|beginning|start|middle))\s+of\s+(?P<rel2>(?i:the|this|last|next)))\s+"
         r"(?P<unit>(?i:week|month|year|quarter|decade|century)))\b",
         lambda m, cx: R.r_edge_rel(_EdgeFix(m), cx)),
    Rule("ago", r"(?P<x>\b(?P<num>%NUM%)[\s-]+(?P<unit>%UNIT%)\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|back|"
         r"previously|before(?=\s*[,.;:)]|\s*$)|after(?=\s*[,.;:)]|\s*$)|prior(?!\s+to))))\b", R.r_ago),
    Rule("duration", r"(?P<x>(?:(?i:the)\s+)?(?:(?P<rel>(?i:past|last|next|first|coming|previous|following|final|"
         r"remaining|initial|latest|full|entire|whole))\s+)?\b(?P<num>%NUM%)[\s-]+(?P<unit>%UNIT%)(?P<half>\s+and\s+a\s+half)?(?:-long)?)"
         r"(?![\w-])", R.r_duration, R.c_duration),
    Rule("plural_units", r"(?:\b(?i:for|over|in|within)\s+)(?P<x>(?:(?i:the\s+)?(?i:coming|next|past|last)\s+)?"
         r"(?P<unit>(?i:days|weeks|months|years|decades|hours|minutes|centuries)))\b(?!\s+(?i:of|ago|earlier|later))"
         r"|(?P<x2>(?i:the\s+)?(?i:coming)\s+(?P<unit2>(?i:days|weeks|months|years|decades)))\b",
         lambda m, cx: R.r_plural_units(_UnitFix(m), cx)),
    Rule("set_adverb", r"(?<![\w-])(?P<x>daily|weekly|monthly|yearly|annually|quarterly|hourly|nightly|biweekly|"
         r"fortnightly|bimonthly|semiannually|biannually)(?![\w-])", R.r_set_adverb),
    Rule("set_every", r"(?P<x>\b(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:(?P<num>%NUM%)\s+)?"
         r"(?P<what>(?P<wd>%WD%)|(?P<mon>%MONF%)|(?P<part>(?i:morning|afternoon|evening|night))|%UNIT%))\b",
         R.r_set_every),
    Rule("set_times", r"(?P<x>\b(?:(?i:once|twice|thrice)|%NUM%\s+(?i:times))\s+(?i:a|an|per|every|each)\s+"
         r"(?P<unit>%UNIT%))\b", R.r_set_times),
    Rule("ref", r"\b(?:(?P<present>(?i:right\s+now|now|nowadays|currently|presently|at\s+present|these\s+days|at\s+the"
         r"\s+moment)|current(?=\s+[a-z]))(?![-\w])|(?P<past>(?i:recently|lately|(?<=in\s)the\s+past|(?<=In\s)the\s+past"
         
         r"|recent\s+(?:days|weeks|months|years|decades|times)(?:\s+and\s+(?:days|weeks|months|years|decades))?))"
         r"(?![-\w])|(?P<future>(?:(?<=in\s)|(?<=In\s)|(?<=into\s)|(?<=for\s))(?i:the\s+)?"
         r"(?i:(?:near|distant|foreseeable|immediate|not\s+too\s+distant)\s+)?(?i:future)(?![-\w])))",
         R.r_ref),
    Rule("clock", r"(?P<x>(?:\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.?|p\.m\.?|am|pm))"
         r"(?![\w])|\b(?P<nm>(?i:noon|midday|midnight))\b)(?:\s+(?:[A-Z]{2,4}T|GMT|UTC)\b)?(?:,?\s+(?:on\s+)?"
         r"(?:(?P<dw>%WD%|(?i:yesterday|today|tomorrow))\b|(?P<mon>%MON%)\s*(?P<d>%DAY%)))?)"
         r"|(?P<x2>\b(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\s*(?:GMT|UTC|(?i:local\s+time|hours|hrs)))\b",
         lambda m, cx: R.r_clock(_ClockFix(m), cx)),
    Rule("anaphor", r"(?P<x>\b(?i:the\s+(?P<w>next|following|previous|preceding|same)\s+(?P<u>day|morning|evening|"
         r"night|week|month|year)|that\s+(?:same\s+)?(?P<u2>day|week|month|year|morning|evening|night)))\b", R.r_anaphor),
)


class _GroupFix:
    """A view of a match with a few groups renamed, so one resolver serves two spellings."""

    _map: dict[str, str] = {}

    def __init__(self, m: re.Match) -> None:
        self._m = m

    def __getitem__(self, k: str):
        d = self._m.groupdict()
        alt_name = self._map.get(k)
        if alt_name and d.get(k) is None:
            return d.get(alt_name)
        return d.get(k)

    def groupdict(self) -> dict:
        return {k: self[k] for k in list(self._m.groupdict()) + list(self._map)}


class _MonFix(_GroupFix):
    def __getitem__(self, k: str):
        d = self._m.groupdict()
        if k == "mon":
            return d["mon"] or d["mon1"]
        return d.get(k)

    def groupdict(self) -> dict:
        return {**self._m.groupdict(), "mon": self["mon"]}


class _QFix(_GroupFix):
    _map = {"q": "q2", "ry": "ry2"}

    def __getitem__(self, k: str):
        if k == "y":
            d = self._m.groupdict()
            return d.get("y") or d.get("y2") or d.get("y3") or d.get("y4")
        return super().__getitem__(k)


class _EdgeFix(_GroupFix):
    _map = {"edge": "edge2", "rel": "rel2"}


class _UnitFix(_GroupFix):
    _map = {"unit": "unit2"}


class _ClockFix(_GroupFix):
    _map = {"h": "h2", "mi": "mi2"}


@cache
def compiled_rules() -> tuple[tuple[Rule, re.Pattern[str]], ...]:
    """The rules with their patterns compiled (once per process, on first use)."""
    frag = fragments()
    frag["PREPS"] = alt(DATE_PREPS)
    out = []
    for rule in RULES:
        pat = rule.pattern
        for k, v in frag.items():
            pat = pat.replace(f"%{k}%", v)
        out.append((rule, re.compile(pat)))
    return tuple(out)


def extent(m: re.Match) -> tuple[int, int]:
    """The expression's own span: group ``x`` (or ``x2``) when present, else the whole match."""
    d = m.groupdict()
    for g in ("x", "x2"):
        if d.get(g) is not None:
            return m.span(g)
    return m.span()
