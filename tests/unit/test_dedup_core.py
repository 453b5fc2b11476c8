from services.dedup.core import ContentClaim, Verdict, decide
from services.ingestor.documents import build_article

ARTICLE = build_article("Title", "Body text", url="https://a.example/story")


def test_first_claim_is_unique_and_starts_its_own_cluster():
    decision = decide(ARTICLE, ContentClaim(ARTICLE.id, "articles.raw/0/5", 1), "articles.raw/0/5")
    assert decision.verdict is Verdict.UNIQUE
    assert decision.unique.article == ARTICLE
    assert decision.cluster_id == ARTICLE.id


def test_copy_claimed_by_another_message_is_a_duplicate_of_the_first_article():
    copy = build_article("Title", "Body text", url="https://b.example/copy")
    decision = decide(copy, ContentClaim(ARTICLE.id, "articles.raw/0/5", 1), "articles.raw/3/9")
    assert decision.verdict is Verdict.DUPLICATE
    assert decision.unique is None
    assert decision.cluster_id == ARTICLE.id


def test_changed_text_of_a_known_article_flows_on_as_the_next_version():
    updated = build_article("Title", "Body text, toll now higher", url="https://a.example/story")
    decision = decide(updated, ContentClaim(updated.id, "articles.raw/0/8", 2), "articles.raw/0/8")
    assert decision.verdict is Verdict.UNIQUE
    assert decision.unique.article.version == 2
    assert decision.unique.article.id == ARTICLE.id
