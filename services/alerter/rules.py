"""Pure alert rules: does a subscription fire on this version of an event, and why."""

from __future__ import annotations

from dataclasses import dataclass

from services.common.ids import stable_id
from services.common.messages import Alert, AlertLifecycle, CanonicalEvent, Event, Subscription


@dataclass(frozen=True)
class AlertRecord:
    """What a subscription was last alerted about for one event."""

    event_version: int
    fatalities: int


def _folded(values: list[str]) -> set[str]:
    return {value.casefold() for value in values}


def match_reason(subscription: Subscription, event: Event) -> str | None:
    """Why the event matches the subscription's filters and threshold, or None."""
    location = event.location
    where = ", ".join(filter(None, (location.place or location.name, location.admin1, location.country)))
    if subscription.countries and not _folded(subscription.countries) & _folded(
        [c for c in (location.country, location.country_code) if c]
    ):
        return None
    if subscription.admin1 and (location.admin1 or "").casefold() not in _folded(subscription.admin1):
        return None
    if subscription.event_types and event.event_type not in subscription.event_types:
        return None
    if event.fatalities < subscription.min_fatalities:
        return None
    return (
        f"{event.sub_event_type.value} in {where} on {event.event_date.isoformat()}: "
        f"{event.fatalities} fatalities (threshold {subscription.min_fatalities})"
    )


def evaluate(subscription: Subscription, canonical: CanonicalEvent, previous: AlertRecord | None) -> Alert | None:
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
    )
