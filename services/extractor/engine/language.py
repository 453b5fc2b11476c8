"""Cheap language identification from function words and script (the engine extracts English only)."""

from __future__ import annotations

import re
from collections import Counter

from .gazetteer import read_tsv

_WORD = re.compile(r"[^\W\d_]+")
# Lower-cased ASCII text (most news) has the same words faster: every byte that is no letter a-z becomes a
# space, then the bytes are split.
_NOT_LETTER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in read_tsv("language_stopwords.tsv")}
# Each function word with the languages that have it.
_LANGS_OF: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words:
        _LANGS_OF.setdefault(_w, []).append(_lang)
_LANGS_OF_BYTES = {w.encode(): langs for w, langs in _LANGS_OF.items()}


def detect(text: str) -> str | None:
    """ISO 639-1 code, 'und' for non-Latin scripts we do not tell apart, None when too little text."""
    sample = text[:4000].lower()
    ascii_only = sample.isascii()
    words = sample.encode("ascii").translate(_NOT_LETTER).split() if ascii_only else _WORD.findall(sample)
    if len(words) < 5:
        return None
    latin = len(words) if ascii_only else sum(1 for w in words if w[0] < "\u0250")
    if latin < len(words) / 2:
        first = next(w for w in words if w[0] >= "\u0250")[0]
        if "\u0600" <= first <= "\u06ff":
            return "ar"
        if "\u0400" <= first <= "\u04ff":
            return "ru"
        return "und"
    counts = Counter(words)
    langs_of = _LANGS_OF_BYTES if ascii_only else _LANGS_OF
    scores = dict.fromkeys(_STOPWORDS, 0)
    for w in counts.keys() & langs_of.keys():
        for lang in langs_of[w]:
            scores[lang] += counts[w]
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return None
    # English wins ties: short headlines share many words with other languages.
    return "en" if scores["en"] >= 0.8 * scores[best] else best
