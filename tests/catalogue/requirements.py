"""Published requirements and suppliers for the catalogue and API tests, made through the domain services."""

import datetime as dt

from factories import make_supplier_user
from marketplace import clock
from marketplace.opportunities import services
from marketplace.suppliers.services import update_lot_service

OUTCOMES, SPECIALISTS, PARTICIPANTS = "digital-outcomes", "digital-specialists", "user-research-participants"
# A Monday in British Summer Time, so London dates and UTC dates differ by an hour.
PUBLISHING_DAY = dt.datetime(2026, 6, 1, 9, 0, tzinfo=clock.LONDON)
QA_SESSION = "Join our call on Zoom at 2pm on the second day: the link is in the invitation we send suppliers."


def complete_answers(lot, **overrides):
    """Every answer a buyer gives to publish on `lot`, some optional ones included; `overrides` replace them."""
    start = (clock.today_in_london() + dt.timedelta(days=60)).isoformat()
    common = {"questionAndAnswerSessionDetails": QA_SESSION, "additionalTerms": "Work to GDS standards."}
    if lot == OUTCOMES:
        answers = {
            "title": "Beta phase of the lasting power of attorney service",
            "location": "London",
            "organisationUnit": "Office of the Public Guardian",
            "summary": "Build and run the beta of a digital service that lets people make a lasting power of "
                       "attorney online.",
            "backgroundInformation": "Paper applications take 8 weeks to process.\nA quarter are rejected.",
            "outcome": "People can make a lasting power of attorney online without help.",
            "endUsers": "Older people and their families, who need to choose attorneys and sign the forms.",
            "phase": "beta",
            "existingTeam": "A product manager, a delivery manager and two user researchers.",
            "workplaceAddress": "102 Petty France, London SW1H 9AJ",
            "workingArrangements": "Three days a week on site, with show and tells every fortnight.",
            "startDate": start,
            "contractLength": "6 months",
            "budgetRange": "£400,000 to £600,000",
            "employmentStatus": "contracted out service",
            "numberOfSuppliers": 5,
            "technicalWeighting": 60, "culturalWeighting": 15, "priceWeighting": 25,
            "essentialRequirements": ["Agile delivery of government services", "User-centred design"],
            "niceToHaveRequirements": ["Experience with legal services"],
            "successCriteria": ["How you would approach the beta"],
            "culturalFitCriteria": ["Working in the open"],
            "priceCriteria": "Capped time and materials",
            "evaluationType": ["Case study", "Presentation"],
        }
    elif lot == SPECIALISTS:
        answers = {
            "title": "Developer to build a booking service",
            "specialistRole": "developer",
            "location": "London",
            "summary": "A developer to build the online booking service for driving tests.",
            "specialistWork": "Build the booking front end and its API in Python and Django.",
            "existingTeam": "A delivery manager, a designer and two developers.",
            "workplaceAddress": "2 Marsham Street, London SW1P 4DF",
            "workingArrangements": "Two days a week on site.",
            "startDate": start,
            "budgetRange": "£650 a day",
            "employmentStatus": "supply of resource",
            "numberOfSuppliers": 3,
            "technicalWeighting": 75, "culturalWeighting": 5, "priceWeighting": 20,
            "essentialRequirements": ["Python and Django", "Building accessible services"],
            "culturalFitCriteria": ["Pairing with civil servants"],
            "requirementsLength": "1 week",
        }
    elif lot == PARTICIPANTS:
        answers = {
            "title": "Participants for research on applying for benefits",
            "location": "Wales",
            "summary": "Recruit people who have applied for benefits, including people with access needs.",
            "researchRounds": "3",
            "researchDates": "First week of March, then one day a fortnight until June",
            "participantsPerRound": "8 people in each round",
            "researchFrequency": "Once a fortnight",
            "researchAddress": "Our research lab in Cardiff",
            "participantSpecification": "People who have applied for a benefit in the last year.",
            "researchOutOfHours": ["Weekends"],
            "numberOfSuppliers": 4,
            "technicalWeighting": 50, "culturalWeighting": 20, "priceWeighting": 30,
            "essentialRequirements": ["Recruiting participants with access needs"],
            "successCriteria": ["How you will find participants"],
        }
    else:
        raise ValueError(lot)
    return {**common, **answers, **overrides}


def publish(buyer, lot=OUTCOMES, **overrides):
    """A requirement written and published by `buyer` through the domain services."""
    return services.publish_opportunity(services.create_draft(lot, buyer, complete_answers(lot, **overrides)), buyer)


def draft(buyer, lot=OUTCOMES, **overrides):
    return services.create_draft(lot, buyer, complete_answers(lot, **overrides))


SERVICE_OFFERS = {
    OUTCOMES: {"locations": ["London"], "capabilities": {"User research": ["Usability testing"]}},
    SPECIALISTS: {"roles": {"developer": {"locations": ["London"], "maxDayRate": "650"}}},
    PARTICIPANTS: {"locations": ["Wales"], "recruitmentMethods": ["Entirely recruited by the supplier"]},
}


def supplier_offering(lot=None, roles=None, on_framework=True, **kwargs):
    """A supplier user whose company is (or is not) on the framework and offers `lot` (specialists: `roles`)."""
    user = make_supplier_user(on_framework=on_framework, **kwargs)
    if lot:
        offer = SERVICE_OFFERS[lot]
        if roles:
            offer = {"roles": {role: {"locations": ["London"], "maxDayRate": "650"} for role in roles}}
        update_lot_service(user.supplier, lot, offer, by=user)
    return user

