"""The ingestor against the real broker: articles to articles.raw, bad input to ingestor.dlq."""

from services.common.messages import Article, DeadLetter
from services.common.topics import ARTICLES_RAW, dead_letter_topic
from services.ingestor.app import IngestorSettings, ingest
from tests.conftest import SEEDS
from tests.streams import read_topic


def test_seed_folder_publishes_the_seed_article_with_its_metadata(settings):
    report = ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    assert len(report.published) == 1 and not report.rejected
    (raw,) = read_topic(settings, ARTICLES_RAW)
    article = Article.from_bytes(raw)
    assert article.title == "Syrian airstrikes in Idlib leave at least 21 dead despite ceasefire"
    assert article.published_at.date().isoformat() == "2020-01-16"
    assert "<span>" not in article.body


def test_bad_files_are_dead_lettered_with_reasons_and_good_ones_still_published(settings, tmp_path):
    (tmp_path / "a_latin1.txt").write_bytes("Titre\nLe caf\xe9 est ferm\xe9.".encode("latin-1"))
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_huge.txt").write_bytes(b"Huge\n" + b"word " * (4 * 1024 * 1024))  # 20 MB
    (tmp_path / "d_good.txt").write_text("Fine title\nAt least 3 people were killed in Kabul on Monday.")
    dlq_before = len(read_topic(settings, dead_letter_topic("ingestor")))

    report = ingest([str(tmp_path)], IngestorSettings(namespace=settings.namespace))

    assert [article.title for article in report.published] == ["Fine title"]
    letters = [DeadLetter.from_bytes(v) for v in read_topic(settings, dead_letter_topic("ingestor"))[dlq_before:]]
    by_file = {letter.source_ref.rsplit("/", 1)[-1]: letter for letter in letters}
    assert by_file["a_latin1.txt"].error_kind == "not_utf8"
    assert "offset" in by_file["a_latin1.txt"].error
    assert by_file["b_empty.txt"].error_kind == "empty"
    assert by_file["c_huge.txt"].error_kind == "too_large"
    assert by_file["c_huge.txt"].original_size > 5 * 1024 * 1024
    assert len(by_file["c_huge.txt"].original) <= settings.dead_letter_max_bytes
