"""Demo people and companies for `marketplace serve --demo`, so a newcomer can try every role at once, and a
made-up history of past opportunities (history.py) so the insights have something to show.

Everything is made through the same services the service itself uses (so it is checked and audited) and
signs in with one shared password, DEMO_PASSWORD; the history comes in through the open-data importer. Loading
again changes nothing: whatever exists is kept.
The companies and people are fictional; phone numbers are in Ofcom's ranges reserved for drama.
"""

import pyotp
from django.conf import settings
from django.db import transaction

from marketplace import clock
from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role, User
from marketplace.formatting import count
from marketplace.frameworks.reference import INTERNATIONAL, OFFSITE, RECRUITMENT_METHODS, REGIONS, live_framework
from marketplace.organisations.models import Organisation
from marketplace.suppliers import services as suppliers

from .applications import load_demo_applications
from .history import import_history
from .marketplace import load_demo_marketplace

DEMO_PASSWORD = "orange kettle harbour"

ADMIN = {"email": "admin@demo.marketplace.invalid", "name": "Alex Morgan"}

# (email, name, organisation in the seed register). The first buyer of an organisation is its organisation admin.
BUYERS = [
    ("priya.shah@homeoffice.gov.uk", "Priya Shah", "Home Office"),
    ("tom.barker@homeoffice.gov.uk", "Tom Barker", "Home Office"),
    ("aisha.khan@hmrc.gov.uk", "Aisha Khan", "HM Revenue and Customs"),
    ("gareth.evans@leeds.gov.uk", "Gareth Evans", "Leeds City Council"),
    ("mei.chen@england.nhs.uk", "Mei Chen", "NHS England"),
    ("sam.osei@digital.cabinet-office.gov.uk", "Sam Osei", "Government Digital Service"),
]

ENGLAND = REGIONS[:9]
EVERYWHERE = [*REGIONS, OFFSITE]
ALL_METHODS = RECRUITMENT_METHODS


def _roles(locations, **rates):
    return {"roles": {role: {"locations": locations, "maxDayRate": rate} for role, rate in rates.items()}}


