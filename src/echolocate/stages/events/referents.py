"""Who an event's actor or target really is: pronouns, titles and nationality words resolved to names.

Reports name a party once and then lean on it: "Haftar ... he met Shoigu", "the field marshal
visited Moscow", "the carrier sailed into port", "Russian jets". An event whose actor is "He" or
"field marshal" cannot be joined with the same event told by another report, so each argument is
resolved here, inside one report, before grouping:

- a personal pronoun ("he", "him", "his") goes to the nearest earlier person named in the report,
  preferring the subject of the nearest sentence that names one (the topic usually stays put);
- a definite title or vessel description ("the field marshal", "the Russian leader", "the carrier")
  goes to the nearest earlier name written with that title ("field marshal Haftar", "aircraft carrier
  Admiral Kuznetsov"), or with a related one (a leader is a president or prime minister);
- a nationality adjective heading the argument or modifying a collective noun ("Russian jets",
  "the Egyptian air force") stands for its country (the gazetteer's demonyms);
- every party also gets an affiliation: the country its noun phrase ties it to ("Russian President
  Vladimir Putin" -> Russia), carried by any later mention of the same name, so that grouping can treat
  "Putin" and "Russia" as compatible actors;
- an argument that is neither a name nor a noun for a party ("the request", "details", "his main
  objective") is dropped: an unknown actor is better than a wrong one.

The same rule as the attribution resolver (nearest earlier compatible referent), applied to event
arguments rather than sources.
"""

from __future__ import annotations

from dataclasses import dataclass

_PERSONAL = frozenset("he him his she her himself herself".split())
_DROPPED_PRONOUNS = frozenset("it its they them their we us our i me my you your who whom whose which that "
                              "this these those one itself themselves".split())
_NAMED = frozenset({"person", "organisation", "military_unit", "ship", "base", "place", "outlet"})
# role nouns that stand for one named person
TITLES = frozenset(
    "leader president premier minister chancellor king prince emir sheikh general marshal commander chief "
    "secretary spokesman spokeswoman spokesperson envoy ambassador governor mayor head colonel admiral "
    "strongman ruler dictator monarch official adviser advisor diplomat lawmaker senator".split()
)
# titles that may stand for one another when a report varies its wording
_RELATED = {
    "leader": {"president", "premier", "chancellor", "king", "prince", "emir", "ruler", "strongman", "monarch",
               "commander", "chief", "head", "minister"},
    "strongman": {"general", "marshal", "commander", "leader", "ruler"},
    "general": {"marshal", "commander"},
    "marshal": {"general", "commander"},
    "commander": {"general", "marshal", "admiral", "colonel"},
    "head": {"chief", "leader", "president", "minister", "secretary"},
    "chief": {"head", "commander"},
}
# nouns for parties: groups, forces, institutions, places acted on; a common-noun argument needs one of
# these (or a name or nationality inside it) to count as a party
PARTY_NOUNS = TITLES | frozenset(
    "government army militia militiaman force troop soldier fighter rebel insurgent jihadist terrorist "
    "group coalition alliance ally partner side party faction opposition regime administration ministry "
    "cabinet parliament authority authorities police guard navy marine unit brigade battalion division "
    "squadron fleet carrier warship ship vessel frigate submarine destroyer jet plane aircraft warplane "
    "bomber helicopter drone convoy delegation mission team state country nation neighbour neighbor power "
    "people civilian resident villager protester demonstrator worker student journalist personnel staff "
    "company firm bank town city village port base airport airbase camp stronghold redoubt position "
    "target facility terminal field refinery capital region province border outpost garrison member "
    "crew pilot mercenary contractor adviser advisor instructor commando paratrooper elite agency service "
    "court council committee board embassy consulate supporter backer sponsor patron client proxy".split()
)
# nouns standing for a whole country when modified by its nationality ("Russian jets" -> Russia)
_COLLECTIVE = frozenset(
    "government army force troop soldier navy marine unit jet plane aircraft warplane bomber helicopter "
    "drone ship warship vessel carrier military authority authorities side delegation official diplomat "
    "state regime administration ministry".split()
)


@dataclass(frozen=True)
class Party:
    """A resolved argument: the text to show, where it is written, and the country it belongs to."""

    text: str
    start: int
    end: int
    affiliation: str | None = None


