from services.dedup.core import (
    ContentClaim, IndexedText, Verdict, decide_near, fingerprint,
    normalised_words, same_story, stated_facts,
)
from services.ingestor.documents import build_article

REPORT = (
    "At least 14 civilians were killed and 30 wounded on Wednesday when government aircraft struck a crowded "
    "market in the town of Maarat al-Numan, a war monitor said. Rescue workers pulled bodies from the rubble "
    "of several buildings as fires spread through the market stalls. The strikes came despite a ceasefire "
    "announced at the weekend by Russia and Turkey, which back opposing sides in the war. The monitor said "
    "children were among the dead and that the toll was likely to rise as more people remained trapped."
)
ARTICLE = build_article("Airstrike on market kills 14", REPORT, url="https://a.example/story", source="Outlet A")


def claim_for(article, token="raw/0/5", version=1):
    return ContentClaim(article.id, token, version)


def indexed(article, cluster_id=None, facts=None):
    fp = fingerprint(article)
    return IndexedText(article.id, cluster_id or article.id, fp, frozenset(facts or fp.facts))


def syndicated(body=REPORT, url="https://b.example/wire-copy"):
    return build_article(
        "Syria: market strike in Idlib province leaves 14 dead",
        f"By staff writers | Outlet B\n\n{body}\n\nCopyright Outlet B. All rights reserved.",
        url=url, source="Outlet B",
    )


def test_words_are_normalised_without_case_accents_or_punctuation():
    assert normalised_words("Ma‘arrat an-Nu‘mān, SYRIA!") == ["maarrat", "an", "numan", "syria"]


def test_facts_are_casualty_figures_and_dates_but_not_other_numbers():
    words = normalised_words("In 2020, at least 14 people were killed and dozens wounded on Friday, 15 January; "
                             "the toll rose to 16. 3 buses burned. Call 5551234 killed.")
    assert stated_facts(words) == ("date:15 january", "date:friday", "killed:12", "killed:14", "killed:16")


def test_templated_report_of_another_strike_on_another_day_is_an_update_not_a_duplicate():
    def wire(day):
        return build_article("Air strike on Douma kills 12", f"At least 12 civilians were killed in an air strike on "
                             f"Douma, Syria, on {day}, a local monitoring group said.", url=f"https://w.example/{day}")
    first, second = wire("Monday 07 January 2019"), wire("Tuesday 15 January 2019")
    decision = decide_near(second, claim_for(second), fingerprint(second), [indexed(first)])
    assert decision.verdict is Verdict.UPDATE


def test_the_same_day_in_another_year_is_news_but_a_copy_that_drops_the_year_is_not():
    def wire(day):
        return build_article("Air strike on Douma kills 12", f"At least 12 civilians were killed in an air strike on "
                             f"Douma, Syria, on {day}, a local monitoring group said.", url=f"https://w.example/{day}")
    first, next_year, no_year = wire("Monday 07 January 2019"), wire("Monday 07 January 2030"), wire("Monday 07 January")
    assert "date:7 january 2019" in fingerprint(first).facts
    assert decide_near(next_year, claim_for(next_year), fingerprint(next_year), [indexed(first)]).verdict is Verdict.UPDATE
    assert decide_near(no_year, claim_for(no_year), fingerprint(no_year), [indexed(first)]).verdict is Verdict.DUPLICATE


def test_syndicated_copy_with_another_headline_and_boilerplate_is_the_same_story():
    assert same_story(fingerprint(ARTICLE), fingerprint(syndicated()))


def test_different_report_from_the_same_region_is_not_the_same_story():
    other = build_article("Shelling in Aleppo", (
        "Rebel rockets hit a residential district of Aleppo city on Thursday, wounding six people, state media "
        "reported. The army said it had responded to the source of fire in the western countryside, and that "
        "engineers were clearing unexploded shells from streets near the university. Residents said the power "
        "was cut across the district for hours and that schools would stay closed until the weekend."
    ), url="https://c.example/aleppo")
    assert not same_story(fingerprint(ARTICLE), fingerprint(other))


