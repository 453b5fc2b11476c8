"""Assembling events: sentences with a trigger, a place and a toll or date open an event; the sentences
that follow and refer back to it ("the fighting", "also killed", a cited source) add to it.

Sentences about history, cumulative totals, continuing states or hypotheticals never open or feed an event.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from services.common.ids import stable_id
from services.common.messages import Actor, Article, Event, EventType, Evidence, Location, SubEventType

from . import actors as actors_mod
from . import counts, dates, places, sources, triggers
from .gazetteer import Gazetteer
from .scan import Dialects
from .textnorm import lower_same_length, strict_key

# The sentence patterns below are written in lower case and run case-sensitively over the lower-cased
# sentence (the same matches as re.IGNORECASE, several times faster: they run for most sentences); the
# few parts that need the original capitals ("since March", modal "may") are patterns of their own.
# Cumulative totals and long periods: background, not a point event.
_BACKGROUND = re.compile(
    r"\b(?:so far this year|"
    r"(?:in|over|during) the (?:past|last) (?:\w+ ){0,2}(?:days|weeks|months|years|decades?)|in recent (?:days|weeks|months|years)|"
    r"this year alone|throughout the (?:war|conflict)|\w+-year(?:-old)? (?:war|conflict|civil war)|"
    r"continu(?:ed|es|ing) (?:without|unabated)|without pause|total number|cumulative|"
    r"last year|every (?:day|week)|daily basis)\b")
# Words one of which each alternative above contains: a sentence with none of them (most) is not searched.
_BACKGROUND_WORDS = ("so far this year", "the past ", "the last ", "in recent ", "this year alone", "throughout the ",
                     "-year", "continu", "without pause", "total number", "cumulative", "last year", "every ", "daily basis")
# Weaker signs of a summary or a continuing state ("a total of 6 explosions", "continued to block the road",
# "since March", "the ongoing fighting"): a sentence that names the day the thing happened ("On 3 May 2020,
# ... amid the ongoing lockdown") still reports a point event.
_BACKGROUND_UNLESS_DATED = re.compile(
    r"\b(?:a total of|continu(?:ed|es|ing) to|in the course of|ongoing|"
    r"since (?:the |then\b|last\b|early\b|late\b|\w+day\b|(?:19|20)\d\d\b))\b")
_BACKGROUND_UNLESS_DATED_WORDS = ("a total of", "continu", "in the course of", "ongoing", "since ")
_SINCE_NAME = re.compile(r"\b(?i:since) [A-Z]\w+")  # "since March", "since Ramadan"; on the original text
# Warnings, plans, failures and conditions: nothing happened (yet).
_HYPOTHETICAL = Dialects(re.compile(
    r"\b(?:could|would|might|will|shall|threaten(?:s|ed)? to|warn(?:s|ed|ing)?|fear(?:s|ed)?|plan(?:s|ned)? to|"
    r"vow(?:s|ed)? to|pledg(?:e|es|ed) to|was supposed to|were supposed to|never materiali[sz]ed|failed to|"
    r"if (?:the|they|it)|unless|risk of|would-be|intend(?:s|ed)? to|calls? for|urged?|plans? for|in anticipation of)\b"))
_MAY = Dialects(re.compile(r"\bmay\b"))  # the modal, on the original text ("May" is the month)
# An event already told referred to: "The attack...", "also", "in the fighting", "both victims". The alternatives that
# open the sentence are matched at its start; the others are searched for only where one of their words is there
# (an alternation that begins with \b is tried at every position of the sentence).
_ANAPHOR_NOUN = (r"(?:strikes?|attacks?|raids?|bombing|blast|explosion|clash(?:es)?|fighting|assault|shelling|violence|"
                 r"incident|protests?|demonstrations?|abduction|kidnapping)")
_ANAPHOR_OPENING = re.compile(
    rf"\W*(?:(?:the|this|that|these|those|such)\s+(?:\w+\s+){{0,2}}{_ANAPHOR_NOUN}\b|"
    # the people the event hit: "The driver died in hospital"
    r"the\s+(?:[\w-]+\s+)?(?:man|woman|boy|girl|child|driver|officer|soldier|policeman|victim|passenger)\s+(?:later\s+)?died\b)")
_ANAPHOR_INSIDE = Dialects(re.compile(
    r"\balso\b|\b(?:in|during|after) the (?:\w+ )?(?:fighting|attack|clash(?:es)?|blast|strike|explosion|violence|raid|bombing|shelling|ambush)\b|"
    # the people the event hit: "Both victims died"
    r"\b(?:the|both|all(?: the)?|two|three)\s+victims?\b"))
_ANAPHOR_INSIDE_WORDS = ("also", "victim", "in the ", "during the ", "after the ")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    """One of the words is in the text (a loop: a third faster than any() over a generator)."""
    for w in words:
        if w in text:
            return True
    return False


def _anaphoric(low: str) -> bool:
    return bool(_ANAPHOR_OPENING.match(low) or _has_any(low, _ANAPHOR_INSIDE_WORDS) and _ANAPHOR_INSIDE.of(low).search(low))


# Codebook: violence against civilians needs unarmed victims; an attack on soldiers, police or fighters is a
# battle. Victims are the nouns a harm verb points at ("killed 3 soldiers", "2 policemen were wounded").
_ARMED_NOUN = (r"(?:soldiers?|troops|servicem[ae]n|police(?:m[ae]n| officers?| personnel)?|policem[ae]n|militants?|"
               r"gendarmes?|rangers?|(?:army|military) units|(?:[\w'-]+ )?forces|"
               r"fighters?|militiam[ae]n|militia members|rebels?|insurgents|jihadists|guards?|commanders?|officers?|"
               r"lieutenants?|sergeants?|captains?|colonels?|security personnel|gang (?:members?|leaders?)|gangsters?|"
               r"drug traffickers?|hitm[ae]n|bandits|kidnappers|terrorists?|pirates|dacoits|maoists|naxal(?:ite)?s|jawans?|"
               r"(?:cartel|gang|militia|armed group|rebel|militant|insurgent|terrorist) (?:members?|leaders?|commanders?|chiefs?)|"
               r"members? of (?:the |a )?(?:[\w'-]+ ){0,3}(?:forces|army|police|brigade|battalion|militia|group|"
               r"intelligence|security|gang|cartel|unit))")
_CIVILIAN_NOUN = (r"(?:civilians?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|teen(?:ager)?s?|persons?|people|individuals?|"
                  r"residents?|villagers?|farmers?|traders?|journalists?|students?|worshippers|passers-?by|shopkeepers?|"
                  r"drivers?|family|relatives|teachers?|doctors?|refugees|migrants|passengers|travell?ers|commuters|pilgrims)")
_HARM = r"(?:killed|killing|kills|wounded|wounding|injured|injuring|targeted|targeting|ambushed|attacked|attacks? on|assassinated|shot dead|shot at|fired at|fired on|shot|found dead|executed|abducted|shooting (?:at|against)|opened fire (?:on|at))"


def _victims(noun: str) -> Dialects:
    # "shot by a man": the noun after "by" is who did it, not the victim.
    return Dialects(re.compile(rf"\b{_HARM}\s+(?:(?!(?:by|during|in|at|after|following|while|near)\b)[\w'-]+\s+){{0,4}}?{noun}\b|\b{noun}\s+(?:[\w'-]+\s+){{0,3}}?"
                      rf"(?:were|was|had been|have been|has been)\s+(?:\w+\s+)?{_HARM}|"
                      rf"\bleft\s+(?:[\w'-]+\s+){{0,4}}?{noun}\s+(?:dead|injured|wounded)\b|"
                      rf"\b{noun}\s+(?:[\w'-]+\s+){{0,3}}?came under\b"))


_ARMED_VICTIMS = _victims(_ARMED_NOUN)
_UNARMED_VICTIMS = _victims(_CIVILIAN_NOUN)
# Codebook: members of state forces who are off duty are civilians when attacked.
_OFF_DUTY = re.compile(r"\boff[- ]duty\b")
# A victim known as a drug trafficker or gang member (charges, a record, ties) was an armed actor: gang
# violence is a clash between armed groups in the codebook. A record for robbery alone says no such thing.
_CRIMINAL_VICTIM = re.compile(
    r"\b(?:the )?(?:victims?|he|she|they|both|one of (?:the|them))\s+(?:\w+\s+){0,2}?(?:had|has|have)\s+"
    r"(?:a |an |several |previous |prior |\w+ )?(?:criminal (?:records?|history|past)|police records?|charges|records?|"
    r"links?|ties)\b[^.]{0,60}?\b(?:drug[- ]traffick|traffick|gangs?\b|cartels?\b|criminal (?:groups?|organi[sz]ations?)\b)")
_ARMED_TARGET = re.compile(r"\b(?:attacks?\b(?:\s+[\w'-]+){0,6}?\s+on|attacked)\s+(?:[\w'-]+\s+){0,4}?(?:check ?points?|"
                           r"bases?|posts?|positions?|convoys?|patrols?|barracks|outposts?|(?:army|military) camps?)\b")
_CROWD = (EventType.PROTESTS, EventType.RIOTS)
_DEMONSTRATION_WORD = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es|ing)?|sit-ins?|strik(?:e|es|ers|ing)|"
    r"agitat\w*|riot(?:s|ed|ing|ers)?|barricad\w*|anti-\w+|blocked|blockade|blocking|burning (?:tyres|tires))\b")
_CROWD_WORD = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march\w*|crowds?|gathering|gathered|sit-ins?|riot(?!\s+police)\w*|"
    r"strik(?:e|es|ers|ing)|mobs?|clash\w*|stones?|rocks?|youths|participants|activists|blockade|blocked|vigil|dispers\w*)\b")
_KILLED_OR_HURT = re.compile(r"\b(?:killed|murdered|executed|beheaded|(?:stabbed|beaten|hacked|shot) (?:to death|dead)|"
                             r"found (?:dead|beaten|naked)|bod(?:y|ies)|corpses?|remains|tortured)\b")
_CIVILIAN_VICTIMS = re.compile(r"\b(?:civilians?|people|residents|villagers|children|women|students|worshippers|passers-?by|shoppers|motorists)\b")


# An event word the text denies: "No arrests or clashes were reported", "without any fighting", "neither injuries nor
# fatalities".
_DENIED = re.compile(r"\b(?:no|without(?: any)?|neither|nor)\s+(?:[\w-]+\s+(?:or|and|nor)\s+)?$")


# An attack claimed, denied or blamed on someone: the claim is the news, the event was reported before.
_CLAIMED = re.compile(r"\b(?:responsib\w+ for|accus\w+ (?:[\w'-]+ ){0,4}?of|blam\w+ (?:[\w'-]+ ){0,4}?for|"
                      r"denied (?:any |all )?(?:involvement|role|carrying out|being behind|reports?|allegations?|claims?|"
                      r"accusations?|that)(?: (?:in|of|that))?)"
                      r"\s*(?:the |an? |their |its |his |last |this )?(?:[\w'-]+ ){0,3}$")
_NOT_TOLD_WORDS = ("no ", "without", "neither", "nor ", "responsib", "accus", "blam", "denied")  # a cheap test first
# Deaths in a disaster or an accident, with no attacker or weapon named near them, are no violence.
_DISASTER = Dialects(re.compile(
    r"\b(?:earthquakes?|tremors?|tsunamis?|floods?|flooding|landslides?|mudslides?|storms?|cyclones?|hurricanes?|typhoons?|"
    r"volcan\w*|eruptions?|avalanches?|lightning|heatwaves?|crash(?:ed|es)?|accidents?|accidental(?:ly)?|collided|collisions?|derail\w*|"
    r"capsized|plunged|stampedes?|fire broke out|blazes?|caught fire|collapsed|collapses?|gas leaks?|cylinders?|boilers?|"
    r"electrocuted|drowned|warehouse|factory)\b"))
_VIOLENCE_CUE = Dialects(re.compile(
    r"\b(?:gunm[ae]n|shot|shoot\w*|stabb\w*|attack\w*|assail\w*|militants?|rebels?|insurgents?|terror\w*|bomb\w*|"
    r"police|soldiers?|troops|forces|army|murder\w*|gun\w*|armed|mob|assault\w*|beat(?:en)?)\b"))


def _told(trigs: list, low: str) -> list:
    """The triggers that report an event: not denied, not an attack claimed or blamed, not deaths in a disaster."""
    out = []
    for t in trigs:
        before = low[max(0, t.start - 60):t.start]
        if _has_any(before, _NOT_TOLD_WORDS) and (
                _DENIED.search(low, max(0, t.start - 30), t.start) or _CLAIMED.search(low, max(0, t.start - 60), t.start)):
            continue
        if t.sub_event_type == SubEventType.ATTACK and t.strength == "weak":
            window = low[max(0, t.start - 150):t.end + 150]
            if not _VIOLENCE_CUE.of(window).search(window) and _DISASTER.of(window).search(window):  # (the cue first: it is found sooner)
                continue
        out.append(t)
    return out


def _background(sent: "Sentence", specific: list) -> bool:
    low = sent.low
    return bool(_has_any(low, _BACKGROUND_WORDS) and _BACKGROUND.search(low) or not specific and (
        _has_any(low, _BACKGROUND_UNLESS_DATED_WORDS) and _BACKGROUND_UNLESS_DATED.search(low)
        or ("since " in low and _SINCE_NAME.search(sent.text))))


def _hypothetical(sent: "Sentence", trig) -> bool:
    """A warning, plan or condition governs the event word: "threatened to attack", "could be forced to flee".

    Only a marker shortly before the trigger in the same clause counts, so "protesters demonstrated against
    a law that could ..." or "casualties could not be identified" still report what happened."""
    if trig is None:
        return bool(_HYPOTHETICAL.of(sent.low).search(sent.low) or _MAY.of(sent.text).search(sent.text))
    at = trig.start - sent.start
    lo = max(0, at - 80)
    for m in chain(_HYPOTHETICAL.of(sent.low).finditer(sent.low, lo, at), _MAY.of(sent.text).finditer(sent.text, lo, at)):
        if not re.search(r"[;:]|, (?:and|but|while|as|after)\b", sent.text[m.end():at]):
            return True
    return False


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    low: str  # text lower-cased, same offsets
    trigs: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    scanned: bool = False  # dates and sources are looked for only in sentences that can open or feed an event
    _doc: tuple | None = None  # (text, low) of the article, once scanned
    _sources: list | None = None

    def scan(self, text: str, low: str, ref: date) -> None:
        if not self.scanned:
            self.scanned = True
            self.dates = dates.find(text, ref, self.start, self.end, low)
            self._doc = (text, low)

    @property
    def sources(self) -> list[str]:
        """The sources the sentence cites, looked for on first use: only a sentence that joins an event needs them."""
        if self._sources is None:
            if self._doc is None:
                return []
            text, low = self._doc
            self._sources = [canon for _s, _e, canon in sources.find(text, low, self.start, self.end)]
        return self._sources


