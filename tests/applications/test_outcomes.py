"""The buyer records the outcome once applications have closed: an award (winner, contract value and start date),
a cancellation or 'no suitable suppliers', each with what the public sees and an email to every supplier that
applied. Support can take an outcome back. Two buyers awarding at once leave exactly one award."""

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from factories import make_admin, make_supplier_user
from marketplace.applications.models import Application
from marketplace.applications.selectors import application_status, outcome_of, supplier_dashboard
from marketplace.applications.services import (
    award, cancel, correct_outcome, mark_unsuccessful, save_application, start_application,
)
from marketplace.audit.models import AuditEvent
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import status_of
from marketplace.opportunities.services import StateConflict, withdraw_opportunity

from .conftest import OUTCOMES, SPECIALISTS, words

START = dt.date(2027, 9, 1)


@pytest.fixture
def decided(live, apply, applicant, close):
    """A closed requirement with three applications: Agile Works (small, with two users), Big Consulting (large)
    and Civic Tech (micro); Draft Only Ltd started one but never sent it."""
    opportunity = live(OUTCOMES)
    people = {
        "agile": applicant(opportunity, supplier_name="Agile Works Ltd", size="small", email="sam@agile.example.com"),
        "big": applicant(opportunity, supplier_name="Big Consulting plc", size="large", email="jo@big.example.com"),
        "civic": applicant(opportunity, supplier_name="Civic Tech Ltd", size="micro", email="al@civic.example.com"),
        "draft": applicant(opportunity, supplier_name="Draft Only Ltd", email="di@draft.example.com"),
    }
    people["agile2"] = make_supplier_user(supplier_name="Agile Works Ltd", email="kim@agile.example.com")
    sent = {key: apply(opportunity, people[key]) for key in ("agile", "big", "civic")}
    sent["draft"] = start_application(opportunity, people["draft"])
    close(opportunity)
    return opportunity, sent, people


def subjects(mailbox, address):
    return [message["Subject"] for message in mailbox.to(address)]


# Award ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_award_is_shown_publicly_and_every_applicant_is_told(decided, buyer, mailbox,
                                                               django_capture_on_commit_callbacks):
    opportunity, sent, people = decided
    with django_capture_on_commit_callbacks(execute=True):
        award(opportunity, buyer, sent["big"], "£1,250,000.50", "2027-09-01")

    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.AWARDED
    assert outcome_of(opportunity) == {"status": "awarded", "supplierName": "Big Consulting plc",
                                       "supplierSize": "large", "contractValue": Decimal("1250000.50"),
                                       "contractStartDate": START, "reason": ""}
    statuses = {key: application_status(Application.objects.get(pk=a.pk)) for key, a in sent.items()}
    assert statuses == {"agile": "not-awarded", "big": "awarded", "civic": "not-awarded", "draft": "draft"}
    assert supplier_dashboard(people["big"].supplier)[0]["status"] == "won"
    assert supplier_dashboard(people["civic"].supplier)[0]["status"] == "not won"

    title = "Beta phase of the lasting power of attorney service"
    assert subjects(mailbox, "jo@big.example.com") == [f"You have won the contract for {title}"]
    for address in ("sam@agile.example.com", "kim@agile.example.com", "al@civic.example.com"):
        assert subjects(mailbox, address) == [f"The outcome of {title}"]
        body = mailbox.body(mailbox.last_to(address))
        assert "to Big Consulting plc" in body and "Contract value: £1,250,000.50" in body
        assert "Contract start date: 1 September 2027" in body and f"/opportunities/{opportunity.pk}" in body
    assert mailbox.to("di@draft.example.com") == []
    assert len(mailbox.messages) == 4
    event = AuditEvent.objects.get(action="opportunity.awarded")
    assert event.actor == buyer and event.detail["contract_value"] == "1250000.50"


