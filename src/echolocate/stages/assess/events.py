"""Events across reports: the same event told by several reports is one event, with its carriers,
origins and independent-origin count, and the details the carriers disagree on as variants.

Input is one ``EventInput`` per event mention (the read stage's ``EventMention`` with its arguments
resolved: canonical actor and target names, the place on the map, the time as a date range, and
the origin of the claim it sits in). Mentions join when they have the same category, the same mode
class (an offer is not a delivery, a plan not a deed), compatible actors and targets (the same name,
either unknown on one side, or one the country the other belongs to: "Putin" and "Russia", by the
``*_affiliation`` the read stage attaches) and compatible dates (overlapping ranges, a date on one side
only, or day dates at most two days apart, a discrepancy between reports kept as a date variant) and
compatible places. The event shows the actor, target, place and date most of its carriers agree on (a
finer value counting the carriers that give a coarser one containing it); the others stay variants.
A denial joins the event it denies and counts against it. Deterministic: the result does not depend on
the order of the inputs.

The bare word ("the attack", "killed") is evidence of one event across reports only when the corpus is one
story; otherwise (``copies`` given, as assess does) only inside one report, between a report and its copies
(re-use links), between claims of one claim group, or with a town or a day both mentions give. In a month
of world news, every unplaced "killed" would otherwise join the month's first killing, an event of
thousands of carriers and as many "independent origins", and grouping would compare every mention with
every event of its word.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

__all__ = ["Event", "EventInput", "group_events"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "decade": 5,
                   "century": 6, "unknown": 9}
_PLACE_RANK = {"point": 0, "city": 1, "region": 2, "country": 3, "continent": 4, "unknown": 9}


@dataclass(frozen=True)
class EventInput:
    report_id: str
    idx: int
    text: str
    start: int
    end: int
    category: str
    subtype: str | None
    mode: str
    trigger: str
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str = "unknown"
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "unknown"
    time_text: str | None = None
    claim_id: str | None = None
    origin_name: str | None = None
    origin_kind: str | None = None
    origin_key: str | None = None
    source_path: str = ""
    outlet: str | None = None
    published: date | None = None
    actor_affiliation: str | None = None  # the country the actor belongs to, as the report ties it
    target_affiliation: str | None = None
    place_country: str | None = None  # ISO code of the country the place lies in (gazetteer)
    lemma: str | None = None  # the trigger's lemma ("visited" -> "visit"); the trigger's lower case when absent


@dataclass(frozen=True)
class Event:
    id: str
    category: str
    subtype: str | None
    mode: str
    actor: str | None
    target: str | None
    place: dict | None  # {name, lat, lon, precision}
    date: dict | None  # {start, end, precision}
    independent_origins: int
    origins: tuple[dict, ...]
    carriers: tuple[dict, ...]
    variants: tuple[dict, ...] = ()
    denied_by: tuple[str, ...] = ()
    certainty: str = ""
    members: tuple[tuple[str, int], ...] = field(default=())


@lru_cache(maxsize=1 << 16)  # names repeat across mentions: grouping asks about each one many times
def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("\u2019", "'").split())


def _mode_class(mode: str) -> str:
    return "happened" if mode in ("happened", "denied") else mode


_DATE_SLACK_DAYS = 2  # two reports dating one event a day or two apart disagree; they do not tell two events


def _dates_fit(a: EventInput, b: EventInput) -> bool:
    if a.date_start is None or b.date_start is None:
        return True
    a_end, b_end = a.date_end or a.date_start, b.date_end or b.date_start
    if a.date_start <= b_end and b.date_start <= a_end:
        return True
    if a.date_precision == "day" and b.date_precision == "day":
        return abs((a.date_start - b.date_start).days) <= _DATE_SLACK_DAYS
    return False


_NOT_NAMES = frozenset("the a an he she it they we i you him her them his its their this that these those".split())


@lru_cache(maxsize=1 << 16)  # names repeat across mentions: grouping asks about each one many times
def _proper(name: str) -> bool:
    """Whether a party is named ("Haftar", "the Russian Defense Ministry") rather than described ("the
    police", "a man", "he"): descriptions and pronouns differ between reports of one event too often to
    tell events apart."""
    words = [w for w in name.replace("\u2019", "'").split() if w.lower() not in _NOT_NAMES and w != "'s"]
    return bool(words) and words[-1][:1].isupper()  # "Mafia boss", "Russian troops" are descriptions


@lru_cache(maxsize=1 << 16)  # names repeat across mentions: grouping asks about each one many times
def _name_words(name: str) -> frozenset[str]:
    return frozenset(w.strip("'.,").lower() for w in name.replace("\u2019", "'").replace("'s", " ").split()
                     if len(w.strip("'.,")) > 2 and w[:1].isupper())


@lru_cache(maxsize=1 << 16)  # names repeat across mentions: grouping asks about each one many times
def _head_word(name: str) -> frozenset[str]:
    """The last capitalised word of a name, the one that names it ("Nixon", "Emirates", "Nations")."""
    words = [w.strip("'.,").lower() for w in name.replace("\u2019", "'").replace("'s", " ").split()
             if len(w.strip("'.,")) > 2 and w[:1].isupper()]
    return frozenset(words[-1:])


def _names_fit(a: str | None, b: str | None, a_aff: str | None = None, b_aff: str | None = None) -> bool:
    """Whether two parties may be the same: one unknown or merely described, the same name (or one name
    the other's surname: "Putin", "Vladimir Putin"), or one the country the other belongs to."""
    if not a or not b or not _proper(a) or not _proper(b):
        return True
    na, nb = _norm(a), _norm(b)
    if na == nb or _norm(a_aff) == nb or _norm(b_aff) == na:
        return True
    if _head_word(a) & _name_words(b) or _head_word(b) & _name_words(a):
        return True  # "Lindsay Lohan" and "Lohan", "Richard M. Nixon" and "Richard Nixon"; not "United ..."
    wa, wb = na.split(), nb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) < len(long_) and long_[-len(short):] == short and short[-1][:1].isalpha() and \
        len(short[-1]) > 2


_SAME_PLACE_KM = 50.0


def _places_fit(a: EventInput, b: EventInput) -> bool:
    """Whether two mentions may have happened at the same place: one unknown, the same name, or a
    country and a town (the text does not say which country, so a country and a town always
    fit unless their country codes differ); two towns or two countries must be the same or within a short distance."""
    if not a.place or not b.place or _norm(a.place) == _norm(b.place):
        return True
    if a.lat is None or b.lat is None:
        return False  # off the map with another name: nothing says they are one place
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if "country" in (a.place_precision, b.place_precision) and a.place_precision != b.place_precision:
        return True
    if a.place_precision in ("region", "continent") or b.place_precision in ("region", "continent"):
        return True
    from echolocate.stages.read.gazetteer import haversine_km

    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= _SAME_PLACE_KM


def _subtypes_fit(a: EventInput, b: EventInput) -> bool:
    return not a.subtype or not b.subtype or a.subtype == b.subtype


def _named(name: str | None) -> bool:
    return bool(name) and _proper(name)


_SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})  # "A met B" tells what "B met A" does


