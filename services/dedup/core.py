"""Pure dedup decisions: given what the index says about a content hash, what is this article?"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from services.common.messages import Article, UniqueArticle


class Verdict(str, enum.Enum):
    UNIQUE = "unique"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class ContentClaim:
    """Who first published a content hash: the article id and the source offset that carried it."""

    article_id: str
    token: str
    version: int


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    cluster_id: str
    unique: UniqueArticle | None = None


def decide(article: Article, claim: ContentClaim, my_token: str) -> Decision:
    """`claim` is the index's answer after trying to claim the article's hash with `my_token`."""
    if claim.token != my_token:
        return Decision(Verdict.DUPLICATE, cluster_id=claim.article_id)
    versioned = article if article.version == claim.version else article.model_copy(update={"version": claim.version})
    # Same token means first sight or a redelivery of the very message that made the claim;
    # either way it flows on, and the stages after dedup are idempotent for a repeat.
    return Decision(Verdict.UNIQUE, cluster_id=claim.article_id, unique=UniqueArticle(article=versioned, cluster_id=claim.article_id))
