"""A made-up history for the demo: some 1,500 past opportunities from 2016 to 2024, so the insights have
something to show before anyone imports the real file.

The file is written in the original marketplace's opportunity-data format (the 2018 file's 20 columns and its way
of writing numbers and dates), so the demo brings it in through the same importer as the real file, idempotently.
Everything in it is invented from the word lists below, with a fixed seed: the buyers are real organisations of
the seed register, each under one of its own domains (so every row matches by domain), but the titles, the
numbers and the winning companies are not theirs and never came from the real file. The shares (lots, statuses,
supplier sizes, contract values) are roughly those of the real file. The file has no Link column values: these
opportunities were never published anywhere.

The generated file is committed (HISTORY_FILE); `scripts/update-demo-history` writes it again after the generator
or the register changes, and a test checks the two never drift apart.
"""

import csv
import datetime as dt
import io
import math
import random
from decimal import Decimal
from pathlib import Path

from marketplace.frameworks.reference import OFFSITE, SPECIALIST_ROLES
from marketplace.opendata.export_csv import file_count, file_number
from marketplace.opendata.importer import REQUIRED_COLUMNS, import_dm_csv
from marketplace.opendata.models import HistoricRecord
from marketplace.opportunities.dates import OPEN_FOR_DAYS
from marketplace.organisations.seed import read_register
from marketplace.organisations.services import SHARED_DOMAINS

HISTORY_FILE = Path(__file__).parent / "seed" / "synthetic-opportunity-data.csv"
SEED = 20160428  # the day the original marketplace published its first opportunity
OPPORTUNITIES = 1500
# Far above the original marketplace's IDs, so importing its real files beside the demo never mixes the two.
FIRST_ID = 100001

# Roughly when each framework took new requirements; the history ends when the sixth began.
FRAMEWORK_STARTS = [
    ("digital-outcomes-and-specialists", dt.date(2016, 4, 28)),
    ("digital-outcomes-and-specialists-2", dt.date(2017, 2, 24)),
    ("digital-outcomes-and-specialists-3", dt.date(2018, 10, 1)),
    ("digital-outcomes-and-specialists-4", dt.date(2020, 1, 6)),
    ("digital-outcomes-and-specialists-5", dt.date(2021, 2, 1)),
]
LAST_DAY = dt.date(2024, 9, 30)
OPPORTUNITIES_A_YEAR = {2016: 110, 2017: 190, 2018: 200, 2019: 200, 2020: 185, 2021: 200, 2022: 180, 2023: 165,
                        2024: 130}

OUTCOMES, SPECIALISTS, PARTICIPANTS = "digital-outcomes", "digital-specialists", "user-research-participants"
LOT_SHARES = {OUTCOMES: 44, SPECIALISTS: 51, PARTICIPANTS: 5}
# Status shares in percent; "closed" ones never had an outcome recorded.
STATUS_SHARES = {"awarded": 55, "cancelled": 10, "unsuccessful": 8, "closed": 27}
# Awards without any details, as some buyers of the original marketplace left them.
UNDESCRIBED_AWARDS = 0.015

SECTOR_SHARES = {"central-government": 44, "other-public-body": 14, "nhs-and-health": 14, "local-government": 13,
                 "police-and-justice": 6, "devolved-administration": 5, "education": 4}
# The busiest buyers of each sector, busiest first (as in the real file, the big departments lead); the rest of a
# sector follows in a shuffled order, each publishing less than the one before.
BUSIEST = ["Home Office", "HM Revenue and Customs", "Ministry of Justice", "Department for Work and Pensions",
           "Government Digital Service", "Ministry of Defence", "Department for Education", "Cabinet Office",
           "NHS Digital", "NHS England", "NHS Business Services Authority", "Public Health England",
           "London Borough of Hackney", "Leeds City Council", "Kent County Council", "Manchester City Council",
           "Metropolitan Police Service", "HM Courts and Tribunals Service", "Crown Prosecution Service",
           "Scottish Government", "Welsh Government", "Environment Agency", "Student Loans Company",
           "Ordnance Survey", "The Open University", "University College London"]

# Specialist roles by how often the real file asks for them; the data roles came with the fourth framework.
ROLE_SHARES = {"developer": 24, "businessAnalyst": 14, "technicalArchitect": 13, "deliveryManager": 11,
               "programmeManager": 8, "webOperations": 8, "securityConsultant": 6, "userResearcher": 6,
               "designer": 5, "productManager": 5, "qualityAssurance": 3, "serviceManager": 3, "agileCoach": 2,
               "contentDesigner": 3, "portfolioManager": 2, "communicationsManager": 1, "performanceAnalyst": 1,
               "dataEngineer": 4, "dataScientist": 3, "dataArchitect": 2}
