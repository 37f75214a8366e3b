"""Status is derived from timestamps, never stored: withdrawn, draft, live, cancelled, unsuccessful, awarded,
else closed, in that order. The database (`with_status`) and Python (`status_of`) always agree."""

import datetime as dt
import itertools

import pytest

from marketplace import clock
from marketplace.frameworks.reference import live_framework
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import organisation_dashboard, status_conditions, status_of, with_status
from marketplace.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.timezone.utc)
BEFORE, AFTER = NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=1)


def make(organisation=None, title="Requirement", **timestamps):
    framework = live_framework()
    return Opportunity.objects.create(
        framework=framework, lot=framework.lots.get(slug="digital-outcomes"),
        organisation=organisation or Organisation.objects.get(name="Home Office"), title=title,
        created_at=NOW - dt.timedelta(days=30), updated_at=NOW - dt.timedelta(days=30), **timestamps)


def published(closing_at, **more):
    return {"published_at": NOW - dt.timedelta(days=14), "closing_at": closing_at, **more}


EXAMPLES = [
    ("never published", {}, Status.DRAFT),
    ("open until tomorrow", published(AFTER), Status.LIVE),
    ("closed yesterday", published(BEFORE), Status.CLOSED),
    ("closes at this very moment", published(NOW), Status.CLOSED),
    ("withdrawn while open", published(AFTER, withdrawn_at=BEFORE), Status.WITHDRAWN),
    ("withdrawn, and its closing date has passed", published(BEFORE, withdrawn_at=BEFORE), Status.WITHDRAWN),
    ("cancelled after closing", published(BEFORE, cancelled_at=NOW), Status.CANCELLED),
    ("no suitable suppliers", published(BEFORE, unsuccessful_at=NOW), Status.UNSUCCESSFUL),
    ("awarded", published(BEFORE, awarded_at=NOW), Status.AWARDED),
]


@pytest.mark.parametrize("label,timestamps,expected", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_each_status(label, timestamps, expected):
    opportunity = make(**timestamps)
    assert status_of(opportunity, NOW) == expected
    assert with_status(Opportunity.objects.filter(pk=opportunity.pk), NOW).get().status == expected


def test_status_follows_the_clock_when_no_moment_is_given(set_clock):
    opportunity = make(published_at=clock.now() - dt.timedelta(days=1), closing_at=clock.now() + dt.timedelta(hours=1))
    assert status_of(opportunity) == Status.LIVE
    set_clock(clock.now() + dt.timedelta(hours=2))
    assert status_of(opportunity) == Status.CLOSED
    assert with_status(Opportunity.objects.filter(pk=opportunity.pk)).get().status == Status.CLOSED


def test_the_database_and_python_agree_on_every_combination_of_timestamps():
    maybe = (None, BEFORE)
    combinations = list(itertools.product(
        (None, BEFORE),                      # published
        (None, BEFORE, NOW, AFTER),          # closing
        maybe, maybe, maybe, maybe))         # withdrawn, cancelled, unsuccessful, awarded
    made = [make(title=f"Combination {n}", published_at=p, closing_at=c, withdrawn_at=w, cancelled_at=x,
                 unsuccessful_at=u, awarded_at=a)
            for n, (p, c, w, x, u, a) in enumerate(combinations)]
    in_database = dict(with_status(Opportunity.objects.filter(pk__in=[o.pk for o in made]), NOW)
                       .values_list("pk", "status"))
    assert len(in_database) == len(combinations) == 128
    for opportunity in made:
        assert in_database[opportunity.pk] == status_of(opportunity, NOW), opportunity.title
    # Every status is reached by some combination, so the comparison covered each rule.
    assert set(in_database.values()) == set(Status.values)
    # Each status's own condition (for counting every status in one pass) picks exactly the ones with it.
    conditions = status_conditions(NOW)
    assert set(conditions) == set(Status.values)
    for status, condition in conditions.items():
        chosen = set(Opportunity.objects.filter(condition, pk__in=in_database).values_list("pk", flat=True))
        assert chosen == {pk for pk, found in in_database.items() if found == status}, status


def test_the_dashboard_groups_an_organisations_requirements():
    home_office = Organisation.objects.get(name="Home Office")
    draft = make(title="Draft")
    older_live = make(title="Closes later", **published(AFTER + dt.timedelta(days=3)))
    live = make(title="Closes sooner", **published(AFTER))
    closed = make(title="Closed", published_at=NOW - dt.timedelta(days=20), closing_at=BEFORE)
    withdrawn = make(title="Withdrawn", published_at=NOW - dt.timedelta(days=10), closing_at=AFTER,
                     withdrawn_at=BEFORE)
    awarded = make(title="Awarded", published_at=NOW - dt.timedelta(days=40), closing_at=BEFORE, awarded_at=NOW)
    make(organisation=Organisation.objects.get(name="Scottish Government"), title="Someone else's")

    dashboard = organisation_dashboard(home_office, NOW)
    assert dashboard["unpublished"] == [draft]
    assert dashboard["live"] == [live, older_live]
    assert dashboard["closed"] == [withdrawn, closed, awarded]  # newest first
    assert [o.status for o in dashboard["closed"]] == ["withdrawn", "closed", "awarded"]
