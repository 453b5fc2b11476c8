"""Fatality / injury counts in a sentence, with ACLED's conventions for vague numbers.

ACLED codebook: the most conservative figure; 'tens' is coded 10, 'dozens' 12, 'hundreds' 100; 'several',
'many', 'a number of', an unknown number or fatalities with no figure at all, 10; 'at least N' is N; a range
('6-15') its lower end; parts ('3 soldiers and 5 militants were killed') are summed into one count. A figure
of dead that belongs to another event the sentence refers to ("protested after 40 prisoners were killed"), a
figure given as killed-or-wounded, and the wounded left by an attack are no fatalities of this event.

Every pattern is written in lower case and runs case-sensitively over the lower-cased sentence: the same
matches as re.IGNORECASE over the original, several times faster (these run for most sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .scan import Dialects, Prefiltered, ascii_twin, starts_words
from .textnorm import lower_same_length

_UNITS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "both": 2,
          "half a dozen": 6, "a couple of": 2}
_VAGUE = {"dozens": 12, "dozens of": 12, "scores": 20, "scores of": 20, "hundreds": 100, "hundreds of": 100,
          "tens of": 10, "several": 10, "many": 10, "a number of": 10, "a handful of": 3, "a group of": 10}
_WORDNUM = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|half a dozen|a dozen|a couple of)"
# An unknown number: ACLED codes 10 (a vague quantifier followed by a figure is that figure's: "a group of 5").
_UNKNOWN = r"(?:an?\s+)?(?:unknown|unspecified|undetermined|undisclosed|unconfirmed|unclear|indeterminate) number of"
_VAGUE_RE = (rf"(?:(?:dozens|scores|hundreds)(?: of)?|tens of|several|many|a number of|a handful of|a group of|{_UNKNOWN})"
             rf"(?!\s+(?:\d|{_WORDNUM}\b))")
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\s?[-–]\s?\d+\b)?|{_WORDNUM}|both|{_VAGUE_RE})"
_QUAL = r"(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|approximately|an estimated|a total of|total of|all)"
# The words between a figure and its verb; a parenthesis ("5 civilians (2 men, 2 women and 1 child) were
# killed") is one of them.
_ASIDE = r"(?:,?\s*(?:including|among them|among whom|mostly|mainly|most of them|many of them)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+,?)"
_WHO = rf"(?:(?:[\w'’/-]+{_ASIDE}?|\([^()]{{0,80}}\)|{_ASIDE})\s+){{0,7}}?"
# Animals killed are no fatalities ("killed 15 livestock").
_NOT_PEOPLE = r"(?:head of )?(?:livestock|cattle|cows|goats|sheep|camels|donkeys|horses|animals|dogs)\b"
_KILL = (r"(?:killed|dead|died|slain|shot dead|gunned down|massacred|executed|assassinated|lost their lives|perished|"
         r"succumbed to (?:their|his|her) (?:wounds|injuries)|"
         r"beheaded|lynched|murdered|slaughtered|(?:burned|burnt) alive|fatally (?:wounded|injured|shot|stabbed)|"
         r"(?:shot|stabbed|beaten|hacked|burned|burnt|tortured|stoned) to death)")
_HURT = r"(?:wounded|injured|hurt|maimed)"
# A word each alternative of the verb has: a sentence with none of them has no figure before such a verb.
_KILL_VERB_WORDS = ("killed", "dead", "died", "slain", "gunned down", "massacred", "executed", "assassinated",
                    "lost their lives", "perished", "succumbed", "beheaded", "lynched", "murdered", "slaughtered",
                    "alive", "fatally", "to death")
_HURT_VERB_WORDS = ("wounded", "injured", "hurt", "maimed")
# "were abducted and killed", "were attacked and shot to death": the first verb is what led to the death.
_BEFORE = (r"(?:(?:kidnapped|abducted|attacked|captured|tortured|beaten|shot|stabbed|robbed|raped|ambushed|"
           r"taken|seized|detained|arrested|found|handcuffed|tied)\s+(?:and|then|before being)\s+)?")
_BE = rf"(?P<be>(?:(?:were|have been|had been|was|has been|are|being|reportedly|also|allegedly|later|all|reported)\s+){{0,3}}){_BEFORE}"
# An active verb with its object after it ("two gunmen killed three villagers"): the figure before it counts
# the killers, not the dead.
_OBJECT_AFTER = re.compile(rf"\s+(?:{_QUAL}\s+)?(?:{NUM}|an?|the|his|her|their|its|him|them|this|that|these|those)\b")
# A figure that is the object of the other verb ("wounding 3 ..."), whatever follows it.
_OBJECT_OF = re.compile(rf"\b(?:wounded|injured|wounding|injuring|hurt|killed|killing)\s+(?:{_QUAL}\s+)?$")
# "killed, injured or captured", "killed or wounded": how many died is not said.
_OR_ELSE = re.compile(r"(?:,\s*[a-z]+)*,?\s+or\s+(?:were\s+)?(?:injured|wounded|hurt|captured|arrested|detained|"
                      r"missing|abducted|kidnapped|taken)\b")
# A figure the wounded verb follows ("leaving 3 police personnel injured", "1 killed 3 injured").
_HURT_AFTER = re.compile(r"(?:\s+(?!and\b|or\b|while\b|but\b)[\w'’/-]+){0,4}?\s+(?:were\s+|was\s+)?(?:wounded|injured|hurt)\b")
_KILL_AFTER = re.compile(r"(?:\s+(?!and\b|or\b|while\b|but\b)[\w'’/-]+){0,4}?\s+(?:were\s+|was\s+)?(?:killed|dead|died)\b")
# Another event the count belongs to: "protested after the previous day more than 40 prisoners were killed",
# "the airstrikes came after IS killed 10 soldiers", "demanding justice for a youth who was killed".
_OTHER_EVENT = Dialects(re.compile(
    r"\b(?:(?:(?:days?|weeks?|months?|years?|hours?|shortly|soon|long|came|comes|come|protest\w*|demonstrat\w*|"
    r"rall(?:y|ied|ies)|march(?:ed)?|riot(?:ed)?|gathered|took to the streets)\s+(?:after|following))|"
    r"in the wake of|in retaliation for|in revenge for|in response to|"
    r"(?:over|against|for|after|following) the (?:death|killing|murder)s? of|"
    r"justice|demand(?:ing|ed|s)?|condemn(?:ing|ed|s)?|denounc(?:ing|ed|es)?|mourn(?:ing|ed|s)?|"
    r"protest(?:ing|ed|s)? (?:at|over|against)|commemorat\w*|anniversary|accused of|suspected of|"
    r"charged with|convicted of|sentenced for|responsible for)\b[^,;:()]{0,70}$|"
    # "fired artillery after the Islamic State detonated an IED ... killing soldiers": a clause of its own after
    # 'after' (not "after clashes that killed 26", the event itself)
    r"\b(?:after|following)\s+(?!having\b|being\b)(?:(?!(?:that|which|who)\b)[\w'’-]+\s+){1,4}?(?:detonated|attacked|killed|stormed|"
    r"opened fire|fired|launched|ambushed|raided|targeted|planted|shot|abducted|kidnapped)\b"
    r"(?:(?!\b(?:that|which|who)\b)[^,;:()]){0,70}$"))


def _patterns(verb: str) -> list[re.Pattern]:
    return [
        # "at least 21 civilians have been killed", "26 rebel fighters ... killed", "four civilians were killed"
        re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?!(?:km|kilometres|kilometers|miles|years|months|days|weeks|hours|per cent|percent|%)\b|{_NOT_PEOPLE}){_WHO}{_BE}(?P<v>{verb})\b"),
        # "killed at least 26", "leaving 5 dead", "death toll rose to 30"
        re.compile(rf"\b(?:{verb.replace('killed', 'killed|killing|kill|kills|fatally shot|left|leaving|claimed the lives of')}|toll (?:\w+ ){{0,3}}(?:to|of|at))\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b(?!\s*(?:km|kilometres|%|per cent)\b|\s+{_NOT_PEOPLE})"),
        # "a soldier was killed", "a man was found dead", "a fugitive from the prison system was killed"
        re.compile(rf"\b(?P<n>an?|one)\s+(?:(?:[\w'’-]+|\([^()]{{0,60}}\))\s+){{0,7}}?(?:was|has been|had been)\s+(?:(?:found|reportedly|later|also|shot)\s+(?:and\s+)?)?"
                   rf"(?:[a-z]+ed\s+by\s+(?:[\w'’-]+\s+){{1,3}}?and\s+)?{_BEFORE}{verb}\b"),
        # "killed a member of the police", "shot dead an activist"
        re.compile(rf"\b(?:{verb.replace('killed', 'killed|killing|fatally shot')})\s+(?P<n>an?)\s+(?!(?:number|total|lot|few|further|handful|group|unknown|unspecified|undetermined|undisclosed|unconfirmed|unclear)\b)"),
    ]


# "killed a suspected commander and his son": two
_PAIR_AFTER = re.compile(rf"\b(?:killed|killing|fatally shot|shot dead|assassinated|gunned down)\s+(?P<n>an?|the)\s+"
                         rf"(?:[\w'’-]+\s+){{0,4}}?(?P<pair>and)\s+(?:(?:his|her|their)\s+(?:(?P<m>{NUM})\s+)?|(?P<m2>{NUM})\s+|an?\s+)"
                         r"(?!number|group|few|total)[\w'’-]+")
# "a former bodyguard who reportedly worked for prominent personalities was shot dead"
_KILLED_AFTER_WHO = r"(?:(?:reportedly|later|also)\s+)?(?:shot dead|killed|gunned down|assassinated|(?:shot|stabbed|beaten) to death)\b"
_WHO_WAS = re.compile(rf"\b(?P<n>an?|one)\s+(?:[\w'’-]+\s+){{0,4}}?who\s+[^.;]{{0,90}}?\s(?:was|has been|had been)\s+{_KILLED_AFTER_WHO}")
# "two suspected militants who police said were involved in the drug trade were shot dead"
_WHO_WERE = re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?:[\w'’-]+\s+){{0,4}}?who\s+[^.;]{{0,90}}?\s(?:were|have been|had been)\s+"
                       rf"{_KILLED_AFTER_WHO}")
# Whom "killed the ..." names as one dead (_THE_LEADER)
_LEADERS = ("leader", "head", "chief", "commander", "mayor", "governor", "president", "chairman", "secretary", "director",
            "owner", "imam", "priest", "pastor", "judge", "prosecutor", "journalist", "activist", "driver", "husband",
            "wife", "son", "daughter", "father", "brother")
_COORDINATED = (
    # "a man and a woman were killed", "the district head and his bodyguard were killed": two
    rf"\b(?P<n>an?|one|the)\s+(?:[\w'’-]+\s+){{0,4}}?(?P<pair>and)\s+(?:also\s+)?(?:an?|his|her|their|the|one|its)\s+(?:[\w'’-]+\s+){{0,4}}?"
    rf"(?:were|have been|had been)\s+(?:(?:reportedly|also|later|all|allegedly)\s+){{0,2}}{_BEFORE}VERB\b")
_KILL_PATTERNS = _patterns(_KILL) + [
    # "the death toll from Wednesday's raids on a market in Idlib rose to 23"
    _TOLL_ROSE := re.compile(rf"\btoll\b[^.;]{{0,100}}?\b(?:rose|risen|climbed|reached|increased|jumped|stood|stands|hit)\s+"
               rf"(?:to\s+|at\s+)?(?:{_QUAL}\s+)?(?P<n>{NUM})\b"),
    # "the man died", "the victim died in hospital"
    re.compile(r"\b(?P<n>the|a|an)\s+(?:[\w-]+\s+)?(?:victim|man|woman|boy|girl|child|teenager|person|soldier|policeman|"
               r"officer|fighter|militant|suspect|driver|passenger|guard|leader|civilian|villager|farmer|worker|"
               rf"student|prisoner|detainee|journalist|activist|trader|shopkeeper)(?:,?\s+who)?\s+(?:later\s+)?(?:died|{_KILL})\b"
               rf"(?!\s+(?:an?|the|his|her|their|him|them|{NUM})\b)"),  # "a guard fatally shot a man": the guard killed
    # "a rioter succumbed to his wounds"
    _SUCCUMBED := re.compile(r"\b(?P<n>an?|one|the)\s+(?:[\w'’-]+\s+){0,2}?(?:who\s+)?(?:later\s+)?succumbed to (?:his|her) (?:wounds|injuries)\b"),
    # "fatally shot the leader of the movement"
    _THE_LEADER := re.compile(rf"\b(?:fatally shot|shot dead|assassinated|gunned down|killed|killing)\s+(?P<n>the)\s+"
                              rf"(?:[\w'’-]+\s+){{0,3}}?(?:{'|'.join(_LEADERS)})\b"),
    # "killed and wounded Taliban militants": plural dead with no figure, an unknown number (10)
    _PLURAL := re.compile(r"\b(?:killed|killing)(?: and (?:wounded|injured|wounding|injuring))?\s+(?P<n>(?P<plural>(?:(?!(?:the|these|"
               r"those|his|her|their|its|our|all|both|some|no|other|by|in|on|at|with|from|for|during|after|and|or|as|to|of|"
               rf"{_WORDNUM}|\d+)\b)[\w'’-]+\s+){{0,2}}?)"
               r"(?:militants|fighters|soldiers|troops|civilians|policemen|rebels|insurgents|jihadists|gunmen|attackers|"
               r"militiamen|villagers|protesters|demonstrators)\b)"),
    # "One man was injured and the other died"
    _OTHER_ONE := re.compile(rf"\b(?P<n>the other|another)(?:\s+one)?\s+(?:(?:was|later|also|reportedly)\s+)*(?:died|{_KILL})\b"),
    # "returned fire, killing him", "leaving him dead", "resulting in his death"
    _HIM := re.compile(r"\b(?:killed|killing|fatally shot|shot dead|shooting dead|assassinated)\s+(?P<n>him|her)\b"),
    _LEFT_HIM := re.compile(r"\b(?:leaving|left)\s+(?P<n>him|her)\s+(?:dead|killed)\b"),
    _HIS_DEATH := re.compile(r"\b(?:resulting in|resulted in|leading to|led to|causing|caused)\s+(?P<n>his|her)\s+death\b"),
    # "beat a young man to death", "stabbed two women to death"
    _TO_DEATH := re.compile(rf"\b(?:beat|shot|stabbed|tortured|hacked|burned|burnt|stoned|bludgeoned)\s+(?P<n>an?|{NUM})\s+"
               r"(?:[\w'’-]+\s+){0,3}?to death\b"),
    # "killing and injuring a number of fighters"
    _KILLED_AND_HURT := re.compile(rf"\b(?:killing and (?:injuring|wounding)|killed and (?:injured|wounded))\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b"),
    # "led to the killing of 1 militant", "resulting in the deaths of 3 civilians"
    _KILLING_OF := re.compile(rf"\b(?:killing|killings|deaths?|murders?|assassination)\s+of\s+(?:{_QUAL}\s+)?(?P<n>{NUM}|an?)\s+"
               rf"(?!{_NOT_PEOPLE})"),
    # "the bodies of two men were found", "the body of a woman", "five corpses ... were discovered"
    _BODIES_OF := re.compile(rf"\b(?:(?:dead\s+)?bod(?:y|ies)|remains|corpses?)\s+of\s+(?:{_QUAL}\s+)?(?P<n>{NUM}|an?)\s+(?!{_NOT_PEOPLE})"),
    # "his body was found": one
    _HIS_BODY := re.compile(r"\b(?P<n>his|her)\s+(?:[\w-]+\s+)?body\s+(?:was|had been|has been)\s+(?:\w+\s+)?"
                            r"(?:found|discovered|recovered|retrieved|dumped)\b"),
    # "the attack claimed 12 lives", "costing 3 lives"
    _LIVES := re.compile(rf"\b(?:claimed|claiming|cost|costing|took|taking)\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?:[\w'’-]+\s+)?lives\b"),
    _CORPSES := re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM}|an?|one)\s+(?:[\w'’-]+\s+){{0,2}}?(?:bod(?:y|ies)|corpses?)\s+"
               rf"(?:of\s+(?:[\w'’-]+\s+){{0,3}}?)?(?:(?:was|were|had been|have been|has been|reportedly|later)\s+){{1,3}}"
               rf"(?:found|discovered|recovered|retrieved|dumped|pulled)\b"),
    _COORDINATED_KILL := re.compile(_COORDINATED.replace("VERB", _KILL)),
    _PAIR_AFTER,
    _WHO_WAS,
    _WHO_WERE,
    # The attacker's own death, when the text tells it: "killing 5 before being shot dead by police"
    _ATTACKER := re.compile(r"\b(?P<n>(?P<self>before\s+(?:being|he was|she was)\s+(?:shot dead|killed|gunned down|"
                            r"shot and killed)))\b"),
    # "a suicide bomber killed himself and 4 others"
    _HIMSELF_AND := re.compile(rf"\b(?:killed|killing)\s+(?P<n>himself|herself)\s+(?P<pair>and)\s+(?:(?P<m2>{NUM})|an?)\b"),
    # "a man from Saqba in Rural Damascus died as a result of torture"
    _A_MAN_DIED := re.compile(r"\b(?P<n>an?|one)\s+(?:(?!(?:was|were|is|are|and|or|who|which|that|after|when|had|has|have)\b)"
                              r"[\w'’-]+\s+){1,6}?(?:later\s+)?died\b"),
]
# Words a pattern cannot match without: a pattern is not run over a sentence that lacks all of them.
_GATES: dict[re.Pattern, tuple[str, ...]] = {
    _TOLL_ROSE: ("toll",),
    _SUCCUMBED: ("succumbed",),
    _PLURAL: ("kill",),
    _OTHER_ONE: ("other",),
    _HIM: ("him", "her"),
    _LEFT_HIM: ("him", "her"),
    _HIS_DEATH: ("death",),
    _TO_DEATH: ("to death",),
    _CORPSES: ("bod", "corpse"),
    _COORDINATED_KILL: ("were", "been"),  # (its "and" too, but the verb's auxiliary is the rarer word)
    _THE_LEADER: _LEADERS,
    _KILLED_AND_HURT: ("killing and", "killed and"),
    _KILLING_OF: (" of ",),
    _BODIES_OF: ("bod", "remains", "corpse"),
    _HIS_BODY: ("body",),
    _LIVES: ("lives",),
    _PAIR_AFTER: (" and ",),
    _WHO_WAS: (" who ",),
    _WHO_WERE: (" who ",),
    _A_MAN_DIED: ("died",),
    _ATTACKER: ("before",),
    _HIMSELF_AND: ("himself", "herself"),
}
_N_FIRST = (0, 2)  # patterns whose figure comes before the verb ("4 soldiers were killed")
# Patterns whose figure follows the verb: parts after it are summed ("killing 4 soldiers and 7 militants").
_N_AFTER = (_KILL_PATTERNS[1], _KILLING_OF, _BODIES_OF, _KILLED_AND_HURT)

# Figures stated as the event's tally ("3 fatalities", "fatalities coded as 12", "total fatalities 2"): a
# total of what the sentences before it counted, not an addition to them.
_TALLY_WORD = (r"(?!(?:killed|dead|died|wounded|injured|no|not|were|was|in|on|at|during|with|without|from|after|by|"
               r"and|or|events?|locations?|days?|places?)\b)[\w'’/-]+")
_TALLY_PATTERNS = [
    # "3 fatalities", "resulting in one death", "25 ADF fighters and 6 military fatalities"
    re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?!of\b)(?:{_TALLY_WORD}\s+){{0,3}}?(?:(?:and|,)\s+(?:{_QUAL}\s+)?{NUM}\s+(?:{_TALLY_WORD}\s+){{0,3}}?)?(?:fatalities|fatality|deaths?)\b"),
    # "fatalities coded as 12", "unclear fatalities coded as 10", "total fatalities 2", "fatalities: 4"
    re.compile(rf"\bfatalit(?:ies|y|es)\s*(?::\s*|(?:were\s+|was\s+)?(?:coded|recorded|estimated|counted|put|reported)\s+(?:as|at)\s+|(?=\d))(?P<n>\d+)\b"),
]
# Plural fatalities without a figure ("incurring fatalities", "resulted in fatalities on both sides"): ACLED
# codes an unknown number of dead as 10.
_NO_FIGURE = re.compile(r"\b(?:incurring|inflicting|incurred|inflicted|causing|caused|resulted in|resulting in|"
                        r"led to|leading to|leaving|left|with)\s+(?:heavy\s+|several\s+|many\s+|unknown\s+|"
                        r"unspecified\s+)?(?:fatalities|deaths)\b")

_HURT_PATTERNS = _patterns(_HURT)
_HURT_PATTERNS[1] = re.compile(rf"\b(?:wounding|injuring|wounded|injured)\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b")
_HURT_PATTERNS.append(_COORDINATED_HURT := re.compile(_COORDINATED.replace("VERB", _HURT)))
_GATES[_COORDINATED_HURT] = ("were", "been")
# The figure-before-verb patterns ("4 soldiers were killed", "a soldier was killed") need the verb itself.
for _pats, _words in ((_KILL_PATTERNS, _KILL_VERB_WORDS), (_HURT_PATTERNS, _HURT_VERB_WORDS)):
    _GATES[_pats[0]] = _words
    _GATES[_pats[2]] = ("was", "been")  # "a soldier was killed": its auxiliary is far rarer than the verb
_GATES[_TALLY_PATTERNS[0]] = ("fatalit", "death")
_GATES[_TALLY_PATTERNS[1]] = ("fatalit",)
_PART = re.compile(rf"(?:\band|,)\s+(?:{_QUAL}\s+)?(?P<n>{NUM}|an?|one)\s+[\w'’-]+")
_PART_AFTER = re.compile(rf"(?:\s+[\w'’/-]+){{1,6}}?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_QUAL}\s+)?(?P<n>{NUM})\b")
_AMONG = re.compile(r"\bamong (?:those|the)\b")
# Dead that might be, not dead that are: "hundreds more could be killed", "threatened to kill 20 hostages",
# "5 soldiers were feared dead" (the modal 'may', not the month).
_MODAL = Dialects(re.compile(r"\b(?:could|would|might|will|shall|can|cannot|(?<!\d )may(?!\s+\d)|threaten\w*|risk(?:s|ed|ing)?|"
                    r"feared|expected to|likely to|about to|(?:plan|vow|intend|tr)(?:s|ed|ied|y|ies|ing)? to|attempt\w* to)\b"))
# Cumulative figures: the dead of a period, not of the event ("the death toll this year to 300", "40 people were
# killed there last month", "120 have been killed since April"); not "the deadliest attack this year".
_PERIOD = Dialects(re.compile(
    r"\b(?:(?:this|last|earlier this|so far this|since last) (?:year|month)|so far|to date|in recent (?:days|weeks|months|years)|"
    r"(?:over|in|during) the (?:past|last) (?:\w+ )?(?:days|weeks|months|years|decades?)|"
    r"since (?:(?:early |mid-|late )?(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)|(?:19|20)\d\d|the (?:start|beginning|outbreak)|then)|"
    r"in (?:early |mid-|late )?(?:january|february|march|april|june|july|august|september|october|november|december)"
    r"(?:\s+(?:19|20)\d\d)?\b(?![\s-]*\d)|in (?:19|20)\d\d|throughout the|cumulative|in total)\b"))
_SUPERLATIVE = re.compile(r"\b(?:deadliest|worst|bloodiest|biggest|largest|heaviest|first|latest|second|third|most \w+)"
                          r"(?:\s+[\w'’-]+){0,3}\s+$")


def _of_a_period(text: str, lo: int, hi: int) -> bool:
    return any(not _SUPERLATIVE.search(text, max(0, p.start() - 40), p.start()) for p in _PERIOD.of(text).finditer(text, lo, hi))


# Deaths from disease, hunger or accident are no event's fatalities ("58 deaths from COVID-19").
_NOT_VIOLENCE = re.compile(r"\s*(?:[\w'’-]+\s+){0,3}?(?:of|from|due to|after contracting|caused by|linked to|related to)\s+(?:the\s+)?"
                           r"(?:covid(?:-19)?|coronavirus|virus|disease|illness|cholera|measles|malaria|ebola|hunger|"
                           r"starvation|natural causes|heart attack|drowning|the floods?|the heat)\b")
_MODAL_JUST_BEFORE = re.compile(rf"{_MODAL.unicode.pattern}\s+(?:to\s+)?(?:be\s+|have\s+(?:been\s+)?)?$")
_ALSO = re.compile(r"\b(?:also|more|(?<!the )other|another|further|additional)\b")
_IN_ADDITION = re.compile(rf"(?:\s+(?:[\w'’-]+\s+){{0,2}}?)?,?\s*(?:in addition to|as well as|plus)\s+(?:{_QUAL}\s+)?(?P<n>{NUM}|an?|one)\b")
_PART_OF = re.compile(r"\b(?:including|among them|among whom|of whom|of them|of which)\s+$")
_ALTERNATIVE = re.compile(r"\b(?:but|while|whereas|however)\b[^.;]{0,30}\b(?:other|another|different)\s+(?:sources?|reports?|"
                          r"media|outlets?|accounts?)\b|\b(?:other|another)\s+(?:sources?|reports?|accounts?)\s+"
                          r"(?:said|say|reported|put|gave|claimed)\b|"
                          r"\b(?:put|puts|putting|gave|give|gives|estimated|estimate)\s+(?:the|a)\s+(?:death\s+)?"
                          r"(?:toll|number of (?:dead|deaths|victims))\b")
_PARENS = re.compile(r"\([^()]*\)")

_KILL_WORD = re.compile(r"\b(?:killed|killing|dead|died)\b")
_HURT_WORD = re.compile(r"\b(?:wounded|wounding|injured|injuring|hurt)\b")


def to_int(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if w in ("the", "him", "her", "his", "the other", "another"):
        return 1
    if w in _VAGUE:
        return _VAGUE[w]
    if re.fullmatch(_UNKNOWN, w):
        return 10
    if w in _UNITS:
        return _UNITS[w]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        return int(w.replace(",", ""))
    m = re.fullmatch(r"(\d+)\s?[-–]\s?(\d+)", w)
    if m:  # a range: its conservative end
        return min(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in _UNITS and m.group(2) in _UNITS:
        return _UNITS[m.group(1)] + _UNITS[m.group(2)]
    return None


@dataclass  # (not frozen: see places.Place)
class Count:
    start: int  # of the number
    value: int
    toll: bool  # "death toll rose to N", "N fatalities": a running total or tally, not an addition
    stated: bool = False  # the tally the text itself gives ("fatalities coded as N", "N fatalities")
    also: bool = False  # dead in addition to those already told ("2 militants were also killed", "two more died")


def _year_like(n: str, value: int) -> bool:
    return 1900 <= value <= 2100 and n[:4].isdigit()


def _matches(search, text: str):
    """Every match, also those starting inside a rejected one ("3 were injured and 1 died": the 1). `search`:
    a pattern's search method, or the same through a prefilter (_searchers)."""
    pos = 0
    while (m := search(text, pos)) is not None:
        yield m
        pos = m.start("n") + 1


