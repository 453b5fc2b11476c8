"""Scoring the article stage's same-story decision against labelled data. Pure: rows in, counts out.

Two sets (see `bench/eval_dedup.py`, which loads them from ../shared/evaldata):
- SemEval 2022 task 8 pairs: different outlets writing about the same story (Overall <= 1.5) or
  different stories (>= 3). Independent write-ups share few word shingles, so this measures how
  far a copy detector reaches into "same story, own words" (which the event merger handles).
- Syndicated copies of FA-KES articles: each article re-published as another outlet would run
  wire copy (own headline, byline, boilerplate, a few edits); every article is compared with
  every other through the LSH bands, as the index would.

The story level (`services/stories/core.py`, independent write-ups of one story) is scored on the same SemEval
pairs, split into a dev half (where its threshold is chosen) and a held-out half by a hash of the
pair id, and on the FA-KES incident groups (tests/fixtures/dedup) as recall of same-incident pairs.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from difflib import SequenceMatcher

from services.stories import core as story
from services.dedup.core import Fingerprint, fingerprint_text, normalised_words, same_story

SAME_STORY_MAX_OVERALL = 1.5
DIFFERENT_MIN_OVERALL = 3.0

OUTLETS = ("Wire Daily", "The Levant Observer", "Gulf Morning Post", "Euro News Desk", "Capital Courier")
BYLINES = ("By {outlet} staff", "{outlet} | Agencies", "By our correspondent, {outlet}", "From wire reports")
FOOTERS = (
    "Copyright {outlet}. All rights reserved. This material may not be published or redistributed.",
    "Follow {outlet} on Twitter and Facebook for the latest news.",
    "Additional reporting by agencies. Editing by the {outlet} news desk.",
    "Read more: the latest on the war in Syria at {outlet}.",
)
# Edits a sub-editor makes to wire copy without changing the story or its figures.
EDITS = (
    ("Syrian", "Syria's"), (" said ", " stated "), ("government", "regime"), ("rebels", "opposition fighters"),
    ("opposition", "anti-government"), ("Aleppo", "Halab"), ("Assad", "al-Assad"), (" also ", " "),
    ("organization", "organisation"), ("on Wednesday", "on Wednesday local time"), ("\"", "'"),
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# The corpus itself carries wire copy (one AFP story in Ahram, Jordan Times and Al-Araby) and
# repeats. Two source articles count as one story when difflib, an alignment measure independent
# of MinHash, finds at least this share of their body words in common blocks.
CORPUS_REPEAT_RATIO = 0.5


@dataclass
class Counts:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.true_pos += 1
        elif predicted:
            self.false_pos += 1
        elif actual:
            self.false_neg += 1
        else:
            self.true_neg += 1

    @property
    def precision(self) -> float:
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_pos + self.false_neg
        return self.true_pos / actual if actual else 1.0


def split_semeval_text(text: str) -> tuple[str, str]:
    """SemEval texts are "title  body" (two spaces between); a text with no break is all body."""
    title, sep, body = text.partition("  ")
    return (title, body) if sep else ("", text)


def score_semeval(rows: list[dict]) -> Counts:
    """Rows of the pairs CSV; the middle band (1.5 < Overall < 3) is left out, as labelled ambiguous."""
    counts = Counts()
    for row in rows:
        overall = float(row["Overall"])
        if SAME_STORY_MAX_OVERALL < overall < DIFFERENT_MIN_OVERALL:
            continue
        a = fingerprint_text(*split_semeval_text(row["text1"]))
        b = fingerprint_text(*split_semeval_text(row["text2"]))
        counts.add(same_story(a, b), overall <= SAME_STORY_MAX_OVERALL)
    return counts


def syndicated_copy(title: str, body: str, rng: random.Random) -> tuple[str, str, str]:
    """(outlet, headline, body) of the article as another outlet would run it; figures unchanged."""
    outlet = rng.choice(OUTLETS)
    sentences = SENTENCE_END.split(body.strip())
    if len(sentences) > 6 and rng.random() < 0.5:
        sentences = sentences[:-1]  # trimmed to fit
    text = " ".join(sentences)
    for old, new in rng.sample(EDITS, 3):
        text = text.replace(old, new, 1)
    headline_words = title.split()
    headline = rng.choice((
        f"UPDATE 1-{title}",
        " ".join(headline_words[: max(4, len(headline_words) // 2)]) + f" - {outlet}",
        " ".join(sentences[0].split()[:12]),
    ))
    byline = rng.choice(BYLINES).format(outlet=outlet)
    footer = rng.choice(FOOTERS).format(outlet=outlet)
    return outlet, headline, f"{byline}\n\n{text}\n\n{footer}"


def corpus_repeats(articles: list[tuple[str, str]], candidate_pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs of source articles (by index) that are the same text by the difflib oracle."""
    words = {}
    repeats = set()
    for i, j in candidate_pairs:
        for k in (i, j):
            if k not in words:
                words[k] = normalised_words(articles[k][1])
        if SequenceMatcher(None, words[i], words[j], autojunk=False).ratio() >= CORPUS_REPEAT_RATIO:
            repeats.add((min(i, j), max(i, j)))
    return repeats


