"""ReliabilityTable: loading CSV and TOML, letters and numbers, clear errors, lookups by origin."""

import pytest

from echolocate.errors import ConfigError
from echolocate.stages.assess.reliability import ReliabilityTable, parse_rating
from echolocate.stages.link.claim_types import Origin


@pytest.mark.parametrize("value, rating", [("A", 1.0), ("b", 0.8), ("E", 0.2), ("F", None), ("0.35", 0.35),
                                           (1, 1.0), (0.0, 0.0)])
def test_parse_rating_reads_letters_and_numbers(value, rating):
    assert parse_rating(value) == rating


@pytest.mark.parametrize("value", ["G", "1.5", "-0.1", "high", True])
def test_parse_rating_rejects_bad_values(value):
    with pytest.raises(ValueError):
        parse_rating(value)


def test_reliability_table_load_csv_with_header_comments_and_notes(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("outlet,rating,note\n# analyst notes\nDEBKAfile,D,\"single-sourced, often unconfirmed\"\n"
                    "Harbour Gazette,0.9\n", encoding="utf-8")
    table = ReliabilityTable.load(path)
    assert table.rating_of("www.debka.com") == 0.4
    assert table.entry("Debka").note == "single-sourced, often unconfirmed"
    assert table.rating_of("Harbour Gazette") == 0.9
    assert table.rating_of("Unknown Courier") is None


def test_reliability_table_load_toml_both_shapes(tmp_path):
    path = tmp_path / "ratings.toml"
    path.write_text('[outlets]\n"DEBKAfile" = {rating = "D", note = "unconfirmed"}\n"Alpha Post" = 0.7\n\n'
                    '[[outlet]]\nname = "Beta Gazette"\nrating = "B"\n', encoding="utf-8")
    table = ReliabilityTable.load(path)
    assert (table.rating_of("Debka"), table.rating_of("Alpha Post"), table.rating_of("Beta Gazette")) == \
        (0.4, 0.7, 0.8)


@pytest.mark.parametrize("suffix, text, fragment", [
    (".csv", "outlet,rating\nAlpha Post,0.5\nBeta Gazette,excellent\n", ":3: rating 'excellent'"),
    (".csv", "outlet,rating\nAlpha Post\n", ":2: expected an outlet and a rating"),
    (".csv", "outlet,rating\nAlpha Post,7\n", ":2: rating 7 is outside 0..1"),
    (".toml", '[outlets]\n"Alpha" = {note = "x"}\n', "outlet 'Alpha' has no rating"),
    (".toml", "[outlets\n", "ratings.toml"),
])
def test_reliability_table_load_errors_name_the_bad_line(tmp_path, suffix, text, fragment):
    path = tmp_path / f"ratings{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        ReliabilityTable.load(path)
    assert fragment in str(info.value)
    assert "hint:" in str(info.value)


def test_reliability_table_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read reliability table"):
        ReliabilityTable.load(tmp_path / "absent.csv")


def test_reliability_table_rating_of_origin_uses_key_for_anonymous_sources():
    table = ReliabilityTable.from_rows([("DEBKAfile", 0.3, "")])
    anonymous = Origin("military sources (cited by DEBKAfile)", "anonymous", "debka")
    assert table.rating_of(anonymous) == 0.3


def test_reliability_table_csv_round_trip(tmp_path):
    table = ReliabilityTable.from_rows([("Alpha Post", 0.7, "fine, mostly"), ("Beta Gazette", "F", "")])
    path = tmp_path / "out.csv"
    path.write_text(table.to_csv(), encoding="utf-8")
    assert ReliabilityTable.load(path) == table


def test_reliability_table_with_rating_returns_edited_copy():
    table = ReliabilityTable.from_rows([("Alpha Post", 0.7)])
    edited = table.with_rating("alpha post", 0.1, "retracted twice")
    assert (table.rating_of("Alpha Post"), edited.rating_of("Alpha Post")) == (0.7, 0.1)
