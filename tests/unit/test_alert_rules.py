from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from services.alerter.rules import AlertRecord, evaluate, evaluate_window, in_box, match_reason
from services.common.messages import (
    AggregateRule,
    AlertLifecycle,
    BoundingBox,
    EventType,
    GeoCircle,
    Location,
    SubEventType,
    Subscription,
    WindowTally,
)
from tests.factories import IDLIB_CITY, canonical, event

SYRIA_20 = Subscription(id="s1", name="Syria >= 20", countries=["Syria"], min_fatalities=20)


def test_matching_event_fires_a_new_alert_that_says_why():
    alert = evaluate(SYRIA_20, canonical(event("c1", fatalities=21)), previous=None)
    assert alert.lifecycle is AlertLifecycle.NEW
    assert "21 fatalities (threshold 20)" in alert.reason
    assert "Idlib" in alert.reason


def test_event_below_threshold_or_elsewhere_fires_nothing():
    assert evaluate(SYRIA_20, canonical(event("c1", fatalities=4)), None) is None
    iraq = Subscription(id="s2", name="Iraq", countries=["IQ"])
    assert evaluate(iraq, canonical(event("c1")), None) is None


def test_country_matches_by_name_or_code_in_any_case():
    assert match_reason(SYRIA_20.model_copy(update={"countries": ["sy"]}), event(fatalities=30))
    assert match_reason(SYRIA_20.model_copy(update={"countries": ["SYRIA"]}), event(fatalities=30))


def test_same_version_again_fires_nothing():
    assert evaluate(SYRIA_20, canonical(event("c1"), version=1), AlertRecord(1, 21)) is None


def test_higher_toll_in_a_later_version_fires_one_updated_alert():
    alert = evaluate(SYRIA_20, canonical(event("c1"), version=2, fatalities=30), AlertRecord(1, 21))
    assert alert.lifecycle is AlertLifecycle.UPDATED
    assert "toll raised from 21" in alert.reason


def test_later_version_without_higher_toll_or_for_new_only_subscription_fires_nothing():
    assert evaluate(SYRIA_20, canonical(event("c1"), version=2, fatalities=21), AlertRecord(1, 21)) is None
    new_only = SYRIA_20.model_copy(update={"notify_updates": False})
    assert evaluate(new_only, canonical(event("c1"), version=2, fatalities=30), AlertRecord(1, 21)) is None


def test_alert_id_is_the_same_for_the_same_subscription_event_and_version():
    a = evaluate(SYRIA_20, canonical(event("c1")), None)
    b = evaluate(SYRIA_20, canonical(event("c1")), None)
    assert a.id == b.id


def test_event_type_filter():
    battles_only = SYRIA_20.model_copy(update={"event_types": [EventType.BATTLES]})
    assert evaluate(battles_only, canonical(event("c1")), None) is None


def test_circle_and_box_filters_use_the_event_coordinates():
    near_idlib = SYRIA_20.model_copy(update={"area": GeoCircle(lat=35.9, lon=36.6, radius_km=10)})
    near_aleppo = SYRIA_20.model_copy(update={"area": GeoCircle(lat=36.2, lon=37.16, radius_km=10)})
    assert match_reason(near_idlib, event(fatalities=30))
    assert match_reason(near_aleppo, event(fatalities=30)) is None
    box = BoundingBox(min_lat=35, min_lon=36, max_lat=36, max_lon=37)
    assert match_reason(SYRIA_20.model_copy(update={"bbox": box}), event(fatalities=30))


def test_box_across_the_antimeridian():
    fiji = Location(name="Suva", lat=-18.1, lon=178.4, geo_precision=1)
    samoa = Location(name="Apia", lat=-13.8, lon=-171.8, geo_precision=1)
    box = BoundingBox(min_lat=-25, min_lon=170, max_lat=-10, max_lon=-170)
    assert in_box(fiji, box) and in_box(samoa, box)
    assert not in_box(IDLIB_CITY, box)


def test_sub_type_actor_keyword_and_outlet_filters():
    strike = event(fatalities=30)
    assert match_reason(SYRIA_20.model_copy(update={"sub_event_types": [SubEventType.AIR_DRONE_STRIKE]}), strike)
    assert match_reason(SYRIA_20.model_copy(update={"sub_event_types": [SubEventType.ARMED_CLASH]}), strike) is None
    assert match_reason(SYRIA_20.model_copy(update={"actors": ["forces of syria"]}), strike)
    assert match_reason(SYRIA_20.model_copy(update={"actors": ["Hayat Tahrir"]}), strike) is None
    assert match_reason(SYRIA_20.model_copy(update={"keywords": ["idlib"]}), strike)
    assert match_reason(SYRIA_20.model_copy(update={"keywords": ["kabul"]}), strike) is None
    two_outlets = SYRIA_20.model_copy(update={"min_outlets": 2})
    assert match_reason(two_outlets, strike) is None
    assert "2 outlets" in match_reason(two_outlets, strike.model_copy(update={"outlets": ["A", "B"]}))


def test_event_rules_leave_aggregate_subscriptions_alone():
    aggregate = SYRIA_20.model_copy(update={"aggregate": AggregateRule(min_fatalities=50)})
    assert evaluate(aggregate, canonical(event("c1", fatalities=99)), None) is None


def window(fatalities: int, end_hour: int = 12, baseline: float | None = 0.0) -> WindowTally:
    end = datetime(2020, 1, 16, end_hour, tzinfo=timezone.utc)
    return WindowTally(country_code="SY", admin1="Idlib", window_start=end - timedelta(hours=24), window_end=end,
                       events=2, fatalities=fatalities, baseline_fatalities=baseline)


IDLIB_50 = Subscription(id="agg", name="Idlib 50/24h", admin1=["Idlib"], aggregate=AggregateRule(min_fatalities=50))


def test_window_rule_fires_when_the_threshold_is_reached_and_says_why():
    assert evaluate_window(IDLIB_50, window(49), None) is None
    alert = evaluate_window(IDLIB_50, window(76), None)
    assert "76 fatalities in Idlib, SY in the 24 h" in alert.reason
    assert alert.aggregate.fatalities == 76 and alert.event is None


def test_window_rule_is_quiet_for_the_debounce_period_then_fires_again():
    fired_at = datetime(2020, 1, 16, 12, tzinfo=timezone.utc)
    assert evaluate_window(IDLIB_50, window(90, end_hour=20), fired_at) is None
    later = window(90, end_hour=12).model_copy(update={"window_end": fired_at + timedelta(hours=24)})
    assert evaluate_window(IDLIB_50, later, fired_at) is not None


def test_spike_rule_compares_with_the_region_baseline():
    spike = Subscription(id="s", name="spike", aggregate=AggregateRule(spike_factor=3))
    assert evaluate_window(spike, window(20, baseline=10.0), None) is None
    assert "3.0x its average of 10.0" in evaluate_window(spike, window(30, baseline=10.0), None).reason
    assert evaluate_window(spike, window(2, baseline=0.0), None) is None  # quiet region, tiny toll


def test_invalid_rules_are_refused():
    with pytest.raises(ValidationError):
        AggregateRule()
    with pytest.raises(ValidationError):
        BoundingBox(min_lat=10, min_lon=0, max_lat=5, max_lon=1)
    with pytest.raises(ValidationError):
        Subscription(id="has space", name="x")
