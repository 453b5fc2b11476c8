"""Cheap language identification from function words and script (the engine extracts English only)."""

from __future__ import annotations

import re
from collections import Counter

from .gazetteer import read_tsv

_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in read_tsv("language_stopwords.tsv")}


def detect(text: str) -> str | None:
    """ISO 639-1 code, 'und' for non-Latin scripts we do not tell apart, None when too little text."""
    sample = text[:4000]
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return None
    latin = sum(1 for w in words if w[0] < "\u0250")
    if latin < len(words) / 2:
        first = next(w for w in words if w[0] >= "\u0250")[0]
        if "\u0600" <= first <= "\u06ff":
            return "ar"
        if "\u0400" <= first <= "\u04ff":
            return "ru"
        return "und"
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return None
    # English wins ties: short headlines share many words with other languages.
    return "en" if scores["en"] >= 0.8 * scores[best] else best
