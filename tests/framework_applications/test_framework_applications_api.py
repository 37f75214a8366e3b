"""A program applies to a framework through the API alone: declaration, services, submission and the agreement,
through the same service functions as the pages; every refusal is a 4xx in the API's error shape that writes
nothing."""

import pytest
from django.core.exceptions import ValidationError

import factories
from api_opportunities.conftest import Api
from marketplace.api.urls import api as ninja_api
from marketplace.audit.models import AuditEvent
from marketplace.framework_applications import services
from marketplace.framework_applications.models import FrameworkApplication
from marketplace.frameworks.services import move_framework
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import FrameworkMembership, LotService

from .builders import DOS7, DOS7_NAME, OUTCOMES_SERVICE, PASSING, SPECIALISTS_SERVICE, open_framework, supplier_user

pytestmark = pytest.mark.django_db

APPLICATION = f"/supplier/frameworks/{DOS7}"
INVALID = "Some of what was sent is not valid."


class FrameworkApi(Api):
    def put(self, path, body=None, raw=None):
        return self._send("put", path, body, raw)


@pytest.fixture
def as_user(client):
    return lambda user=None: FrameworkApi(client, user)


def written():
    """What a refused call must leave as it was."""
    return (FrameworkApplication.objects.count(), LotService.objects.count(),
            AuditEvent.objects.filter(action__startswith="framework_application.").count())


