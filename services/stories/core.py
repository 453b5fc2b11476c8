"""Story level, pure: one story reported independently by several outlets, each in its own words.

Distinct from the copy detector (`services/dedup/core.py`). A copy (wire text under another
headline) is a DUPLICATE and is not sent on; an independent write-up of the same story is another
outlet's reporting with its own facts and flows on, and gets the story's id so that "how many
outlets carried it" counts it. Independent write-ups share almost no 3-word shingles, so this
level compares the words that carry a story instead: its story terms, the content words and
numbers of title and body (function words and words under three letters left out).

Similarity is the weighted Jaccard similarity of two texts' story terms, each term weighted by
its inverse document frequency in the window (log((N + 1) / (df + 1))): in a stream about one
war "Syria", "regime" and "killed" are in every text and weigh almost nothing, while a town, a
name or a figure of one story weighs most. Unweighted, texts of one week about one war share a
tenth of their terms whatever story they tell. Two texts are the same story at STORY_SIMILARITY
or above, a threshold set from data: the dev half of the SemEval 2022 task 8 English pairs
(`make eval-dedup` prints the threshold that half chooses and the figures of both halves).

Finding candidates at a similarity near 0.1 cannot use LSH bands (a band that catches 0.1 also
catches most texts about the same country). Instead a text is filed under its FILED_TERMS rarest
story terms that are not common (in at most COMMON_SHARE of the window's texts, or MIN_COMMON_DF), and
looks its story up by its ANCHORS rarest terms that some other text used as well: a story's own
names, places and figures. Each lookup reads at most ANCHORS short lists, and compares the
CANDIDATES texts those lists name most often, by the weight of the anchors that name them. Document frequencies
are counted by the caller over the same window as the index; this module only decides, given them.

Only texts of other outlets join a story here (`best_story`): one outlet's texts share its
boilerplate and templates and look alike whatever story they tell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from collections import Counter
from dataclasses import dataclass

from services.dedup.core import normalised_words

# Set from data: the best F0.5 on the dev half of the SemEval English pairs, 0.092 (`make eval-dedup`).
STORY_SIMILARITY = 0.09
ANCHORS = 32
# `make eval-dedup` run with each setting: filing under the 64 rarest finds what filing under every
# uncommon term finds (the 32 rarest lose a tenth of the FA-KES same-incident pairs).
FILED_TERMS = 64
# Texts compared per lookup: the ones most anchors name (a story's own texts share its names and
# figures; a text sharing one rare word with it is another story).
CANDIDATES = 16
COMMON_SHARE = 0.05
MIN_COMMON_DF = 50
MIN_WORD_LETTERS = 3

# English function words and reporting verbs: they say nothing about which story a text tells.
STOPWORDS = frozenset("""
a about above after again against ago all almost along already also although always am among an and
another any anyone are around as at away back be became because become been before being below between
both but by came can cannot could did do does doing done down during each either else even ever every
few for from further get gets got had has have having he her here hers herself him himself his how
however i if in into is it its itself just last least less like made make many may me might more most
much must my myself near neither never new next no nor not now of off often on once one only onto or
other others our ours ourselves out over own per perhaps put quite rather really said same say says
saying see seen several shall she should since so some still such take than that the their theirs them
themselves then there these they this those though three through thus to told too took toward two
under until up upon us very via was way we well were what whatever when where whether which while who
whom whose why will with within without would year years yet you your yours yourself yourselves
according added adding asked called including reported reportedly stated statement
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks day days
""".split())


def story_terms(title: str, body: str) -> frozenset[str]:
    """Content words and numbers of the title and body, normalised like the copy detector's words."""
    return frozenset(
        word for word in normalised_words(f"{title}\n{body}")
        if word not in STOPWORDS and (len(word) >= MIN_WORD_LETTERS or word.isdigit())
    )