@pytest.mark.django_db
def test_an_sme_winner_is_shown_as_an_sme(decided, buyer):
    opportunity, sent, _ = decided
    award(opportunity, buyer, sent["civic"], "48000", dt.date(2027, 9, 1))
    outcome = outcome_of(opportunity)
    assert (outcome["supplierName"], outcome["supplierSize"], outcome["contractValue"]) == (
        "Civic Tech Ltd", "SME", Decimal("48000.00"))


@pytest.mark.django_db
@pytest.mark.parametrize("value,message", [
    ("0", "Contract value must be more than £0"),
    ("-5000", "Contract value must be more than £0"),
    ("abc", "Contract value must be an amount in pounds and pence, like 25000 or 25000.50"),
    ("25000.125", "Contract value must be an amount in pounds and pence, like 25000 or 25000.50"),
    ("", "Enter the contract value"),
    ("10000000000", "Contract value must be £9,999,999,999.99 or less"),
])
def test_the_contract_value_is_positive_pounds_and_pence(decided, buyer, value, message):
    opportunity, sent, _ = decided
    with pytest.raises(ValidationError) as refused:
        award(opportunity, buyer, sent["agile"], value, START)
    assert refused.value.message_dict == {"contractValue": [message]}
    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.CLOSED and not Application.objects.filter(awarded_at__isnull=False)


@pytest.mark.django_db
def test_the_award_needs_a_start_date_and_a_supplier_that_applied(decided, live, apply, buyer):
    opportunity, sent, _ = decided
    with pytest.raises(ValidationError) as refused:
        award(opportunity, buyer, sent["draft"], "1000", "31 February")
    assert refused.value.message_dict == {"contractStartDate": ["Contract start date must be a real date"],
                                          "applicationId": ["Select a supplier that applied for this requirement"]}
    elsewhere = apply(live(OUTCOMES))
    for wrong in (elsewhere, None):
        with pytest.raises(ValidationError) as refused:
            award(opportunity, buyer, wrong, "1000", None)
        assert refused.value.message_dict == {
            "contractStartDate": ["Enter the contract start date"],
            "applicationId": ["Select a supplier that applied for this requirement"]}


@pytest.mark.django_db
def test_only_a_closed_requirement_is_awarded_and_only_once(live, apply, buyer, decided):
    open_one = live(SPECIALISTS)
    application = apply(open_one)
    with pytest.raises(StateConflict, match="^Applications close at .*: you can award it after that$"):
        award(open_one, buyer, application, "1000", START)

    opportunity, sent, _ = decided
    award(opportunity, buyer, sent["agile"], "1000", START)
    with pytest.raises(StateConflict, match="already been awarded"):
        award(opportunity, buyer, sent["civic"], "2000", START)
    with pytest.raises(StateConflict, match="already been awarded"):
        cancel(opportunity, buyer, "Changed our minds")
    assert list(Application.objects.filter(awarded_at__isnull=False)) == [sent["agile"]]


@pytest.mark.django_db
def test_only_the_owning_buyers_record_an_outcome(decided, other_buyer):
    opportunity, sent, people = decided
    for outsider in (other_buyer, people["agile"], make_admin()):
        with pytest.raises(PermissionDenied):
            award(opportunity, outsider, sent["agile"], "1000", START)
        with pytest.raises(PermissionDenied):
            cancel(opportunity, outsider, "No budget")
        with pytest.raises(PermissionDenied):
            mark_unsuccessful(opportunity, outsider, "Nobody suitable")
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.CLOSED