@dataclass
class Draft:
    event_type: EventType
    sub_event_type: SubEventType
    place: places.Resolved
    sentences: list[Sentence] = field(default_factory=list)
    date: date | None = None
    precision: int = 2
    fatalities: list[int] = field(default_factory=list)
    toll: int = 0
    stated: int | None = None  # the tally the text gives ("fatalities coded as 0", "4 fatalities"): the figure
    injured: int = 0
    actor_mentions: list = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, sent: Sentence, kills: list[counts.Count], hurts: list[counts.Count]) -> None:
        self.sentences.append(sent)
        for c in kills:
            if c.stated:
                self.stated = c.value if self.stated is None else min(self.stated, c.value)
            if c.toll:
                self.toll = max(self.toll, c.value)
            elif c.also or c.value not in self.fatalities:  # the same figure repeated is the same dead
                self.fatalities.append(c.value)
        self.injured += sum(c.value for c in hurts)
        self.actor_mentions.extend(sent.actors)
        for s in sent.sources:
            if s not in self.sources:
                self.sources.append(s)


def _bucket(items, starts, key):
    out = [[] for _ in starts]
    for it in items:
        i = bisect_right(starts, key(it)) - 1
        if i >= 0:
            out[i].append(it)
    return out


def _same_place(a: places.Resolved, b: places.Resolved) -> bool:
    if a.index is not None and b.index is not None:
        return a.index == b.index
    return a.admin1 is not None and a.admin1 == b.admin1