@dataclass
class SyndicationResult:
    counts: Counts
    similarities_same: list[float]
    corpus_repeats: int
    false_positive_examples: list[tuple[int, int, float]]


def score_syndication(articles: list[tuple[str, str]], copies_per_article: int = 2, seed: int = 7) -> SyndicationResult:
    """`articles` are (title, body). Every text (originals and copies) is compared with every other
    that shares an LSH band with it; pairs never sharing a band are predicted different and count
    as true or false negatives without being scored."""
    rng = random.Random(seed)
    documents: list[tuple[int, Fingerprint]] = []
    for source, (title, body) in enumerate(articles):
        documents.append((source, fingerprint_text(title, body)))
        for _ in range(copies_per_article):
            _, headline, copy_body = syndicated_copy(title, body, rng)
            documents.append((source, fingerprint_text(headline, copy_body)))
    buckets: dict[tuple[int, str], list[int]] = defaultdict(list)
    for position, (_, fp) in enumerate(documents):
        for band_no, band in enumerate(fp.bands):
            buckets[(band_no, band)].append(position)
    candidate_pairs = {pair for members in buckets.values() for pair in combinations(members, 2)}
    story_pairs = {(documents[i][0], documents[j][0]) for i, j in candidate_pairs if documents[i][0] != documents[j][0]}
    repeats = corpus_repeats(articles, story_pairs)

    def same_truth(a: int, b: int) -> bool:
        return a == b or (min(a, b), max(a, b)) in repeats

    counts = Counts()
    same_sims: list[float] = []
    examples = []
    for i, j in candidate_pairs:
        (story_i, fp_i), (story_j, fp_j) = documents[i], documents[j]
        predicted, actual = same_story(fp_i, fp_j), same_truth(story_i, story_j)
        counts.add(predicted, actual)
        if story_i == story_j:
            same_sims.append(fp_i.similarity(fp_j))
        elif predicted and not actual:
            examples.append((story_i, story_j, fp_i.similarity(fp_j)))
    # Same-story pairs that never shared a band were predicted different: false negatives.
    per_story = copies_per_article + 1
    counts.false_neg += len(articles) * per_story * (per_story - 1) // 2 - len(same_sims)
    total_pairs = len(documents) * (len(documents) - 1) // 2
    counts.true_neg = total_pairs - counts.true_pos - counts.false_pos - counts.false_neg
    return SyndicationResult(counts, same_sims, len(repeats), examples)


# --- Story level (`services/stories`): independent write-ups of one story ---------------------------------


def half_of(key: str) -> str:
    """A stable, content-blind split of labelled rows: thresholds are chosen on "dev" only."""
    return "dev" if zlib.crc32(key.encode()) % 2 == 0 else "held-out"


class StoryWindow:
    """The story index over one window, in memory: document frequencies of the whole window (as a
    running index has them once the window is full), texts filed in arrival order."""

    def __init__(self, texts: list[frozenset[str]]):
        self.texts = texts
        self.df = Counter(term for terms in texts for term in terms)
        self.counts = story.WindowCounts(self.df.__getitem__, len(texts))
        self.filed: dict[str, list[int]] = defaultdict(list)

    def arrive(self, position: int) -> set[int]:
        """Files the text at `position`; returns the earlier texts its anchors found that the stage
        compares (`story.likeliest_texts`)."""
        terms = self.texts[position]
        postings = {term: map(str, self.filed.get(term, ())) for term in story.anchor_terms(terms, self.counts)}
        found = set(map(int, story.likeliest_texts(postings, self.counts)))
        for term in story.filing_terms(terms, self.counts):
            self.filed[term].append(position)
        return found

    def similarity(self, a: int, b: int) -> float:
        return story.weighted_similarity(self.texts[a], self.texts[b], self.counts)