DATA_ROLES = {"dataEngineer", "dataScientist", "dataArchitect"}
DATA_ROLES_FROM = 4

# Where the work is for buyers the register places in England but not in a region: London first, as in the file.
ENGLAND_SHARES = {"London": 50, "South West England": 9, "South East England": 6, "Yorkshire and the Humber": 6,
                  "North West England": 5, "North East England": 3, "West Midlands": 3, "East Midlands": 2,
                  "East of England": 2, OFFSITE: 14}
# Words in a register name that place a body in a region (councils, trusts, forces, universities).
PLACES = {
    "London": ["London", "Lambeth", "Hackney", "Southwark", "Lewisham", "Newham", "Brent", "Redbridge", "Barking",
               "Waltham Forest", "Camden", "Guy's", "Moorfields", "Brompton", "Maudsley", "Wandsworth", "Kingston",
               "Metropolitan Police"],
    "North West England": ["Manchester", "Liverpool", "Mersey", "Oldham", "Sefton", "Stockport", "Tameside",
                           "Lancashire", "Allerdale", "Pennine", "North West"],
    "Yorkshire and the Humber": ["Leeds", "Bradford", "Doncaster", "Yorkshire", "York St John", "Lincolnshire"],
    "North East England": ["Newcastle", "Durham"],
    "East Midlands": ["Nottingham", "Derby", "Leicester", "Northampton", "Kettering", "Bassetlaw", "East Midlands"],
    "West Midlands": ["Birmingham", "Wolverhampton", "Warwickshire", "Coventry", "West Midlands", "Wye Valley"],
    "East of England": ["Essex", "Chelmsford", "Suffolk", "James Paget", "East of England", "East Anglia",
                        "Cambridge"],
    "South East England": ["Kent", "Sussex", "Tunbridge", "Berkshire", "Oxford", "Medway"],
    "South West England": ["Bristol", "Bath", "Cornwall", "Devon", "Dorset", "Somerset", "Taunton", "Gloucester",
                           "Exeter", "Swindon"],
}
NATIONS = {"scotland": "Scotland", "wales": "Wales", "northern-ireland": "Northern Ireland"}

# What each sector's users do, and the programmes its teams work on.
SERVICES = {
    "central-government": ["applying for a licence", "claiming a refund", "reporting a change of circumstances",
                           "booking an appointment", "paying a penalty", "registering a business",
                           "checking an application's progress", "appealing a decision", "applying for a grant",
                           "renewing a certificate"],
    "local-government": ["reporting a missed bin collection", "applying for a blue badge", "booking a school place",
                         "requesting a housing repair", "applying for council tax support", "finding care at home",
                         "registering a birth", "booking a bulky waste collection", "reporting fly-tipping"],
    "nhs-and-health": ["booking an outpatient appointment", "ordering a repeat prescription",
                       "finding a dental practice", "managing a referral", "giving feedback on care",
                       "applying for a training post", "recording a blood donation"],
    "police-and-justice": ["reporting a crime online", "paying a court fine", "giving a witness statement",
                           "applying for a firearms licence", "tracking a case", "visiting someone in prison"],
    "education": ["applying for a course", "enrolling as a student", "booking a careers appointment",
                  "submitting coursework", "applying for a bursary"],
    "devolved-administration": ["applying for a farming grant", "renewing a licence", "applying for a bus pass",
                                "claiming a hardship payment", "booking a road test"],
    "other-public-body": ["applying for funding", "renewing a membership", "making a complaint",
                          "registering an interest", "checking a register", "booking a visit"],
}
PROGRAMMES = {
    "central-government": ["digital licensing", "border systems", "tax transformation", "benefits modernisation",
                           "workforce systems", "open data", "identity verification", "legacy replacement"],
    "local-government": ["adult social care", "waste and recycling", "planning", "council tax", "housing",
                         "libraries", "school admissions", "highways"],
    "nhs-and-health": ["patient records", "outpatient transformation", "clinical data", "staff rostering",
                       "referrals", "screening"],
    "police-and-justice": ["digital evidence", "custody records", "case files", "courts reform", "crime recording"],
    "education": ["student records", "admissions", "research data", "learning platform"],
    "devolved-administration": ["rural payments", "digital public services", "transport", "social security"],
    "other-public-body": ["grants", "customer portal", "records management", "data platform", "membership"],
}
SYSTEMS = ["the case management system", "the public website", "the intranet", "the data warehouse",
           "the grants platform", "the payments platform", "the customer contact centre", "the finance system",
           "the mobile app", "the booking system", "the document store", "the identity service"]
