"""The prefiltered scan gives exactly the matches of a plain scan, only faster."""

from __future__ import annotations

import random
import re

import pytest

from services.extractor.engine import dates
from services.extractor.engine.scan import Prefiltered, prefixes
from services.extractor.engine.textnorm import lower_same_length

# Words that begin (or almost begin) date expressions, digits, capitals and punctuation, shuffled into texts.
_PIECES = ("on", "On", "in", "In", "May", "may", "March", "Mar.", "12", "3rd", "2020", "1999", "of", "the", "day",
           "before", "The", "previous", "last", "night", "Last", "week", "yesterday", "Sunday", "sunday", "early",
           "since", "mid-", "around", "between", "and", "killed", ",", ".", "\n", "  ", "-", "al-", "Bab")


def _texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice((" ", " ", "", "\n")) for _ in range(rng.randint(1, 40)))
            for _ in range(n)]


def _spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_prefixes_follow_branches_optional_parts_and_classes():
    assert prefixes(r"\b(?:ab|c[dx]?e)", length=2) == {("a", "b"), ("c", "d"), ("c", "x"), ("c", "e")}
    assert prefixes(r"x\d", length=3) == {("x", r"\d")}
    assert prefixes(r"(?i:AB)\w", length=3) == {("a", "b")}  # a class too wide to list ends the prefix