@dataclass
class StoryPair:
    key: str
    similarity: float  # 0.0 when the later text's anchors did not find the earlier one
    same: bool


def story_pairs_semeval(rows: list[dict]) -> list[StoryPair]:
    """Labelled pairs of the SemEval rows, every text of the rows in one window, in file order."""
    positions: dict[str, int] = {}
    for row in rows:
        for text in (row["text1"], row["text2"]):
            positions.setdefault(text, len(positions))
    window = StoryWindow([story.story_terms(*split_semeval_text(text)) for text in positions])
    found = [window.arrive(position) for position in range(len(positions))]
    pairs = []
    for row in rows:
        overall = float(row["Overall"])
        if SAME_STORY_MAX_OVERALL < overall < DIFFERENT_MIN_OVERALL:
            continue
        first, later = sorted((positions[row["text1"]], positions[row["text2"]]))
        reached = first in found[later] or first == later
        similarity = window.similarity(first, later) if reached else 0.0
        pairs.append(StoryPair(row["pair_id"], similarity, overall <= SAME_STORY_MAX_OVERALL))
    return pairs


def story_counts(pairs: list[StoryPair], threshold: float = story.STORY_SIMILARITY) -> Counts:
    counts = Counts()
    for pair in pairs:
        counts.add(pair.similarity >= threshold, pair.same)
    return counts


def best_threshold(pairs: list[StoryPair], beta: float = 0.5) -> float:
    """The threshold with the best F-beta on these pairs (ties: the higher). Beta 0.5 weighs
    precision: two stories given one id miscount the outlets of both."""
    def score(threshold: float) -> tuple[float, float]:
        counts = story_counts(pairs, threshold)
        weighted = (1 + beta ** 2) * counts.true_pos
        denominator = weighted + beta ** 2 * counts.false_neg + counts.false_pos
        return (weighted / denominator if denominator else 0.0), threshold

    return max(score(pair.similarity) for pair in pairs if pair.similarity > 0)[1]


@dataclass
class StoryGroupsResult:
    within: Counts  # pairs of articles of two outlets in one labelled incident group
    called: int  # pairs of two outlets within the window's days called the same story
    compared: int  # pairs of two outlets within the window's days
    group_stories: list[int]  # per incident group: the story ids its articles ended under
    group_outlets: list[tuple[int, int]]  # per group: outlets its largest story counts, outlets in all


def story_groups(articles: list[tuple[str, str, str, int]], groups: list[set[int]],
                 window_days: int = 7) -> StoryGroupsResult:
    """`articles` are (outlet, title, body, day number) in arrival order; `groups` hold the positions
    of articles labelled as reporting one incident. Only texts at most `window_days` apart and of two
    outlets meet (`story.best_story`). Pairs outside the groups carry no label (a corpus about one
    war has many unlabelled same-story pairs, and copies), so they are only counted."""
    window = StoryWindow([story.story_terms(title, body) for _, title, body, _ in articles])

    def meet(a: int, b: int) -> bool:
        return articles[a][0] != articles[b][0] and abs(articles[a][3] - articles[b][3]) <= window_days

    called: set[tuple[int, int]] = set()
    story_of: list[str] = []
    for later, (outlet, *_rest) in enumerate(articles):
        found = [first for first in window.arrive(later) if meet(first, later)]
        called.update((first, later) for first in found
                      if window.similarity(first, later) >= story.STORY_SIMILARITY)
        texts = [story.story_text(story_of[first], articles[first][0], window.texts[first], window.counts)
                 for first in found]
        story_of.append(story.best_story(window.texts[later], outlet, texts, window.counts) or str(later))
    within = Counts()
    for group in groups:
        for pair in combinations(sorted(group), 2):
            if meet(*pair):
                within.add(pair in called, True)
    compared = sum(meet(a, b) for a, b in combinations(range(len(articles)), 2))
    group_stories, group_outlets = [], []
    for group in groups:
        stories = Counter(story_of[position] for position in group)
        largest = stories.most_common(1)[0][0]
        group_stories.append(len(stories))
        group_outlets.append((len({articles[p][0] for p in group if story_of[p] == largest}),
                              len({articles[p][0] for p in group})))
    return StoryGroupsResult(within, len(called), compared, group_stories, group_outlets)
