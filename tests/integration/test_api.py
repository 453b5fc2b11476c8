"""The HTTP API against the real Redis server: keys, ownership, queries, GeoJSON and SSE."""

import json
import threading
from datetime import date, datetime, timezone

import pytest
import redis
from fastapi.testclient import TestClient

from services.alerter.app import alert_channel, recent_alerts_key
from services.api.app import app, settings as api_settings
from services.api.auth import ApiKeyStore
from services.common.messages import Alert, AlertLifecycle
from services.sink.aggregates import EventWriter
from tests.factories import ALEPPO_CITY, canonical, event
from tests.streams import wait_for, with_async_redis

SUBSCRIPTION = {"id": "api-1", "name": "Yemen", "countries": ["Yemen"], "min_fatalities": 5}


@pytest.fixture(scope="module")
def keys(settings):
    store = ApiKeyStore(redis.Redis.from_url(settings.redis_url), settings)
    return {"alice": store.create("alice"), "bob": store.create("bob")}


@pytest.fixture
def client(settings):
    app.dependency_overrides[api_settings] = lambda: settings
    yield TestClient(app)
    app.dependency_overrides.clear()


def as_(keys, who):
    return {"X-API-Key": keys[who]}


def test_missing_key_is_401_and_unknown_key_is_403_without_data(client):
    missing = client.get("/subscriptions")
    assert missing.status_code == 401 and "subscriptions" not in missing.text.lower().replace("x-api-key", "")
    wrong = client.get("/events", headers={"X-API-Key": "ww_not-a-key"})
    assert wrong.status_code == 403 and wrong.json() == {"detail": "unknown API key"}


def test_subscription_lifecycle_is_scoped_to_the_owner(client, keys):
    assert client.put("/subscriptions/api-1", json=SUBSCRIPTION, headers=as_(keys, "alice")).json()["owner"] == "alice"
    assert [s["id"] for s in client.get("/subscriptions", headers=as_(keys, "alice")).json()] == ["api-1"]
    assert client.get("/subscriptions", headers=as_(keys, "bob")).json() == []
    assert client.get("/subscriptions/api-1", headers=as_(keys, "bob")).status_code == 404
    assert client.delete("/subscriptions/api-1", headers=as_(keys, "bob")).status_code == 404
    assert client.put("/subscriptions/api-1", json=SUBSCRIPTION, headers=as_(keys, "bob")).status_code == 409
    assert client.delete("/subscriptions/api-1", headers=as_(keys, "alice")).status_code == 204
    assert client.get("/subscriptions/api-1", headers=as_(keys, "alice")).status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"id": "bad", "name": "x", "min_fatalities": -1}, "min_fatalities"),
    ({"id": "bad", "name": "x", "area": {"lat": 95, "lon": 0, "radius_km": 5}}, "lat"),
    ({"id": "bad", "name": "x", "aggregate": {"window_hours": 24}}, "aggregate"),
    ({"id": "bad", "name": "x", "event_types": ["Earthquake"]}, "event_types"),
    ({"id": "bad", "name": ""}, "name"),
])
def test_invalid_subscription_is_422_naming_the_field(client, keys, body, field):
    response = client.put("/subscriptions/bad", json=body, headers=as_(keys, "alice"))
    assert response.status_code == 422
    assert field in [str(part) for error in response.json()["detail"] for part in error["loc"]]


def test_path_and_body_ids_must_agree(client, keys):
    response = client.put("/subscriptions/a", json={"id": "b", "name": "x"}, headers=as_(keys, "alice"))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "id"]


@pytest.fixture(scope="module")
def stored_events(settings):
    reported = datetime(2023, 6, 1, 10, tzinfo=timezone.utc)
    events = [
        canonical(event("api-e1", on=date(2023, 6, 1), fatalities=9).model_copy(update={"reported_at": reported})),
        canonical(event("api-e2", on=date(2023, 6, 2), fatalities=30, location=ALEPPO_CITY)
                  .model_copy(update={"reported_at": reported})),
    ]

    async def work(client):
        writer = EventWriter(client, settings)
        return [await writer.write(e) for e in events]

    with_async_redis(settings, work)
    return events


def test_event_queries_filter_and_radius(client, keys, stored_events):
    headers = as_(keys, "bob")
    assert [e["id"] for e in client.get("/events", headers=headers).json()] == ["api-e2", "api-e1"]
    assert [e["id"] for e in client.get("/events?admin1=aleppo", headers=headers).json()] == ["api-e2"]
    assert [e["id"] for e in client.get("/events?min_fatalities=10", headers=headers).json()] == ["api-e2"]
    assert [e["id"] for e in client.get("/events?until=2023-06-01", headers=headers).json()] == ["api-e1"]
    near = client.get("/events?lat=35.93&lon=36.63&radius_km=20", headers=headers).json()
    assert [e["id"] for e in near] == ["api-e1"]
    assert client.get("/events?lat=35.93", headers=headers).status_code == 422


def test_events_as_geojson_for_maps(client, keys, stored_events):
    response = client.get("/events?format=geojson", headers=as_(keys, "bob"))
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [37.16, 36.2]}
    assert features[0]["properties"]["fatalities"] == 30


