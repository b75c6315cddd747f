"""The event types we code, after PLOVER (Halterman, Schrodt, Beger, Bagozzi, Scarborough, 2023:
"PLOVER and POLECAT: A New Political Event Ontology and Dataset"; codebook at
github.com/openeventdata/PLOVER).

Why PLOVER rather than CAMEO: sixteen broad types are easy for an analyst to hold in
mind and to filter on, and PLOVER separates *what* happened (the type) from *how*
(its mode, e.g. military vs economic aid) and from whether it happened at all (the
context: future, hypothetical, negated), which is exactly the distinction analysts
need between an arms offer and an arms delivery. The definitions below are our own
short paraphrases, written to guide the lexicon in ``lexicon.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One PLOVER event type: its name, its quadrant and what it covers, in our words."""

    name: str
    quad: str  # verbal cooperation | material cooperation | verbal conflict | material conflict
    definition: str
    subtypes: tuple[str, ...] = ()


CATEGORIES: dict[str, Category] = {
    c.name: c
    for c in (
        Category("AGREE", "verbal cooperation",
                 "A party says it will cooperate: agrees to, promises or commits to an arrangement, "
                 "including signing or undertaking to sign an accord."),
        Category("CONSULT", "verbal cooperation",
                 "Parties meet or talk: visits and hosting, talks, negotiations, calls. The visitor is "
                 "the actor and the host the target.",
                 ("visit", "third-party", "multilateral", "phone")),
        Category("SUPPORT", "verbal cooperation",
                 "Non-material backing: praise, endorsement, recognition, opening or improving "
                 "diplomatic relations."),
        Category("CONCEDE", "verbal cooperation",
                 "A verbal concession without immediate material effect: announcing an easing, an "
                 "amnesty, a ceasefire or a withdrawal still to come, or apologising."),
        Category("COOPERATE", "material cooperation",
                 "Mutual material cooperation that benefits both sides: joint exercises, trade, "
                 "sharing intelligence, judicial cooperation."),
        Category("AID", "material cooperation",
                 "Material help that mostly benefits the recipient: weapons, troops or advisers, money "
                 "or loans, relief supplies, asylum.",
                 ("military", "economic", "humanitarian", "asylum")),
        Category("RETREAT", "material cooperation",
                 "A concession carried out: pulling forces back, releasing captives, returning "
                 "property, disarming, letting observers in, resigning.",
                 ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign")),
        Category("REQUEST", "verbal conflict",
                 "A party asks, urges or demands that another act (called DEMAND in earlier drafts of "
                 "the codebook); shares AID's modes when help is asked for.",
                 ("military", "economic", "humanitarian", "asylum")),
        Category("ACCUSE", "verbal conflict",
                 "Criticism, blame, allegation, condemnation, lawsuits and investigations directed "
                 "at someone."),
        Category("REJECT", "verbal conflict",
                 "A party refuses or turns down a proposal, a request or a demand."),
        Category("THREATEN", "verbal conflict",
                 "A warning of harmful action (force, sanctions, cutting ties) if the target does "
                 "not comply."),
        Category("PROTEST", "material conflict",
                 "Collective public dissent: demonstrations, rallies, strikes, sit-ins."),
        Category("SANCTION", "material conflict",
                 "Cutting or reducing ties as a penalty: sanctions, embargoes, expelling diplomats, "
                 "suspending aid or relations."),
        Category("MOBILIZE", "material conflict",
                 "Putting forces in place or on alert without using them: deployments, "
                 "reinforcements, moving warships or aircraft, stationing troops at a base."),
        Category("COERCE", "material conflict",
                 "Force short of armed attack against people or property: arrests, detentions, "
                 "seizures, raids, curfews, expulsions of people."),
        Category("ASSAULT", "material conflict",
                 "Use of armed force or physical violence: air strikes, shelling, bombing, attacks, "
                 "killings, capturing territory."),
    )
}

AID_SUBTYPES = ("military", "economic", "humanitarian", "asylum")
