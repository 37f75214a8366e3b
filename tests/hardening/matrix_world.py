"""The marketplace the authorisation matrix is checked against, built once for its module: one requirement in each
state (all the Home Office's), the people who may or may not touch them, and a way to fill every URL parameter
and API path parameter from them."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from apply.builders import SPECIALISTS, apply, publish
from django_tasks_db.backend import DatabaseBackend
from framework_applications.builders import OUTCOMES_SERVICE, open_framework

from factories import make_admin, make_buyer, make_supplier_user
from marketplace.accounts import services as accounts
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from marketplace.alerts.models import Alert
from marketplace.applications import services as applications
from marketplace.checks.models import CheckTerm
from marketplace.checks.services import add_check_term
from marketplace.clock.services import advance_clock
from marketplace.framework_applications import declaration
from marketplace.framework_applications import services as framework_applications
from marketplace.insights.tables import TABLES
from marketplace.notifications.models import OutboundEmail
from marketplace.notifications.tasks import deliver_pending_emails
from marketplace.opendata.ocds import ensure_closing_releases, ocid_of
from marketplace.opportunities import services as opportunities
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.questions import sections_for
from marketplace.suppliers.services import OUTCOMES, save_studio, update_lot_service
from marketplace.web.views.applications import steps_for
from marketplace.web.views.evaluation import DOWNLOADS
from opportunities.conftest import SERVICE_OFFERS, complete_answers

ANONYMOUS, OWNER, COLLEAGUE, OTHER_BUYER, SUPPLIER, OTHER_SUPPLIER, ADMIN = ROLES = (
    "anonymous", "owner", "colleague", "other buyer", "supplier", "other supplier", "admin")

# The requirement states whose rules differ. The supplier's application to each: none to the draft, a draft to the
# live and the withdrawn ones, submitted to the closed one, awarded the awarded one (cancelled and unsuccessful
# requirements are decided, as an awarded one is, and no rule tells them apart).
DRAFT, LIVE, WITHDRAWN, CLOSED, AWARDED = STATES = (
    Status.DRAFT, Status.LIVE, Status.WITHDRAWN, Status.CLOSED, Status.AWARDED)
MADE_UP = "made-up token"  # an emailed link's address with a token nobody was sent
# A closed requirement the supplier started an application to and never submitted; only the pages and operations
# about one application are asked about it.
UNSUBMITTED = "closed, application not submitted"

# Words only some people may read, written into the requirements, the applications and a supplier's question: the
# question and answer session (for signed-in suppliers), the supplier's evidence and its private question (for
# the supplier and the requirement's buyers).
QA_SESSION = "Join the session on Tuesday at 10am: ring 020 7946 0999, code QASESSION4417."
EVIDENCE = "EVIDENCE2231: we built the booking service for the Driver and Vehicle Standards Agency."
ASKED = "ASKED7093: can the developer work from our Leeds office two days a week?"

STUDIO = {"name": "Clerkenwell Lab", "address": "1 Clerkenwell Green, London EC1R 0DE", "location": "London",
          "facilities": "Observation room with a one-way mirror", "price": "120", "priceUnit": "hour"}


@dataclass
class World:
    people: dict  # role -> user (None for anonymous)
    requirements: dict  # state -> opportunity
    unsubmitted: object  # the requirement of the UNSUBMITTED application
    application_of: dict  # state -> the supplier's application to that requirement
    studio: object
    alert: object
    framework: object  # DOS7, open for applications
    framework_studio: object  # the supplier's studio on its application to DOS7
    links: dict  # route prefix of an emailed link -> its token
    clients: dict = field(default_factory=dict)  # role -> signed-in test client
    tokens: dict = field(default_factory=dict)  # role -> API bearer token
    everything: dict = field(default_factory=dict)  # what the database holds once built (see the test module)

    def api_caller(self, role):
        """The client and headers `role` calls the API with: a bearer token, or the admin's session."""
        if role in self.tokens:
            return self.clients[ANONYMOUS], {"Authorization": f"Bearer {self.tokens[role]}"}
        return self.clients[role], {}


