"""A platform admin in the back office reads applications with their answers and findings, decides on
discretionary answers with a reason, countersigns signed agreements in bulk and answers clarification questions:
each through its service function, audited, and a refusal shown with nothing changed."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

import factories
from admin.conftest import back_office, form_errors, form_values, text_of  # noqa: F401
from marketplace.audit.models import AuditEvent
from marketplace.framework_applications import services
from marketplace.framework_applications.models import FrameworkApplication
from marketplace.frameworks.services import move_framework
from marketplace.suppliers.models import FrameworkMembership

from .builders import DOS7_NAME, OUTCOMES_SERVICE, PASSING, open_framework, supplier_user

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/framework_applications/frameworkapplication/"
QUESTIONS = "/admin/framework_applications/frameworkquestion/"
INSOLVENT = {**PASSING, "insolvency": True, "insolvencyDetails": "A creditors' arrangement in 2023, now settled."}


def applied(framework, answers=PASSING, **kwargs):
    user = supplier_user(**kwargs)
    services.save_declaration(user.supplier, framework, answers, by=user)
    services.save_service(user.supplier, framework, "digital-outcomes", OUTCOMES_SERVICE, by=user)
    services.submit_application(user.supplier, framework, by=user)
    return services.application_of(user.supplier, framework)


def events(action):
    return AuditEvent.objects.filter(action=f"framework_application.{action}").count()


def test_the_list_shows_each_status_and_filters_those_waiting_for_a_decision(back_office):
    framework = open_framework()
    passing = applied(framework, supplier_name="Agile Works")
    waiting = applied(framework, INSOLVENT, supplier_name="Bright Digital")
    move_framework(framework, "pending")
    page = text_of(back_office.get(APPLICATIONS))
    assert "Agile Works" in page and "Evaluated: passed (not published yet)" in page
    assert "Bright Digital" in page and "Waiting for a decision" in page

    page = text_of(back_office.get(APPLICATIONS, {"awaiting_decision": "yes"}))
    assert str(waiting.supplier) in page and str(passing.supplier) not in page


def test_an_application_shows_its_answers_and_findings(back_office):
    framework = open_framework()
    application = applied(framework, INSOLVENT)
    move_framework(framework, "pending")
    page = text_of(back_office.get(f"{APPLICATIONS}{application.pk}/change/"))
    assert "Is your organisation bankrupt, insolvent, being wound up, or in an arrangement with its creditors? Yes" \
        in page
    assert "What was your organisation's annual turnover in its last financial year? £2,500,000" in page
    assert "Discretionary answers" in page and "Bankruptcy or insolvency" in page
    assert "Pass or fail its discretionary answers" in page


def test_a_decision_needs_a_choice_and_a_reason_and_is_audited(back_office):
    framework = open_framework()
    application = applied(framework, INSOLVENT)
    move_framework(framework, "pending")
    url = f"{APPLICATIONS}{application.pk}/decide/"
    assert "A creditors' arrangement in 2023, now settled." in text_of(back_office.get(url))

    response = back_office.post(url, {"passed": "", "note": "  "})
    assert response.status_code == 200
    assert form_errors(response) == ["Choose whether the application passes or fails"]
    response = back_office.post(url, {"passed": "fail", "note": "  "})
    assert form_errors(response) == ["Enter the reason for the decision"]
    application.refresh_from_db()
    assert application.awaiting_decision and events("decided") == 0

    response = back_office.post(url, {"passed": "fail", "note": "The arrangement is not yet discharged"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.result == "fail"
    assert application.failures == [{"key": "insolvency",
                                     "reason": "Bankruptcy or insolvency: The arrangement is not yet discharged"}]
    event = AuditEvent.objects.get(action="framework_application.decided")
    assert event.actor == back_office.admin and event.detail["note"] == "The arrangement is not yet discharged"
    assert "This application is not waiting for a decision." in text_of(back_office.get(url))
    assert back_office.post(url, {"passed": "pass", "note": "Changed my mind"}).status_code == 200
    application.refresh_from_db()
    assert application.result == "fail" and events("decided") == 1


def countersign(back_office, applications):
    return back_office.post(APPLICATIONS, {"action": "countersign_agreements", "index": "0",
                                           "_selected_action": [str(a.pk) for a in applications]}, follow=True)


def test_countersigning_in_bulk_refuses_the_lot_if_one_is_not_signed_and_changes_nothing(back_office):
    framework = open_framework()
    signed, unsigned = applied(framework), applied(framework)
    move_framework(framework, "pending")
    move_framework(framework, "standstill")
    user = signed.supplier.users.get()
    services.sign_agreement(signed.supplier, framework, "Sam Okafor", "Director", True, by=user)

    page = text_of(countersign(back_office, [signed, unsigned]))
    assert "Only a signed agreement not yet countersigned" in page and str(unsigned) in page
    assert not FrameworkMembership.objects.filter(framework=framework).exists()
    assert events("countersigned") == 0

    page = text_of(countersign(back_office, [signed]))
    assert "1 agreement countersigned: each supplier is now on its framework." in page
    assert FrameworkMembership.objects.filter(framework=framework, supplier=signed.supplier).exists()
    event = AuditEvent.objects.get(action="framework_application.countersigned")
    assert event.actor == back_office.admin
    assert FrameworkApplication.objects.get(pk=signed.pk).countersigned_by == back_office.admin


def test_an_admin_answers_a_clarification_question_and_a_blank_answer_is_refused(back_office):
    framework = open_framework()
    user = supplier_user()
    question = services.ask_question(user.supplier, framework, "Can a consortium apply?", by=user)
    assert "Can a consortium apply?" in text_of(back_office.get(QUESTIONS, {"answered": "no"}))
    url = f"{QUESTIONS}{question.pk}/change/"
    response = back_office.post(url, {**form_values(back_office.get(url)), "answer": "   ", "_save": "Save"})
    assert response.status_code == 200 and form_errors(response) == ["Enter the answer"]
    assert not AuditEvent.objects.filter(action="framework_question.answered").exists()

    response = back_office.post(url, {"answer": "Yes, with one lead supplier.", "_save": "Save"})
    assert response.status_code == 302, form_errors(response)
    assert [(q.question, q.answer) for q in services.published_questions(framework)] == [
        ("Can a consortium apply?", "Yes, with one lead supplier.")]
    event = AuditEvent.objects.get(action="framework_question.answered")
    assert event.actor == back_office.admin
    assert "0 framework questions" in text_of(back_office.get(QUESTIONS, {"answered": "no"}))


def test_only_a_platform_admin_reaches_the_decision_page(client):
    framework = open_framework()
    application = applied(framework, INSOLVENT)
    move_framework(framework, "pending")
    client.force_login(factories.make_supplier_user())
    response = client.post(f"{APPLICATIONS}{application.pk}/decide/", {"passed": "pass", "note": "Fine"})
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.awaiting_decision
    assert DOS7_NAME in str(application)


def run_command(*args):
    out = io.StringIO()
    call_command("framework", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_the_command_line_says_how_many_were_evaluated_wait_and_were_told(back_office):
    framework = open_framework()
    applied(framework)
    waiting = applied(framework, INSOLVENT)
    applied(framework, {**PASSING, "fraud": True})
    assert run_command("status", framework.slug, "pending") == [
        f"{DOS7_NAME} moved from open for applications to pending.",
        "3 applications evaluated; 1 waits for a decision on discretionary answers."]
    services.decide(waiting, True, "Settled in full", by=back_office.admin)
    page = text_of(back_office.post("/admin/frameworks/framework/", {
        "action": "move_to_standstill", "_selected_action": [str(framework.pk)], "index": "0"}, follow=True))
    assert f"{DOS7_NAME} is now standstill: 3 results sent." in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_decides_in_the_browser_and_the_form_passes_axe(back_office, page, live_server, axe):
    framework = open_framework()
    application = applied(framework, INSOLVENT)
    move_framework(framework, "pending")
    page.context.add_cookies([{"name": "sessionid", "value": back_office.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{APPLICATIONS}{application.pk}/change/")
    axe(page)
    page.get_by_role("link", name="Pass or fail its discretionary answers").click()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".errorlist")).to_contain_text("Choose whether the application passes or fails")
    axe(page)
    page.get_by_role("radio", name="Pass").check()
    page.get_by_label("Reason:").fill("Every creditor was paid in full")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".messagelist")).to_contain_text("passed")
    application.refresh_from_db()
    assert application.result == "pass"