def _best_place(sent: Sentence) -> places.Resolved | None:
    cities = [p for p in sent.places if p.index is not None or p.point is not None]
    if cities:
        return cities[0]
    return sent.places[0] if sent.places else None


# A name where English puts a place ("near Mineralne", "in the town of Douris", "blocked the Miniyeh highway"):
# the place of an event whose village the gazetteer lacks. Months and weekdays are dates, not places.
_UNKNOWN_PLACE = re.compile(
    r"\b(?:(?:in|near|at|outside|around)\s+(?:the\s+)?(?:(?:(?:northern|southern|eastern|western|central|north|south|east|"
    r"west|rural|old)\s+)?(?:village|town|city|area|district|region|municipality|neighbou?rhood|camp|countryside|"
    r"outskirts|suburbs?|province|governorate|county|part|forest) of\s+)?|(?:village|town|city|area|municipality) of\s+|"
    r"(?:blocked|targeted|attacked) the\s+|(?:on|along) the\s+(?=[A-Z][\w'’-]+\s+(?i:highway|road|roundabout)\b)|"
    r"(?:targeted|attacked|struck|shelled|stormed|hit)\s+(?=[A-Z]\w+\s+(?:[A-Z]\w+\s+)?"
    r"(?i:air ?base|airport|base|camp|prison|checkpoint|village|town|district|neighbou?rhood|area)\b))"
    r"(?P<name>(?:(?:al|el|ech|ad|as|ash|an|ar)[-\s])?[A-Z][\w'’-]+(?:\s+(?:(?:al|el|ed|de|la|es)\s+)?[A-Z][\w'’-]+)*)")


_MODIFIER = re.compile(r"[-‑][a-z]+$")  # "US-led", "Kurdish-majority": an adjective, not a name


def _unknown_place(sent: Sentence, context: Counter, gaz: Gazetteer) -> places.Resolved | None:
    """The place as written when the gazetteer knows none of the article's places, in the article's country.

    An event in a village missing from GeoNames' cities500 is still an event: its place is kept as the text
    names it, with the country the article names (if any) and no point; failing a name, the country alone."""
    # (a country named otherwise than as the nationality of armed forces first: "Israeli forces stormed the camp
    # ... Palestinian residents" is in Palestine; named only so, it is still the likeliest: "Iraqi forces shelled")
    main = places._main_countries(context)  # noqa: SLF001 (the article's main countries, as places reads them)
    cc = main[0] if main else None
    for m in _UNKNOWN_PLACE.finditer(sent.text):
        at = sent.start + m.start("name")
        if any(a.start <= at < a.end for a in sent.actors):
            continue  # part of a group's name: "Islamic State in Greater Sahara", "Al Qaeda in the Islamic Maghreb"
        words = re.split(r"[\s-]+", m.group("name").lower())
        # Not a run of a title-case headline, nor a weekday, month, country or people ("near Lebanon Monitor AFP
        # Saturday", "US-led", "Syrian Kurdish city", "Syrias Quneitra"), which the gazetteer would have known.
        if len(words) <= 3 and not _MODIFIER.search(m.group("name")) and not any(w in places._STOP or w in gaz.demonym_index  # noqa: SLF001 (its stopwords)
                                       or strict_key(w.rstrip("s'’")) in gaz.country_index for w in words):
            return places.Resolved(m.group("name"), None, None, cc, 3, at)
    if cc is not None and cc in gaz.countries:
        return places.Resolved(gaz.countries[cc].name, None, None, cc, 3, sent.start)
    return None


