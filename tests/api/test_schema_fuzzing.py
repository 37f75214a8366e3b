"""Schemathesis sends generated requests (valid and invalid) to every operation in openapi.json, through the WSGI
app in this process: none may fail with a 5xx, and every response must match what the document says."""

import io

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from factories import make_buyer, make_supplier_user
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register

pytestmark = pytest.mark.django_db

# Bodies are checked against the document for every status it declares; undeclared 4xx codes are not yet refused.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application, kept on the test's own database connection (as Django's test client does:
    a new request must not close the connection the test's transaction lives on)."""
    if not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    # Valid and invalid requests from the fuzzing phase only: the exhaustive coverage phase takes minutes.
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, config=config)


def bearer_for(user):
    out = io.StringIO()
    call_command("token", "create", user.email, stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip()}"}


@pytest.fixture
def buyer_bearer(wsgi_app):
    return bearer_for(make_buyer())


@pytest.fixture
def supplier_bearer(wsgi_app):
    return bearer_for(make_supplier_user())


schema = schemathesis.pytest.from_fixture("api_schema")
FUZZ = hypothesis.settings(max_examples=5, deadline=None, derandomize=True, database=None,
                           suppress_health_check=list(hypothesis.HealthCheck))


def call_and_check(case, headers):
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)


@schema.parametrize()
@FUZZ
def test_as_a_buyer(case, buyer_bearer):
    call_and_check(case, buyer_bearer)


@schema.parametrize()
@FUZZ
def test_as_a_supplier(case, supplier_bearer):
    call_and_check(case, supplier_bearer)
