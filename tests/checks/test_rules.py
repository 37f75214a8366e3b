"""Each check on real-looking briefs: one the check should advise on, one it should leave alone, and why."""

import datetime as dt

import pytest

from factories import make_admin, make_buyer, make_supplier_user
from marketplace import clock
from marketplace.checks import services
from marketplace.checks.rules import BY_CHECK, CHECKS
from marketplace.checks.selectors import Draft, check_requirement, check_title, run_checks
from marketplace.opportunities import services as opportunities
from marketplace.suppliers.services import update_lot_service

pytestmark = pytest.mark.django_db

O, S = "digital-outcomes", "digital-specialists"


def findings(check, lot, answers, **known):
    draft = Draft(lot, answers)
    for name, value in known.items():
        draft.__dict__[name] = value  # what the platform would have looked up: dates, suppliers
    return [(f.question, f.message) for f in run_checks(draft) if f.check == check]


def test_every_check_says_what_it_looks_at_why_and_what_to_do():
    assert {c.key for c in CHECKS} == {"product-not-outcome", "plain-english", "users", "evidence", "fairness",
                                       "phase"}
    for check in CHECKS:
        assert check.name and check.looks_at and check.why and check.advice


# Product not outcome ----------------------------------------------------------------------------------------

def test_a_brief_asking_for_a_named_product_and_its_licences_is_a_call_for_supply():
    # Names the vendor's product in the title and a licence purchase in the problem: only resellers can answer.
    answers = {"title": "SharePoint implementation for the intranet",
               "summary": "Implement our intranet on the platform we have chosen.",
               "outcome": "We need the supply of 500 user licences and their configuration."}
    found = findings("product-not-outcome", O, answers)
    assert found == [("title", "Title names a product, vendor or purchase: ‘SharePoint’"),
                     ("outcome", "Problem to be solved names a product, vendor or purchase: ‘supply of’, "
                                 "‘licences’")]


def test_a_brief_describing_the_problem_and_the_users_need_is_not_a_call_for_supply():
    # Says what is wrong and for whom; no product, vendor or purchase is named.
    answers = {"title": "Help staff find the policies they need",
               "summary": "Staff cannot find current policies, so they ask colleagues and use old versions.",
               "outcome": "Staff find the right policy in under a minute, from any device."}
    assert findings("product-not-outcome", O, answers) == []


def test_a_term_an_admin_adds_is_looked_for_at_once():
    admin = make_admin()
    answers = {"title": "Rollout of Acmeflow case management", "summary": "", "outcome": ""}
    assert findings("product-not-outcome", O, answers) == []
    services.add_check_term("product", "Acmeflow", by=admin)
    assert findings("product-not-outcome", O, answers) == [
        ("title", "Title names a product, vendor or purchase: ‘Acmeflow’")]


# Plain English ----------------------------------------------------------------------------------------------

HARD_BACKGROUND = (
    "The organisation is seeking to leverage synergies between its directorates going forward. "
    "Implementation of the transformation programme was approved by the board following consideration of "
    "the options appraisal which was commissioned by the directorate and which recommended that the "
    "consolidation of the organisational capabilities should be prioritised. "
    "Benefits were identified by the programme. Resources were allocated by the CMT.")


def test_a_long_passive_answer_full_of_jargon_and_an_unexplained_acronym_gets_plain_english_advice():
    # 'leverage', 'synergies', 'going forward'; a 35-word sentence; every sentence passive; CMT never spelled out;
    # long words throughout.
    found = [message for key, message in findings("plain-english", O, {"backgroundInformation": HARD_BACKGROUND})]
    assert found[0] == "Why the work is being done uses jargon: ‘leverage’, ‘synergies’, ‘going forward’"
    assert found[1] == "Why the work is being done uses acronyms that are not spelled out anywhere: ‘CMT’"
    assert found[2] == "Why the work is being done has 1 sentence over 25 words (the longest has 35)"
    assert found[3] == ("Why the work is being done uses the passive voice in 3 of its 4 sentences: "
                        "say who does what")
    assert found[4].startswith("Why the work is being done is hard to read: its Flesch reading ease is ")
    assert len(found) == 5