SUPPLIERS = [
    {
        "user": ("nia.roberts@fieldnote.example", "Nia Roberts"),
        "company": {
            "name": "Fieldnote Research", "registered_name": "Fieldnote Research Ltd",
            "registration_number": "11482093", "trading_status": "limited company", "organisation_size": "micro",
            "vat_number": "", "address": "14 Castle Arcade, Cardiff CF10 1BU",
            "contact_phone": "029 2018 0642",
            "description": "A four-person user research practice: recruitment, interviews and usability testing, "
                           "mostly for Welsh public services.",
        },
        "services": {
            "user-research-participants": {"locations": ["Wales", "South West England", "West Midlands"],
                                           "recruitmentMethods": ALL_METHODS[:2]},
            "digital-specialists": _roles(["Wales", "South West England", OFFSITE], userResearcher="575.00"),
        },
    },
    {
        "user": ("ben.clarke@tidewater.example", "Ben Clarke"),
        "company": {
            "name": "Tidewater Digital", "registered_name": "Tidewater Digital Ltd",
            "registration_number": "10937251", "trading_status": "limited company", "organisation_size": "micro",
            "vat_number": "GB284716395", "address": "3 Quayside, Newcastle upon Tyne NE1 3DE",
            "contact_phone": "0191 498 0317",
            "description": "Developers and architects who build and run services on open source technology.",
        },
        "services": {
            "digital-specialists": _roles(["North East England", "Yorkshire and the Humber", OFFSITE],
                                          developer="600.00", technicalArchitect="725.00"),
            "digital-outcomes": {"locations": ["North East England", OFFSITE],
                                 "capabilities": {"Software development": ["Back-end web development",
                                                                           "Front-end web development",
                                                                           "API development"]}},
        },
    },
    {
        "user": ("ruth.adeyemi@plainword.example", "Ruth Adeyemi"),
        "company": {
            "name": "Plainword", "registered_name": "Plainword Content Ltd",
            "registration_number": "12209874", "trading_status": "limited company", "organisation_size": "micro",
            "vat_number": "", "address": "Unit 2, 40 Stokes Croft, Bristol BS1 3QD",
            "contact_phone": "0117 496 0855",
            "description": "Content designers who make public services say things plainly.",
        },
        "services": {
            "digital-specialists": _roles(["South West England", OFFSITE], contentDesigner="550.00"),
            "digital-outcomes": {"locations": ["South West England", "Wales", OFFSITE],
                                 "capabilities": {"User experience and design": ["Content design and copywriting",
                                                                                 "Accessibility"]}},
        },
    },
    {
        "user": ("oliver.grant@harbourlane.example", "Oliver Grant"),
        "company": {
            "name": "Harbour Lane Consulting", "registered_name": "Harbour Lane Consulting Ltd",
            "registration_number": "08841267", "trading_status": "limited company", "organisation_size": "small",
            "vat_number": "GB193847562", "address": "2nd floor, 88 Tooley Street, London SE1 2TF",
            "contact_phone": "020 7946 0381",
            "description": "Multidisciplinary agile delivery teams for discovery, alpha and beta.",
        },
        "services": {
            "digital-outcomes": {"locations": ["London", "South East England", "East of England", OFFSITE],
                                 "capabilities": {"Service delivery": ["Agile coaching", "Business analysis",
                                                                       "Delivery management", "Product management"],
                                                  "User experience and design": ["Service design", "Prototyping"]}},
            "digital-specialists": _roles(["London", "South East England", OFFSITE], deliveryManager="700.00",
                                          productManager="725.00", businessAnalyst="625.00", agileCoach="750.00"),
        },
    },
    {
        "user": ("hannah.walsh@northernbyte.example", "Hannah Walsh"),
        "company": {
            "name": "Northern Byte", "registered_name": "Northern Byte Ltd",
            "registration_number": "09563318", "trading_status": "limited company", "organisation_size": "small",
            "vat_number": "GB305918274", "address": "Platform, New Station Street, Leeds LS1 4JB",
            "contact_phone": "0113 496 0274",
            "description": "Software engineering, testing and web operations from Leeds.",
        },
        "services": {
            "digital-outcomes": {"locations": ["Yorkshire and the Humber", "North West England", OFFSITE],
                                 "capabilities": {"Software development": ["Back-end web development",
                                                                           "Systems integration"],
                                                  "Testing and auditing": ["Functional testing",
                                                                           "Load and performance testing"],
                                                  "Support and operations": ["Web operations"]}},
            "digital-specialists": _roles(["Yorkshire and the Humber", "North West England", OFFSITE],
                                          developer="575.00", qualityAssurance="500.00", webOperations="600.00"),
        },
    },
    {
        "user": ("imran.siddiqui@lookingglass.example", "Imran Siddiqui"),
        "company": {
            "name": "Looking Glass Labs", "registered_name": "Looking Glass Labs Ltd",
            "registration_number": "SC584120", "registration_country": "United Kingdom",
            "trading_status": "limited company", "organisation_size": "small", "vat_number": "GB412583960",
            "address": "21 Gordon Street, Glasgow G1 3PW", "contact_phone": "0141 496 0112",
            "description": "Research labs in Glasgow and Edinburgh, and a panel of 9,000 people across Scotland.",
        },
        "services": {
            "user-research-studios": {"studios": [
                {"name": "Gordon Street lab", "address": "21 Gordon Street, Glasgow G1 3PW", "location": "Scotland",
                 "facilities": "Testing room with one-way mirror, observation room for 8, screen and audio recording, "
                               "step-free access and a hearing loop.", "price": "650.00", "priceUnit": "day"},
                {"name": "Leith studio", "address": "5 Commercial Quay, Edinburgh EH6 6LX", "location": "Scotland",
                 "facilities": "Interview room, live streaming to remote observers, accessible toilet.",
                 "price": "95.00", "priceUnit": "hour"},
            ]},
            "user-research-participants": {"locations": ["Scotland", "Northern Ireland", "North East England"],
                                           "recruitmentMethods": ALL_METHODS},
        },
    },
    {
        "user": ("david.okoro@caldera.example", "David Okoro"),
        "company": {
            "name": "Caldera Data", "registered_name": "Caldera Data Ltd",
            "registration_number": "07712954", "trading_status": "limited company", "organisation_size": "medium",
            "vat_number": "GB118273645", "address": "1 Spinningfields Square, Manchester M3 3AP",
            "contact_phone": "0161 496 0729",
            "description": "Data engineering, data science and performance analysis for public services.",
        },
        "services": {
            "digital-specialists": _roles(EVERYWHERE, dataEngineer="700.00", dataScientist="750.00",
                                          dataArchitect="800.00", performanceAnalyst="550.00"),
            "digital-outcomes": {"locations": EVERYWHERE,
                                 "capabilities": {"Performance analysis and data": [
                                     "Data analysis", "Data science", "Data visualisation",
                                     "Performance analysis and reporting"]}},
        },
    },
    {
        "user": ("chloe.martin@brightfold.example", "Chloe Martin"),
        "company": {
            "name": "Brightfold Design", "registered_name": "Brightfold Design Ltd",
            "registration_number": "06649031", "trading_status": "limited company", "organisation_size": "medium",
            "vat_number": "GB227364519", "address": "Studio 9, 5 Hoxton Square, London N1 6NU",
            "contact_phone": "020 7946 0925",
            "description": "Service designers, interaction designers and user researchers.",
        },
        "services": {
            "digital-outcomes": {"locations": ["London", "South East England", "East of England", OFFSITE],
                                 "capabilities": {"User experience and design": ["Service design",
                                                                                 "Interaction design",
                                                                                 "Prototyping", "Accessibility"],
                                                  "User research": ["Contextual research", "Usability testing"]}},
            "digital-specialists": _roles(["London", "South East England", OFFSITE], designer="650.00",
                                          userResearcher="625.00", contentDesigner="575.00", serviceManager="800.00"),
            "user-research-participants": {"locations": ["London", "South East England", "East of England"],
                                           "recruitmentMethods": ALL_METHODS[:1]},
        },
    },
    {
        "user": ("fiona.reid@keystonecyber.example", "Fiona Reid"),
        "company": {
            "name": "Keystone Cyber", "registered_name": "Keystone Cyber Ltd",
            "registration_number": "05527816", "trading_status": "limited company", "organisation_size": "medium",
            "vat_number": "GB339201847", "address": "Cheltenham Office Park, Hatherley Lane, Cheltenham GL51 6SH",
            "contact_phone": "01632 960 118",
            "description": "Security architecture, IT health checks and penetration testing.",
        },
        "services": {
            "digital-outcomes": {"locations": EVERYWHERE,
                                 "capabilities": {"Security": ["IT health check", "Penetration testing",
                                                               "Security strategy"],
                                                  "Testing and auditing": ["Security testing"]}},
            "digital-specialists": _roles(EVERYWHERE, securityConsultant="850.00"),
        },
    },
    {
        "user": ("james.whitfield@meridian.example", "James Whitfield"),
        "company": {
            "name": "Meridian Technology Services", "registered_name": "Meridian Technology Services plc",
            "registration_number": "02274918", "trading_status": "public limited company",
            "organisation_size": "large", "vat_number": "GB442918305",
            "address": "Meridian House, 100 Wellington Street, Reading RG1 2AN", "contact_phone": "0118 496 0640",
            "description": "Digital transformation at scale: build, run and support.",
        },
        "services": {
            "digital-outcomes": {"locations": EVERYWHERE,
                                 "capabilities": {"Software development": ["API development", "Systems integration",
                                                                           "Mobile application development"],
                                                  "Support and operations": ["Infrastructure operations",
                                                                             "Service desk"],
                                                  "Service delivery": ["Programme management"]}},
            "digital-specialists": _roles(EVERYWHERE, developer="850.00", technicalArchitect="1100.00",
                                          webOperations="800.00", programmeManager="1000.00"),
        },
    },
    {
        "user": ("lucy.fernandes@albion.example", "Lucy Fernandes"),
        "company": {
            "name": "Albion Consulting Group", "registered_name": "Albion Consulting Group plc",
            "registration_number": "01938472", "trading_status": "public limited company",
            "organisation_size": "large", "vat_number": "GB551029384",
            "address": "20 Colmore Row, Birmingham B3 2QD", "contact_phone": "0121 496 0493",
            "description": "Change and transformation consultancy for central and local government.",
        },
        "services": {
            "digital-outcomes": {"locations": ENGLAND,
                                 "capabilities": {"Service delivery": ["Change and transformation",
                                                                       "Programme management",
                                                                       "Service management"]}},
            "digital-specialists": _roles(ENGLAND, portfolioManager="1050.00", programmeManager="950.00",
                                          communicationsManager="700.00", businessAnalyst="750.00"),
            "user-research-participants": {"locations": ENGLAND, "recruitmentMethods": ALL_METHODS[2:]},
        },
    },
    {
        "user": ("grace.obi@sterlingresearch.example", "Grace Obi"),
        "company": {
            "name": "Sterling Research International", "registered_name": "Sterling Research International plc",
            "registration_number": "03348196", "trading_status": "public limited company",
            "organisation_size": "large", "vat_number": "GB660138492",
            "address": "1 Canada Square, London E14 5AB", "contact_phone": "020 7946 0177",
            "description": "Market and social research with labs in London, Manchester and Belfast.",
        },
        "services": {
            "user-research-studios": {"studios": [
                {"name": "Canary Wharf viewing suite", "address": "1 Canada Square, London E14 5AB",
                 "location": "London", "facilities": "Two testing rooms, observation room for 12, eye tracking, "
                                                     "recording and live streaming.",
                 "price": "1200.00", "priceUnit": "day"},
                {"name": "Belfast lab", "address": "12 Linenhall Street, Belfast BT2 8BG",
                 "location": "Northern Ireland", "facilities": "Testing room, observation room for 6, recording.",
                 "price": "110.00", "priceUnit": "hour"},
            ]},
            "user-research-participants": {"locations": [*REGIONS, INTERNATIONAL],
                                           "recruitmentMethods": ALL_METHODS},
            "digital-outcomes": {"locations": EVERYWHERE,
                                 "capabilities": {"User research": ["Surveys", "Usability testing",
                                                                    "User research strategy"]}},
        },
    },
]