# Cancelled and unsuccessful ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_cancellation_gives_its_reason_to_the_public_and_to_every_applicant(
        decided, colleague, mailbox, django_capture_on_commit_callbacks):
    opportunity, sent, people = decided
    with pytest.raises(ValidationError) as refused:
        cancel(opportunity, colleague, "   ")
    assert refused.value.message_dict == {"reason": ["Enter the reason"]}
    with pytest.raises(ValidationError) as refused:
        cancel(opportunity, colleague, words(101))
    assert refused.value.message_dict == {"reason": ["The reason must be 100 words or fewer"]}

    with django_capture_on_commit_callbacks(execute=True):
        cancel(opportunity, colleague, " The funding for this work was withdrawn. ")
    assert status_of(opportunity) == Status.CANCELLED
    assert outcome_of(opportunity) == {"status": "cancelled", "supplierName": None, "supplierSize": None,
                                       "contractValue": None, "contractStartDate": None,
                                       "reason": "The funding for this work was withdrawn."}
    for address in ("sam@agile.example.com", "kim@agile.example.com", "jo@big.example.com", "al@civic.example.com"):
        message = mailbox.last_to(address)
        assert message["Subject"] == "Beta phase of the lasting power of attorney service has been cancelled"
        assert "The funding for this work was withdrawn." in mailbox.body(message)
    assert mailbox.to("di@draft.example.com") == [] and len(mailbox.messages) == 4
    assert supplier_dashboard(people["agile"].supplier)[0]["status"] == "cancelled"
    assert application_status(Application.objects.get(pk=sent["agile"].pk)) == "not-awarded"
    assert AuditEvent.objects.get(action="opportunity.cancelled").detail == {
        "reason": "The funding for this work was withdrawn."}


@pytest.mark.django_db
def test_no_suitable_suppliers_gives_its_reason(decided, buyer, mailbox, django_capture_on_commit_callbacks):
    opportunity, sent, people = decided
    with django_capture_on_commit_callbacks(execute=True):
        mark_unsuccessful(opportunity, buyer, "No supplier had worked on a service of this size.")
    assert status_of(opportunity) == Status.UNSUCCESSFUL
    assert outcome_of(opportunity)["status"] == "unsuccessful"
    assert outcome_of(opportunity)["reason"] == "No supplier had worked on a service of this size."
    message = mailbox.last_to("al@civic.example.com")
    assert message["Subject"] == "No supplier was chosen for Beta phase of the lasting power of attorney service"
    assert "No supplier had worked on a service of this size." in mailbox.body(message)
    assert len(mailbox.messages) == 4
    assert supplier_dashboard(people["civic"].supplier)[0]["status"] == "not won"
    with pytest.raises(StateConflict, match="no suitable suppliers"):
        mark_unsuccessful(opportunity, buyer, "Again")


@pytest.mark.django_db
def test_an_open_requirement_is_not_cancelled_but_withdrawn_and_applicants_are_told(
        live, apply, applicant, buyer, mailbox, django_capture_on_commit_callbacks):
    opportunity = live(SPECIALISTS)
    sent = apply(opportunity, applicant(opportunity, email="sent@one.example.com"))
    started = applicant(opportunity, email="started@two.example.com")
    start_application(opportunity, started)
    bystander = applicant(opportunity, email="bystander@three.example.com")
    with pytest.raises(StateConflict):
        cancel(opportunity, buyer, "Not needed")

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_opportunity(opportunity, buyer)
    for address in ("sent@one.example.com", "started@two.example.com"):
        message = mailbox.last_to(address)
        assert message["Subject"] == "Developer to build a booking service has been withdrawn"
        assert "no longer takes applications" in mailbox.body(message)
    assert mailbox.to(bystander.email) == []
    assert application_status(Application.objects.get(pk=sent.pk)) == "withdrawn"
    with pytest.raises(StateConflict, match="withdrawn"):
        save_application(sent, {"dayRate": "500"}, sent.created_by)


