"""Applying through the pages, one rule at a time: who may apply, what each page keeps and says, and what
closing changes."""

import datetime as dt
import html
import re

import pytest

from apply.builders import OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish
from factories import make_supplier_user
from marketplace.applications.models import Application

pytestmark = pytest.mark.django_db


def text_of(response):
    page = response.content.decode()
    page = page[page.index("<main"):page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def field_error(response, name):
    match = re.search(rf'<p id="{re.escape(name)}-error"[^>]*>(.*?)</p>', response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()).removeprefix("Error: ") \
        if match else None


@pytest.fixture
def opportunity(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer)


@pytest.fixture
def supplier(client, supplier_offering):
    user = supplier_offering(SPECIALISTS)
    client.force_login(user)
    return user


def url(opportunity, rest=""):
    return f"/opportunities/{opportunity.pk}/apply{rest}"


@pytest.mark.parametrize("lot, make, reason", [
    (SPECIALISTS, lambda offering: make_supplier_user(on_framework=False),
     "Your company is not on the framework this requirement is on, so it cannot ask questions or apply."),
    (SPECIALISTS, lambda offering: offering(OUTCOMES),
     "Your company does not offer this kind of service, so it cannot ask questions or apply. Add the service to "
     "your company's services first."),
    (SPECIALISTS, lambda offering: offering(SPECIALISTS, roles=["designer"]),
     "Your company does not offer this specialist role, so it cannot ask questions or apply. Add the role to your "
     "company's services first."),
])
def test_a_supplier_that_may_not_apply_is_told_exactly_why(client, buyer, set_clock, supplier_offering, lot, make,
                                                           reason):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer, lot)
    client.force_login(make(supplier_offering))
    for response in (client.get(url(opportunity)), client.post(url(opportunity))):
        assert response.status_code == 403
        assert f"You cannot apply for this opportunity {reason}" in text_of(response)
    assert not Application.objects.exists()


def test_visitors_sign_in_first_and_buyers_cannot_apply(client, opportunity, buyer):
    response = client.get(url(opportunity))
    assert response.status_code == 302 and response["Location"] == f"/sign-in?next={url(opportunity)}"
    client.force_login(buyer)
    assert client.get(url(opportunity)).status_code == 403
    assert client.get("/suppliers/applications").status_code == 403


def test_before_you_start_then_each_page_in_turn(client, opportunity, supplier):
    text = text_of(client.get(url(opportunity)))
    assert "Apply for ‘Developer to build a booking service’" in text
    assert "an example of up to 100 words for each of the 2 essential skills and experience" in text
    response = client.post(url(opportunity))
    assert response["Location"] == url(opportunity, "/start-date")
    text = text_of(client.get(url(opportunity, "/start-date")))
    assert "When can the specialist start work?" in text
    assert "The buyer's latest start date is 31 July 2026." in text
    # Coming back goes to the first page still to answer.
    assert client.get(url(opportunity))["Location"] == url(opportunity, "/start-date")


def test_a_wrong_date_is_kept_with_the_problem(client, opportunity, supplier):
    client.post(url(opportunity))
    response = client.post(url(opportunity, "/start-date"), {"availability-day": "31", "availability-month": "2",
                                                             "availability-year": "2027", "action": "continue"})
    assert field_error(response, "availability-date") == "Earliest start date must be a real date"
    assert 'value="31"' in response.content.decode()
    response = client.post(url(opportunity, "/start-date"), {"availability-day": "", "availability-month": "",
                                                             "availability-year": "", "action": "continue"})
    assert field_error(response, "availability-date") == "Enter your earliest start date"
    response = client.post(url(opportunity, "/start-date"), {"availability-day": "15", "availability-month": "7",
                                                             "availability-year": "2026", "action": "continue"})
    assert response["Location"] == url(opportunity, "/day-rate")
    assert Application.objects.get().availability == dt.date(2026, 7, 15)


def test_the_day_rate_cannot_be_above_the_suppliers_own_maximum(client, opportunity, supplier):
    client.post(url(opportunity))
    response = client.get(url(opportunity, "/day-rate"))
    assert "Your company's maximum day rate for a developer is £650: you cannot ask for more." in text_of(response)
    response = client.post(url(opportunity, "/day-rate"), {"dayRate": "700", "action": "continue"})
    assert field_error(response, "dayRate") == ("Day rate must be £650 or less: that is your company's maximum "
                                                "day rate for the developer role")
    assert 'value="700"' in response.content.decode()
    assert Application.objects.get().day_rate is None
    response = client.post(url(opportunity, "/day-rate"), {"dayRate": "£600.50", "action": "continue"})
    assert response["Location"] == url(opportunity, "/essential-skills")
    assert str(Application.objects.get().day_rate) == "600.50"


