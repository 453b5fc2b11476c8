"""The HTTP API against the real Redis server."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from services.api.app import app, settings as api_settings
from services.sink.aggregates import EventWriter
from tests.factories import canonical, event
from tests.streams import with_async_redis


@pytest.fixture
def client(settings):
    app.dependency_overrides[api_settings] = lambda: settings
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_subscription_lifecycle(client):
    body = {"id": "api-1", "name": "Yemen", "countries": ["Yemen"], "min_fatalities": 5}
    assert client.put("/subscriptions/api-1", json=body).status_code == 200
    assert [s["id"] for s in client.get("/subscriptions").json()] == ["api-1"]
    assert client.get("/subscriptions/api-1").json()["min_fatalities"] == 5
    assert client.delete("/subscriptions/api-1").status_code == 204
    assert client.get("/subscriptions/api-1").status_code == 404
    assert client.delete("/subscriptions/api-1").status_code == 404


def test_invalid_subscription_is_refused_with_the_field_at_fault(client):
    response = client.put("/subscriptions/bad", json={"id": "bad", "name": "x", "min_fatalities": -1})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "min_fatalities"
    mismatch = client.put("/subscriptions/a", json={"id": "b", "name": "x"})
    assert mismatch.status_code == 422


def test_events_and_day_aggregates_come_from_what_the_sink_wrote(client, settings):
    stored = canonical(event("api-e1", on=date(2023, 6, 1), fatalities=9))
    with_async_redis(settings, lambda redis_client: EventWriter(redis_client, settings).write(stored))
    assert [e["id"] for e in client.get("/events").json()] == ["api-e1"]
    assert client.get("/aggregates/2023-06-01").json() == {"SY:Idlib": {"events": 1, "fatalities": 9}}
    assert client.get("/health").json() == {"status": "ok"}
    assert "python_info" in client.get("/metrics").text
