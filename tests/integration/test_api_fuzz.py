"""Property-based run of the API against its own OpenAPI schema (schemathesis), on real Redis and
Kafka: whatever the schema allows a client to send, the API must never answer with a 5xx."""

import pytest
import redis
import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings

from services.api import feeds
from services.api.app import app, settings as api_settings
from services.api.auth import ApiKeyStore
from services.ingestor.app import IngestorSettings

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# The alert stream is endless by design; it is tested on its own in test_api.py.
schema = schema.exclude(path_regex=r"/alerts$")


@pytest.fixture(scope="module")
def api_key(settings):
    app.dependency_overrides[api_settings] = lambda: settings
    app.dependency_overrides[feeds.ingestor_settings] = lambda: IngestorSettings(namespace=settings.namespace)
    yield ApiKeyStore(redis.Redis.from_url(settings.redis_url), settings).create("fuzzer")
    app.dependency_overrides.clear()


@schema.parametrize()
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_for_any_request_the_schema_allows(case, api_key):
    response = case.call(headers={"X-API-Key": api_key})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