def assemble(article: Article, text: str, spans: list[tuple[int, int]], gaz: Gazetteer, ref: date,
             title: str) -> list[Event]:
    context = places.country_context(title + "\n" + text, gaz)
    low = lower_same_length(text)
    actor_mentions = actors_mod.find(text, low, gaz)
    for a in actor_mentions:
        if a.home:  # "the Taliban" says Afghanistan as plainly as "Afghan" does
            context[a.home] += 1
    mentions = places.find(text, gaz, context, low)
    # A place in a group's name is not where anything happened ("Ahrar al-Sham", "Islamic State in Greater Sahara").
    groups = [(a.start, a.end) for a in actor_mentions if not a.template.startswith("{")]  # (sorted by start)
    if groups:
        starts = [s for s, _e in groups]
        mentions = [p for p in mentions if (k := bisect_right(starts, p.start) - 1) < 0 or p.start >= groups[k][1]]
    # Every first-level division the text names ("Kamianka, Donetsk", "(Sirwah, Marib)"), even where the
    # name is also a city's, steers the towns of the article towards it.
    admin_hint = set()
    for p in mentions:
        if p.accepted and p.admins:
            admin_hint.update((a.country_code, a.code) for a in p.admins)
            countries = {a.country_code for a in p.admins}
            if len(countries) == 1:  # a division only one country has names the country too
                context[countries.pop()] += 1
    resolved = []
    for k, p in enumerate(mentions):
        if p.accepted and p.kind in ("city", "admin1"):
            r = places.resolve(p, gaz, context, admin_hint)
            if r is not None and not places.abroad_of_its_division(r, mentions[k + 1: k + 2], text, gaz):
                resolved.append(places.on_its_side(r, p, low, gaz))
    starts = [s for s, _ in spans]
    sents = [Sentence(s, e, text[s:e], low[s:e]) for s, e in spans]
    for sent, items in zip(sents, _bucket(_told(triggers.find(text, low), low), starts, lambda t: t.start)):
        sent.trigs = items
    for sent, items in zip(sents, _bucket(resolved, starts, lambda r: r.start)):
        sent.places = items
    for sent, items in zip(sents, _bucket(actor_mentions, starts, lambda a: a.start)):
        sent.actors = items

    drafts: list[Draft] = []
    current: Draft | None = None
    since_current = 0
    ctx_date = None
    lead_place = None
    lead_date = None  # the day the lead names: its event words report that day's event
    for k, sent in enumerate(sents):
        since_current += 1
        if sent.text[:1] in "“\"‘" or len(sent.text) < 15 and (current is None or not counts.killed(sent.text, sent.low)):
            continue  # quotations and scraps (credits, bylines) carry no reportable event
        if current is None and not sent.trigs and k > 2:
            continue  # can neither open nor feed an event, nor date or place a later one: skip the scans
        # A sentence with no event word opens no event, and one too far from the event open can feed it nothing:
        # it still dates or places what follows, or ends the event open, but its wounded do not count, nor its
        # dead unless a plan or warning would otherwise set the sentence aside (see below).
        idle = not sent.trigs and (current is None or since_current > 3)
        sent.scan(text, low, ref)
        specific = [d for d in sent.dates if d.specific and d.value]
        history = any(d.history for d in sent.dates) and not any(d.specific for d in sent.dates)
        # A weaker sign of a summary ("observed a total of 8 explosions near X") in a sentence that goes on
        # with the event just opened, in its place, tells that event's count, not a period's.
        going_on = bool(current is not None and since_current <= 1
                        and all(_same_place(current.place, p) for p in sent.places))
        if history or _background(sent, specific or going_on):
            current = None
            continue
        kills = counts.killed(sent.text, sent.low) if not idle or _hypothetical(sent, None) else []
        hurts = counts.injured(sent.text, sent.low) if not idle else []
        real = [t for t in sent.trigs if t.strength != "anaphor"]
        if not kills and len(real) > 1:
            # "gathered, demanding that their rights will be protected and chanting slogans": a word under
            # a plan or condition is not what happened when another event word of the sentence is not.
            real = [t for t in real if not _hypothetical(sent, t)] or real
        # "demonstrated condemning the rape of two women": the word of another event referred to yields.
        trig = max([t for t in real if not _grievance(t, sent)] or real, key=lambda t: t.priority) if real else None
        if not kills and _hypothetical(sent, trig):
            # A warning or plan that names an event word ends the event before it; a conjecture with none
            # ("they claimed they could be infected") is only an aside: the next sentences still add to it.
            if trig is not None:
                current = None
            continue
        place = _best_place(sent)
        if place is not None and k <= 2:
            lead_place = place
        if k <= 2 and specific and lead_date is None:
            lead_date = specific[0]
        anaphoric = _anaphoric(sent.low) or (bool(sent.trigs) and not real)
        if current is not None and since_current <= 3 and (place is None or _same_place(current.place, place)) and (
            trig is None or trig.event_type == current.event_type or trig.priority <= 40 or anaphoric
            or (trig.event_type in _CROWD and current.event_type in _CROWD) or _answers_fire(trig, current)
            or _arrests_the_crowd(trig, sent, current) or _crowd_turns_violent(trig, sent, current)
            or (kills and place is None)  # the dead of the event just told: "One dahalo was killed and 4 arrested"
        ) and (anaphoric or place is not None or trig is not None or sent.sources or kills):
            if specific and current.date is None or (specific and current.precision > 1):
                current.date, current.precision = specific[0].value, specific[0].precision
                ctx_date = specific[0]
            current.add(sent, kills, hurts if trig else [])
            since_current = 0
            continue
        strong = trig is not None and (trig.strength == "strong" or kills or hurts or specific
                                       or (k <= 2 and lead_date is not None))
        if strong and place is None and k <= 2 and lead_place is not None:
            place = lead_place  # the lead names the place, the next sentence what happened there
        if strong and place is None and k <= 2 and not resolved:
            place = lead_place = _unknown_place(sent, context, gaz)
        if strong and place is None and k == 0:
            # The lead says what happened, the next sentence where ("...clashed with the army in a village the
            # gazetteer lacks. The Shiraa roundabout was blocked"): the first place of the next two sentences.
            place = next((p for nxt in sents[1:3] for p in nxt.places[:1]), None)
        if strong and place is not None and (kills or hurts or specific or k <= 2):
            d = specific[0] if specific else ctx_date or (lead_date if k <= 2 else None)
            # Only event sentences (and the lead) date the undated ones after them: a truce "meant to
            # start on Sunday" must not date the clashes reported next.
            ctx_date = d
            current = Draft(trig.event_type, trig.sub_event_type, place,
                            date=d.value if d else None, precision=(d.precision if specific else 2) if d else 2)
            current.add(sent, kills, hurts)
            drafts.append(current)
            since_current = 0
        elif place is not None and current is not None and not _same_place(current.place, place):
            current = None
    for d in drafts:
        _refine_type(d)
    drafts = _merge_duplicates(drafts)
    share = counts.split_share(text)  # "fatalities coded as 18 and spread across five locations"
    return [_to_event(article, d, i, gaz, context, ref, share) for i, d in enumerate(drafts)]


