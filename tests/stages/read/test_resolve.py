"""Resolution across reports: normalisation, spelling variants, partial names, blocks, aliases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echolocate.errors import InputError
from echolocate.stages.read.resolve import resolve_entities
from echolocate.stages.read.resolve_aliases import load_alias_file
from echolocate.stages.read.resolve_match import block_keys, word_variant, words_match
from echolocate.stages.read.resolve_normalise import normalise_name, skeleton, translit_key
from echolocate.stages.read.types import Mention


def m(text: str, kind: str = "person", start: int = 0) -> Mention:
    return Mention(start=start, end=start + len(text), text=text, kind=kind, label="TEST",
                   normalised=normalise_name(text, kind))


def same_entity(reports: dict[str, list[Mention]], a: tuple[str, int], b: tuple[str, int], aliases=None) -> bool:
    _, mapping = resolve_entities(reports, aliases)
    return mapping[a] == mapping[b]


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("The Kremlin's", "organisation", "kremlin"),
        ("Gen. Khalifa Haftar", "person", "khalifa haftar"),
        ("Field Marshal Khalifa Haftar’s", "person", "khalifa haftar"),
        ("President Vladimir Putin", "person", "vladimir putin"),
        ("Zürich", "place", "zurich"),
        ("  the   United  Nations. ", "organisation", "united nations"),
        ("Abdel-Fattah el-Sisi", "person", "abdel fattah el sisi"),
        ("General", "person", "general"),  # never empties a name
        ("President Hotel", "organisation", "president hotel"),  # titles only dropped for people
        ("Arcade Joseph Comeaux Jr.", "person", "arcade joseph comeaux"),
        ("Eric Allen Kirkpatrick, 61", "person", "eric allen kirkpatrick"),
    ],
)
def test_normalise_name_cases(text, kind, key):
    assert normalise_name(text, kind) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [("Haftar", "Hafter"), ("Shoigu", "Shoygu"), ("Kuznetsov", "Kusnetzev"), ("Libya", "Lybia"),
     ("Khalifa", "Halifa"), ("Mohammed", "Muhammad"), ("Sergei", "Sergey"), ("Gaddafi", "Qaddafi"),
     ("Djibouti", "Jibouti"), ("Chechnya", "Chechnia")],
)
def test_word_variant_transliteration_pairs(a, b):
    a, b = a.lower(), b.lower()
    assert word_variant(a, b) and word_variant(b, a)
    assert set(block_keys(a)) & set(block_keys(b)), "variants must share a block"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Haftar", "Hafez"), ("Austria", "Australia"), ("Rome", "Rima"), ("Iran", "Iraq"),
     ("Shoigu", "Shaikh"), ("Putin", "Patton"), ("Mali", "Malta")],
)
def test_word_variant_rejects_different_names(a, b):
    assert not word_variant(a.lower(), b.lower())


def test_translit_and_skeleton_keys():
    assert translit_key("shoygu") == translit_key("shoigu")
    assert skeleton("haftar") == skeleton("hafter") == "hftr"


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [("Khalifa Haftar", "Khalifa Hafter", "person"), ("Sergei Shoigu", "Sergey Shoygu", "person"),
     ("Admiral Kuznetsov", "Admiral Kusnetzev", "ship"), ("Libya", "Lybia", "place")],
)
def test_resolve_spelling_pairs_merge_across_reports(a, b, kind):
    reports = {
        "r1": [m(a, kind), m("Cairo", "place", 50), m("Moscow", "place", 90)],
        "r2": [m(b, kind), m("Moscow", "place", 40)],
    }
    entities, mapping = resolve_entities(reports)
    assert mapping[("r1", 0)] == mapping[("r2", 0)]
    entity = next(e for e in entities if e.id == mapping[("r1", 0)])
    assert set(entity.aliases) == {a, b}
    assert entity.kind == kind


def test_resolve_person_never_merges_with_place_of_same_name():
    reports = {"r1": [m("Jordan", "person")], "r2": [m("Jordan", "place")]}
    assert not same_entity(reports, ("r1", 0), ("r2", 0))


def test_resolve_nationality_and_country_stay_apart():
    reports = {"r1": [m("Russia", "place"), m("Russian", "nationality", 20)]}
    assert not same_entity(reports, ("r1", 0), ("r1", 1))


def test_resolve_dominant_kind_absorbs_ner_noise():
    reports = {f"r{i}": [m("Omar Haddad"), m("Haddad", start=40)] for i in range(4)}
    reports["r9"] = [m("Haddad", "place")]
    assert same_entity(reports, ("r0", 0), ("r9", 0))


def test_resolve_partial_names_join_unique_full_name():
    reports = {
        "r1": [m("Khalifa Haftar"), m("General Haftar", start=30)],
        "r2": [m("Haftar")],
        "r3": [m("Gen. Khalifa Haftar")],
    }
    entities, mapping = resolve_entities(reports)
    ids = {mapping[k] for k in [("r1", 0), ("r1", 1), ("r2", 0), ("r3", 0)]}
    assert len(ids) == 1
    entity = next(e for e in entities if e.id in ids)
    assert entity.name == "Khalifa Haftar"  # most frequent full form
    assert entity.mentions == 4


def test_resolve_ambiguous_surname_stays_alone():
    reports = {"r1": [m("Ann Smith")], "r2": [m("John Smith")], "r3": [m("Smith")]}
    _, mapping = resolve_entities(reports)
    assert mapping[("r3", 0)] not in {mapping[("r1", 0)], mapping[("r2", 0)]}
    assert mapping[("r1", 0)] != mapping[("r2", 0)]


def test_resolve_surname_prefers_full_name_in_same_report():
    reports = {"r1": [m("Ann Smith"), m("Smith", start=30)], "r2": [m("John Smith"), m("Smith", start=30)]}
    _, mapping = resolve_entities(reports)
    assert mapping[("r1", 1)] == mapping[("r1", 0)]
    assert mapping[("r2", 1)] == mapping[("r2", 0)]
    assert mapping[("r1", 0)] != mapping[("r2", 0)]


def test_resolve_similar_names_side_by_side_are_two_people():
    reports = {"r1": [m("Paul Allen", start=0), m("Paul Allan", start=20)]}
    assert not same_entity(reports, ("r1", 0), ("r1", 1))


def test_resolve_similar_names_with_disjoint_context_are_two_people():
    reports = {
        "r1": [m("Paul Allen"), m("Seattle", "place", 30), m("Microsoft", "organisation", 50), m("Portland", "place", 80)],
        "r2": [m("Paul Allan"), m("Glasgow", "place", 30), m("Celtic", "organisation", 50), m("Aberdeen", "place", 80)],
    }
    assert not same_entity(reports, ("r1", 0), ("r2", 0))


def test_resolve_similar_names_with_shared_context_merge():
    reports = {
        "r1": [m("Paul Allen"), m("Seattle", "place", 30), m("Microsoft", "organisation", 50)],
        "r2": [m("Paul Allan"), m("Seattle", "place", 30), m("Microsoft", "organisation", 50)],
    }
    assert same_entity(reports, ("r1", 0), ("r2", 0))


def test_resolve_different_names_do_not_merge():
    reports = {"r1": [m("Iran", "place")], "r2": [m("Iraq", "place")], "r3": [m("Austria", "place")],
               "r4": [m("Australia", "place")]}
    entities, _ = resolve_entities(reports)
    assert len(entities) == 4


def test_resolve_ids_are_stable_and_content_derived():
    reports = {"a": [m("Khalifa Haftar"), m("Tripoli", "place", 30)], "b": [m("Hafter")]}
    first = resolve_entities(reports)
    again = resolve_entities(dict(reversed(list(reports.items()))))
    assert first[1] == again[1]
    assert {e.id for e in first[0]} == {e.id for e in again[0]}
    assert all(e.id.startswith("ent:") for e in first[0])


def test_resolve_aliases_merge_and_name_the_entity():
    reports = {"r1": [m("Khalifa Haftar")], "r2": [m("The Marshal")]}
    assert not same_entity(reports, ("r1", 0), ("r2", 0))
    entities, mapping = resolve_entities(reports, {"The Marshal": "Khalifa Haftar"})
    assert mapping[("r1", 0)] == mapping[("r2", 0)]
    assert next(e for e in entities if e.id == mapping[("r1", 0)]).name == "Khalifa Haftar"


def test_resolve_blocking_handles_many_distinct_names():
    # 3,000 distinct two-word names over 1,000 reports: must finish quickly and merge nothing wrongly
    first = ["ann", "bob", "cyd", "dan", "eve", "fay", "gil", "hal", "ivo", "jon"]
    reports = {}
    for r in range(1000):
        reports[f"r{r}"] = [m(f"{first[(r + k) % 10].title()} Name{r * 3 + k:05d}", start=k * 40) for k in range(3)]
    entities, mapping = resolve_entities(reports)
    assert len(entities) == 3000
    assert len(mapping) == 3000


@pytest.mark.parametrize(
    ("short", "long_", "family", "expected"),
    [("dirk kempthorne", "dirk a kempthorne", "person", True),
     ("luann johnson", "luann marie johnson", "person", True),
     ("dirk kempthorne", "dirk a kempthorne", "organisation", False),
     ("ann smith", "john paul smith", "person", False)],
)
def test_words_match_middle_names(short, long_, family, expected):
    assert words_match(short, long_, family) is expected
    assert words_match(long_, short, family) is expected


def test_resolve_acronym_joins_unique_long_form():
    reports = {"r1": [m("Libyan National Army", "organisation")], "r2": [m("LNA", "organisation")],
               "r3": [m("lna", "organisation")]}
    _, mapping = resolve_entities(reports)
    assert mapping[("r1", 0)] == mapping[("r2", 0)]


def test_resolve_acronym_with_two_long_forms_stays_alone():
    reports = {"r1": [m("National Army", "organisation")], "r2": [m("Naval Academy", "organisation")],
               "r3": [m("NA", "organisation")]}
    _, mapping = resolve_entities(reports)
    assert mapping[("r3", 0)] not in {mapping[("r1", 0)], mapping[("r2", 0)]}


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_word_variant_is_symmetric(a, b):
    assert word_variant(a, b) == word_variant(b, a)
    assert word_variant(a, a)


def test_words_match_initials_for_people():
    assert words_match("v putin", "vladimir putin", "person")
    assert not words_match("v putin", "vladimir putin", "place")


def test_load_alias_file_toml_and_csv(tmp_path: Path):
    toml = tmp_path / "aliases.toml"
    toml.write_text('[aliases]\n"Hafter" = "Khalifa Haftar"\n', encoding="utf-8")
    assert load_alias_file(toml) == {"Hafter": "Khalifa Haftar"}
    csv = tmp_path / "aliases.csv"
    csv.write_text("alias,canonical\nHafter,Khalifa Haftar\n# comment\n\nShoygu,Sergei Shoigu\n", encoding="utf-8")
    assert load_alias_file(csv) == {"Hafter": "Khalifa Haftar", "Shoygu": "Sergei Shoigu"}


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("a.toml", "[aliases\n", "not valid TOML"),
        ("a.toml", "x = 1\n", "no [aliases] table"),
        ("a.toml", '[aliases]\n"Hafter" = 3\n', "must be text"),
        ("a.csv", "Hafter,Khalifa Haftar,extra\n", "line 1"),
        ("a.csv", "Hafter,\n", "empty"),
        ("a.json", "{}", ".toml or .csv"),
    ],
)
def test_load_alias_file_errors_name_the_problem(tmp_path: Path, name, content, needle):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_alias_file(path)
    assert needle in str(err.value)
    assert err.value.hint


def test_load_alias_file_missing(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        load_alias_file(tmp_path / "nope.toml")


def _eval_module():
    import importlib.util

    path = Path(__file__).resolve().parents[3] / "eval" / "entity_resolution.py"
    spec = importlib.util.spec_from_file_location("entity_resolution_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_resolve_quality_floor_on_ecbplus_subset():
    er = _eval_module()
    if not er.DATA.is_dir():
        pytest.skip("../shared/datasets/ecbplus is absent")
    result = er.run(topics=["1", "2", "3"])
    named = result["named"]
    # measured 81.0 / 75.1 on these topics when written; floors leave room for small changes
    assert named["echolocate"]["conll_f1"] >= 77.0
    assert named["echolocate"]["conll_f1"] > named["exact"]["conll_f1"]
    assert named["echolocate"]["b3"]["p"] >= 94.0
    variation = result["variation"]
    assert variation["positives"] >= 50
    assert variation["precision"] >= 95.0
    assert variation["recall"] >= 85.0


def test_eval_metrics_on_hand_made_clusters():
    er = _eval_module()
    key = [{1, 2, 3}, {4, 5}]
    assert er.muc(key, key)[2] == 1.0
    assert er.b_cubed(key, key)[2] == 1.0
    p, r, _ = er.b_cubed(key, [{1, 2, 3, 4, 5}])
    assert r == 1.0 and p < 1.0
    p, r, _ = er.muc(key, [{1}, {2}, {3}, {4}, {5}])
    assert r == 0.0
