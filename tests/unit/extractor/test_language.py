"""Language identification: function words and script; ASCII text takes a faster path with the same answer."""

from __future__ import annotations

from services.extractor.engine import language


def test_english_and_other_languages_by_their_function_words():
    assert language.detect("Police said that two men were arrested in the town on Monday and the") == "en"
    assert language.detect("Le président a dit que les manifestants étaient dans la rue de la ville") == "fr"
    assert language.detect("Der Präsident sagte, dass die Leute auf der Straße sind und nicht") == "de"


def test_scripts_and_short_texts():
    assert language.detect("قال الرئيس إن المتظاهرين في الشارع اليوم") == "ar"
    assert language.detect("Президент сказал что люди на улице сегодня") == "ru"
    assert language.detect("two words") is None
    assert language.detect("1 2 3 4 5 6 7") is None


def test_ascii_path_counts_the_same_words_as_the_unicode_path():
    text = "Fighting in the north of the country, where 3 soldiers and a villager_s were killed, and the army"
    # One non-ASCII letter sends the text down the general path: the same words, the same answer.
    assert language.detect(text) == language.detect(text + " café") == "en"
    low = text.lower()
    ascii_words = [w.decode() for w in low.encode("ascii").translate(language._NOT_LETTER).split()]  # noqa: SLF001
    assert ascii_words == language._WORD.findall(low)  # noqa: SLF001
