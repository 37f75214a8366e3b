"""Emails nobody clicks a button for: buyers are told when applications close and reminded to record an outcome
4 and 8 weeks later; suppliers get a daily digest of newly published answers. However often the job runs, and
however many workers run it, each email goes out once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from marketplace.applications.jobs import run_scheduled_jobs
from marketplace.applications.services import award, start_application
from marketplace.applications.tasks import run_scheduled_jobs as scheduled_task
from marketplace.clock import LONDON
from marketplace.notifications.models import OutboundEmail
from marketplace.opportunities.services import ask_question, publish_clarification, withdraw_opportunity

from .conftest import OUTCOMES, SPECIALISTS

NOTHING = {"applications_closed": 0, "outcome_reminders": 0, "answers_digest": 0, "alerts_digest": 0,
           "alerts_instant_caught_up": 0, "framework_application_reminders": 0}
TITLE = "Beta phase of the lasting power of attorney service"


def london(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job as the worker does, and deliver what it queued."""
    def go():
        with django_capture_on_commit_callbacks(execute=True):
            return run_scheduled_jobs()

    return go


# Applications have closed ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_buyer_of_the_organisation_is_told_once_when_applications_close(
        live, apply, buyer, colleague, other_buyer, close, run, mailbox):
    opportunity = live(OUTCOMES)
    live(OUTCOMES, by=other_buyer)  # another organisation's requirement, closing at the same moment
    apply(opportunity)
    apply(opportunity)
    assert run() == NOTHING

    close(opportunity, after=dt.timedelta(minutes=1))
    assert run() == {**NOTHING, "applications_closed": 3}
    for person in (buyer, colleague):
        message = mailbox.last_to(person.email)
        assert message["Subject"] == f"Applications for {TITLE} have closed"
        body = mailbox.body(message)
        assert "2 suppliers sent an application." in body
        assert f"/buyers/requirements/{opportunity.pk}/applications" in body
    assert "No supplier sent an application." in mailbox.body(mailbox.last_to(other_buyer.email))

    # The worker restarts and runs the job again, twice: nothing more is sent.
    assert run() == NOTHING
    assert run() == NOTHING
    assert len(mailbox.messages) == 3 and OutboundEmail.objects.filter(purpose="applications-closed").count() == 3


@pytest.mark.django_db
def test_a_withdrawn_requirement_never_closes(live, buyer, close, run, mailbox):
    opportunity = live(SPECIALISTS)
    withdraw_opportunity(opportunity, buyer)
    close(opportunity)
    assert run() == NOTHING and mailbox.messages == []


# Reminders to record an outcome ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_buyers_are_reminded_at_4_and_8_weeks_while_no_outcome_is_recorded(
        live, apply, buyer, colleague, close, run, mailbox):
    waiting, decided = live(OUTCOMES), live(SPECIALISTS, requirementsLength="2 weeks")  # both close together
    apply(waiting)
    winner = apply(decided)
    close(waiting, after=dt.timedelta(minutes=1))
    run()
    mailbox.clear()

    close(waiting, after=dt.timedelta(weeks=4) - dt.timedelta(minutes=1))
    assert run() == NOTHING
    close(waiting, after=dt.timedelta(weeks=4, minutes=1))
    assert run() == {**NOTHING, "outcome_reminders": 4}  # two requirements, two buyers each
    message = mailbox.last_to(colleague.email)
    assert message["Subject"] in {f"Record the outcome of {TITLE}",
                                  "Record the outcome of Developer to build a booking service"}
    assert "closed 4 weeks ago" in mailbox.body(message) and "and no outcome has been recorded yet" in \
        mailbox.body(message)
    assert run() == NOTHING

    award(decided, buyer, winner, "30000", dt.date(2027, 1, 4))
    mailbox.clear()
    close(waiting, after=dt.timedelta(weeks=8, hours=2))
    assert run() == {**NOTHING, "outcome_reminders": 2}
    assert sorted(m["Subject"] for m in mailbox.messages) == [f"Record the outcome of {TITLE}"] * 2
    assert f"/buyers/requirements/{waiting.pk}/outcome" in mailbox.body(mailbox.last_to(buyer.email))
    assert "closed 8 weeks ago" in mailbox.body(mailbox.last_to(buyer.email))
    assert run() == NOTHING


