"""Suppliers are emailed about newly published opportunities their alerts match: at once, or in a digest at 8am
London time, over real SMTP on loopback; one email per opportunity however many alerts match, never twice; and
the link in every email stops that alert, and no other, without signing in."""

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client

from catalogue.requirements import OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, SPECIALISTS, supplier_offering
from factories import make_supplier_user
from marketplace.alerts import services
from marketplace.alerts.models import Alert
from marketplace.alerts.tasks import send_instant_alerts
from marketplace.applications.jobs import run_scheduled_jobs
from marketplace.audit.models import AuditEvent
from marketplace.clock import LONDON
from marketplace.notifications.models import OutboundEmail
from marketplace.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db
DEVELOPER = "Developer to build a booking service"


def unsubscribe_path(message):
    return re.search(r"https?://[^\s/]+(/suppliers/alerts/\d+/unsubscribe/\S+)", message.get_body(
        preferencelist=("plain",)).get_content()).group(1)


# Instant alerts ----------------------------------------------------------------------------------------------

def test_an_instant_alert_for_developers_in_london_emails_once_for_a_match_and_not_otherwise(
        buyer, publishing, alert, mailbox):
    supplier = make_supplier_user()
    developers = alert(supplier, q="developer", location=["London"])

    booking = publishing(buyer, SPECIALISTS)
    [message] = mailbox.to(supplier.email)
    assert message["Subject"] == f"New opportunity: {DEVELOPER}"
    body = mailbox.body(message)
    assert "Digital specialists: Developer, London" in body
    assert f"/opportunities/{booking.pk}" in body
    assert "Why you are getting this email: It matches your alert \u2018Developers in London\u2019." in body
    path = f"/suppliers/alerts/{developers.pk}/unsubscribe/{developers.unsubscribe_token}"
    assert unsubscribe_path(message) == path
    assert message["List-Unsubscribe"].strip() == f"<http://127.0.0.1:8000{path}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    publishing(buyer, SPECIALISTS, title="Developer for a service in Wales", location="Wales")
    publishing(buyer, OUTCOMES)  # in London, but nothing about developers
    assert len(mailbox.to(supplier.email)) == 1


def test_overlapping_alerts_send_one_email_and_a_retried_job_sends_nothing_more(buyer, publishing, alert, mailbox):
    supplier = supplier_offering(SPECIALISTS, roles=["developer"])
    services_alert = supplier.alerts.get(follows_services=True)
    services.update_alert(services_alert, {"name": services_alert.name, "frequency": "instant"}, supplier)
    alert(supplier, q="developer")
    alert(supplier, name="Booking services", q="booking", lot=["digital-specialists"])

    booking = publishing(buyer, SPECIALISTS)
    [message] = mailbox.to(supplier.email)
    # The first alert that matches says why: the company offers the role where the work is.
    assert "Why you are getting this email: You offer Developer in London." in mailbox.body(message)

    assert send_instant_alerts.call(booking.pk) == 0
    assert services.send_instant_alerts(booking.pk) == 0
    assert len(mailbox.to(supplier.email)) == 1
    assert OutboundEmail.objects.filter(purpose="alert-instant").count() == 1


def test_alerts_failing_never_undo_or_hold_up_publishing(buyer, publishing, alert, mailbox, monkeypatch):
    supplier = make_supplier_user()
    alert(supplier, q="developer")

    def broken(*args, **kwargs):
        raise RuntimeError("the matching broke")

    monkeypatch.setattr("marketplace.alerts.selectors.matches", broken)
    published = publishing(buyer, SPECIALISTS)
    monkeypatch.setattr("marketplace.alerts.tasks.send_instant_alerts", type("Queue", (), {"enqueue": broken}))
    also_published = publishing(buyer, SPECIALISTS, title="Developer for the second booking service")
    assert Opportunity.objects.filter(pk__in=[published.pk, also_published.pk], published_at__isnull=False).count() == 2
    assert mailbox.to(supplier.email) == []


def test_instant_alerts_whose_task_never_ran_are_sent_once_by_the_scheduled_job(
        buyer, publishing, alert, mailbox, monkeypatch, set_clock, django_capture_on_commit_callbacks):
    supplier = make_supplier_user()
    alert(supplier, q="developer")

    def queue_down(*args, **kwargs):
        raise RuntimeError("the queue is down")

    monkeypatch.setattr("marketplace.alerts.tasks.send_instant_alerts", type("Queue", (), {"enqueue": queue_down}))
    publishing(buyer, SPECIALISTS)
    assert mailbox.to(supplier.email) == []
    monkeypatch.undo()

    def caught_up():
        with django_capture_on_commit_callbacks(execute=True):
            return run_scheduled_jobs()["alerts_instant_caught_up"]

    assert caught_up() == 0  # the publication's own task may still run
    set_clock(forward=services.INSTANT_GRACE)
    assert caught_up() == 1
    [message] = mailbox.to(supplier.email)
    assert "Developer to build a booking service" in mailbox.body(message)
    assert caught_up() == 0

    # A publication whose own task ran is not sent again.
    publishing(buyer, SPECIALISTS, title="Developer for the second booking service")
    set_clock(forward=services.INSTANT_GRACE)
    assert caught_up() == 0
    assert len(mailbox.to(supplier.email)) == 2


