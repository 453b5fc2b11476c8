"""Places named the way news writes them: districts without their administrative word, addresses in brackets."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.common.messages import Article
from services.extractor.engine import extract_events


def _where(body: str):
    article = Article(id="g1", title="", body=body, published_at=datetime(2020, 5, 4, 12, tzinfo=timezone.utc),
                      source="Test Wire", content_hash="x")
    return [(e.location.place, e.location.admin1, e.location.country_code, e.location.geo_precision)
            for e in extract_events(article).events]


@pytest.mark.parametrize("body, expected", [
    # GeoNames calls the divisions "Al-Chibayish District", "Shekhan District"; news writes "X district"
    ("On 2 May 2020, farmers protested in Al-Chibayish district against water shortages.",
     ("Al-Chibayish District", "Thi-Qar", "IQ", 2)),
    ("On 2 May 2020, gunmen killed a shepherd in the Shekhan district of Ninewa.",
     ("Shekhan District", "Ninewa", "IQ", 2)),
])
def test_a_district_is_found_without_its_administrative_word(body, expected):
    assert _where(body) == [expected]
