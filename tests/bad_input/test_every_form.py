"""Whatever is posted to any page of the site (or sent by its search or filter form), as the person the page is for, with its objects in the state the
page is for, the answer is a page or a clear refusal: never a server error. A refusal (a 4xx, or the form shown
again with a GOV.UK error summary) writes nothing: every table is compared before and after.

The pages come from the URL configuration and each page's fields from the form it shows, so a new page or a new
field is covered without a change here; only how to reach a new page must be added to ROUTES in pages.py."""

import re
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from .database import database_state, written
from .pages import ROUTES, forms_on, pages
from .strategies import form_body

pytestmark = pytest.mark.django_db

# Sessions are saved on every request (SESSION_SAVE_EVERY_REQUEST), refused or not.
NOT_WRITES = {"sessions.Session"}
# Bounded so that every page of the site is tried in about a minute; a page with a form gets more tries.
EXAMPLES_FOR_A_FORM, EXAMPLES_FOR_A_PAGE = 10, 3


def own_forms(response, url):
    """The controls of the page's forms that send to `url` itself, by method: {"post": {name: Control}, ...}.
    Posting is always tried, with no fields when the page has no form of its own."""
    forms = {"post": {}}
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return forms
    for form in forms_on(response.content.decode()):
        if form.action in ("", url) or urlsplit(form.action).path == url:
            forms.setdefault(form.method, {}).update(form.controls)
    return forms


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def refusal_message(response):
    """What a refused request tells its sender, or "" when it tells nothing."""
    if response.status_code == 405:
        return f"Allowed: {response.get('Allow', '')}" if response.get("Allow") else ""
    content = response.content.decode(errors="replace")
    if "html" not in response.get("Content-Type", ""):
        return content.strip()
    summary = re.search(r'class="govuk-error-summary.*?</ul>', content, flags=re.S)
    if summary:
        return "; ".join(filter(None, (_text(item) for item in
                                       re.findall(r"<li[^>]*>(.*?)</li>", summary.group(0), flags=re.S))))
    back_office = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, flags=re.S)
    if back_office:
        return "; ".join(_text(block) for block in back_office)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", content, flags=re.S)
    return _text(heading.group(1)) if heading else ""


def is_refusal(response):
    if response.status_code >= 400:
        return True
    content = response.content
    return response.status_code == 200 and (b"govuk-error-summary" in content or b'class="errorlist' in content)


def check_answer(response, writes, reach, body):
    assert response.status_code < 500, f"{response.status_code} for {body[:300]!r}"
    if not is_refusal(response):
        return
    assert refusal_message(response), f"a {response.status_code} that says nothing, for {body[:300]!r}"
    unexpected = set(writes) - NOT_WRITES - reach.refusal_writes
    assert not unexpected, (f"refused ({response.status_code}: {refusal_message(response)[:200]}) but wrote "
                            f"{ {label: writes[label] for label in unexpected} } for {body[:300]!r}")


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
    send = {"post": lambda url, body: client.post(url, body, content_type="application/x-www-form-urlencoded"),
            "get": lambda url, body: client.get(f"{url}?{body}")}

    @hypothesis_settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def post_anything(data):
        url, method = data.draw(st.sampled_from(sorted(offered)), label="url")
        body = data.draw(form_body(offered[(url, method)]), label="body")
        client.cookies = SimpleCookie(cookies)
        with transaction.atomic():
            response = send[method](url, body)
            writes = written(before, database_state())
            transaction.set_rollback(True)
        check_answer(response, writes, reach, body)

    post_anything()
