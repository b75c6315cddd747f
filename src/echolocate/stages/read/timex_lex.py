"""Words of time and the regular-expression fragments built from them.

Only vocabulary lives here (no rules, no resolution), so adding a spelling never
touches the grammar. Month and weekday names are case-sensitive on purpose: "may"
and "march" in lower case are a modal and a verb, not dates.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": 4, "final": 4,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}
SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100, "a couple of": 2, "a couple": 2,
    "couple of": 2, "half a": 0.5, "half an": 0.5,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
VAGUE = ("a few", "few", "several", "many", "some", "a number of", "numerous")

# unit word -> (canonical unit, TIMEX3 duration letter, is a clock unit)
UNITS = {
    "second": ("second", "S", True), "sec": ("second", "S", True),
    "minute": ("minute", "M", True), "min": ("minute", "M", True),
    "hour": ("hour", "H", True), "hr": ("hour", "H", True),
    "day": ("day", "D", False), "night": ("day", "D", False),
    "week": ("week", "W", False), "fortnight": ("fortnight", "W", False), "weekend": ("weekend", "WE", False),
    "month": ("month", "M", False), "quarter": ("quarter", "Q", False),
    "year": ("year", "Y", False), "decade": ("decade", "Y", False), "century": ("century", "Y", False),
    "centurie": ("century", "Y", False),
}

# Words that, right before a bare year or month name, make it a date rather than a number or a verb.
DATE_PREPS = (
    "in", "since", "by", "until", "till", "before", "after", "during", "through", "throughout",
    "from", "to", "of", "as of", "for", "early", "late", "mid", "end", "start", "beginning", "fiscal",
    "year", "around", "about", "circa", "between", "and", "or", "last", "this", "next", "that",
    "into", "both", "due", "a", "an", "its", "his", "her", "their", "our", "your", "my",
)
# Words after a number that show it counts things, not years: "2000 troops", "1990 km".
COUNT_NOUNS = (
    "km", "kilometres", "kilometers", "miles", "mile", "metres", "meters", "feet", "ft", "tons", "tonnes",
    "people", "men", "women", "children", "troops", "soldiers", "fighters", "dollars", "euros", "pounds",
    "percent", "per", "%", "times", "units", "jobs", "votes", "members", "dead", "killed", "casualties",
)


def alt(words) -> str:
    """A regex alternation of ``words``, longest first so "Sept" wins over "Sep"."""
    return "|".join(sorted({w.replace(".", r"\.").replace(" ", r"\s+") for w in words}, key=len, reverse=True))


def cased(words) -> list[str]:
    """Capitalised and upper-case spellings of lower-case ``words`` (names are never lower case)."""
    out = []
    for w in words:
        out += [w.capitalize(), w.upper()]
    return out


def number_value(text: str) -> float | int | str | None:
    """The number a duration count spells: 3, "three", "twenty-one", "a", "a few" (-> "X")."""
    t = " ".join(text.lower().replace("-", " ").split())
    frac = re.fullmatch(r"(\d+)\s*(?:1/2|½)", t)
    if frac:
        return int(frac.group(1)) + 0.5
    if t.replace(".", "", 1).isdigit():
        v = float(t)
        return int(v) if v.is_integer() else v
    if t in VAGUE:
        return "X"
    if t in SMALL:
        return SMALL[t]
    parts = t.split()
    if parts and parts[0] in TENS:
        rest = SMALL.get(" ".join(parts[1:]), 0) if len(parts) > 1 else 0
        return TENS[parts[0]] + int(rest)
    return None


def fragments() -> dict[str, str]:
    """Named regex fragments shared by the rules (built on first use, never at import)."""
    month_full = alt(cased(MONTHS))
    month_abbr = alt(cased(MONTH_ABBR))
    wd_full = alt(cased(WEEKDAYS))
    wd_abbr = alt(cased(WEEKDAY_ABBR))
    small = alt(k for k in SMALL if k not in ("a", "an", "single"))
    tens = alt(TENS)
    num = (
        rf"(?:\d{{1,3}}(?:\.\d+|\s+1/2|\s*½)?|(?i:(?:{tens})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
        rf"|{small}|{alt(VAGUE)}|a|an|single))"
    )
    return {
        # "Nov." and "Nov 27" but never the bare abbreviation "Nov" or "Mar" in running text
        "MON": rf"(?:{month_full}|(?:{month_abbr})(?:\.|(?=\s*\d)))",
        "MONF": rf"(?:{month_full})",
        "WD": rf"(?:{wd_full})",
        "WDA": rf"(?:{wd_full}|(?:{wd_abbr})\.?)",
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,.]\d|\d)",
        "YEAR": r"(?:19|20)\d\d(?![\d])",
        "NUM": num,
        "UNIT": rf"(?i:(?:{alt(UNITS)})s?)",
        "PART": rf"(?i:{alt(PARTS_OF_DAY)})",
        "SEASON": rf"(?i:{alt(SEASON_CODES)})",
        "ORD": rf"(?i:{alt(ORDINALS)})",
        "REL": r"(?i:last|next|this|coming|past|previous|following|current)",
    }
