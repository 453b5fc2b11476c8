"""The actor list (data/actors.tsv) as the matcher reads it."""

from __future__ import annotations

import re

import pytest

from services.extractor.engine import actors
from services.extractor.engine.gazetteer import gazetteer, read_tsv
from services.extractor.engine.textnorm import lower_same_length



def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b (?:c|d)" -> "a", "b (?:c|d)")."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return out + [pattern[start:]]


# Aliases written as plain words (no regular-expression syntax), with the name their row gives.
_PLAIN = re.compile(r"[\w' -]+")
_ALIASES = [(alias, row[1]) for row in read_tsv("actors.tsv") for alias in _alternatives(row[0]) if _PLAIN.fullmatch(alias)]


@pytest.mark.parametrize("alias, name", _ALIASES)
def test_every_alias_is_read_as_its_own_actor(alias, name):
    # The matcher takes the first row whose alias matches where a name begins: a longer name listed after a shorter
    # one it begins with ("Islamic State West Africa Province" after "Islamic State") would never be found.
    text = f"On Monday, {alias} fighters were reported in the area."
    found = actors.find(text, lower_same_length(text), gazetteer())
    assert [(m.text.lower(), m.template) for m in found if m.start == 11] == [(alias.lower(), name)]
