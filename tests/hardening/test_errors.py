"""Errors in every configuration: the API answers in its JSON shape (API.md), pages with a GOV.UK error page, and
debug (which shows code to whoever meets an error) is on only when asked for."""

import json
import os
import subprocess
import sys

import pytest

from catalogue.requirements import OUTCOMES
from marketplace.accounts.services import create_api_token
from marketplace.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db

ELEVEN_MB = 11 * 1024 * 1024
TOO_LARGE = {"detail": "What was sent is too large: send at most 2.5 MB.", "errors": {}}


def oversized_json():
    return json.dumps({"lot": OUTCOMES, "title": "Big", "summary": "word " * (ELEVEN_MB // 5)})


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_oversized_api_body_is_a_413_in_the_api_shape(client, buyer, debug):
    token = create_api_token(buyer)
    response = client.post("/api/v1/opportunities", oversized_json(), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    assert not Opportunity.objects.exists()


def test_an_oversized_api_body_from_a_signed_in_browser_is_a_413_too(client, buyer, debug):
    client.force_login(buyer)
    response = client.post("/api/v1/opportunities", oversized_json(), content_type="application/json")
    assert response.status_code == 413 and response.json() == TOO_LARGE


def test_an_oversized_form_gets_a_govuk_error_page_and_saves_nothing(client, buyer):
    client.force_login(buyer)
    response = client.post("/buyers/requirements/create", {"lot": OUTCOMES, "padding": "x" * ELEVEN_MB})
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page and "govuk-template" in page and "2.5 MB" in page
    assert not Opportunity.objects.exists()


def test_an_unknown_api_address_is_a_404_in_the_api_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_a_fault_in_the_api_is_a_500_in_the_api_shape_and_logged_with_its_traceback(client, buyer, debug,
                                                                                     monkeypatch, caplog):
    def broken(token):
        raise RuntimeError("the token table is unreadable")

    monkeypatch.setattr("marketplace.api.auth.user_for_api_token", broken)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer dm_anything"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Sorry, there is a problem with the service. Try again later.",
                               "errors": {}}
    assert "the token table is unreadable" not in response.content.decode()
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.exc_info and "unreadable" in str(record.exc_info[1])


@pytest.mark.parametrize("environment, expected", [({}, "False"), ({"MARKETPLACE_DEMO": "1"}, "False"),
                                                   ({"MARKETPLACE_DEBUG": "1"}, "True")])
def test_debug_is_on_only_when_asked_for(environment, expected, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_") and k != "DATABASE_URL"}
    env.update(environment, MARKETPLACE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="marketplace.settings")
    out = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
