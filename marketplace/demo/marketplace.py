"""Demo requirements for `marketplace serve --demo`: a marketplace that looks lived in, in every state.

Some 36 requirements from 11 organisations of the register, on all three lots: drafts, open ones (some with
published answers to suppliers' questions), closed ones waiting for an outcome (with applications and scores),
and awarded, cancelled, unsuccessful and withdrawn ones.

Everything goes through the real services (create_draft, publish_opportunity, ask_question, start_application,
submit_application, save_score, award, cancel, mark_unsuccessful...), so every rule is checked. Closed and decided
requirements cannot wait for time to pass, and the demo must not need clock travel, so each story is played today
and then moved back in time, in the same transaction:

- the requirement is published today, its questions asked and answered and its applications sent while it is open;
- then it is moved to its own publishing day: `published_at` goes back that many days and the deadlines are
  worked out again with `publication_dates` for that day (working days, bank holidays and London midnight as the
  service would have on that day); its questions, answers and applications are spread over the days it was open
  (questions before questions closed), and dates typed relative to today (latest start date, supplier
  availability) move back by the same number of days; the search entry is written again;
- then the outcome is recorded through the services and moved to a few days after closing.

Two things keep the time they really happened: the audit trail (append-only, so it says the demo did this when it
was loaded) and the emails the services queued while loading.

Loading again changes nothing: if any demo requirement (by title) exists, none is made.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from marketplace import clock
from marketplace.clock import LONDON
from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role, User
from marketplace.applications import services as applications
from marketplace.applications.models import Application, Score
from marketplace.frameworks.reference import OFFSITE, live_framework
from marketplace.opportunities import services as opportunities
from marketplace.opportunities.dates import TWO_WEEKS, WEEK, publication_dates
from marketplace.opportunities.models import Clarification, Opportunity, Status, SupplierQuestion
from marketplace.opportunities.questions import O, P, S
from marketplace.opportunities.selectors import requirements_length_of
from marketplace.organisations.models import Organisation
from marketplace.search.index import reindex_opportunity
from marketplace.suppliers.services import max_day_rate

# More buyers, so the requirements come from central government, councils, the NHS and the police alike.
# (email, name, organisation in the seed register); the first buyer of an organisation runs it.
BUYERS = [
    ("rachel.hughes@dwp.gov.uk", "Rachel Hughes", "Department for Work and Pensions"),
    ("daniel.price@met.police.uk", "Daniel Price", "Metropolitan Police Service"),
    ("morag.campbell@glasgow.gov.uk", "Morag Campbell", "Glasgow City Council"),
    ("joe.lewis@mft.nhs.uk", "Joe Lewis", "Manchester University NHS Foundation Trust"),
    ("emma.clarke@kent.gov.uk", "Emma Clarke", "Kent County Council"),
    ("owen.jones@dvla.gov.uk", "Owen Jones", "Driver and Vehicle Licensing Agency"),
]

# Who writes each organisation's requirements, and where its teams work.
ORGANISATIONS = {
    "home-office": ("priya.shah@homeoffice.gov.uk", "2 Marsham Street, London SW1P 4DF", "London"),
    "hmrc": ("aisha.khan@hmrc.gov.uk", "Benton Park View, Newcastle upon Tyne NE98 1ZZ", "North East England"),
    "leeds": ("gareth.evans@leeds.gov.uk", "Merrion House, 110 Merrion Centre, Leeds LS2 8BB",
              "Yorkshire and the Humber"),
    "nhs-england": ("mei.chen@england.nhs.uk", "Wellington House, 133-155 Waterloo Road, London SE1 8UG", "London"),
    "gds": ("sam.osei@digital.cabinet-office.gov.uk", "The White Chapel Building, 10 Whitechapel High Street, "
            "London E1 8QS", "London"),
    "dwp": ("rachel.hughes@dwp.gov.uk", "Quay House, The Quays, Salford M50 3BA", "North West England"),
    "met": ("daniel.price@met.police.uk", "New Scotland Yard, Victoria Embankment, London SW1A 2JL", "London"),
    "glasgow": ("morag.campbell@glasgow.gov.uk", "City Chambers, George Square, Glasgow G2 1DU", "Scotland"),
    "mft": ("joe.lewis@mft.nhs.uk", "Cobbett House, Oxford Road, Manchester M13 9WL", "North West England"),
    "kent": ("emma.clarke@kent.gov.uk", "Sessions House, County Road, Maidstone ME14 1XQ", "South East England"),
    "dvla": ("owen.jones@dvla.gov.uk", "Longview Road, Morriston, Swansea SA6 7JL", "Wales"),
}


# Answers --------------------------------------------------------------------------------------------------

CULTURAL_FIT = ["Work as one team with our civil servants and other suppliers",
                "Share knowledge so our own staff can carry on the work",
                "Be open about problems and challenge decisions with evidence"]


@dataclass(frozen=True)
class WeeksFromToday:
    """A date answer worked out when the demo loads, not when this module is imported."""

    weeks: int

    def date(self):
        return (clock.today_in_london() + dt.timedelta(weeks=self.weeks)).isoformat()


def outcome(org, summary, background, problem, users, essentials, nice=(), phase="alpha", length="6 months",
            budget="", location=None):
    """A complete digital outcomes requirement (the title is added by the story)."""
    _, address, region = ORGANISATIONS[org]
    return {
        "location": location or region, "summary": summary, "backgroundInformation": background,
        "outcome": problem, "endUsers": users, "phase": phase,
        "existingTeam": "A product owner, a service owner and a small team of civil servants who will take the "
                        "service on after the contract.",
        "workplaceAddress": address,
        "workingArrangements": "Two days a week on site, the rest remote. Daily stand-ups, fortnightly show and "
                               "tells and sprint planning with the product owner.",
        "startDate": WeeksFromToday(6), "contractLength": length, "budgetRange": budget,
        "employmentStatus": "contracted out service", "numberOfSuppliers": 3,
        "technicalWeighting": 60, "culturalWeighting": 15, "priceWeighting": 25,
        "essentialRequirements": list(essentials), "niceToHaveRequirements": list(nice),
        "successCriteria": ["How well the approach meets our users' needs",
                            "How the team will work in the open and meet the Service Standard",
                            "Value for money of the proposed team"],
        "culturalFitCriteria": CULTURAL_FIT, "priceCriteria": "Capped time and materials",
        "evaluationType": ["Case study", "Presentation"],
    }


def specialist(org, role, summary, work, essentials, nice=(), open_for=TWO_WEEKS, length="6 months",
               budget="", location=None):
    """A complete digital specialists requirement."""
    _, address, region = ORGANISATIONS[org]
    return {
        "specialistRole": role, "location": location or region, "summary": summary, "specialistWork": work,
        "existingTeam": "A multidisciplinary team of 8: product manager, delivery manager, designers, researchers "
                        "and developers, most of them civil servants.",
        "workplaceAddress": address,
        "workingArrangements": "Three days a week with the team on site, the rest remote, following the team's "
                               "agile ceremonies.",
        "securityClearance": "Baseline Personnel Security Standard (BPSS) before starting.",
        "startDate": WeeksFromToday(4), "contractLength": length, "budgetRange": budget,
        "employmentStatus": "supply of resource", "numberOfSuppliers": 3,
        "technicalWeighting": 60, "culturalWeighting": 10, "priceWeighting": 30,
        "essentialRequirements": list(essentials), "niceToHaveRequirements": list(nice),
        "culturalFitCriteria": CULTURAL_FIT, "evaluationType": ["Reference", "Interview"],
        "requirementsLength": open_for,
    }


def participants(org, summary, who, essentials, nice=(), rounds="2 rounds", per_round="8 participants a round, "
                 "each taking part in a 60 minute session.", location=None):
    """A complete user research participants requirement."""
    _, address, region = ORGANISATIONS[org]
    return {
        "location": location or region, "summary": summary, "researchRounds": rounds,
        "researchDates": "Within 6 weeks of the contract starting, one round every 2 weeks",
        "participantsPerRound": per_round,
        "researchFrequency": "One round every two weeks, sessions on two consecutive days.",
        "researchAddress": f"In our research room at {address}, or remotely by video call if a participant prefers.",
        "participantSpecification": who,
        "participantAccessibilityNeeds": "Some participants will use assistive technology: the supplier should "
                                         "ask about and arrange what each person needs.",
        "numberOfSuppliers": 3, "technicalWeighting": 40, "culturalWeighting": 20, "priceWeighting": 40,
        "essentialRequirements": list(essentials), "niceToHaveRequirements": list(nice),
        "successCriteria": ["How the supplier will find people who match the specification",
                            "How participants will be paid incentives and supported",
                            "Price per participant"],
        "evaluationType": ["Case study", "Reference"],
    }


# Stories ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Story:
    """One requirement and what happens to it. `days_ago` is its publishing day; `questions` are (supplier,
    question asked, question as published, answer); `applied` submit, `started` only start; `scores` are
    {supplier: (technical, cultural, price)}; `winner` is (supplier, contract value, weeks from closing to start);
    `decided_after` is how many days after closing the outcome was recorded."""

    title: str
    org: str
    lot: str
    status: Status
    answers: dict
    days_ago: int = 0
    questions: tuple = ()
    applied: tuple = ()
    started: tuple = ()
    scores: dict = field(default_factory=dict)
    winner: tuple = ()
    reason: str = ""
    decided_after: int = 12
    withdrawn_after: int = 3


STORIES = [
    # Drafts ----------------------------------------------------------------------------------------------
    Story("Alpha for one sign-in for government services", "gds", O, Status.DRAFT, outcome(
        "gds", "Build and test prototypes of one sign-in that lets people use many government services with "
               "one account, proving it works for people who struggle with identity checks.",
        "Discovery found people create a new account for almost every service they use.",
        "Prove a single sign-in can work across 3 pilot services without excluding anyone.",
        "Members of the public using central government services, and the service teams that adopt it.",
        ["Designing identity or sign-in journeys for a large public service",
         "Agile delivery of an alpha to the Service Standard",
         "Accessibility testing with disabled users"], phase="alpha")),
    Story("Content designer for adult social care pages", "kent", S, Status.DRAFT, {
        "specialistRole": "contentDesigner", "location": "South East England",
        "summary": "Rewrite the council's adult social care pages so residents and carers can find help and "
                   "apply for an assessment."}),
    Story("Participants for research on applying for Pension Credit", "dwp", P, Status.DRAFT, participants(
        "dwp", "Recruit people over State Pension age who may be eligible for Pension Credit, including people "
               "who have never used a government service online.",
        "People over 66 on a low income, some who applied for Pension Credit and some who did not; at least a "
        "third with low digital confidence.",
        ["Recruiting older people with low digital confidence",
         "Arranging travel and support for participants who need it"])),
    Story("Performance analyst for the online crime reporting service", "met", S, Status.DRAFT, {
        "specialistRole": "performanceAnalyst", "location": "London"}),

    # Open for applications -------------------------------------------------------------------------------
    Story("Beta of the online visa application for visitors", "home-office", O, Status.LIVE, outcome(
        "home-office", "Take the visitor visa application from alpha into a public beta, so applicants can "
                       "apply, pay and book biometrics in one journey.",
        "Around 2 million people apply for a visitor visa each year; the current service was built in 2012.",
        "Applicants make mistakes that delay decisions, and a third call for help with the form.",
        "People applying to visit the UK, often on a phone and in a second language, and caseworkers.",
        ["Delivering a public beta of a high-volume government service",
         "Designing for users with English as a second language",
         "Integrating with payment and appointment booking systems"],
        ["Experience of Home Office immigration platforms"], phase="beta", length="12 months",
        budget="Up to £1.8 million"), days_ago=2,
        questions=(("Harbour Lane Consulting", "Can the team work fully remotely for the first month?",
                    "Can the team work remotely at the start of the contract?",
                    "Yes, for the first 4 weeks. After that we expect 2 days a week in Marsham Street."),
                   ("Meridian Technology Services", "Is there an incumbent supplier on the alpha?",
                    "Is there an incumbent supplier?",
                    "The alpha was delivered by a civil service team with contractors. There is no incumbent.")),
        applied=("Meridian Technology Services",), started=("Harbour Lane Consulting",)),
    Story("Developer to build the Making Tax Digital API for landlords", "hmrc", S, Status.LIVE, specialist(
        "hmrc", "developer", "A back-end developer to build the APIs software uses to send landlords' quarterly "
                             "updates to HMRC.",
        "Build and test REST APIs in Scala, pair with HMRC developers and help take the service live.",
        ["Building REST APIs that external software developers use",
         "Scala or another JVM language in production",
         "Test-driven development"],
        ["Experience of HMRC's Multichannel Digital Tax Platform"], budget="£650 a day"), days_ago=1,
        questions=(("Tidewater Digital", "Do you need someone who already has security clearance?",
                    "Is security clearance needed to start?",
                    "Baseline (BPSS) is enough to start. We will sponsor higher clearance if needed."),),
        applied=("Tidewater Digital",), started=("Northern Byte",)),
    Story("User researcher for council tax and benefits services", "leeds", S, Status.LIVE, specialist(
        "leeds", "userResearcher", "A user researcher to help us understand how residents claim council tax "
                                   "support and where they drop out.",
        "Plan and run research with residents, including people in crisis, and share findings with the team.",
        ["Research with people in financial hardship",
         "Running research with residents who have access needs",
         "Making findings usable by a multidisciplinary team"], open_for=WEEK, length="3 months"),
        days_ago=3, applied=("Fieldnote Research",)),
    Story("Participants for research on repeat prescriptions in the NHS App", "nhs-england", P, Status.LIVE,
          participants("nhs-england", "Recruit patients who order repeat prescriptions, and carers who order "
                                      "them for someone else, for research on the NHS App.",
                       "Adults who order at least one repeat prescription; a quarter should be carers, and a "
                       "quarter should use assistive technology.",
                       ["Recruiting patients with long-term conditions",
                        "Recruiting people who use screen readers or magnifiers"], location="London"),
          days_ago=4,
          questions=(("Looking Glass Labs", "Can some sessions take place in Scotland?",
                      "Can research sessions take place outside London?",
                      "Yes: remote sessions can include participants anywhere in England."),),
          applied=("Sterling Research International",)),
    Story("Technical architect for the vehicle tax payments platform", "dvla", S, Status.LIVE, specialist(
        "dvla", "technicalArchitect", "A technical architect to design the replacement for the platform that "
                                      "takes 50 million vehicle tax payments a year.",
        "Design the target architecture, plan the migration and guide the development teams.",
        ["Designing high-volume payment systems",
         "Migrating services from on-premises to the public cloud",
         "Explaining technical choices to non-technical people"], budget="£900 a day")),
    Story("Discovery for booking bulky waste collections", "glasgow", O, Status.LIVE, outcome(
        "glasgow", "Find out how residents book bulky waste collections and why so many bookings are missed "
                   "or fly-tipped instead.",
        "Glasgow collects over 40,000 bulky items a year, mostly booked by phone.",
        "Missed collections and fly-tipping cost the council money and upset residents.",
        "Residents, housing associations and the council's cleansing crews.",
        ["Running a discovery for a local authority service",
         "Research with residents in social housing",
         "Mapping a service end to end, including back-office processes"], phase="discovery",
        length="8 weeks", budget="£60,000 to £80,000"), days_ago=5,
        questions=(("Brightfold Design", "Will we have access to call recordings?",
                    "Will the supplier have access to contact centre data?",
                    "Yes, anonymised call data and reasons for calling for the last 2 years."),),
        started=("Brightfold Design",)),
    Story("Security consultant for the digital evidence management system", "met", S, Status.LIVE, specialist(
        "met", "securityConsultant", "A security consultant to assure the system officers use to store and share "
                                     "digital evidence such as body-worn video.",
        "Threat model the system, review its controls and advise the accreditor.",
        ["Security assurance of systems holding OFFICIAL-SENSITIVE data",
         "Threat modelling of cloud-hosted services",
         "Security Check (SC) clearance"]), days_ago=2,
        applied=("Keystone Cyber",)),
    Story("Alpha for redesigned outpatient appointment letters", "mft", O, Status.LIVE, outcome(
        "mft", "Prototype and test clearer outpatient appointment letters and texts, so fewer patients miss "
               "appointments.",
        "One in 12 outpatient appointments at the trust is missed.",
        "Patients misunderstand letters and do not know how to rearrange.",
        "Patients and their carers, and the booking teams who send letters.",
        ["Content design for health services",
         "Testing with patients who have low literacy",
         "Working with clinical safety officers"], length="4 months"), days_ago=6,
        started=("Plainword",)),
    Story("Data engineer for Universal Credit statistics", "dwp", S, Status.LIVE, specialist(
        "dwp", "dataEngineer", "A data engineer to move the pipelines behind Universal Credit statistics onto "
                               "the department's cloud data platform.",
        "Rebuild data pipelines, test them against the old outputs and document them.",
        ["Building data pipelines on AWS", "Python and SQL", "Working with official statistics"],
        open_for=WEEK, location=OFFSITE), days_ago=1),
    Story("Participants for research with families on school transport", "kent", P, Status.LIVE, participants(
        "kent", "Recruit parents and carers of children with special educational needs who use, or applied "
                "for, school transport.",
        "Parents and carers of children with an education, health and care plan, across Kent's districts.",
        ["Recruiting parents of children with special educational needs",
         "Arranging sessions around school hours"]), days_ago=3,
        started=("Albion Consulting Group",)),

    # Closed, waiting for an outcome -----------------------------------------------------------------------
    Story("Performance analysis for the Self Assessment helpline", "hmrc", O, Status.CLOSED, outcome(
        "hmrc", "Analyse why people call the Self Assessment helpline and measure which changes to online "
                "services reduce calls.",
        "The helpline takes 3 million calls a year, peaking in January.",
        "We do not know which calls could be avoided by better online services.",
        "Self Assessment customers and agents, and helpline advisers.",
        ["Analysing contact centre data at scale", "Setting up service performance measures",
         "Presenting findings to senior leaders"], phase="live", length="6 months"), days_ago=18,
        applied=("Caldera Data", "Northern Byte", "Albion Consulting Group"),
        scores={"Caldera Data": (78, 80, 70), "Albion Consulting Group": (62, 70, 55)}),
    Story("Delivery manager for the passport renewal team", "home-office", S, Status.CLOSED, specialist(
        "home-office", "deliveryManager", "A delivery manager for the team that runs the online passport "
                                          "renewal service.",
        "Run the team's agile ceremonies, manage risks and dependencies and report to the service owner.",
        ["Delivery management of a live government service", "Removing blockers across organisations",
         "Coaching teams in agile ways of working"], location="London"), days_ago=17,
        applied=("Harbour Lane Consulting",), scores={"Harbour Lane Consulting": (75, 85, 60)}),
    Story("Developer for the council's housing repairs service", "leeds", S, Status.CLOSED, specialist(
        "leeds", "developer", "A developer to build the online service tenants use to report and track "
                              "housing repairs.",
        "Build features in the council's Ruby on Rails application and integrate with the repairs system.",
        ["Ruby on Rails in production", "Integrating with back-office systems through APIs",
         "Building accessible services"], open_for=WEEK), days_ago=10,
        applied=("Northern Byte", "Tidewater Digital", "Meridian Technology Services"),
        scores={"Northern Byte": (82, 90, 75)}),
    Story("Participants with access needs for research on GOV.UK", "gds", P, Status.CLOSED, participants(
        "gds", "Recruit disabled people and people with access needs for research on GOV.UK navigation and "
               "search.",
        "People who use screen readers, magnifiers, voice control or switch access, and people with cognitive "
        "impairments.",
        ["Recruiting people who use assistive technology", "Paying incentives in an accessible way"],
        location="London"), days_ago=20,
        applied=("Looking Glass Labs", "Sterling Research International", "Fieldnote Research")),
    Story("Beta of online crime reporting for fraud", "met", O, Status.CLOSED, outcome(
        "met", "Build the public beta of an online service to report fraud and cyber crime to the police.",
        "Reports of fraud have doubled in five years; most are made by phone.",
        "Victims repeat their story several times and reports arrive without the evidence needed.",
        "Victims of fraud, including older and vulnerable people, and the officers who assess reports.",
        ["Delivering a public beta of a government or policing service",
         "Designing for victims of crime", "Securely handling uploaded evidence"], phase="beta",
        length="9 months", budget="Up to £900,000"), days_ago=25,
        applied=("Tidewater Digital", "Meridian Technology Services", "Keystone Cyber"),
        scores={"Tidewater Digital": (70, 85, 80), "Meridian Technology Services": (80, 70, 60),
                "Keystone Cyber": (55, 75, 70)}),

    # Awarded ----------------------------------------------------------------------------------------------
    Story("Discovery into digital referrals from GPs to community pharmacies", "nhs-england", O, Status.AWARDED,
          outcome("nhs-england", "Understand how GP practices refer patients to community pharmacies for minor "
                                 "illness, and what stops digital referrals being used.",
                  "The Pharmacy First service lets pharmacists treat 7 common conditions.",
                  "Many referrals are still made by phone or not made at all.",
                  "GP receptionists, pharmacists and patients.",
                  ["Research with clinicians and health professionals", "Mapping services across organisations",
                   "Discovery for a health service"], phase="discovery", length="10 weeks"), days_ago=60,
          applied=("Brightfold Design", "Harbour Lane Consulting", "Albion Consulting Group"),
          scores={"Brightfold Design": (85, 90, 70), "Harbour Lane Consulting": (75, 80, 75),
                  "Albion Consulting Group": (60, 70, 65)},
          winner=("Brightfold Design", "118500.00", 3)),
    Story("Content designer for the Personal Independence Payment claim", "dwp", S, Status.AWARDED, specialist(
        "dwp", "contentDesigner", "A content designer to rewrite the questions in the Personal Independence "
                                  "Payment claim so people can describe how their condition affects them.",
        "Redesign questions and guidance, test them with claimants and work with policy colleagues.",
        ["Content design for complex government services", "Research with disabled people",
         "Working with policy and legal teams"], length="6 months"), days_ago=45,
        applied=("Plainword", "Brightfold Design"),
        scores={"Plainword": (88, 90, 85), "Brightfold Design": (80, 85, 75)},
        winner=("Plainword", "63000.00", 2)),
    Story("Live support for the Electronic Travel Authorisation service", "home-office", O, Status.AWARDED,
          outcome("home-office", "Run, support and improve the Electronic Travel Authorisation service "
                                 "for visitors travelling to the UK.",
                  "The service processes millions of applications a year and is growing.",
                  "We need a team to run the live service 24 hours a day and keep improving it.",
                  "Travellers, carriers checking permission to travel, and Border Force officers.",
                  ["Running a high-volume live service around the clock", "Incident management",
                   "Continuous improvement of a live service"], phase="live", length="24 months"), days_ago=90,
          applied=("Meridian Technology Services", "Northern Byte"),
          scores={"Meridian Technology Services": (85, 75, 65), "Northern Byte": (65, 80, 80)},
          winner=("Meridian Technology Services", "2400000.00", 4)),
    Story("Participants for research on the Household Support Fund", "leeds", P, Status.AWARDED, participants(
        "leeds", "Recruit residents who applied for the Household Support Fund, or could have, for research "
                 "on a new application service.",
        "Leeds residents on a low income, including people without internet access at home.",
        ["Recruiting people in financial hardship", "Recruiting people who are not online"]), days_ago=40,
        applied=("Albion Consulting Group", "Fieldnote Research"),
        scores={"Albion Consulting Group": (75, 70, 80), "Fieldnote Research": (70, 75, 65)},
        winner=("Albion Consulting Group", "14800.00", 1)),
    Story("Programme manager for customs declaration changes", "hmrc", S, Status.AWARDED, specialist(
        "hmrc", "programmeManager", "A programme manager to coordinate changes to the Customs Declaration "
                                    "Service across 6 teams.",
        "Plan and track the programme, manage dependencies and report to the senior responsible owner.",
        ["Managing a programme of several agile teams", "Reporting to senior governance boards",
         "Managing dependencies with external organisations"]), days_ago=70,
        applied=("Albion Consulting Group", "Meridian Technology Services"),
        scores={"Albion Consulting Group": (80, 75, 70), "Meridian Technology Services": (78, 70, 60)},
        winner=("Albion Consulting Group", "187000.00", 2)),
    Story("Alpha for applying for a parking permit online", "glasgow", O, Status.AWARDED, outcome(
        "glasgow", "Prototype and test an online service for residents and visitors to apply for and renew "
                   "parking permits.",
        "Permits are applied for on paper and take up to 3 weeks.",
        "Residents wait too long and the permits team spends its time keying in forms.",
        "Residents, their visitors, local businesses and the permits team.",
        ["Delivering an alpha for a local authority", "Prototyping in code", "Integrating with payments"],
        length="3 months"), days_ago=55,
        applied=("Tidewater Digital", "Harbour Lane Consulting"),
        scores={"Tidewater Digital": (80, 85, 85), "Harbour Lane Consulting": (75, 80, 70)},
        winner=("Tidewater Digital", "96000.00", 2)),
    Story("Data scientist to forecast emergency department demand", "mft", S, Status.AWARDED, specialist(
        "mft", "dataScientist", "A data scientist to build forecasts of emergency department attendances so "
                                "the trust can plan staffing.",
        "Build and validate forecasting models and put them into use with the trust's analysts.",
        ["Time series forecasting in Python or R", "Working with patient-level health data",
         "Explaining models to clinicians"]), days_ago=35,
        applied=("Caldera Data",), scores={"Caldera Data": (85, 80, 75)},
        winner=("Caldera Data", "89250.00", 3)),
    Story("Participants for research with drivers on medical licensing", "dvla", P, Status.AWARDED, participants(
        "dvla", "Recruit drivers who have told DVLA about a medical condition, for research on the online "
                "medical notification service.",
        "Drivers with conditions such as diabetes, epilepsy or sight loss, and some GPs and opticians.",
        ["Recruiting people with specific medical conditions", "Recruiting in Wales, including Welsh speakers"],
        location="Wales"), days_ago=50,
        applied=("Sterling Research International", "Looking Glass Labs"),
        scores={"Sterling Research International": (80, 75, 70), "Looking Glass Labs": (70, 80, 75)},
        winner=("Sterling Research International", "21600.00", 1)),

    # Cancelled -------------------------------------------------------------------------------------------
    Story("Discovery for a single view of a child in early help", "kent", O, Status.CANCELLED, outcome(
        "kent", "Understand how early help workers, schools and health visitors share what they know about a "
                "child, and whether one view of a child would help.",
        "Information about children is held in 7 different systems.",
        "Workers miss signs that a family needs help because information is scattered.",
        "Early help workers, social workers, schools and health visitors.",
        ["Research with social care professionals", "Understanding data sharing in children's services"],
        phase="discovery", length="12 weeks"), days_ago=40,
        applied=("Harbour Lane Consulting", "Brightfold Design"),
        reason="Funding for this work was withdrawn in the council's budget for next year. We hope to publish "
               "it again when funding is agreed."),
    Story("Agile coach for the GOV.UK Notify team", "gds", S, Status.CANCELLED, specialist(
        "gds", "agileCoach", "An agile coach to help the GOV.UK Notify team improve how it plans and delivers "
                             "work as it grows.",
        "Coach the team and its leaders, and run retrospectives and planning workshops.",
        ["Coaching product teams in government", "Kanban and Scrum", "Coaching leaders"],
        length="3 months"), days_ago=30,
        applied=("Harbour Lane Consulting",),
        reason="The team has since recruited a permanent agile coach, so the role is no longer needed."),
    Story("Participants for research with small employers on payroll", "hmrc", P, Status.CANCELLED, participants(
        "hmrc", "Recruit owners of small businesses who run their own payroll, for research on reporting "
                "employees' pay.",
        "Owners or managers of businesses with fewer than 10 employees who run payroll themselves.",
        ["Recruiting small business owners", "Flexible scheduling around working hours"],
        location="North East England"), days_ago=33,
        applied=("Sterling Research International",),
        reason="We will recruit participants through HMRC's own research panel instead."),

    # Unsuccessful: no suitable supplier ---------------------------------------------------------------------
    Story("Web operations engineer for the driver licensing platform", "dvla", S, Status.UNSUCCESSFUL, specialist(
        "dvla", "webOperations", "A web operations engineer to run and automate the platform behind online "
                                 "driving licence services.",
        "Automate infrastructure, improve monitoring and take part in the on-call rota.",
        ["Running services on Kubernetes in production", "Infrastructure as code with Terraform",
         "Taking part in an on-call rota"]), days_ago=38,
        applied=("Northern Byte", "Meridian Technology Services"),
        reason="Neither applicant could take part in the on-call rota from Swansea, which the role needs."),
    Story("Machine learning to triage public contact emails", "met", O, Status.UNSUCCESSFUL, outcome(
        "met", "Test whether machine learning can sort emails from the public so urgent ones reach the right "
               "team quickly.",
        "The Met receives over 30,000 non-emergency emails a month.",
        "Urgent emails can wait days in a shared inbox.",
        "Members of the public contacting the police, and the contact centre staff who read emails.",
        ["Building explainable machine learning models", "Assessing bias and fairness of models",
         "Working with sensitive personal data"], phase="alpha", length="4 months"), days_ago=65,
        applied=("Caldera Data", "Albion Consulting Group"),
        scores={"Caldera Data": (55, 70, 60), "Albion Consulting Group": (40, 65, 70)},
        reason="No proposal showed how the model's decisions would be explained to the people affected, "
               "which was essential."),
    Story("Participants for research on council services in Gaelic", "glasgow", P, Status.UNSUCCESSFUL,
          participants("glasgow", "Recruit Gaelic speakers in Glasgow for research on the council's Gaelic "
                                  "language services online.",
                       "Adults in Glasgow who speak Gaelic at home, including parents at Gaelic-medium schools.",
                       ["Recruiting Gaelic speakers", "Moderating sessions in Gaelic"]), days_ago=45,
          applied=("Looking Glass Labs",),
          reason="The only applicant could not provide moderators who speak Gaelic."),

    # Withdrawn ---------------------------------------------------------------------------------------------
    Story("Business analyst for the NHS workforce data collection", "nhs-england", S, Status.WITHDRAWN, specialist(
        "nhs-england", "businessAnalyst", "A business analyst to define requirements for a new collection of "
                                          "workforce data from NHS trusts.",
        "Gather and document requirements from trusts and data users.",
        ["Business analysis for data collections", "Working with NHS trusts"]), days_ago=12,
        started=("Harbour Lane Consulting",), withdrawn_after=3),
    Story("Alpha of a service to report a change of circumstances", "dwp", O, Status.WITHDRAWN, outcome(
        "dwp", "Prototype one way for people to report a change of circumstances across the benefits they "
               "get.",
        "People must report the same change to several parts of the department.",
        "Changes reported late cause overpayments that people then have to pay back.",
        "People claiming benefits and their appointees, and DWP agents.",
        ["Delivering an alpha for a large government service", "Research with benefit claimants"],
        length="4 months"), days_ago=20, withdrawn_after=5),
    Story("Interaction designer for the eVisa account", "home-office", S, Status.WITHDRAWN, specialist(
        "home-office", "designer", "An interaction designer to improve how people view and prove their "
                                   "immigration status with an eVisa.",
        "Design and test journeys in the GOV.UK prototype kit with the team's researchers.",
        ["Interaction design for government services", "Prototyping in HTML, CSS and JavaScript"]),
        days_ago=5, withdrawn_after=1),
]

TITLES = [story.title for story in STORIES]

EVIDENCE = [
    "We have done this for the last 3 years on public sector services, most recently for a central government "
    "department, and can give a reference.",
    "Our team did this on a live service used by over a million people a year; the case study is on our website.",
    "Two of the people we would put forward did this for a local authority last year, from discovery to live.",
]


# Loading ----------------------------------------------------------------------------------------------------

def load_demo_marketplace(password):
    """Make the extra buyers and the demo requirements if they are missing; return the extra buyers."""
    buyers = [_buyer(email, name, organisation, password) for email, name, organisation in BUYERS]
    framework = live_framework()
    if framework is not None and not Opportunity.objects.filter(title__in=TITLES).exists():
        people = _people()
        for story in STORIES:
            if story.org in people["orgs"]:
                _play(story, people)
    return [buyer for buyer in buyers if buyer is not None]


def _buyer(email, name, organisation_name, password):
    user = User.objects.filter(email__iexact=email).first()
    if user is None and Organisation.objects.filter(name=organisation_name).exists():
        user = accounts.create_user(role=Role.BUYER, email=email, name=name, password=password)
    return user


def _people():
    buyers = {user.email: user for user in User.objects.filter(email__in=[o[0] for o in ORGANISATIONS.values()])}
    suppliers = {}
    for user in User.objects.filter(role=Role.SUPPLIER, supplier__isnull=False).select_related("supplier"):
        suppliers.setdefault(user.supplier.name, user)
    return {"orgs": {key: buyers[email] for key, (email, _, _) in ORGANISATIONS.items() if email in buyers},
            "suppliers": suppliers}


def _play(story, people):
    buyer = people["orgs"][story.org]
    answers = {key: value.date() if isinstance(value, WeeksFromToday) else value
               for key, value in story.answers.items()}
    opportunity = opportunities.create_draft(story.lot, buyer, {"title": story.title, **answers})
    if story.status == Status.DRAFT:
        return
    opportunities.publish_opportunity(opportunity, buyer)
    for supplier, asked, published, answer in story.questions:
        opportunities.ask_question(opportunity, people["suppliers"][supplier], asked)
        opportunities.publish_clarification(opportunity, buyer, published, answer)
    for supplier in (*story.applied, *story.started):
        _apply(opportunity, people["suppliers"][supplier], submit=supplier in story.applied)
    if story.status == Status.WITHDRAWN:
        opportunities.withdraw_opportunity(opportunity, buyer)
    _move_back(opportunity, story)
    if story.status in (Status.LIVE, Status.WITHDRAWN):
        return
    _decide(opportunity, story, buyer, people)


def _apply(opportunity, user, submit):
    data = opportunity.data
    answers = {
        "availability": (clock.today_in_london() + dt.timedelta(weeks=2)).isoformat(),
        "essentialRequirementsMet": True,
        "essentialRequirements": [{"evidence": EVIDENCE[(n + user.supplier_id) % len(EVIDENCE)]}
                                  for n, _ in enumerate(data["essentialRequirements"])],
        "niceToHaveRequirements": [{"yesNo": n % 2 == 0, "evidence": EVIDENCE[n % len(EVIDENCE)]}
                                   for n, _ in enumerate(data.get("niceToHaveRequirements") or [])],
        "respondToEmailAddress": user.email,
    }
    if opportunity.lot.slug == S:
        # A little under the supplier's own maximum, as suppliers bid.
        answers["dayRate"] = str(max_day_rate(user.supplier, opportunity.specialist_role) - Decimal("25.00"))
    application = applications.start_application(opportunity, user)
    applications.save_application(application, answers, user)
    if submit:
        applications.submit_application(application, user)


def _between(start, end, fraction):
    return start + (end - start) * fraction


def _move_back(opportunity, story):
    """Move the story, played today, back to its publishing day (see the module docstring)."""
    shift = dt.timedelta(days=story.days_ago)
    now = clock.now()
    published = opportunity.published_at - shift
    dates = publication_dates(published, requirements_length_of(opportunity), opportunity.organisation.nation)
    withdrawn = (min(published + dt.timedelta(days=story.withdrawn_after), now)
                 if opportunity.withdrawn_at else None)
    end = min(dates.closing_at, now, withdrawn or now)
    questions_end = min(dates.questions_close_at, end)

    asked = list(SupplierQuestion.objects.filter(opportunity=opportunity).order_by("pk"))
    for n, question in enumerate(asked):
        SupplierQuestion.objects.filter(pk=question.pk).update(
            asked_at=_between(published, questions_end, 0.2 + 0.3 * n / len(asked)))
    answered = list(Clarification.objects.filter(opportunity=opportunity).order_by("number"))
    for n, clarification in enumerate(answered):
        Clarification.objects.filter(pk=clarification.pk).update(
            published_at=_between(published, questions_end, 0.6 + 0.3 * n / len(answered)))
    sent = list(Application.objects.filter(opportunity=opportunity).order_by("pk"))
    for n, application in enumerate(sent):
        started = _between(published, end, 0.1 + 0.4 * n / len(sent))
        submitted = _between(published, end, 0.55 + 0.4 * n / len(sent)) if application.submitted_at else None
        Application.objects.filter(pk=application.pk).update(
            created_at=started, updated_at=submitted or started, submitted_at=submitted,
            availability=application.availability - shift)

    data = dict(opportunity.data)
    if data.get("startDate"):
        data["startDate"] = (dt.date.fromisoformat(data["startDate"]) - shift).isoformat()
    Opportunity.objects.filter(pk=opportunity.pk).update(
        data=data, created_at=published - dt.timedelta(days=2), updated_at=withdrawn or published,
        published_at=published, questions_close_at=dates.questions_close_at, answers_by=dates.answers_by,
        closing_at=dates.closing_at, withdrawn_at=withdrawn)
    opportunity.refresh_from_db()
    reindex_opportunity(opportunity)


def _decide(opportunity, story, buyer, people):
    """Score and record the outcome through the services, then date them a few days after closing."""
    by_supplier = {a.supplier.name: a for a in opportunity.applications.select_related("supplier")}
    for supplier, (technical, cultural, price) in story.scores.items():
        applications.save_score(by_supplier[supplier], buyer, technical, cultural, price)
    now = clock.now()
    closed = opportunity.closing_at
    decided = min(closed + dt.timedelta(days=story.decided_after), now)
    Score.objects.filter(application__opportunity=opportunity).update(
        scored_at=_between(closed, decided, 0.5))
    if story.status == Status.CLOSED:
        return
    if story.status == Status.AWARDED:
        supplier, value, weeks = story.winner
        start = closed.astimezone(LONDON).date() + dt.timedelta(weeks=weeks)
        winner = applications.award(opportunity, buyer, by_supplier[supplier], value, start.isoformat())
        Application.objects.filter(pk=winner.pk).update(awarded_at=decided)
        Opportunity.objects.filter(pk=opportunity.pk).update(awarded_at=decided, updated_at=decided)
    elif story.status == Status.CANCELLED:
        applications.cancel(opportunity, buyer, story.reason)
        Opportunity.objects.filter(pk=opportunity.pk).update(cancelled_at=decided, updated_at=decided)
    else:
        applications.mark_unsuccessful(opportunity, buyer, story.reason)
        Opportunity.objects.filter(pk=opportunity.pk).update(unsuccessful_at=decided, updated_at=decided)
    opportunity.refresh_from_db()
    reindex_opportunity(opportunity)