# Support corrects an outcome ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_admin_takes_back_a_wrong_award_and_the_buyer_awards_again(decided, buyer):
    opportunity, sent, _ = decided
    admin = make_admin()
    award(opportunity, buyer, sent["agile"], "1000", START)
    with pytest.raises(PermissionDenied):
        correct_outcome(opportunity, buyer, "Wrong supplier")
    with pytest.raises(ValidationError):
        correct_outcome(opportunity, admin, "")

    correct_outcome(opportunity, admin, "Buyer chose the wrong supplier by mistake (ticket 4411)")
    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.CLOSED and outcome_of(opportunity) is None
    wrongly = Application.objects.get(pk=sent["agile"].pk)
    assert (wrongly.awarded_at, wrongly.contract_value, wrongly.contract_start_date) == (None, None, None)
    event = AuditEvent.objects.get(action="opportunity.outcome_corrected")
    assert event.actor == admin and event.detail["from"] == "awarded"
    assert event.detail["application"] == sent["agile"].pk and event.detail["contract_value"] == "1000.00"

    award(opportunity, buyer, sent["civic"], "2000", START)
    assert outcome_of(opportunity)["supplierName"] == "Civic Tech Ltd"


@pytest.mark.django_db
def test_an_admin_moves_no_suitable_suppliers_back_to_closed_but_not_a_cancellation(decided, buyer):
    opportunity, _, _ = decided
    admin = make_admin()
    mark_unsuccessful(opportunity, buyer, "Nobody suitable")
    correct_outcome(opportunity, admin, "The buyer meant to award")
    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.CLOSED and opportunity.unsuccessful_reason == ""
    cancel(opportunity, buyer, "No budget")
    with pytest.raises(StateConflict):
        correct_outcome(opportunity, admin, "Undo")


@pytest.mark.django_db
def test_support_corrects_an_outcome_from_the_command_line(decided, buyer):
    opportunity, sent, _ = decided
    admin = make_admin(email="alex@marketplace.invalid")
    award(opportunity, buyer, sent["big"], "1000", START)
    with pytest.raises(CommandError, match="Only platform admins"):
        call_command("correct_outcome", str(opportunity.pk), "--admin", buyer.email, "--reason", "Wrong")
    out = io.StringIO()
    call_command("correct_outcome", str(opportunity.pk), "--admin", "Alex@marketplace.invalid",
                 "--reason", "Awarded to the wrong supplier", stdout=out)
    assert "is closed again" in out.getvalue()
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.CLOSED
    with pytest.raises(CommandError, match="Only an awarded requirement"):
        call_command("correct_outcome", str(opportunity.pk), "--admin", admin.email, "--reason", "Again")


# Two buyers award at the same moment ----------------------------------------------------------------------

@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite lets one writer in at a time, so two awards cannot race: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_buyers_awarding_at_once_leave_exactly_one_award(live, apply, applicant, buyer, colleague, close):
    opportunity = live(OUTCOMES)
    first = apply(opportunity, applicant(opportunity, supplier_name="First Ltd"))
    second = apply(opportunity, applicant(opportunity, supplier_name="Second Ltd"))
    close(opportunity)
    ready = threading.Barrier(2)
    results = {}

    def award_as(person, application):
        try:
            mine = Opportunity.objects.get(pk=opportunity.pk)  # each buyer loaded the page before either acted
            ready.wait(timeout=10)
            award(mine, person, application, "5000", START)
            results[application.supplier.name] = "awarded"
        except StateConflict as conflict:
            results[application.supplier.name] = str(conflict)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award_as, args=(buyer, first)),
               threading.Thread(target=award_as, args=(colleague, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(results.values()) == ["This requirement has already been awarded", "awarded"]
    winner = Application.objects.get(awarded_at__isnull=False)
    assert results[winner.supplier.name] == "awarded"
    assert outcome_of(Opportunity.objects.get(pk=opportunity.pk))["supplierName"] == winner.supplier.name
    assert AuditEvent.objects.filter(action="opportunity.awarded").count() == 1


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_award(decided):
    _, sent, _ = decided
    Application.objects.filter(pk=sent["agile"].pk).update(awarded_at=sent["agile"].submitted_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=sent["big"].pk).update(awarded_at=sent["big"].submitted_at)
