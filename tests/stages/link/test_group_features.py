"""The words claim grouping compares: a number meets its unit however the two are written."""

from __future__ import annotations

import pytest

from echolocate.stages.link.group_features import words


@pytest.mark.parametrize(("text", "expected"), [
    ("a base 700km from the coast", ["a", "base", "700", "km", "from", "the", "coast"]),
    ("a base 700 km from the coast", ["a", "base", "700", "km", "from", "the", "coast"]),
    ("a $2.5bn loan", ["a", "2.5", "bn", "loan"]),
    ("1,200t of grain", ["1,200", "t", "of", "grain"]),
    ("the 2nd and 21st days", ["the", "2nd", "and", "21st", "days"]),  # ordinals stay whole
    ("G20 leaders flew F16s", ["g20", "leaders", "flew", "f16s"]),  # names with digits stay whole
])
def test_group_features_words_split_a_number_from_its_unit(text, expected):
    assert words(text) == expected