def _swapped(a: EventInput, b: EventInput) -> bool:
    """Whether a named party that acts in one mention undergoes the other ("Haftar opposes the
    government", "militias oppose Haftar"): the same words for two events seen from opposite sides.
    Meetings and agreements have no sides."""
    if a.category in _SYMMETRIC:
        return False
    return any(_named(x) and _named(y) and _names_fit(x, y, xa, ya) and not (_named(z) and _names_fit(x, z, xa, za))
               for x, xa, y, ya, z, za in (
                   (a.actor, a.actor_affiliation, b.target, b.target_affiliation, b.actor, b.actor_affiliation),
                   (b.actor, b.actor_affiliation, a.target, a.target_affiliation, a.actor, a.actor_affiliation)))


def _parties_fit(a: EventInput, b: EventInput) -> bool:
    """Actor with actor and target with target; for meetings and agreements also crosswise ("A met B",
    "B met A")."""
    if _swapped(a, b):
        return False
    straight = (_names_fit(a.actor, b.actor, a.actor_affiliation, b.actor_affiliation)
                and _names_fit(a.target, b.target, a.target_affiliation, b.target_affiliation))
    if straight or a.category not in _SYMMETRIC:
        return straight
    return (_named(a.actor) and _named(b.target) and _named(a.target) and _named(b.actor)
            and _names_fit(a.actor, b.target, a.actor_affiliation, b.target_affiliation)
            and _names_fit(a.target, b.actor, a.target_affiliation, b.actor_affiliation))


