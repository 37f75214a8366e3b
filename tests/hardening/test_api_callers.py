"""Who calls the API: nobody (401, whatever cookies it sends), a session (CSRF applies), a token (no CSRF)."""

import json

import pytest
from django.test import Client

from catalogue.requirements import OUTCOMES
from marketplace.accounts.services import create_api_token
from marketplace.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"detail": "Sign in or send a valid bearer token.", "errors": {}}
BODY = json.dumps({"lot": OUTCOMES, "title": "Discovery for council tax"})


def post(client, **headers):
    return client.post("/api/v1/opportunities", BODY, content_type="application/json", headers=headers)


@pytest.mark.parametrize("cookies", [{}, {"sessionid": "not-a-session"}, {"csrftoken": "x" * 32}])
def test_an_anonymous_write_is_401_with_the_error_shape_not_a_csrf_failure(cookies):
    client = Client(enforce_csrf_checks=True)
    for name, value in cookies.items():
        client.cookies[name] = value
    response = post(client)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert not Opportunity.objects.exists()


def test_a_signed_in_browser_session_still_needs_the_csrf_token(buyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    response = post(client)
    assert response.status_code == 403
    assert not Opportunity.objects.exists()
    client.get("/")  # a page sets the CSRF cookie, as a browser would get it
    response = post(client, **{"X-CSRFToken": client.cookies["csrftoken"].value})
    assert response.status_code == 201


def test_a_bearer_token_needs_no_csrf_token(buyer):
    client = Client(enforce_csrf_checks=True)
    response = post(client, Authorization=f"Bearer {create_api_token(buyer)}")
    assert response.status_code == 201
