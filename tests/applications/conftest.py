"""Requirements that suppliers apply for: complete applications, and the clock moved past closing."""

import datetime as dt

import pytest

from marketplace import clock
from marketplace.applications import services
from opportunities.conftest import (  # noqa: F401 - fixtures shared with the opportunity tests
    OUTCOMES, PARTICIPANTS, SPECIALISTS, SERVICE_OFFERS, buyer, colleague, draft, live,
    other_buyer, set_clock, supplier_offering, words,
)


def complete_application(opportunity, email, **overrides):
    """Every answer a supplier gives, as the API takes them: a start in a month, evidence for each requirement
    (a yes to the first nice-to-have, a no to the rest) and replies to `email`."""
    data = opportunity.data
    answers = {
        "availability": (clock.today_in_london() + dt.timedelta(days=30)).isoformat(),
        "essentialRequirementsMet": True,
        "essentialRequirements": [{"evidence": f"We have done this for years: {requirement.lower()}."}
                                  for requirement in data["essentialRequirements"]],
        "niceToHaveRequirements": [{"yesNo": n == 0, "evidence": "We did it for HMRC." if n == 0 else ""}
                                   for n, _ in enumerate(data.get("niceToHaveRequirements") or [])],
        "respondToEmailAddress": email,
    }
    if opportunity.lot.slug == SPECIALISTS:
        answers["dayRate"] = "600"
    answers.update(overrides)
    return answers


@pytest.fixture
def applicant(supplier_offering):
    """A supplier user whose company offers the requirement's lot (and, for specialists, its role)."""
    def make(opportunity, **kwargs):
        return supplier_offering(opportunity.lot.slug, **kwargs)

    return make


@pytest.fixture
def apply(applicant):
    """A supplier (made for the purpose unless given) sends a complete application."""
    def send(opportunity, user=None, **overrides):
        user = user or applicant(opportunity)
        application = services.start_application(opportunity, user)
        services.save_application(application, complete_application(opportunity, user.email, **overrides), user)
        return services.submit_application(application, user)

    return send


@pytest.fixture
def close(set_clock):
    """Move the clock past the requirement's closing moment."""
    def move(opportunity, after=dt.timedelta(seconds=1)):
        return set_clock(opportunity.closing_at + after)

    return move