def _signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
        if user.is_platform_admin:
            session = client.session
            session[SECOND_FACTOR_SESSION_KEY] = True
            session.save()
    return client


def _supplier(name):
    user = make_supplier_user(supplier_name=name)
    update_lot_service(user.supplier, SPECIALISTS, SERVICE_OFFERS[SPECIALISTS], by=user)
    return user


def _emailed_links(owner, supplier):
    """The tokens of the links a new buyer, an invited colleague and someone who forgot their password are sent,
    read from the queued emails (they are sent only once the transaction commits, which this one never does)."""
    accounts.start_buyer_sign_up("new.person@homeoffice.gov.uk")
    accounts.invite_colleague(supplier, "new.colleague@example.com")
    accounts.request_password_reset(owner.email)
    links = {}
    for address, path in (("new.person@homeoffice.gov.uk", "create-account/"), ("new.colleague@example.com", "join/"),
                          (owner.email, "reset-password/")):
        body = OutboundEmail.objects.filter(to=address).latest("pk").body
        links[path] = re.search(re.escape(path) + r"(\S+)", body)[1]
    return links


def _back_office_records(admin):
    """Records the back office lists that nothing above makes: a check term and a background task waiting."""
    add_check_term(CheckTerm.Kind.PRODUCT, "Widgetly", by=admin)
    DatabaseBackend("default", {"QUEUES": [], "OPTIONS": {}}).enqueue(deliver_pending_emails, (), {})


def _framework_application(supplier):
    """DOS7 open for applications, and the supplier's application to it: a service and a studio."""
    framework = open_framework()
    framework_applications.save_service(supplier.supplier, framework, OUTCOMES, OUTCOMES_SERVICE, by=supplier)
    studio = framework_applications.save_studio(supplier.supplier, framework, STUDIO, by=supplier)
    return framework, studio


def build_world():
    """Requirements that must be closed are published first; the clock then moves past their closing, and the live
    one and the draft are made."""
    owner = make_buyer(name="Priya Shah")
    people = {ANONYMOUS: None, OWNER: owner, COLLEAGUE: make_buyer(name="Tom Reed"),
              OTHER_BUYER: make_buyer(email="officer@gov.scot", name="Morag Campbell"),
              SUPPLIER: _supplier("Agile Works Ltd"), OTHER_SUPPLIER: _supplier("Big Consulting plc"),
              ADMIN: make_admin(name="Alex Admin")}
    supplier = people[SUPPLIER]
    requirements, application_of = {}, {}
    for state in (CLOSED, AWARDED, WITHDRAWN, UNSUBMITTED):
        requirements[state] = publish(owner, SPECIALISTS, title=f"Developer ({state})",
                                      questionAndAnswerSessionDetails=QA_SESSION)
        application_of[state] = apply(requirements[state], supplier, submit=state in (CLOSED, AWARDED),
                                      essentialRequirements=[{"evidence": EVIDENCE}] * 2)
    opportunities.withdraw_opportunity(requirements[WITHDRAWN], owner)
    advance_clock(dt.timedelta(days=10))
    applications.award(requirements[AWARDED], owner, application_of[AWARDED], "25000",
                       (requirements[AWARDED].closing_at + dt.timedelta(days=30)).date().isoformat())
    requirements[LIVE] = publish(owner, SPECIALISTS, title="Developer (live)",
                                 questionAndAnswerSessionDetails=QA_SESSION)
    application_of[LIVE] = apply(requirements[LIVE], supplier, submit=False,
                                 essentialRequirements=[{"evidence": EVIDENCE}] * 2)
    opportunities.ask_question(requirements[LIVE], supplier, ASKED)
    requirements[DRAFT] = opportunities.create_draft(SPECIALISTS, owner, complete_answers(
        SPECIALISTS, questionAndAnswerSessionDetails=QA_SESSION))
    for opportunity in requirements.values():
        opportunity.refresh_from_db()
    framework, framework_studio = _framework_application(supplier)
    world = World(people=people, requirements={s: o for s, o in requirements.items() if s != UNSUBMITTED},
                  unsubmitted=requirements[UNSUBMITTED], application_of=application_of,
                  studio=save_studio(supplier.supplier, STUDIO, by=supplier),
                  alert=Alert.objects.filter(user=supplier).order_by("pk").first(),
                  links=_emailed_links(owner, supplier), framework=framework, framework_studio=framework_studio)
    _back_office_records(people[ADMIN])
    # As the scheduled jobs leave it (the open-data pages would otherwise write the closed requirement's release).
    ensure_closing_releases()
    world.clients = {role: _signed_in(user) for role, user in people.items()}
    # A platform admin may have no API token (it would skip the second factor): the admin calls the API from the
    # back-office session.
    world.tokens = {role: accounts.create_api_token(user) for role, user in people.items()
                    if user is not None and not user.is_platform_admin}
    return world


