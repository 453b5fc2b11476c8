"""A faster scan with the same matches: a cheap prefilter finds where a big pattern can start.

The big alternations (dates, event triggers, actors, sources) tried at every position of an article cost
more than any other step. `Prefiltered(pattern).finditer(text, low)` yields exactly what
`pattern.finditer(text)` yields, but tries the pattern only where the lower-cased text shows one of the few
character sequences a match must begin with ("yes", "mar", "air"...), found by one nested regex that the
regex engine scans in C. Those sequences are read off the pattern's own parse tree, so the prefilter cannot
drift from the pattern. (Exact for any text whose letters lower-case to one letter each, as
textnorm.lower_same_length keeps them.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C  # noqa: N812 - the parser's op codes
from re import _parser

# The C0 information separators: whitespace to Unicode patterns, not to ASCII ones. The engine blanks them on
# entry (sentences.mask_markup), so that on its text a pattern and its ASCII twin always agree.
C0_SEPARATORS = re.compile("[\x1c-\x1f]")
_MAX_CLASS = 40  # character classes larger than this end the prefix instead of multiplying it
_MAX_PREFIXES = 3000
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s"}  # classes kept whole in a prefix


@lru_cache(maxsize=64)
def _parse(pattern: str, flags: int) -> tuple:
    """The parse tree, once per pattern (parsing a long pattern costs milliseconds; the walks do not modify it)."""
    return tuple(_parser.parse(pattern, flags))


def _class_members(items, fold) -> list[str] | None:
    """The characters of a parsed class, as regex fragments ("a", r"\\d"), or None when unbounded."""
    out: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(re.escape(fold(chr(av))))
        elif op is C.RANGE:
            if av[1] - av[0] > _MAX_CLASS:
                return None
            out.extend(re.escape(fold(chr(c))) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return sorted(set(out)) if len(out) <= _MAX_CLASS else None


def prefixes(pattern: str, flags: int = 0, length: int = 3, lower: bool = True) -> set[tuple[str, ...]]:
    """Every sequence of up to `length` characters (regex fragments, lower-cased if `lower`) a match can begin with.

    A sequence shorter than `length` means the match may go on with anything. Zero-width ops (\\b, look-arounds)
    are skipped, so the set is a necessary condition for a match, never a sufficient one."""
    if not lower and flags & re.IGNORECASE:
        raise ValueError("a case-insensitive pattern needs lower-cased prefixes")
    fold = str.lower if lower else str
    out: set[tuple[str, ...]] = set()

    def walk(seq: list, i: int, acc: tuple[str, ...]) -> None:
        if len(out) > _MAX_PREFIXES:
            raise ValueError("too many prefixes")
        if len(acc) >= length or i >= len(seq):
            out.add(acc)
            return
        op, av = seq[i]
        if op is C.LITERAL:
            walk(seq, i + 1, acc + (re.escape(fold(chr(av))),))
        elif op is C.IN:
            members = _class_members(av, fold)
            if members is None:
                out.add(acc)
                return
            for ch in members:
                walk(seq, i + 1, acc + (ch,))
        elif op is C.SUBPATTERN:
            walk(list(av[3]) + seq[i + 1:], 0, acc)
        elif op is C.BRANCH:
            for alt in av[1]:
                walk(list(alt) + seq[i + 1:], 0, acc)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            if lo == 0:
                walk(seq, i + 1, acc)
            if hi != 0:
                rest = [(op, (max(lo - 1, 0), hi if hi is C.MAXREPEAT else hi - 1, sub))] if hi != 1 else []
                walk(list(sub) + rest + seq[i + 1:], 0, acc)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            walk(seq, i + 1, acc)
        else:
            out.add(acc)

    walk(list(_parse(pattern, flags)), 0, ())
    return out


def first_chars(pattern: str, flags: int = 0) -> set[str] | None:
    """The lower-case characters a match of `pattern` can begin with, or None when that is not a small set."""
    out: set[str] = set()
    for seq in prefixes(pattern, flags, 1, True):
        if not seq:
            return None
        frag = seq[0]
        if frag == r"\d":
            out.update("0123456789")
        elif len(frag) == 1 or (len(frag) == 2 and frag[0] == "\\"):
            out.add(frag[-1])
        else:
            return None
    return out


def starts_words(pattern: str, flags: int = 0) -> bool:
    """Every match begins with \\b and a word character (each top-level alternative opens with \\b): the pattern
    matches only where a word begins (no word character before it), so a word-start prefilter may be used."""

    def opens_with_boundary(seq) -> bool:
        if not len(seq):
            return False
        op, av = seq[0]
        if op is C.AT:
            return av is C.AT_BOUNDARY
        if op is C.SUBPATTERN:
            return opens_with_boundary(av[3])
        if op is C.BRANCH:
            return all(opens_with_boundary(alt) for alt in av[1])
        return False

    if not opens_with_boundary(_parse(pattern, flags)):
        return False
    word = re.compile(r"\w")
    return all(seq and (seq[0] == r"\d" or len(seq[0]) == 1 and word.match(seq[0]))
               for seq in prefixes(pattern, flags, 1, lower=False))


def _trie(found: set[tuple[str, ...]]) -> str:
    """One regex for a set of fragment sequences, nested by shared beginnings ("a(?:bo|pr|ug)|..."): the
    regex engine then skips in C every position whose character begins none of them."""
    trie: dict = {}
    for seq in found:
        node = trie
        for frag in seq:
            node = node.setdefault(frag, {})
        node[""] = {}  # a sequence ends here: anything may follow

    def emit(node: dict, depth: int) -> str:
        if "" in node:
            return ""
        alts = [frag + emit(node[frag], depth + 1) for frag in sorted(node)]
        return alts[0] if len(alts) == 1 and depth else "(?:" + "|".join(alts) + ")"

    return emit(trie, 0)


def ascii_twin(pattern: re.Pattern) -> re.Pattern:
    """`pattern` compiled with re.ASCII. On ASCII text with no C0 separator it finds the same matches (\\w, \\b, \\d,
    \\s and case folding agree on ASCII characters), but tests a character class in a table instead of calling into
    Unicode's character database."""
    return _compile_ascii(pattern.pattern, pattern.flags)


