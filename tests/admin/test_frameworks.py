"""A platform admin creates a framework with its lots and dates in the back office and moves it through its
statuses with the list's actions, which apply each status's rules (the status field itself is not editable)."""

import pytest

from marketplace import clock
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.models import Framework, Lot
from marketplace.frameworks.reference import AGREEMENT

from .conftest import form_errors, form_values, text_of

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/admin/frameworks/framework/"
NAME = "Digital Outcomes and Specialists 7"


def new_framework_form(**changes):
    """Next year's timetable, so applications have not closed whenever the test runs."""
    year = clock.now().year + 1
    lots = Lot.objects.filter(takes_requirements=True).values_list("pk", flat=True)
    return {
        "name": NAME, "short_name": "DOS7", "slug": "digital-outcomes-and-specialists-7", "generation": "7",
        "lots": [str(pk) for pk in lots],
        "clarifications_close_at_0": f"{year}-02-01", "clarifications_close_at_1": "17:00:00",
        "applications_close_at_0": f"{year}-02-15", "applications_close_at_1": "17:00:00",
        "results_at_0": f"{year}-03-22", "results_at_1": "09:00:00",
        "live_at_0": f"{year}-04-19", "live_at_1": "09:00:00",
        "expires_at_0": f"{year + 4}-04-19", "expires_at_1": "00:00:00",
        "agreement_text": "", **changes,
    }


def move(back_office, framework, status):
    return back_office.post(FRAMEWORKS, {"action": f"move_to_{status}", "_selected_action": [str(framework.pk)],
                                         "index": "0"}, follow=True)


def test_an_admin_creates_a_framework_with_its_lots_and_dates(back_office):
    response = back_office.post(f"{FRAMEWORKS}add/", new_framework_form(status="live"))
    assert response.status_code == 302, form_errors(response)
    framework = Framework.objects.get(generation=7)
    assert framework.name == NAME and framework.status == "coming"  # a new framework always starts as coming
    assert sorted(framework.lots.values_list("slug", flat=True)) == [
        "digital-outcomes", "digital-specialists", "user-research-participants"]
    year = clock.now().year + 1
    assert framework.applications_close_at.isoformat() == f"{year}-02-15T17:00:00+00:00"
    assert framework.live_at.isoformat() == f"{year}-04-19T08:00:00+00:00"  # 9am British Summer Time
    event = AuditEvent.objects.get(action="framework.created")
    assert event.actor == back_office.admin and event.object_id == str(framework.pk)


def test_dates_out_of_order_are_shown_on_the_form_and_nothing_is_created(back_office):
    response = back_office.post(f"{FRAMEWORKS}add/", new_framework_form(results_at_0=f"{clock.now().year + 1}-02-10"))
    assert response.status_code == 200
    assert "Results must be after applications close" in form_errors(response)
    assert not Framework.objects.filter(generation=7).exists()
    assert not AuditEvent.objects.filter(action="framework.created").exists()


def test_the_admin_moves_a_framework_through_its_statuses_with_the_actions(back_office):
    back_office.post(f"{FRAMEWORKS}add/", new_framework_form())
    framework = Framework.objects.get(generation=7)
    for status in ["open", "pending"]:
        page = text_of(move(back_office, framework, status))
        assert f"{NAME} is now {Framework.Status(status).label.lower()}" in page
    assert Framework.objects.get(pk=framework.pk).status == "pending"
    events = AuditEvent.objects.filter(action="framework.status_changed", object_id=str(framework.pk))
    assert [(e.detail["from"], e.detail["to"]) for e in events.order_by("pk")] == [
        ("coming", "open"), ("open", "pending")]
    assert {e.actor for e in events} == {back_office.admin}

    refused = text_of(move(back_office, framework, "standstill"))
    assert (f"{NAME} cannot move to standstill without its framework agreement: passing suppliers sign it in "
            "standstill") in refused
    assert Framework.objects.get(pk=framework.pk).status == "pending"
    assert events.count() == 2


def test_a_refused_move_changes_nothing(back_office):
    dos6 = Framework.objects.get(generation=6)
    page = text_of(move(back_office, dos6, "open"))
    assert "Digital Outcomes and Specialists 6 cannot go back from live to open for applications" in page
    assert Framework.objects.get(pk=dos6.pk).status == "live"
    assert not AuditEvent.objects.filter(action="framework.status_changed").exists()


def test_a_live_framework_cannot_lose_its_agreement_or_dates(back_office):
    dos6 = Framework.objects.get(generation=6)
    change = f"{FRAMEWORKS}{dos6.pk}/change/"
    data = {**form_values(back_office.get(change)), "agreement_text": "", "live_at_0": "", "live_at_1": "",
            "lots": [str(pk) for pk in dos6.lots.values_list("pk", flat=True)]}
    response = back_office.post(change, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Enter the date and time: live" in errors
    assert "Digital Outcomes and Specialists 6 is live: it needs its framework agreement" in errors
    dos6.refresh_from_db()
    assert dos6.agreement_text == AGREEMENT.format(name=dos6.name) and dos6.live_at is not None
