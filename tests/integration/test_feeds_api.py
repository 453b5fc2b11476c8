"""The ingestor's API routes (feed list, pushed articles) against the real broker and Redis."""

import pytest
import redis
from fastapi.testclient import TestClient

from services.api.app import app, settings as api_settings
from services.api.auth import ApiKeyStore
from services.api.feeds import ingestor_settings
from services.common.messages import Article, DeadLetter
from services.common.topics import ARTICLES_RAW, dead_letter_topic
from services.ingestor.app import IngestorSettings
from tests.streams import read_topic


@pytest.fixture
def client(settings):
    app.dependency_overrides[ingestor_settings] = lambda: IngestorSettings(namespace=settings.namespace)
    app.dependency_overrides[api_settings] = lambda: settings
    key = ApiKeyStore(redis.Redis.from_url(settings.redis_url), settings).create("feeds-owner")
    yield TestClient(app, headers={"X-API-Key": key})
    app.dependency_overrides.clear()


def test_feed_routes_need_an_api_key(client):
    assert client.get("/feeds", headers={"X-API-Key": ""}).status_code == 401
    assert client.post("/articles", json={"title": "t", "body": "b"}, headers={"X-API-Key": "ww_nope"}).status_code == 403


def test_feed_list_add_list_remove(client):
    added = client.post("/feeds", json={"url": "https://news.example.org/world/rss", "interval_s": 300})
    assert added.status_code == 201
    feed_id = added.json()["id"]
    listed = client.get("/feeds").json()
    assert [(f["feed"]["id"], f["feed"]["interval_s"], f["state"]) for f in listed] == [(feed_id, 300, None)]
    assert client.delete(f"/feeds/{feed_id}").status_code == 204
    assert client.get("/feeds").json() == [] and client.delete(f"/feeds/{feed_id}").status_code == 404
    assert client.post("/feeds", json={"url": "not a url"}).status_code == 422


def test_pushed_article_is_published_once_and_changed_text_as_the_next_version(client, settings):
    story = {"title": "Clashes in Tripoli", "body": "At least 4 people were killed.",
             "url": "https://news.example.org/tripoli?utm_source=push", "published_at": "2024-03-01T10:00:00Z"}
    first = client.post("/articles", json=story).json()
    again = client.post("/articles", json=story).json()
    updated = client.post("/articles", json={**story, "body": "At least 9 people were killed."}).json()
    assert (first["version"], again["published"], updated["version"]) == (1, False, 2)
    assert first["id"] == again["id"] == updated["id"]
    pushed = [Article.from_bytes(raw) for raw in read_topic(settings, ARTICLES_RAW)]
    mine = [a for a in pushed if a.id == first["id"]]
    assert [(a.version, a.canonical_url) for a in mine] == [(1, "https://news.example.org/tripoli")] + \
        [(2, "https://news.example.org/tripoli")]


def test_empty_pushed_article_is_refused_and_dead_lettered(client, settings):
    response = client.post("/articles", json={"title": " ", "body": "<p> </p>"})
    assert response.status_code == 422 and response.json()["detail"].startswith("empty")
    letters = [DeadLetter.from_bytes(raw) for raw in read_topic(settings, dead_letter_topic("ingestor"))]
    assert letters[-1].source_ref == "api:/articles" and letters[-1].error_kind == "empty"
