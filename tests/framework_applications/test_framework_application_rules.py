"""A supplier applies to an open framework, is evaluated on pending, told its result on standstill, signs the
agreement and, once the platform countersigns, is on the framework: each step through its one service function,
refused with a clear message and nothing written when its rules say no."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import factories
from marketplace.audit.models import AuditEvent
from marketplace.framework_applications import services
from marketplace.framework_applications.models import FrameworkApplication
from marketplace.frameworks.reference import live_framework
from marketplace.frameworks.services import move_framework
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import FrameworkMembership, LotService

from .builders import DOS7_NAME, OUTCOMES_SERVICE, PASSING, SPECIALISTS_SERVICE, open_framework, supplier_user

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs):
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return raised.value.message_dict


def complete_application(user, framework, answers=PASSING):
    services.save_declaration(user.supplier, framework, answers, by=user)
    services.save_service(user.supplier, framework, "digital-outcomes", OUTCOMES_SERVICE, by=user)
    return services.submit_application(user.supplier, framework, by=user)


def status_of(user, framework):
    return services.application_status(services.application_of(user.supplier, framework), framework)


def test_a_supplier_applies_is_evaluated_signs_and_is_on_the_framework(emails, mailbox):
    framework = open_framework()
    user = supplier_user()
    admin = factories.make_admin()
    assert status_of(user, framework) == "not-started"

    services.save_declaration(user.supplier, framework, {"conspiracy": False, "annualTurnover": "£2,500,000"}, by=user)
    assert status_of(user, framework) == "in-progress"
    application = services.application_of(user.supplier, framework)
    assert application.declaration == {"conspiracy": False, "annualTurnover": "2500000.00"}

    assert emails(complete_application, user, framework) == [f"Your application to {DOS7_NAME} has been submitted"]
    assert status_of(user, framework) == "submitted"

    move_framework(framework, "pending", by=admin)
    assert status_of(user, framework) == "submitted"  # evaluated, but not told before standstill
    assert emails(move_framework, framework, "standstill", by=admin)[-1] == f"Your application to {DOS7_NAME} passed"
    assert status_of(user, framework) == "passed"
    assert "You're on the framework once you sign the framework agreement" in mailbox.body(mailbox.messages[-1])

    services.sign_agreement(user.supplier, framework, " Sam Okafor ", "Managing director", True, by=user)
    application.refresh_from_db()
    assert application.signed_agreement_text == framework.agreement_text
    assert (application.signer_name, application.signer_role) == ("Sam Okafor", "Managing director")
    assert status_of(user, framework) == "agreement-signed"
    assert suppliers.supplier_eligibility(user.supplier, "digital-outcomes", framework=framework) \
        == "supplier-not-on-framework"

    assert services.countersign([application], by=admin) == 1
    assert status_of(user, framework) == "on-framework"
    assert FrameworkMembership.objects.filter(supplier=user.supplier, framework=framework).exists()
    assert suppliers.supplier_eligibility(user.supplier, "digital-outcomes", framework=framework) is None
    assert suppliers.supplier_eligibility(user.supplier, "digital-specialists", framework=framework) \
        == "supplier-not-on-lot"
    actions = list(AuditEvent.objects.filter(action__startswith="framework_application.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["framework_application.declaration_saved", "framework_application.declaration_saved", "framework_application.submitted",
                       "framework_application.evaluated", "framework_application.agreement_signed",
                       "framework_application.countersigned"]


def test_a_mandatory_exclusion_ground_fails_the_application_with_its_reason(emails, mailbox):
    framework = open_framework()
    user = supplier_user()
    complete_application(user, framework, {**PASSING, "fraud": True})
    move_framework(framework, "pending")
    assert emails(move_framework, framework, "standstill") == [
        f"Your application to {DOS7_NAME} was not successful"]
    application = services.application_of(user.supplier, framework)
    assert status_of(user, framework) == "failed"
    assert application.failures == [{"key": "fraud", "reason": "A conviction for fraud is a mandatory exclusion ground"}]
    assert "- A conviction for fraud is a mandatory exclusion ground" in mailbox.body(mailbox.messages[-1])
    assert refused(services.sign_agreement, user.supplier, framework, "Sam", "Director", True, by=user) == {
        "framework": [f"Only a supplier that passed can sign the agreement for {DOS7_NAME}"]}


def test_a_discretionary_answer_waits_for_an_admin_who_decides_with_a_reason():
    framework = open_framework()
    user = supplier_user()
    admin = factories.make_admin()
    complete_application(user, framework, {**PASSING, "insolvency": True,
                                           "insolvencyDetails": "A creditors' arrangement in 2023, now settled."})
    move_framework(framework, "pending")
    application = services.application_of(user.supplier, framework)
    assert application.awaiting_decision
    assert application.decisions == [{"key": "insolvency", "reason": "Bankruptcy or insolvency"}]
    assert refused(move_framework, framework, "standstill") == {"status": [
        f"{DOS7_NAME} cannot move to standstill: 1 application still wait for a decision on discretionary answers"]}

    with pytest.raises(PermissionDenied):
        services.decide(application, False, "No", by=user)
    assert refused(services.decide, application, False, "  ", by=admin) == {
        "note": ["Enter the reason for the decision"]}
    services.decide(application, False, "The arrangement is not yet discharged", by=admin)
    move_framework(framework, "standstill")
    application.refresh_from_db()
    assert status_of(user, framework) == "failed"
    assert application.failures == [{"key": "insolvency",
                                     "reason": "Bankruptcy or insolvency: The arrangement is not yet discharged"}]


def test_answers_are_checked_one_by_one_and_a_refusal_writes_nothing():
    framework = open_framework()
    user = supplier_user()
    assert refused(services.save_declaration, user.supplier, framework,
                   {"fraud": "no", "annualTurnover": "lots", "favouriteColour": "blue", "acceptTerms": False},
                   by=user) == {
        "fraud": ["Answer yes or no: Has your organisation, or anyone with powers of representation, decision or "
                  "control in it, been convicted of fraud, including fraud against the public purse?"],
        "annualTurnover": ["Enter the annual turnover as an amount in pounds, like 2500000"],
        "favouriteColour": ["favouriteColour is not a question of the declaration"],
        "acceptTerms": ["Accept the statement to continue, or leave it unanswered for now"]}
    assert not FrameworkApplication.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="framework_application.").exists()


def test_follow_up_questions_are_asked_only_when_their_answer_opens_them():
    framework = open_framework()
    user = supplier_user()
    services.save_declaration(user.supplier, framework, {**PASSING, "annualTurnover": "40000000"}, by=user)
    assert services.missing(user.supplier, framework, services.application_of(user.supplier, framework)) == [
        {"section": "lots", "message": "Choose at least one lot and describe your service on it"}]
    services.save_declaration(user.supplier, framework, {"annualTurnover": "1000000"}, by=user)
    assert "modernSlaveryStatement" not in services.application_of(user.supplier, framework).declaration


def test_submitting_lists_everything_missing_and_changes_nothing():
    framework = open_framework()
    user = factories.make_supplier_user(on_framework=False)
    services.save_declaration(user.supplier, framework, {"conspiracy": False}, by=user)
    found = refused(services.submit_application, user.supplier, framework, by=user)
    assert found["company-details"] == ["Confirm your company details"]
    assert found["mandatory-exclusion"] == ["Answer every question in mandatory exclusion grounds (6 left)"]
    assert found["lots"] == ["Choose at least one lot and describe your service on it"]
    assert services.application_of(user.supplier, framework).submitted_at is None


def test_a_submitted_application_stays_complete_until_applications_close(set_clock):
    framework = open_framework()
    user = supplier_user()
    complete_application(user, framework)
    assert refused(services.save_declaration, user.supplier, framework, {"fraud": None}, by=user) == {"fraud": [
        "You have submitted your application: answer this question (Has your organisation, or anyone with powers "
        "of representation, decision or control in it, been convicted of fraud, including fraud against the public "
        "purse?)"]}
    assert refused(services.remove_service, user.supplier, framework, "digital-outcomes", by=user) == {"lot": [
        "You have submitted your application: it needs at least one lot. Add another lot before you remove this "
        "one"]}
    services.save_declaration(user.supplier, framework, {"annualTurnover": "3000000"}, by=user)

    set_clock(framework.applications_close_at + dt.timedelta(seconds=1))
    assert refused(services.save_declaration, user.supplier, framework, {"annualTurnover": "1"}, by=user) == {
        "framework": [f"Applications to {DOS7_NAME} have closed"]}
    assert services.application_of(user.supplier, framework).declaration["annualTurnover"] == "3000000.00"


def test_only_the_suppliers_own_users_work_on_its_application():
    framework = open_framework()
    user, other = supplier_user(), supplier_user()
    with pytest.raises(PermissionDenied):
        services.save_declaration(user.supplier, framework, {"fraud": False}, by=other)
    with pytest.raises(PermissionDenied):
        services.submit_application(user.supplier, framework, by=factories.make_buyer())
    assert not FrameworkApplication.objects.exists()


def describe(supplier, framework):
    return {slug: suppliers.describe_lot_service(supplier, slug, framework)
            for slug in ("digital-outcomes", "digital-specialists", "user-research-participants")}


def test_copying_services_from_the_previous_framework_copies_them_exactly_and_leaves_the_old_ones_alone():
    dos6 = live_framework()
    user = supplier_user(on_framework=True)
    suppliers.update_lot_service(user.supplier, "digital-outcomes", OUTCOMES_SERVICE, by=user)
    suppliers.update_lot_service(user.supplier, "digital-specialists", SPECIALISTS_SERVICE, by=user)
    before = describe(user.supplier, dos6)
    framework = open_framework()
    participants = {"locations": ["London"], "recruitmentMethods": ["Entirely recruited by the supplier"]}
    services.save_service(user.supplier, framework, "user-research-participants", participants, by=user)
    own_outcomes = {"locations": ["Scotland"], "capabilities": {"Security": ["Penetration testing"]}}
    services.save_service(user.supplier, framework, "digital-outcomes", own_outcomes, by=user)

    copied, skipped = services.copy_services(user.supplier, framework, by=user)
    assert (copied, skipped) == (["digital-specialists"], ["digital-outcomes"])
    after = describe(user.supplier, framework)
    assert after["digital-specialists"]["roles"] == before["digital-specialists"]["roles"]
    assert after["digital-outcomes"] == {**own_outcomes, "capabilities": own_outcomes["capabilities"]}
    assert describe(user.supplier, dos6) == before
    assert LotService.objects.filter(supplier=user.supplier, framework=dos6).count() == 2


def test_a_supplier_with_no_earlier_services_is_told_there_is_nothing_to_copy():
    framework = open_framework()
    user = supplier_user()
    assert refused(services.copy_services, user.supplier, framework, by=user) == {
        "framework": ["You have no services on an earlier framework to copy"]}


def test_a_started_application_is_reminded_once_a_week_before_applications_close(emails, mailbox):
    framework = open_framework()
    user = supplier_user()
    services.save_declaration(user.supplier, framework, {"fraud": False}, by=user)
    done = supplier_user()
    complete_application(done, framework)
    assert services.remind_unsubmitted(framework.applications_close_at - dt.timedelta(days=8)) == 0
    week_before = framework.applications_close_at - dt.timedelta(days=6)
    assert emails(services.remind_unsubmitted, week_before) == [f"Applications to {DOS7_NAME} close in a week"]
    assert services.remind_unsubmitted(week_before + dt.timedelta(hours=1)) == 0
    reminder = mailbox.last_to(user.email)
    assert "- Choose at least one lot and describe your service on it" in mailbox.body(reminder)


def test_countersigning_needs_a_signed_agreement_and_refuses_the_whole_batch_otherwise():
    framework = open_framework()
    signed, unsigned = supplier_user(), supplier_user()
    for user in (signed, unsigned):
        complete_application(user, framework)
    move_framework(framework, "pending")
    move_framework(framework, "standstill")
    services.sign_agreement(signed.supplier, framework, "Sam Okafor", "Director", True, by=signed)
    applications = list(FrameworkApplication.objects.filter(framework=framework))
    admin = factories.make_admin()
    found = refused(services.countersign, applications, by=admin)
    assert "can be countersigned" in found["applications"][0]
    assert not FrameworkMembership.objects.filter(framework=framework).exists()
    assert refused(services.sign_agreement, signed.supplier, framework, "", "Director", False, by=signed) == {
        "signerName": ["Enter the full name of the person signing"],
        "accept": ["Confirm that you have read and accept the framework agreement"]}