# A trigger word naming another event the sentence refers to ("after the riots in the prisons last week",
# "the release of people involved in riots", "protested against the arrest of"), not what this crowd did.
_OTHER_EVENT_BEFORE = Dialects(re.compile(
    r"(?:\b(?:over(?!\s+(?:\d|a\s|an\s|one\s|two\s|three\s|hundreds|thousands|dozens))|against|involved in|in the wake of|since|during|because of|due to|condemning|"
    r"denouncing|to condemn|to denounce|justice for|recovery of|return of|compensation for)\s+"
    r"(?:the\s+)?(?:(?!(?:but|while|then)\b)[\w'-]+\s+){0,6}|"
    # "after the riots in the prisons", "following last week's clashes": a named earlier event; "after security forces
    # dispersed the protest" is a clause telling what happened, and counts.
    r"\b(?:after|following)\s+(?:the|a|an|last|this|his|her|their|its|previous|earlier|recent)\s+"
    r"(?:[\w'-]+\s+){0,3}|\brelease\b[^.;]{0,40})$"))
_INTERVENTION_PRIORITY = 70  # of 'Protest with intervention' in triggers.tsv
_VIOLENT_DEMONSTRATION_PRIORITY = 68  # of 'Violent demonstration'
_DIRECT_FIRE_PRIORITY = 86  # of direct fire (small arms, exchange or return of fire), an 'Armed clash'
_CROWD_VIOLENCE = (SubEventType.LOOTING_PROPERTY_DESTRUCTION, SubEventType.ARMED_CLASH)  # by a crowd: rioting


def _direct_fire(t) -> bool:
    return t.sub_event_type == SubEventType.ARMED_CLASH and t.priority >= _DIRECT_FIRE_PRIORITY


def _answers_fire(t, current: Draft) -> bool:
    """Direct fire after shelling or an attack ("the soldiers fired back") is the same exchange, not a new event."""
    return _direct_fire(t) and current.event_type in (EventType.EXPLOSIONS_REMOTE_VIOLENCE,
                                                       EventType.VIOLENCE_AGAINST_CIVILIANS)


# Who was arrested, when the crowd is: a number of them, them, or the participants ("Police arrested 12",
# "7 were detained", "arrested them"); "he was arrested" is someone else, likely the one they protested for.
_CROWD_ARRESTED = re.compile(
    r"\b(?:them|they|\d+|two|three|four|five|six|seven|eight|nine|ten|dozens?|scores|hundreds|several|some|many|"
    r"(?:the |of the )?(?:protesters|protestors|demonstrators|participants|activists|organi[sz]ers|people|persons|"
    r"rioters|marchers|strikers|workers|students|youths))\b")
_SOMEONE_ELSE = re.compile(r"\b(?:he|she|his|her)\b")


def _arrests_the_crowd(t, sent: Sentence, current: Draft) -> bool:
    """Arrests among the participants of the crowd event just reported make it a protest with intervention
    (codebook), unless the crowd protested against an arrest: then a later arrest is that grievance."""
    if t is None or t.sub_event_type != SubEventType.ARRESTS or current.event_type not in _CROWD:
        return False
    if any(x.sub_event_type == SubEventType.ARRESTS for s in current.sentences for x in s.trigs):
        return False
    return bool(_CROWD_ARRESTED.search(sent.low)) and not _SOMEONE_ELSE.search(sent.low)


# What a crowd protests against: "demonstrated condemning the rape of", "a protest against the killing of".
_GRIEVANCE_BEFORE = Dialects(re.compile(
    r"\b(?:against|over(?!\s+(?:\d|a\s|an\s|one\s|two\s|three\s|hundreds|thousands|dozens))|condemning|denouncing|to condemn|to denounce|justice for|in protest at)\s+(?:the\s+)?"
    r"(?:(?!(?:but|while|then)\b)[\w'-]+\s+){0,6}$"))


def _grievance(t, sent: Sentence) -> bool:
    at = t.start - sent.start
    return bool(_GRIEVANCE_BEFORE.of(sent.low).search(sent.low, max(0, at - 60), at))


# The crowd itself as the subject of the next sentence: "They set fire to...", "The prisoners clashed with..."
_CROWD_SUBJECT = re.compile(
    r"^\W*(?:they|(?:the|some|many|several|dozens of|hundreds of) (?:\w+ )?(?:protesters|protestors|demonstrators|"
    r"rioters|prisoners|inmates|crowds?|youths|participants|marchers|students|workers|residents|villagers))\b")


def _crowd_turns_violent(t, sent: Sentence, current: Draft) -> bool:
    """The crowd of the event just reported goes on to fight, burn or destroy: the same event, now a riot."""
    return (t is not None and current.event_type in _CROWD and t.sub_event_type in _CROWD_VIOLENCE
            and bool(_CROWD_SUBJECT.match(sent.low)))


def _reported(t, low: str, offset: int) -> bool:
    """The trigger names what happened, not another event referred to (`low`: its text, from `offset`)."""
    at = t.start - offset
    return not _OTHER_EVENT_BEFORE.of(low).search(low, max(0, at - 60), at)


# Codebook: an attack in which a named armed group and state forces are the two sides is a battle ("Taliban militants
# attacked Afghan forces ..., killing a civilian"); a state force cited as the source of the news is no side.
_NAMED_ARMED_SIDES = ("Rebel group", "Political militia", "Identity militia")
_SAID = re.compile(r"\s*(?:[\w'-]+\s+){0,2}?(?:said|says|say|reported|told|confirmed|stated|announced|claimed)\b")


def _cited(m, sentences: list[Sentence]) -> bool:
    """The mention is who told the news ("police said"), not a side of the event."""
    s = next((s for s in sentences if s.start <= m.start < s.end), None)
    return s is not None and bool(_SAID.match(s.text, m.end - s.start))


def _refine_type(d: Draft) -> None:
    trigs = [t for s in d.sentences for t in s.trigs if t.strength != "anaphor" and _reported(t, s.low, s.start)]
    text = " ".join(s.text for s in d.sentences)
    d.event_type, d.sub_event_type = refined(d.event_type, d.sub_event_type, trigs, text)
    if d.sub_event_type == SubEventType.ATTACK and not _OFF_DUTY.search(lower_same_length(text)):
        named = [m for m in d.actor_mentions if not m.generic]
        state = [m for m in d.actor_mentions if m.category == "State forces" and not _cited(m, d.sentences)]
        if state and any(m.category in _NAMED_ARMED_SIDES for m in named):
            d.event_type, d.sub_event_type = EventType.BATTLES, SubEventType.ARMED_CLASH
    if d.sub_event_type in _TERRITORY:
        s, t = next(((s, t) for s in d.sentences for t in s.trigs if t.sub_event_type in _TERRITORY), (None, None))
        if t is not None:
            d.sub_event_type = _territory_taker(d.sub_event_type, s.text[:t.start - s.start], s.text[t.end - s.start:])


_TERRITORY = (SubEventType.GOVERNMENT_REGAINS_TERRITORY, SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY)
# Who took a place decides the sub-type (codebook): government forces or their affiliates regain territory,
# a non-state group overtakes it, whatever the verb ("recaptured", "seized control", "took"). The Houthis are left
# to the verb: ACLED codes their forces as the state forces of the north of Yemen.
_STATE_SIDE = re.compile(
    r"\b(?:government|pro-government|govt|regime|loyalists?|army|military|troops|soldiers|security forces|armed forces|"
    r"police|gendarmes?|gendarmerie|peshmerga|government-backed|state forces|defen[cs]e forces|troopers|marines|commandos|"
    r"paratroopers|special forces)\b", re.IGNORECASE)
