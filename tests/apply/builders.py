"""Opportunities to apply for and applications to them, made through the domain services, for the applying and
evaluation tests."""

import datetime as dt
import time

from marketplace import clock
from marketplace.applications import services as applications
from marketplace.opportunities import services as opportunities
from opportunities.conftest import OUTCOMES, PARTICIPANTS, SPECIALISTS, complete_answers  # noqa: F401

# A Monday in British Summer Time: a 1-week specialists requirement published then closes at 11:59pm on 8 June.
PUBLISHING_DAY = dt.datetime(2026, 6, 1, 9, 0, tzinfo=clock.LONDON)
NICE_TO_HAVE = "Experience of GOV.UK Notify"


def publish(buyer, lot=SPECIALISTS, **overrides):
    """A live requirement with one nice-to-have requirement (unless `overrides` say otherwise)."""
    answers = complete_answers(lot, **{"niceToHaveRequirements": [NICE_TO_HAVE], **overrides})
    return opportunities.publish_opportunity(opportunities.create_draft(lot, buyer, answers), buyer)


def after_closing(set_clock, opportunity, hours=1):
    return set_clock(opportunity.closing_at + dt.timedelta(hours=hours))


def complete_answers_for(opportunity, user, day_rate="600"):
    data = (opportunity.data or {})
    answers = {
        "availability": (clock.today_in_london() + dt.timedelta(days=30)).isoformat(),
        "essentialRequirementsMet": True,
        "essentialRequirements": [{"evidence": f"We have shown this: {item.lower()} for three departments."}
                                  for item in data.get("essentialRequirements", [])],
        "niceToHaveRequirements": [{"yesNo": True, "evidence": "We sent 2 million letters with it."}
                                   for _ in data.get("niceToHaveRequirements", [])],
        "respondToEmailAddress": user.email,
    }
    if opportunity.lot.slug == SPECIALISTS:
        answers["dayRate"] = day_rate
    return answers


def apply(opportunity, user, submit=True, **overrides):
    """`user`'s company applies with complete answers (`overrides` replace some) and, unless told not to, submits."""
    application = applications.start_application(opportunity, user)
    applications.save_application(application, {**complete_answers_for(opportunity, user), **overrides}, user)
    if submit:
        applications.submit_application(application, user)
    return application


def wait_for_email(mailbox, address, subject_contains, timeout=10):
    """The email to `address` whose subject contains the words, once it has arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mailbox.to(address) if subject_contains.lower() in m["Subject"].lower()]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} about {subject_contains!r}; emails sent: "
                         f"{[(m['To'], m['Subject']) for m in mailbox.messages]}")
