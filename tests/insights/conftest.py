"""A small history of opportunities, built by hand so every insight's figures are known in advance.

Organisations: a department with an agency, which in turn has a laboratory (other public body); two councils and
an NHS trust. Opportunities are ordinary rows with the timestamps their status is derived from, and awards are
awarded applications, exactly as the services and the historic import leave them.
"""

import datetime as dt
from decimal import Decimal

import pytest

from marketplace import clock
from marketplace.applications.models import Application
from marketplace.frameworks.models import Framework, Lot
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.models import Organisation
from marketplace.suppliers.models import Supplier

UTC = dt.timezone.utc
OUTCOMES, SPECIALISTS, PARTICIPANTS = "digital-outcomes", "digital-specialists", "user-research-participants"
DOS6, DOS2 = "digital-outcomes-and-specialists-6", "digital-outcomes-and-specialists-2"


class History:
    """The hand-built history, with handles on its organisations and opportunities by number."""

    def __init__(self):
        self.organisations = {}
        self.opportunities = {}
        self.suppliers = {}

    def organisation(self, key, name, sector, parent=None):
        self.organisations[key] = Organisation.objects.create(
            name=name, sector=sector, parent=self.organisations.get(parent))
        return self.organisations[key]

    def supplier(self, size, name):
        self.suppliers[size] = Supplier.objects.create(
            name=name, registered_name=f"{name} Ltd", registration_number=f"0{len(self.suppliers) + 1}234567",
            trading_status="limited company", organisation_size=size, contact_name="Jo Bloggs",
            contact_email="jo@example.com", contact_phone="020 7946 0000")
        return self.suppliers[size]

    def opportunity(self, number, organisation, lot, published_at, outcome="closed", framework=DOS6, award=None):
        """`outcome`: live, closed, awarded, cancelled, unsuccessful or withdrawn. `award`: (supplier size,
        contract value)."""
        published_at = published_at if isinstance(published_at, dt.datetime) else dt.datetime.fromisoformat(
            published_at).replace(tzinfo=UTC)
        closing_at = published_at + dt.timedelta(days=14)
        decided = closing_at + dt.timedelta(days=10)
        opportunity = Opportunity.objects.create(
            framework=Framework.objects.get(slug=framework), lot=Lot.objects.get(slug=lot),
            organisation=self.organisations[organisation], title=f"Opportunity {number}",
            created_at=published_at, updated_at=published_at, published_at=published_at, closing_at=closing_at,
            withdrawn_at=published_at + dt.timedelta(days=1) if outcome == "withdrawn" else None,
            cancelled_at=decided if outcome == "cancelled" else None,
            unsuccessful_at=decided if outcome == "unsuccessful" else None,
            awarded_at=decided if outcome == "awarded" else None,
        )
        if award:
            size, value = award
            Application.objects.create(
                opportunity=opportunity, supplier=self.suppliers[size], created_at=published_at,
                updated_at=published_at, submitted_at=closing_at - dt.timedelta(days=1), awarded_at=decided,
                contract_value=Decimal(value), contract_start_date=decided.date() + dt.timedelta(days=30))
        self.opportunities[number] = opportunity
        return opportunity


def build_history():
    history = History()
    history.organisation("dept", "Department for Insight Tests", "central-government")
    history.organisation("agency", "Insight Tests Agency", "central-government", parent="dept")
    history.organisation("lab", "Insight Tests Laboratory", "other-public-body", parent="agency")
    history.organisation("ambridge", "Ambridge District Council", "local-government")
    history.organisation("borchester", "Borchester Borough Council", "local-government")
    history.organisation("trust", "Felpersham NHS Trust", "nhs-and-health")
    history.supplier("micro", "Tiny Digital")
    history.supplier("small", "Small Agile")
    history.supplier("medium", "Middling Consulting")
    history.supplier("large", "Enormous Systems")

    history.opportunity(1, "dept", OUTCOMES, "2023-01-15T10:00", "awarded", award=("micro", "100000.00"))
    history.opportunity(2, "dept", OUTCOMES, "2023-02-10T10:00", "cancelled")
    history.opportunity(3, "agency", OUTCOMES, "2023-05-01T10:00", "awarded", award=("small", "250000.50"))
    history.opportunity(4, "lab", SPECIALISTS, "2023-06-01T10:00", "closed")
    history.opportunity(5, "lab", SPECIALISTS, "2023-12-31T23:30", "unsuccessful")
    # 23:30 UTC on 31 March 2024 is 00:30 on 1 April in London: the second quarter there.
    history.opportunity(6, "ambridge", OUTCOMES, "2024-03-31T23:30", "awarded", award=("large", "0.00"))
    history.opportunity(7, "ambridge", PARTICIPANTS, "2023-03-01T10:00", "withdrawn")
    history.opportunity(8, "borchester", SPECIALISTS, "2023-04-01T09:00", "awarded", award=("medium", "5000"))
    history.opportunity(9, "trust", OUTCOMES, "2023-07-01T10:00", "closed", framework=DOS2)
    history.opportunity(10, "dept", SPECIALISTS, clock.now() - dt.timedelta(days=1), "live")
    # A draft is never counted.
    Opportunity.objects.create(
        framework=Framework.objects.get(slug=DOS6), lot=Lot.objects.get(slug=OUTCOMES),
        organisation=history.organisations["dept"], title="Unpublished draft", created_at=clock.now(),
        updated_at=clock.now())
    return history


@pytest.fixture
def history(db):
    return build_history()
