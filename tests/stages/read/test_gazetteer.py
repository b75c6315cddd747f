"""The packaged gazetteer: names, alternate spellings, countries, demonyms, the cache file."""

from __future__ import annotations

import pytest

from echolocate.stages.read.gazetteer import Candidate, Gazetteer, haversine_km, name_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ţubruq", "tubruq"),
        ("U.S.", "us"),
        ("U. S.", "us"),
        ("Al-Jufra", "al jufra"),
        ("  New   York ", "new york"),
        ("Côte d’Ivoire", "cote divoire"),
    ],
)
def test_name_key_folds_accents_case_and_punctuation(text, key):
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("name", "country", "feature", "lat", "lon"),
    [
        ("Tobruk", "LY", "PPL", 32.08, 23.96),
        ("Tubruq", "LY", "PPL", 32.08, 23.96),  # alternate spelling
        ("Benghazi", "LY", "PPL", 32.11, 20.07),
        ("Banghazi", "LY", None, 32.0, 20.1),  # alternate spelling: the city or its district
        ("Libya", "LY", "PCLI", 27.0, 17.0),
        ("Latakia", "SY", "PPL", 35.53, 35.79),
        ("Moscow", "RU", "PPLC", 55.75, 37.62),
        ("Texas", "US", "ADM1", 31.25, -99.25),
        ("Incirlik", "TR", "AIRB", 37.0, 35.43),  # an air base, from the airport list
        ("U.S.", "US", "PCLI", 39.0, -98.0),
    ],
)
def test_gazetteer_candidates_include_the_known_place(gazetteer, name, country, feature, lat, lon):
    found = gazetteer.candidates(name)
    assert found, name
    assert all(isinstance(c, Candidate) for c in found)
    close = [c for c in found if c.country_code == country and haversine_km(c.lat, c.lon, lat, lon) < 250]
    assert close, [(c.name, c.country_code, c.lat, c.lon) for c in found[:5]]
    if feature:
        assert any(c.feature_code == feature for c in close)


def test_gazetteer_candidates_carry_geonames_ids(gazetteer):
    tobruk = gazetteer.candidates("Tobruk")[0]
    assert tobruk.id.startswith("geonames:") and tobruk.id.split(":")[1].isdigit()
    assert tobruk.population > 100_000 and tobruk.feature_class == "P"


def test_gazetteer_candidates_of_ambiguous_name_most_populous_first(gazetteer):
    found = gazetteer.candidates("Paris")
    assert len(found) > 5
    assert found[0].country_code == "FR"
    assert {"FR", "US"} <= {c.country_code for c in found}
    assert [c.population for c in found] == sorted((c.population for c in found), reverse=True)


@pytest.mark.parametrize("name", ["", "Xqzzyvillezzz", "   "])
def test_gazetteer_candidates_empty_for_unknown_names(gazetteer, name):
    assert gazetteer.candidates(name) == []


@pytest.mark.parametrize(("word", "country"), [("Libyan", "LY"), ("Russian", "RU"), ("American", "US"), ("British", "GB")])
def test_gazetteer_demonym_points_to_the_country(gazetteer, word, country):
    found = gazetteer.demonym(word)
    assert found is not None and found.country_code == country and found.feature_code == "PCLI"


def test_gazetteer_country_and_admin1_lookups(gazetteer):
    assert gazetteer.country("LY").name == "Libya"
    texas = gazetteer.admin1("US", "TX")
    assert texas is not None and texas.name == "Texas"
    assert gazetteer.country("ZZ") is None


def test_gazetteer_load_is_cached_per_process(gazetteer):
    assert Gazetteer.load() is Gazetteer.load()
