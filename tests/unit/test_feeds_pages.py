"""Main text of news pages (pure): teaser entries completed, saved HTML pages as articles."""

import pytest

from services.common.deadletters import Rejected
from services.ingestor.feeds import parse_feed
from services.ingestor.pages import extract_page, looks_like_html, parse_html_page, with_page
from tests.feedserver import NEWS_PAGE as PAGE


def test_page_text_title_author_date_and_language_are_extracted_without_boilerplate():
    page = extract_page(PAGE, "https://news.example.org/kharkiv")
    assert "artillery shells hit a market" in page.text and "newsletter" not in page.text and "Home" not in page.text
    assert (page.author, page.date, page.language) == ("Jane Reporter", "2024-05-02", "en")


def test_teaser_article_keeps_its_id_version_and_feed_title_with_the_pages_text():
    feed = (b'<rss version="2.0"><channel><title>W</title><item><title>Shelling in Kharkiv</title>'
            b"<link>https://news.example.org/kharkiv</link><description>Nine killed.</description></item></channel></rss>")
    teaser = parse_feed(feed, "https://x.org/f", feed_ref="f", max_bytes=10**6).entries[0].article.model_copy(
        update={"version": 3})
    full = with_page(teaser, extract_page(PAGE, teaser.url))
    assert (full.id, full.version, full.title, full.feed_id) == (teaser.id, 3, "Shelling in Kharkiv", "f")
    assert "rescue teams" in full.body and full.published_at.date().isoformat() == "2024-05-02"


def test_saved_html_page_becomes_an_article_and_a_page_without_text_is_rejected():
    article = parse_html_page(PAGE, {"url": "https://news.example.org/kharkiv?fbclid=1"}, 10**6)
    assert article.title.startswith("Shelling kills 9") and article.canonical_url == "https://news.example.org/kharkiv"
    with pytest.raises(Rejected) as empty:
        parse_html_page(b"<html><body></body></html>", {}, 10**6)
    assert empty.value.kind == "no_main_text"


def test_html_is_recognised_from_its_first_bytes():
    assert looks_like_html(PAGE) and looks_like_html(b"\xef\xbb\xbf <!-- saved --><html><body>x</body></html>")
    assert not looks_like_html(b"Headline about <html> tags\nBody.")
