"""Cited sources (data/sources.tsv): aliases of monitors, agencies and wires -> canonical short names.

Also home of AliasMatcher, the dictionary matcher shared with actors and triggers: phrase alternatives
run case-sensitively over the lower-cased text (several times faster than re.IGNORECASE) and acronyms
(AP, SOHR, IS) run over the original text, so "is" and "ap" in prose are never taken.
"""

from __future__ import annotations

import re

from .gazetteer import read_tsv
from .scan import Dialects, Prefiltered, prefixes


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
    the same matches as scanning every position, several times faster. At such a place, only the aliases
    whose beginnings agree with the text's next characters are tried (see _dispatch)."""

    def __init__(self, aliases: list[str], boundary: str = r"(?<![\w-])", end: str = r"(?![\w-])") -> None:
        phrase, acro = [], []
        # Per alias row, its phrase alternatives (lower-cased), each with an id in pattern order.
        self._alts: list[tuple[int, list[tuple[int, str]]]] = []
        self._trie: dict = {}  # the alternatives' beginnings, character by character (scan.prefixes fragments)
        self._always: set[int] = set()  # alternatives that may begin with anything
        n = 0
        for i, alias in enumerate(aliases):
            alts = split_top(alias)
            p = [a for a in alts if not _ACRONYM.fullmatch(a)]
            c = [a for a in alts if _ACRONYM.fullmatch(a)]
            if p:
                phrase.append(f"(?P<a{i}>{'|'.join(a.lower() for a in p)})")
                row = []
                for a in p:
                    row.append((n, a.lower()))
                    self._add_beginnings(n, a.lower())
                    n += 1
                self._alts.append((i, row))
            if c:
                acro.append(f"(?P<a{i}>{'|'.join(c)})")
        self.phrase = Prefiltered(re.compile(boundary + r"(?=\w)(?:" + "|".join(phrase) + ")" + end),
                                  length=_KEY, word_start=True, dispatch=self._dispatch) if phrase else None
        self._boundary, self._end = boundary, end
        self._by_key: dict[str, Dialects | None] = {}
        self._by_ids: dict[frozenset, Dialects | None] = {}
        # (acronyms begin with a capital: a search for their beginnings stops at few places, fewer than a search
        # for a non-word character followed by one; the pattern's own boundary then checks the word start)
        self.acro = Prefiltered(re.compile(boundary + r"(?:" + "|".join(acro) + ")" + end),
                                length=8, lower=False) if acro else None

    def _add_beginnings(self, n: int, alt: str) -> None:
        length = _KEY
        while True:
            try:
                found = prefixes(alt, 0, length, lower=True)
                break
            except ValueError:  # too many beginnings of that length: fewer characters of each
                length -= 1
        for seq in found:
            if not seq:
                self._always.add(n)
                continue
            node = self._trie
            for frag in seq:
                node = node.setdefault(frag, {})
            node.setdefault("", set()).add(n)  # a beginning ends here (anything may follow)

    def _dispatch(self, low: str, begin: int) -> Dialects | None:
        """The pattern of only the alternatives that can begin with the text's next characters (and its ASCII twin,
        each compiled on first use): a hit tries a few branches instead of every alias that shares its first letter. The same
        matches: an alternative whose beginning disagrees with the text could not match there."""
        key = low[begin:begin + _KEY]
        try:
            return self._by_key[key]
        except KeyError:
            pass
        ids = set(self._always)
        nodes = [self._trie]
        for ch in key:
            frags = [re.escape(ch)]
            if _DIGIT.match(ch):
                frags.append(r"\d")
            if _SPACE.match(ch):
                frags.append(r"\s")
            nodes = [child for node in nodes for f in frags if (child := node.get(f)) is not None]
            for node in nodes:
                ids.update(node.get("", ()))
            if not nodes:
                break
        ids = frozenset(ids)
        try:
            pat = self._by_ids[ids]
        except KeyError:
            groups = []
            for i, row in self._alts:
                kept = [a for n, a in row if n in ids]
                if kept:
                    groups.append(f"(?P<a{i}>{'|'.join(kept)})")
            pat = Dialects(self._boundary + r"(?=\w)(?:" + "|".join(groups) + ")" + self._end) if groups else None
            if len(self._by_ids) < 5000:
                self._by_ids[ids] = pat
        if len(self._by_key) >= 100_000:  # a long-running worker meets ever new words: start again
            self._by_key.clear()
        self._by_key[key] = pat
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


_KEY = 8  # characters of an alias's beginning the prefilter and the dispatch check
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")


_ROWS = read_tsv("sources.tsv")
_MATCHER = AliasMatcher([row[0] for row in _ROWS])


def find(text: str, low: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return [(s, e, _ROWS[i][1]) for s, e, i in _MATCHER.find(text, low, start, end)]