def _existing(email):
    return User.objects.filter(email__iexact=email).first()


def _admin():
    admin = _existing(ADMIN["email"])
    if admin is None:
        admin = accounts.create_user(role=Role.ADMIN, password=DEMO_PASSWORD, **ADMIN)
    if not admin.totp_confirmed_at:
        accounts.start_totp_setup(admin)
        accounts.confirm_totp_setup(admin, pyotp.TOTP(admin.totp_secret).at(clock.now()))
    return admin


def _buyer(email, name, organisation_name):
    user = _existing(email)
    if user is None and Organisation.objects.filter(name=organisation_name).exists():
        user = accounts.create_user(role=Role.BUYER, email=email, name=name, password=DEMO_PASSWORD)
    return user


def _supplier_user(spec, admin, framework):
    email, name = spec["user"]
    user = _existing(email)
    if user is not None:
        return user
    company = spec["company"]
    user = accounts.create_user(role=Role.SUPPLIER, email=email, name=name, password=DEMO_PASSWORD,
                                supplier_name=company["name"], supplier_size=company["organisation_size"])
    supplier = user.supplier
    suppliers.update_company_details(supplier, {**company, "contact_name": name, "contact_email": email}, by=user)
    suppliers.confirm_company_details(supplier, by=user)
    suppliers.add_to_framework(supplier, framework, by=admin)
    for lot_slug, payload in spec["services"].items():
        suppliers.update_lot_service(supplier, lot_slug, payload, by=user)
    return user