def _searchers(pat: re.Pattern) -> tuple:
    """`pat.search`, and that of its ASCII twin (for ASCII text: scan.ascii_twin). A pattern that begins with a figure
    ("at least 21 civilians ... killed") is tried only where a number word or a digit begins a word (scan.Prefiltered:
    the same matches, and its own choice of twin): tried at every position, these cost more than all other patterns
    together; those that begin with a common word ("a", "the", "killed") gain nothing from a prefilter."""
    if id(pat) not in _FIGURE_FIRST:
        return pat.search, ascii_twin(pat).search
    scan = Prefiltered(pat, length=5, lower=False, word_start=starts_words(pat.pattern, pat.flags))

    def search(text: str, pos: int) -> re.Match | None:
        return scan.search(text, text, pos)

    return search, search


def _plans(patterns: list[re.Pattern]) -> tuple[list, list]:
    """Each pattern's search (_searchers) with its index, its gate words and whether parts after its figure are
    summed (looked up once: hashing a compiled pattern costs microseconds); for any text, then for ASCII text."""
    after = {id(p) for p in _N_AFTER}
    rows = [(k, _searchers(pat), frozenset(_GATES[pat]) if pat in _GATES else None, k == 1 or id(pat) in after)
            for k, pat in enumerate(patterns)]
    return tuple([(k, searchers[plain], gate, n_after) for k, searchers, gate, n_after in rows] for plain in (0, 1))


