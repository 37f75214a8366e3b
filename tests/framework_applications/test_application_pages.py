"""The supplier's pages for applying to a framework, through the Django test client: what each shows, what each
refuses, and that a refusal writes nothing."""

import datetime as dt

import pytest

import factories
from catalogue.pages import field_error, text_of
from marketplace import clock
from marketplace.audit.models import AuditEvent
from marketplace.formatting import london_time
from marketplace.framework_applications import services
from marketplace.framework_applications.models import FrameworkApplication, FrameworkQuestion
from marketplace.frameworks.reference import live_framework
from marketplace.frameworks.services import move_framework
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import LotService

from .builders import DOS7, DOS7_NAME, OUTCOMES_SERVICE, PASSING, open_framework, supplier_user

pytestmark = pytest.mark.django_db

APPLICATION = f"/suppliers/frameworks/{DOS7}"


@pytest.fixture
def framework():
    return open_framework()


@pytest.fixture
def supplier(client):
    user = supplier_user()
    client.force_login(user)
    return user


def submitted(user, framework, answers=PASSING):
    services.save_declaration(user.supplier, framework, answers, by=user)
    services.save_service(user.supplier, framework, "digital-outcomes", OUTCOMES_SERVICE, by=user)
    return services.submit_application(user.supplier, framework, by=user)


