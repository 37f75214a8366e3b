"""Realistic requirements for the opportunity tests: a complete set of answers for each lot, buyers of an
English and a Scottish organisation, suppliers that offer (or do not offer) a lot, and a clock set to a moment."""

import datetime as dt

import pytest

from factories import make_buyer, make_supplier_user
from marketplace import clock
from marketplace.clock.services import advance_clock
from marketplace.opportunities import services
from marketplace.suppliers.services import update_lot_service

OUTCOMES, SPECIALISTS, PARTICIPANTS = "digital-outcomes", "digital-specialists", "user-research-participants"


def words(n, word="word"):
    return " ".join([word] * n)


def complete_answers(lot, **overrides):
    """Everything a buyer must answer to publish on `lot` (PRODUCT.md's table), with a start date 60 days ahead."""
    start = (clock.today_in_london() + dt.timedelta(days=60)).isoformat()
    if lot == OUTCOMES:
        answers = {
            "title": "Beta phase of the lasting power of attorney service",
            "location": "London",
            "summary": "Build and run the beta of a digital service that lets people make a lasting power of "
                       "attorney online.",
            "backgroundInformation": "Paper applications take 8 weeks to process and a quarter are rejected.",
            "outcome": "People can make a lasting power of attorney online without help.",
            "endUsers": "Older people and their families, who need to choose attorneys and sign the forms.",
            "phase": "beta",
            "existingTeam": "A product manager, a delivery manager and two user researchers.",
            "workplaceAddress": "102 Petty France, London SW1H 9AJ",
            "workingArrangements": "Three days a week on site, with show and tells every fortnight.",
            "startDate": start,
            "employmentStatus": "contracted out service",
            "numberOfSuppliers": 5,
            "technicalWeighting": 60, "culturalWeighting": 15, "priceWeighting": 25,
            "essentialRequirements": ["Agile delivery of government services", "User-centred design"],
            "successCriteria": ["How you would approach the beta"],
            "culturalFitCriteria": ["Working in the open"],
            "priceCriteria": "Capped time and materials",
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
            "numberOfSuppliers": 4,
            "technicalWeighting": 50, "culturalWeighting": 20, "priceWeighting": 30,
            "essentialRequirements": ["Recruiting participants with access needs"],
            "successCriteria": ["How you will find participants"],
        }
    else:
        raise ValueError(lot)
    answers.update(overrides)
    return answers


@pytest.fixture
def buyer(db):
    return make_buyer(name="Priya Shah")


@pytest.fixture
def colleague(db):
    return make_buyer(name="Tom Reed")


@pytest.fixture
def other_buyer(db):
    """A buyer of another organisation (the Scottish Government)."""
    return make_buyer(email="outsider@gov.scot", name="Morag Campbell")


@pytest.fixture
def scottish_buyer(db):
    return make_buyer(email="officer@glasgow.gov.uk", name="Ewan Fraser")


@pytest.fixture
def set_clock(settings):
    """Move the shared platform clock to an aware moment (and keep it there for the test)."""
    settings.CLOCK_TRAVEL_ALLOWED = True

    def move(moment):
        advance_clock(moment - clock.now())
        return clock.now()

    return move


@pytest.fixture
def draft(buyer):
    """A complete draft on `lot`, owned by the buyer's organisation."""
    def make(lot=OUTCOMES, by=None, **overrides):
        return services.create_draft(lot, by or buyer, complete_answers(lot, **overrides))

    return make


@pytest.fixture
def live(draft, buyer):
    """A published requirement on `lot`."""
    def make(lot=OUTCOMES, by=None, **overrides):
        return services.publish_opportunity(draft(lot, by=by, **overrides), by or buyer)

    return make


SERVICE_OFFERS = {
    OUTCOMES: {"locations": ["London"], "capabilities": {"User research": ["Usability testing"]}},
    SPECIALISTS: {"roles": {"developer": {"locations": ["London"], "maxDayRate": "650"}}},
    PARTICIPANTS: {"locations": ["Wales"], "recruitmentMethods": ["Entirely recruited by the supplier"]},
}


@pytest.fixture
def supplier_offering(db):
    """A supplier user whose company is on the framework and offers `lot` (specialists: `roles`)."""
    def make(lot, roles=None, **kwargs):
        user = make_supplier_user(**kwargs)
        offer = SERVICE_OFFERS[lot]
        if roles:
            offer = {"roles": {role: {"locations": ["London"], "maxDayRate": "650"} for role in roles}}
        update_lot_service(user.supplier, lot, offer, by=user)
        return user

    return make
