"""The demo marketplace `serve --demo` loads: requirements in every state, from many organisations, made through
the services and dated as if they had happened over the last months."""

from collections import Counter

import pytest

from marketplace import clock
from marketplace.accounts.models import User
from marketplace.applications.models import Application, Score
from marketplace.applications.selectors import outcome_of, ranking
from marketplace.audit.models import AuditEvent
from marketplace.demo import load_demo_data
from marketplace.demo.marketplace import BUYERS, TITLES
from marketplace.frameworks.reference import REQUIREMENT_LOTS
from marketplace.notifications.models import OutboundEmail
from marketplace.opportunities.dates import publication_dates
from marketplace.opportunities.models import Clarification, Opportunity, Status
from marketplace.opportunities.selectors import requirements_length_of, with_status
from marketplace.search.models import SearchEntry
from marketplace.search.selectors import search_opportunities

pytestmark = pytest.mark.django_db


def demo_opportunities():
    return with_status(Opportunity.objects.filter(title__in=TITLES)).select_related("organisation", "lot")


def by_status(status):
    return [o for o in demo_opportunities() if o.status == status]


def counts():
    return {model.__name__: model.objects.count()
            for model in (User, Opportunity, Application, Clarification, Score, AuditEvent, OutboundEmail,
                          SearchEntry)}


def test_every_status_and_every_lot_is_there_from_at_least_eight_organisations(demo):
    found = list(demo_opportunities())
    assert len(found) == len(TITLES)
    statuses = Counter(o.status for o in found)
    assert set(statuses) == set(Status.values)
    assert statuses[Status.LIVE] >= 5 and statuses[Status.AWARDED] >= 5
    for lot in REQUIREMENT_LOTS:
        lot_statuses = {o.status for o in found if o.lot.slug == lot}
        assert {Status.DRAFT, Status.LIVE, Status.AWARDED} <= lot_statuses, lot
    organisations = {o.organisation.name for o in found}
    assert len(organisations) >= 8
    assert {"Metropolitan Police Service", "Glasgow City Council", "NHS England", "Home Office"} <= organisations


def test_the_new_buyers_are_printed_with_their_organisations(demo):
    for email, _, organisation in BUYERS:
        assert email in demo and organisation in demo


def test_awarded_requirements_show_their_winner_and_value_and_both_smes_and_large_companies_win(demo):
    sizes = set()
    for opportunity in by_status(Status.AWARDED):
        outcome = outcome_of(opportunity)
        assert outcome["supplierName"] and outcome["contractValue"] > 0, opportunity.title
        assert outcome["contractStartDate"] > opportunity.closing_at.date()
        assert opportunity.closing_at < opportunity.awarded_at <= clock.now()
        sizes.add(outcome["supplierSize"])
    assert sizes == {"SME", "large"}
    visa = outcome_of(Opportunity.objects.get(title="Live support for the Electronic Travel Authorisation service"))
    assert (visa["supplierName"], str(visa["contractValue"])) == ("Meridian Technology Services", "2400000.00")


def test_cancelled_and_unsuccessful_requirements_say_why(demo):
    for status in (Status.CANCELLED, Status.UNSUCCESSFUL):
        decided = by_status(status)
        assert decided
        for opportunity in decided:
            assert outcome_of(opportunity)["reason"], opportunity.title
            assert opportunity.applications.filter(submitted_at__isnull=False).exists()


def test_closed_requirements_wait_for_an_outcome_with_a_shortlist_and_scores(demo):
    closed = by_status(Status.CLOSED)
    assert len(closed) >= 3
    for opportunity in closed:
        buyer = User.objects.filter(organisation=opportunity.organisation).first()
        ranked = ranking(opportunity, buyer)
        assert ranked, opportunity.title
        assert outcome_of(opportunity) is None
    assert Score.objects.filter(application__opportunity__in=closed).count() >= 5


def test_live_requirements_have_published_answers_and_applications(demo):
    live = by_status(Status.LIVE)
    with_answers = [o for o in live if o.clarifications.exists()]
    assert len(with_answers) >= 3
    assert Application.objects.filter(opportunity__in=live, submitted_at__isnull=False).exists()
    assert Application.objects.filter(opportunity__in=live, submitted_at__isnull=True).exists()


def test_every_published_requirement_has_the_dates_the_service_gives_on_its_publishing_day(demo):
    now = clock.now()
    published = [o for o in demo_opportunities() if o.status != Status.DRAFT]
    assert len({o.published_at.date() for o in published}) >= 15  # spread over months, not all today
    for opportunity in published:
        dates = publication_dates(opportunity.published_at, requirements_length_of(opportunity),
                                  opportunity.organisation.nation)
        assert (opportunity.questions_close_at, opportunity.answers_by, opportunity.closing_at) == (
            dates.questions_close_at, dates.answers_by, dates.closing_at), opportunity.title
        last = min(opportunity.closing_at, opportunity.withdrawn_at or now, now)
        for application in opportunity.applications.all():
            assert opportunity.published_at < application.created_at <= last
            if application.submitted_at:
                assert application.created_at < application.submitted_at <= last
        for clarification in opportunity.clarifications.all():
            assert opportunity.published_at < clarification.published_at <= opportunity.questions_close_at


def test_search_finds_demo_requirements_open_and_decided_but_never_withdrawn_ones(demo):
    def titles(q, **filters):
        return {hit.opportunity.title for hit in search_opportunities(q, **filters).hits}

    assert "Beta of the online visa application for visitors" in titles("visa")
    assert "Alpha for applying for a parking permit online" in titles("parking permit", statuses=["closed"])
    assert "Data scientist to forecast emergency department demand" in titles(
        "forecasting", lots=["digital-specialists"])
    assert "Interaction designer for the eVisa account" not in titles("eVisa")
    assert "Alpha for one sign-in for government services" not in titles("sign-in")


def test_loading_again_changes_nothing(demo):
    before = counts()
    assert load_demo_data() == demo
    assert counts() == before
