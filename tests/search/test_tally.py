"""Browsing by filters alone adds up tallies that database triggers keep per lot, location and specialist role,
instead of counting every match in the full-text index. The tallies must stay equal to a recount of the entries
through everything that writes entries, and the catalogue's counts must be the same whichever way they are made."""

import datetime as dt
import io
from collections import Counter
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection

from applications.conftest import (  # noqa: F401 - the lifecycle fixtures
    OUTCOMES, PARTICIPANTS, SPECIALISTS, applicant, apply, buyer, close, draft, live, set_clock, supplier_offering,
)
from marketplace import clock
from marketplace.applications.services import award, cancel
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.services import withdraw_opportunity
from marketplace.search.index import reindex_opportunity
from marketplace.search.models import SearchEntry, Tally
from marketplace.search.selectors import search_opportunities
from opendata_import.conftest import awarded_row, historic_row, write_csv

pytestmark = pytest.mark.django_db


def recount():
    """What the tallies should say: the visible entries, counted one by one."""
    return Counter(SearchEntry.objects.filter(withdrawn=False).values_list("lot", "location", "specialist_role"))


def tallies():
    assert not Tally.objects.filter(entries__lt=0).exists()
    return Counter({(t.lot, t.location, t.specialist_role): t.entries for t in Tally.objects.filter(entries__gt=0)})


def counts(**filters):
    results = search_opportunities(**filters)
    return results.count, results.lot_counts


def test_tallies_follow_publishing_withdrawing_reindexing_and_unpublishing(live, buyer):
    outcomes = live(OUTCOMES)
    developer = live(SPECIALISTS)
    live(SPECIALISTS, location="Scotland", specialistRole="designer")
    live(PARTICIPANTS)
    assert tallies() == recount() == Counter({
        (OUTCOMES, "London", ""): 1, (SPECIALISTS, "London", "developer"): 1, (SPECIALISTS, "Scotland", "designer"): 1,
        (PARTICIPANTS, "Wales", ""): 1})

    reindex_opportunity(developer)
    reindex_opportunity(developer)
    assert tallies() == recount()

    withdraw_opportunity(developer, buyer)
    assert tallies() == recount() and (SPECIALISTS, "London", "developer") not in tallies()
    assert counts(locations=["London"]) == (1, {OUTCOMES: 1})

    outcomes.published_at = None  # back to a draft: its entry goes, and its tally with it
    reindex_opportunity(outcomes)
    assert tallies() == recount() and (OUTCOMES, "London", "") not in tallies()


def test_an_entry_changed_or_deleted_by_any_writer_moves_between_tallies(live):
    opportunity = live(SPECIALISTS)
    Opportunity.objects.filter(pk=opportunity.pk).update(location="Wales", specialist_role="designer")
    opportunity.refresh_from_db()
    reindex_opportunity(opportunity)
    assert tallies() == recount() == Counter({(SPECIALISTS, "Wales", "designer"): 1})

    SearchEntry.objects.filter(pk=opportunity.pk).update(withdrawn=True)
    assert tallies() == recount() == Counter()
    SearchEntry.objects.filter(pk=opportunity.pk).update(withdrawn=False)
    assert tallies() == recount()

    SearchEntry.objects.filter(pk=opportunity.pk).delete()
    assert tallies() == recount() == Counter()


def test_closing_by_the_clock_moves_counts_from_open_to_closed_without_reindexing(live, close):
    first, second = live(OUTCOMES), live(SPECIALISTS)
    live(SPECIALISTS, location="Wales")
    assert counts(statuses=["open"]) == (3, {OUTCOMES: 1, SPECIALISTS: 2})
    assert counts(statuses=["closed"]) == (0, {})

    close(max([first, second], key=lambda o: o.closing_at))
    assert counts(statuses=["open"]) == (0, {})
    assert counts(statuses=["closed"], locations=["London"]) == (2, {OUTCOMES: 1, SPECIALISTS: 1})
    assert counts(statuses=["closed"], locations=["London"], lots=[SPECIALISTS]) == (1, {OUTCOMES: 1, SPECIALISTS: 1})
    assert counts() == (3, {OUTCOMES: 1, SPECIALISTS: 2})
    assert tallies() == recount()


def test_an_award_or_a_cancellation_keeps_the_tallies(live, apply, buyer, close):
    awarded, cancelled = live(OUTCOMES), live(OUTCOMES, location="Wales")
    winner = apply(awarded)
    apply(cancelled)
    close(max([awarded, cancelled], key=lambda o: o.closing_at))
    award(awarded, buyer, winner, "1000", (clock.today_in_london() + dt.timedelta(days=30)).isoformat())
    cancel(cancelled, buyer, "The work is no longer needed.")
    assert tallies() == recount() == Counter({(OUTCOMES, "London", ""): 1, (OUTCOMES, "Wales", ""): 1})
    assert counts(statuses=["closed"]) == (2, {OUTCOMES: 2})


def test_the_historic_import_keeps_the_tallies_when_it_adds_and_when_it_updates(tmp_path):
    path = write_csv(tmp_path / "first.csv", [historic_row(1), awarded_row(2), historic_row(3, **{
        "Category": "digital-specialists", "Specialist": "developer", "Location Of The Work": "Wales"})])
    call_command("import", "dm-csv", str(path), stdout=io.StringIO())
    assert tallies() == recount() and sum(tallies().values()) == 3

    moved = write_csv(tmp_path / "second.csv", [historic_row(1, **{"Location Of The Work": "Scotland"})])
    call_command("import", "dm-csv", str(moved), stdout=io.StringIO())
    assert tallies() == recount()
    assert counts(locations=["Scotland"]) == (1, {OUTCOMES: 1})
    assert counts(locations=["London"], lots=[OUTCOMES]) == (1, {OUTCOMES: 1})


def test_the_migration_fills_the_tallies_from_the_entries_already_there(live, buyer):
    live(OUTCOMES)
    live(SPECIALISTS)
    withdraw_opportunity(live(SPECIALISTS, location="Wales"), buyer)
    expected = recount()
    Tally.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(import_module("marketplace.search.migrations.0003_tally").FILL)
    assert tallies() == expected
