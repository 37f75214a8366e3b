"""One marketplace with something in every state a form or an API body can be sent to, made through the same
services the service itself uses: a buyer with a draft on each lot, live and closed requirements, a supplier
that offers every lot with an application in progress and a submitted one, a studio, an alert, an admin, and the
links an email would carry."""

import datetime as dt
import pyotp

from apply.builders import apply
from catalogue.requirements import OUTCOMES, PARTICIPANTS, SPECIALISTS, complete_answers, supplier_offering
from factories import make_admin, make_buyer
from framework_applications.builders import OUTCOMES_SERVICE, PASSING, open_framework, supplier_user
from marketplace.accounts import services as accounts
from marketplace.accounts.models import EmailLink
from marketplace.alerts.services import create_alert
from marketplace.applications import services as applications
from marketplace.framework_applications import services as framework_applications
from marketplace.frameworks.models import Framework
from marketplace.frameworks.services import move_framework
from marketplace.opportunities import services as opportunities
from marketplace.suppliers.services import STUDIOS, save_studio, update_lot_service

LOTS = (OUTCOMES, SPECIALISTS, PARTICIPANTS)
# A Monday in British Summer Time; the closed requirements were published four weeks before it.
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
EARLIER = NOW - dt.timedelta(days=28)


class World:
    """Built in time order: what has closed was published at EARLIER, the rest at NOW."""

    def __init__(self, set_clock):
        set_clock(EARLIER)
        self.buyer = make_buyer(name="Priya Shah")
        self.supplier = supplier_offering(OUTCOMES, name="Sam Okafor", supplier_name="Agile Works Ltd")
        for lot in (SPECIALISTS, PARTICIPANTS):
            update_lot_service(self.supplier.supplier, lot, _offer(lot), by=self.supplier)
        self.rival = supplier_offering(SPECIALISTS, name="Ola Bello", supplier_name="Bello Digital Ltd", size="large")
        self.closed = {lot: self._published(lot) for lot in LOTS}
        self.submitted = {lot: apply(self.closed[lot], self.supplier) for lot in LOTS}
        self.rival_application = apply(self.closed[SPECIALISTS], self.rival)
        self.awarded = self._published(OUTCOMES)
        winner = apply(self.awarded, self.supplier)
        set_clock(NOW)
        applications.award(self.awarded, self.buyer, winner, "250000.00",
                           (NOW + dt.timedelta(days=30)).date().isoformat())
        self.drafts = {lot: opportunities.create_draft(lot, self.buyer, complete_answers(lot)) for lot in LOTS}
        self.live = {lot: self._published(lot) for lot in LOTS}
        self.in_progress = {lot: applications.start_application(self.live[lot], self.supplier) for lot in LOTS}
        self.unapplied = self._published(OUTCOMES)
        self.question = opportunities.ask_question(self.live[OUTCOMES], self.supplier,
                                                   "Can the team work fully remotely?")
        self.studio = save_studio(self.supplier.supplier, {
            "name": "Cardiff Research Lab", "address": "1 Bute Street, Cardiff CF10 5AA", "location": "Wales",
            "facilities": "Two rooms with a one-way mirror", "price": "450.00", "priceUnit": "day"},
            self.supplier)
        self.admin = _with_second_factor(make_admin(name="Alex Admin"))  # the client marks the second factor passed
        self.admin_before_second_factor = _with_second_factor(make_admin(name="Sam Support"))
        self.admin_without_second_factor = make_admin(name="Jo New")
        self.sign_up_secret = _link("new.person@homeoffice.gov.uk", EmailLink.Purpose.SIGN_UP,
                                    lambda: accounts.start_buyer_sign_up("new.person@homeoffice.gov.uk"))
        self.invitation_secret = _link("new.colleague@agile-works.example.com", EmailLink.Purpose.INVITATION,
                                       lambda: accounts.invite_colleague(self.supplier,
                                                                         "new.colleague@agile-works.example.com"))
        self.reset_secret = _link(self.buyer.email, EmailLink.Purpose.RESET_PASSWORD,
                                  lambda: accounts.request_password_reset(self.buyer.email))
        self.framework, self.framework_studio = self._framework_application()
        self.signed_framework, self.signed_supplier = self._signed_agreement()
        self.alert = create_alert(self.supplier, {"name": "Developers in London", "q": "developer",
                                                  "lot": [SPECIALISTS], "frequency": "daily"})

    def _framework_application(self):
        """DOS7 open for applications, and the supplier's application to it: a service and a studio."""
        framework = open_framework()
        supplier = self.supplier.supplier
        framework_applications.save_service(supplier, framework, OUTCOMES, OUTCOMES_SERVICE, by=self.supplier)
        studio = framework_applications.save_studio(supplier, framework, {
            "name": "Bute Street Lab", "address": "2 Bute Street, Cardiff CF10 5AA", "location": "Wales",
            "facilities": "One room with a one-way mirror", "price": "300.00", "priceUnit": "day"}, by=self.supplier)
        return framework, studio

    def _signed_agreement(self):
        """Another framework, in standstill, whose agreement another supplier has signed (only then is there one
        to download)."""
        framework = Framework.objects.create(
            slug="g-cloud-15", name="G-Cloud 15", short_name="G15", generation=15, status=Framework.Status.OPEN,
            **{field: getattr(self.framework, field) for field in (
                "clarifications_close_at", "applications_close_at", "results_at", "live_at", "expires_at",
                "agreement_text")})
        framework.lots.set(self.framework.lots.all())
        user = supplier_user(name="Kim Lee", supplier_name="Lee Research Ltd")
        framework_applications.save_declaration(user.supplier, framework, PASSING, by=user)
        framework_applications.save_service(user.supplier, framework, OUTCOMES, OUTCOMES_SERVICE, by=user)
        framework_applications.submit_application(user.supplier, framework, by=user)
        for status in ("pending", "standstill"):
            move_framework(framework, status, by=self.admin)
        framework_applications.sign_agreement(user.supplier, framework, "Kim Lee", "Director", True, by=user)
        return framework, user

    def _published(self, lot):
        answers = complete_answers(lot, niceToHaveRequirements=["Experience of GOV.UK Notify"])
        return opportunities.publish_opportunity(opportunities.create_draft(lot, self.buyer, answers), self.buyer)

def _with_second_factor(user):
    secret = pyotp.parse_uri(accounts.start_totp_setup(user)).secret
    accounts.confirm_totp_setup(user, pyotp.TOTP(secret).now())
    return user


def _offer(lot):
    from catalogue.requirements import SERVICE_OFFERS

    return SERVICE_OFFERS[lot]


def _link(address, purpose, send):
    """Send an email with a link, as the service does, and read the link's secret from the email."""
    from marketplace.notifications.models import OutboundEmail

    send()
    email = OutboundEmail.objects.filter(to__iexact=address).latest("pk")
    path = {"sign-up": "/create-account/", "invitation": "/join/", "reset-password": "/reset-password/"}
    return email.body.split(path[purpose])[1].split()[0]


__all__ = ["World", "STUDIOS", "LOTS"]
