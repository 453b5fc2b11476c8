"""Dates against the publication date: a dateline opening the text is when the article appeared."""

from datetime import date

from services.extractor.engine import dates

PUBLISHED = date(2017, 4, 5)


def values(text: str) -> list[date | None]:
    return [ref.value for ref in dates.find(text, PUBLISHED)]


def test_a_dateline_with_a_byline_is_no_date_of_the_event():
    assert values("April 5 2017 by Youssef Diab and Paula Astih. Warplanes struck the town on Tuesday.") == [
        date(2017, 4, 4)]
    assert values("Posted on April 4 2017 by Asharq Al-Awsat English. Dozens were killed on Tuesday.") == [
        date(2017, 4, 4)]


def test_a_full_date_in_the_text_stays_a_date_even_before_by():
    assert values("The town was captured on 3 April 2017 by Syrian forces.") == [date(2017, 4, 3)]
    assert values("April 3 2017: the town was shelled.") == [date(2017, 4, 3)]