def fillings(world, route, names, model=None):
    """Every way to fill the parameters `names` of `route`: (requirement state or None, kwargs)."""
    if not names:
        return [(None, {})]
    if "opportunity_id" in names or ("pk" in names and not route.startswith("suppliers/alerts")):
        key = "opportunity_id" if "opportunity_id" in names else "pk"
        found = []
        about_one_application = "application_id" in names
        for state, opportunity in [*world.requirements.items(),
                                   *([(UNSUBMITTED, world.unsubmitted)] if about_one_application else [])]:
            values = _for_requirement(world, state, opportunity, [n for n in names if n != key])
            found += [(state, {key: opportunity.pk, **kwargs}) for kwargs in values]
        return found
    if "application_id" in names:
        return [(state, {"application_id": application.pk}) for state, application in world.application_of.items()]
    if "slug" in names:
        return [(None, _for_framework(world, names))]
    if "token" in names:
        # The link as emailed, and one with a made-up token.
        kwargs = {"pk": world.alert.pk} if "pk" in names else {}
        return [(None, {**kwargs, "token": _token(world, route)}), (MADE_UP, {**kwargs, "token": "made-up-token"})]
    values = {"pk": world.alert.pk, "alert_id": world.alert.pk,
              "lot": SPECIALISTS, "studio_id": world.studio.pk, "name": next(iter(TABLES)),
              "ocid": ocid_of(world.requirements[LIVE]), "url": "no-such-page/"}
    # A back-office page of one record: the model's first; a link to the public page of one: the live requirement.
    model = model or Opportunity
    values["object_id"] = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    values["content_type_id"] = ContentType.objects.get_for_model(Opportunity).pk
    if "app_label" in names:
        return [(None, {"app_label": label}) for label in re.search(r"\(\?P<app_label>([^)]*)\)", route)[1]
                .split("|")]
    if "ocid" in names:
        return [(state, {"ocid": ocid_of(opportunity)}) for state, opportunity in world.requirements.items()]
    return [(None, {name: values[name] for name in names})]


def path_of(name, route, kwargs):
    """The path of a pattern filled with `kwargs`; an unnamed pattern's parameters are written into it."""
    if name:
        return reverse(name, kwargs=kwargs)
    filled = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1] or m[2]]), route)
    return "/" + filled.replace("^", "").replace("$", "")


def _for_requirement(world, state, opportunity, names):
    lot = opportunity.lot.slug
    if not names:
        return [{}]
    values = {"section": sections_for(lot)[0].slug, "page": sections_for(lot)[0].pages[0].slug,
              "step": steps_for(opportunity)[0].slug}
    if "application_id" in names:
        application = world.application_of.get(state)
        if application is None:
            return []
        values["application_id"] = application.pk
    values["extension"] = next(iter(DOWNLOADS))  # every kind of download is the same page to the rules
    return [{n: values[n] for n in names}]


def _for_framework(world, names):
    """A framework's page or the supplier's application to it: DOS7, with the supplier's studio on it."""
    values = {"slug": world.framework.slug, "section": declaration.SECTIONS[0].slug, "lot": OUTCOMES,
              "studio_id": world.framework_studio.pk}
    return {name: values[name] for name in names}


def _token(world, route):
    if route.startswith("suppliers/alerts"):
        return world.alert.unsubscribe_token
    return next((token for start, token in world.links.items() if route.startswith(start)), None)

