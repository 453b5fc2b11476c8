"""Pure dedup decisions: fingerprints of article text, and what an article is given what the index holds.

Two layers. Exact copies (same normalised text, any URL or outlet) are found by the content-hash
claim. Near copies (syndicated wire copy under another headline, byline and boilerplate) are found
by MinHash over word shingles with LSH banding: an article is compared with the texts that share
at least one band with it, and is the same story when the estimated Jaccard similarity of its
shingles reaches SAME_STORY_SIMILARITY. A same-story article stating a fact no text of that
story stated before is an UPDATE and flows on: a casualty figure ("14 killed" -> "16 killed") or a
date (templated wire reports of two strikes on two days read alike). One whose facts were all
stated already by one text it matches (a copy, or a copy trimmed of its last paragraph) is a
DUPLICATE, counted on the story cluster and not sent downstream.
"""

from __future__ import annotations

import enum
import operator
import re
import struct
import unicodedata
from dataclasses import dataclass
from itertools import repeat

from rensa import RMinHash

from services.common.messages import Article, UniqueArticle

# 128 permutations: the estimate's standard error is <= 0.045 at any similarity.
NUM_PERM = 128
MINHASH_SEED = 20200115
# LSH over the first 48 values, 16 bands of 3 rows: a pair at similarity 0.5 shares a band with
# probability 0.88, at 0.6 with 0.98, at 0.3 with 0.35; the threshold below then decides on the
# full signature. 32 bands of 4 rows (all 128 values) draw nearly the same curve (0.87, 0.99,
# 0.23) with twice the index: each band is a Redis key to probe and to file (`make eval-dedup`:
# FA-KES copies recall 0.965 with 32 x 4, 0.958 with 16 x 3, precision 1.000 with both).
BANDS = 16
ROWS_PER_BAND = 3
# A band value is its rows' hash values in hex, as they are: exact, and one hex() of the whole
# signature (hashing each band down to 8 bytes cost a sixth of the fingerprint).
BAND_HEX_DIGITS = 8 * ROWS_PER_BAND
BAND_SLICES = tuple(slice(band * BAND_HEX_DIGITS, (band + 1) * BAND_HEX_DIGITS) for band in range(BANDS))
SHINGLE_WORDS = 3
# Set from data (`make eval-dedup`): syndicated copies of the FA-KES articles score 0.62-1.0,
# distinct articles, even about the same incident, at most 0.43; 0.5 sits in the gap.
SAME_STORY_SIMILARITY = 0.5
# Signatures are stored as the low 16 bits of each hash value (b-bit MinHash): a quarter of the
# memory, and a chance collision (1/65536) shifts the estimate by a negligible amount.
STORED_BITS_MASK = 0xFFFF
LOW_HALF_WORDS = struct.Struct(f"<{2 * NUM_PERM}H")
# A body shorter than this many words is not enough to tell stories apart; the headline joins it.
MIN_BODY_WORDS = 40

WORD = re.compile(r"[^\W_]+")
# Dropped inside words, so "Ma'arrat", "Ma‘arrat" and "Maarrat" are one word.
APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bb`\u00b4]")
# ASCII letters lower-cased, digits kept, every other byte a space: WORD's words of ASCII text.
ASCII_WORDS = bytes((c | 0x20 if chr(c).isalpha() else c) if chr(c).isalnum() else 0x20 for c in range(128)) + b" " * 128
COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "dozens": 12, "dozen": 12, "hundreds": 100,
}
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"})
FACT_WORDS = frozenset(NUMBER_WORDS) | WEEKDAYS | MONTHS
# Words that make a nearby number a casualty figure; stems, matched as word prefixes.
CASUALTY_STEMS = ("kill", "dead", "die", "death", "wound", "injur", "casualt", "toll", "victim", "bodies", "massacre")
FIGURE_WINDOW = 4  # words after a number that may name what it counts
TOLL_WINDOW = 3  # "the toll rose to 16": words between "toll" and its number


class Verdict(str, enum.Enum):
    UNIQUE = "unique"        # a story not seen in the window: new cluster, flows on
    UPDATE = "update"        # a known story with new facts (or a known URL with new text): flows on
    DUPLICATE = "duplicate"  # a copy of a known text: counted on its cluster, not sent on


def normalised_words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation, so typography and spelling marks don't count."""
    if text.isascii():  # most texts: one byte translation and a split, half the regex's time, same words
        return text.encode().translate(ASCII_WORDS, b"'`").decode().split()
    folded = COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", APOSTROPHES.sub("", text.casefold())))
    return WORD.findall(folded)


def shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    # Three staggered copies zipped and joined in C: a third of the time of slicing the list per shingle.
    return list(map(" ".join, zip(words, words[1:], words[2:])))


