"""Sentence splitting with character offsets into the original text (markup masked, offsets kept)."""

from __future__ import annotations

import re

from .scan import C0_SEPARATORS, Dialects

_MARKUP = re.compile(r"<[^<>\n]{0,300}>")
# Sentence ends, "[.!?]+[\"”’')\]]*(?=\s)|\n", written to begin with one character class: the regex engine then
# skips in C every position that is no stop or newline (an alternation at the top is tried at each).
_BOUNDARY = Dialects(re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"”’')\]]*(?=\s))"))
_WORD_DOT = Dialects(re.compile(r"([\w.]+)\.$"))  # the word a full stop ends ("Gen.", "U.S.")
_NEXT_CHAR = Dialects(re.compile(r"\s*(.)"))
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt sgt capt maj st no jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.n u.k e.g i.e vs approx gov rep sen prof inc ltd co corp brig adm cpl pte rev mt ft".split()
)


def mask_markup(text: str) -> str:
    """Blank out HTML-like tags with spaces of the same length, so offsets stay valid; and the C0 separators, which
    Unicode patterns take for spaces, so that the ASCII twins of patterns (scan.ascii_twin) read the text alike."""
    text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    # (four substring tests cost a third of one regex scan, and news almost never has any of them)
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        text = C0_SEPARATORS.sub(" ", text)
    return text


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; text[start:end] has no surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    boundary, word_dot, next_char = _BOUNDARY.of(text), _WORD_DOT.of(text), _NEXT_CHAR.of(text)
    for m in boundary.finditer(text):
        end = m.end()
        if m.group(0) != "\n":
            word = word_dot.search(text, max(start, m.start() - 12), m.start() + 1)
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            nxt = next_char.match(text, end, end + 20)
            if nxt and not (nxt.group(1).isupper() or nxt.group(1).isdigit() or nxt.group(1) in "\"“‘'("):
                continue
        _add(text, start, end, spans)
        start = end
    if start < n:
        _add(text, start, n, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