_NON_STATE_SIDE = re.compile(
    r"\b(?:rebels?|militants?|insurgents?|jihadists?|separatists?|fighters|militias?|militiamen|opposition|taliban|"
    r"al[- ]shabaa?b|islamic state|isis|isil|daesh|boko haram|gunmen|terrorists?|extremists|"
    r"guerrillas?|tribesmen)\b|\bIS\b", re.IGNORECASE)
_AFFILIATE = re.compile(r"\b(?:pro-government|government-backed|government-allied|loyalist)\b", re.IGNORECASE)


_PASSIVE_END = re.compile(r"\b(?:was|were|been|being|is|are)\s+$", re.IGNORECASE)
# The side a place was taken from ("took control of X from pro-Houthi forces", "seized the town from the army").
_TAKEN_FROM = re.compile(r"^[^.;]{0,150}?\bfrom (?:the )?(?:control of (?:the )?)?(?P<loser>(?:[\w'-]+ ){0,3}?[\w'-]+)", re.IGNORECASE)
_LOSER_NON_STATE = re.compile(rf"{_NON_STATE_SIDE.pattern}|\bhouthis?\b", re.IGNORECASE)


def _territory_taker(sub: SubEventType, subject: str, after: str = "") -> SubEventType:
    """The territory sub-type by the side named first in the clause before the verb: its subject; failing a
    government side there, by the side it was taken from (taken from rebels or militants: regained by the government
    or its allies, as the codebook counts them; taken from the government: overtaken)."""
    subject = re.split(r"[.;:]|, (?:and|but|while|after|as|when)\b", subject)[-1]
    if _PASSIVE_END.search(subject):
        # "The rebels were pushed back from ...": the subject of a passive verb lost the place.
        lost = _territory_taker(sub, subject[:_PASSIVE_END.search(subject).start()])
        if lost == SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY:
            return SubEventType.GOVERNMENT_REGAINS_TERRITORY
        if lost == SubEventType.GOVERNMENT_REGAINS_TERRITORY:
            return SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
        return sub
    if _AFFILIATE.search(subject):
        return SubEventType.GOVERNMENT_REGAINS_TERRITORY
    state, other = _STATE_SIDE.search(subject), _NON_STATE_SIDE.search(subject)
    if state and (not other or state.start() < other.start()):
        return SubEventType.GOVERNMENT_REGAINS_TERRITORY
    taken = _TAKEN_FROM.search(after)
    if taken:
        loser = taken.group("loser")
        if _STATE_SIDE.search(loser) and not _AFFILIATE.search(loser):
            return SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
        if _LOSER_NON_STATE.search(loser):
            return SubEventType.GOVERNMENT_REGAINS_TERRITORY
    if other:
        return SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    return sub


def refined(event_type: EventType, sub: SubEventType, trigs: list, text: str) -> tuple[EventType, SubEventType]:
    """Codebook distinctions that need the whole event, not its opening word.

    A crowd event takes the gravest crowd sub-type any of its sentences reports (a rally the police then
    dispersed, or whose participants were arrested, is a protest with intervention; one where stones were
    thrown, a violent demonstration). An attack whose victims are all armed (soldiers, police, fighters) or
    that hit a military post is a battle."""
    low = lower_same_length(text)  # the patterns are written in lower case (see the top of this module)
    if event_type in _CROWD and sub == SubEventType.PROTEST_WITH_INTERVENTION and not _CROWD_WORD.search(low):
        # Tear gas or rubber bullets fired at farmers or fishermen, with no protest or crowd named: no
        # intervention in a protest but violence against civilians (codebook).
        return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    if event_type in _CROWD:
        crowd = [(t.priority, t.event_type, t.sub_event_type) for t in trigs if t.event_type in _CROWD]
        crowd += [(_INTERVENTION_PRIORITY, EventType.PROTESTS, SubEventType.PROTEST_WITH_INTERVENTION)
                  for t in trigs if t.sub_event_type == SubEventType.ARRESTS]
        # Demonstrators who destroy property or fight are rioters (codebook): violence by the crowd
        # outranks what the police then did, which qualifies only peaceful protests.
        crowd += [(_VIOLENT_DEMONSTRATION_PRIORITY, EventType.RIOTS, SubEventType.VIOLENT_DEMONSTRATION)
                  for t in trigs if t.sub_event_type in _CROWD_VIOLENCE]
        riots = [c for c in crowd if c[1] == EventType.RIOTS]
        if crowd:
            _priority, etype, best = max(riots or crowd, key=lambda c: c[0])
            if (best == SubEventType.VIOLENT_DEMONSTRATION and any(c[2] == SubEventType.MOB_VIOLENCE for c in crowd)
                    and not any(t.event_type == EventType.PROTESTS for t in trigs)):
                best = SubEventType.MOB_VIOLENCE  # a mob's stones and arson, with no demonstration (codebook)
            elif best == SubEventType.VIOLENT_DEMONSTRATION and not any(
                    t.event_type == EventType.PROTESTS for t in trigs) and not _DEMONSTRATION_WORD.search(low):
                best = SubEventType.MOB_VIOLENCE  # stones thrown by a group that held no demonstration (codebook)
            elif best == SubEventType.MOB_VIOLENCE and any(
                    t.event_type == EventType.PROTESTS and t.sub_event_type == SubEventType.PEACEFUL_PROTEST for t in trigs):
                best = SubEventType.VIOLENT_DEMONSTRATION  # violence by people who demonstrated (codebook)
            return etype, best
    elif sub in (SubEventType.ATTACK, SubEventType.ARMED_CLASH) and _unarmed_crowd_fight(sub, trigs, low):
        return EventType.RIOTS, SubEventType.MOB_VIOLENCE
    elif sub == SubEventType.ATTACK:
        armed = [m.start() for m in (_ARMED_VICTIMS.of(low).search(low), _ARMED_TARGET.search(low)) if m]
        unarmed = _UNARMED_VICTIMS.of(low).search(low)
        # The victims named first are whom the attack was on: "1 soldier was killed ... 1 civilian was also killed"
        # is an attack on soldiers (a clash); civilians killed first, with soldiers after, is an attack on civilians.
        if armed and not _OFF_DUTY.search(low) and (unarmed is None or min(armed) < unarmed.start()) or _CRIMINAL_VICTIM.search(low) or any(
                _direct_fire(t) or t.sub_event_type == SubEventType.ARMED_CLASH for t in trigs):
            # shot at and returned fire, or the attackers fought or repelled by armed men: both sides armed
            return EventType.BATTLES, SubEventType.ARMED_CLASH
    elif sub == SubEventType.SHELLING_ARTILLERY_MISSILE and any(_direct_fire(t) for t in trigs):
        # Shelling answered with fire, or heard with small arms in the same event, is an exchange: a clash.
        return EventType.BATTLES, SubEventType.ARMED_CLASH
    elif sub in _TERRITORY + (SubEventType.CHANGE_TO_GROUP_ACTIVITY,) and any(
            t.sub_event_type == SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY for t in trigs) and not any(
            t.sub_event_type == SubEventType.ARMED_CLASH for t in trigs):
        # Taken after the other side withdrew or handed it over, with no fighting, or forces withdrawing from a place:
        # a non-violent transfer (codebook).
        return EventType.STRATEGIC_DEVELOPMENTS, SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY
    elif sub == SubEventType.ABDUCTION and _KILLED_OR_HURT.search(low) and any(
            t.sub_event_type == SubEventType.ATTACK for t in trigs):
        # Abducted and then killed, or found beaten: the violence done to the abducted is an attack (codebook),
        # and like any attack a clash when those abducted were armed.
        return refined(EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK, trigs, text)
    elif sub == SubEventType.ABDUCTION and any(t.sub_event_type == SubEventType.ARMED_CLASH for t in trigs) and (
            _ARMED_VICTIMS.of(low).search(low) or not _UNARMED_VICTIMS.of(low).search(low)):
        # People taken in the course of fighting: the fighting is the event (codebook: one event, the battle);
        # civilians taken in an ambush stay an abduction.
        return EventType.BATTLES, SubEventType.ARMED_CLASH
    elif sub == SubEventType.ARRESTS and any(t.sub_event_type == SubEventType.ATTACK for t in trigs):
        # Arrested and beaten, detained and tortured: violence against the detained is an attack (codebook).
        return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    elif sub == SubEventType.LOOTING_PROPERTY_DESTRUCTION and _CROWD_DESTROYS.search(low) and not _WEAPONS.search(low):
        # Property destroyed by a crowd or a group of civilians is rioting (codebook: riots include vandalism and
        # arson by unorganised groups): a violent demonstration when they demonstrated, else mob violence.
        return EventType.RIOTS, (SubEventType.VIOLENT_DEMONSTRATION if _DEMONSTRATION_WORD.search(low)
                                 else SubEventType.MOB_VIOLENCE)
    return event_type, sub


