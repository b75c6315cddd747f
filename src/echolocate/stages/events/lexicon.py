"""Which words start an event, and of which PLOVER type: our own lemma lists.

Plain verbs map straight to a type (``VERBS``); a few verbs depend on what they
govern ("send troops to a port" moves forces, "send arms to a militia" is aid;
"strike a deal" is an agreement, "strike a convoy" an attack) and are decided in
``classify.py``. Event nouns (``NOUNS``) let nominal events count: "Haftar's visit",
"the deployment of troops". ``GOODS`` says which kind of aid an object is, after
PLOVER's AID modes. Priors are how sure a word alone makes us (0..1).
"""

from __future__ import annotations

# lemma -> (category, subtype, prior)
VERBS: dict[str, tuple[str, str | None, float]] = {}


def _add(table: dict, category: str, words: str, subtype: str | None = None, prior: float = 0.8) -> None:
    for word in words.split():
        table[word.replace("_", " ")] = (category, subtype, prior)


_add(VERBS, "CONSULT", "meet discuss negotiate consult confer talk")
_add(VERBS, "CONSULT", "visit host", "visit")
_add(VERBS, "CONSULT", "phone telephone", "phone")
_add(VERBS, "AGREE", "sign ratify conclude", prior=0.7)
_add(VERBS, "SUPPORT", "support back endorse praise commend welcome recognise recognize approve", prior=0.6)
_add(VERBS, "CONCEDE", "concede apologise apologize pardon", prior=0.7)
_add(VERBS, "COOPERATE", "cooperate collaborate", prior=0.7)
_add(VERBS, "AID", "arm equip train", "military", 0.7)
_add(VERBS, "AID", "fund finance bankroll lend", "economic", 0.7)
_add(VERBS, "AID", "aid assist", prior=0.6)
_add(VERBS, "RETREAT", "withdraw retreat evacuate", "withdraw")
_add(VERBS, "RETREAT", "release free", "release", 0.6)
_add(VERBS, "RETREAT", "resign", "resign")
_add(VERBS, "RETREAT", "disarm", "disarm")
_add(VERBS, "REQUEST", "ask request urge demand appeal petition")
_add(VERBS, "ACCUSE", "accuse blame condemn criticise criticize denounce sue investigate probe")
_add(VERBS, "REJECT", "reject refuse decline veto rebuff oppose", prior=0.7)
_add(VERBS, "THREATEN", "threaten", prior=0.9)
_add(VERBS, "THREATEN", "warn", prior=0.5)
_add(VERBS, "PROTEST", "protest demonstrate rally", prior=0.7)
_add(VERBS, "SANCTION", "sanction embargo boycott expel", prior=0.8)
_add(VERBS, "MOBILIZE", "deploy station mobilise mobilize reinforce reposition dispatch", prior=0.8)
_add(VERBS, "COERCE", "arrest detain seize raid jail imprison kidnap abduct deport confiscate", prior=0.8)
_add(VERBS, "ASSAULT", "attack bomb shell kill shoot invade storm ambush assault besiege occupy bombard airstrike")
_add(VERBS, "ASSAULT", "fight clash capture", prior=0.6)
_add(VERBS, "ASSAULT", "intervene", prior=0.5)

# verbs whose type depends on their object (see classify.py)
GIVING = frozenset("supply deliver provide give sell ship transfer donate grant".split())
OFFERING = frozenset("offer promise pledge".split())
SENDING = frozenset("send".split())
TRAVEL = frozenset("travel fly arrive head go come land".split())
# movements that only forces and vessels make ("the carrier sailed into the port", "the frigate docked at");
# with a destination they put forces in place: PLOVER codes shows of military presence as MOBILIZE
MOVES = frozenset("sail steam dock berth anchor moor cruise patrol".split())

