"""`marketplace ocds backfill`: opportunities published before releases were kept get the releases their state
calls for, once; a dry run says what it would add and writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from marketplace.applications.services import award, cancel
from marketplace.audit.models import AuditEvent
from marketplace.opendata import ocds
from marketplace.opendata.models import Release
from marketplace.opportunities.services import publish_clarification, withdraw_opportunity

from .conftest import OUTCOMES, SPECIALISTS
from .test_ocds_lifecycle import START, record_of, tags

BACKFILLED = "opendata.ocds_releases_backfilled"


def backfill(*options):
    out = io.StringIO()
    call_command("ocds", "backfill", *options, stdout=out)
    return out.getvalue()


def published_before_releases(*opportunities):
    """As the service left them before it kept releases: the opportunities' states, and no release."""
    Release.objects.filter(opportunity__in=opportunities).delete()  # a bulk delete: the model refuses one at a time


@pytest.fixture
def old(live, apply, applicant, buyer, close):
    """Opportunities of before releases: one awarded after a clarification, one cancelled, one withdrawn, one
    still open; and one published since, with its releases."""
    awarded, cancelled, withdrawn = live(OUTCOMES), live(SPECIALISTS), live(OUTCOMES)
    publish_clarification(awarded, buyer, "Can we work remotely?", "Two days a week on site are needed.")
    winner = apply(awarded, applicant(awarded, supplier_name="Agile Works Ltd"))
    withdraw_opportunity(withdrawn, buyer)
    close(max((awarded, cancelled), key=lambda o: o.closing_at))
    award(awarded, buyer, winner, "125000", START)
    cancel(cancelled, buyer, "The programme was stopped by ministers")
    still_open = live(OUTCOMES)
    published_before_releases(awarded, cancelled, withdrawn, still_open)
    recent = live(SPECIALISTS)
    return {"awarded": awarded, "cancelled": cancelled, "withdrawn": withdrawn, "open": still_open,
            "recent": recent}


@pytest.mark.django_db
def test_a_dry_run_says_what_it_would_add_and_writes_nothing(old):
    releases, events = Release.objects.count(), AuditEvent.objects.count()
    out = backfill("--dry-run")
    assert out.splitlines() == [
        "Would add 10 releases to 4 opportunities:",
        f"  {ocds.ocid_of(old['awarded'])}: tender, enquiry, closed, awarded",
        f"  {ocds.ocid_of(old['cancelled'])}: tender, closed, cancelled",
        f"  {ocds.ocid_of(old['withdrawn'])}: tender, withdrawn",
        f"  {ocds.ocid_of(old['open'])}: tender",
        "Nothing was written (dry run).",
    ]
    assert Release.objects.count() == releases and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_backfill_publishes_what_each_state_calls_for_once_and_audits_it(old, client, ocds_schemas):
    recent_releases = list(Release.objects.filter(opportunity=old["recent"]).values_list("release_id", flat=True))
    out = backfill()
    assert out.splitlines()[0] == "Added 10 releases to 4 opportunities:"

    awarded = record_of(client, old["awarded"], ocds_schemas)
    assert tags(awarded["releases"]) == [["tender"], ["tenderUpdate"], ["tenderUpdate"], ["award", "contract"]]
    assert awarded["compiledRelease"]["awards"][0]["suppliers"][0]["name"] == "Agile Works Ltd"
    assert [e["answer"] for e in awarded["compiledRelease"]["tender"]["enquiries"]] == [
        "Two days a week on site are needed."]
    cancelled = record_of(client, old["cancelled"], ocds_schemas)["compiledRelease"]
    assert cancelled["tender"]["status"] == "cancelled"
    assert cancelled["tender"]["documents"][0]["description"] == "The programme was stopped by ministers"
    withdrawn = record_of(client, old["withdrawn"], ocds_schemas)
    assert tags(withdrawn["releases"]) == [["tender"], ["tenderCancellation"]]
    assert tags(record_of(client, old["open"], ocds_schemas)["releases"]) == [["tender"]]
    assert list(Release.objects.filter(opportunity=old["recent"]).values_list("release_id", flat=True)) == \
        recent_releases

    events = AuditEvent.objects.filter(action=BACKFILLED).order_by("pk")
    assert [(e.object_id, e.actor_label, e.detail["releases"]) for e in events] == [
        (str(o.pk), "system", list(o.releases.order_by("pk").values_list("release_id", flat=True)))
        for o in (old["awarded"], old["cancelled"], old["withdrawn"], old["open"])]

    releases, count = Release.objects.count(), events.count()
    assert backfill() == "Nothing to backfill: every published opportunity has its releases.\n"
    assert backfill("--dry-run") == "Nothing to backfill: every published opportunity has its releases.\n"
    assert Release.objects.count() == releases and events.count() == count


@pytest.mark.django_db
def test_an_opportunity_with_some_releases_gets_only_those_it_lacks(live, buyer, close):
    """Closed before releases were kept, then its closing published when the open data was next read: only
    the outcome recorded before releases is missing."""
    opportunity = live(OUTCOMES)
    close(opportunity)
    cancel(opportunity, buyer, "No longer needed")
    published_before_releases(opportunity)
    assert ocds.ensure_closing_releases() == 1
    assert ocds.missing_releases(opportunity) == ["cancelled"]
    backfill()
    assert list(opportunity.releases.values_list("kind", flat=True)) == ["tender", "closed", "cancelled"]


@pytest.mark.django_db
def test_an_unknown_action_is_refused_clearly():
    with pytest.raises(CommandError, match="invalid choice: 'backfil'"):
        call_command("ocds", "backfil")
