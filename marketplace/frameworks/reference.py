"""Reference data: the DOS frameworks, lots, specialist roles, locations and service vocabularies.

Declared once here; `load_reference_data()` writes it idempotently on every start.
"""

import datetime as dt

from django.db import transaction

from marketplace.clock import LONDON

from .models import Framework, Location, Lot, SpecialistRole

FRAMEWORKS = [
    # (generation, slug, name, status, live on, expires on); the live days are when each took its first
    # requirements (as in the published opportunity data and the demo history).
    (1, "digital-outcomes-and-specialists", "Digital Outcomes and Specialists", "expired",
     dt.date(2016, 4, 28), dt.date(2017, 8, 28)),
    (2, "digital-outcomes-and-specialists-2", "Digital Outcomes and Specialists 2", "expired",
     dt.date(2017, 2, 24), dt.date(2019, 4, 1)),
    (3, "digital-outcomes-and-specialists-3", "Digital Outcomes and Specialists 3", "expired",
     dt.date(2018, 10, 1), dt.date(2020, 7, 6)),
    (4, "digital-outcomes-and-specialists-4", "Digital Outcomes and Specialists 4", "expired",
     dt.date(2020, 1, 6), dt.date(2021, 8, 2)),
    (5, "digital-outcomes-and-specialists-5", "Digital Outcomes and Specialists 5", "expired",
     dt.date(2021, 2, 1), dt.date(2025, 4, 1)),
    (6, "digital-outcomes-and-specialists-6", "Digital Outcomes and Specialists 6", "live",
     dt.date(2024, 10, 1), dt.date(2028, 10, 1)),
]

# No newline at the end: the back office's form strips it, so saving a framework unchanged would change it.
AGREEMENT = """\
Framework agreement: {name}

1. This agreement is between the supplier named below and the Digital Marketplace, acting for every public body
that buys through {name}.
2. The supplier may ask questions about, and apply for, requirements published on {name} in the lots it passed,
from the day the platform countersigns this agreement until the framework expires.
3. The supplier keeps its company details, its declaration and its services true and up to date, and tells the
platform at once if any answer in its declaration stops being true.
4. A contract awarded through {name} is made between the buyer and the supplier on the call-off terms of the
framework; the buyer's requirement and the supplier's application form part of it.
5. The platform may suspend or remove a supplier that breaks this agreement, after telling it why."""


def timetable(live_on, expires_on):
    """Sensible dates for a framework that goes live on `live_on`: applications close ten weeks before, with
    clarification questions two weeks before that, and results four weeks before going live."""
    def at(day, hour):
        return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)

    closes = live_on - dt.timedelta(weeks=10)
    return {"clarifications_close_at": at(closes - dt.timedelta(weeks=2), 17),
            "applications_close_at": at(closes, 17), "results_at": at(live_on - dt.timedelta(weeks=4), 9),
            "live_at": at(live_on, 9), "expires_at": at(expires_on, 0)}

LOTS = [
    # (slug, name, takes requirements)
    ("digital-outcomes", "Digital outcomes", True),
    ("digital-specialists", "Digital specialists", True),
    ("user-research-participants", "User research participants", True),
    ("user-research-studios", "User research studios", False),
]
REQUIREMENT_LOTS = [slug for slug, _, takes in LOTS if takes]

SPECIALIST_ROLES = {
    "agileCoach": "Agile coach",
    "businessAnalyst": "Business analyst",
    "communicationsManager": "Communications manager",
    "contentDesigner": "Content designer",
    "securityConsultant": "Cyber security consultant",
    "dataArchitect": "Data architect",
    "dataEngineer": "Data engineer",
    "dataScientist": "Data scientist",
    "deliveryManager": "Delivery manager",
    "designer": "Designer",
    "developer": "Developer",
    "performanceAnalyst": "Performance analyst",
    "portfolioManager": "Portfolio manager",
    "productManager": "Product manager",
    "programmeManager": "Programme manager",
    "qualityAssurance": "Quality assurance analyst",
    "serviceManager": "Service manager",
    "technicalArchitect": "Technical architect",
    "userResearcher": "User researcher",
    "webOperations": "Web operations engineer",
}

REGIONS = [
    "North East England",
    "North West England",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East England",
    "South West England",
    "Scotland",
    "Wales",
    "Northern Ireland",
]
OFFSITE = "Offsite"
INTERNATIONAL = "International (outside the UK)"
# Where an opportunity's work can be: what the catalogue, its API and alerts filter by.
OPPORTUNITY_LOCATIONS = (*REGIONS, OFFSITE, INTERNATIONAL)

OUTCOME_CAPABILITIES = {
    "User experience and design": [
        "Accessibility", "Content design and copywriting", "Interaction design", "Prototyping",
        "Service design", "User experience and design strategy", "Visual design",
    ],
    "Performance analysis and data": [
        "Data analysis", "Data science", "Data visualisation", "Performance analysis and reporting",
        "Search engine optimisation",
    ],
    "Security": [
        "Firewall audit", "Infrastructure review", "IT health check", "Penetration testing",
        "Security policy", "Security strategy",
    ],
    "Service delivery": [
        "Agile coaching", "Business analysis", "Change and transformation", "Delivery management",
        "Product management", "Programme management", "Service management",
    ],
    "Software development": [
        "API development", "Back-end web development", "Front-end web development",
        "Mobile application development", "Systems integration", "Open source development",
    ],
    "Support and operations": [
        "Database administration", "Infrastructure operations", "Service desk", "Web operations",
    ],
    "Testing and auditing": [
        "Accessibility testing", "Functional testing", "Load and performance testing", "Security testing",
    ],
    "User research": [
        "Contextual research", "Surveys", "Usability testing", "User research strategy",
    ],
}

RECRUITMENT_METHODS = [
    "Entirely recruited by the supplier",
    "Recruited from the supplier's own panel",
    "Recruited with the buyer's help (for example from the buyer's own users)",
]


@transaction.atomic
def load_reference_data():
    """Write the frameworks, lots, roles and locations; safe to run on every start."""
    lots = []
    for ordering, (slug, name, takes) in enumerate(LOTS):
        lot, _ = Lot.objects.update_or_create(
            slug=slug, defaults={"name": name, "takes_requirements": takes, "ordering": ordering}
        )
        lots.append(lot)
    for generation, slug, name, status, live_on, expires_on in FRAMEWORKS:
        framework, created = Framework.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "short_name": f"DOS{generation}" if generation > 1 else "DOS",
                      "generation": generation, "status": status},
        )
        # An admin may have moved a framework on, or changed its dates, since: only what is missing is set.
        if created or not framework.lots.exists():
            framework.lots.set(lots)
        missing = {field: value for field, value in timetable(live_on, expires_on).items()
                   if getattr(framework, field) is None}
        if not framework.agreement_text:
            missing["agreement_text"] = AGREEMENT.format(name=name)
        if missing:
            Framework.objects.filter(pk=framework.pk).update(**missing)
    for slug, label in SPECIALIST_ROLES.items():
        SpecialistRole.objects.update_or_create(slug=slug, defaults={"label": label})
    places = [(name, True, True) for name in REGIONS] + [(OFFSITE, True, False), (INTERNATIONAL, False, True)]
    for ordering, (name, outcomes, participants) in enumerate(places):
        Location.objects.update_or_create(
            name=name,
            defaults={"ordering": ordering, "for_outcomes_and_specialists": outcomes,
                      "for_research_participants": participants},
        )


def live_framework():
    """The framework new requirements go on: the newest live one, or None."""
    return Framework.objects.filter(status=Framework.Status.LIVE).order_by("-generation").first()
