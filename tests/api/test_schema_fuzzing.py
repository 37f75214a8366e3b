"""Schemathesis sends generated requests (valid and invalid) to every operation in openapi.json, through the WSGI
app in this process, anonymously, as a buyer and as a supplier, with its default checks: no 5xx, only the statuses
the document declares, each with the declared body and content type, invalid requests refused, valid ones not
refused for their shape, and authentication enforced where the document asks for it."""

import io

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from apply.builders import SPECIALISTS, apply, publish
from factories import make_buyer, make_supplier_user
from marketplace.alerts.selectors import alerts_of
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register
from marketplace.suppliers.services import update_lot_service
from opportunities.conftest import SERVICE_OFFERS

pytestmark = pytest.mark.django_db

# Operations with rules a JSON Schema cannot say, so a request the document allows may still get a 400 naming the
# field; the document says what it can (types, required keys, options, ranges, lengths). Every other operation
# must take every request the document allows.
REFUSED_BY_RULES_BEYOND_THE_SCHEMA = [
    # word limits, text with something visible in it, weightings that add up to 100
    ("POST", "/opportunities"),
    # the same, and which questions are asked depends on the stored draft's lot
    ("PATCH", "/opportunities/{opportunity_id}"),
    # every required answer of the stored draft, and dates that must still be ahead
    ("POST", "/opportunities/{opportunity_id}/publish"),
    # text with something visible in it, word limits
    ("POST", "/opportunities/{opportunity_id}/questions"),
    ("POST", "/opportunities/{opportunity_id}/clarifications"),
    ("POST", "/opportunities/{opportunity_id}/cancel"),
    ("POST", "/opportunities/{opportunity_id}/unsuccessful"),
    ("POST", "/supplier/alerts"),
    # an application submitted to this requirement, a value in range, a start date not in the past
    ("POST", "/opportunities/{opportunity_id}/award"),
    # dates not in the past, a day rate within the supplier's maximum, one answer for each of the requirement's
    # essential and nice-to-have requirements
    ("PATCH", "/applications/{application_id}"),
    # every answer of the stored application complete
    ("POST", "/applications/{application_id}/submit"),
    # which keys a lot takes depends on the lot in the path, and some are required on one lot only
    ("PUT", "/supplier/services/{lot}"),
]


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


# The coverage phase (boundary values, missing and mistyped parameters, methods the document does not list) runs
# on every operation but these two: a draft's body has some fifty answers, and covering each took most of a
# minute; the fuzzing phase still sends them valid and invalid bodies, and the other operations on the same paths
# cover the unlisted methods.
NO_COVERAGE_PHASE = [("POST", "/opportunities"), ("PATCH", "/opportunities/{opportunity_id}")]


def _operations(pairs, settings):
    return [{"include-method": method, "include-path": f"/api/v1{path}", **settings} for method, path in pairs]


def fuzzing_config(**parameters):
    """Both phases that generate requests from the document, with `parameters` for the path ids of real objects,
    and no NUL character (a property test covers them: any text holding one is refused with a 400)."""
    return schemathesis.Config.from_dict({
        "generation": {"allow-x00": False},
        "parameters": parameters,
        "operations": [
            *_operations(REFUSED_BY_RULES_BEYOND_THE_SCHEMA, {"checks": {"positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]}}}),
            *_operations(NO_COVERAGE_PHASE, {"phases": {"coverage": {"enabled": False}}}),
        ],
    })


@pytest.fixture
def world(wsgi_app):
    """Real objects for the generated requests to reach: a buyer's live requirement, a supplier that offers its lot
    with an application started, and that supplier user's alert."""
    buyer = make_buyer()
    supplier = make_supplier_user()
    update_lot_service(supplier.supplier, SPECIALISTS, SERVICE_OFFERS[SPECIALISTS], by=supplier)
    opportunity = publish(buyer)
    application = apply(opportunity, supplier, submit=False)
    return {"buyer": buyer, "supplier": supplier, "opportunity": opportunity, "application": application,
            "alert": alerts_of(supplier)[0], "buyer_bearer": bearer_for(buyer), "supplier_bearer": bearer_for(supplier)}


def schema_for(wsgi_app, **parameters):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, config=fuzzing_config(**parameters))


@pytest.fixture
def anonymous_schema(wsgi_app, world):
    return schema_for(wsgi_app, opportunity_id=world["opportunity"].pk)


@pytest.fixture
def buyer_schema(wsgi_app, world):
    return schema_for(wsgi_app, opportunity_id=world["opportunity"].pk)


@pytest.fixture
def supplier_schema(wsgi_app, world):
    return schema_for(wsgi_app, opportunity_id=world["opportunity"].pk, application_id=world["application"].pk,
                      alert_id=world["alert"].pk)


def bearer_for(user):
    out = io.StringIO()
    call_command("token", "create", user.email, stdout=out)
    return {"Authorization": f"Bearer {out.getvalue().strip()}"}


FUZZ = hypothesis.settings(max_examples=25, deadline=None, derandomize=True, database=None,
                           suppress_health_check=list(hypothesis.HealthCheck))


@schemathesis.pytest.from_fixture("anonymous_schema").parametrize()
@FUZZ
def test_anonymously(case):
    case.call_and_validate()


@schemathesis.pytest.from_fixture("buyer_schema").parametrize()
@FUZZ
def test_as_a_buyer(case, world):
    case.call_and_validate(headers=world["buyer_bearer"])


@schemathesis.pytest.from_fixture("supplier_schema").parametrize()
@FUZZ
def test_as_a_supplier(case, world):
    case.call_and_validate(headers=world["supplier_bearer"])