# The daily digest of answers -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_suppliers_who_applied_or_asked_get_one_digest_after_the_day_of_new_answers(
        live, buyer, applicant, set_clock, run, mailbox):
    set_clock(london(2027, 4, 30, 9))  # Friday; questions close Monday 10 May, applications Friday 14 May
    opportunity, other = live(OUTCOMES), live(SPECIALISTS)
    applied = applicant(opportunity, email="bids@applied.example.com")
    start_application(opportunity, applied)
    asked = applicant(opportunity, email="sam@asked.example.com")
    set_clock(london(2027, 5, 4, 9))
    ask_question(opportunity, asked, "Can the team work remotely?")
    idle = applicant(opportunity, email="idle@idle.example.com")
    ask_question(other, applicant(other, email="dev@specialist.example.com"), "Is pairing expected?")

    set_clock(london(2027, 5, 4, 14))
    publish_clarification(opportunity, buyer, "Can the team work remotely?", "Yes, three days a week.")
    publish_clarification(opportunity, buyer, "Is there a budget?", "Up to £400,000.")
    set_clock(london(2027, 5, 4, 23, 30))
    assert run() == NOTHING  # the day is not over

    set_clock(london(2027, 5, 5, 0, 5))
    assert run() == {**NOTHING, "answers_digest": 2}
    for address in ("bids@applied.example.com", "sam@asked.example.com"):
        message = mailbox.last_to(address)
        assert message["Subject"] == "New answers to suppliers' questions, Tuesday 4 May 2027"
        body = mailbox.body(message)
        assert TITLE in body and "2 new answers" in body and f"/opportunities/{opportunity.pk}" in body
        assert "Applications close at 11:59pm on Friday 14 May 2027" in body
    assert mailbox.to(idle.email) == [] and mailbox.to("dev@specialist.example.com") == []

    set_clock(london(2027, 5, 5, 9))
    assert run() == NOTHING
    assert len(mailbox.messages) == 2


# Running it as a task, and on two workers at once ----------------------------------------------------------

@pytest.mark.django_db
def test_the_worker_runs_the_job_as_a_task(live, apply, buyer, close, mailbox, django_capture_on_commit_callbacks):
    opportunity = live(OUTCOMES)
    apply(opportunity)
    close(opportunity)
    with django_capture_on_commit_callbacks(execute=True):
        result = scheduled_task.enqueue()
    assert result.return_value == {**NOTHING, "applications_closed": 1}
    assert mailbox.last_to(buyer.email)["Subject"] == f"Applications for {TITLE} have closed"


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite lets one writer in at a time, so two workers cannot race: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_send_each_email_once(live, apply, buyer, colleague, other_buyer,
                                                                 close, mailbox):
    opportunities = [live(OUTCOMES) for _ in range(3)]
    opportunities.append(live(SPECIALISTS, by=other_buyer, requirementsLength="2 weeks"))  # all close together
    for opportunity in opportunities:
        apply(opportunity)
    mailbox.clear()  # the suppliers' copies of their applications
    close(opportunities[0])
    ready = threading.Barrier(2)
    queued = []

    def worker():
        try:
            ready.wait(timeout=10)
            queued.append(run_scheduled_jobs()["applications_closed"])
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(60)

    expected = sorted([(person.email, opportunity.pk) for opportunity in opportunities[:3]
                       for person in (buyer, colleague)] + [(other_buyer.email, opportunities[3].pk)])
    assert sum(queued) == len(expected) == 7
    assert OutboundEmail.objects.filter(purpose="applications-closed").count() == 7
    received = sorted((message["To"], int(mailbox.body(message).split("/buyers/requirements/")[1].split("/")[0]))
                      for message in mailbox.messages)
    assert received == expected