def test_a_stopped_alert_and_a_suspended_user_get_nothing(buyer, publishing, alert, mailbox):
    stopped, suspended = make_supplier_user(), make_supplier_user()
    services.stop_alert(alert(stopped, q="developer"), stopped)
    alert(suspended, q="developer")
    suspended.suspended_at = PUBLISHING_DAY
    suspended.save()
    publishing(buyer, SPECIALISTS)
    assert mailbox.messages == []


# The daily digest --------------------------------------------------------------------------------------------

def digests(mailbox, user):
    return [m for m in mailbox.to(user.email) if m["Subject"].strip().startswith("New opportunities for")]


def test_the_daily_digest_lists_the_previous_days_matches_in_order_at_8am_and_nothing_on_a_day_without(
        buyer, publishing, alert, set_clock, mailbox, django_capture_on_commit_callbacks):
    set_clock(PUBLISHING_DAY)  # Monday 9am
    supplier = make_supplier_user()
    alert(supplier, name="Booking", q="booking", frequency="daily")
    first = publishing(buyer, SPECIALISTS)
    set_clock(forward=dt.timedelta(hours=5))
    publishing(buyer, PARTICIPANTS)  # not about booking
    second = publishing(buyer, OUTCOMES, title="Booking a visit to a prison")
    assert mailbox.messages == []  # daily: nothing at once

    def run(moment):
        set_clock(moment)
        with django_capture_on_commit_callbacks(execute=True):
            return run_scheduled_jobs()["alerts_digest"]

    assert run(dt.datetime(2026, 6, 2, 7, 59, tzinfo=LONDON)) == 0
    assert run(dt.datetime(2026, 6, 2, 8, 0, tzinfo=LONDON)) == 1
    [message] = digests(mailbox, supplier)
    assert message["Subject"].strip() == "New opportunities for \u2018Booking\u2019, Monday 1 June 2026"
    body = mailbox.body(message)
    assert body.index(DEVELOPER) < body.index("Booking a visit to a prison")
    assert f"/opportunities/{first.pk}" in body and f"/opportunities/{second.pk}" in body
    assert "Participants for research" not in body
    assert "Why: It matches your alert \u2018Booking\u2019." in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Run again (a restart, a second worker): nothing more. Tuesday had nothing matching: no digest on Wednesday.
    assert run(dt.datetime(2026, 6, 2, 8, 1, tzinfo=LONDON)) == 0
    publishing(buyer, PARTICIPANTS)
    assert run(dt.datetime(2026, 6, 3, 8, 0, tzinfo=LONDON)) == 0
    assert len(digests(mailbox, supplier)) == 1


def test_a_services_alert_digest_says_what_the_company_offers_and_overlapping_daily_alerts_list_each_once(
        buyer, publishing, alert, set_clock, mailbox, django_capture_on_commit_callbacks):
    set_clock(PUBLISHING_DAY)
    supplier = supplier_offering(SPECIALISTS, roles=["developer"])
    alert(supplier, name="Developers", q="developer", frequency="daily")
    publishing(buyer, SPECIALISTS)
    set_clock(dt.datetime(2026, 6, 2, 8, 0, tzinfo=LONDON))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_scheduled_jobs()["alerts_digest"] == 1
    [message] = digests(mailbox, supplier)
    assert "Opportunities for your services" in message["Subject"]
    assert "Why: You offer Developer in London." in mailbox.body(message)


# Unsubscribing -----------------------------------------------------------------------------------------------

def test_the_link_in_an_email_stops_that_alert_and_no_other_without_signing_in(buyer, publishing, alert, mailbox):
    supplier = make_supplier_user()
    developers = alert(supplier, q="developer")
    other = alert(supplier, name="Anything in London", location=["London"])
    publishing(buyer, SPECIALISTS)
    path = unsubscribe_path(mailbox.last_to(supplier.email))

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert page.status_code == 200
    assert "Stop emails for \u2018Developers in London\u2019" in unescape(page.content.decode())
    assert Alert.objects.get(pk=developers.pk).stopped_at is None  # following the link alone stops nothing
    stopped = browser.post(path)
    assert stopped.status_code == 200 and "Emails stopped" in stopped.content.decode()
    assert Alert.objects.get(pk=developers.pk).stopped_at is not None
    assert Alert.objects.get(pk=other.pk).stopped_at is None
    assert supplier.alerts.get(follows_services=True).stopped_at is None
    event = AuditEvent.objects.get(action="alert.stopped")
    assert event.object_id == str(developers.pk) and event.detail == {"via": "unsubscribe link"}


def test_a_mail_clients_one_click_post_stops_the_alert(alert):
    supplier = make_supplier_user()
    developers, other = alert(supplier, q="developer"), alert(supplier, name="Other", q="design")
    response = Client(enforce_csrf_checks=True).post(services.unsubscribe_path(developers),
                                                     {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Alert.objects.get(pk=developers.pk).stopped_at is not None
    assert Alert.objects.get(pk=other.pk).stopped_at is None


def test_an_unsubscribe_link_cannot_be_guessed_or_used_for_another_alert(alert):
    supplier = make_supplier_user()
    mine, theirs = alert(supplier), alert(make_supplier_user())
    client = Client(enforce_csrf_checks=True)
    for path in (f"/suppliers/alerts/{theirs.pk}/unsubscribe/{mine.unsubscribe_token}",
                 f"/suppliers/alerts/{mine.pk}/unsubscribe/{mine.unsubscribe_token[:-1]}",
                 f"/suppliers/alerts/{mine.pk}/unsubscribe/x"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert Alert.objects.filter(stopped_at__isnull=False).count() == 0