OUTCOME_TITLES = ["Discovery: {service}", "Alpha: {service} online", "Beta: {service} online",
                  "Live support: {service} online", "Replace {system}", "Move {system} to the cloud",
                  "Accessibility audit of {system}", "IT health check of {system}", "Support and hosting for {system}",
                  "Data migration from {system}", "Performance testing of {system}",
                  "Service design for the {programme} programme", "Agile delivery team for {programme}",
                  "Data and analytics for {programme}"]
SPECIALIST_TITLES = ["{role} for the {programme} programme", "Senior {lower} for {programme}",
                     "{role} - {programme}", "{role} to join the {programme} team", "Interim {lower} for {programme}",
                     "Lead {lower}: {service} online", "{role} for {system}"]
PARTICIPANT_TITLES = ["Participants for research on {service}", "Recruit {audience} for research on {service}",
                      "User research participants: {audience}", "Usability testing with {audience}",
                      "Research participants for the {programme} programme"]
AUDIENCES = ["people with access needs", "small business owners", "unpaid carers", "tenants", "older people",
             "people who rarely use the internet", "parents of young children", "frontline staff", "young people",
             "people who speak Welsh", "farmers", "recent arrivals to the UK", "people with low literacy",
             "self-employed people", "clinicians"]
CONTRACT_LENGTHS = {
    OUTCOMES: ["3 months", "6 months", "9 months", "12 months", "18 months", "2 years", "Up to 2 years",
               "12 weeks", "8 weeks", "6 months with an option to extend by 3 months",
               "Discovery 8 weeks, then alpha if approved", ""],
    SPECIALISTS: ["3 months", "6 months", "6 months with an option to extend", "9 months", "12 months",
                  "Up to 2 years", "100 days", "60 days over 4 months", ""],
    PARTICIPANTS: ["4 weeks", "6 weeks", "3 months", "2 rounds over 8 weeks", "6 months", ""],
}
# How long each lot's opportunities were open, by share; specialists were often wanted within the week.
OPEN_FOR = {OUTCOMES: {"2 weeks": 85, "1 week": 15}, SPECIALISTS: {"2 weeks": 50, "1 week": 50},
            PARTICIPANTS: {"2 weeks": 55, "1 week": 45}}
# (median organisations applying, share of them that are SMEs)
APPLICANTS = {OUTCOMES: (10, 0.7), SPECIALISTS: (14, 0.85), PARTICIPANTS: (4, 0.97)}

# The winners: invented place-like names (none is a real company), weighted by size like the real file per lot.
NAME_STARTS = ["Bramble", "Kestrel", "Otter", "Heron", "Lantern", "Copper", "Juniper", "Marsh", "Thistle",
               "Saffron", "Pebble", "Willow", "Amber", "Larch", "Rowan", "Hazel", "Puffin", "Wren", "Foxglove",
               "Sorrel", "Tansy", "Linnet", "Badger", "Teasel"]
NAME_ENDS = ["wick", "mere", "combe", "holt", "thorpe", "stow", "haven", "croft", "gate", "brook", "ley", "field"]
TRADES = {"micro": ["Research", "Design", "Studio", "Labs", "Digital"],
          "small": ["Digital", "Labs", "Consulting", "Data", "Research", "Technology"],
          "medium": ["Digital", "Consulting", "Technology", "Systems", "Data"],
          "large": ["Technology Group", "Consulting", "Systems", "Solutions", "Services Group"]}
SUPPLIERS_BY_SIZE = {"micro": 28, "small": 44, "medium": 26, "large": 22}
WINNER_SIZES = {OUTCOMES: {"micro": 9, "small": 40, "medium": 16, "large": 35},
                SPECIALISTS: {"micro": 25, "small": 35, "medium": 23, "large": 17},
                PARTICIPANTS: {"micro": 47, "small": 37, "medium": 16, "large": 0}}
# (median contract value, spread as the sigma of its logarithm); specialists are a day rate times days.
CONTRACT_VALUES = {OUTCOMES: (180_000, 1.2), PARTICIPANTS: (20_000, 0.8)}
DAY_RATES = (450, 1100)
SPECIALIST_DAYS = (20, 240)
SMALLEST, LARGEST = 5_000, 5_000_000


