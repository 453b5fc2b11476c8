"""Redis adapter of the story index, shared by every stories worker, expiring with the window.

Layout (under the namespace's `ww:stories:` prefix), every key kept a window and a bucket after
its last write. A bucket is 1/BUCKETS_PER_WINDOW of the window (a day of the default 7 days):
- `df:<bucket>`: term -> number of texts filed in that bucket that hold it; field `#`: the texts.
  The window's document frequencies are the sums over its buckets.
- `post:<term>`: the texts filed under a term, "<bucket>|<article id>", newest first, the newest
  POSTINGS_KEPT only (a term more texts use is common: no story is looked up by it).
- `text:<article id>`: "<story id>|<weight>|<story terms>|<outlet>": what a later text compares
  itself with (the weight: its terms' total when it was filed, `core.StoryText`).
  Its presence also says the article was filed: a redelivered article, or a new version of it,
  keeps its story and counts nothing again.
- `story:<story id>`: hash of title, first_seen, updated (epoch seconds), article (the last that
  joined) and articles (how many); `outlets:<story id>`: outlets scored by the article that first
  brought each (1 for the story's first); `recent`: story ids scored by their last update, for
  `StoryReader` (the API).

A batch costs four round trips: document frequencies (READ_SCRIPT), the anchors' postings
(POSTINGS_SCRIPT), the candidates' texts (one MGET), and FILE_SCRIPT, which files each text and
joins it to its story unless it was filed before. The decisions between them are the pure core's
(`services.stories.core`). Texts of one batch see each other through the batch's own postings.
Two workers filing write-ups of one story at the same instant may start two stories; nothing is
counted twice either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

import redis
import redis.asyncio as aioredis

from services.common.messages import Story, UniqueArticle
from services.common.redis_io import run_scripts
from services.common.settings import ServiceSettings
from services.dedup.index import outlet_of
from services.stories import core

BUCKETS_PER_WINDOW = 7
POSTINGS_KEPT = 64
STORY_FIELDS = ("title", "first_seen", "updated", "article", "articles")

# KEYS: the article's text key. ARGV: key prefix, first and last bucket of the window, the terms
# joined by spaces. Returns {text record or '', texts in the window, then each term's frequency}.
READ_SCRIPT = """
local prefix, first, last = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local record = redis.call('GET', KEYS[1])
if record then return {record} end
local fields = {'#'}
for term in string.gmatch(ARGV[4], '%S+') do fields[#fields + 1] = term end
local sums = {}
for i = 1, #fields do sums[i] = 0 end
for bucket = first, last do
  -- in slices: unpack() takes a few thousand values at most, and a long text has more terms
  for start = 1, #fields, 1000 do
    local slice = math.min(#fields, start + 999)
    local counts = redis.call('HMGET', prefix .. 'df:' .. bucket, unpack(fields, start, slice))
    for i = start, slice do sums[i] = sums[i] + (tonumber(counts[i - start + 1]) or 0) end
  end
end
table.insert(sums, 1, '')
return sums
"""

# ARGV: key prefix, the anchors joined by spaces. Returns each anchor's postings joined by spaces.
POSTINGS_SCRIPT = """
local out = {}
for term in string.gmatch(ARGV[2], '%S+') do
  out[#out + 1] = table.concat(redis.call('LRANGE', ARGV[1] .. 'post:' .. term, 0, -1), ' ')
end
return out
"""

# KEYS: the article's text key. ARGV: key prefix, bucket, ttl, text record, story id, article id,
# outlet, title, now (epoch seconds), the terms joined by spaces, the filing terms joined by spaces.
# Files the text and joins it to the story, unless the text was filed before (then its own story
# stands). Returns {story id, title, first_seen, updated, article, articles, outlets...}.
FILE_SCRIPT = """
local prefix, bucket, ttl, story = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[5]
local filed = redis.call('GET', KEYS[1])
if filed then
  story = string.match(filed, '^([^|]*)|')
else
  redis.call('SET', KEYS[1], ARGV[4], 'EX', ttl)
  local df = prefix .. 'df:' .. bucket
  redis.call('HINCRBY', df, '#', 1)
  for term in string.gmatch(ARGV[10], '%S+') do redis.call('HINCRBY', df, term, 1) end
  redis.call('EXPIRE', df, ttl)
  local entry = bucket .. '|' .. ARGV[6]
  for term in string.gmatch(ARGV[11], '%S+') do
    local postings = prefix .. 'post:' .. term
    if redis.call('LPUSH', postings, entry) > POSTINGS_KEPT then redis.call('LTRIM', postings, 0, POSTINGS_KEPT - 1) end
    redis.call('EXPIRE', postings, ttl)
  end
  local key = prefix .. 'story:' .. story
  redis.call('HSETNX', key, 'title', ARGV[8])
  redis.call('HSETNX', key, 'first_seen', ARGV[9])
  redis.call('HSET', key, 'updated', ARGV[9], 'article', ARGV[6])
  local articles = redis.call('HINCRBY', key, 'articles', 1)
  redis.call('EXPIRE', key, ttl)
  redis.call('ZADD', prefix .. 'outlets:' .. story, 'NX', articles, ARGV[7])
  redis.call('EXPIRE', prefix .. 'outlets:' .. story, ttl)
  redis.call('ZADD', prefix .. 'recent', ARGV[9], story)
  redis.call('ZREMRANGEBYSCORE', prefix .. 'recent', '-inf', tonumber(ARGV[9]) - ttl)
  redis.call('EXPIRE', prefix .. 'recent', ttl)
end
local out = {story}
for _, value in ipairs(redis.call('HMGET', prefix .. 'story:' .. story, unpack(STORY_FIELDS))) do
  out[#out + 1] = value
end
for _, outlet in ipairs(redis.call('ZRANGE', prefix .. 'outlets:' .. story, 0, -1)) do out[#out + 1] = outlet end
return out
""".replace("POSTINGS_KEPT", str(POSTINGS_KEPT)).replace(
    "STORY_FIELDS", "{" + ", ".join(f"'{name}'" for name in STORY_FIELDS) + "}")


@dataclass
class _Filing:
    """One article of a batch on its way through the index."""

    unique: UniqueArticle
    terms: frozenset[str]
    story_id: str = ""
    counts: core.WindowCounts | None = None
    postings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        return self.unique.article.id

    @property
    def outlet(self) -> str:
        return outlet_of(self.unique.article)


class RedisStoryIndex:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, window_s: int):
        self.client = client
        self.key = settings.redis_key
        self.prefix = settings.redis_key("stories", "")
        self.bucket_s = max(1, window_s // BUCKETS_PER_WINDOW)
        self.retention_s = window_s + self.bucket_s
        self.read_script = client.register_script(READ_SCRIPT)
        self.postings_script = client.register_script(POSTINGS_SCRIPT)
        self.file_script = client.register_script(FILE_SCRIPT)

    async def file_batch(self, batch: list[UniqueArticle], now_s: float) -> list[Story]:
        """Each article's story after it was filed (in batch order); `now_s` (epoch seconds, the
        worker's clock) dates the window."""
        bucket = int(now_s // self.bucket_s)
        filings = [_Filing(unique, core.story_terms(unique.article.title, unique.article.body)) for unique in batch]
        await self._read_frequencies(filings, bucket)
        texts = await self._read_candidates([f for f in filings if f.counts is not None], bucket)
        # Earlier articles of the batch are not in Redis yet: they count, and are found, from here.
        batch_df: Counter[str] = Counter()
        batch_texts = 0
        batch_postings: dict[str, list[str]] = defaultdict(list)
        batch_story: dict[str, str] = {}
        for filing in filings:
            if filing.story_id or filing.article_id in batch_story:  # filed before, or a second version in the batch
                filing.story_id = filing.story_id or batch_story[filing.article_id]
                continue
            counts = _with_batch(filing, batch_df, batch_texts)
            postings = {term: filing.postings.get(term, []) + batch_postings.get(term, [])
                        for term in core.anchor_terms(filing.terms, counts)}
            candidates = [texts[text_id] for text_id in core.likeliest_texts(postings, counts) if text_id in texts]
            filing.story_id = core.best_story(filing.terms, filing.outlet, candidates, counts) or filing.article_id
            batch_story[filing.article_id] = filing.story_id
            texts[filing.article_id] = core.story_text(filing.story_id, filing.outlet, filing.terms, counts)
            batch_df.update(filing.terms)
            batch_texts += 1
            for term in core.filing_terms(filing.terms, counts):
                batch_postings[term].append(filing.article_id)
            filing.counts = counts
        return await self._file(filings, bucket, now_s)

    async def _read_frequencies(self, filings: list[_Filing], bucket: int) -> None:
        window = (bucket - BUCKETS_PER_WINDOW + 1, bucket)
        answers = await run_scripts(self.client, [
            (self.read_script, [self._text_key(f.article_id)], [self.prefix, *window, " ".join(f.terms)]) for f in filings])
        for filing, answer in zip(filings, answers):
            if answer[0]:
                filing.story_id = parse_text(answer[0]).story_id
                continue
            # The text itself counts: a term only it holds has frequency 1 (`core.anchor_terms`).
            frequencies = {term: df + 1 for term, df in zip(filing.terms, answer[2:])}
            filing.counts = core.WindowCounts(frequencies.__getitem__, answer[1] + 1)

    async def _read_candidates(self, filings: list[_Filing], bucket: int) -> dict[str, core.StoryText]:
        anchors = [core.anchor_terms(filing.terms, filing.counts) for filing in filings]
        answers = await run_scripts(self.client, [(self.postings_script, [], [self.prefix, " ".join(terms)])
                                                  for terms in anchors])
        wanted: set[str] = set()
        for filing, terms, answer in zip(filings, anchors, answers):
            filing.postings = {term: live_postings(raw, bucket) for term, raw in zip(terms, answer)}
            wanted.update(core.likeliest_texts(filing.postings, filing.counts))
        ordered = sorted(wanted)
        records = await self.client.mget([self._text_key(text_id) for text_id in ordered]) if ordered else []
        return {text_id: parse_text(raw) for text_id, raw in zip(ordered, records) if raw}

    async def _file(self, filings: list[_Filing], bucket: int, now_s: float) -> list[Story]:
        calls = []
        for filing in filings:
            article = filing.unique.article
            filed = core.filing_terms(filing.terms, filing.counts) if filing.counts else []
            weight = sum(core.term_weights(filing.terms, filing.counts).values()) if filing.counts else 0.0
            record = f"{filing.story_id}|{weight:.3f}|{' '.join(sorted(filing.terms))}|{filing.outlet}"
            calls.append((self.file_script, [self._text_key(article.id)],
                          [self.prefix, bucket, self.retention_s, record, filing.story_id, article.id, filing.outlet,
                           article.title, f"{now_s:.3f}", " ".join(filing.terms), " ".join(filed)]))
        answers = await run_scripts(self.client, calls)
        return [story_of(answer) for answer in answers]

    def _text_key(self, article_id: str) -> str:
        return self.key("stories", "text", article_id)


def _with_batch(filing: _Filing, batch_df: Counter[str], batch_texts: int) -> core.WindowCounts:
    """The window's counts of the filing's terms with the batch's earlier texts added."""
    if not batch_texts:
        return filing.counts
    frequencies = {term: filing.counts.document_frequency(term) + batch_df[term] for term in filing.terms}
    return core.WindowCounts(frequencies.__getitem__, filing.counts.texts + batch_texts)


def live_postings(raw: bytes, bucket: int) -> list[str]:
    """The article ids of postings filed less than a window from `bucket` (either way: a worker
    whose clock runs a window ahead must not pin its texts as live for everyone)."""
    entries = [entry.split("|", 1) for entry in raw.decode().split()]
    return [article_id for filed, article_id in entries if abs(bucket - int(filed)) < BUCKETS_PER_WINDOW]


def parse_text(raw: bytes) -> core.StoryText:
    story_id, weight, terms, outlet = raw.decode().split("|", 3)
    return core.StoryText(story_id, outlet, frozenset(terms.split()), float(weight))


class StoryReader:
    """The stories the stage keeps, for the API: one story, or the latest updated."""

    PAGE = 200

    def __init__(self, client: redis.Redis, settings: ServiceSettings):
        self.client = client
        self.key = settings.redis_key

    def story(self, story_id: str) -> Story | None:
        return next(iter(self._stories([story_id])), None)

    def latest(self, limit: int, min_outlets: int = 1) -> list[Story]:
        """Up to `limit` stories told by at least `min_outlets` outlets, the latest updated first."""
        found: list[Story] = []
        for start in range(0, self.client.zcard(self.key("stories", "recent")), self.PAGE):
            ids = self.client.zrevrange(self.key("stories", "recent"), start, start + self.PAGE - 1)
            found += [story for story in self._stories([i.decode() for i in ids]) if len(story.outlets) >= min_outlets]
            if len(found) >= limit:
                break
        return found[:limit]

    def _stories(self, story_ids: list[str]) -> list[Story]:
        with self.client.pipeline(transaction=False) as pipe:
            for story_id in story_ids:
                pipe.hmget(self.key("stories", "story", story_id), *STORY_FIELDS)
                pipe.zrange(self.key("stories", "outlets", story_id), 0, -1)
            replies = pipe.execute()
        return [story_of([story_id.encode(), *fields, *outlets])
                for story_id, fields, outlets in zip(story_ids, replies[::2], replies[1::2]) if fields[0] is not None]


def story_of(answer: list) -> Story:
    story_id, title, first_seen, updated, article_id, articles, *outlets = (value.decode() for value in answer)
    return Story(id=story_id, version=int(articles), article_id=article_id, title=title, articles=int(articles),
                 outlets=outlets, first_seen_at=datetime.fromtimestamp(float(first_seen), timezone.utc),
                 updated_at=datetime.fromtimestamp(float(updated), timezone.utc))