# Codebook: violence by an unorganised group of civilians (not a demonstration) is mob violence, also when it is
# called a clash or an attack and its other side is the police: "vendors clashed with police", "a group of 14
# migrants attacked a police officer". Any weapon or armed group in the event makes it a clash or attack again.
_CIVILIAN_GROUP = (r"(?:vendors|shopkeepers|traders|villagers|residents|locals|inhabitants|journalists|beneficiaries|"
                   r"citizens|workers|labou?rers|students|youths?|supporters|farmers|herders|migrants|passengers|"
                   r"community members|families|relatives|neighbou?rs|inmates|prisoners|drivers|fishermen|devotees|"
                   r"worshippers|people)")
_CROWD_CLASH = re.compile(
    rf"\b{_CIVILIAN_GROUP}\b[^.;]{{0,80}}?\bclash(?:es|ed)?\b|\bclash(?:es|ed)?\b[^.;]{{0,80}}?\b{_CIVILIAN_GROUP}\b")
_CROWD_ATTACKERS = re.compile(
    rf"\b(?:a group of|groups of|dozens of|hundreds of|scores of|a crowd of|crowds of|a number of|(?:\d+|two|three|four|"
    rf"five|six|seven|eight|nine|ten|several|some) )\s*(?:[\w'-]+\s+){{0,2}}?(?:{_CIVILIAN_GROUP}|m[ae]n|persons|individuals)\b(?:(?!\b(?:were|was|been|being|by)\b)[^.;]){{0,40}}?\b(?:attacked|"
    rf"assaulted|beat|thrashed|manhandled|stoned|chased)\b")
_DESTRUCTION = (r"(?:vandali[sz]ed|ransacked|torched|set (?:[\w'-]+ ){0,4}?(?:on fire|ablaze|alight)|set fire to|burn(?:ed|t)(?: down)?|"
                r"damaged|destroyed|smashed|looted|broke (?:into|down)|tore down)")
# The crowd or civilians as who destroyed (subject before the verb, or after "by"), not as whose property it was.
_CROWD_DESTROYS = re.compile(
    rf"\b(?:mobs?|crowds?|rioters|{_CIVILIAN_GROUP})\b(?:(?!\b(?:were|was|been|being|by|whose|of)\b)[^.;]){{0,40}}?\b{_DESTRUCTION}\b|"
    rf"\b{_DESTRUCTION} by (?:an? |the )?(?:angry |irate )?(?:group of |crowd of |mob of )?(?:[\w'-]+ ){{0,2}}?"
    rf"(?:mobs?|crowds?|rioters|{_CIVILIAN_GROUP})\b")
_WEAPONS = re.compile(
    r"\b(?:shot|shoot(?:ing|out)?|gun(?:s|fire|shots?|men|battle)?|firearms?|rifles?|pistols?|fired|firing|armed|"
    r"militants?|rebels?|insurgents?|fighters|militia(?:s|men)?|grenades?|bombs?|explosives?|machetes?|bullets)\b")


def _unarmed_crowd_fight(sub: SubEventType, trigs: list, low: str) -> bool:
    if _WEAPONS.search(low) or any(_direct_fire(t) for t in trigs):
        return False
    return bool(_CROWD_CLASH.search(low) if sub == SubEventType.ARMED_CLASH else _CROWD_ATTACKERS.search(low))


def classify(text: str, spans: list[tuple[int, int]]) -> SubEventType | None:
    """The sub-event type of a text's first event-opening sentence, with no place needed (short snippets).

    The same trigger choice as `assemble`: the strongest trigger of the first sentence that has one that
    can open an event (a weak one only with a toll); failing that, the strongest trigger anywhere."""
    low = lower_same_length(text)
    found = [t for t in _told(triggers.find(text, low), low) if t.strength != "anaphor"]
    if not found:
        return None
    starts = [s for s, _ in spans]
    for (s, e), trigs in zip(spans, _bucket(found, starts, lambda t: t.start)):
        if not trigs:
            continue
        kills = counts.killed(text[s:e])
        openers = [t for t in trigs if t.strength == "strong" or kills]
        if openers:
            best = max(openers, key=lambda t: t.priority)
            break
    else:
        best = max(found, key=lambda t: t.priority)
    sub = refined(best.event_type, best.sub_event_type, [t for t in found if _reported(t, low, 0)], text)[1]
    if sub in _TERRITORY:
        t = next(t for t in found if t.sub_event_type in _TERRITORY)
        sub = _territory_taker(sub, text[max([s for s, _e in spans if s <= t.start], default=0):t.start],
                               text[t.end:min([e for _s, e in spans if e > t.end], default=len(text))])
    return sub