def _compile_ascii(source: str, flags: int) -> re.Pattern:
    return re.compile(source, (flags & ~re.UNICODE) | re.ASCII)


class Dialects:
    """A pattern and its ASCII twin: `of(text)` is the one to run over `text` (str.isascii costs nothing: CPython keeps
    the answer in the string). Given compiled, as the rule modules' patterns are, the twin is compiled now (on import,
    so that warm_up covers it, not a worker's first articles) unless `later`; given as a source, as the patterns built
    on first use are, each is compiled when first run, so that one only ever run over ASCII text is compiled once.

    Callers write `X.of(s).search(s)`, naming the text twice: search, match... methods that pick for them cost 1.3-1.8%
    of the engine's instructions (a Python call more per search, 110,000 a pass over FA-KES)."""

    __slots__ = ("_source", "_flags", "_unicode", "_ascii")

    def __init__(self, pattern: re.Pattern | str, flags: int = 0, later: bool = False) -> None:
        compiled = isinstance(pattern, re.Pattern)
        self._source = pattern.pattern if compiled else pattern
        self._flags = pattern.flags if compiled else flags
        self._unicode: re.Pattern | None = pattern if compiled else None
        self._ascii: re.Pattern | None = _compile_ascii(self._source, self._flags) if compiled and not later else None

    @property
    def unicode(self) -> re.Pattern:
        if self._unicode is None:
            self._unicode = re.compile(self._source, self._flags)
        return self._unicode

    def of(self, text: str) -> re.Pattern:
        if not text.isascii():
            return self.unicode
        if self._ascii is None:
            self._ascii = _compile_ascii(self._source, self._flags)
        return self._ascii


class Prefiltered:
    """`pattern.finditer(text)`, trying the pattern only where the prefilter finds a possible start.

    With `lower` the prefilter runs over the lower-cased text (for case-insensitive patterns), else over the
    text itself. `word_start` says the pattern only matches where a word begins (it starts with a look-behind
    for no word character before it), which the prefilter then checks too. `length` is how many characters of
    a match's beginning the prefilter checks (fewer if the pattern has too many beginnings of that length)."""

    def __init__(self, pattern: re.Pattern, length: int = 3, lower: bool = True, word_start: bool = False,
                 dispatch=None) -> None:
        if pattern.match("") is not None:
            raise ValueError("a pattern that matches the empty string cannot be prefiltered")
        while True:
            try:
                found = prefixes(pattern.pattern, pattern.flags, length, lower)
                break
            except ValueError:
                if length <= 1:
                    raise
                length -= 1
        self.pattern = pattern
        self._patterns = Dialects(pattern, later=dispatch is not None)  # (with a dispatch, seldom run whole)
        # Optional: a function of (low, position of a hit) giving the Dialects of a pattern with only the alternatives
        # that can begin there (same matches, far fewer branches tried at each hit); None means the whole pattern.
        self.dispatch = dispatch
        self.word_start = word_start
        self.length = length  # the most characters of a beginning the prefilter reads (each fragment one or two)
        self.prefilter = None
        if () in found:  # a pattern that can start with anything gets no prefilter: plain finditer
            return
        if word_start:
            # A non-word character, then a beginning: the regex engine skips in C every letter that cannot be
            # that character, so only the few positions after a space or a mark are tried (the text's own first
            # word, with no character before it, is tried with a space put before it: _starts_text).
            self.prefilter = re.compile(r"\W" + _trie(found))
        else:
            self.prefilter = re.compile(_trie(found))
        self._prefilters = Dialects(self.prefilter)

    def _starts_text(self, prefilter: re.Pattern, low: str, end: int) -> bool:
        """The text's first word begins as a match can (the prefilter, after a space put before the text)."""
        return prefilter.match(" " + low[:min(end, 3 * self.length)]) is not None

    def search(self, text: str, low: str, pos: int = 0, end: int | None = None) -> re.Match | None:
        """`pattern.search(text, pos, end)`: the first match at or after pos. (The loop of finditer written out
        here too saved 0.1% of the engine's instructions: not worth a second copy.)"""
        return next(self.finditer(text, low, pos, end), None)

    def finditer(self, text: str, low: str, start: int = 0, end: int | None = None):
        """Matches in text[start:end]. `low` is `text` lower-cased with the same offsets
        (textnorm.lower_same_length), or `text` itself for a prefilter built with lower=False."""
        end = len(text) if end is None else end
        if self.prefilter is None:
            yield from self._patterns.of(text).finditer(text, start, end)
            return
        prefilter = self._prefilters.of(low)
        search, dispatch = prefilter.search, self.dispatch
        match = None if dispatch else self._patterns.of(text).match
        word_start = self.word_start
        at = start
        while True:
            if not word_start:
                hit = search(low, at, end)
                if hit is None:
                    return
                begin = hit.start()
            elif at == 0 and self._starts_text(prefilter, low, end):
                begin = 0
            else:  # from the character before `at`: a word that begins right at `at` is found too
                hit = search(low, at - 1 if at else 0, end)
                if hit is None:
                    return
                begin = hit.start() + 1
            if dispatch:
                m = (dispatch(low, begin) or self._patterns).of(text).match(text, begin, end)
            else:
                m = match(text, begin, end)
            if m is None:
                at = begin + 1
            else:
                yield m
                at = m.end()
