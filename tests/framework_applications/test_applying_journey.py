"""In a real browser, with JavaScript on and off: a supplier registers, applies to the open framework, is told it
passed, signs the agreement and, once the platform countersigns and the framework is live, asks a question on one
of its opportunities. axe checks every page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

import factories
from catalogue.fixtures import _reference_data_after_flush, buyer  # noqa: F401
from catalogue.requirements import OUTCOMES, publish
from marketplace.accounts.models import User
from marketplace.framework_applications import services
from marketplace.frameworks.services import move_framework
from marketplace.suppliers.models import FrameworkMembership

from .builders import DOS7, DOS7_NAME, OUTCOMES_SERVICE, PASSING, open_framework, supplier_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"
EMAIL = "ana@harbour.example.com"


def register(page, axe, mailbox):
    page.goto("/suppliers/register")
    page.get_by_label("Trading name").fill("Harbour Digital")
    page.get_by_label("Registered company name").fill("Harbour Digital Limited")
    page.get_by_label("Companies House number").check()
    page.get_by_label("Registration number", exact=True).fill("07654321")
    page.get_by_label("Limited company (Ltd)").check()
    page.get_by_label("Micro (under 10 staff)").check()
    page.get_by_label("Registered address").fill("2 Quay Street\nBristol\nBS1 4DJ")
    page.get_by_label("Contact name").fill("Ana Ribeiro")
    page.get_by_label("Contact email address").fill("hello@harbour.example.com")
    page.get_by_label("Contact phone number").fill("0117 496 0000")
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(mailbox.link_to(EMAIL, "/create-account/"))
    page.get_by_label("Full name").fill("Ana Ribeiro")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/suppliers$"))
    axe(page)


def open_section(page, name):
    """Open a declaration section from the task list."""
    # A click while the task list is still loading was lost once in a few runs: wait for it first.
    page.wait_for_load_state("load")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/declaration/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def answer_section(page, axe, name, answer):
    """Open a declaration section from the task list, answer every question as `answer` says, save."""
    open_section(page, name)
    axe(page)
    answer(page)
    page.get_by_role("button", name="Save and return to your application").click()
    expect(page.locator(".govuk-task-list__item", has_text=name)).to_contain_text("Completed")


def every(value):
    def answer(page):
        for radio in page.locator(f'input[type="radio"][value="{value}"]').all():
            radio.check()
    return answer


def test_a_supplier_registers_applies_passes_signs_and_asks_about_an_opportunity(any_page, axe, mailbox, buyer):
    page = any_page
    framework = open_framework()
    admin = factories.make_admin()
    register(page, axe, mailbox)

    # The dashboard links to the open framework; the task list starts with confirming the company's details.
    page.get_by_role("link", name=f"Apply to {DOS7_NAME}").click()
    expect(page.get_by_role("heading", name=f"Your application to {DOS7_NAME}")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Confirm your company details").click()
    page.get_by_role("button", name="Confirm your company details").click()
    page.get_by_role("button", name="Confirm company details").click()
    expect(page.get_by_text("You confirmed these details on")).to_be_visible()
    page.goto(f"/suppliers/frameworks/{DOS7}")
    expect(page.locator(".govuk-task-list__item", has_text="Confirm your company details")) \
        .to_contain_text("Completed")

    # The framework's public page: its timetable and lots, and a question to the platform while they are open.
    page.get_by_role("link", name=re.compile(f"^About {DOS7_NAME}")).click()
    expect(page.get_by_role("heading", name="Timetable")).to_be_visible()
    axe(page)
    page.get_by_label("Your question").fill("Can we apply for a lot we do not offer on the current framework?")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("Your question has been sent.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=f"Your application to {DOS7_NAME}").click()

    # Submitting too early lists what is missing, each linking to its task.
    page.get_by_role("button", name="Submit your application").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Answer every question in insurance (2 left)")
    expect(summary.get_by_role("link", name="Choose at least one lot and describe your service on it")) \
        .to_have_attribute("href", "#lots")
    axe(page)

    # The declaration, one section at a time.
    open_section(page, "Mandatory exclusion grounds")
    page.get_by_role("group", name=re.compile("convicted of fraud")).get_by_label("No").check()
    page.get_by_role("button", name="Save and return to your application").click()
    expect(page.locator(".govuk-task-list__item", has_text="Mandatory exclusion grounds")) \
        .to_contain_text("In progress")
    answer_section(page, axe, "Mandatory exclusion grounds", every("no"))
    answer_section(page, axe, "Discretionary exclusion grounds", every("no"))
    answer_section(page, axe, "Insurance", every("yes"))

    # A turnover that is not an amount is refused next to its field, and what was typed is kept.
    open_section(page, "Modern slavery")
    turnover = page.get_by_label("What was your organisation's annual turnover in its last financial year?")
    turnover.fill("about two million")
    page.get_by_role("button", name="Save and return to your application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the annual turnover as an amount in pounds")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(turnover).to_have_value("about two million")
    axe(page)
    turnover.fill("2500000")
    page.get_by_role("button", name="Save and return to your application").click()
    expect(page.locator(".govuk-task-list__item", has_text="Modern slavery")).to_contain_text("Completed")
    answer_section(page, axe, "Accessibility and security", every("yes"))
    answer_section(page, axe, "Terms", lambda page: [box.check() for box in page.get_by_role("checkbox").all()])

    # One lot, described with the same form as a live service.
    page.get_by_role("link", name="Digital outcomes", exact=True).click()
    expect(page.get_by_role("heading", name="Digital outcomes")).to_be_visible()
    axe(page)
    page.get_by_role("group", name="Where can your teams work?").get_by_label("London", exact=True).check()
    page.get_by_role("group", name="Security").get_by_label("Penetration testing").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-task-list__item", has_text="Digital outcomes")).to_contain_text("Completed")

    page.get_by_role("button", name="Submit your application").click()
    expect(page.get_by_text(f"Your application to {DOS7_NAME} has been submitted")).to_be_visible()
    expect(page.get_by_text("Submitted: you can change it until")).to_be_visible()
    axe(page)

    # Applications close, are evaluated, and results are published.
    move_framework(framework, "pending", by=admin)
    move_framework(framework, "standstill", by=admin)
    page.reload()
    expect(page.get_by_text("Your application passed. You're on the framework once you sign the agreement.")) \
        .to_be_visible()
    axe(page)
    page.get_by_role("button", name="Sign the framework agreement").click()
    expect(page.get_by_text("2. The supplier may ask questions about")).to_be_visible()
    axe(page)
    page.get_by_label("Full name of the person signing").fill("Ana Ribeiro")
    page.get_by_label("Their role").fill("Managing director")
    page.get_by_label("I have read and accept the framework agreement").check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("heading", name="The framework agreement you signed")).to_be_visible()
    axe(page)
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile("^Download the signed agreement")).click()
    with open(downloading.value.path(), encoding="utf-8") as signed:
        document = signed.read()
    assert "Ana Ribeiro, Managing director" in document and f"Framework agreement: {DOS7_NAME}" in document

    # The platform countersigns, the framework goes live, and the supplier asks about one of its opportunities.
    supplier = User.objects.get(email=EMAIL).supplier
    services.countersign([services.application_of(supplier, framework)], by=admin)
    move_framework(framework, "live", by=admin)
    assert FrameworkMembership.objects.filter(supplier=supplier, framework=framework).exists()
    opportunity = publish(buyer, OUTCOMES)
    assert opportunity.framework_id == framework.pk
    page.goto(f"/suppliers/frameworks/{DOS7}")
    expect(page.get_by_text(f"You're on {DOS7_NAME}")).to_be_visible()
    page.goto(f"/opportunities/{opportunity.pk}")
    page.get_by_role("button", name="Ask a question").click()
    page.get_by_label("Your question").fill("Can the team work from Bristol some of the week?")
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("heading", name="Your question has been sent")).to_be_visible()
    axe(page)


def test_the_pages_after_applications_close_and_a_failed_result_pass_axe(page, axe, set_clock):
    """The read-only and result pages the journey above does not reach (scripts on: axe needs them)."""
    framework = open_framework()
    user = supplier_user()
    services.save_declaration(user.supplier, framework, {**PASSING, "fraud": True}, by=user)
    services.save_service(user.supplier, framework, "digital-outcomes", OUTCOMES_SERVICE, by=user)
    services.submit_application(user.supplier, framework, by=user)
    factories.sign_in(page, user.email, password=factories.PASSWORD)
    set_clock(framework.applications_close_at + dt.timedelta(minutes=1))
    for path in ("", "/declaration/mandatory-exclusion", "/lots/digital-outcomes", "/lots/user-research-studios"):
        page.goto(f"/suppliers/frameworks/{DOS7}{path}")
        expect(page.get_by_text("have closed")).to_be_visible()
        axe(page)
    move_framework(framework, "pending")
    move_framework(framework, "standstill")
    page.goto(f"/suppliers/frameworks/{DOS7}")
    expect(page.get_by_text("A conviction for fraud is a mandatory exclusion ground")).to_be_visible()
    axe(page)
    page.goto(f"/suppliers/frameworks/{DOS7}/agreement")
    expect(page.get_by_text(f"Only a supplier that passed can sign the agreement for {DOS7_NAME}.")).to_be_visible()
    axe(page)
