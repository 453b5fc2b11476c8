"""Cited sources (data/sources.tsv): aliases of monitors, agencies and wires -> canonical short names.

Also home of AliasMatcher, the dictionary matcher shared with actors and triggers: phrase alternatives
run case-sensitively over the lower-cased text (several times faster than re.IGNORECASE) and acronyms
(AP, SOHR, IS) run over the original text, so "is" and "ap" in prose are never taken.
"""

from __future__ import annotations

import re

from .gazetteer import read_tsv
from .scan import Prefiltered, first_chars


def split_top(pattern: str) -> list[str]:
    """Split a regex on its top-level '|' (not inside groups)."""
    out, depth, cur = [], 0, ""
    for ch in pattern:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


_ACRONYM = re.compile(r"[A-Z][A-Z\-]{1,7}")


class AliasMatcher:
    """Find any of a list of alias regexes; returns (start, end, row) with row the alias's list index.

    Both regexes are tried only where a word begins with what an alias can begin with (scan.Prefiltered):
    the same matches as scanning every position, several times faster."""

    def __init__(self, aliases: list[str], boundary: str = r"(?<![\w-])", end: str = r"(?![\w-])") -> None:
        phrase, acro = [], []
        self._alts: list[tuple[int, list[tuple[str, set[str] | None]]]] = []
        for i, alias in enumerate(aliases):
            alts = split_top(alias)
            p = [a for a in alts if not _ACRONYM.fullmatch(a)]
            c = [a for a in alts if _ACRONYM.fullmatch(a)]
            if p:
                phrase.append(f"(?P<a{i}>{'|'.join(a.lower() for a in p)})")
                self._alts.append((i, [(a.lower(), first_chars(a.lower())) for a in p]))
            if c:
                acro.append(f"(?P<a{i}>{'|'.join(c)})")
        self.phrase = Prefiltered(re.compile(boundary + r"(?=\w)(?:" + "|".join(phrase) + ")" + end),
                                  length=8, word_start=True, by_first=self._by_first) if phrase else None
        # Per first character, the aliases that can begin with it (compiled on first use): a hit tries a few
        # dozen branches instead of every alias.
        self._boundary, self._end = boundary, end
        self._first: dict[str, re.Pattern | None] = {}
        self.acro = Prefiltered(re.compile(boundary + r"(?:" + "|".join(acro) + ")" + end),
                                length=8, lower=False, word_start=True) if acro else None

    def _by_first(self, ch: str) -> re.Pattern | None:
        try:
            return self._first[ch]
        except KeyError:
            groups = []
            for i, alts in self._alts:
                kept = [a for a, first in alts if first is None or ch in first]
                if kept:
                    groups.append(f"(?P<a{i}>{'|'.join(kept)})")
            pat = re.compile(self._boundary + r"(?=\w)(?:" + "|".join(groups) + ")" + self._end) if groups else None
            self._first[ch] = pat
            return pat

    def find(self, text: str, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """Aliases in text[start:end] (one sentence, or the whole text)."""
        out = []
        if self.phrase is not None:
            out.extend((m.start(), m.end(), int(m.lastgroup[1:])) for m in self.phrase.finditer(low, low, start, end))
        if self.acro is not None:
            out.extend((m.start(), m.end(), int(m.lastgroup[1:])) for m in self.acro.finditer(text, text, start, end))
        out.sort()
        return out


_ROWS = read_tsv("sources.tsv")
_MATCHER = AliasMatcher([row[0] for row in _ROWS])


def find(text: str, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return [(s, e, _ROWS[i][1]) for s, e, i in _MATCHER.find(text, low, start, end)]
