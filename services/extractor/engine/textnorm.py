"""Folding of names for gazetteer look-ups: diacritics, ayn marks, Arabic articles, spelling variants."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ı": "i", "ß": "ss", "đ": "d", "Đ": "d",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ħ": "h", "Ħ": "h"})
# Apostrophes, ayn/hamza marks and similar letters that transliterations use or drop at will.
_MARKS = re.compile(r"['’‘`´ʿʾʻʼ\u02bf\u02be]")
_SEP = re.compile(r"[\s\-‐‑–—_.,/()]+")
_NON_ASCII = re.compile(r"[^a-z0-9 ]")
# Arabic definite article in its assimilated and dialectal spellings (ad-Dawr, as-Suwayda, el-Fasher...).
ARTICLES = frozenset("al el il ul an ar as ash ad at ath adh az ez en er es ed et esh".split())
_LOOSE_SUBS = [
    (re.compile(r"kh"), "k"), (re.compile(r"q"), "k"), (re.compile(r"gh"), "g"), (re.compile(r"dh"), "d"),
    (re.compile(r"th"), "t"), (re.compile(r"sh"), "s"), (re.compile(r"dj"), "j"), (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"), (re.compile(r"c"), "k"), (re.compile(r"w"), "u"),
    (re.compile(r"(.)\1+"), r"\1"), (re.compile(r"[aeiouy]+"), "a"),
]
# A final 'h' after a vowel is written or dropped at will ("Hamah"/"Hama", "Salah al-Din"/"Sala al-Din"):
# dropped from every word, before the words are joined.
_FINAL_H = re.compile(r"(?<=[aeiouyw])h\b")


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few letters ('İ') lower to two characters: keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def fold(text: str) -> str:
    """Lower-case ASCII with separators collapsed to single spaces; non-Latin letters are dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _MARKS.sub("", text.lower())
    text = _SEP.sub(" ", text)
    return _NON_ASCII.sub("", text).strip()


def strict_key(text: str) -> str:
    """Folded name with every form of the Arabic article written 'al' (not as the last word)."""
    tokens = fold(text).split()
    if not tokens:
        return ""
    out = [("al" if tok in ARTICLES and i < len(tokens) - 1 else tok) for i, tok in enumerate(tokens)]
    # "alNuman" glued forms are left alone; "al" standing alone first stays, so "Al Qaim" == "al-Qaim".
    return " ".join(out)


def loose_key(strict: str) -> str:
    """Spelling skeleton: no articles or spaces, no final h after a vowel, doubled letters single, vowel runs one
    'a', kh/q/k one letter."""
    text = "".join(tok for tok in _FINAL_H.sub("", strict).split() if tok != "al")
    for pattern, repl in _LOOSE_SUBS:
        text = pattern.sub(repl, text)
    return text


def is_latin_key(key: str) -> bool:
    return bool(key) and not _NON_ASCII.search(key)
