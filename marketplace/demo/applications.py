"""The next framework, open for applications beside the live one, with demo suppliers at each stage of applying:
one has submitted (with an answer a platform admin must decide on once the framework moves to pending), one is
part way through, and the rest have not started. Everything goes through framework_applications.services, as a
supplier's own pages would; a framework that already exists is left as it is.
"""

import datetime as dt

from marketplace import clock
from marketplace.framework_applications import declaration, services
from marketplace.frameworks.models import Framework, Lot
from marketplace.frameworks.reference import AGREEMENT, timetable
from marketplace.frameworks.services import move_framework

SLUG = "digital-outcomes-and-specialists-7"
NAME = "Digital Outcomes and Specialists 7"
# Applications close four weeks from the day the demo is first loaded (the timetable counts back from going live).
LIVE_IN = dt.timedelta(weeks=14)

SUBMITTED = "nia.roberts@fieldnote.example"
IN_PROGRESS = "ben.clarke@tidewater.example"

# A small company with no convictions that meets every commitment; Fieldnote also tells of an old insolvency, so
# its application waits for an admin's decision once evaluated.
PASSING = {question.key: (True if question.kind == declaration.ACCEPT
                          else not question.fails_on[0] if question.fails_on else False)
           for question in declaration.QUESTIONS if question.kind in (declaration.ACCEPT, declaration.YES_NO)}
SUBMITTED_ANSWERS = {**PASSING, "annualTurnover": "420000", "insolvency": True,
                     "insolvencyDetails": "A company voluntary arrangement in 2019 after a client went into "
                                          "administration; every creditor was paid in full by 2021."}
IN_PROGRESS_ANSWERS = {key: PASSING[key] for key in ("conspiracy", "corruptionBribery", "fraud", "terrorism")}

QUESTION = "Can a supplier apply for a lot it did not offer on Digital Outcomes and Specialists 6?"
ANSWER = ("Yes. Choose any lot of Digital Outcomes and Specialists 7 and describe your service on it; the services "
          "you copy from Digital Outcomes and Specialists 6 can be changed or removed before you submit.")


def _open_framework(admin):
    framework = Framework.objects.filter(slug=SLUG).first()
    if framework is not None:
        return framework, False
    today = clock.today_in_london()
    framework = Framework.objects.create(slug=SLUG, name=NAME, short_name="DOS7", generation=7,
                                         agreement_text=AGREEMENT.format(name=NAME),
                                         **timetable(today + LIVE_IN, today + LIVE_IN + dt.timedelta(weeks=208)))
    framework.lots.set(Lot.objects.all())
    move_framework(framework, Framework.Status.OPEN, by=admin)
    return framework, True


def load_demo_applications(admin, supplier_users):
    """Open DOS7 and bring the demo suppliers to their stages (only when it is new); returns a line to print."""
    framework, new = _open_framework(admin)
    people = {user.email: user for user in supplier_users}
    if new and SUBMITTED in people and IN_PROGRESS in people:
        submitter, starter = people[SUBMITTED], people[IN_PROGRESS]
        services.save_declaration(submitter.supplier, framework, SUBMITTED_ANSWERS, by=submitter)
        services.copy_services(submitter.supplier, framework, by=submitter)
        services.submit_application(submitter.supplier, framework, by=submitter)
        services.save_declaration(starter.supplier, framework, IN_PROGRESS_ANSWERS, by=starter)
        services.copy_services(starter.supplier, framework, by=starter)
        asked = services.ask_question(starter.supplier, framework, QUESTION, by=starter)
        services.answer_question(asked, ANSWER, by=admin)
        services.ask_question(submitter.supplier, framework, "Will the framework agreement be the same as on "
                                                             "Digital Outcomes and Specialists 6?", by=submitter)
    stages = {services.application_status(services.application_of(user.supplier, framework), framework)
              for user in supplier_users}
    return (f"{framework.name} is {framework.get_status_display().lower()}: demo suppliers at each stage "
            f"({', '.join(sorted(stages))})")