def _merge_duplicates(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        twin = next((o for o in out if o.sub_event_type == d.sub_event_type and _same_place(o.place, d.place)
                     and (o.date is None or d.date is None or o.date == d.date)), None)
        if twin is None:
            out.append(d)
            continue
        for v in d.fatalities:
            if v not in twin.fatalities:
                twin.fatalities.append(v)
        twin.toll = max(twin.toll, d.toll)
        if d.stated is not None:
            twin.stated = d.stated if twin.stated is None else min(twin.stated, d.stated)
        twin.injured += d.injured
        twin.sentences.extend(d.sentences)
        twin.actor_mentions.extend(d.actor_mentions)
        twin.sources.extend(s for s in d.sources if s not in twin.sources)
        if twin.date is None or (d.date and d.precision < twin.precision):
            twin.date, twin.precision = d.date, d.precision
    return out


_SIDE_A = {"State forces", "External/Other forces"}


def _actors(d: Draft, gaz: Gazetteer, cc: str):
    seen: dict[str, tuple[Actor, bool]] = {}
    for m in d.actor_mentions:
        name, category = actors_mod.canonical(m, gaz, cc)
        if name not in seen or seen[name][1] and not m.generic:  # (named once, it is named)
            seen[name] = (Actor(name=name, as_written=m.text, category=category), m.generic)
    listed = list(seen.values())
    armed = [(a, g) for a, g in listed if a.category not in ("Civilians", "Protesters", "Rioters")]
    civilians = next((a for a, _g in listed if a.category == "Civilians"), None)
    country = gaz.countries.get(cc)
    where = f" ({country.name if country else cc})" if country or cc else ""
    et = d.event_type
    if et in (EventType.PROTESTS, EventType.RIOTS):
        crowd = next((a for a, _g in listed if a.category in ("Protesters", "Rioters")), None)
        if crowd is None:
            label = "Rioters" if et == EventType.RIOTS else "Protesters"
            crowd = Actor(name=f"{label}{where}", as_written=label.lower(), category=label)
        return crowd, (armed[0][0] if armed else None), []
    if et == EventType.BATTLES:
        if not armed:
            return None, None, []
        a1, generic1 = armed[0]
        side1 = a1.category in _SIDE_A
        # a side's name before its description ("Islamist militants of al-Shabaab": Al Shabaab)
        a1, generic1 = next(((a, g) for a, g in armed if not g and (a.category in _SIDE_A) == side1), (a1, generic1))
        rest = [(a, g) for a, g in armed if a is not a1]
        others = [(a, g) for a, g in rest if (a.category in _SIDE_A) != side1]
        if not others:
            # a battle has two sides: two states' forces are two ("forces of Armenia fired at the forces of
            # Azerbaijan"), a description and a name of a group one ("Islamist militants of al-Shabaab")
            others = [(a, g) for a, g in rest if (
                a.category == a1.category == "State forces" or not g and not generic1)]
        named = [a for a, g in others if not g]
        a2 = named[0] if named else (others[0][0] if others else None)
        assoc = [a for a, g in rest if (a.category in _SIDE_A) == side1 and not g and a is not a2]
        return a1, a2, assoc
    named_first = [a for a, g in armed if not g] or [a for a, _g in armed]
    a1 = named_first[0] if named_first else None
    if a1 is None and et in (EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS):
        # Codebook: violence whose perpetrator the report does not name is an unidentified armed group's
        # ("a landmine exploded", "a man was shot dead")
        a1 = Actor(name=f"Unidentified Armed Group{where}", as_written="", category="Political militia")
    side1 = a1.category in _SIDE_A if a1 else True
    assoc = [a for a, g in armed if a is not a1 and not g and (a.category in _SIDE_A) == side1]
    a2 = civilians  # the victims, or the side struck
    if a2 is None and et == EventType.VIOLENCE_AGAINST_CIVILIANS or (
        a2 is None and any(_CIVILIAN_VICTIMS.search(s.low) for s in d.sentences) and d.fatalities):
        a2 = Actor(name=f"Civilians{where}", as_written="civilians", category="Civilians")
    if a2 is None and et == EventType.EXPLOSIONS_REMOTE_VIOLENCE and a1 is not None:
        # the side struck ("Turkish drones killed two PKK fighters"): the first of the other side, a named one first
        others = [(a, g) for a, g in armed if (a.category in _SIDE_A) != side1]
        a2 = next((a for a, g in others if not g), others[0][0] if others else None)
    return a1, a2, assoc


def _to_event(article: Article, d: Draft, index: int, gaz: Gazetteer, context: Counter, ref: date,
              share: counts.Share | None = None) -> Event:
    p = d.place
    if p.index is not None:
        i = p.index
        a1 = p.admin1
        loc = Location(name=p.name, geonames_id=gaz.ids[i], place=gaz.names[i], admin1=a1.name if a1 else None,
                       country=gaz.countries[p.country_code].name if p.country_code in gaz.countries else None,
                       country_code=p.country_code, lat=round(gaz.lat[i], 5), lon=round(gaz.lon[i], 5),
                       geo_precision=p.precision)
        loc_key = str(gaz.ids[i])
    elif p.admin1 is not None:
        a1 = p.admin1
        lat, lon = p.point or (a1.lat, a1.lon)
        loc = Location(name=p.name, admin1=a1.name, country=gaz.countries[p.country_code].name if p.country_code in gaz.countries else None,
                       country_code=p.country_code, lat=lat, lon=lon, geo_precision=p.precision if p.point else 3)
        loc_key = f"{a1.country_code}.{a1.code}"
    else:  # a place the gazetteer lacks: as written, in the article's country if it names one, no point
        loc = Location(name=p.name, country=gaz.countries[p.country_code].name if p.country_code in gaz.countries else None,
                       country_code=p.country_code, geo_precision=3)
        loc_key = f"{p.country_code}:{p.name}"
    event_date = d.date or ref
    precision = d.precision if d.date else 2
    fatalities = d.stated if d.stated is not None else max(sum(d.fatalities), d.toll)
    if share is not None:
        fatalities = share.of(fatalities)
    actor1, actor2, assoc = _actors(d, gaz, p.country_code)
    conf = 0.3 + (0.2 if p.index is not None else 0.1 if p.admin1 is not None else 0) + (0.2 if precision == 1 else 0.05) + (0.15 if actor1 else 0) + (
        0.15 if (fatalities or d.sources) else 0)
    return Event(
        id=stable_id(article.id, article.version, d.sub_event_type.value, loc_key, event_date.isoformat(), index),
        event_type=d.event_type,
        sub_event_type=d.sub_event_type,
        event_date=event_date,
        time_precision=precision,
        location=loc,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        fatalities=fatalities,
        injured=d.injured or None,
        sources=d.sources,
        article_ids=[article.id],
        article_urls=[article.url] if article.url else [],
        outlets=[article.source] if article.source else [],
        evidence=[Evidence(text=article.body[s.start:s.end], start=s.start, end=s.end) for s in d.sentences],
        confidence=round(min(conf, 1.0), 3),
        reported_at=article.published_at,
    )