def _pick(rng, shares):
    """One key of `shares`, chosen in proportion to its value."""
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _framework_on(day):
    """The framework taking requirements on `day`, and its generation (1 for the first)."""
    started = [slug for slug, first in FRAMEWORK_STARTS if first <= day]
    return started[-1], len(started)


def _publishing_days(rng):
    """OPPORTUNITIES weekdays from the first framework's start to LAST_DAY, busier years busier, in order."""
    days, weights = [], []
    day = FRAMEWORK_STARTS[0][1]
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
            weights.append(OPPORTUNITIES_A_YEAR[day.year])
        day += dt.timedelta(days=1)
    return sorted(rng.choices(days, weights=weights, k=OPPORTUNITIES))


def _region(organisation):
    if organisation["nation"] in NATIONS:
        return NATIONS[organisation["nation"]]
    if organisation["nation"] == "england":
        for region, words in PLACES.items():
            if any(word in organisation["name"] for word in words):
                return region
    return None


def _buyers(rng):
    """The register's organisations that have a domain of their own, each with a weight: within its sector, some
    publish far more than others."""
    register = [row for row in read_register()
                if any(domain not in SHARED_DOMAINS for domain in row["domains"])]
    busiest = {name: rank for rank, name in enumerate(BUSIEST)}
    buyers = []
    for sector, share in SECTOR_SHARES.items():
        members = [row for row in register if row["sector"] == sector]
        rng.shuffle(members)
        members.sort(key=lambda row: busiest.get(row["name"], len(busiest)))
        ranks = [1 / (rank + 1) ** 0.8 for rank in range(len(members))]
        buyers += [({**row, "region": _region(row)}, share * rank / sum(ranks))
                   for row, rank in zip(members, ranks)]
    return buyers


def _suppliers(rng):
    """{size: [(name, weight)]}: about 120 invented companies; a few of each size win most of its awards."""
    starts = [start + end for start in NAME_STARTS for end in NAME_ENDS]
    rng.shuffle(starts)
    suppliers = {}
    for size, count in SUPPLIERS_BY_SIZE.items():
        chosen, starts = starts[:count], starts[count:]
        suffix = "plc" if size == "large" else "Ltd"
        suppliers[size] = [(f"{start} {rng.choice(TRADES[size])} {suffix}", 1 / (rank + 1) ** 0.8)
                           for rank, start in enumerate(chosen)]
    return suppliers


def _location(rng, buyer, lot):
    """A buyer with a region or nation works there, or now and then offsite; the others mostly in London, as in
    the file. Research participants are always somewhere (never offsite)."""
    region = buyer["region"]
    if region:
        location = region if rng.random() < 0.85 else OFFSITE
    else:
        location = _pick(rng, ENGLAND_SHARES)
    return (region or "London") if lot == PARTICIPANTS and location == OFFSITE else location


def _domain(rng, buyer, day):
    """One of the buyer's own domains; the secure-network ones (gsi) went out of use in 2019."""
    domains = [domain for domain in buyer["domains"] if domain not in SHARED_DOMAINS]
    current = [domain for domain in domains if ".gsi." not in f".{domain}"]
    return rng.choice(current if day.year >= 2019 and current else domains)


def _organisation_name(rng, buyer):
    """The register's name mostly; sometimes one of its other names, as buyers typed them."""
    if buyer["other_names"] and rng.random() < 0.2:
        return rng.choice(buyer["other_names"])
    return buyer["name"]


def _title(rng, lot, role, sector):
    words = {"service": rng.choice(SERVICES[sector]), "programme": rng.choice(PROGRAMMES[sector]),
             "system": rng.choice(SYSTEMS), "audience": rng.choice(AUDIENCES)}
    if lot == OUTCOMES:
        pattern = rng.choice(OUTCOME_TITLES)
    elif lot == SPECIALISTS:
        pattern = rng.choice(SPECIALIST_TITLES)
        words.update(role=SPECIALIST_ROLES[role], lower=SPECIALIST_ROLES[role].lower())
    else:
        pattern = rng.choice(PARTICIPANT_TITLES)
    return pattern.format(**words)


def _role(rng, generation):
    roles = {role: share for role, share in ROLE_SHARES.items()
             if role not in DATA_ROLES or generation >= DATA_ROLES_FROM}
    return _pick(rng, roles)


def _applicants(rng, lot, status, winner_size):
    """(SMEs, large organisations) that applied; the winner is one of them."""
    median, sme_share = APPLICANTS[lot]
    total = round(rng.lognormvariate(math.log(median), 0.6))
    if status in ("cancelled", "unsuccessful") and rng.random() < 0.1:
        total = 0
    smes = sum(rng.random() < sme_share for _ in range(total))
    large = total - smes
    if winner_size == "large":
        large = max(large, 1)
    elif winner_size:
        smes = max(smes, 1)
    return smes, large


