"""A framework moves forward through its statuses one at a time; every move its rules forbid is refused with a
clear message and changes nothing, and every allowed one is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from marketplace import clock
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.models import Framework
from marketplace.frameworks.services import LIFECYCLE, move_framework

pytestmark = pytest.mark.django_db

NAME = "Digital Outcomes and Specialists 7"
LABELS = {"coming": "coming", "open": "open for applications", "pending": "pending", "standstill": "standstill",
          "live": "live", "expired": "expired"}


def refusal(framework, status, by=None):
    """The messages of the refusal; asserts that the framework and the audit trail did not change."""
    events = AuditEvent.objects.count()
    before = Framework.objects.filter(pk=framework.pk).values().get()
    with pytest.raises(ValidationError) as refused:
        move_framework(framework, status, by=by)
    assert Framework.objects.filter(pk=framework.pk).values().get() == before
    assert AuditEvent.objects.count() == events
    return refused.value.messages


def test_a_framework_moves_from_coming_to_expired_and_each_move_is_audited(new_framework, admin):
    framework = new_framework()
    for before, after in zip(LIFECYCLE, LIFECYCLE[1:]):
        move_framework(framework, after, by=admin)
        assert Framework.objects.get(pk=framework.pk).status == after
        event = AuditEvent.objects.filter(action="framework.status_changed").latest("pk")
        assert event.actor == admin and event.object_id == str(framework.pk)
        assert event.detail == {"from": before, "to": after}
    assert AuditEvent.objects.filter(action="framework.status_changed").count() == 5


def _forbidden_moves():
    for position, current in enumerate(LIFECYCLE):
        for wanted in LIFECYCLE:
            if LIFECYCLE.index(wanted) != position + 1:
                yield current, wanted


def _expected(current, wanted):
    if current == wanted:
        return f"{NAME} is already {LABELS[wanted]}"
    if current == "expired":
        return f"{NAME} has expired: an expired framework cannot change status"
    if LIFECYCLE.index(wanted) < LIFECYCLE.index(current):
        return f"{NAME} cannot go back from {LABELS[current]} to {LABELS[wanted]}"
    following = LIFECYCLE[LIFECYCLE.index(current) + 1]
    return f"{NAME} cannot skip a step: from {LABELS[current]} it can only move to {LABELS[following]}"


@pytest.mark.parametrize("current, wanted", list(_forbidden_moves()))
def test_every_move_but_the_next_is_refused_and_changes_nothing(new_framework, admin, current, wanted):
    framework = new_framework(status=current)
    assert refusal(framework, wanted, by=admin) == [_expected(current, wanted)]


def test_a_status_that_does_not_exist_is_refused(new_framework):
    assert refusal(new_framework(), "closed") == [
        "There is no framework status 'closed': use one of coming, open, pending, standstill, live, expired"]


def test_opening_needs_every_date(new_framework):
    framework = new_framework(results_at=None, expires_at=None)
    assert refusal(framework, "open") == [f"{NAME} cannot open: enter the date and time: results",
                                          f"{NAME} cannot open: enter the date and time: expires"]


def test_opening_needs_the_dates_in_order(new_framework):
    now = clock.now()
    framework = new_framework(clarifications_close_at=now + dt.timedelta(days=30),
                              applications_close_at=now + dt.timedelta(days=20))
    assert refusal(framework, "open") == [
        f"{NAME} cannot open: applications close must be after clarification questions close"]


def test_a_framework_cannot_open_when_its_applications_would_already_have_closed(new_framework):
    now = clock.now()
    framework = new_framework(clarifications_close_at=now - dt.timedelta(days=9),
                              applications_close_at=now - dt.timedelta(days=2))
    [message] = refusal(framework, "open")
    assert message.startswith(f"{NAME} cannot open: applications would close on ")
    assert message.endswith(", which has passed")


def test_going_live_needs_the_framework_agreement(new_framework):
    framework = new_framework(status="standstill", agreement_text="   ")
    assert refusal(framework, "live") == [f"{NAME} cannot go live without its framework agreement: add the "
                                          "agreement text first"]


def test_the_move_is_checked_against_the_status_in_the_database_not_a_stale_copy(new_framework):
    framework = new_framework(status="open")
    stale = Framework.objects.get(pk=framework.pk)
    move_framework(framework, "pending")
    assert refusal(stale, "pending") == [f"{NAME} is already pending"]