def _find(text: str, plans: tuple[list, list], gate_words: tuple[str, ...], other_verb: re.Pattern,
          kill: bool) -> list[Count]:
    plain = text.isascii()
    found: dict[int, Count] = {}
    taken_until = -1  # the end of the last accepted match: no figure inside it is counted again
    attacker_counted = False
    present = {g for g in gate_words if g in text}  # the gate words of all patterns, looked for once
    for k, pat, gate, n_after in plans[plain]:
        taken_until = -1
        if gate is not None and gate.isdisjoint(present):
            continue
        for m in _matches(pat, text):
            start = m.start("n")
            if start < taken_until:
                continue
            if not kill and ("fatally" in m.group(0) or text.endswith("fatally ", 0, m.start())):
                continue  # "fatally wounded": dead, not wounded
            gd = m.groupdict()
            if "pair" in gd:  # "a man and a woman", "the bomber and two passers-by"
                value = 1 + (to_int(gd.get("m") or gd.get("m2") or "") or 1)
                if (gd.get("m") or gd.get("m2")) and (_HURT_AFTER if kill else _KILL_AFTER).match(text, m.end()):
                    continue  # "killed a soldier and two others were injured"
            elif "plural" in gd:
                value = 10
            elif "self" in gd:
                value = 1
            else:
                value = to_int(m.group("n"))
            if value is None or value > 100000 or _year_like(m.group("n"), value):
                continue
            if k in _N_FIRST and "v" in m.groupdict():
                gap = text[m.end("n"): m.start("v")]
                if other_verb.search(gap) and not re.search(r"\b(?:and|or)\s+$", gap) or \
                        gap.strip() and _OBJECT_OF.search(text, max(0, m.start() - 30), m.start()):
                    continue  # "killed 4 and wounded 12": the 4 belongs to the other verb
                if not m.group("be") and re.search(r"\band\s+$", gap) and not re.search(r"\b(?:were|was|been)\b", gap) \
                        and m.group("v") not in ("dead", "died", "perished", "lost their lives"):
                    continue  # "abducted by four men and stabbed to death": the four did it
                if not m.group("be") and m.group("v") not in ("dead", "died", "perished", "lost their lives") \
                        and _OBJECT_AFTER.match(text, m.end("v")) \
                        and not (_HURT_AFTER if kill else _KILL_AFTER).match(text, m.end("v")):
                    continue  # "two gunmen killed three villagers": the two are the killers
            if k in _N_FIRST and "v" in m.groupdict() and _MODAL.of(text).search(text, m.end("n"), m.start("v")) or \
                    _MODAL_JUST_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue  # "hundreds more could be killed", "threatened to kill 20 hostages"
            if "v" in m.groupdict() and (_OR_ELSE.match(text, m.end("v")) or re.search(
                    r"\b(?:injured|wounded|hurt)\s+or\s+$", text[max(0, m.start("v") - 20): m.start("v")])):
                continue  # "2 militants were killed, injured or captured"
            if k == 1 and (_HURT_AFTER if kill else _KILL_AFTER).match(text, m.end("n")):
                continue  # "leaving 3 policemen injured", "1 killed 3 injured"
            if _AMONG.search(m.group(0)) or _PART_OF.search(text, max(0, m.start() - 20), m.start()):
                continue  # "two volunteers were among those killed": part of a toll, not added to it
            if _OTHER_EVENT.of(text).search(text, max(0, m.start("n") - 130), m.start("n")):
                continue  # the dead of another event the sentence refers to
            if _of_a_period(text, max(0, m.start("n") - 50), min(len(text), m.end() + 30)):
                continue  # the dead of a period
            if _NOT_VIOLENCE.match(text, m.end()):
                continue  # "3 prisoners died of coronavirus"
            taken_until = m.end()
            if start in found and "pair" not in m.groupdict():
                continue
            if (extra := _IN_ADDITION.match(text, m.end())) and to_int(extra.group("n")) is not None:
                value += to_int(extra.group("n"))  # "a number of fighters were killed in addition to one soldier"
                taken_until = extra.end()
            if k == 0:
                value = _with_parts(m, value)
            elif n_after:
                # parts after the verb: "killing 4 soldiers and 7 militants" -> the 7 as well
                at = m.end("n")
                while (p := _PART_AFTER.match(text, at)) and not other_verb.search(text, p.end(), p.end() + 25) \
                        and not _HURT_AFTER.match(text, p.end("n")):
                    pval = to_int(p.group("n"))
                    if pval is None:
                        break
                    value += pval
                    at = p.end("n")
                taken_until = max(taken_until, at)
            if "self" in gd:
                if attacker_counted:
                    continue  # one attacker per sentence ("the bomber ... blew himself up")
                attacker_counted = True
            found[start] = Count(start, value, "toll" in m.group(0), also="self" in gd or bool(
                _ALSO.search(m.group(0)) or _ALSO.search(text, max(0, m.start() - 6), m.start())))
    counts = sorted(found.values(), key=lambda c: c.start)
    if not kill:
        return counts
    tallies = []
    covered: set[int] = set()  # figures already part of a tally ("coded at 3, in addition to 2 known fatalities")
    for k, pat, gate in _TALLY_PLANS[plain]:
        taken_until = -1
        if gate.isdisjoint(present):
            continue
        for m in _matches(pat, text):
            value = to_int(m.group("n"))
            if value is None or value > 100000 or _year_like(m.group("n"), value) or m.start("n") < taken_until \
                    or m.start("n") in covered:
                continue
            if _OTHER_EVENT.of(text).search(text, max(0, m.start("n") - 130), m.start("n")) or _AMONG.search(m.group(0)) or \
                    _PART_OF.search(text, max(0, m.start() - 20), m.start()) or \
                    _of_a_period(text, max(0, m.start("n") - 50), min(len(text), m.end() + 30)) or \
                    _NOT_VIOLENCE.match(text, m.end()):
                continue
            taken_until = m.end()
            if (extra := _IN_ADDITION.match(text, m.end())) and to_int(extra.group("n")) is not None:
                value += to_int(extra.group("n"))  # "fatalities coded at 3, in addition to 2 known fatalities"
                taken_until = extra.end()
                covered.add(extra.start("n"))
            if k == 0:
                value = _with_parts(m, value)
            covered.add(m.start("n"))
            tallies.append(Count(m.start("n"), value, True, stated=True))
    if not counts and not tallies:
        for m in _NO_FIGURE.finditer(text):
            if not _OTHER_EVENT.of(text).search(text, max(0, m.start() - 130), m.start()):
                tallies.append(Count(m.start(), 10, True))
                break
    counts = sorted(counts + tallies, key=lambda c: c.start)
    # "One was burnt alive and the other was stoned to death": the two of them, one figure.
    other = _OTHER_ONE.search(text) if "the other" in text else None
    if other is not None:
        first = next((c for c in counts if c.value == 1 and c.start < other.start() and not c.toll), None)
        second = next((c for c in counts if c.start == other.start("n")), None)
        if first is not None and second is not None:
            counts = [Count(first.start, 2, False) if c is first else c for c in counts if c is not second]
    # Sources that disagree: the most conservative figure ("25 killed, but other sources reported at least 37").
    # (Only figures on both sides of the statement can disagree: with fewer than two, no need to look for it.)
    alt = _ALTERNATIVE.search(text) if len(counts) > 1 else None
    if alt:
        before = [c for c in counts if c.start < alt.start()]
        after = [c for c in counts if c.start >= alt.start()]
        if before and after:
            counts = before if sum(c.value for c in before) <= sum(c.value for c in after) else after
    return counts


