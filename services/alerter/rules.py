"""Pure alert rules: does a subscription fire on this version of an event, or on a region's window
total, and why. No I/O: the alerter's shell supplies what was alerted before and the window sums.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.common.ids import stable_id
from services.common.messages import (
    Alert,
    AlertLifecycle,
    AggregateRule,
    BoundingBox,
    CanonicalEvent,
    Event,
    GeoCircle,
    Location,
    Subscription,
    WindowTally,
)

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class AlertRecord:
    """What a subscription was last alerted about for one event."""

    event_version: int
    fatalities: int


def _folded(values: list[str]) -> set[str]:
    return {value.casefold() for value in values}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def in_circle(location: Location, area: GeoCircle) -> bool:
    return location.lat is not None and location.lon is not None and (
        distance_km(area.lat, area.lon, location.lat, location.lon) <= area.radius_km
    )


def in_box(location: Location, box: BoundingBox) -> bool:
    if location.lat is None or location.lon is None or not box.min_lat <= location.lat <= box.max_lat:
        return False
    if box.min_lon <= box.max_lon:
        return box.min_lon <= location.lon <= box.max_lon
    return location.lon >= box.min_lon or location.lon <= box.max_lon  # across the antimeridian


def region_matches(subscription: Subscription, location: Location) -> bool:
    """The place filters: countries, admin1, circle and box. Empty filters match everything."""
    if subscription.countries and not _folded(subscription.countries) & _folded(
        [c for c in (location.country, location.country_code) if c]
    ):
        return False
    if subscription.admin1 and (location.admin1 or "").casefold() not in _folded(subscription.admin1):
        return False
    if subscription.area and not in_circle(location, subscription.area):
        return False
    return not subscription.bbox or in_box(location, subscription.bbox)


def _mentions(event: Event, words: list[str]) -> bool:
    actors = [a.name for a in (event.actor1, event.actor2, *event.assoc_actors) if a]
    haystack = " ".join([*(e.text for e in event.evidence), *actors, event.location.name]).casefold()
    return any(word.casefold() in haystack for word in words)


def match_reason(subscription: Subscription, event: Event) -> str | None:
    """Why the event matches the subscription's filters and thresholds, or None."""
    if not region_matches(subscription, event.location):
        return None
    if subscription.event_types and event.event_type not in subscription.event_types:
        return None
    if subscription.sub_event_types and event.sub_event_type not in subscription.sub_event_types:
        return None
    if subscription.actors:
        names = _folded([a.name for a in (event.actor1, event.actor2, *event.assoc_actors) if a])
        if not any(wanted in name for wanted in _folded(subscription.actors) for name in names):
            return None
    if subscription.keywords and not _mentions(event, subscription.keywords):
        return None
    if event.fatalities < subscription.min_fatalities or len(event.outlets) < subscription.min_outlets:
        return None
    location = event.location
    where = ", ".join(filter(None, (location.place or location.name, location.admin1, location.country)))
    outlets = f", {len(event.outlets)} outlets (threshold {subscription.min_outlets})" if subscription.min_outlets else ""
    return (
        f"{event.sub_event_type.value} in {where} on {event.event_date.isoformat()}: "
        f"{event.fatalities} fatalities (threshold {subscription.min_fatalities}){outlets}"
    )


def evaluate(subscription: Subscription, canonical: CanonicalEvent, previous: AlertRecord | None) -> Alert | None:
    """An event subscription's verdict on one version of an event."""
    if subscription.aggregate is not None:
        return None
    reason = match_reason(subscription, canonical.event)
    if reason is None:
        return None
    if previous is None:
        lifecycle = AlertLifecycle.NEW
    elif canonical.version <= previous.event_version:
        return None  # a repeat or an out-of-date version
    elif subscription.notify_updates and canonical.event.fatalities > previous.fatalities:
        lifecycle = AlertLifecycle.UPDATED
        reason = f"{reason}; toll raised from {previous.fatalities}"
    else:
        return None
    return Alert(
        id=stable_id("alert", subscription.id, canonical.id, canonical.version),
        subscription_id=subscription.id,
        event_id=canonical.id,
        event_version=canonical.version,
        lifecycle=lifecycle,
        reason=reason,
        event=canonical.event,
        links=canonical.event.article_urls,
    )


def window_reason(rule: AggregateRule, tally: WindowTally) -> str | None:
    """Why a region's window total meets the rule, or None."""
    region = f"{tally.admin1}, {tally.country_code}"
    span = f"the {rule.window_hours} h to {tally.window_end:%Y-%m-%d %H:00} UTC"
    if rule.min_fatalities is not None and tally.fatalities >= rule.min_fatalities:
        return f"{tally.fatalities} fatalities in {region} in {span} (threshold {rule.min_fatalities})"
    if rule.spike_factor is not None and tally.baseline_fatalities is not None:
        # A quiet baseline counts as one death per window, so a first event is no "infinite" spike.
        expected = max(tally.baseline_fatalities, 1.0)
        if tally.fatalities >= rule.spike_factor * expected:
            return (f"{tally.fatalities} fatalities in {region} in {span}: {tally.fatalities / expected:.1f}x "
                    f"its average of {tally.baseline_fatalities:.1f} (spike factor {rule.spike_factor:g})")
    return None


def evaluate_window(subscription: Subscription, tally: WindowTally, last_fired: datetime | None) -> Alert | None:
    """An aggregate subscription's verdict on a region's window; quiet for `debounce_hours` after firing.

    Time is stream time (the window ends at the report time of the event that changed it), so a
    replay of old news fires as it would have fired live.
    """
    rule = subscription.aggregate
    if rule is None:
        return None
    reason = window_reason(rule, tally)
    if reason is None:
        return None
    debounce = timedelta(hours=rule.debounce_hours or rule.window_hours)
    if last_fired is not None and tally.window_end < last_fired + debounce:
        return None
    return Alert(
        id=stable_id("aggregate", subscription.id, tally.country_code, tally.admin1, tally.window_end.isoformat()),
        subscription_id=subscription.id,
        lifecycle=AlertLifecycle.NEW,
        reason=reason,
        aggregate=tally,
    )
