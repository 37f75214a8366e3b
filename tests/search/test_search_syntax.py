"""Whatever anyone types into a search (FTS5 or tsquery syntax, unbalanced quotes, 10,000 characters, NUL bytes,
halves of surrogate pairs) the catalogue page, the API and the selector answer it, never with a 5xx, and with the
matches the documented rules give: the same on SQLite and PostgreSQL, as both are held to one Python reference
(the test command runs this file on each)."""

import re
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st

from marketplace.search.selectors import search_opportunities

from .test_search import VOCABULARY, corpus, keys, reference_search  # noqa: F401 - corpus is a fixture

pytestmark = pytest.mark.django_db

SYNTAX = ['"', "(", ")", "*", "NEAR", "NEAR(", "NEAR/2", "AND", "OR", "NOT", "-", ":", "&", "|", "!", "<->", "<2>",
          "^", "{", "}", "'", "\\", "+", ",", "title:", "0all", "0lotdigitaloutcomes", "\x00", "\ud800", "\udfff",
          " ", " ", "\t", "\n", "\u00a0", "\u3000", "é", "日本", "ﬁ", "İ"]
hostile_text = st.lists(st.one_of(st.sampled_from(SYNTAX), st.sampled_from(VOCABULARY), st.text(max_size=4)),
                        max_size=16).map("".join)
LONG = [
    '"' * 10_000, "(" * 10_000, "\x00" * 10_000, "NEAR(" * 2_000, "-" * 10_000, "a" * 10_000, "developer " * 1_000,
    "services" + " " * 9_990 + "passport", '"developer booking' + " )" * 4_990, "\ud800" * 10_000,
]
SETTINGS = hypothesis_settings(max_examples=120, deadline=None,
                               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def with_long_examples(test):
    for text in LONG:
        test = example(q=text)(test)
    return test


def as_sent(q):
    """`q` in a query string, as a browser or client sends it: UTF-8, a lone surrogate as the bytes it would be
    (which the server reads as U+FFFD)."""
    return quote(q, safe="", errors="surrogatepass")


def as_received(q):
    return unquote(as_sent(q), errors="replace")


@SETTINGS
@with_long_examples
@given(q=hostile_text)
def test_the_selector_answers_any_text_by_the_documented_rules(corpus, q):  # noqa: F811
    assert set(keys(search_opportunities(q, page_size=100), corpus)) == reference_search(corpus, q)


@SETTINGS
@with_long_examples
@given(q=hostile_text)
def test_the_api_answers_any_text_with_the_matches(client, corpus, q):  # noqa: F811
    response = client.get(f"/api/v1/opportunities?q={as_sent(q)}")

    assert response.status_code == 200, response.content[:500]
    by_id = {opportunity.pk: key for key, opportunity in corpus.items()}
    body = response.json()
    expected = reference_search(corpus, as_received(q))
    assert {by_id[result["id"]] for result in body["results"]} == expected
    assert body["count"] == len(expected)


@SETTINGS
@with_long_examples
@given(q=hostile_text)
def test_the_catalogue_page_answers_any_text_with_the_matches(client, corpus, q):  # noqa: F811
    response = client.get(f"/opportunities?q={as_sent(q)}")

    assert response.status_code == 200, response.content[:500]
    page = response.content.decode()
    expected = reference_search(corpus, as_received(q))
    assert f'{len(expected)} {"opportunity" if len(expected) == 1 else "opportunities"} found' in page
    listed = {int(pk) for pk in re.findall(r'href="/opportunities/(\d+)"', page)}
    assert listed == {corpus[key].pk for key in expected}


def test_a_query_padded_with_spaces_keeps_its_words_on_every_way_in(client, corpus):  # noqa: F811
    """The words after 9,990 spaces are still searched for: white space is folded before the query is cut."""
    q = "services" + " " * 9_990 + "passport"

    api = client.get(f"/api/v1/opportunities?q={as_sent(q)}").json()
    page = client.get(f"/opportunities?q={as_sent(q)}").content.decode()

    assert set(keys(search_opportunities(q), corpus)) == {"delivery"}
    assert [result["id"] for result in api["results"]] == [corpus["delivery"].pk]
    assert "1 opportunity found" in page
