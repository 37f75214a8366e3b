"""A member of the public finds opportunities: keywords, filters, counts, pages of 30."""

import io

import pytest
from django.core.management import call_command

from catalogue.pages import result_titles, text_of
from catalogue.requirements import OUTCOMES, publish
from opendata_import.conftest import historic_row, write_csv

pytestmark = pytest.mark.django_db

RESEARCH = "Participants for research on applying for benefits"
BOOKING = "Developer to build a booking service"
BETA = "Beta phase of the lasting power of attorney service"
DISCOVERY = "Discovery for council tax payments"


def test_published_opportunities_are_listed_live_first_then_newest(client, catalogue):
    response = client.get("/opportunities")
    assert response.status_code == 200
    assert result_titles(response) == [RESEARCH, BOOKING, BETA, DISCOVERY]
    text = text_of(response)
    assert "4 opportunities found" in text
    assert "Delivery manager no longer needed" not in text  # withdrawn
    assert "Secret draft" not in text


def test_each_result_says_who_where_what_and_when(client, catalogue):
    text = text_of(client.get("/opportunities"))
    assert ("Developer to build a booking service Scottish Government, London Digital specialists: Developer "
            "A developer to build the online booking service for driving tests. Published: 1 June 2026 "
            "Deadline for asking questions: 3 June 2026 Closing: 8 June 2026") in text
    assert ("Discovery for council tax payments Home Office, North East England Digital outcomes "
            "Understand how residents pay council tax and where they struggle. Closed "
            "Applications closed on 15 May 2026") in text


def test_each_lot_shows_how_many_opportunities_it_would_give(client, catalogue):
    text = text_of(client.get("/opportunities?location=London"))
    assert "Digital outcomes (1)" in text
    assert "Digital specialists (1)" in text
    assert "User research participants (0)" in text


def test_a_bounded_count_says_more_than_in_the_heading_and_the_lot_filter(client, catalogue, settings):
    exact = text_of(client.get("/opportunities?q=service"))
    settings.SEARCH_COUNT_BOUND = 1
    bounded = text_of(client.get("/opportunities?q=service"))
    assert "More than 1 opportunities found" in bounded
    assert "Digital outcomes (more than 1)" in bounded or "Digital specialists (more than 1)" in bounded
    assert "More than" not in exact
    assert "More than" not in text_of(client.get("/opportunities?q=council"))


def test_counts_of_a_thousand_or_more_have_a_thousands_separator(client, tmp_path):
    """The historic import, the quickest way to more than 999 opportunities: 1,001 closed outcomes and 2
    specialists."""
    rows = [historic_row(n) for n in range(1, 1002)]
    rows += [historic_row(n, **{"Category": "digital-specialists", "Specialist": "developer"})
             for n in (1002, 1003)]
    call_command("import", "dm-csv", str(write_csv(tmp_path / "history.csv", rows)), stdout=io.StringIO())
    text = text_of(client.get("/opportunities"))
    assert "1,003 opportunities found" in text
    assert "Digital outcomes (1,001)" in text
    assert "Digital specialists (2)" in text
    assert "1,001 opportunities found" in text_of(client.get(f"/opportunities?lot={OUTCOMES}"))


def test_every_keyword_must_match_and_matched_words_are_marked(client, catalogue):
    response = client.get("/opportunities?q=developer+booking")
    assert result_titles(response) == [BOOKING]
    assert "1 opportunity found" in text_of(response)
    assert 'online <mark class="app-mark">booking</mark> service' in response.content.decode()
    assert result_titles(client.get("/opportunities?q=developer+attorney")) == []


def test_quotes_make_a_phrase_and_minus_leaves_a_word_out(client, catalogue):
    assert result_titles(client.get('/opportunities?q="power+of+attorney"')) == [BETA]
    assert result_titles(client.get('/opportunities?q="attorney+power"')) == []
    assert result_titles(client.get("/opportunities?q=-attorney")) == [RESEARCH, BOOKING, DISCOVERY]


def test_no_results_suggests_what_to_try(client, catalogue):
    text = text_of(client.get("/opportunities?q=submarine"))
    assert "0 opportunities found" in text
    assert "Try fewer words" in text