@transaction.atomic
def load_demo_data():
    """Create whatever demo people and companies are missing and import the history; return the sign-ins to
    print."""
    past_opportunities = import_history()
    framework = live_framework()
    admin = _admin()
    buyers = [user for user in (_buyer(*row) for row in BUYERS) if user is not None]
    supplier_users = [_supplier_user(spec, admin, framework) for spec in SUPPLIERS] if framework else []
    buyers += load_demo_marketplace(DEMO_PASSWORD)
    applying = load_demo_applications(admin, supplier_users) if supplier_users else None

    lines = [f"Demo sign-ins, all with the password: {DEMO_PASSWORD}",
             f"  {'Platform admin':<27} {admin.email}",
             f"  {'':<27} second factor: add the secret {admin.totp_secret} to an authenticator app,",
             f"  {'':<27} or print a code with: marketplace shell --no-imports -c "
             f"\"import pyotp; print(pyotp.TOTP('{admin.totp_secret}').now())\""]
    for user in buyers:
        role = "Buyer, organisation admin" if user.is_organisation_admin else "Buyer"
        lines.append(f"  {role:<27} {user.email:<40} {user.organisation}")
    for user in supplier_users:
        supplier = user.supplier
        lines.append(f"  {'Supplier, ' + supplier.organisation_size:<27} {user.email:<40} {supplier}")
    if applying:
        lines.append(applying)
    lines.append(f"Insights on {count(past_opportunities)} made-up past opportunities: {settings.BASE_URL}/insights")
    return "\n".join(lines)
