"""A buyer writes a draft, publishes it, and may withdraw, delete or copy it; each step checks who is asking and
what state the requirement is in, and leaves an audit event."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from factories import make_admin, make_buyer, make_supplier_user
from marketplace import clock
from marketplace.accounts.services import suspend_account
from marketplace.audit.models import AuditEvent
from marketplace.clock.services import advance_clock
from marketplace.frameworks.models import Framework
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import can_manage, get_for_viewer, status_of, with_status
from marketplace.opportunities.services import (
    StateConflict, copy_opportunity, create_draft, delete_draft, publish_opportunity, save_answers,
    withdraw_opportunity,
)
from marketplace.search.selectors import search_opportunities

from .conftest import OUTCOMES, PARTICIPANTS, SPECIALISTS, complete_answers

pytestmark = pytest.mark.django_db


def events(opportunity_id, action):
    return AuditEvent.objects.filter(object_type="opportunities.opportunity", object_id=str(opportunity_id),
                                     action=action)


def found_in_search(title_words):
    return [hit.opportunity.title for hit in search_opportunities(title_words).hits]


# Drafts --------------------------------------------------------------------------------------------------

def test_a_buyer_starts_a_draft_on_the_live_framework(buyer):
    opportunity = create_draft(SPECIALISTS, buyer, {"title": "Developer to build a booking service",
                                                    "specialistRole": "developer"})
    assert status_of(opportunity) == Status.DRAFT
    assert opportunity.framework.name == "Digital Outcomes and Specialists 6"
    assert opportunity.organisation.name == "Home Office"
    assert opportunity.title == "Developer to build a booking service" and opportunity.specialist_role == "developer"
    event = events(opportunity.pk, "opportunity.created").get()
    assert event.actor == buyer


def test_a_supplier_cannot_write_a_requirement(db):
    supplier = make_supplier_user()
    with pytest.raises(PermissionDenied):
        create_draft(OUTCOMES, supplier)
    with pytest.raises(PermissionDenied):
        create_draft(OUTCOMES, make_admin())
    assert not Opportunity.objects.exists()


def test_a_suspended_buyer_cannot_write_a_requirement(buyer):
    suspend_account(buyer, by=make_admin())
    with pytest.raises(PermissionDenied):
        create_draft(OUTCOMES, buyer)


@pytest.mark.parametrize("lot", ["user-research-studios", "no-such-lot", ""])
def test_only_lots_that_take_requirements(buyer, lot):
    with pytest.raises(ValidationError) as refused:
        create_draft(lot, buyer)
    assert refused.value.message_dict == {
        "lot": ["Select digital outcomes, digital specialists or user research participants"]}


def test_no_drafts_when_no_framework_is_live(buyer):
    Framework.objects.filter(status=Framework.Status.LIVE).update(status=Framework.Status.EXPIRED)
    with pytest.raises(StateConflict):
        create_draft(OUTCOMES, buyer)


def test_a_draft_keeps_good_answers_and_refuses_bad_ones_without_saving_anything(draft, buyer):
    opportunity = draft(OUTCOMES)
    with pytest.raises(ValidationError) as refused:
        save_answers(opportunity, {"title": "A better title", "numberOfSuppliers": 16}, buyer)
    assert refused.value.message_dict == {
        "numberOfSuppliers": ["How many suppliers to evaluate must be between 3 and 15"]}
    opportunity.refresh_from_db()
    assert opportunity.title == complete_answers(OUTCOMES)["title"] and opportunity.data["numberOfSuppliers"] == 5

    save_answers(opportunity, {"title": "A better title", "workAlreadyDone": "A discovery", "location": ""}, buyer)
    opportunity.refresh_from_db()
    assert opportunity.title == "A better title" and opportunity.data["title"] == "A better title"
    assert opportunity.data["workAlreadyDone"] == "A discovery"
    assert "location" not in opportunity.data and opportunity.location == ""  # a blank answer clears it
    assert events(opportunity.pk, "opportunity.answers_saved").count() == 1


def test_a_colleague_in_the_same_organisation_can_work_on_the_draft(draft, colleague):
    opportunity = draft(OUTCOMES)
    save_answers(opportunity, {"summary": "Rewritten by a colleague"}, colleague)
    assert Opportunity.objects.get(pk=opportunity.pk).data["summary"] == "Rewritten by a colleague"


# Publishing ----------------------------------------------------------------------------------------------

def test_publishing_needs_every_required_answer(buyer):
    opportunity = create_draft(OUTCOMES, buyer, {"title": "Discovery for council tax payments"})
    with pytest.raises(ValidationError) as refused:
        publish_opportunity(opportunity, buyer)
    assert refused.value.message_dict["location"] == ["Select location"]
    assert refused.value.message_dict["summary"] == ["Enter summary of the work"]
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.DRAFT
    assert not events(opportunity.pk, "opportunity.published").exists()


def test_a_start_date_that_has_passed_stops_publishing(draft, buyer):
    yesterday = (clock.today_in_london() - dt.timedelta(days=1)).isoformat()
    opportunity = draft(SPECIALISTS, startDate=yesterday)
    with pytest.raises(ValidationError) as refused:
        publish_opportunity(opportunity, buyer)
    assert refused.value.message_dict == {"startDate": ["Latest start date must be today or in the future"]}


def test_publishing_makes_it_live_and_findable_at_once(draft, buyer):
    opportunity = draft(OUTCOMES)
    assert found_in_search("lasting power attorney") == []
    publish_opportunity(opportunity, buyer)
    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.LIVE
    assert opportunity.published_at is not None and opportunity.closing_at > clock.now()
    assert found_in_search("lasting power attorney") == [opportunity.title]
    event = events(opportunity.pk, "opportunity.published").get()
    assert event.actor == buyer and event.detail["closing_at"] == opportunity.closing_at.isoformat()


def test_a_requirement_is_published_once(live, buyer):
    opportunity = live(PARTICIPANTS)
    with pytest.raises(StateConflict, match="already been published"):
        publish_opportunity(opportunity, buyer)
    assert events(opportunity.pk, "opportunity.published").count() == 1


def test_a_published_requirement_can_no_longer_be_edited(live, buyer):
    opportunity = live(OUTCOMES)
    with pytest.raises(StateConflict):
        save_answers(opportunity, {"title": "Changed after publishing"}, buyer)
    assert Opportunity.objects.get(pk=opportunity.pk).title != "Changed after publishing"


def test_a_draft_on_a_framework_that_has_expired_cannot_be_published(draft, buyer):
    opportunity = draft(OUTCOMES)
    Framework.objects.filter(pk=opportunity.framework_id).update(status=Framework.Status.EXPIRED)
    with pytest.raises(StateConflict, match="no longer live"):
        publish_opportunity(opportunity, buyer)


def test_a_live_requirement_closes_when_the_clock_passes_its_closing_time(live, settings):
    opportunity = live(SPECIALISTS)  # open for 1 week
    settings.CLOCK_TRAVEL_ALLOWED = True
    advance_clock(dt.timedelta(days=6))
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.LIVE
    advance_clock(dt.timedelta(days=9))
    reloaded = Opportunity.objects.get(pk=opportunity.pk)
    assert status_of(reloaded) == Status.CLOSED
    assert with_status(Opportunity.objects.filter(pk=opportunity.pk)).get().status == Status.CLOSED
    assert [hit.opportunity.pk for hit in search_opportunities(statuses=["closed"]).hits] == [opportunity.pk]
    assert search_opportunities(statuses=["open"]).count == 0


# Withdrawing ---------------------------------------------------------------------------------------------

def test_a_live_requirement_can_be_withdrawn_once(live, buyer):
    opportunity = live(OUTCOMES)
    withdraw_opportunity(opportunity, buyer)
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.WITHDRAWN
    assert found_in_search("lasting power attorney") == []
    assert events(opportunity.pk, "opportunity.withdrawn").get().actor == buyer
    with pytest.raises(StateConflict, match="Only an open requirement can be withdrawn"):
        withdraw_opportunity(opportunity, buyer)


def test_a_draft_or_a_closed_requirement_cannot_be_withdrawn(draft, live, buyer, settings):
    with pytest.raises(StateConflict):
        withdraw_opportunity(draft(OUTCOMES), buyer)
    opportunity = live(OUTCOMES)
    settings.CLOCK_TRAVEL_ALLOWED = True
    advance_clock(dt.timedelta(days=15))
    with pytest.raises(StateConflict):
        withdraw_opportunity(opportunity, buyer)
    assert not AuditEvent.objects.filter(action="opportunity.withdrawn").exists()


# Deleting ------------------------------------------------------------------------------------------------

def test_a_draft_can_be_deleted_and_the_deletion_is_recorded(draft, buyer):
    opportunity = draft(OUTCOMES)
    opportunity_id = opportunity.pk
    delete_draft(opportunity, buyer)
    assert not Opportunity.objects.filter(pk=opportunity_id).exists()
    assert events(opportunity_id, "opportunity.deleted").get().actor == buyer


def test_a_published_requirement_cannot_be_deleted(live, buyer):
    opportunity = live(OUTCOMES)
    with pytest.raises(StateConflict):
        delete_draft(opportunity, buyer)
    assert Opportunity.objects.filter(pk=opportunity.pk).exists()


# Copying -------------------------------------------------------------------------------------------------

def test_a_copy_is_a_new_draft_without_the_dates_of_the_original(buyer, set_clock):
    original = create_draft(SPECIALISTS, buyer, complete_answers(
        SPECIALISTS, questionAndAnswerSessionDetails="A call on Monday at 10am", securityClearance="SC"))
    publish_opportunity(original, buyer)
    set_clock(clock.now() + dt.timedelta(days=30))  # long after it closed

    copy = copy_opportunity(original, buyer)
    assert copy.pk != original.pk and status_of(copy) == Status.DRAFT
    assert copy.title == "Developer to build a booking service copy"
    assert copy.framework.is_live and copy.lot == original.lot and copy.organisation == original.organisation
    assert "startDate" not in copy.data and "questionAndAnswerSessionDetails" not in copy.data
    assert copy.data["securityClearance"] == "SC" and copy.specialist_role == "developer"
    assert copy.published_at is None and copy.closing_at is None
    assert events(copy.pk, "opportunity.copied").get().detail == {"from": original.pk}
    assert status_of(Opportunity.objects.get(pk=original.pk)) == Status.CLOSED


def test_a_copy_of_research_drops_the_research_dates(draft, buyer):
    copy = copy_opportunity(draft(PARTICIPANTS), buyer)
    assert "researchDates" not in copy.data and copy.data["researchRounds"] == "3"


def test_a_copy_of_a_long_title_still_fits(draft, buyer):
    title = "A" * 98 + "BC"
    copy = copy_opportunity(draft(OUTCOMES, title=title), buyer)
    assert copy.title == "A" * 95 + " copy" and len(copy.title) == 100


# Who may do what -----------------------------------------------------------------------------------------

def test_a_buyer_of_another_organisation_may_do_nothing_to_it(draft, live, other_buyer):
    opportunity = draft(OUTCOMES)
    published = live(OUTCOMES)
    for action in (lambda: save_answers(opportunity, {"title": "Mine now"}, other_buyer),
                   lambda: publish_opportunity(opportunity, other_buyer),
                   lambda: delete_draft(opportunity, other_buyer),
                   lambda: copy_opportunity(published, other_buyer),
                   lambda: withdraw_opportunity(published, other_buyer)):
        with pytest.raises(PermissionDenied):
            action()
    assert status_of(Opportunity.objects.get(pk=opportunity.pk)) == Status.DRAFT
    assert status_of(Opportunity.objects.get(pk=published.pk)) == Status.LIVE
    assert Opportunity.objects.count() == 2


def test_a_suspended_colleague_may_no_longer_change_it(draft, colleague):
    opportunity = draft(OUTCOMES)
    suspend_account(colleague, by=make_admin())
    colleague.refresh_from_db()
    with pytest.raises(PermissionDenied):
        publish_opportunity(opportunity, colleague)


def test_nobody_outside_the_organisation_learns_that_a_draft_exists(draft, live, buyer, colleague, other_buyer):
    opportunity = draft(OUTCOMES)
    assert get_for_viewer(opportunity.pk, buyer) == opportunity
    assert get_for_viewer(str(opportunity.pk), colleague) == opportunity
    for viewer in (other_buyer, make_supplier_user(), None):
        with pytest.raises(Http404):
            get_for_viewer(opportunity.pk, viewer)
    published = live(OUTCOMES)
    assert get_for_viewer(published.pk, other_buyer) == published
    assert get_for_viewer(published.pk, None) == published
    for missing in (10**9, "not-a-number"):
        with pytest.raises(Http404):
            get_for_viewer(missing, buyer)


def test_another_organisations_buyer_is_not_a_manager_even_with_a_live_requirement(live, other_buyer):
    opportunity = live(OUTCOMES)
    assert not can_manage(other_buyer, opportunity)
    assert can_manage(make_buyer(), opportunity)  # any active Home Office buyer
