"""A supplier applies for a requirement: one application per company, each answer checked against its own rule,
submitted once complete, changeable until applications close and never after."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from factories import make_supplier_user
from marketplace import clock
from marketplace.applications.models import Application
from marketplace.applications.selectors import (
    application_status, counts, get_application_for_viewer, supplier_application, supplier_dashboard,
)
from marketplace.applications.services import (
    application_problems, save_application, start_application, submit_application,
)
from marketplace.audit.models import AuditEvent
from marketplace.opportunities.services import NotEligible, StateConflict, withdraw_opportunity
from marketplace.suppliers.services import update_lot_service

from .conftest import OUTCOMES, PARTICIPANTS, SERVICE_OFFERS, SPECIALISTS, complete_application, words

pytestmark = pytest.mark.django_db

NICE_TO_HAVES = ["Worked with the DVSA", "Welsh language skills"]


def refused(call, *args):
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value.message_dict


# Starting ------------------------------------------------------------------------------------------------

def test_a_supplier_has_one_application_per_requirement(live, applicant):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity, supplier_name="Agile Works Ltd")
    first = start_application(opportunity, supplier)
    again = start_application(opportunity, supplier)
    colleague = make_supplier_user(supplier_name="Agile Works Ltd", name="Ola Colleague")
    from_colleague = start_application(opportunity, colleague)

    assert first.pk == again.pk == from_colleague.pk
    assert Application.objects.filter(opportunity=opportunity).count() == 1
    assert application_status(first) == "draft"
    assert supplier_application(opportunity, supplier.supplier) == first
    assert AuditEvent.objects.filter(action="application.started").count() == 1


@pytest.mark.parametrize("lot,offers,role,code,says", [
    (OUTCOMES, None, None, "supplier-not-on-framework", "not on the framework"),
    (OUTCOMES, PARTICIPANTS, None, "supplier-not-on-lot", "does not offer this kind of service"),
    (SPECIALISTS, SPECIALISTS, "designer", "supplier-not-on-role", "does not offer this specialist role"),
])
def test_a_supplier_that_may_not_apply_is_told_what_is_missing(live, supplier_offering, lot, offers, role, code,
                                                               says):
    opportunity = live(lot)  # the specialist requirement is for a developer
    if offers is None:
        supplier = make_supplier_user(on_framework=False)
    else:
        supplier = supplier_offering(offers, roles=[role] if role else None)
    with pytest.raises(NotEligible) as caught:
        start_application(opportunity, supplier)
    assert caught.value.code == code and says in caught.value.message
    assert not Application.objects.exists()


def test_buyers_do_not_apply(live, buyer):
    with pytest.raises(PermissionDenied):
        start_application(live(OUTCOMES), buyer)


def test_applications_are_only_started_while_the_requirement_is_open(draft, live, buyer, applicant, close):
    unpublished = draft(OUTCOMES)
    with pytest.raises(StateConflict, match="not been published"):
        start_application(unpublished, applicant(unpublished))

    withdrawn = live(OUTCOMES)
    withdraw_opportunity(withdrawn, buyer)
    with pytest.raises(StateConflict, match="withdrawn"):
        start_application(withdrawn, applicant(withdrawn))

    closed = live(OUTCOMES)
    supplier = applicant(closed)
    close(closed)
    with pytest.raises(StateConflict, match="^Applications closed at 11:59pm on "):
        start_application(closed, supplier)
    assert not Application.objects.exists()


# Each answer against its own rule ------------------------------------------------------------------------

def test_the_day_rate_may_be_the_suppliers_own_maximum_but_not_more(live, applicant):
    opportunity = live(SPECIALISTS)  # the supplier's maximum for a developer is £650
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)

    assert refused(save_application, application, {"dayRate": "650.01"}, supplier) == {"dayRate": [
        "Day rate must be £650 or less: that is your company's maximum day rate for the developer role"]}
    assert refused(save_application, application, {"dayRate": "0"}, supplier) == {
        "dayRate": ["Day rate must be more than £0"]}
    assert refused(save_application, application, {"dayRate": "six hundred"}, supplier) == {
        "dayRate": ["Day rate must be an amount in pounds and pence, like 650 or 650.50"]}
    application.refresh_from_db()
    assert application.day_rate is None

    save_application(application, {"dayRate": "£650"}, supplier)
    application.refresh_from_db()
    assert str(application.day_rate) == "650.00"


def test_only_specialists_are_asked_for_a_day_rate(live, applicant):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    assert refused(save_application, application, {"dayRate": "500"}, supplier) == {
        "dayRate": ["Only digital specialists are asked for a day rate"]}


def test_evidence_may_be_100_words_but_not_101(live, applicant):
    opportunity = live(OUTCOMES)  # two essential requirements
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    too_long = [{"evidence": words(100)}, {"evidence": words(101)}]
    assert refused(save_application, application, {"essentialRequirements": too_long}, supplier) == {
        "essentialRequirements.1.evidence": ["Evidence for ‘User-centred design’ must be 100 words or fewer"]}

    save_application(application, {"essentialRequirements": [{"evidence": words(100)}] * 2}, supplier)
    application.refresh_from_db()
    assert application.essential_evidence == [{"evidence": words(100)}, {"evidence": words(100)}]


def test_there_is_one_piece_of_evidence_for_each_essential_requirement(live, applicant):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    for sent, count in (([{"evidence": "Only one"}], 1), ([{"evidence": "One"}] * 3, 3)):
        assert refused(save_application, application, {"essentialRequirements": sent}, supplier) == {
            "essentialRequirements": [f"Give one answer for each essential skill or experience: there are 2, "
                                      f"not {count}"]}
    assert refused(save_application, application, {"essentialRequirements": "We do it all"}, supplier) == {
        "essentialRequirements": ["Send the answers as a list with one entry per essential skill or experience"]}


def test_nice_to_haves_are_a_yes_with_evidence_or_a_no(live, applicant):
    opportunity = live(OUTCOMES, niceToHaveRequirements=NICE_TO_HAVES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    assert refused(save_application, application, {"niceToHaveRequirements": [{"yesNo": True}]}, supplier) == {
        "niceToHaveRequirements": ["Give one answer for each nice-to-have skill or experience: there are 2, "
                                   "not 1"]}
    assert refused(save_application, application,
                   {"niceToHaveRequirements": [{"yesNo": "maybe"}, {"yesNo": False}]}, supplier) == {
        "niceToHaveRequirements.0.yesNo": ["Select yes or no for ‘Worked with the DVSA’"]}

    save_application(application, {"niceToHaveRequirements": [
        {"yesNo": True, "evidence": ""}, {"yesNo": False, "evidence": "Typed before changing my mind"}]}, supplier)
    application.refresh_from_db()
    assert application.nice_to_have == [{"yesNo": True, "evidence": ""}, {"yesNo": False, "evidence": ""}]
    assert application_problems(application)["niceToHaveRequirements.0.evidence"] == [
        "Enter evidence for ‘Worked with the DVSA’"]


def test_the_buyer_may_be_given_several_email_addresses(live, applicant):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    save_application(application, {"respondToEmailAddress": " bids@agile.example.com,sam@agile.example.com "},
                     supplier)
    application.refresh_from_db()
    assert application.respond_to_email == "bids@agile.example.com, sam@agile.example.com"
    assert refused(save_application, application, {"respondToEmailAddress": "bids@agile, sam@"}, supplier) == {
        "respondToEmailAddress": ["Enter email addresses in the correct format, like name@example.com, separated "
                                  "by commas"]}


def test_a_bad_answer_means_nothing_is_saved(live, applicant):
    opportunity = live(SPECIALISTS)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    yesterday = (clock.today_in_london() - dt.timedelta(days=1)).isoformat()
    problems = refused(save_application, application, {
        "availability": yesterday, "dayRate": "600", "respondToEmailAddress": "bids@agile.example.com",
        "favouriteColour": "green"}, supplier)
    assert problems == {"availability": ["Earliest start date must be today or in the future"],
                        "favouriteColour": ["favouriteColour is not part of an application"]}
    application.refresh_from_db()
    assert application.day_rate is None and application.respond_to_email == ""


# Submitting ----------------------------------------------------------------------------------------------

def test_submitting_needs_every_answer(live, applicant):
    opportunity = live(SPECIALISTS, niceToHaveRequirements=NICE_TO_HAVES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    assert refused(submit_application, application, supplier) == {
        "availability": ["Enter your earliest start date"],
        "dayRate": ["Enter your day rate"],
        "essentialRequirementsMet": ["Select yes if you have all the essential skills and experience"],
        "essentialRequirements.0.evidence": ["Enter evidence for ‘Python and Django’"],
        "essentialRequirements.1.evidence": ["Enter evidence for ‘Building accessible services’"],
        "niceToHaveRequirements.0.yesNo": ["Select yes or no for ‘Worked with the DVSA’"],
        "niceToHaveRequirements.1.yesNo": ["Select yes or no for ‘Welsh language skills’"],
        "respondToEmailAddress": ["Enter the email address the buyer should use to contact you"],
    }
    assert Application.objects.get(pk=application.pk).submitted_at is None


def test_a_no_to_the_essentials_is_kept_but_stops_the_application(live, applicant):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    save_application(application, complete_application(opportunity, supplier.email,
                                                       essentialRequirementsMet=False), supplier)
    application.refresh_from_db()
    assert application.essential_requirements_met is False
    assert application_problems(application) == {
        "essentialRequirementsMet": ["You cannot apply: you need all the essential skills and experience"]}
    assert refused(submit_application, application, supplier) == application_problems(application)
    assert application_status(Application.objects.get(pk=application.pk)) == "draft"


def test_a_complete_application_is_submitted_and_the_supplier_gets_a_copy(
        live, applicant, mailbox, django_capture_on_commit_callbacks):
    opportunity = live(PARTICIPANTS)
    supplier = applicant(opportunity, supplier_name="Recruit Right Ltd")
    application = start_application(opportunity, supplier)
    save_application(application, complete_application(opportunity, "bids@recruitright.example.com"), supplier)
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application, supplier)

    assert application_status(application) == "submitted"
    message = mailbox.last_to(supplier.email)
    assert message["Subject"] == ("Your application for Participants for research on applying for benefits has "
                                  "been sent")
    assert "You can change it until applications close at 11:59pm on" in mailbox.body(message)
    assert f"/opportunities/{opportunity.pk}/apply" in mailbox.body(message)


def test_a_submitted_application_can_be_changed_until_closing_but_not_after(live, apply, close):
    opportunity = live(SPECIALISTS)
    application = apply(opportunity, dayRate="600")
    supplier = application.created_by

    save_application(application, {"dayRate": "625.50"}, supplier)
    submit_application(application, supplier)  # sending it again is fine
    application.refresh_from_db()
    assert str(application.day_rate) == "625.50" and application_status(application) == "submitted"

    # A submitted application stays complete.
    assert refused(save_application, application, {"essentialRequirements": [{"evidence": ""}] * 2}, supplier) == {
        "essentialRequirements.0.evidence": ["Enter evidence for ‘Python and Django’"],
        "essentialRequirements.1.evidence": ["Enter evidence for ‘Building accessible services’"]}

    close(opportunity)
    with pytest.raises(StateConflict, match="^Applications closed at .*can no longer be started or changed$"):
        save_application(application, {"dayRate": "500"}, supplier)
    with pytest.raises(StateConflict):
        submit_application(application, supplier)
    application.refresh_from_db()
    assert str(application.day_rate) == "625.50"
    # ...but the supplier can still read it.
    assert get_application_for_viewer(application.pk, supplier) == application


def test_a_draft_not_submitted_by_the_closing_moment_stays_a_draft(live, applicant, close):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    save_application(application, complete_application(opportunity, supplier.email), supplier)
    close(opportunity)
    with pytest.raises(StateConflict):
        submit_application(application, supplier)
    assert application_status(application) == "draft"
    assert supplier_dashboard(supplier.supplier)[0]["can_continue"] is False


def test_nobody_else_changes_or_reads_a_suppliers_application(live, applicant, buyer):
    opportunity = live(OUTCOMES)
    supplier = applicant(opportunity)
    application = start_application(opportunity, supplier)
    rival = applicant(opportunity)
    for outsider in (rival, buyer):
        with pytest.raises(PermissionDenied):
            save_application(application, {"availability": clock.today_in_london().isoformat()}, outsider)
        with pytest.raises(PermissionDenied):
            submit_application(application, outsider)
        with pytest.raises(Http404):
            get_application_for_viewer(application.pk, outsider)
    with pytest.raises(Http404):
        get_application_for_viewer(application.pk + 1000, supplier)


# What the public and the supplier see ---------------------------------------------------------------------

def test_the_public_sees_counts_of_started_and_submitted_by_size(live, applicant, apply):
    opportunity = live(OUTCOMES)
    apply(opportunity, applicant(opportunity, size="micro"))
    apply(opportunity, applicant(opportunity, size="medium"))
    apply(opportunity, applicant(opportunity, size="large"))
    start_application(opportunity, applicant(opportunity, size="small"))
    start_application(opportunity, applicant(opportunity, size="large"))
    assert counts(opportunity) == {"started": {"sme": 3, "large": 2}, "submitted": {"sme": 2, "large": 1}}
    assert counts(live(OUTCOMES)) == {"started": {"sme": 0, "large": 0}, "submitted": {"sme": 0, "large": 0}}


def test_the_suppliers_list_of_applications(live, applicant, apply, buyer):
    first, second, third = live(OUTCOMES), live(SPECIALISTS), live(OUTCOMES)
    supplier = applicant(first)
    update_lot_service(supplier.supplier, SPECIALISTS, SERVICE_OFFERS[SPECIALISTS], by=supplier)
    apply(first, supplier)
    start_application(second, supplier)
    start_application(third, supplier)
    withdraw_opportunity(third, buyer)

    rows = {row["opportunity"].pk: row for row in supplier_dashboard(supplier.supplier)}
    assert {pk: (row["status"], row["can_continue"]) for pk, row in rows.items()} == {
        first.pk: ("submitted", False), second.pk: ("draft", True), third.pk: ("withdrawn", False)}
