"""What framework-application tests build on: a supplier with confirmed company details, a passing declaration,
a service for each lot, and DOS7 open for applications."""

import datetime as dt

import factories
from marketplace import clock
from marketplace.framework_applications import declaration
from marketplace.frameworks.models import Framework, Lot
from marketplace.frameworks.reference import AGREEMENT
from marketplace.suppliers import services as suppliers

DOS7 = "digital-outcomes-and-specialists-7"
DOS7_NAME = "Digital Outcomes and Specialists 7"

COMPANY = {"registered_name": "Agile Works Limited", "registration_scheme": "companies-house",
           "registration_number": "01234567", "registration_country": "United Kingdom",
           "trading_status": "limited company", "organisation_size": "small", "vat_number": "GB123456789",
           "address": "1 High Street\nLeeds LS1 1AA", "contact_phone": "0113 496 0000"}

# Every question answered the way that passes without an admin's decision.
PASSING = {question.key: (True if question.kind == declaration.ACCEPT
                          else not question.fails_on[0] if question.fails_on
                          else False if question.discretionary_on else None)
           for question in declaration.QUESTIONS}
PASSING = {key: value for key, value in PASSING.items() if value is not None}
PASSING["annualTurnover"] = "2500000"

OUTCOMES_SERVICE = {"locations": ["London", "Wales"],
                    "capabilities": {"Security": ["IT health check", "Penetration testing"]}}
SPECIALISTS_SERVICE = {"roles": {"developer": {"locations": ["London"], "maxDayRate": "650"},
                                 "designer": {"locations": ["Scotland", "Wales"], "maxDayRate": "700.50"}}}


def supplier_user(**kwargs):
    """A supplier user whose company details are confirmed (not on any framework unless told)."""
    kwargs.setdefault("on_framework", False)
    user = factories.make_supplier_user(**kwargs)
    suppliers.update_company_details(user.supplier, COMPANY, by=user)
    suppliers.confirm_company_details(user.supplier, by=user)
    return user


def open_framework(now=None, **fields):
    """DOS7, open for applications (or at `status`), with every lot, its timetable counted from now and its agreement."""
    now = now or clock.now()
    days = dt.timedelta(days=1)
    values = {"clarifications_close_at": now + 14 * days, "applications_close_at": now + 28 * days,
              "results_at": now + 56 * days, "live_at": now + 70 * days, "expires_at": now + 800 * days,
              "agreement_text": AGREEMENT.format(name=DOS7_NAME), "status": Framework.Status.OPEN, **fields}
    framework = Framework.objects.create(slug=DOS7, name=DOS7_NAME, short_name="DOS7", generation=7, **values)
    framework.lots.set(Lot.objects.all())
    return framework