def _fits(m: EventInput, mention: EventInput) -> bool:
    return (_parties_fit(m, mention) and _dates_fit(m, mention) and _subtypes_fit(m, mention)
            and _places_fit(m, mention))


def _lemma(m: EventInput) -> str:
    return m.lemma or _norm(m.trigger)


def _shares_party(a: EventInput, b: EventInput) -> bool:
    """Whether both name a party and the names agree (not merely one of them unknown). By name only: a
    person and their country fit (see ``_names_fit``), but "Russia" acting and a Russian ship acting are
    no evidence of one event; nor is a country alone (a party that is its own affiliation) without the
    other party, nor the target alone of a one-sided event ("Haftar is supported by the UAE", "Haftar was
    welcomed in Moscow"): a country does many things and a recipient receives many."""
    def same(x, y):
        return bool(x and y and _proper(x) and _proper(y) and _names_fit(x, y))

    actor, target = same(a.actor, b.actor), same(a.target, b.target)
    if actor and target:
        return True
    if a.category in _SYMMETRIC and (actor or target):
        shared, aff = (a.actor, a.actor_affiliation) if actor else (a.target, a.target_affiliation)
        return _norm(shared) != _norm(aff)
    return actor and _norm(a.actor) != _norm(a.actor_affiliation)


def _recognised(a: EventInput, b: EventInput, copies: Mapping[str, Collection[str]] | None = None,
                claim_groups: Mapping[str, str] | None = None) -> bool:
    """Positive evidence that two compatible mentions tell one event: the same claim, a party both name, or
    the same word for it ("visit", "visited") where the word is enough (``_word_joins``)."""
    return a.claim_id == b.claim_id or _shares_party(a, b) or (
        _lemma(a) == _lemma(b) and _word_joins(a, b, copies, claim_groups or {}))


def _word_joins(a: EventInput, b: EventInput, copies: Mapping[str, Collection[str]] | None,
                claim_groups: Mapping[str, str]) -> bool:
    """Whether the same word is evidence of one event: in a corpus on one story (``copies`` is None), always;
    else in one report, between a report and a copy, between claims of one claim group (the same statement
    in other words: "Russia is offering Haftar jets", "Putin is now offering Hafter's army jet fighters"),
    or with the same town or the same day in both (a country is too wide: "killed in Iraq")."""
    if copies is None or a.report_id == b.report_id or b.report_id in copies.get(a.report_id, ()):
        return True
    if claim_groups.get(a.claim_id) is not None and claim_groups.get(a.claim_id) == claim_groups.get(b.claim_id):
        return True
    if _town(a) is not None and _town(a) == _town(b):
        return True
    day_a, day_b = _own_day(a), _own_day(b)
    return day_a is not None and day_b is not None and abs(day_a - day_b) <= _DATE_SLACK_DAYS


def _town(m: EventInput) -> str | None:
    """The town or spot a mention places itself in (a country, region or off-map name is no evidence)."""
    return _norm(m.place) if m.place and m.place_precision in ("point", "city") else None