# nouns: lemma -> (category, subtype, prior)
NOUNS: dict[str, tuple[str, str | None, float]] = {}
_add(NOUNS, "CONSULT", "meeting summit negotiation consultation conversation talk")
_add(NOUNS, "CONSULT", "visit trip tour", "visit")
_add(NOUNS, "AGREE", "agreement deal accord treaty pact memorandum ceasefire truce", prior=0.7)
_add(NOUNS, "AGREE", "proposal", prior=0.5)
_add(NOUNS, "SUPPORT", "recognition endorsement", prior=0.6)
_add(NOUNS, "COOPERATE", "cooperation partnership", prior=0.5)
_add(NOUNS, "AID", "aid assistance delivery shipment supply donation loan funding sale", prior=0.6)
_add(NOUNS, "RETREAT", "withdrawal pullout retreat evacuation", "withdraw")
_add(NOUNS, "RETREAT", "resignation", "resign")
_add(NOUNS, "REQUEST", "request appeal demand", prior=0.6)
_add(NOUNS, "ACCUSE", "accusation condemnation criticism investigation probe lawsuit", prior=0.6)
_add(NOUNS, "REJECT", "rejection refusal veto", prior=0.7)
_add(NOUNS, "THREATEN", "threat ultimatum", prior=0.7)
_add(NOUNS, "PROTEST", "protest demonstration rally sit-in", prior=0.7)
_add(NOUNS, "SANCTION", "sanction embargo boycott expulsion", prior=0.8)
_add(NOUNS, "MOBILIZE", "deployment build-up buildup reinforcement mobilisation mobilization", prior=0.8)
_add(NOUNS, "MOBILIZE", "landing", prior=0.5)
# where forces arrive: a movement to one of these is a deployment even without a named place
HARBOURS = frozenset("port harbour harbor base airbase airfield airport coast shore waters dock naval".split())
_add(NOUNS, "COERCE", "arrest detention crackdown seizure", prior=0.7)
_add(NOUNS, "ASSAULT", "attack strike airstrike bombing bombardment shelling raid offensive assault invasion "
                       "ambush clash battle killing massacre", prior=0.8)
_add(NOUNS, "ASSAULT", "intervention fighting", prior=0.5)

# what an object of giving is: lemma -> AID mode
GOODS: dict[str, str] = {}
for _word in ("weapon arm ammunition munition jet fighter aircraft plane warplane helicopter drone tank missile "
              "rocket artillery troop soldier adviser advisor instructor mercenary warship frigate submarine "
              "armament gun rifle bomber vehicle equipment hardware personnel force unit").split():
    GOODS[_word] = "military"
for _word in "money fund loan credit grant cash investment dollar euro financing subsidy".split():
    GOODS[_word] = "economic"
for _word in "food medicine relief tent shelter blanket vaccine water ration".split():
    GOODS[_word] = "humanitarian"
GOODS["asylum"] = "asylum"
GOODS["refuge"] = "asylum"
# general help whose mode comes from its modifiers ("air support", "financial aid")
HELP = frozenset("support aid assistance help backing supply delivery shipment sale".split())
MODIFIER_MODES: dict[str, str] = {}
for _word in "military air naval arms defence defense security armed weapons militarily".split():
    MODIFIER_MODES[_word] = "military"
for _word in "economic financial budget budgetary monetary economically financially".split():
    MODIFIER_MODES[_word] = "economic"
for _word in "humanitarian medical relief food".split():
    MODIFIER_MODES[_word] = "humanitarian"

# troops and ships that "send" moves rather than gives
FORCES = frozenset("troop soldier force unit warship frigate ship fleet carrier submarine battalion brigade "
                   "squadron jet aircraft warplane bomber destroyer cruiser corvette vessel flotilla navy marine "
                   "commando paratrooper plane helicopter drone convoy contingent detachment".split())
# objects that make "establish/build/open" a deployment and "cut/sever/suspend" a sanction
BASES = frozenset("base outpost garrison airbase".split())
TIES = frozenset("tie relation relations aid cooperation talk contact".split())
DEALS = frozenset("deal agreement accord bargain".split())
LIFTABLE = frozenset("sanction embargo curfew siege restriction blockade ban".split())

# verbs that carry a noun event without adding a type of their own ("hold talks", "carry out strikes")
LIGHT = frozenset("hold conduct carry launch make pay stage mount begin start reach seal have undertake "
                  "perform open resume continue step up intensify".split())

# mode governors: a trigger under one of these is not (yet) a fact
OFFER_GOVERNORS = frozenset("offer propose promise pledge invite".split())
REQUEST_GOVERNORS = frozenset("ask request urge demand appeal call press petition".split())
PLAN_GOVERNORS = frozenset(
    "plan intend prepare aim want seek hope expect schedule set decide agree vow consider mull weigh mean "
    "attempt try plot threaten".split()
)
PLAN_ADJECTIVES = frozenset("willing ready prepared poised due set determined eager keen".split())
DENY_GOVERNORS = frozenset("deny refute dismiss refuse reject rule".split())
HYPOTHETICAL_AUX = frozenset("could would might may can".split())
FUTURE_AUX = frozenset("will shall 'll wo".split())
CONDITION_MARKS = frozenset("if unless whether".split())
NOUN_MODE_WORDS: dict[str, str] = {
    "planned": "planned", "upcoming": "planned", "future": "planned", "expected": "planned",
    "scheduled": "planned", "forthcoming": "planned", "proposed": "offered", "offered": "offered",
    "possible": "hypothetical", "potential": "hypothetical", "hypothetical": "hypothetical",
    "requested": "requested",
}
# object control: in "asked Russia to send jets" Russia is the one who would send
OBJECT_CONTROL = frozenset("ask urge request call invite order persuade press allow help encourage push".split())