def _contract_value(rng, lot):
    if lot == SPECIALISTS:
        value = rng.randrange(DAY_RATES[0], DAY_RATES[1] + 1, 25) * rng.randrange(*SPECIALIST_DAYS, 5)
    else:
        median, sigma = CONTRACT_VALUES[lot]
        value = rng.lognormvariate(math.log(median), sigma)
        value = round(value, 2 - int(math.floor(math.log10(value))))  # three significant figures
    return Decimal(min(max(int(value), SMALLEST), LARGEST))


def _start_date(rng, closing_on):
    """A weekday some weeks after applications closed."""
    day = closing_on + dt.timedelta(days=7 + round(rng.lognormvariate(math.log(30), 0.6)))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _row(rng, source_id, day, buyers, suppliers):
    framework, generation = _framework_on(day)
    lot = _pick(rng, LOT_SHARES)
    buyer = rng.choices([b for b, _ in buyers], weights=[w for _, w in buyers])[0]
    role = _role(rng, generation) if lot == SPECIALISTS else ""
    open_for = _pick(rng, OPEN_FOR[lot])
    status = _pick(rng, STATUS_SHARES)
    described = status == "awarded" and rng.random() >= UNDESCRIBED_AWARDS
    size = _pick(rng, WINNER_SIZES[lot]) if described else ""
    smes, large = _applicants(rng, lot, status, size)
    row = {
        "ID": str(source_id), "Opportunity": _title(rng, lot, role, buyer["sector"]), "Link": "",
        "Framework": framework, "Category": lot, "Specialist": role,
        "Organisation Name": _organisation_name(rng, buyer), "Buyer Domain": _domain(rng, buyer, day),
        "Location Of The Work": _location(rng, buyer, lot), "Published At": day.isoformat(), "Open For": open_for,
        "Expected Contract Length": rng.choice(CONTRACT_LENGTHS[lot]),
        "Applications from SMEs": file_count(smes), "Applications from Large Organisations": file_count(large),
        "Total Organisations": file_count(smes + large), "Status": status,
        "Winning supplier": "", "Size of supplier": "", "Contract amount": "", "Contract start date": "",
    }
    if described:
        names, weights = zip(*suppliers[size])
        closing_on = day + dt.timedelta(days=OPEN_FOR_DAYS[open_for])
        row.update({"Winning supplier": rng.choices(names, weights=weights)[0], "Size of supplier": size,
                    "Contract amount": file_number(_contract_value(rng, lot)),
                    "Contract start date": _start_date(rng, closing_on).isoformat()})
    return row


def history_rows():
    """The history's rows (dicts by column), oldest first; the same every time."""
    rng = random.Random(SEED)
    buyers, suppliers = _buyers(rng), _suppliers(rng)
    return [_row(rng, FIRST_ID + number, day, buyers, suppliers)
            for number, day in enumerate(_publishing_days(rng))]


def history_csv():
    """The history as the text of an opportunity-data CSV file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REQUIRED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(history_rows())
    return out.getvalue()


def write_history_file():
    """Write the committed file again from the generator; returns its path."""
    HISTORY_FILE.write_text(history_csv(), encoding="utf-8")
    return HISTORY_FILE


def _file_rows():
    with open(HISTORY_FILE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _already_imported(rows):
    """Every row of the file is recorded exactly as it is (the importer keeps each row's cells)."""
    ids = [int(row["ID"]) for row in rows]
    recorded = dict(HistoricRecord.objects.filter(source_id__range=(min(ids), max(ids)))
                    .values_list("source_id", "raw"))
    return all(recorded.get(source_id) == row for source_id, row in zip(ids, rows))


def import_history():
    """Bring the committed history in, unless it is all there already; returns how many opportunities it has.

    Importing it again would change nothing but would add an import to the audit trail on every start. The file
    is the project's own, so a problem in it is a bug, and stops the demo from loading. (Rows whose buyer an admin
    has since taken out of the register are left out and listed for mapping, as for any file.)"""
    rows = _file_rows()
    if not _already_imported(rows):
        report = import_dm_csv(HISTORY_FILE)
        if report.problems:
            found = "; ".join(str(problem) for problem in report.problems[:5])
            raise RuntimeError(f"The demo history {HISTORY_FILE.name} does not import ({found}): write it again "
                               f"with scripts/update-demo-history.")
    return len(rows)