def _own_day(m: EventInput) -> int | None:
    """The day a mention dates itself to (its own words, not the report's date), as an ordinal."""
    return m.date_start.toordinal() if m.date_precision == "day" and _own_date(m) else None


def group_events(inputs: Sequence[EventInput], *, vague: bool = False,
                 copies: Mapping[str, Collection[str]] | None = None,
                 claim_groups: Mapping[str, str] | None = None) -> list[Event]:
    """Events in date order (undated last), each with its evidence. Deterministic for any input order.

    Mentions are placed in report order, each into the compatible event with the most evidence for it
    (see ``_Building.evidence_for``), so that "the visit" goes to the visit its own report tells rather than to
    whichever visit happened to come first, and never into an event placed where its own report does
    not put events of its type (see ``_elsewhere``). Events that
    name no party, no place and no date in any carrier ("the assault", "these deals") say nothing an
    analyst can place and are left out unless ``vague`` (evaluation on gold mentions keeps them all).

    ``copies`` maps a report to the reports it shares a passage with (re-use links, both ways) and
    ``claim_groups`` a claim to its claim group; with ``copies`` given, the bare word joins reports only as
    ``_word_joins`` says. Without it, the corpus is one story: the word joins any reports (the ECB+
    evaluation, which links inside each topic)."""
    ordered = _with_known_affiliations(sorted(inputs, key=lambda m: (m.report_id, m.idx)))
    context: dict[tuple[str, str, str], list[EventInput]] = {}
    for m in ordered:
        if m.place and m.lat is not None:
            context.setdefault((m.report_id, m.category, _mode_class(m.mode)), []).append(m)
    building: list[_Building] = []
    index: dict[tuple, list[int]] = {}  # recognition key -> events holding a mention with it, in order
    fit_ids: dict[tuple, int] = {}  # each distinct ``_fit_signature``, numbered
    fitting: dict[tuple[int, int], bool] = {}  # (member's, mention's signature number) -> ``_fits``
    for mention in ordered:
        home, best = None, 0
        keys, wanted = _recognition_keys(mention, copies, claim_groups)
        mine = _where(mention, context)
        fit_id = fit_ids.setdefault(_fit_signature(mention), len(fit_ids))
        unbound = _unbound(mention)
        same_claim_or_word = {i for key in wanted if key[1] in ("claim", "word") for i in index.get(key, ())}
        for at in sorted({i for key in wanted for i in index.get(key, ())}):
            event = building[at]
            if not unbound and not _fit_all(event, mention, fit_id, fitting):
                continue
            if at not in same_claim_or_word and not any(_shares_party(m, mention) for m in event.parties.values()):
                continue  # compatible is not enough: something must say it is the same event (``_recognised``)
            if _elsewhere(event.wheres.values(), mine):
                continue
            score = event.evidence_for(mention)
            if score > best:
                home, best = at, score
        if home is None:
            home = len(building)
            building.append(_Building())
        building[home].add(mention, mine, fit_id)
        for key in keys:  # filed under
            places = index.setdefault(key, [])
            if not places or places[-1] != home:
                places.append(home)
        if len(fitting) > _FIT_MEMO:
            fitting.clear()
    clusters = [event.members for event in building]
    if not vague:
        clusters = [c for c in clusters if any(_specificity(m) for m in c)]
    events = [_event(cluster) for cluster in clusters]
    return sorted(events, key=lambda e: (e.date is None, (e.date or {}).get("start") or "", e.id))


_FIT_MEMO = 4_000_000  # remembered ``_fits`` answers (~0.5 GB) before the memo starts afresh


def _unbound(mention: EventInput) -> bool:
    """Whether a mention fits every event: no named party, date, subtype or place, the only things ``_fits``
    reads of it. Most mentions are such ("the attack", "they fought"); they skip the check."""
    return not (_named(mention.actor) or _named(mention.target) or mention.date_start is not None
                or mention.subtype or mention.place)