def test_first_text_of_a_story_is_unique_and_starts_its_own_cluster():
    decision = decide_near(ARTICLE, claim_for(ARTICLE), fingerprint(ARTICLE), [])
    assert decision.verdict is Verdict.UNIQUE
    assert decision.unique.article == ARTICLE
    assert decision.cluster_id == decision.unique.cluster_id == ARTICLE.id
    assert decision.indexes_text


def test_near_copy_with_the_same_figures_is_a_duplicate_counted_on_the_first_cluster():
    copy = syndicated()
    decision = decide_near(copy, claim_for(copy), fingerprint(copy), [indexed(ARTICLE)])
    assert decision.verdict is Verdict.DUPLICATE
    assert decision.cluster_id == ARTICLE.id
    assert decision.unique is None and not decision.indexes_text


def test_near_copy_with_a_higher_toll_is_an_update_in_the_same_cluster():
    raised = syndicated(REPORT.replace("At least 14 civilians", "At least 16 civilians"))
    decision = decide_near(raised, claim_for(raised), fingerprint(raised), [indexed(ARTICLE)])
    assert fingerprint(raised).facts != fingerprint(ARTICLE).facts
    assert decision.verdict is Verdict.UPDATE
    assert decision.unique.cluster_id == ARTICLE.id
    assert decision.unique.article.id == raised.id
    assert decision.indexes_text


def test_copy_repeating_figures_an_earlier_update_gave_is_a_duplicate():
    update = syndicated(REPORT.replace("At least 14 civilians", "At least 16 civilians"), url="https://b.example/u")
    copy_of_update = syndicated(REPORT.replace("At least 14 civilians", "At least 16 civilians"), url="https://c.example/x")
    decision = decide_near(copy_of_update, claim_for(copy_of_update), fingerprint(copy_of_update),
                           [indexed(ARTICLE), indexed(update)])
    assert decision.verdict is Verdict.DUPLICATE


def test_report_whose_figures_only_the_story_as_a_whole_has_stated_is_not_a_copy():
    # Templated reports chain into one story; a new strike's toll and day each appeared in some
    # earlier report of it, but no single report stated both: a new event, not a copy.
    other_toll = syndicated(REPORT.replace("At least 14 civilians", "At least 16 civilians"), url="https://b.example/u")
    story_facts = {*fingerprint(ARTICLE).facts, *fingerprint(other_toll).facts, "date:monday"}
    new_report = syndicated(REPORT.replace("At least 14 civilians", "At least 16 civilians")
                            .replace("Wednesday", "Monday"), url="https://c.example/x")
    candidates = [indexed(ARTICLE, facts=story_facts), indexed(other_toll, facts=story_facts)]
    assert set(fingerprint(new_report).facts) <= story_facts
    decision = decide_near(new_report, claim_for(new_report), fingerprint(new_report), candidates)
    assert decision.verdict is Verdict.UPDATE


def test_copy_trimmed_of_a_paragraph_with_a_figure_is_still_a_duplicate():
    trimmed = syndicated(REPORT.replace(" and that the toll was likely to rise as more people remained trapped", ""))
    decision = decide_near(trimmed, claim_for(trimmed), fingerprint(trimmed),
                           [indexed(ARTICLE, facts={*fingerprint(ARTICLE).facts, "killed:99"})])
    assert decision.verdict is Verdict.DUPLICATE


def test_changed_text_under_a_known_url_flows_on_as_the_next_version():
    edited = build_article(ARTICLE.title, REPORT + " Updated with a statement.", url="https://a.example/story")
    decision = decide_near(edited, claim_for(edited, "raw/0/8", version=2), fingerprint(edited), [indexed(ARTICLE)])
    assert decision.verdict is Verdict.UPDATE
    assert decision.unique.article.version == 2
    assert decision.unique.article.id == ARTICLE.id
    assert decision.cluster_id == ARTICLE.id