def test_values_of_one_filter_are_ored_and_filters_are_anded(client, catalogue):
    both_lots = "lot=digital-outcomes&lot=user-research-participants"
    assert result_titles(client.get(f"/opportunities?{both_lots}")) == [RESEARCH, BETA, DISCOVERY]
    assert result_titles(client.get(f"/opportunities?{both_lots}&location=London")) == [BETA]
    assert result_titles(client.get(f"/opportunities?{both_lots}&location=London&location=Wales")) == [RESEARCH,
                                                                                                        BETA]


def test_open_and_closed(client, catalogue):
    assert result_titles(client.get("/opportunities?status=open")) == [RESEARCH, BOOKING, BETA]
    assert result_titles(client.get("/opportunities?status=closed")) == [DISCOVERY]
    assert result_titles(client.get("/opportunities?status=open&status=closed")) == [RESEARCH, BOOKING, BETA,
                                                                                    DISCOVERY]


def test_the_chosen_filters_stay_ticked(client, catalogue):
    page = client.get("/opportunities?lot=digital-outcomes&status=open&q=beta").content.decode()
    assert 'name="lot" type="checkbox" value="digital-outcomes" checked' in page
    assert 'name="status" type="checkbox" value="open" checked' in page
    assert 'name="status" type="checkbox" value="closed">' in page
    assert 'value="beta"' in page  # the keyword box keeps the words


def test_unknown_filter_values_are_ignored(client, catalogue):
    assert result_titles(client.get("/opportunities?lot=spaceships&location=Mars&status=maybe")) == [
        RESEARCH, BOOKING, BETA, DISCOVERY]


def test_specialist_roles_are_offered_once_the_specialists_lot_is_chosen(client, catalogue):
    assert "Specialist role" not in text_of(client.get("/opportunities"))
    response = client.get("/opportunities?lot=digital-specialists")
    assert "Specialist role Agile coach" in text_of(response)
    assert result_titles(client.get("/opportunities?lot=digital-specialists&specialistRole=developer")) == [BOOKING]
    assert result_titles(client.get(
        "/opportunities?lot=digital-specialists&specialistRole=deliveryManager&specialistRole=dataScientist")) == []
    # Without the lot the role filter is not on the page, so it does not narrow the results either.
    assert len(result_titles(client.get("/opportunities?specialistRole=deliveryManager"))) == 4


def test_what_buyers_wrote_is_shown_as_text_never_as_markup(client, buyer):
    publish(buyer, OUTCOMES, title="Website <b>rebuild</b>", summary="Rebuild the <i>website</i> & its content.")
    page = client.get("/opportunities?q=website").content.decode()
    assert "Website &lt;b&gt;rebuild&lt;/b&gt;" in page
    assert "&lt;i&gt;<mark class=\"app-mark\">website</mark>&lt;/i&gt; &amp; its content." in page
    assert "<b>rebuild" not in page and "<i>website" not in page


def test_thirty_a_page_with_links_to_the_others(client, buyer):
    for n in range(31):
        publish(buyer, OUTCOMES, title=f"Alpha number {n}")
    first = client.get("/opportunities?lot=digital-outcomes")
    assert len(result_titles(first)) == 30
    assert "31 opportunities found" in text_of(first)
    page = first.content.decode()
    assert 'class="govuk-pagination' in page
    assert 'href="?lot=digital-outcomes&amp;page=2"' in page
    second = client.get("/opportunities?lot=digital-outcomes&page=2")
    assert result_titles(second) == ["Alpha number 0"]  # the oldest is last
    assert 'href="?lot=digital-outcomes" rel="prev"' in second.content.decode()


@pytest.mark.parametrize("page", ["2", "0", "many", "-1", "99999999999"])
def test_a_page_that_does_not_exist_is_the_not_found_page(client, catalogue, page):
    response = client.get(f"/opportunities?page={page}")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_the_page_links_to_a_feed_of_the_same_search(client, catalogue):
    page = client.get("/opportunities?lot=digital-outcomes&page=1").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="New opportunities" ' \
           'href="/opportunities/feed.atom?lot=digital-outcomes">' in page