def _fit_all(event: _Building, mention: EventInput, fit_id: int, fitting: dict[tuple[int, int], bool]) -> bool:
    """``_fits`` between the mention and every distinct member of the event; answers are remembered by
    signature pair, since copies of a story repeat both sides."""
    for member_id, member in event.fits.items():
        key = (member_id, fit_id)
        fit = fitting.get(key)
        if fit is None:
            fit = fitting[key] = _fits(member, mention)
        if not fit:
            return False
    return True


def _fit_signature(m: EventInput) -> tuple:
    """Every field ``_fits`` reads: members with one signature fit a mention alike (copies of a story)."""
    return (m.category, m.actor, m.target, m.actor_affiliation, m.target_affiliation, m.date_start, m.date_end,
            m.date_precision, m.subtype, m.place, m.lat, m.lon, m.place_country, m.place_precision)


def _recognition_keys(m: EventInput, copies: Mapping[str, Collection[str]] | None = None,
                      claim_groups: Mapping[str, str] | None = None) -> tuple[set[tuple], set[tuple]]:
    """The keys an event holding ``m`` is filed under, and the keys ``m`` looks up: a member and a mention
    share one whenever ``_recognised`` holds between them (and may share one otherwise). Their type and
    mode with the claim, the event word where it is enough (``_word_joins``: anywhere, or in the report,
    its copies, the claim group, the town or the day, two days either side), or a word of a party's name
    in the same role (``_names_fit`` needs a shared capitalised name word or the same last word). Only the events found
    under these keys are compared with a new mention: comparing every one, at 10k reports, was hours of
    assess. A word key's second field is "word": those events are recognised by the key alone."""
    kind, lemma = (m.category, _mode_class(m.mode)), _lemma(m)
    keys = {(kind, "claim", m.claim_id)}
    for role, name in (("actor", m.actor), ("target", m.target)):
        if name and _proper(name):
            keys.update((kind, role, word) for word in _name_words(name))
            keys.add((kind, role, "=" + _norm(name).split()[-1]))
    if copies is None:
        keys.add((kind, "word", lemma))
        return keys, keys
    filed, wanted = set(keys), set(keys)
    filed.add((kind, "word", lemma, "report", m.report_id))
    wanted.update((kind, "word", lemma, "report", r) for r in (m.report_id, *copies.get(m.report_id, ())))
    group = (claim_groups or {}).get(m.claim_id)
    if group is not None:
        filed.add((kind, "word", lemma, "group", group))
        wanted.add((kind, "word", lemma, "group", group))
    town = _town(m)
    if town is not None:
        filed.add((kind, "word", lemma, "place", town))
        wanted.add((kind, "word", lemma, "place", town))
    day = _own_day(m)
    if day is not None:
        filed.add((kind, "word", lemma, "day", day))
        wanted.update((kind, "word", lemma, "day", day + d) for d in range(-_DATE_SLACK_DAYS, _DATE_SLACK_DAYS + 1))
    return filed, wanted


def _where(m: EventInput, context) -> list[EventInput]:
    """Where a mention lies: its own place, else the places its own report gives events of its type, mode
    and parties (places on the map only)."""
    if m.place:
        return [m]
    return [c for c in context.get((m.report_id, m.category, _mode_class(m.mode)), []) if _parties_fit(c, m)]


def _place_signature(m: EventInput) -> tuple:
    """Every field ``_places_fit`` reads."""
    return (m.place, m.lat, m.lon, m.place_country, m.place_precision)


def _elsewhere(theirs, mine: list[EventInput]) -> bool:
    """Whether a mention lies elsewhere than an event: "he met Shoigu" in a report about a Moscow trip is
    no evidence for a Cairo visit that another report tells, nor is that Cairo visit evidence for the
    meeting. ``theirs``: where the event's carriers lie, ``mine``: where the mention lies (``_where``);
    true when both are known and all disagree."""
    return bool(mine and theirs) and not any(_places_fit(a, b) for a in theirs for b in mine)