def stated_facts(words: list[str]) -> tuple[str, ...]:
    """What an update changes, sorted: casualty figures ("killed:14") and dates ("date:friday",
    "date:15 january", and "date:15 january 2019" when the year follows: a copy that drops the
    year still states nothing new, while the same day in another year is news). Boilerplate
    numbers (years on their own, phone numbers) are neither."""
    facts: set[str] = set()
    last = len(words) - 1
    # (`word < ":"` first: a digit-led word, before the dearer method call)
    for i in [i for i, word in enumerate(words) if word in FACT_WORDS or (word < ":" and word.isdigit())]:
        word = words[i]
        if word in WEEKDAYS:
            facts.add(f"date:{word}")
            continue
        before, after = words[i - 1] if i else "", words[i + 1] if i < last else ""
        if word in MONTHS:
            days = [w for w in (before, after) if w.isdigit() and 1 <= int(w) <= 31]
            facts.update(f"date:{int(day)} {word}" for day in days)
            year = next((w for w in words[i + 1:i + 3] if len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2100), None)
            if year:
                facts.update(f"date:{int(day)} {word} {year}" for day in days)
        elif len(word) <= 6 and before not in MONTHS and after not in MONTHS:
            # (longer digit runs are ids or phone numbers, and a number beside a month is a date)
            named = words[i + 1:i + 1 + FIGURE_WINDOW]
            if any(map(str.startswith, named, repeat(CASUALTY_STEMS))) or "toll" in words[max(0, i - TOLL_WINDOW):i]:
                facts.add(f"killed:{int(word) if word.isdigit() else NUMBER_WORDS[word]}")
    return tuple(sorted(facts))


@dataclass(frozen=True)
class Fingerprint:
    """What the index keeps of a text: its b-bit MinHash signature and the facts it states."""

    signature: tuple[int, ...]
    facts: tuple[str, ...]
    bands: tuple[str, ...]

    def similarity(self, other: "Fingerprint") -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        equal = sum(map(operator.eq, self.signature, other.signature)) / NUM_PERM
        chance = 1 / (STORED_BITS_MASK + 1)
        return max(0.0, (equal - chance) / (1 - chance))


def fingerprint_text(title: str, body: str) -> Fingerprint:
    body_words = normalised_words(body)
    words = body_words if len(body_words) >= MIN_BODY_WORDS else normalised_words(title) + body_words
    minhash = RMinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    minhash.update(shingles(words) or [""])
    packed = struct.pack(f"<{NUM_PERM}I", *minhash.digest())
    rows = packed.hex()
    bands = tuple(map(rows.__getitem__, BAND_SLICES))
    # The low 16 bits of each little-endian 32-bit value are its first half-word.
    signature = LOW_HALF_WORDS.unpack(packed)[::2]
    return Fingerprint(signature, stated_facts(words), bands)


def fingerprint(article: Article) -> Fingerprint:
    return fingerprint_text(article.title, article.body)


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    """The decision the index makes for a pair: a shared LSH band and similarity over the threshold."""
    return bool(set(a.bands) & set(b.bands)) and a.similarity(b) >= SAME_STORY_SIMILARITY


@dataclass(frozen=True)
class ContentClaim:
    """Who first published a content hash: the article id and the source offset that carried it."""

    article_id: str
    token: str
    version: int


@dataclass(frozen=True)
class IndexedText:
    """A text the near-duplicate index holds, with the story cluster it was put in."""

    article_id: str
    cluster_id: str
    fingerprint: Fingerprint
    cluster_facts: frozenset[str]  # every fact the cluster's texts stated so far


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    cluster_id: str
    unique: UniqueArticle | None = None
    # The texts this decision adds to the index (UNIQUE and UPDATE only): what later copies match.
    indexes_text: bool = False


def decide_near(
    article: Article, claim: ContentClaim, mine: Fingerprint, candidates: list[IndexedText],
) -> Decision:
    """The verdict for a text this message owns, given the indexed texts sharing a band with it."""
    versioned = article if article.version == claim.version else article.model_copy(update={"version": claim.version})
    scored = [(c.fingerprint.similarity(mine), c) for c in candidates]
    same_url = [c for _, c in scored if c.article_id == article.id]
    matches = sorted((pair for pair in scored if pair[0] >= SAME_STORY_SIMILARITY), key=lambda pair: -pair[0])
    if same_url:
        # The publisher changed its own article: always a new version, whatever changed.
        cluster = same_url[0].cluster_id
        return Decision(Verdict.UPDATE, cluster, UniqueArticle(article=versioned, cluster_id=cluster), True)
    if not matches:
        return Decision(Verdict.UNIQUE, article.id, UniqueArticle(article=versioned, cluster_id=article.id), True)
    best = matches[0][1]
    # A copy states nothing that one same-story text it matches did not state. Judged against
    # single texts, not the story's accumulated facts: templated reports of different strikes
    # (other town, day and toll) chain into one story, whose union of facts would swallow a new
    # report whose toll and date each happened to appear somewhere in it.
    if any(set(mine.facts) <= set(text.fingerprint.facts) for _, text in matches):
        return Decision(Verdict.DUPLICATE, best.cluster_id)
    return Decision(Verdict.UPDATE, best.cluster_id, UniqueArticle(article=versioned, cluster_id=best.cluster_id), True)
