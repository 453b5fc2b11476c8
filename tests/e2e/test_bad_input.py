"""Bad input on the real stack: dead-lettered with a reason, counted, and the stream goes on."""

import json
import urllib.request

from services.common.messages import DeadLetter, UniqueArticle
from services.common.topics import ARTICLES_RAW, ARTICLES_UNIQUE, dead_letter_topic
from services.ingestor.app import IngestorSettings, ingest
from tests.streams import produce_raw, read_topic, wait_for


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def reached_unique(settings, article_id: str) -> bool:
    return article_id in [UniqueArticle.from_bytes(v).article.id for v in read_topic(settings, ARTICLES_UNIQUE)]


def test_invalid_messages_on_articles_raw_are_dead_lettered_and_the_next_article_goes_through(
    settings, pipeline, tmp_path
):
    produce_raw(settings, ARTICLES_RAW, b"\xff\xfe not json")
    produce_raw(settings, ARTICLES_RAW, json.dumps({"schema_version": 1, "id": "x", "title": "t"}).encode())
    produce_raw(settings, ARTICLES_RAW, json.dumps({"schema_version": 9, "id": "y"}).encode())
    (tmp_path / "good.txt").write_text("After the garbage\nA perfectly normal article about a protest in Beirut.")
    report = ingest([str(tmp_path)], IngestorSettings(namespace=settings.namespace))

    wait_for(lambda: reached_unique(settings, report.published[0].id), what="the good article on articles.unique")
    letters = [DeadLetter.from_bytes(v) for v in read_topic(settings, dead_letter_topic("dedup"))]
    assert [letter.error_kind for letter in letters] == ["schema_invalid"] * 3
    assert letters[0].original == b"\xff\xfe not json"
    assert "not a valid Article v1" in letters[1].error and "body" in letters[1].error
    assert "schema_version" in letters[2].error
    assert {letter.source_topic for letter in letters} == {settings.topic(ARTICLES_RAW)}

    metrics = scrape(pipeline.metrics_ports["dedup"])
    assert 'wirewatch_dead_letters_total{reason="schema_invalid",service="dedup"} 3.0' in metrics
    assert pipeline.processes["dedup"].poll() is None


def test_bad_files_do_not_stop_the_ingestor_or_the_pipeline(settings, pipeline, tmp_path):
    (tmp_path / "1.txt").write_bytes(b"Title\n\x80\x81 broken bytes")
    (tmp_path / "2.txt").write_bytes(b"")
    (tmp_path / "3.txt").write_bytes(b"Huge\n" + b"x" * (20 * 1024 * 1024))
    (tmp_path / "4.txt").write_text("Good one\nSecurity forces arrested 12 protesters in Khartoum on Monday.")
    report = ingest([str(tmp_path)], IngestorSettings(namespace=settings.namespace))
    assert [rejected.kind for _, rejected in report.rejected] == ["not_utf8", "empty", "too_large"]
    wait_for(lambda: reached_unique(settings, report.published[0].id), what="the good file's article downstream")