REPORT_DATE = "(report date)"  # the time text of a date taken from the report's day (see store.assess_io)


def _own_date(m: EventInput) -> bool:
    return m.date_start is not None and m.time_text != REPORT_DATE


def _specificity(m: EventInput) -> int:
    """How much a mention pins its event down: named parties, a place, a date of its own."""
    return (bool(m.actor and _proper(m.actor)) + bool(m.target and _proper(m.target)) + bool(m.place)
            + _own_date(m))


class _Building:
    """An event while mentions are placed: its mentions, and what comparing a new mention with it reads,
    kept once per distinct value, so that copies of a story add mentions rather than work."""

    def __init__(self) -> None:
        self.members: list[EventInput] = []
        self.fits: dict[int, EventInput] = {}  # one member per distinct ``_fit_signature`` (by its number)
        self.wheres: dict[tuple, EventInput] = {}  # where its carriers lie (``_where``), once per place
        self.shared: dict[tuple, EventInput] = {}  # one member per distinct ``_evidence_signature``
        self.parties: dict[tuple, EventInput] = {}  # one member per distinct ``_party_signature``
        self.near: dict[tuple[str, str], list[EventInput]] = {}  # members by ("claim", id) and ("report", id)
        self.lemmas: set[str] = set()

    def add(self, m: EventInput, where: list[EventInput], fit_id: int) -> None:
        self.members.append(m)
        self.fits.setdefault(fit_id, m)
        self.lemmas.add(_lemma(m))
        for place in where:
            self.wheres.setdefault(_place_signature(place), place)
        self.shared.setdefault(_evidence_signature(m), m)
        self.parties.setdefault(_party_signature(m), m)
        if m.claim_id is not None:
            self.near.setdefault(("claim", m.claim_id), []).append(m)
        self.near.setdefault(("report", m.report_id), []).append(m)

    def evidence_for(self, mention: EventInput) -> int:
        """How strongly the event's carriers say the mention tells it: the same claim (8) or report (4: a
        report goes on about the event it told, "the visit"), the same word (2), the same named parties (3),
        the same place (3), dates of their own (2); the best-matching carrier counts, so a large event does
        not draw mentions by its size alone. The claim and report terms are looked up, the rest is the
        same for every carrier of one ``_evidence_signature``."""
        if _evidence_free(mention):  # only the word can be shared: no named party, place or own date
            best = 2 * (_lemma(mention) in self.lemmas)
        else:
            best = max(_shared_evidence(m, mention) for m in self.shared.values())
        near = (self.near.get(("claim", mention.claim_id), []) if mention.claim_id is not None else []) + \
            self.near.get(("report", mention.report_id), [])
        for m in near:
            best = max(best, _shared_evidence(m, mention) + 8 * (m.claim_id is not None and m.claim_id == mention.claim_id)
                       + 4 * (m.report_id == mention.report_id))
        return 1 + best


def _evidence_signature(m: EventInput) -> tuple:
    """Every field of a carrier that ``_shared_evidence`` reads."""
    return (_lemma(m), m.category, m.actor, m.target, m.actor_affiliation, m.target_affiliation,
            _norm(m.place) if m.place else None, _own_date(m))


def _party_signature(m: EventInput) -> tuple:
    """Every field of a member that ``_shares_party`` reads (the category is the event's own). It is all
    ``_recognised`` needs of the members of an event that no key of the mention's claim or word found: a member
    of the mention's claim, or with its word where the word is enough, would have filed the event under a
    key the mention looks up."""
    return (m.actor, m.target, m.actor_affiliation, m.target_affiliation)


def _evidence_free(mention: EventInput) -> bool:
    """Whether ``_shared_evidence`` can find nothing but the word in the mention."""
    return not (mention.place or _own_date(mention) or (mention.actor and _proper(mention.actor))
                or (mention.target and _proper(mention.target)))


