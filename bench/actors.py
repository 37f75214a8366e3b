"""People and requirements for the load and fault benchmarks, made in the benchmark's own process through the
services (Django is set up by the script that imports this), each run with names of its own."""

import datetime as dt
import time

from marketplace import clock
from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role
from marketplace.frameworks.reference import live_framework
from marketplace.suppliers.models import FrameworkMembership
from marketplace.suppliers.services import update_lot_service

PASSWORD = "orange kettle harbour bench"
RUN = str(int(time.time()))


def buyer(n):
    return accounts.create_user(role=Role.BUYER, email=f"bench{RUN}-{n}@homeoffice.gov.uk", name="Priya Shah",
                                password=PASSWORD)


def supplier(n):
    """A supplier user on the live framework offering developers in London (what `requirement` asks for)."""
    user = accounts.create_user(role=Role.SUPPLIER, email=f"bench{RUN}-{n}@supplier{RUN}-{n}.example.com",
                                name="Sam Okafor", password=PASSWORD, supplier_name=f"Bench {RUN} {n} Ltd",
                                supplier_size="small")
    FrameworkMembership.objects.get_or_create(supplier=user.supplier, framework=live_framework(),
                                              defaults={"joined_at": clock.now()})
    update_lot_service(user.supplier, "digital-specialists",
                       {"roles": {"developer": {"locations": ["London"], "maxDayRate": "900"}}}, by=user)
    return user


def token(user):
    return accounts.create_api_token(user)


def requirement(title="Developer to build a booking service"):
    """A complete digital specialists requirement, as the API takes it."""
    start = (clock.today_in_london() + dt.timedelta(days=60)).isoformat()
    return {
        "lot": "digital-specialists", "title": title, "specialistRole": "developer", "location": "London",
        "summary": "A developer to build the online booking service for driving tests.",
        "specialistWork": "Build the booking front end and its API in Python and Django.",
        "existingTeam": "A delivery manager, a designer and two developers.",
        "workplaceAddress": "2 Marsham Street, London SW1P 4DF", "workingArrangements": "Two days a week on site.",
        "startDate": start, "employmentStatus": "supply of resource", "numberOfSuppliers": 3,
        "technicalWeighting": 75, "culturalWeighting": 5, "priceWeighting": 20,
        "essentialRequirements": ["Python and Django", "Building accessible services"],
        "culturalFitCriteria": ["Pairing with civil servants"], "requirementsLength": "1 week",
    }


def application_answers(email):
    """Complete answers to `requirement`'s application."""
    return {"availability": (clock.today_in_london() + dt.timedelta(days=30)).isoformat(),
            "essentialRequirementsMet": True, "dayRate": "600",
            "essentialRequirements": [{"evidence": "We have done this for three departments."}] * 2,
            "niceToHaveRequirements": [], "respondToEmailAddress": email}
