"""Feed parsing into articles (pure): formats, malformed feeds, entity attacks, OPML, URLs and versions."""

from pathlib import Path

import pytest

from services.common.deadletters import Rejected
from services.ingestor.documents import canonical_url
from services.ingestor.feeds import parse_feed, parse_opml
from services.ingestor.poller import fresh_versions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
MAX = 10 * 1024 * 1024


def parse(name: str, **kwargs):
    return parse_feed((FIXTURES / name).read_bytes(), f"https://feeds.example.org/{name}", feed_ref="f1",
                      max_bytes=MAX, **kwargs)


@pytest.mark.parametrize(
    "name, fmt, entries",
    [("guardian.rss", "rss20", 55), ("heise.atom", "atom10", 15), ("craigslist.rss", "rss10", 25),
     ("json_feed.json", "json1", 20)],
)
def test_each_feed_format_yields_articles_with_urls_titles_and_dates(name, fmt, entries):
    parsed = parse(name)
    assert parsed.format.startswith(fmt[:4]) and len(parsed.entries) == entries
    first = parsed.entries[0].article
    assert first.title and first.url and first.canonical_url and first.feed_id == "f1"
    assert first.source == parsed.title


def test_guardian_entry_keeps_text_dates_and_language_and_drops_markup():
    article = parse("guardian.rss").entries[0].article
    assert article.published_at.year == 2018 and article.language == "en"
    assert "<" not in article.body and article.source == "The Guardian"


def test_latin1_feed_without_declaration_is_decoded():
    articles = [entry.article for entry in parse("uolNoticias.rss").entries]
    assert articles and any(ch in "".join(a.title for a in articles) for ch in "ãçéõá")


def test_feed_cut_in_half_still_yields_the_entries_before_the_cut():
    raw = (FIXTURES / "guardian.rss").read_bytes()
    parsed = parse_feed(raw[: len(raw) // 2], "https://feeds.example.org/cut", feed_ref="f", max_bytes=MAX)
    assert parsed.problem and 5 < len(parsed.entries) < 55


def test_malformed_entry_is_parsed_as_far_as_it_allows():
    parsed = parse("rss_item_link_corrupted_ampersands.xml")
    assert not parsed.entries and parsed.rejected_entries[0][1].kind == "empty"
    assert parse("rss_incomplete_cdata.xml").problem


def test_documents_with_nothing_readable_are_rejected_with_the_reason():
    with pytest.raises(Rejected) as empty:
        parse("rss_empty_document.xml")
    assert empty.value.kind == "unreadable_feed"
    with pytest.raises(Rejected) as html_page:
        parse_feed(b"<html><body>Not found</body></html>", "https://x.org/f", feed_ref="f", max_bytes=MAX)
    assert html_page.value.kind == "unreadable_feed"
    with pytest.raises(Rejected) as big:
        parse_feed(b"<rss>" + b" " * 100, "https://x.org/f", feed_ref="f", max_bytes=50)
    assert big.value.kind == "too_large"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title></item></channel></rss>"""
QUADRATIC = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"x" * 50_000 + b'">]><rss><channel><item><title>&a;&a;</title></item></channel></rss>'


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL, QUADRATIC, BILLION_LAUGHS.decode().encode("utf-16")])
def test_entity_expansion_and_external_entities_are_refused(attack):
    with pytest.raises(Rejected) as refused:
        parse_feed(attack, "https://x.org/f", feed_ref="f", max_bytes=MAX)
    assert refused.value.kind == "xml_entities"


def test_a_short_literal_entity_in_the_dtd_is_not_refused():
    parsed = parse("entity_in_doctype.xml")
    assert parsed.problem is None and parsed.format == "rss20"


def test_teaser_entries_are_marked_for_a_page_fetch_and_full_entries_are_not():
    teaser = b"""<rss version="2.0"><channel><title>W</title><item><title>Clashes</title>
    <link>https://news.example.org/a?utm_source=rss</link><description>Short teaser.</description></item>
    <item><title>Full</title><link>https://news.example.org/b</link><description>x</description>
    <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;Full text&lt;/p&gt;</content:encoded></item>
    </channel></rss>"""
    first, second = parse_feed(teaser, "https://x.org/f", feed_ref="f", max_bytes=MAX).entries
    assert first.needs_page and not second.needs_page
    assert first.article.canonical_url == "https://news.example.org/a" and second.article.body == "Full text"


def test_canonical_url_normalises_scheme_host_port_and_drops_tracking():
    assert canonical_url("HTTPS://News.Example.ORG.:443/a/b?b=2&utm_medium=x&a=1&fbclid=z&gclid=q#top") == \
        "https://news.example.org/a/b?a=1&b=2"
    assert canonical_url("http://bücher.example/x") == "http://xn--bcher-kva.example/x"


def test_entries_without_links_keep_a_stable_id_from_their_guid_across_text_changes():
    def feed(text):
        return f'<rss version="2.0"><channel><item><guid>g-1</guid><title>T</title><description>{text}</description></item></channel></rss>'.encode()
    one = parse_feed(feed("12 killed"), "https://x.org/f", feed_ref="f", max_bytes=MAX).entries[0].article
    two = parse_feed(feed("15 killed"), "https://x.org/f", feed_ref="f", max_bytes=MAX).entries[0].article
    assert one.id == two.id and one.content_hash != two.content_hash


def test_versions_new_entry_one_same_text_skipped_changed_text_next_version():
    entries = parse("heise.atom").entries
    first, second, third = entries[:3]
    seen = {first.article.id: (first.article.content_hash, 1), second.article.id: ("older-text", 2)}
    chosen = fresh_versions([first, second, third, third], seen)
    assert [(entry.article.id, version) for entry, version in chosen] == [(second.article.id, 3), (third.article.id, 1)]


def test_opml_lists_feeds_in_nested_folders_once():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><body><outline text="World">
      <outline text="Guardian" type="rss" xmlUrl="https://www.theguardian.com/world/rss"/>
      <outline text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/></outline>
      <outline text="dup" xmlUrl="https://www.theguardian.com/world/rss"/><outline text="no url"/></body></opml>"""
    assert [(f.url, f.title) for f in parse_opml(opml)] == [
        ("https://www.theguardian.com/world/rss", "Guardian"), ("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC")]
    with pytest.raises(Rejected):
        parse_opml(b'<!DOCTYPE o [<!ENTITY a "b">]><opml><body/></opml>')


def test_bylines_are_carried_from_rss_atom_and_json_feed():
    rss = (b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><title>T</title>'
           b'<link>https://x.org/a</link><dc:creator>Jane  Doe</dc:creator><description>12 killed</description>'
           b'</item></channel></rss>')
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="https://x.org/b"/>'
            b'<id>b</id><author><name>Sami Haddad</name></author><content>12 killed</content></entry></feed>')
    json_feed = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "c", '
                 b'"url": "https://x.org/c", "content_text": "12 killed", "authors": [{"name": "A"}, {"name": "B"}]}]}')
    authors = [parse_feed(raw, "https://x.org/f", feed_ref="f", max_bytes=MAX).entries[0].article.author
               for raw in (rss, atom, json_feed)]
    assert authors == ["Jane Doe", "Sami Haddad", "A, B"]