def _shared_evidence(m: EventInput, mention: EventInput) -> int:
    return (2 * (_lemma(m) == _lemma(mention))
            + 3 * _shares_party(m, mention)
            + 3 * bool(m.place and mention.place and _norm(m.place) == _norm(mention.place))
            + 2 * (_own_date(m) and _own_date(mention)))


def _with_known_affiliations(ordered: list[EventInput]) -> list[EventInput]:
    """A party's affiliation written in one report ("Russian President Vladimir Putin") holds for the
    same canonical name in every report ("Putin is now offering ...")."""
    from dataclasses import replace

    seen: dict[str, Counter] = {}
    for m in ordered:
        for name, aff in ((m.actor, m.actor_affiliation), (m.target, m.target_affiliation)):
            if name and aff and _norm(name) != _norm(aff):
                seen.setdefault(_norm(name), Counter())[aff] += 1
                if len(_norm(name).split()) > 1:  # "Putin" is the same person as "Vladimir Putin"
                    seen.setdefault("~" + _norm(name).split()[-1], Counter())[aff] += 1
    known = {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for name, c in seen.items()}
    out = []
    for m in ordered:
        actor_aff = m.actor_affiliation or _known(known, m.actor)
        target_aff = m.target_affiliation or _known(known, m.target)
        if (actor_aff, target_aff) != (m.actor_affiliation, m.target_affiliation):
            m = replace(m, actor_affiliation=actor_aff, target_affiliation=target_aff)
        out.append(m)
    return out


def _known(known: dict[str, str], name: str | None) -> str | None:
    if not name:
        return None
    key = _norm(name)
    return known.get(key) or (known.get("~" + key) if len(key.split()) == 1 else None)


def _most_common(values) -> str | None:
    counted = Counter(v for v in values if v)
    return sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counted else None


def _event(cluster: list[EventInput]) -> Event:
    members = tuple(sorted((m.report_id, m.idx) for m in cluster))
    event_id = "v" + hashlib.sha256(repr(members).encode()).hexdigest()[:16]
    support = [m for m in cluster if m.mode != "denied"]
    deny = [m for m in cluster if m.mode == "denied"]
    mode = _most_common(m.mode for m in support) or "denied"
    actor = _agreed_name([(m.actor, m.actor_affiliation) for m in cluster])
    target = _agreed_name([(m.target, m.target_affiliation) for m in cluster])
    chosen = _agreed_place(cluster)
    place = ({"name": chosen.place, "lat": chosen.lat, "lon": chosen.lon, "precision": chosen.place_precision}
             if chosen is not None and chosen.lat is not None else
             {"name": chosen.place, "lat": None, "lon": None, "precision": "unknown"} if chosen is not None else None)
    dated = _by_date_precision(cluster)
    when = ({"start": dated[0].date_start.isoformat(), "end": (dated[0].date_end or dated[0].date_start).isoformat(),
             "precision": dated[0].date_precision} if dated else None)
    origins: dict[str, dict] = {}
    for m in support:
        key = m.origin_key or f"report:{m.report_id}"
        origins.setdefault(key, {"name": m.origin_name or m.outlet or _label(m), "kind": m.origin_kind or "outlet",
                                 "key": key})
    denied_by = tuple(sorted({m.origin_name or m.outlet or _label(m) for m in deny}))
    variants = _variants(cluster)
    count = len(origins)
    certainty = (f"denied by {', '.join(denied_by)}; " if denied_by else "") + (
        f"{count} independent origins" if count > 1 else "alleged by 1 origin" if count == 1 else "no supporting origin")
    carriers = tuple({"report_id": m.report_id, "source_path": m.source_path, "outlet": m.outlet,
                      "date": m.published.isoformat() if m.published else None, "text": m.text, "start": m.start,
                      "end": m.end, "mode": m.mode, "trigger": m.trigger, "claim_id": m.claim_id,
                      "origin": origins.get(m.origin_key or f"report:{m.report_id}", {}).get("name")}
                     for m in sorted(cluster, key=lambda m: (m.report_id, m.idx)))
    return Event(event_id, cluster[0].category, _most_common(m.subtype for m in cluster), mode, actor, target,
                 place, when, count, tuple(sorted(origins.values(), key=lambda o: o["key"])), carriers, variants,
                 denied_by, certainty, members)