class Referents:
    """The named parties of one report, in order, to resolve event arguments against."""

    def __init__(self, doc, mentions, places=(), gazetteer=None) -> None:
        self._doc = doc
        self._mentions = sorted((m for m in mentions if m.kind in _NAMED), key=lambda m: (m.start, m.end))
        self._nationalities = [m for m in mentions if m.kind == "nationality"]
        self._places = list(places)
        self._gazetteer = gazetteer
        self._country_cache: dict[str, str | None] = {}
        self._descriptors = {(m.start, m.end): self._describe(m) for m in self._mentions}
        self._affiliation_of_name: dict[str, str] = {}
        for m in self._mentions:
            aff = self._descriptors[(m.start, m.end)][1]
            if aff and m.kind in ("person", "military_unit", "ship"):
                for key in _name_keys(m.text):
                    self._affiliation_of_name.setdefault(key, aff)

    # --- public -------------------------------------------------------------------------------------

    def resolve(self, token, text: str, start: int, end: int) -> Party | None:
        """The party an argument headed by ``token`` (read as ``text`` at ``start:end``) stands for."""
        lower = token.lower_
        if token.pos_ == "PRON" or lower in _PERSONAL or lower in _DROPPED_PRONOUNS:
            if lower in _PERSONAL:
                found = self._antecedent_person(token.idx)
                return self._party(found) if found is not None else None
            return None
        mention = self._mention_at(token)
        if mention is not None and mention.kind != "nationality":
            return self._party(mention)
        country = self._nationality_country(token)
        lemma = token.lemma_.lower()
        if token.ent_type_ == "NORP" or (mention is not None and mention.kind == "nationality"):
            if lemma not in PARTY_NOUNS and country:  # "Russian", "the Egyptians"
                return self._country_party(country, text, start, end)
        if lemma in TITLES and not _plural(token):
            named = self._named_inside(token)  # "the leader of the group, field marshal Khalifa Haftar"
            if named is None and token.dep_ == "appos":  # "Haftar, a Libyan military leader who ..."
                named = next((m for m in self._mentions if m.kind == "person"
                              and m.start <= token.head.idx < m.end), None)
            if named is not None:
                return self._party(named, country)
            found = self._antecedent_titled(token, lemma, country) if _definite(token) else None
            if found is not None:
                return self._party(found, country)
        if lemma in {"carrier", "ship", "vessel", "warship", "frigate", "submarine", "destroyer", "cruiser"} \
                and _definite(token):
            found = self._antecedent_titled(token, lemma, country, kinds=("ship", "military_unit", "person"))
            if found is not None:
                return self._party(found)
        if country and lemma in _COLLECTIVE:
            return self._country_party(country, text, start, end)
        if token.pos_ == "PROPN" or lemma in PARTY_NOUNS or self._has_name(token):
            return Party(text, start, end, country)
        return None

    # --- antecedents --------------------------------------------------------------------------------

    def _antecedent_person(self, offset: int):
        """The nearest earlier person: in the nearest sentence naming one, its subject if it has one."""
        people = [m for m in self._mentions if m.kind == "person" and m.end <= offset]
        if not people:
            return None
        sents = list(self._doc.sents)
        current = next((i for i, s in enumerate(sents) if s.start_char <= offset < s.end_char), len(sents) - 1)
        for i in range(current, max(-1, current - 4), -1):
            sent = sents[i]
            inside = [m for m in people if sent.start_char <= m.start < sent.end_char]
            if not inside:
                continue
            subjects = [m for m in inside if self._is_subject(m)]
            return subjects[-1] if subjects and i == current else (subjects or inside)[0]
        return None

    def _antecedent_titled(self, token, lemma: str, country: str | None, kinds=("person",)):
        """The nearest earlier name written with this title (or a related one), of a compatible country."""
        related = {lemma} | _RELATED.get(lemma, set())
        best_related = None
        for m in reversed(self._mentions):
            if m.end > token.idx or m.kind not in kinds:
                continue
            words, aff = self._descriptors[(m.start, m.end)]
            if country and aff and aff != country:
                continue
            if any(_same_word(lemma, w) for w in words):
                return m
            if best_related is None and any(_same_word(r, w) for r in related for w in words):
                best_related = m
        return best_related

    def _named_inside(self, token):
        """A person named in the title's own phrase, after it ("the Syrian President, Bashar al-Assad")."""
        lo, hi = token.idx, token.right_edge.idx + len(token.right_edge.text)
        people = [m for m in self._mentions if m.kind == "person" and lo <= m.start and m.end <= hi]
        if people:
            return people[0]
        # an apposition the parser hung elsewhere: "the leader of the group, field marshal Haftar, has ..."
        doc = self._doc
        comma = token.right_edge.i if token.right_edge.text == "," else token.right_edge.i + 1
        if comma + 1 < len(doc) and doc[comma].text == ",":
            after = doc[comma + 1].idx
            for m in self._mentions:
                if m.kind == "person" and after <= m.start < after + 40:
                    head = self._head_of(m)
                    if head is not None and (head.dep_ == "appos" or
                                             (head.head == token.head and head.dep_ == token.dep_)):
                        return m
                    break
        return None

    def _is_subject(self, mention) -> bool:
        head = self._head_of(mention)
        return head is not None and (head.dep_ in ("nsubj", "nsubjpass", "poss") or
                                     head.head.dep_ in ("nsubj", "nsubjpass") and head.dep_ == "appos")

    # --- description of names -----------------------------------------------------------------------

    def _describe(self, mention) -> tuple[frozenset[str], str | None]:
        """The role words written with a name ("field marshal", "aircraft carrier", "a Libyan military
        leader") and the country they tie it to."""
        head = self._head_of(mention)
        if head is None:
            return frozenset(), None
        words: set[str] = set()
        country = None
        near = [c for c in head.children if c.dep_ in ("compound", "amod", "appos", "nmod")]
        if head.dep_ == "compound" and head.head.pos_ == "NOUN" or head.dep_ == "appos":  # "the carrier, Admiral Kuznetsov"
            near.append(head.head)
        for word in near:
            for t in [word] + [c for c in word.children if c.dep_ in ("amod", "compound", "nmod", "poss")
                               or word.dep_ == "appos" or word == head.head]:
                if mention.start <= t.idx < mention.end and not any(_same_word(x, t.lower_) for x in TITLES):
                    country = country or self._country_of_word(t)  # "Russian President Vladimir Putin"
                    continue  # the name itself; a title written inside it ("Field Marshall X") still counts
                if t.pos_ in ("NOUN", "PROPN", "ADJ"):
                    words.add(t.lemma_.lower())
                country = country or self._country_of_word(t)
        return frozenset(words), country

    def _head_of(self, mention):
        span = self._doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _mention_at(self, token):
        inside = [m for m in self._mentions + self._nationalities if m.start <= token.idx < m.end]
        if inside:
            return min(inside, key=lambda m: m.end - m.start)
        return None

    def _has_name(self, token) -> bool:
        return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") for t in token.subtree
                   if t.i <= token.i)

    def _party(self, mention, country: str | None = None) -> Party:
        aff = self._descriptors.get((mention.start, mention.end), (None, None))[1] or country
        if aff is None:
            for key in _name_keys(mention.text):
                aff = aff or self._affiliation_of_name.get(key)
        if mention.kind == "place":
            aff = aff or self._country_name(mention.text, by_name=True)
        return Party(mention.text, mention.start, mention.end, aff)

    def _country_party(self, country: str, text: str, start: int, end: int) -> Party:
        """A nationality phrase as its country: the country's own name where the report writes it (its
        offsets then point there, as a resolved pronoun's do), else the phrase with the country attached."""
        written = [p for p in self._places if p.text == country]
        if written:
            best = min(written, key=lambda p: (p.start > start, abs(p.start - start)))
            return Party(best.text, best.start, best.end, country)
        return Party(text, start, end, country)

    # --- countries ----------------------------------------------------------------------------------

    def _nationality_country(self, token) -> str | None:
        """The country a nationality word in the argument's noun phrase points to."""
        for t in [token] + [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]:
            country = self._country_of_word(t)
            if country:
                return country
        return None

    def _country_of_word(self, token) -> str | None:
        if token.ent_type_ != "NORP" and not any(m.start <= token.idx < m.end for m in self._nationalities):
            return None
        return self._country_name(token.text)

    def _country_name(self, word: str, by_name: bool = False) -> str | None:
        """A country as this report writes it ("Russia", not the gazetteer's "Russian Federation")."""
        key = ("n:" if by_name else "d:") + word
        if key in self._country_cache:
            return self._country_cache[key]
        found = None
        gazetteer = self._gazetteer
        if gazetteer is not None:
            try:
                if by_name:
                    place = next((p for p in self._places if p.text == word and p.country_code), None)
                    if place is not None and place.precision == "country":
                        found = word
                else:
                    cand = gazetteer.demonym(word)
                    if cand is not None:
                        written = [p.text for p in self._places if p.gazetteer_id == cand.id]
                        found = min(written, key=len) if written else _short_name(gazetteer, word, cand)
            except Exception:  # a missing gazetteer costs the country, not the event
                found = None
        self._country_cache[key] = found
        return found


def _short_name(gazetteer, word: str, cand) -> str:
    """The everyday name of a country from its adjective ("Russian" -> "Russia", "Syrian" -> "Syria"),
    when the gazetteer knows that name for the same entry; else the gazetteer's formal name."""
    for cut in (1, 2, 3):
        form = word[:-cut]
        if len(form) >= 4 and any(c.id == cand.id for c in gazetteer.candidates(form)):
            return form
    return cand.name


def _name_keys(name: str) -> list[str]:
    words = [w for w in name.replace("\u2019s", "").replace("'s", "").split() if w[:1].isupper()]
    return [" ".join(words).lower(), words[-1].lower()] if words else []


def _same_word(title: str, word: str) -> bool:
    """Title words match across spelling variants ("marshal"/"marshall")."""
    return word == title or (len(title) >= 5 and (word.startswith(title) or title.startswith(word))
                             and abs(len(word) - len(title)) <= 1)


def _plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def _definite(token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) or any(
        c.dep_ == "poss" for c in token.children)