def test_short_active_sentences_in_everyday_words_get_no_plain_english_advice():
    # Active, short, no jargon, and the one acronym (DVLA) is spelled out elsewhere in the brief.
    answers = {"summary": "The Driver and Vehicle Licensing Agency (DVLA) wants a better way to renew a licence.",
               "backgroundInformation": (
                   "Drivers renew their photocard every ten years. Many of them post a paper form. "
                   "We check each form by hand and it takes us three weeks. The DVLA team wants to make this "
                   "quicker. We have tried a simple online form with a few drivers and they liked it.")}
    assert findings("plain-english", O, answers) == []


# Users ------------------------------------------------------------------------------------------------------

def test_users_described_as_systems_get_advice_to_name_people():
    # Names only the systems the service connects to.
    answers = {"endUsers": "The CRM, the finance system and the case management platform, through an API."}
    assert findings("users", O, answers) == [
        ("endUsers", "Who the users are and what they need to do does not name any people. It names ‘CRM’, "
                     "‘system’, ‘platform’, ‘API’. Say who will use the service")]


def test_people_without_what_they_need_to_do_get_advice_to_say_it():
    answers = {"endUsers": "Caseworkers in our regional offices and members of the public."}
    assert findings("users", O, answers) == [
        ("endUsers", "Who the users are and what they need to do does not say what the users need to do")]


def test_users_named_with_what_they_need_to_do_get_no_advice():
    # Names people (caseworkers, applicants) and what they need to do.
    answers = {"endUsers": "Caseworkers need to see an applicant's history so that they can decide quickly; "
                           "applicants want to know where their claim is."}
    assert findings("users", O, answers) == []


# Evidence the supplier can give -----------------------------------------------------------------------------

def test_essentials_that_are_nice_to_haves_bundles_or_one_companys_certificate_get_advice():
    essentials = [
        "Experience of building services to the Service Standard",
        "Ideally experience of working with local authorities",        # a nice-to-have
        "Java, Spring Boot, Kafka and Kubernetes in production",       # four skills in one
        "AWS Certified Solutions Architect",                           # one company's certificate
    ]
    assert findings("evidence", O, {"essentialRequirements": essentials}) == [
        ("essentialRequirements", "Essential 2 reads as a nice-to-have (‘Ideally’)"),
        ("essentialRequirements", "Essential 3 asks for several skills in one"),
        ("essentialRequirements", "Essential 4 asks for one company's certification (‘AWS Certified’)"),
    ]


def test_more_than_ten_essentials_get_advice():
    essentials = [f"Experience of skill number {n}" for n in range(1, 13)]
    assert findings("evidence", O, {"essentialRequirements": essentials}) == [
        ("essentialRequirements", "There are 12 essential requirements: more than 10")]


def test_a_few_single_skill_essentials_get_no_evidence_advice():
    # Each item is one skill a supplier can evidence; no vendor certificate; four items.
    essentials = ["Experience of building accessible services with Kotlin", "Have run a beta phase of a public "
                  "service", "Can work to the Service Standard", "Have designed services for people with low "
                  "digital skills"]
    assert findings("evidence", O, {"essentialRequirements": essentials}) == []


# Fairness ---------------------------------------------------------------------------------------------------

def test_a_start_too_soon_after_closing_and_no_budget_are_unfair_to_suppliers():
    closing = dt.date(2027, 3, 12)
    answers = {"startDate": "2027-03-15", "numberOfSuppliers": 5}
    assert findings("fairness", O, answers, closing_on=closing, could_apply=20, highest_day_rate=None) == [
        ("startDate", "The latest start date, 15 March 2027, leaves less than 2 weeks to evaluate after "
                      "applications close on 12 March 2027"),
        ("budgetRange", "No budget is given"),
    ]


def test_time_to_evaluate_a_budget_and_enough_suppliers_are_fair():
    # Starts 3 weeks after closing, gives a budget, and 20 suppliers could apply for the 5 places.
    answers = {"startDate": "2027-04-02", "budgetRange": "£80,000 to £120,000", "numberOfSuppliers": 5}
    assert findings("fairness", O, answers, closing_on=dt.date(2027, 3, 12), could_apply=20,
                    highest_day_rate=None) == []