def _agreed_name(named: list[tuple[str | None, str | None]]) -> str | None:
    """The party most carriers agree on: a name counts for every carrier whose name fits it ("Haftar",
    "Khalifa Haftar"); names beat descriptions, then the name written most often, then the fuller one."""
    given = [(n, a) for n, a in named if n]
    if not given:
        return None
    exact = Counter(n for n, _ in given)

    def support(item):
        name, aff = item
        fitting = sum(1 for other, other_aff in given if _proper(other) and _names_fit(name, other, aff, other_aff))
        return (_proper(name), fitting if _proper(name) else 0, exact[name], len(name), name)

    return max(sorted(set(given), key=lambda x: (x[0], x[1] or "")), key=support)[0]


def _within(inner: EventInput, outer: EventInput) -> bool:
    """Whether ``outer``'s place is ``inner``'s or contains it (a town in the country named)."""
    if _norm(inner.place) == _norm(outer.place):
        return True
    return (outer.place_precision == "country" and inner.place_precision in ("point", "city", "region")
            and outer.place_country is not None and inner.place_country == outer.place_country)


def _agreed_place(cluster: list[EventInput]) -> EventInput | None:
    """The carrier whose place most carriers agree on: a place counts for every carrier naming it or a
    country containing it ("Moscow", "Russia"); ties go to the finer place. Places the others give stay
    variants."""
    placed = [m for m in cluster if m.place]
    if not placed:
        return None

    def rank(m: EventInput):
        return (-sum(_within(m, other) for other in placed), m.lat is None,
                _PLACE_RANK.get(m.place_precision, 9), -sum(_norm(o.place) == _norm(m.place) for o in placed),
                m.report_id, m.idx)

    return min(placed, key=rank)


def _contains(outer: EventInput, inner: EventInput) -> bool:
    o_end, i_end = outer.date_end or outer.date_start, inner.date_end or inner.date_start
    return outer.date_start <= inner.date_start and i_end <= o_end


def _by_date_precision(cluster: list[EventInput]) -> list[EventInput]:
    """Dated carriers, the date most carriers agree on first: a date counts for every carrier giving it or
    a range containing it ("Sunday" within "November"); ties go to the more precise date, then to the one
    written most often. The other dates stay variants."""
    dated = [m for m in cluster if m.date_start is not None]
    votes = Counter((m.date_start, m.date_end) for m in dated)
    support = {id(m): sum(_contains(o, m) for o in dated) for m in dated}
    return sorted(dated, key=lambda m: (-support[id(m)], _PRECISION_RANK.get(m.date_precision, 9),
                                        -votes[(m.date_start, m.date_end)], m.date_start, m.report_id, m.idx))


def _label(m: EventInput) -> str:
    """What an analyst recognises a report by when its outlet is unknown: named as origins name it."""
    from echolocate.stages.assess.origins import outlet_origin

    return outlet_origin(None, m.report_id, m.source_path).name


def _variants(cluster: list[EventInput]) -> tuple[dict, ...]:
    """Details the carriers disagree on: dates, places, modes."""
    out = []
    dates = sorted({(m.date_start.isoformat(), m.time_text or "") for m in cluster if m.date_start})
    if len({d for d, _ in dates}) > 1:
        out.append({"kind": "date", "values": [f"{d} ({t})" if t else d for d, t in dates]})
    places = sorted({m.place for m in cluster if m.place})
    if len({_norm(p) for p in places}) > 1:
        out.append({"kind": "place", "values": places})
    modes = sorted({m.mode for m in cluster})
    if len(modes) > 1:
        out.append({"kind": "mode", "values": modes})
    return tuple(out)