@dataclass(frozen=True)
class WindowCounts:
    """Document frequencies over the index's window: how many texts hold a term, and how many in all."""

    document_frequency: Callable[[str], int]
    texts: int

    def weight(self, term: str) -> float:
        return math.log((self.texts + 1) / (self.document_frequency(term) + 1))

    @property
    def common(self) -> int:
        """A term in more texts than this is common: it names a topic, not a story."""
        return max(MIN_COMMON_DF, int(COMMON_SHARE * self.texts))


def weighted_similarity(a: frozenset[str], b: frozenset[str], counts: WindowCounts) -> float:
    """Jaccard similarity of two term sets, each term weighted by its inverse document frequency."""
    union = sum(map(counts.weight, a | b))
    return sum(map(counts.weight, a & b)) / union if union > 0 else 0.0


def same_story(a: frozenset[str], b: frozenset[str], counts: WindowCounts) -> bool:
    return weighted_similarity(a, b, counts) >= STORY_SIMILARITY


def filing_terms(terms: Iterable[str], counts: WindowCounts) -> list[str]:
    """The terms a text is filed under: its FILED_TERMS rarest that are not common (a bound on
    the index's memory per text; a story's own words are among a text's rarest)."""
    common = counts.common
    ranked = sorted((counts.document_frequency(term), term) for term in terms)
    return [term for df, term in ranked if df <= common][:FILED_TERMS]


def anchor_terms(terms: Iterable[str], counts: WindowCounts) -> list[str]:
    """The terms a text looks its story up by: its ANCHORS rarest that another text also used
    (document frequency 2 or more, counting the text itself), and not common."""
    common = counts.common
    shared = sorted((counts.document_frequency(term), term) for term in terms)
    return [term for df, term in shared if 2 <= df <= common][:ANCHORS]


def likeliest_texts(postings: dict[str, Iterable[str]], counts: WindowCounts) -> list[str]:
    """Of the texts filed under a text's anchors (`postings`: anchor -> text ids), the CANDIDATES
    worth comparing: those named by the most anchor weight."""
    weight: Counter[str] = Counter()
    for term, texts in postings.items():
        term_weight = counts.weight(term)
        for text in texts:  # (a text is filed once under a term)
            weight[text] += term_weight
    return [text for text, _ in weight.most_common(CANDIDATES)]


def term_weights(terms: Iterable[str], counts: WindowCounts) -> dict[str, float]:
    return {term: counts.weight(term) for term in terms}


@dataclass(frozen=True)
class StoryText:
    """A text the story index holds: its story id, its outlet, its story terms, and their total
    weight when it was filed (the weights of the terms only it holds are known then; a lookup
    reads the frequencies of its own terms only)."""

    story_id: str
    outlet: str | None
    terms: frozenset[str]
    weight: float


def story_text(story_id: str, outlet: str | None, terms: frozenset[str], counts: WindowCounts) -> StoryText:
    return StoryText(story_id, outlet, terms, sum(term_weights(terms, counts).values()))


def best_story(terms: frozenset[str], outlet: str | None, candidates: Iterable[StoryText],
               counts: WindowCounts) -> str | None:
    """The story id of the candidate most similar to `terms`, if any is the same story. Only other
    outlets' texts count: an outlet's own stories share its boilerplate and templates (a daily
    "terrorist attacks on ..." report), so its texts look alike whatever they tell, and its own
    later text of a story is the copy level's (an update of its text) or joins through another outlet."""
    weights = term_weights(terms, counts)
    total = sum(weights.values())
    best, best_id = 0.0, None
    for text in candidates:
        if outlet is not None and text.outlet == outlet:
            continue
        # weighted Jaccard: the weight of the union is both texts' weights less what they share
        shared = sum(map(weights.__getitem__, terms & text.terms))
        union = total + text.weight - shared
        similarity = shared / union if union > 0 else 0.0
        if similarity > best:
            best, best_id = similarity, text.story_id
    return best_id if best >= STORY_SIMILARITY else None