def test_day_rolling_and_top_aggregates(client, keys, stored_events):
    headers = as_(keys, "bob")
    assert client.get("/aggregates/2023-06-01", headers=headers).json() == {"SY:Idlib": {"events": 1, "fatalities": 9}}
    rolling = client.get("/aggregates/rolling?hours=24&end=2023-06-01T20:00:00Z", headers=headers).json()
    assert rolling == {"SY:Aleppo": {"events": 1, "fatalities": 30}, "SY:Idlib": {"events": 1, "fatalities": 9}}
    assert client.get("/aggregates/rolling?hours=5&end=2023-06-01T20:00:00Z", headers=headers).json() == {}
    assert client.get("/aggregates/2023-06-02/top", headers=headers).json() == [["SY:Aleppo", 30]]
    assert client.get("/aggregates/not-a-day", headers=headers).status_code == 422


def test_alert_stream_replays_recent_alerts_as_server_sent_events(client, keys, settings, stored_events):
    client.put("/subscriptions/sse-1", json={"id": "sse-1", "name": "all"}, headers=as_(keys, "alice"))
    alert = Alert(id="a-1", subscription_id="sse-1", lifecycle=AlertLifecycle.NEW, reason="test",
                  event=stored_events[0].event)
    redis.Redis.from_url(settings.redis_url).lpush(recent_alerts_key(settings, "sse-1"), alert.to_bytes())
    with client.stream("GET", "/subscriptions/sse-1/alerts?replay=10&limit=1", headers=as_(keys, "alice")) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    assert body.startswith("id: a-1\nevent: alert\ndata: ")
    assert json.loads(body.split("data: ", 1)[1])["reason"] == "test"
    assert client.get("/subscriptions/sse-1/alerts", headers=as_(keys, "bob")).status_code == 404


def test_alert_stream_delivers_live_alerts_from_the_redis_channel(client, keys, settings, stored_events):
    client.put("/subscriptions/sse-2", json={"id": "sse-2", "name": "all"}, headers=as_(keys, "alice"))
    alert = Alert(id="live-1", subscription_id="sse-2", lifecycle=AlertLifecycle.NEW, reason="live",
                  event=stored_events[1].event)
    channel = alert_channel(settings, "sse-2")
    publisher = redis.Redis.from_url(settings.redis_url)

    def publish_once_listened():
        wait_for(lambda: dict(publisher.pubsub_numsub(channel)).get(channel.encode()), what="the SSE listener")
        publisher.publish(channel, alert.to_bytes())

    thread = threading.Thread(target=publish_once_listened, daemon=True)
    thread.start()
    with client.stream("GET", "/subscriptions/sse-2/alerts?limit=1", headers=as_(keys, "alice")) as response:
        body = "".join(response.iter_text())
    thread.join(timeout=10)
    assert body.startswith("id: live-1\nevent: alert\n")


def test_health_and_metrics_need_no_key(client):
    assert client.get("/health").json() == {"status": "ok"}
    assert "python_info" in client.get("/metrics").text


def test_webhook_subscription_gets_a_signing_secret_and_only_http_urls(client, keys):
    body = {"id": "hooked", "name": "hook", "webhook_url": "https://hooks.example/wirewatch"}
    created = client.put("/subscriptions/hooked", json=body, headers=as_(keys, "alice")).json()
    assert len(created["webhook_secret"]) >= 32
    bad = client.put("/subscriptions/hooked", json={**body, "webhook_url": "file:///etc/passwd"}, headers=as_(keys, "alice"))
    assert bad.status_code == 422 and "webhook_url" in bad.json()["detail"][0]["loc"]


def test_stories_latest_first_filtered_by_outlets_and_one_by_id(client, keys, settings):
    from services.stories.index import RedisStoryIndex
    from tests.integration.test_story_index import unique, week
    from tests.unit.test_stories_core import DAILY, WIRE

    wire, daily = unique(WIRE, "Wire", "api"), unique(DAILY, "Daily", "api")

    async def file(redis_client):
        index = RedisStoryIndex(redis_client, settings, window_s=7 * 86400)
        now = datetime.now(timezone.utc).timestamp()
        await index.file_batch(week("api"), now - 60)
        await index.file_batch([wire, daily], now)

    with_async_redis(settings, file)
    latest = client.get("/stories", params={"limit": 3}, headers=as_(keys, "alice")).json()
    assert latest[0]["id"] == wire.article.id and latest[0]["outlets"] == ["Wire", "Daily"] and len(latest) == 3
    told_twice = client.get("/stories", params={"min_outlets": 2}, headers=as_(keys, "bob")).json()
    assert [s["id"] for s in told_twice] == [wire.article.id]
    one = client.get(f"/stories/{wire.article.id}", headers=as_(keys, "alice")).json()
    assert (one["version"], one["title"], one["article_id"]) == (2, WIRE[0], daily.article.id)
    assert client.get("/stories/no-such-story", headers=as_(keys, "alice")).status_code == 404
    assert client.get("/stories").status_code == 401
