"""Every message that crosses a Kafka topic, as versioned pydantic models.

Each model carries a `schema_version`; a consumer rejects (dead-letters) a version it does not
know instead of guessing. The JSON Schemas in `schemas/` are generated from these classes by
`wirewatch schemas write` and must never be edited by hand.
"""

from __future__ import annotations

import base64
import enum
from datetime import date, datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator, model_validator


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class WireModel(BaseModel):
    """Base of every message: strict about unknown fields so schema drift is caught early."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes):
        return cls.model_validate_json(raw)


# --- Articles -------------------------------------------------------------------------------


class Article(WireModel):
    """One news article as fetched, before any deduplication."""

    schema_version: Literal[1] = 1
    id: str = Field(description="Stable id: hash of the canonical URL, or of the content when there is no URL.")
    version: int = Field(1, ge=1, description="Raised when the same article is republished with changed text.")
    url: str | None = None
    canonical_url: str | None = None
    title: str
    body: str
    published_at: datetime | None = None
    fetched_at: datetime = Field(default_factory=utc_now)
    source: str | None = Field(None, description="Outlet that published the article, e.g. 'The Guardian'.")
    author: str | None = Field(None, max_length=500, description="Byline, when the feed or page gives one.")
    language: str | None = Field(None, description="ISO 639-1 code when known.")
    feed_id: str | None = None
    content_hash: str = Field(description="Hash of the normalised title and body; equal for exact copies.")


class UniqueArticle(WireModel):
    """An article that passed deduplication, with the story cluster it belongs to."""

    schema_version: Literal[1] = 1
    article: Article
    cluster_id: str = Field(description="Story cluster: articles that tell the same story share it.")


class Story(WireModel):
    """A story as its outlets carried it, after an article joined it: upserts keyed by story id,
    the highest version is the newest. Copies of one text (wire copy under other headlines) are
    counted by the dedup stage on the article's `cluster_id`; a story gathers different texts, each
    outlet's own write-up, that tell the same story."""

    schema_version: Literal[1] = 1
    id: str = Field(description="Story id: the id of the story's first article.")
    version: int = Field(ge=1, description="The number of articles in the story; raised by each one that joins.")
    article_id: str = Field(description="The article whose arrival gave this version.")
    title: str = Field(description="Headline of the story's first article.")
    articles: int = Field(ge=1, description="Articles (distinct texts, each with its copies) that told the story.")
    outlets: list[str] = Field(description="Outlets that told it, in the order they first did.")
    first_seen_at: datetime = Field(description="When the story's first article was filed.")
    updated_at: datetime = Field(description="When the article of this version was filed.")


# --- Events ---------------------------------------------------------------------------------


