from services.alerter.rules import AlertRecord, evaluate, match_reason
from services.common.messages import AlertLifecycle, EventType, Subscription
from tests.factories import canonical, event

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