def _developers_offering(*rates):
    for rate in rates:
        supplier = make_supplier_user()
        update_lot_service(supplier.supplier, S, {"locations": ["London"], "roles": {
            "developer": {"locations": ["London"], "maxDayRate": rate}}}, by=supplier)


def _specialist_draft(budget, number):
    buyer = make_buyer()
    start = (clock.today_in_london() + dt.timedelta(days=60)).isoformat()
    return opportunities.create_draft(S, buyer, answers={
        "title": "Developer to build a booking service", "specialistRole": "developer", "startDate": start,
        "budgetRange": budget, "numberOfSuppliers": number})


def test_a_day_rate_above_every_suppliers_maximum_and_more_places_than_suppliers_are_found():
    _developers_offering("600.00", "750.00")
    make_supplier_user()  # on the framework but offering nothing: cannot apply
    draft = _specialist_draft("Up to £900 a day", 5)
    found = [(f.question, f.message) for f in check_requirement(draft) if f.check == "fairness"]
    assert found == [
        ("budgetRange", "The day rate, £900, is above every supplier's own maximum for this role "
                        "(the highest is £750)"),
        ("numberOfSuppliers", "You want to evaluate 5 suppliers but only 2 on the framework could apply"),
    ]


def test_a_day_rate_within_suppliers_maximums_and_enough_suppliers_are_fair():
    _developers_offering("600.00", "750.00", "800.00")
    draft = _specialist_draft("£700 a day", 3)
    assert [f for f in check_requirement(draft) if f.check == "fairness"] == []


# Phase ------------------------------------------------------------------------------------------------------

def test_a_beta_described_with_phase_not_applicable_gets_advice():
    answers = {"phase": "not_applicable", "summary": "Take our appointment booking service into private beta."}
    assert findings("phase", O, answers) == [
        ("phase", "Summary of the work mentions ‘private beta’ but the phase is ‘Not applicable’")]


def test_a_beta_with_phase_beta_or_work_that_is_no_phase_gets_no_phase_advice():
    # The phase matches the text; and support work that names no phase is rightly 'not applicable'.
    assert findings("phase", O, {"phase": "beta", "summary": "Take our booking service into private beta."}) == []
    assert findings("phase", O, {"phase": "not_applicable",
                                 "summary": "Support our finance team to close the year's accounts."}) == []


# Running the checks -----------------------------------------------------------------------------------------

def test_a_title_alone_is_checked_only_for_what_a_title_can_show():
    # A historic row has only its title: no budget or dates to judge, so fairness says nothing.
    assert [(f.check, f.question) for f in check_title(O, "Oracle database development service")] == [
        ("product-not-outcome", "title")]
    assert check_title(O, "Discovery to understand how digital can support foster carers") == []


def test_checking_a_draft_changes_nothing_saved():
    buyer = make_buyer()
    draft = opportunities.create_draft(O, buyer, answers={"title": "Salesforce licences renewal"})
    before = (dict(draft.data), draft.updated_at)
    assert check_requirement(draft)
    draft.refresh_from_db()
    assert (draft.data, draft.updated_at) == before


def test_only_platform_admins_add_terms_and_each_term_once():
    from django.core.exceptions import PermissionDenied, ValidationError

    from marketplace.audit.models import AuditEvent

    admin, buyer = make_admin(), make_buyer()
    with pytest.raises(PermissionDenied):
        services.add_check_term("jargon", "circle back", by=buyer)
    services.add_check_term("jargon", "  circle   back ", by=admin)
    with pytest.raises(ValidationError) as refused:
        services.add_check_term("jargon", "Circle back", by=admin)
    assert refused.value.message_dict == {"term": ["‘Circle back’ is already on the list"]}
    with pytest.raises(ValidationError) as refused:
        services.add_check_term("jargon", "Synergy", by=admin)
    assert refused.value.message_dict == {"term": ["‘Synergy’ is already on the list"]}
    assert AuditEvent.objects.filter(action="check_term.added").count() == 1
