import json
from datetime import datetime, timezone

import pytest

from services.common.deadletters import Rejected
from services.ingestor import documents

CAP = 1024 * 1024


def test_plain_text_first_line_is_the_title_and_markup_is_removed():
    raw = "Headline here\n\n<span>Photo: someone</span>\nFirst paragraph &amp; more.\n\nSecond.".encode()
    article = documents.parse_plain_text(raw, {}, CAP)
    assert article.title == "Headline here"
    assert article.body == "Photo: someone\nFirst paragraph & more.\n\nSecond."
    assert "<span>" not in article.body


def test_sidecar_metadata_fills_publication_date_and_outlet():
    article = documents.parse_plain_text(b"T\nbody", {"published_at": "2020-01-16T00:00:00Z", "source": "X"}, CAP)
    assert article.published_at == datetime(2020, 1, 16, tzinfo=timezone.utc)
    assert article.source == "X"


def test_same_text_gives_same_id_and_hash_whatever_the_whitespace():
    a = documents.parse_plain_text(b"Title\nSome   body text.", {}, CAP)
    b = documents.parse_plain_text(b"Title\r\n\r\nSome body text.  ", {}, CAP)
    assert a.content_hash == b.content_hash
    assert a.id == b.id


def test_article_with_url_is_identified_by_its_canonical_url():
    a = documents.build_article("T", "one text", url="HTTPS://Example.com:443/a?utm_source=x&id=3#top")
    b = documents.build_article("T", "another text", url="https://example.com/a?id=3")
    assert a.canonical_url == "https://example.com/a?id=3"
    assert a.id == b.id
    assert a.content_hash != b.content_hash


def test_non_utf8_bytes_are_rejected_with_the_offending_offset():
    with pytest.raises(Rejected) as caught:
        documents.parse_plain_text("Title\nCaf".encode() + b"\xe9 noir", {}, CAP)
    assert caught.value.kind == "not_utf8"
    assert "0xe9 at offset 9" in caught.value.reason


def test_empty_and_blank_documents_are_rejected():
    for raw in (b"", b"   \n\n\t"):
        with pytest.raises(Rejected) as caught:
            documents.parse_plain_text(raw, {}, CAP)
        assert caught.value.kind == "empty"


def test_headline_without_body_is_rejected():
    with pytest.raises(Rejected, match="no body"):
        documents.parse_plain_text(b"Only a headline\n", {}, CAP)


def test_document_over_the_cap_is_rejected_with_its_size():
    with pytest.raises(Rejected) as caught:
        documents.parse_plain_text(b"x" * (CAP + 1), {}, CAP)
    assert caught.value.kind == "too_large"
    assert "over the 1.0 MB cap" in caught.value.reason


def test_bad_metadata_is_rejected_not_raised():
    with pytest.raises(Rejected) as caught:
        documents.parse_plain_text(b"T\nbody", {"published_at": "not a date"}, CAP)
    assert caught.value.kind == "invalid_metadata"


def test_json_lines_keep_going_after_a_bad_line():
    lines = [
        json.dumps({"title": "A", "body": "first"}),
        "{not json",
        json.dumps({"title": "B"}),
        json.dumps({"title": "C", "body": "third", "url": "https://x.org/c"}),
    ]
    results = list(documents.parse_json_lines("\n".join(lines).encode(), CAP))
    assert [type(r).__name__ for r in results] == ["Article", "Rejected", "Rejected", "Article"]
    assert results[1].kind == "malformed_json" and "line 2" in results[1].reason
    assert results[3].canonical_url == "https://x.org/c"
