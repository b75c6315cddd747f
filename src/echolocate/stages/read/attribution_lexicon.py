"""Word lists for attribution: cue verbs and the nouns that tell what kind of source is cited.

Kept apart from the logic so they can be read, argued about and extended in one place.
They are general English news vocabulary (verbs of saying and believing, nouns for
newspapers, documents, officials), never names of particular outlets or people.
"""

from __future__ import annotations

# Verbs of saying, writing and showing, by the stance they give the reported content.
NEUTRAL_CUES = frozenset(
    {
        "say", "report", "tell", "state", "add", "write", "note", "explain", "announce", "describe",
        "clarify", "indicate", "stress", "emphasize", "emphasise", "mention", "comment", "remark",
        "reply", "respond", "answer", "testify", "declare", "tweet", "post", "publish", "broadcast",
        "suggest", "predict", "estimate", "argue", "warn", "insist", "recall", "hint", "inform",
        "brief", "maintain", "contend", "forecast", "promise", "pledge", "vow", "threaten", "assure",
        "agree", "accuse", "charge", "continue", "quote", "cite", "read", "conclude", "observe",
        "caution", "complain", "boast", "concur", "propose", "recommend", "assert",
        "signal", "imply", "acknowledge", "concede", "point", "specify",
    }
)
# Verbs the reporter uses for something they take as established.
FACTIVE_CUES = frozenset({"confirm", "reveal", "disclose", "admit", "learn", "show", "find", "discover", "prove", "demonstrate", "verify"})
# Verbs that distance the reporter from what is said.
DOUBT_CUES = frozenset({"claim", "allege", "purport", "question", "doubt", "speculate", "contest"})
DENIAL_CUES = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict", "rebuff", "disprove"})
# Verbs of believing: the source holds the content as an opinion or expectation.
BELIEF_CUES = frozenset({"believe", "think", "fear", "hope", "expect", "consider", "feel", "suspect", "worry", "assume", "reckon", "guess", "assess", "judge", "know", "understand", "realize", "realise", "anticipate"})
CUE_VERBS = NEUTRAL_CUES | FACTIVE_CUES | DOUBT_CUES | DENIAL_CUES | BELIEF_CUES

# Cues that take their content as a direct object ("denied the report", "confirmed the deal").
OBJECT_CUES = frozenset(DENIAL_CUES | DOUBT_CUES | {"confirm", "reveal", "disclose", "admit", "announce", "predict", "acknowledge", "describe", "forecast", "concede"})
# Cues that take an infinitive as content ("claimed to have", "promised to").
INFINITIVE_CUES = frozenset({"claim", "promise", "pledge", "vow", "threaten", "deny", "purport", "agree", "propose"})
# Cues that only count with a quotation next to them ("the statement read: '...'").
QUOTE_ONLY_CUES = frozenset({"read", "continue", "add", "write", "tweet", "post"})
# A media organisation doing these is an outlet ("Izvestia reported").
MEDIA_VERBS = frozenset({"report", "write", "publish", "broadcast", "quote", "cite", "air", "carry", "run"})

OUTLET_NOUNS = frozenset(
    {
        "newspaper", "paper", "daily", "tabloid", "weekly", "magazine", "journal", "website", "site",
        "portal", "outlet", "channel", "broadcaster", "station", "radio", "television", "tv", "blog",
        "newsletter", "wire", "publication", "media", "press", "newswire", "network", "broadsheet",
        "agency",  # only an outlet with "news" or a media verb; see attribution_sources
    }
)
OUTLET_NAME_WORDS = frozenset(
    {
        "times", "post", "news", "daily", "agency", "tv", "radio", "journal", "herald", "gazette",
        "tribune", "telegraph", "observer", "express", "mirror", "press", "wire", "weekly", "magazine",
        "today", "insider", "monitor", "chronicle", "reporter", "examiner", "courier", "sun", "star",
        "globe", "guardian", "independent", "standard", "bulletin", "dispatch", "review", "newsweek",
        "broadcasting", "television", "channel", "network", "media", "online", "report",
    }
)
ANONYMOUS_NOUNS = frozenset({"source", "insider", "informant", "whistleblower", "people", "person", "someone", "somebody"})
# Roles that name no one unless a name comes with them.
ROLE_NOUNS = frozenset(
    {
        "official", "diplomat", "officer", "aide", "adviser", "advisor", "spokesman", "spokeswoman",
        "spokesperson", "representative", "envoy", "minister", "secretary", "president", "general",
        "commander", "chief", "director", "governor", "mayor", "senator", "lawmaker", "legislator",
        "ambassador", "premier", "chancellor", "colonel", "admiral", "leader", "head", "member",
        "staffer", "negotiator", "prosecutor", "judge", "congressman", "congresswoman", "candidate",
        "nominee", "strategist", "operative", "manager", "chairman", "chairwoman", "chair",
    }
)
PERSON_NOUNS = frozenset(
    {
        "expert", "analyst", "researcher", "scholar", "witness", "resident", "observer", "journalist",
        "reporter", "correspondent", "commentator", "professor", "lawyer", "attorney", "activist",
        "doctor", "man", "woman", "voter", "supporter", "critic", "pollster", "economist", "historian",
        "author", "writer", "editor", "columnist", "blogger", "veteran", "fighter", "soldier",
        "friend", "relative", "neighbour", "neighbor", "owner", "worker", "employee", "student",
    }
)
DOCUMENT_NOUNS = frozenset(
    {
        "statement", "report", "document", "letter", "memo", "memorandum", "study", "survey", "poll",
        "analysis", "assessment", "communique", "release", "transcript", "article", "footage", "video",
        "recording", "tweet", "message", "data", "record", "figure", "filing", "leak", "cable", "email",
        "scenario", "proposal", "estimate", "bulletin", "dossier", "decree", "resolution", "ruling",
        "order", "book", "story", "investigation", "review", "audit", "complaint", "lawsuit", "indictment",
        "testimony", "interview", "speech", "post", "piece", "editorial", "op-ed", "account", "claim",
        "briefing", "announcement", "notice", "text", "draft", "plan", "version", "survey", "note",
    }
)
ORG_NOUNS = frozenset(
    {
        "ministry", "government", "army", "military", "council", "committee", "party", "company",
        "firm", "department", "office", "administration", "parliament", "kremlin", "embassy", "court",
        "commission", "union", "alliance", "group", "coalition", "forces", "force", "command", "service",
        "police", "bank", "fund", "organisation", "organization", "institute", "university", "campaign",
        "team", "authority", "authorities", "cabinet", "state", "board", "movement", "militia",
        "agency", "senate", "congress", "house", "white", "pentagon", "navy", "staff", "corporation",
    }
)
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE_DETERMINERS = frozenset({"a", "an", "one", "some", "several", "two", "three", "four", "many", "few", "other", "another", "various", "numerous", "multiple", "senior", "unnamed", "anonymous"})
ANONYMITY_PHRASES = ("not to be named", "on condition of anonymity", "not authorized to", "not authorised to", "unnamed", "anonymous", "declined to be named", "familiar with")
