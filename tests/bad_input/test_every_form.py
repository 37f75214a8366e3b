"""Whatever is posted to any page of the site (or sent by its search or filter form), as the person the page is
for, with its objects in the state the page is for, the answer is a page or a clear refusal: never a server error.
A refusal (a 4xx, or the form shown again with a GOV.UK error summary) writes nothing: every table is compared
before and after.

The pages come from the URL configuration and each page's fields from the form it shows, so a new page or a new
field is covered without a change here; only how to reach a new page must be added to ROUTES in pages.py."""

from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from .answers import check_answer, own_forms
from .database import database_state, written
from .pages import ROUTES, pages
from .strategies import form_body

pytestmark = pytest.mark.django_db

# Bounded so that every page of the site is tried in about a minute; a page with a form gets more tries.
EXAMPLES_FOR_A_FORM, EXAMPLES_FOR_A_PAGE = 10, 3


def test_every_page_has_a_way_to_reach_it_and_no_row_is_stale():
    assert sorted(set(pages()) - set(ROUTES)) == [], "add these pages to ROUTES in pages.py"
    assert sorted(set(ROUTES) - set(pages())) == [], "these pages are gone: remove them from ROUTES"


@pytest.mark.parametrize("name", pages())
def test_anything_posted_to_a_page_gets_a_clear_answer_and_a_refusal_writes_nothing(name, world, sign_in_as):
    reach = ROUTES.get(name)
    if reach is None:
        pytest.fail(f"{name} has no row in ROUTES (pages.py): say who uses it and with what")
    client = sign_in_as(reach.who)
    offered = {}
    for arguments in reach.addresses(world):
        url = reverse(name, kwargs=arguments)
        response = client.get(url)
        # 405: a button's address, posted to from another page
        assert response.status_code < 400 or response.status_code == 405, \
            f"{url} as {reach.who}: {response.status_code}, so ROUTES does not reach it"
        for method, controls in own_forms(response, url).items():
            offered[(url, method)] = controls
    # Every example starts from here: its writes are rolled back and the client gets its cookies back (a
    # sign-out or a new session key changes them), so its session is the one saved here.
    sign_in_as(reach.who)
    cookies = client.cookies
    before = database_state()

    examples = EXAMPLES_FOR_A_FORM if any(offered.values()) else EXAMPLES_FOR_A_PAGE
    send = {"post": lambda url, body, content_type: client.post(url, body, content_type=content_type),
            "get": lambda url, body, content_type: client.get(f"{url}?{body}")}

    @hypothesis_settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def post_anything(data):
        url, method = data.draw(st.sampled_from(sorted(offered)), label="url")
        body, content_type = data.draw(form_body(offered[(url, method)]), label="body")
        client.cookies = SimpleCookie(cookies)
        with transaction.atomic():
            response = send[method](url, body, content_type)
            writes = written(before, database_state())
            transaction.set_rollback(True)
        check_answer(response, writes, body, reach.refusal_writes)

    post_anything()