def test_no_to_the_essential_skills_stops_the_application_with_the_reason(client, opportunity, supplier):
    client.post(url(opportunity))
    response = client.post(url(opportunity, "/essential-skills"), {"essentialRequirementsMet": "no",
                                                                   "action": "continue"})
    assert response["Location"] == url(opportunity, "/cannot-apply")
    text = text_of(client.get(response["Location"]))
    assert "You cannot apply for this opportunity" in text
    assert "Python and Django" in text and "Building accessible services" in text
    response = client.post(url(opportunity, "/check-your-answers"))
    assert "You cannot apply: you need all the essential skills and experience" in text_of(response)
    assert Application.objects.get().submitted_at is None


def test_evidence_over_100_words_is_kept_and_refused(client, opportunity, supplier):
    client.post(url(opportunity))
    long = " ".join(["word"] * 101)
    response = client.post(url(opportunity, "/essential-evidence"), {
        "essentialRequirements-1": long, "essentialRequirements-2": "Built the Apply for a licence service.",
        "action": "continue"})
    assert field_error(response, "essentialRequirements-1") == ("Evidence for ‘Python and Django’ must be 100 words "
                                                                "or fewer")
    assert long in response.content.decode()
    assert "Built the Apply for a licence service." in response.content.decode()
    assert Application.objects.get().essential_evidence == []


def test_a_step_shown_again_for_a_missing_answer_keeps_nothing_it_was_sent(client, opportunity, supplier):
    """Half the evidence, then 'Save and continue': the page asks for the other half and the saved answers and
    the audit trail are as they were."""
    from marketplace.audit.models import AuditEvent

    client.post(url(opportunity))
    events = AuditEvent.objects.count()
    response = client.post(url(opportunity, "/essential-evidence"), {
        "essentialRequirements-1": "Ten years of Django.", "essentialRequirements-2": "", "action": "continue"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert "Ten years of Django." in response.content.decode()
    assert Application.objects.get().essential_evidence == []
    assert AuditEvent.objects.count() == events


def test_the_nice_to_have_page_is_skipped_when_there_are_none(client, buyer, set_clock, supplier):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer, niceToHaveRequirements=[])
    client.post(url(opportunity))
    response = client.post(url(opportunity, "/essential-evidence"), {
        "essentialRequirements-1": "Ten years of Django.", "essentialRequirements-2": "Built GOV.UK services.",
        "action": "continue"})
    assert response["Location"] == url(opportunity, "/email")
    assert client.get(url(opportunity, "/nice-to-have")).status_code == 404


def test_participants_are_asked_when_recruiting_can_start_and_no_day_rate(client, buyer, set_clock,
                                                                          supplier_offering):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer, PARTICIPANTS)
    client.force_login(supplier_offering(PARTICIPANTS))
    client.post(url(opportunity))
    text = text_of(client.get(url(opportunity, "/start-date")))
    assert "When can you start recruiting participants?" in text
    assert "The research dates are: First week of March, then one day a fortnight until June." in text
    assert client.get(url(opportunity, "/day-rate")).status_code == 404


def test_after_closing_the_application_can_be_read_but_not_changed(client, opportunity, supplier, set_clock):
    application = apply(opportunity, supplier)
    after_closing(set_clock, opportunity)
    response = client.get(url(opportunity, "/check-your-answers"))
    text = text_of(response)
    assert "Your application" in text and "so it can no longer be changed" in text
    assert "£600" in text
    assert ">Change<" not in response.content.decode()
    response = client.post(url(opportunity, "/day-rate"), {"dayRate": "500", "action": "continue"})
    assert response["Location"] == url(opportunity, "/check-your-answers")
    assert "Applications have closed, so you can no longer change your application" in text_of(
        client.get(response["Location"]))
    application.refresh_from_db()
    assert str(application.day_rate) == "600.00"


def test_a_supplier_that_has_not_started_is_told_applications_closed(client, opportunity, supplier, set_clock):
    after_closing(set_clock, opportunity)
    text = text_of(client.get(url(opportunity)))
    assert "You can no longer apply for this opportunity Applications closed at 11:59pm on Monday 8 June 2026." \
        in text
    assert client.post(url(opportunity)).status_code == 200
    assert not Application.objects.exists()


def test_the_dashboard_lists_started_and_made_applications(client, buyer, set_clock, supplier):
    set_clock(PUBLISHING_DAY)
    first = publish(buyer, title="Developer for the booking service")
    second = publish(buyer, title="Developer for the payments service")
    apply(first, supplier)
    apply(second, supplier, submit=False)
    response = client.get("/suppliers/applications")
    started = response.content.decode().split('id="started"')[1].split("</table>")[0]
    made = response.content.decode().split('id="made"')[1].split("</table>")[0]
    assert "Developer for the payments service" in started and "Continue" in started
    assert "Developer for the booking service" in made and "Submitted" in made