def test_only_supplier_users_reach_the_application_pages(client, framework):
    pages = [APPLICATION, f"{APPLICATION}/declaration/terms", f"{APPLICATION}/lots/digital-outcomes",
             f"{APPLICATION}/agreement"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in?next=")
    client.force_login(factories.make_buyer())
    for path in pages:
        assert client.get(path).status_code == 403
    assert client.post(f"{APPLICATION}/declaration/terms", {"acceptTerms": "yes"}).status_code == 403
    assert client.post(f"{APPLICATION}/submit").status_code == 403
    assert not FrameworkApplication.objects.exists()
    client.force_login(supplier_user())
    assert client.get("/suppliers/frameworks/no-such-framework").status_code == 404


def test_the_dashboard_links_to_the_open_framework_and_the_task_list_shows_each_task(client, framework, supplier):
    dashboard = client.get("/suppliers")
    assert f'href="{APPLICATION}"' in dashboard.content.decode()
    assert f"Apply to {DOS7_NAME}" in text_of(dashboard)

    services.save_declaration(supplier.supplier, framework, {"conspiracy": False}, by=supplier)
    page = text_of(client.get(APPLICATION))
    assert f"Your application to {DOS7_NAME}" in page
    assert "Confirm your company details Buyers see them with every application you make Completed" in page
    assert "Mandatory exclusion grounds In progress" in page
    assert "Insurance Not started" in page
    assert "Digital outcomes Not started" in page
    assert "Copy your services" not in page  # no earlier framework to copy from
    assert f"{DOS7_NAME} is open for applications until" in text_of(client.get("/suppliers"))
    assert "Your application: in progress." in text_of(client.get("/suppliers"))


def test_another_suppliers_application_cannot_be_seen_or_changed(client, framework, supplier):
    other = supplier_user()
    services.save_declaration(other.supplier, framework, {"fraud": True, "annualTurnover": "4000000"}, by=other)
    suppliers.save_studio(other.supplier, {"name": "Lab One", "address": "1 Road, Leeds", "location": "London",
                                           "facilities": "Viewing room", "price": "120", "priceUnit": "day"},
                          by=other, framework=framework)
    studio = LotService.objects.get(supplier=other.supplier, framework=framework).studios.get()

    page = client.get(f"{APPLICATION}/declaration/modern-slavery").content.decode()
    assert "4000000" not in page
    assert 'value="yes" checked' not in client.get(f"{APPLICATION}/declaration/mandatory-exclusion").content.decode()
    assert client.get(f"{APPLICATION}/lots/user-research-studios/{studio.pk}").status_code == 404
    assert client.post(f"{APPLICATION}/lots/user-research-studios/{studio.pk}/remove").status_code == 404
    assert studio.__class__.objects.filter(pk=studio.pk).exists()
    assert services.application_of(supplier.supplier, framework) is None


def test_a_submit_that_is_refused_lists_every_missing_item_with_a_link_to_its_task(client, framework):
    user = factories.make_supplier_user(on_framework=False)
    client.force_login(user)
    services.save_declaration(user.supplier, framework, {"conspiracy": False}, by=user)
    response = client.post(f"{APPLICATION}/submit")
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary"):page.index("</ul>", page.index("govuk-error-summary"))]
    assert "You cannot submit your application yet" in page
    assert 'href="/suppliers/company"' in summary and "Confirm your company details" in summary
    for slug, left in [("mandatory-exclusion", 6), ("discretionary-exclusion", 4), ("insurance", 2),
                       ("modern-slavery", 1), ("commitments", 3), ("terms", 3)]:
        assert f'href="{APPLICATION}/declaration/{slug}"' in summary
        assert f"({left} left)" in summary
    assert 'href="#lots"' in summary and "Choose at least one lot and describe your service on it" in summary
    assert services.application_of(user.supplier, framework).submitted_at is None


def test_submitting_then_changing_until_applications_close(client, framework, supplier):
    services.save_declaration(supplier.supplier, framework, PASSING, by=supplier)
    client.post(f"{APPLICATION}/lots/digital-outcomes",
                {"locations": ["London"], "capability-security": ["Penetration testing"]})
    response = client.post(f"{APPLICATION}/submit", follow=True)
    page = text_of(response)
    closes = london_time(framework.applications_close_at, weekday=True)
    assert f"Your application to {DOS7_NAME} has been submitted. You can change it until {closes}." in page
    assert f"Submitted: you can change it until {closes}." in page
    assert services.application_status(services.application_of(supplier.supplier, framework), framework) \
        == "submitted"

    # A change that would leave a question unanswered is refused next to the question, nothing saved.
    saved = services.application_of(supplier.supplier, framework).declaration
    response = client.post(f"{APPLICATION}/declaration/insurance", {"employersLiability": "yes"})
    assert field_error(response, "professionalIndemnity").startswith("You have submitted your application")
    assert services.application_of(supplier.supplier, framework).declaration == saved


def test_a_declaration_page_keeps_what_was_typed_and_puts_each_problem_by_its_question(client, framework, supplier):
    response = client.post(f"{APPLICATION}/declaration/modern-slavery",
                           {"annualTurnover": "lots", "modernSlaveryStatement": "maybe"})
    assert response.status_code == 200
    assert field_error(response, "annualTurnover") == "Enter the annual turnover as an amount in pounds, like 2500000"
    assert field_error(response, "modernSlaveryStatement").startswith("Answer yes or no")
    assert 'value="lots"' in response.content.decode()
    assert "There is a problem" in text_of(response)
    assert services.application_of(supplier.supplier, framework) is None

    # A follow-up comes straight after the answer that opens it; answered "No", what was written in it is dropped.
    page = client.get(f"{APPLICATION}/declaration/discretionary-exclusion").content.decode()
    assert page.index('id="insolvency-2"') < page.index('id="insolvencyDetails"') \
        < page.index('id="professionalMisconduct"')
    assert "Only if you answered yes to the question before" in page
    client.post(f"{APPLICATION}/declaration/discretionary-exclusion",
                {"insolvency": "no", "insolvencyDetails": "Nothing to tell", "professionalMisconduct": "yes",
                 "professionalMisconductDetails": "A finding in 2022, since put right."})
    assert services.application_of(supplier.supplier, framework).declaration == {
        "insolvency": False, "professionalMisconduct": True,
        "professionalMisconductDetails": "A finding in 2022, since put right."}
    text = text_of(client.get(APPLICATION))
    assert "Discretionary exclusion grounds In progress" in text

    client.post(f"{APPLICATION}/declaration/terms", {"acceptTerms": "yes", "acceptAccuracy": "yes",
                                                     "acceptChecks": "yes"})
    assert "Terms Completed" in text_of(client.get(APPLICATION))
    assert 'value="yes" checked' in client.get(f"{APPLICATION}/declaration/terms").content.decode()


def test_a_lot_page_describes_the_service_on_the_open_framework_and_removes_it(client, framework, supplier):
    page = client.get(f"{APPLICATION}/lots/digital-outcomes")
    assert f"Your application to {DOS7_NAME}" in text_of(page)
    response = client.post(f"{APPLICATION}/lots/digital-outcomes", {"capability-security": ["Penetration testing"]})
    assert field_error(response, "locations")
    response = client.post(f"{APPLICATION}/lots/digital-outcomes",
                           {"locations": ["London"], "capability-security": ["Penetration testing"]})
    assert response.status_code == 302 and response["Location"] == APPLICATION
    assert services.applied_lots(supplier.supplier, framework) == ["digital-outcomes"]
    assert suppliers.describe_lot_service(supplier.supplier, "digital-outcomes") is None  # the live one untouched
    assert "Digital outcomes Completed" in text_of(client.get(APPLICATION))

    response = client.post(f"{APPLICATION}/lots/digital-outcomes", {"action": "remove"})
    assert response.status_code == 302
    assert services.applied_lots(supplier.supplier, framework) == []
    assert client.get(f"{APPLICATION}/lots/no-such-lot").status_code == 404


def test_studios_are_added_on_the_open_framework(client, framework, supplier):
    response = client.post(f"{APPLICATION}/lots/user-research-studios/add",
                           {"name": "Lab One", "address": "1 Road, Leeds", "location": "London",
                            "facilities": "Viewing room", "price": "120", "priceUnit": "day"})
    assert response.status_code == 302 and response["Location"] == f"{APPLICATION}/lots/user-research-studios"
    assert services.applied_lots(supplier.supplier, framework) == ["user-research-studios"]
    assert "Lab One" in text_of(client.get(f"{APPLICATION}/lots/user-research-studios"))


def test_copying_services_says_what_was_copied_and_what_was_skipped(client, framework, supplier):
    suppliers.update_lot_service(supplier.supplier, "digital-outcomes", OUTCOMES_SERVICE, by=supplier)
    suppliers.update_lot_service(supplier.supplier, "user-research-participants",
                                 {"locations": ["Wales"], "recruitmentMethods": ["Entirely recruited by the supplier"]},
                                 by=supplier)
    services.save_service(supplier.supplier, framework, "digital-outcomes", {"locations": ["Wales"], "capabilities": {
        "Security": ["Penetration testing"]}}, by=supplier)
    previous = live_framework().name
    assert f"Copy your services from {previous}" in text_of(client.get(APPLICATION))
    page = text_of(client.post(f"{APPLICATION}/copy-services", follow=True))
    assert f"Copied your services from {previous}: user research participants." in page
    assert "Not copied, because you have already described them here: digital outcomes." in page
    assert services.applied_lots(supplier.supplier, framework) == ["digital-outcomes", "user-research-participants"]


def test_after_closing_the_application_is_read_only(client, framework, supplier, set_clock):
    saved = submitted(supplier, framework).declaration
    set_clock(framework.applications_close_at + dt.timedelta(minutes=1))
    page = text_of(client.get(APPLICATION))
    assert f"Applications to {DOS7_NAME} have closed." in page and "Status: Submitted" in page
    assert "Submit your application" not in page
    before = AuditEvent.objects.count()
    section = client.post(f"{APPLICATION}/declaration/insurance", {"employersLiability": "no"}, follow=True)
    assert "have closed: your answers cannot change" in text_of(section)
    assert "Will your organisation have employer's liability insurance" in text_of(section)
    lot = text_of(client.post(f"{APPLICATION}/lots/digital-outcomes", {"action": "remove"}))
    assert "your service on this lot can no longer change" in lot and "Penetration testing" in lot
    assert "have closed" in text_of(client.post(f"{APPLICATION}/submit"))
    assert AuditEvent.objects.count() == before
    assert services.applied_lots(supplier.supplier, framework) == ["digital-outcomes"]
    assert services.application_of(supplier.supplier, framework).declaration == saved


def test_results_and_the_agreement(client, framework, supplier):
    failing = supplier_user()
    submitted(supplier, framework)
    submitted(failing, framework, {**PASSING, "fraud": True})
    move_framework(framework, "pending")
    assert "Your application passed" not in text_of(client.get(APPLICATION))
    move_framework(framework, "standstill")
    page = text_of(client.get(APPLICATION))
    assert "Your application passed. You're on the framework once you sign the agreement." in page
    assert f'href="{APPLICATION}/agreement"' in client.get(APPLICATION).content.decode()
    assert client.get(f"{APPLICATION}/agreement/download").status_code == 404

    response = client.post(f"{APPLICATION}/agreement", {"signerName": " ", "signerRole": "Director"})
    assert field_error(response, "signerName") == "Enter the full name of the person signing"
    assert field_error(response, "accept") == "Confirm that you have read and accept the framework agreement"
    assert 'value="Director"' in response.content.decode()
    response = client.post(f"{APPLICATION}/agreement", {"signerName": "Sam Okafor", "signerRole": "Director",
                                                        "accept": "yes"}, follow=True)
    page = text_of(response)
    assert f"You have signed the framework agreement for {DOS7_NAME}" in page
    assert "Signed by Sam Okafor Role Director" in page and f"Framework agreement: {DOS7_NAME}" in page
    download = client.get(f"{APPLICATION}/agreement/download")
    assert download["Content-Disposition"].startswith('attachment; filename="dos7-framework-agreement-')
    assert "Sam Okafor, Director" in download.content.decode()
    assert framework.agreement_text.splitlines()[2] in download.content.decode()

    client.force_login(failing)
    page = text_of(client.get(APPLICATION))
    assert "Your application was not successful" in page
    assert "A conviction for fraud is a mandatory exclusion ground" in page
    response = client.post(f"{APPLICATION}/agreement", {"signerName": "Sam", "signerRole": "Director",
                                                        "accept": "yes"})
    assert "Only a supplier that passed can sign" in text_of(response)
    assert services.application_of(failing.supplier, framework).signed_at is None


def test_the_public_framework_page_publishes_answered_questions_but_never_who_asked(client, framework, supplier):
    admin = factories.make_admin()
    asked = services.ask_question(supplier.supplier, framework, "Can a consortium apply?", by=supplier)
    services.ask_question(supplier.supplier, framework, "Is this still unanswered?", by=supplier)
    services.answer_question(asked, "Yes: one member applies and names the others.", by=admin)
    client.logout()
    page = text_of(client.get(f"/frameworks/{DOS7}"))
    assert DOS7_NAME in page and "Open for applications" in page
    assert "Applications close" in page and "Digital specialists" in page
    assert "Can a consortium apply? Yes: one member applies and names the others." in page
    assert "still unanswered" not in page and supplier.supplier.name not in page
    assert "Sign in as a supplier to ask a question" in page
    assert client.post(f"/frameworks/{DOS7}", {"question": "Hello?"}).status_code == 302

    client.force_login(supplier)
    response = client.post(f"/frameworks/{DOS7}", {"question": "  "})
    assert field_error(response, "question") == "Enter your question"
    response = client.post(f"/frameworks/{DOS7}", {"question": "When are results published?"}, follow=True)
    assert "Your question has been sent" in text_of(response)
    assert FrameworkQuestion.objects.filter(question="When are results published?").exists()

    client.force_login(factories.make_buyer())
    assert client.post(f"/frameworks/{DOS7}", {"question": "From a buyer"}).status_code == 403


def test_once_clarification_questions_close_there_is_no_form_and_a_question_is_refused(client, framework, supplier,
                                                                                      set_clock):
    set_clock(framework.clarifications_close_at + dt.timedelta(minutes=1))
    assert "Ask a question" not in text_of(client.get(f"/frameworks/{DOS7}"))
    response = client.post(f"/frameworks/{DOS7}", {"question": "Too late?"})
    assert f"Clarification questions about {DOS7_NAME} are closed" in text_of(response)
    assert not FrameworkQuestion.objects.exists()
    assert clock.now() > framework.clarifications_close_at



def test_after_closing_a_supplier_that_did_not_apply_or_did_not_submit_is_told_so(client, framework, supplier,
                                                                                   set_clock):
    starter = supplier_user()
    services.save_declaration(starter.supplier, framework, {"acceptTerms": True}, by=starter)
    set_clock(framework.applications_close_at + dt.timedelta(minutes=1))
    page = text_of(client.get(APPLICATION))
    assert f"You did not apply to {DOS7_NAME}." in page
    assert "Declaration" not in page and "Status:" not in page  # no empty task lists for what never began
    client.force_login(starter)
    page = text_of(client.get(APPLICATION))
    assert "Status: Not submitted" in page and "You started an application but did not submit it" in page
    assert "Declaration" in page and "did not apply" not in page