def test_a_supplier_applies_submits_and_signs_through_the_api(as_user):
    framework = open_framework()
    user = supplier_user()
    api = as_user(user)
    body = api.get(APPLICATION).json()
    assert body["status"] == "not-started" and body["declaration"] == {} and body["lots"] == []
    assert [item["section"] for item in body["missing"]] == [
        "mandatory-exclusion", "discretionary-exclusion", "insurance", "modern-slavery", "commitments", "terms",
        "lots"]

    response = api.patch(f"{APPLICATION}/declaration", {"fraud": False, "annualTurnover": "£2,500,000"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in-progress"
    assert response.json()["declaration"] == {"fraud": False, "annualTurnover": "2500000.00"}

    response = api.post(f"{APPLICATION}/submit")
    assert response.status_code == 400
    assert response.json()["errors"]["lots"] == ["Choose at least one lot and describe your service on it"]

    assert api.patch(f"{APPLICATION}/declaration", PASSING).status_code == 200
    response = api.put(f"{APPLICATION}/services/digital-specialists", SPECIALISTS_SERVICE)
    assert response.status_code == 200, response.json()
    assert response.json()["roles"]["designer"] == {"locations": ["Scotland", "Wales"], "maxDayRate": "700.50"}
    response = api.post(f"{APPLICATION}/submit")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted" and response.json()["lots"] == ["digital-specialists"]
    assert response.json()["missing"] == []

    move_framework(framework, "pending")
    move_framework(framework, "standstill")
    assert api.get(APPLICATION).json()["status"] == "passed"
    response = api.post(f"{APPLICATION}/agreement", {"signerName": "Sam Okafor", "signerRole": "Director",
                                                     "accept": True})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "agreement-signed" and response.json()["signedAt"]

    services.countersign([services.application_of(user.supplier, framework)], by=factories.make_admin())
    assert api.get(APPLICATION).json()["status"] == "on-framework"
    assert FrameworkMembership.objects.filter(supplier=user.supplier, framework=framework).exists()
    # The services it applied with are the ones it offers on the new framework, not on DOS6.
    assert suppliers.describe_lot_service(user.supplier, "digital-specialists", framework)["roles"]["developer"] \
        == {"locations": ["London"], "maxDayRate": "650.00"}


def test_each_bad_answer_is_named_and_nothing_is_written(as_user):
    open_framework()
    api = as_user(supplier_user())
    before = written()
    response = api.patch(f"{APPLICATION}/declaration", {"fraud": "no", "favouriteColour": "blue",
                                                        "acceptTerms": False})
    assert response.status_code == 400
    assert response.json() == {"detail": INVALID, "errors": {
        "fraud": ["Answer yes or no: Has your organisation, or anyone with powers of representation, decision or "
                  "control in it, been convicted of fraud, including fraud against the public purse?"],
        "favouriteColour": ["favouriteColour is not a question of the declaration"],
        "acceptTerms": ["Accept the statement to continue, or leave it unanswered for now"]}}
    for raw in ("[true]", "\"yes\"", "{not json"):
        assert api.patch(f"{APPLICATION}/declaration", raw=raw).status_code == 400, raw
    response = api.put(f"{APPLICATION}/services/digital-outcomes", {"locations": ["Atlantis"]})
    assert response.status_code == 400 and "locations" in response.json()["errors"]
    assert written() == before


def test_a_bad_agreement_is_refused_with_every_problem_and_writes_nothing(as_user):
    framework = open_framework()
    user = supplier_user()
    api = as_user(user)
    api.patch(f"{APPLICATION}/declaration", PASSING)
    api.put(f"{APPLICATION}/services/digital-outcomes", OUTCOMES_SERVICE)
    assert api.post(f"{APPLICATION}/agreement", {"signerName": "Sam", "signerRole": "Director", "accept": True}
                    ).json()["errors"] == {"framework": [f"The agreement for {DOS7_NAME} cannot be signed now"]}
    api.post(f"{APPLICATION}/submit")
    move_framework(framework, "pending")
    move_framework(framework, "standstill")
    before = written()
    response = api.post(f"{APPLICATION}/agreement", {"signerName": " ", "signerRole": 7, "accept": "yes"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "signerName": ["Enter the full name of the person signing"],
        "signerRole": ["The role of the person signing must be text"],
        "accept": ["Confirm that you have read and accept the framework agreement"]}
    assert written() == before
    assert services.application_of(user.supplier, framework).signed_at is None


def test_a_failed_application_is_told_its_reasons_once_results_are_published(as_user):
    framework = open_framework()
    api = as_user(supplier_user())
    api.patch(f"{APPLICATION}/declaration", {**PASSING, "fraud": True})
    api.put(f"{APPLICATION}/services/digital-outcomes", OUTCOMES_SERVICE)
    assert api.post(f"{APPLICATION}/submit").status_code == 200
    move_framework(framework, "pending")
    assert api.get(APPLICATION).json()["failureReasons"] == []  # not told before standstill
    move_framework(framework, "standstill")
    body = api.get(APPLICATION).json()
    assert body["status"] == "failed"
    assert body["failureReasons"] == ["A conviction for fraud is a mandatory exclusion ground"]


def test_a_lot_can_be_dropped_but_a_submitted_application_keeps_one(as_user):
    open_framework()
    user = supplier_user()
    api = as_user(user)
    api.patch(f"{APPLICATION}/declaration", PASSING)
    api.put(f"{APPLICATION}/services/digital-outcomes", OUTCOMES_SERVICE)
    api.put(f"{APPLICATION}/services/digital-specialists", SPECIALISTS_SERVICE)
    api.post(f"{APPLICATION}/submit")
    assert api.delete(f"{APPLICATION}/services/digital-specialists").status_code == 204
    response = api.delete(f"{APPLICATION}/services/digital-outcomes")
    assert response.status_code == 400
    assert response.json()["errors"]["lot"][0].startswith("You have submitted your application")
    assert api.get(APPLICATION).json()["lots"] == ["digital-outcomes"]


def test_services_are_copied_from_the_previous_framework(as_user):
    user = supplier_user(on_framework=True)
    suppliers.update_lot_service(user.supplier, "digital-specialists", SPECIALISTS_SERVICE, by=user)
    framework = open_framework()
    api = as_user(user)
    response = api.post(f"{APPLICATION}/copy-services")
    assert response.status_code == 200
    assert response.json() == {"copied": ["digital-specialists"], "skipped": []}
    assert suppliers.describe_lot_service(user.supplier, "digital-specialists", framework)["roles"] == \
        suppliers.describe_lot_service(user.supplier, "digital-specialists")["roles"]

    newcomer = as_user(supplier_user())
    response = newcomer.post(f"{APPLICATION}/copy-services")
    assert response.status_code == 400
    assert response.json()["errors"] == {"framework": ["You have no services on an earlier framework to copy"]}


def test_who_may_call_and_which_framework_and_lot_exist(as_user):
    open_framework()
    supplier = as_user(supplier_user())
    before = written()
    assert supplier.get("/supplier/frameworks/no-such-framework").status_code == 404
    assert supplier.patch("/supplier/frameworks/no-such-framework/declaration", {"fraud": False}).status_code == 404
    assert supplier.put(f"{APPLICATION}/services/no-such-lot", OUTCOMES_SERVICE).status_code == 404
    buyer = as_user(factories.make_buyer())
    response = buyer.patch(f"{APPLICATION}/declaration", {"fraud": False})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only supplier users have framework applications."
    assert buyer.get(APPLICATION).status_code == 403
    assert as_user().post(f"{APPLICATION}/submit").status_code == 401
    assert written() == before


def test_a_framework_not_open_takes_no_application(as_user):
    framework = open_framework(status="coming")
    api = as_user(supplier_user())
    response = api.patch(f"{APPLICATION}/declaration", {"fraud": False})
    assert response.status_code == 400
    assert response.json()["errors"] == {"framework": [f"{framework.name} is not open for applications yet"]}
    assert not FrameworkApplication.objects.exists()


def test_anyone_reads_the_answered_clarification_questions(as_user):
    framework = open_framework()
    user = supplier_user()
    answered = services.ask_question(user.supplier, framework, "Can a consortium apply?", by=user)
    services.ask_question(user.supplier, framework, "Is there a word limit?", by=user)
    services.answer_question(answered, "Yes, with one lead supplier.", by=factories.make_admin())
    body = as_user().get(f"/frameworks/{DOS7}/questions").json()
    assert [(item["question"], item["answer"]) for item in body] == [
        ("Can a consortium apply?", "Yes, with one lead supplier.")]
    assert as_user().get("/frameworks/no-such-framework/questions").status_code == 404


@pytest.mark.parametrize("text, message", [
    (7, "Your question must be text"),
    ("   ", "Enter your question"),
    ("x" * 5001, "Your question must be 5,000 characters or fewer"),
    ("Nul\x00byte", "Remove the NUL character (\\u0000) from your question"),
])
def test_a_framework_question_that_is_not_a_clear_text_is_refused_and_nothing_is_asked(text, message):
    framework = open_framework()
    user = supplier_user()
    with pytest.raises(ValidationError) as refused:
        services.ask_question(user.supplier, framework, text, by=user)
    assert refused.value.message_dict == {"question": [message]}
    assert not framework.questions.exists()


def test_every_refusal_is_declared_in_the_openapi_document():
    paths = ninja_api.get_openapi_schema()["paths"]
    ours = {path: operations for path, operations in paths.items() if "/frameworks/{slug}" in path}
    assert len(ours) == 7
    for path, operations in ours.items():
        for method, operation in operations.items():
            declared = {str(code) for code in operation["responses"]}
            assert {"401", "404"} <= declared, (method, path)
            if "/supplier/" in path:
                assert {"400", "403"} <= declared, (method, path)
