"""Generate realistic published opportunities for benchmarks: varied titles, summaries and requirements, a mix of
lots, statuses, locations and organisations. Writes straight to the database in batches (the same rows and search
entries the services write), because creating a million through the web would take days.

Closed opportunities get outcomes in the original marketplace's proportions: about half awarded (to a supplier from
a pool of a few thousand of every size, with a contract value and start date), a tenth cancelled, a twelfth
unsuccessful. Like the original marketplace's data, each carries its SME and large application counts: it is
written the way the importer writes a historic row (a HistoricRecord with its file row, a historic winner's award).
Outcomes are drawn from a random stream of their own, so a seed still gives the same opportunities as before.

    .venv/bin/python bench/generate.py 100000        # uses DATABASE_URL like the service
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from marketplace import clock  # noqa: E402
from marketplace.clock import LONDON  # noqa: E402
from marketplace.applications.models import Application  # noqa: E402
from marketplace.frameworks.models import Framework, Lot  # noqa: E402
from marketplace.frameworks.reference import (  # noqa: E402
    INTERNATIONAL, OFFSITE, REGIONS, SPECIALIST_ROLES, load_reference_data)
from marketplace.opendata.export_csv import file_date, file_number  # noqa: E402
from marketplace.opendata.models import HistoricRecord  # noqa: E402
from marketplace.opportunities.dates import TWO_WEEKS  # noqa: E402
from marketplace.opportunities.models import Opportunity, Status  # noqa: E402
from marketplace.organisations.models import Organisation, Sector  # noqa: E402
from marketplace.organisations.seed import load_seed_register  # noqa: E402
from marketplace.search.index import indexed_terms, prune_live_entries  # noqa: E402
from marketplace.search.models import SearchEntry  # noqa: E402
from marketplace.suppliers.models import OrganisationSize, Supplier  # noqa: E402

SERVICES = ["booking service", "benefits claims", "passport applications", "council tax payments", "bin collections",
            "planning applications", "patient records", "appointment booking", "school admissions",
            "driving licence renewals", "court hearings", "case management", "grant applications",
            "housing repairs", "parking permits", "licensing", "fraud detection", "data platform",
            "digital identity", "contact centre", "payments platform", "open data portal", "intranet",
            "workforce planning", "vaccination bookings", "library services", "legal aid applications"]
VERBS = ["build", "improve", "redesign", "run", "support", "migrate", "replace", "discover needs for", "test",
         "scale", "secure", "modernise"]
PHASES = ["discovery", "alpha", "beta", "live"]
SKILLS = ["agile delivery", "user-centred design", "accessible services", "Python and Django", "Java and Spring",
          "cloud hosting on AWS", "Azure infrastructure", "data engineering pipelines", "statistical modelling",
          "content design", "user research with vulnerable people", "service design", "GOV.UK Design System",
          "security clearance", "penetration testing", "performance analysis", "API design", "legacy migration",
          "DevOps and continuous delivery", "stakeholder management", "working in multidisciplinary teams",
          "the Technology Code of Practice", "the Service Standard", "open source", "React front ends",
          "mobile applications", "machine learning", "product ownership", "business analysis", "quality assurance"]
CONTRACT_LENGTHS = ["", "3 months", "6 months", "12 months", "2 years", "Up to 2 years", "18 months", "24 months"]
SUPPLIER_WORDS = ["Agile", "Blue", "Bright", "Civic", "Clear", "Digital", "North", "Open", "Public", "Red", "Signal",
                  "Thames", "Pennine", "Harbour", "Kite", "Lantern", "Meridian", "Oak", "Quarry", "Union"]
# Shares of the closed opportunities; the rest stay closed with no outcome.
OUTCOMES = ((Status.AWARDED, 0.50), (Status.CANCELLED, 0.10), (Status.UNSUCCESSFUL, 0.08))
SUPPLIER_SIZES = {OrganisationSize.MICRO: 20, OrganisationSize.SMALL: 35, OrganisationSize.MEDIUM: 20,
                  OrganisationSize.LARGE: 25}
# Historic records are numbered after the original marketplace's IDs, so importing its file never meets them.
SOURCE_ID_OFFSET = 10_000_000
PEOPLE = ["residents", "citizens", "caseworkers", "nurses", "teachers", "applicants", "small businesses",
          "police officers", "carers", "drivers", "students", "landlords"]


def sentence(rng):
    return (f"We need help to {rng.choice(VERBS)} our {rng.choice(SERVICES)} so that {rng.choice(PEOPLE)} can "
            f"{rng.choice(['apply online', 'get help quickly', 'pay without calling us', 'track progress', 'book appointments'])} "
            f"during the {rng.choice(PHASES)} phase.")


def make_organisations(rng, count):
    have = list(Organisation.objects.all())
    sectors = [Sector.LOCAL_GOVERNMENT, Sector.NHS_AND_HEALTH, Sector.CENTRAL_GOVERNMENT, Sector.POLICE_AND_JUSTICE,
               Sector.EDUCATION]
    for n in range(len(have), count):
        sector = rng.choice(sectors)
        name = {"local-government": f"Borough Council {n}", "nhs-and-health": f"NHS Foundation Trust {n}",
                "central-government": f"Agency {n}", "police-and-justice": f"Constabulary {n}",
                "education": f"University {n}"}[sector]
        have.append(Organisation.objects.get_or_create(name=f"Benchmark {name}", defaults={"sector": sector})[0])
    return have


def make_suppliers(rng, count):
    """A pool of historic winners (a name and a size, like the importer's) of every size."""
    have = list(Supplier.objects.filter(is_historic=True, name__startswith="Benchmark "))
    new = []
    for n in range(len(have), count):
        size = rng.choices(list(SUPPLIER_SIZES), weights=list(SUPPLIER_SIZES.values()))[0]
        name = f"Benchmark {rng.choice(SUPPLIER_WORDS)} {rng.choice(SUPPLIER_WORDS)} {n} Ltd"
        new.append(Supplier(name=name, registered_name=name, organisation_size=size, is_historic=True))
    return have + Supplier.objects.bulk_create(new)


def outcome(rng, opportunity, now):
    """Set the outcome of a closed opportunity; returns the status it now has. An outcome comes a few weeks after
    closing, so one that closed recently may have none yet."""
    draw = rng.random()
    for status, share in OUTCOMES:
        if draw < share:
            break
        draw -= share
    else:
        return Status.CLOSED
    decided = opportunity.closing_at + dt.timedelta(days=rng.uniform(3, 60))
    if decided >= now:
        return Status.CLOSED
    setattr(opportunity, f"{status.value}_at", decided)
    return status


def award(rng, opportunity, suppliers):
    """The winning application, as the importer writes a historic award."""
    return Application(
        opportunity=opportunity, supplier=rng.choice(suppliers), created_at=opportunity.published_at,
        updated_at=opportunity.awarded_at, submitted_at=opportunity.closing_at, awarded_at=opportunity.awarded_at,
        contract_value=round(Decimal(min(rng.lognormvariate(11.8, 1.3), 36_000_000)), 2),
        contract_start_date=(opportunity.awarded_at + dt.timedelta(days=rng.uniform(7, 60))).date())


def historic_record(rng, opportunity, status, winner, now):
    """The opportunity's row as the original file had it, read into a HistoricRecord as the importer does."""
    sme, large = int(rng.expovariate(1 / 11.8)), int(rng.expovariate(1 / 3.1))
    published_on = opportunity.published_at.astimezone(LONDON).date()
    source_id = SOURCE_ID_OFFSET + opportunity.pk
    link = f"{settings.BASE_URL}/opportunities/{source_id}"
    raw = {
        "ID": str(source_id), "Opportunity": opportunity.title, "Link": link,
        "Framework": opportunity.framework.slug, "Category": opportunity.lot.slug,
        "Specialist": opportunity.specialist_role, "Organisation Name": opportunity.organisation.name,
        "Buyer Domain": "", "Location Of The Work": opportunity.location, "Published At": file_date(published_on),
        "Open For": TWO_WEEKS, "Expected Contract Length": rng.choice(CONTRACT_LENGTHS),
        "Applications from SMEs": file_number(sme), "Applications from Large Organisations": file_number(large),
        "Total Organisations": file_number(sme + large), "Status": status.value,
        "Winning supplier": winner.supplier.name if winner else "",
        "Size of supplier": winner.supplier.organisation_size if winner else "",
        "Contract amount": file_number(winner.contract_value) if winner else "",
        "Contract start date": file_date(winner.contract_start_date) if winner else "",
    }
    return HistoricRecord(
        opportunity=opportunity, source_id=source_id, link=link, organisation_name=opportunity.organisation.name,
        open_for=TWO_WEEKS, published_on=published_on, sme_applications=sme, large_applications=large,
        total_organisations=sme + large, raw=raw, imported_at=now)


def write_outcomes(rng, created, statuses, suppliers, now):
    """The awards and historic records of a batch of opportunities just written, whose outcomes were set."""
    awards, records = [], []
    for opportunity, status in zip(created, statuses):
        if status is None:
            continue
        winner = award(rng, opportunity, suppliers) if status == Status.AWARDED else None
        if winner:
            awards.append(winner)
        records.append(historic_record(rng, opportunity, status, winner, now))
    Application.objects.bulk_create(awards)
    HistoricRecord.objects.bulk_create(records)


def generate(total, seed=2026, batch=5000):
    rng = random.Random(seed)
    outcome_rng = random.Random(seed + 1)
    load_reference_data()
    load_seed_register()
    organisations = make_organisations(rng, 400)
    suppliers = make_suppliers(outcome_rng, 3000)
    lots = {lot.slug: lot for lot in Lot.objects.filter(takes_requirements=True)}
    frameworks = list(Framework.objects.order_by("generation"))
    roles = list(SPECIALIST_ROLES)
    now = clock.now()
    start = Opportunity.objects.count()
    made = 0
    # The horizon moved on to now first, as a service's daily pruning keeps it: history written here that closed
    # before it is not copied into the live entries at all. Copying every entry and pruning at the end would
    # leave the live table its full size of 1,000,000 rows, holding a few thousand, which production never is.
    prune_live_entries(now)
    began = time.monotonic()
    while made < total:
        rows, statuses = [], []
        for _ in range(min(batch, total - made)):
            lot = rng.choices(list(lots), weights=[45, 45, 10])[0]
            role = rng.choice(roles) if lot == "digital-specialists" else ""
            location = rng.choice(REGIONS + [OFFSITE] if lot != "user-research-participants"
                                  else REGIONS + [INTERNATIONAL])
            service = rng.choice(SERVICES)
            title = (f"{SPECIALIST_ROLES[role]} to {rng.choice(VERBS)} {service}" if role
                     else f"{rng.choice(PHASES).capitalize()} for {service}")[:100]
            summary = sentence(rng)
            essentials = [f"Experience of {s}" for s in rng.sample(SKILLS, rng.randint(2, 6))]
            nice = [f"Knowledge of {s}" for s in rng.sample(SKILLS, rng.randint(0, 3))]
            # about 1 in 100 live, 2 in 100 withdrawn; the rest closed over ten years
            age_days = rng.uniform(0, 3650)
            published = now - dt.timedelta(days=age_days)
            live = rng.random() < 0.01
            if live:
                published = now - dt.timedelta(days=rng.uniform(0, 6))
            closing = published + dt.timedelta(days=14)
            organisation = rng.choice(organisations)
            data = {"title": title, "summary": summary, "essentialRequirements": essentials,
                    "niceToHaveRequirements": nice, "location": location,
                    "numberOfSuppliers": 5, "technicalWeighting": 60, "culturalWeighting": 10, "priceWeighting": 30}
            if role:
                data["specialistRole"] = role
            framework = frameworks[min(len(frameworks) - 1, int((3650 - age_days) / 3650 * len(frameworks)))]
            rows.append(Opportunity(
                framework=framework, lot=lots[lot], organisation=organisation, title=title, specialist_role=role,
                location=location, data=data, created_at=published, updated_at=published, published_at=published,
                questions_close_at=published + dt.timedelta(days=5), answers_by=closing - dt.timedelta(days=1),
                closing_at=closing, withdrawn_at=published + dt.timedelta(days=2) if rng.random() < 0.02 else None,
            ))
            closed = rows[-1].withdrawn_at is None and closing < now
            statuses.append(outcome(outcome_rng, rows[-1], now) if closed else None)

        with transaction.atomic():
            created = Opportunity.objects.bulk_create(rows)
            SearchEntry.objects.bulk_create([
                SearchEntry(opportunity_id=o.pk, lot=o.lot.slug, location=o.location,
                            specialist_role=o.specialist_role, published_at=o.published_at,
                            closing_at=o.closing_at, withdrawn=o.withdrawn_at is not None,
                            terms=indexed_terms(o))
                for o in created
            ])
            write_outcomes(outcome_rng, created, statuses, suppliers, now)
        made += len(rows)
        rate = made / (time.monotonic() - began)
        print(f"\r{start + made:,} opportunities ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    prune_live_entries(clock.now())  # as the scheduled job does: the history written is closed
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, which lets PostgreSQL count index matches without reading rows;
        # autovacuum does the same in production.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("total", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.total, seed=args.seed)