# Words one of which every pattern needs (substring tests: a regex prefilter cost half the time of the search).
_ANY_KILL = ("kill", "dead", "died", "slain", "gunned", "massacre", "execut", "assassin", "lives", "perish", "succumb",
             "behead", "lynch", "murder", "slaughter", "alive", "fatal", "death", "toll", "bod", "corpse", "remains")
_ANY_HURT = ("wound", "injur", "hurt", "maim")


_DOUBLE_QUOTES = str.maketrans({'"': " ", "“": " ", "”": " "})
_SINGLE_QUOTES = re.compile(r"(?<!\w)['‘’]|['‘’](?!\w)")


def _prepare(text: str, words: tuple[str, ...], low: str | None = None) -> str | None:
    """Lower-cased, quotation marks blanked ('leaving "dozens" dead'), same offsets; None without any of `words`.
    `low`: the text already lower-cased (textnorm.lower_same_length), if the caller has it."""
    if low is None:
        low = lower_same_length(text)
    for w in words:  # (a loop: a third faster than any() over a generator)
        if w in low:
            break
    else:
        return None
    low = low.translate(_DOUBLE_QUOTES)
    if "'" in low or "’" in low or "‘" in low:
        low = _SINGLE_QUOTES.sub(" ", low)
    return low


_FIGURE_FIRST = {id(p) for p in (_KILL_PATTERNS[0], _HURT_PATTERNS[0], _TALLY_PATTERNS[0], _CORPSES, _WHO_WERE)}
_KILL_PLANS = _plans(_KILL_PATTERNS)
_HURT_PLANS = _plans(_HURT_PATTERNS)
_TALLY_ROWS = [(k, _searchers(_TALLY_PATTERNS[k]), frozenset(_GATES[_TALLY_PATTERNS[k]])) for k in (1, 0)]  # "coded as N" first
_TALLY_PLANS = tuple([(k, searchers[plain], gate) for k, searchers, gate in _TALLY_ROWS] for plain in (0, 1))
# Every gate word of a plan: looked for once per sentence, each pattern's gate is then a set test.
_KILL_GATE_WORDS = tuple(sorted({g for _k, _s, gate, *_ in _KILL_PLANS[0] + _TALLY_PLANS[0] if gate for g in gate}))
_HURT_GATE_WORDS = tuple(sorted({g for _k, _s, gate, _a in _HURT_PLANS[0] if gate for g in gate}))