class EventType(str, enum.Enum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(str, enum.Enum):
    """ACLED's 25 sub-event types."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"


class Location(WireModel):
    name: str = Field(description="The place as the text names it.")
    geonames_id: int | None = None
    place: str | None = Field(None, description="Gazetteer name of the resolved place.")
    admin1: str | None = None
    country: str | None = None
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2.")
    lat: float | None = None
    lon: float | None = None
    geo_precision: Literal[1, 2, 3] = Field(
        1, description="ACLED: 1 the town itself, 2 near a town or part of a region, 3 only a region."
    )


class Actor(WireModel):
    name: str = Field(description="Canonical actor name, e.g. 'Military Forces of Syria'.")
    as_written: str
    category: str | None = Field(None, description="ACLED actor category, e.g. 'State forces', 'Rebel group'.")


class Evidence(WireModel):
    text: str
    start: int = Field(ge=0, description="Character offset of the sentence in the article body.")
    end: int = Field(ge=0)


class Event(WireModel):
    """One event as extracted from one article."""

    schema_version: Literal[1] = 1
    id: str = Field(description="Deterministic: same article text gives the same event ids.")
    event_type: EventType
    sub_event_type: SubEventType
    event_date: date
    time_precision: Literal[1, 2, 3] = Field(1, description="ACLED: 1 day known, 2 week, 3 month.")
    location: Location
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors: list[Actor] = Field(default_factory=list)
    fatalities: int = Field(0, ge=0)
    injured: int | None = Field(None, ge=0)
    displaced: int | None = Field(None, ge=0)
    sources: list[str] = Field(default_factory=list, description="Who the article cites for the facts (SOHR, SANA, ...).")
    article_ids: list[str] = Field(default_factory=list)
    article_urls: list[str] = Field(default_factory=list, description="Links to the reporting articles, when known.")
    outlets: list[str] = Field(default_factory=list, description="Outlets whose articles reported the event.")
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    reported_at: datetime | None = Field(None, description="Publication time of the earliest report.")


class CanonicalEvent(WireModel):
    """The merged view of one real-world event, upserted on events.canonical by (id, version)."""

    schema_version: Literal[1] = 1
    id: str
    version: int = Field(ge=1, description="Raised each time a merge changes the event.")
    event: Event = Field(description="Merged fields; `event.id` equals `id`.")
    member_event_ids: list[str] = Field(description="Extracted events merged into this one.")
    updated_at: datetime = Field(default_factory=utc_now)


# --- Subscriptions and alerts ---------------------------------------------------------------


class GeoCircle(WireModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=20_000)


class BoundingBox(WireModel):
    min_lat: float = Field(ge=-90, le=90)
    min_lon: float = Field(ge=-180, le=180)
    max_lat: float = Field(ge=-90, le=90)
    max_lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _corners_in_order(self):
        if self.min_lat > self.max_lat:
            raise ValueError("min_lat must not exceed max_lat")
        return self  # min_lon > max_lon is allowed: a box across the antimeridian


class AggregateRule(WireModel):
    """Fires on a region's toll over a rolling window of report time, not on single events.

    `min_fatalities`: the window's fatalities reach N. `spike_factor`: the window's fatalities reach
    that many times the region's own average over the `baseline_windows` windows before it.
    """

    window_hours: int = Field(24, ge=1, le=24 * 30)
    min_fatalities: int | None = Field(None, ge=1)
    spike_factor: float | None = Field(None, gt=1)
    baseline_windows: int = Field(7, ge=1, le=52)
    debounce_hours: int | None = Field(None, ge=1, description="Quiet time after firing; default one window.")

    @model_validator(mode="after")
    def _has_a_trigger(self):
        if self.min_fatalities is None and self.spike_factor is None:
            raise ValueError("an aggregate rule needs min_fatalities, spike_factor or both")
        if self.window_hours * self.baseline_windows > 24 * 366:
            raise ValueError("the baseline (window_hours x baseline_windows) may span at most a year")
        return self


class Subscription(WireModel):
    """What a user wants to hear about. Empty filters match everything; set filters must all match."""

    schema_version: Literal[1] = 1
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    name: str = Field(min_length=1, max_length=200)
    owner: str | None = Field(None, description="Owner of the API key that created it.")
    countries: list[str] = Field(default_factory=list, description="Country names or ISO alpha-2 codes.")
    admin1: list[str] = Field(default_factory=list)
    event_types: list[EventType] = Field(default_factory=list)
    sub_event_types: list[SubEventType] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list, description="Any actor whose name contains one of these.")
    keywords: list[str] = Field(default_factory=list, description="Any of these words in the evidence or names.")
    area: GeoCircle | None = None
    bbox: BoundingBox | None = None
    min_fatalities: int = Field(0, ge=0)
    min_outlets: int = Field(0, ge=0, description="Alert only once this many outlets carried the event.")
    notify_updates: bool = Field(True, description="Also alert when a later version raises the toll.")
    aggregate: AggregateRule | None = Field(None, description="Alert on the region's window total instead of events.")
    kafka_topic: bool = Field(False, description="Also publish to a topic of its own, alerts.<id>.")
    webhook_url: str | None = Field(None, max_length=2000, pattern=r"^https?://[^\s/?#]+[^\s]*$")
    webhook_secret: str | None = Field(None, min_length=16, max_length=200,
                                       description="HMAC-SHA256 key of the webhook signature; the API makes one.")


class AlertLifecycle(str, enum.Enum):
    NEW = "new"
    UPDATED = "updated"


class WindowTally(WireModel):
    """A region's events and fatalities over a window of report time."""

    country_code: str
    admin1: str
    window_start: datetime
    window_end: datetime
    events: int
    fatalities: int
    baseline_fatalities: float | None = Field(None, description="Average per window before this one.")


class Alert(WireModel):
    """v2: an alert fires on one event (`event`) or on a region's window total (`aggregate`)."""

    schema_version: Literal[2] = 2
    id: str = Field(description="Deterministic from what fired: consumers can drop repeats.")
    subscription_id: str
    lifecycle: AlertLifecycle
    reason: str
    event_id: str | None = None
    event_version: int | None = None
    event: Event | None = None
    aggregate: WindowTally | None = None
    links: list[str] = Field(default_factory=list, description="The source articles.")
    created_at: datetime = Field(default_factory=utc_now)


# --- Failures -------------------------------------------------------------------------------


class DeadLetter(WireModel):
    """Envelope for anything a stage could not process: the original bytes and why."""

    schema_version: Literal[1] = 1
    stage: str
    error_kind: str = Field(description="Short machine-readable class, e.g. 'not_utf8', 'schema_invalid'.")
    error: str = Field(description="Readable reason.")
    original: bytes = Field(description="The input as received (base64 in JSON), cut to the dead-letter size cap.")
    original_size: int = Field(ge=0)
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    source_ref: str | None = Field(None, description="File path or URL the input came from, when not a topic.")
    failed_at: datetime = Field(default_factory=utc_now)

    @field_serializer("original")
    def _encode_original(self, value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")

    @field_validator("original", mode="before")
    @classmethod
    def _decode_original(cls, value):
        if isinstance(value, str):
            return base64.b64decode(value)
        return value


WIRE_MODELS: tuple[type[WireModel], ...] = (
    Article,
    UniqueArticle,
    Story,
    Event,
    CanonicalEvent,
    Subscription,
    Alert,
    DeadLetter,
)