def test_prefiltered_date_scan_equals_plain_scan_on_mixed_texts():
    for scan in (Prefiltered(dates._REGEX, length=4), dates._SCAN):  # dates._SCAN: word starts, 6 characters
        for text in _texts(400):
            low = lower_same_length(text)
            assert _spans(scan.finditer(text, low)) == _spans(dates._REGEX.finditer(text)), text
            for start, end in ((1, len(text)), (3, len(text) - 2), (len(text) // 2, len(text))):
                assert _spans(scan.finditer(text, low, start, end)) == _spans(dates._REGEX.finditer(text, start, end))


def test_prefiltered_scan_respects_start_and_end():
    scan = Prefiltered(dates._REGEX, length=4)
    text = "On Monday, 3 May 2020. Since 4 June. Yesterday."
    low = lower_same_length(text)
    assert _spans(scan.finditer(text, low, 11, 22)) == _spans(dates._REGEX.finditer(text, 11, 22))


def test_prefiltered_search_is_the_first_match_of_the_scan():
    for scan in (Prefiltered(dates._REGEX, length=4), dates._SCAN):  # with and without the word-start check
        for text in _texts(200, seed=11):
            low = lower_same_length(text)
            for start, end in ((0, None), (1, len(text)), (3, len(text) - 2), (len(text) // 2, len(text))):
                got = scan.search(text, low, start, end)
                want = next(scan.finditer(text, low, start, end), None)
                assert (got and got.span()) == (want and want.span()), (text, start, end)


def test_word_start_prefilter_finds_aliases_only_at_word_starts():
    pattern = re.compile(r"(?<![\w-])(?=\w)(?:(?P<a0>air ?strikes?|shell(?:ing|ed))|(?P<a1>bab))(?![\w-])")
    scan = Prefiltered(pattern, length=4, word_start=True)
    for text in ("airstrikes shelling", "an airstrike on al-Bab", "unshelled kabab", "air strike, bab", "bab"):
        low = lower_same_length(text)
        assert _spans(scan.finditer(low, low)) == _spans(pattern.finditer(low))
    # From inside the text: a word that begins right at `start` counts, one that began before it does not.
    low = "xbab bab,shelled (bab)"
    for start in range(len(low)):
        for end in (len(low), len(low) - 1, 12):
            assert _spans(scan.finditer(low, low, start, end)) == _spans(pattern.finditer(low, start, end)), (start, end)


def test_pattern_with_too_many_beginnings_gets_a_shorter_prefilter():
    pattern = re.compile(r"(?<!\w)[a-e][a-e][a-e][a-e][a-e][a-e]x")  # 5 ** 6 beginnings of six letters
    scan = Prefiltered(pattern, length=8, word_start=True)
    assert scan.prefilter is not None
    for text in ("abcdeax", "ab abcdeaxx eeeeeex", "eeeeee x"):
        assert _spans(scan.finditer(text, text)) == _spans(pattern.finditer(text))


def test_pattern_that_can_start_anywhere_falls_back_to_plain_scan():
    pattern = re.compile(r"\w+ed")
    scan = Prefiltered(pattern)
    assert scan.prefilter is None
    assert _spans(scan.finditer("he talked", "he talked")) == [(3, 9, None)]


def test_pattern_matching_empty_text_is_refused():
    with pytest.raises(ValueError):
        Prefiltered(re.compile(r"a*"))


def test_every_dictionary_matcher_keeps_its_prefilter():
    # An alias that can begin with any letter ("[\w]+-planted") silently turns the prefilter off and the
    # whole engine slows down by a fifth: each alias must begin with known letters.
    from services.extractor.engine import actors, sources, triggers

    for matcher in (triggers._REGEX, actors._MATCHER, sources._MATCHER):
        assert matcher.phrase.prefilter is not None
        assert matcher.acro is None or matcher.acro.prefilter is not None


def test_first_chars_lists_the_letters_a_match_can_begin_with():
    from services.extractor.engine.scan import first_chars

    assert first_chars(r"(?:ab|c[dx]?e)") == {"a", "c"}
    assert first_chars(r"\d+mm") == set("0123456789")
    assert first_chars(r"(?:[\w'-]+ )?bomb") is None  # may begin with any word: no small set


def test_trigger_dictionary_dispatched_by_its_beginning_equals_the_whole_pattern():
    from services.extractor.engine import triggers

    matcher = triggers._REGEX  # noqa: SLF001 (the matcher under test)
    words = ("protesters", "blocked", "the", "road", "police", "fired", "tear", "gas", "at", "were", "shot", "dead",
             "an", "encounter", "with", "militants", "on", "strike", "handed", "over", "to", "army", "killed", "3",
             "120mm", "mortars", "IED", "was", "found", "defused", "air", "force", "bombed", "rebel", "positions",
             "air strike", "airstrikes", "shelling", "12.7mm", "machine guns", "suicide", "bomber", "tear gas")
    rng = random.Random(3)
    plain = matcher.phrase.pattern
    for _ in range(300):
        text = rng.choice(("", " ", "-")).join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        low = lower_same_length(text)
        assert _spans(matcher.phrase.finditer(low, low)) == _spans(plain.finditer(low)), text
        cut = len(low) // 2  # a sentence's end inside an alias
        assert _spans(matcher.phrase.finditer(low, low, 0, cut)) == _spans(plain.finditer(low, 0, cut)), text


def test_dispatch_keeps_only_the_aliases_that_agree_with_the_text():
    from services.extractor.engine.sources import AliasMatcher

    matcher = AliasMatcher([r"air ?strikes?", r"airports?", r"(?:jets|drones) (?:\w+ ){0,2}struck", r"\d+mm guns?"])
    assert set(matcher._dispatch("airstrike", 0).unicode.groupindex) == {"a0"}  # noqa: SLF001
    assert set(matcher._dispatch("airport x", 0).unicode.groupindex) == {"a1"}  # noqa: SLF001
    assert set(matcher._dispatch("jets of", 0).unicode.groupindex) == {"a2"}  # noqa: SLF001
    assert set(matcher._dispatch("120mm gu", 0).unicode.groupindex) == {"a3"}  # noqa: SLF001
    for text in ("air strikes on the airport", "jets struck 12mm guns", "jets then struck", "airstrik"):
        assert _spans(matcher.phrase.finditer(text, text)) == _spans(matcher.phrase.pattern.finditer(text))


def test_starts_words_tells_patterns_that_begin_only_at_a_word():
    from services.extractor.engine.scan import starts_words

    assert starts_words(r"\b(?:at least\s+)?(?:\d+|two)\s+killed")
    assert not starts_words(r"(?:\d+|two)\s+killed")  # no \b: may begin inside a word
    assert not starts_words(r"\b(?:\(|two)")  # \b before '(' means a word character before it


def test_prefiltered_search_equals_pattern_search_for_the_figure_first_counts():
    from services.extractor.engine import counts

    words = ("at", "least", "21", "1,200", "3-4", "two", "twenty-one", "dozens", "of", "several", "civilians", "were",
             "killed", "(two", "men)", "including", "a", "child", "died", "an", "unknown", "number", "bodies", "found",
             "who", "police", "said", "fatalities", "deaths", "and", ",", "wounded", "injured", "more", "than", "2020")
    rng = random.Random(5)
    pats = [p for p in counts._KILL_PATTERNS + counts._HURT_PATTERNS + counts._TALLY_PATTERNS  # noqa: SLF001
            if id(p) in counts._FIGURE_FIRST]  # noqa: SLF001
    assert len(pats) == 5
    for pat in pats:
        scan = Prefiltered(pat, length=5, lower=False, word_start=True)
        for _ in range(150):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
            for pos in range(0, len(text), 3):
                got, want = scan.search(text, text, pos), pat.search(text, pos)
                assert (got and got.span()) == (want and want.span()), (text, pos)


# ASCII pieces that tell Unicode and ASCII classes apart if anything does: digits, underscores, the whitespace both
# know, and the marks around words.
_ASCII_PIECES = _PIECES + ("_", "x_1", "9", "\t", "\x0b", "\x0c", "\r", "'s", "(", ")", "&", "AP", "U.S.", "IS", "al-Bab")


def _engine_patterns() -> list[re.Pattern]:
    from services.extractor.engine import actors, counts, events, places, sources, triggers

    return [dates._REGEX, places._CAPITAL_NAME.unicode, places._NEAR.unicode, places._AFTER.unicode,  # noqa: SLF001
            events._HYPOTHETICAL.unicode, events._ARMED_VICTIMS.unicode, counts._PERIOD.unicode,  # noqa: SLF001
            counts._OTHER_EVENT.unicode, places._ADDRESS_GAP.unicode, triggers._ACCIDENT.unicode,  # noqa: SLF001
            *counts._KILL_PATTERNS, *counts._HURT_PATTERNS, sources._MATCHER.phrase.pattern,  # noqa: SLF001
            sources._MATCHER.acro.pattern, triggers._REGEX.phrase.pattern, actors._MATCHER.phrase.pattern]  # noqa: SLF001


def test_ascii_twins_find_what_the_patterns_find_on_ascii_text():
    from services.extractor.engine.scan import ascii_twin

    rng = random.Random(11)
    texts = ["".join(rng.choice(_ASCII_PIECES) + rng.choice((" ", "", "\n")) for _ in range(rng.randint(1, 40)))
             for _ in range(150)]
    for pat in _engine_patterns():
        twin = ascii_twin(pat)
        assert twin.flags & re.ASCII and not twin.flags & re.UNICODE
        for text in texts:
            for subject in (text, lower_same_length(text)):
                assert _spans(twin.finditer(subject)) == _spans(pat.finditer(subject)), (pat.pattern[:60], subject)


def test_the_scan_takes_the_twin_only_for_ascii_text_and_finds_the_same_either_way():
    # Unicode letters and spaces are words and spaces only to the Unicode pattern: "é" joins a word, a no-break
    # space parts two. The scan must read such a text with the pattern itself.
    from services.extractor.engine.scan import Dialects

    pat = re.compile(r"\b(?:caf|on)\w*\s+(?:may|12)\b")
    scan = Prefiltered(pat, length=3, word_start=True)
    for text in ("on may day", "café\u00a0may day, on may", "on\u00a0may 12", "Ḥon may", "on 12 mayé on may"):
        low = lower_same_length(text)
        assert _spans(scan.finditer(text, low)) == _spans(pat.finditer(text)), text
    dialects = Dialects(pat)
    assert dialects.of("on may") is not pat and dialects.of("on may").flags & re.ASCII
    assert dialects.of("on\u00a0may") is pat


def test_c0_separators_are_blanked_on_entry_as_the_twins_need():
    from services.extractor.engine.sentences import mask_markup

    # (Unicode patterns take \x1c-\x1f for whitespace, ASCII ones do not: blanked, both read a space.)
    assert mask_markup("killed\x1c12\x1dpeople<b>x</b>\x1f") == "killed 12 people   x     "