def _with_parts(m: re.Match, value: int) -> int:
    """`value` and the parts the figure's subject lists: "3 soldiers and 5 militants were killed" -> 8
    (a parenthesised breakdown is not added again)."""
    head = _PARENS.sub(lambda p: " " * len(p.group(0)), m.group(0))
    for p in _PART.finditer(head, m.end("n") - m.start()):
        pval = to_int(p.group("n"))
        if pval is not None:
            value += pval
    return value


def killed(text: str, low: str | None = None) -> list[Count]:
    """The figures of dead in a sentence; `low`: the sentence lower-cased, if the caller has it."""
    low = _prepare(text, _ANY_KILL, low)
    return [] if low is None else _find(low, _KILL_PLANS, _KILL_GATE_WORDS, _HURT_WORD, True)


def injured(text: str, low: str | None = None) -> list[Count]:
    """The figures of wounded in a sentence; `low`: the sentence lower-cased, if the caller has it."""
    low = _prepare(text, _ANY_HURT, low)
    return [] if low is None else _find(low, _HURT_PLANS, _HURT_GATE_WORDS, _KILL_WORD, False)


# A toll the text says was split between several events ("Fatalities coded as 18 and spread across five
# locations", "fatalities split between 2 events (7)", "1 fatality split among 12 events"): ACLED divides a
# summarised toll over the events (days, locations) it covers.
_SPLIT = re.compile(
    rf"(?:(?P<total>\d+)\s+fatalit\w*\s+|fatalit\w*\s+(?:(?:were|was|are|is|have been)\s+)?(?:(?:coded|recorded|counted)\s+"
    rf"(?:as|at)\s+(?P<coded>\d+)\s+(?:\([^()]*\)\s+)?(?:and\s+)?)?(?:(?:were|was|are|is|have been)\s+)?)"
    rf"(?:split|spread|divided|distributed|shared)(?:\s+up)?\s+(?:equally\s+|evenly\s+)?(?:between|across|among|over|into)\s+"
    rf"(?P<k>{NUM})\s+(?:separate\s+|different\s+)?(?:events?|locations?|days|dates|places|districts|areas)"
    rf"(?:\s+(?:in|over|on|across)\s+(?P<days>{NUM})\s+days)?(?:\s*\((?P<each>\d+)\))?")


@dataclass(frozen=True)
class Share:
    parts: int  # the events the toll is split between
    total: int | None = None  # the toll split, when the statement gives it
    each: int | None = None  # this event's figure, when the statement gives it

    def of(self, fatalities: int) -> int:
        """This event's share of the stated total (or of the toll it found itself): the figure most of the
        events get when the total does not divide evenly."""
        if self.each is not None:
            return self.each
        total = self.total if self.total is not None else fatalities
        return int(total / self.parts + 0.5)


def split_share(text: str) -> Share | None:
    """The statement that a toll is split between events, anywhere in the text (None if there is none)."""
    low = lower_same_length(text)
    if "fatalit" not in low:
        return None
    m = _SPLIT.search(low)
    if m is None:
        return None
    parts = to_int(m.group("k"))
    if m.group("days"):
        parts = parts * (to_int(m.group("days")) or 1) if parts else None
    if not parts or parts < 2 or parts > 100:
        return None
    total = m.group("total") or m.group("coded")
    return Share(parts, int(total) if total else None, int(m.group("each")) if m.group("each") else None)
