"""Every page and every API operation, for everyone who might ask, about requirements in each state: who gets in
and who is refused (PRODUCT.md: "Every page and API call checks both the role and ownership").

The pages are the URL configuration's and the operations the OpenAPI document's, so a page or operation is covered
the day it is added, and one with no row in PAGES or OPERATIONS (or a family of FAMILIES) fails the test, naming it.
Each page is asked for with GET by everyone; each write (a page's form, an API operation that is not a GET) is sent
by everyone it refuses, who must be refused and change nothing (row counts, audit events and the records a write
would touch). Writes that are allowed are not sent: the journeys' own tests send them.
"""

import json
import re
from dataclasses import dataclass, field, replace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.urls import get_resolver

from hardening.matrix_world import (
    ADMIN, ASKED, AWARDED, CLOSED, COLLEAGUE, DRAFT, EVIDENCE, LIVE, MADE_UP, OTHER_BUYER, OTHER_SUPPLIER, OWNER,
    QA_SESSION, ROLES, SUPPLIER, UNSUBMITTED, WITHDRAWN, build_world, fillings, path_of,
)
from marketplace.api.urls import api
from reflow.test_reflow import _parameters, _patterns

pytestmark = pytest.mark.django_db


# Answers ------------------------------------------------------------------------------------------------------

def _to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith("/sign-in?next=")


def _statuses(*codes):
    return lambda response: response.status_code in codes


@dataclass(frozen=True)
class Answer:
    name: str
    refused: bool
    matches: object  # response -> bool


ALLOWED = Answer("allowed (2xx, or a redirect other than to sign in)", False,
                 lambda r: r.status_code < 300 or (r.status_code < 400 and not _to_sign_in(r)))
SIGN_IN = Answer("sent to sign in", True, _to_sign_in)
# The back office's own sign-in page, which sends someone not signed in to sign in and refuses anyone else.
BACK_OFFICE_DOOR = Answer("sent to the back office's sign-in", True,
                          lambda r: r.status_code == 302 and r["Location"].startswith("/admin/login/?next="))
UNAUTHENTICATED = Answer("401", True, _statuses(401))
FORBIDDEN = Answer("403", True, _statuses(403))
HIDDEN = Answer("404", True, _statuses(404))
CONFLICT = Answer("409 (not in this state)", True, _statuses(409))
INVALID = Answer("400", True, _statuses(400))
POST_ONLY = Answer("405 to a GET (the page only takes a POST)", False, _statuses(405))

_GROUPS = {"buyers": (OWNER, COLLEAGUE, OTHER_BUYER), "owners": (OWNER, COLLEAGUE),
           "suppliers": (SUPPLIER, OTHER_SUPPLIER), "everyone": ROLES}


def _by_role(base, **given):
    """{role: answer} from `base`, then groups (buyers, owners, suppliers, everyone), then single roles."""
    answers = dict(base)
    for group in ("everyone", "buyers", "suppliers", "owners"):
        if group in given:
            answers.update(dict.fromkeys(_GROUPS[group], given.pop(group)))
    answers.update({key.replace("_", " "): answer for key, answer in given.items()})
    assert set(answers) == set(ROLES), f"unknown roles: {set(answers) - set(ROLES)}"
    return answers


@dataclass(frozen=True)
class Row:
    """What each role gets; `states` overrides it for requirements in some states. A `post_only` page answers a GET
    with 405 for everyone it does not refuse; its refusals are checked with a POST."""

    answers: dict
    states: dict = field(default_factory=dict)
    post_only: bool = False

    def answer(self, role, state):
        return self.states.get(state, {}).get(role, self.answers[role])

    def but(self, **given):
        return replace(self, answers=_by_role(self.answers, **given))

    def when(self, states, **given):
        overrides = dict(self.states)
        for state in states:
            given_here = {role: answer for role, answer in _by_role(dict.fromkeys(ROLES), **given).items() if answer}
            overrides[state] = {**overrides.get(state, {}), **given_here}
        return replace(self, states=overrides)


def row(**given):
    return Row(_by_role({}, **given))


NOT_YET_CLOSED = (DRAFT, LIVE, WITHDRAWN)
NOT_CLOSED = (DRAFT, LIVE, WITHDRAWN, AWARDED)  # every state but closed and waiting for an outcome
NOT_DRAFT = (LIVE, WITHDRAWN, CLOSED, AWARDED)
NOT_LIVE = (DRAFT, WITHDRAWN, CLOSED, AWARDED)
# Of an application, the owning buyers see nothing before applications close, or ever if it was not submitted.
NOT_THE_BUYERS_YET = (*NOT_YET_CLOSED, UNSUBMITTED)

# Pages --------------------------------------------------------------------------------------------------------

PUBLIC = row(everyone=ALLOWED)
SIGNED_IN = row(everyone=ALLOWED, anonymous=SIGN_IN)
BUYERS = row(everyone=FORBIDDEN, anonymous=SIGN_IN, buyers=ALLOWED)
SUPPLIERS = row(everyone=FORBIDDEN, anonymous=SIGN_IN, suppliers=ALLOWED)
PLATFORM_ADMINS = row(everyone=FORBIDDEN, anonymous=SIGN_IN, admin=ALLOWED)
# A requirement's management pages: another organisation's buyer is told nothing exists.
OWNING_BUYERS = BUYERS.but(other_buyer=HIDDEN)
# Applications are the owning buyers' only once applications have closed, and only those submitted.
AFTER_CLOSING = OWNING_BUYERS.when(NOT_THE_BUYERS_YET, owners=HIDDEN)
# A supplier's own record (a studio, an alert): another supplier is told nothing exists.
OWN_SUPPLIER = SUPPLIERS.but(other_supplier=HIDDEN)
# Applying: for any supplier, about a published requirement.
APPLYING = SUPPLIERS.when([DRAFT], suppliers=HIDDEN)
# The public page of a published requirement; a draft is only its own buyers' (they are sent to its preview).
PUBLISHED = PUBLIC.when([DRAFT], everyone=HIDDEN, owners=ALLOWED)
# A link sent by email: the token in it is the permission, whoever follows it.
EMAILED_LINK = PUBLIC.when([MADE_UP], everyone=HIDDEN)

PAGES = {
    "web:home": PUBLIC, "web:healthz": PUBLIC, "web:cookies": PUBLIC, "web:accessibility": PUBLIC,
    "web:privacy": PUBLIC, "web:feedback": PUBLIC,
    "web:sign-in": PUBLIC, "web:sign-out": replace(PUBLIC, post_only=True),
    "web:second-factor": PLATFORM_ADMINS, "web:second-factor-set-up": PLATFORM_ADMINS,
    "web:reset-password": PUBLIC, "web:reset-password-confirm": EMAILED_LINK, "web:change-password": SIGNED_IN,
    "web:buyer-sign-up": PUBLIC, "web:supplier-register": PUBLIC, "web:check-your-email": PUBLIC,
    "web:create-account": EMAILED_LINK, "web:join": EMAILED_LINK,
    "web:buyer-dashboard": BUYERS,
    # Only an organisation's admin (its first buyer) manages its colleagues.
    "web:buyer-colleagues": BUYERS.but(colleague=FORBIDDEN),
    "web:requirements": BUYERS, "web:requirement-create": BUYERS,
    "web:requirement-overview": OWNING_BUYERS, "web:requirement-question": OWNING_BUYERS,
    "web:requirement-preview": OWNING_BUYERS, "web:requirement-publish": OWNING_BUYERS,
    "web:requirement-delete": OWNING_BUYERS, "web:requirement-withdraw": OWNING_BUYERS,
    "web:requirement-copy": replace(OWNING_BUYERS, post_only=True), "web:requirement-questions": OWNING_BUYERS,
    "web:opportunities": PUBLIC, "web:opportunities-feed": PUBLIC, "web:opportunity": PUBLISHED,
    "web:opportunity-ask-question": APPLYING,
    "web:supplier-dashboard": SUPPLIERS, "web:supplier-company": SUPPLIERS, "web:supplier-company-edit": SUPPLIERS,
    "web:supplier-company-confirm": SUPPLIERS, "web:supplier-services": SUPPLIERS,
    "web:supplier-service-edit": SUPPLIERS, "web:supplier-studio-add": SUPPLIERS,
    "web:supplier-studio-edit": OWN_SUPPLIER, "web:supplier-studio-remove": OWN_SUPPLIER,
    "web:supplier-colleagues": SUPPLIERS, "web:supplier-alerts": SUPPLIERS, "web:supplier-alert-new": SUPPLIERS,
    "web:supplier-alert": OWN_SUPPLIER, "web:supplier-alert-stop": OWN_SUPPLIER,
    # The one-click link in an alert email.
    "web:supplier-alert-unsubscribe": EMAILED_LINK,
    # Another supplier is sent to start its own application.
    "web:application-start": APPLYING, "web:application-check": APPLYING, "web:application-submitted": APPLYING,
    "web:application-essentials-not-met": APPLYING, "web:application-step": APPLYING,
    "web:application-dashboard": SUPPLIERS,
    # A framework's public page; its question form is for signed-in suppliers (a GET is the same to everyone).
    "web:framework": PUBLIC,
    # Applying to a framework: each supplier sees only its own application (no page takes a supplier's id), and
    # submitting or copying services answers a GET by going back to the task list.
    "web:framework-application": SUPPLIERS, "web:framework-submit": SUPPLIERS,
    "web:framework-copy-services": SUPPLIERS, "web:framework-declaration": SUPPLIERS,
    "web:framework-lot": SUPPLIERS, "web:framework-studio-add": SUPPLIERS,
    "web:framework-studio-edit": OWN_SUPPLIER, "web:framework-studio-remove": OWN_SUPPLIER,
    "web:framework-agreement": SUPPLIERS,
    # Only a signed agreement is downloaded, and no supplier has signed one while the framework is open.
    "web:framework-agreement-download": SUPPLIERS.but(suppliers=HIDDEN),
    "web:evaluation-applications": AFTER_CLOSING, "web:evaluation-download": AFTER_CLOSING,
    "web:evaluation-shortlist": AFTER_CLOSING, "web:evaluation-application": AFTER_CLOSING,
    "web:evaluation-score": AFTER_CLOSING, "web:evaluation-outcome": AFTER_CLOSING,
    "web:evaluation-award": AFTER_CLOSING, "web:evaluation-award-details": AFTER_CLOSING,
    "web:evaluation-cancel": AFTER_CLOSING, "web:evaluation-unsuccessful": AFTER_CLOSING,
    "insights:index": PUBLIC, "insights:csv": PUBLIC,
    "opendata:index": PUBLIC, "opendata:opportunity-data-csv": PUBLIC, "opendata:ocds-releases": PUBLIC,
    # Open data is of published requirements only.
    "opendata:ocds-record": PUBLIC.when([DRAFT], everyone=HIDDEN),
    "opendata:ocds-all-records": PUBLIC,
    "api:openapi-json": PUBLIC, "api:openapi-view": PUBLIC,
    "api:api-root": row(everyone=HIDDEN),
    # The back office's sign-in and sign-out are the service's own.
    "admin:login": PLATFORM_ADMINS, "admin:logout": PUBLIC, "admin:password_change": row(
        everyone=BACK_OFFICE_DOOR, admin=ALLOWED),
    # Asked for no field to search, the back office's search-as-you-type answers 403 even to the admin.
    "admin:autocomplete": row(everyone=BACK_OFFICE_DOOR, admin=FORBIDDEN),
    # No back-office record links to a public page.
    "admin:view_on_site": row(everyone=BACK_OFFICE_DOOR, admin=HIDDEN),
    r"admin/(?P<url>.*)$": row(everyone=BACK_OFFICE_DOOR, admin=HIDDEN),
}

# The back office is the platform admin's alone; the admin may still not add or delete records that only the
# services write (audit events, say): each model admin says which, and that is what the admin gets.
BACK_OFFICE = row(everyone=BACK_OFFICE_DOOR, admin=ALLOWED)
FAMILIES = {r"^admin(:|/)": BACK_OFFICE}

# API operations (operation ids without the common prefix) ----------------------------------------------------

API_PUBLIC = PUBLIC
API_SIGNED_IN = row(everyone=ALLOWED, anonymous=UNAUTHENTICATED)
API_BUYERS = row(everyone=FORBIDDEN, anonymous=UNAUTHENTICATED, buyers=ALLOWED)
API_SUPPLIERS = row(everyone=FORBIDDEN, anonymous=UNAUTHENTICATED, suppliers=ALLOWED)
# A published requirement is known to exist (403 for others); a draft is not (404).
API_OWNING_BUYERS = API_BUYERS.but(other_buyer=FORBIDDEN).when(
    [DRAFT], other_buyer=HIDDEN, suppliers=HIDDEN, admin=HIDDEN)
API_APPLYING = API_SUPPLIERS.when([DRAFT], everyone=HIDDEN, anonymous=UNAUTHENTICATED, owners=FORBIDDEN)
# An application: its supplier's; the owning buyers' once submitted and closed; nobody else's to know of.
API_APPLICATION = row(everyone=HIDDEN, anonymous=UNAUTHENTICATED, supplier=ALLOWED, owners=FORBIDDEN).when(
    NOT_THE_BUYERS_YET, owners=HIDDEN)
# Its supplier changes it only while the requirement is live; the buyers never.
API_APPLICATION_WRITE = API_APPLICATION.when([WITHDRAWN, CLOSED, AWARDED, UNSUBMITTED], supplier=CONFLICT)

OPERATIONS = {
    "accounts_me": API_SIGNED_IN,
    "suppliers_list_services": API_SUPPLIERS, "suppliers_get_service": API_SUPPLIERS,
    "suppliers_put_service": API_SUPPLIERS, "suppliers_delete_service": API_SUPPLIERS,
    "alerts_list_alerts": API_SUPPLIERS, "alerts_create_alert": API_SUPPLIERS,
    "alerts_delete_alert": API_SUPPLIERS.but(other_supplier=HIDDEN),
    "frameworks_list_frameworks": API_PUBLIC, "opportunities_search": API_PUBLIC,
    "opportunities_create": API_BUYERS,
    "opportunities_detail": PUBLISHED,
    # Drafts are changed, deleted and published; live requirements withdrawn; any requirement copied.
    "opportunities_update": API_OWNING_BUYERS.when(NOT_DRAFT, owners=CONFLICT),
    "opportunities_delete": API_OWNING_BUYERS.when(NOT_DRAFT, owners=CONFLICT),
    "opportunities_publish": API_OWNING_BUYERS.when(NOT_DRAFT, owners=CONFLICT),
    "opportunities_withdraw": API_OWNING_BUYERS.when(NOT_LIVE, owners=CONFLICT),
    "opportunities_copy": API_OWNING_BUYERS,
    "opportunities_ask_question": API_APPLYING.when([WITHDRAWN, CLOSED, AWARDED], suppliers=CONFLICT),
    "opportunities_questions": API_OWNING_BUYERS,
    "opportunities_publish_clarification": API_OWNING_BUYERS.when(NOT_LIVE, owners=CONFLICT),
    "checks_checks": API_OWNING_BUYERS, "matching_matching_suppliers": API_OWNING_BUYERS,
    "applications_start": API_APPLYING.when([WITHDRAWN, CLOSED, AWARDED], other_supplier=CONFLICT),
    "applications_received": API_BUYERS.but(everyone=HIDDEN, anonymous=UNAUTHENTICATED, owners=ALLOWED).when(
        NOT_YET_CLOSED, owners=HIDDEN),
    "applications_detail": API_APPLICATION.but(owners=ALLOWED),
    "applications_update": API_APPLICATION_WRITE, "applications_submit": API_APPLICATION_WRITE,
    # A draft has no application to name as the winner.
    "applications_award": API_OWNING_BUYERS.when(NOT_CLOSED, owners=CONFLICT).when([DRAFT], owners=INVALID),
    "applications_cancel": API_OWNING_BUYERS.when(NOT_CLOSED, owners=CONFLICT),
    "applications_unsuccessful": API_OWNING_BUYERS.when(NOT_CLOSED, owners=CONFLICT),
    # A supplier's application to a framework: always its own (no operation takes a supplier's id).
    "framework_applications_detail": API_SUPPLIERS, "framework_applications_save_declaration": API_SUPPLIERS,
    "framework_applications_put_service": API_SUPPLIERS, "framework_applications_delete_service": API_SUPPLIERS,
    "framework_applications_copy_services": API_SUPPLIERS, "framework_applications_submit": API_SUPPLIERS,
    "framework_applications_sign_agreement": API_SUPPLIERS, "framework_applications_questions": API_PUBLIC,
}

OPERATION_PREFIX = "marketplace_api_routers_"

# What only some may read, on any page or API answer outside the back office (whose admin sees every record): the
# question and answer session is for signed-in suppliers (and the buyers who wrote it); a supplier's evidence and
# its question to the buyer are for it and the requirement's buyers.
SECRETS = {QA_SESSION: (OWNER, COLLEAGUE, SUPPLIER, OTHER_SUPPLIER), EVIDENCE: (SUPPLIER, OWNER, COLLEAGUE),
           ASKED: (SUPPLIER, OWNER, COLLEAGUE)}


# What is asked for -------------------------------------------------------------------------------------------

def _api_path(route):
    """An API route's path as the OpenAPI document writes it."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


SCHEMA = api.get_openapi_schema()
OPERATION_LIST = [(method, path, op["operationId"].removeprefix(OPERATION_PREFIX))
                  for path, methods in SCHEMA["paths"].items() for method, op in methods.items()]
PAGE_LIST = [(name or route, route, pattern) for route, name, pattern in _patterns(get_resolver().url_patterns)
             if _api_path(route) not in SCHEMA["paths"]]


def _row_for(key, table, families=None):
    if key in table:
        return table[key]
    return next((family for pattern, family in (families or {}).items() if re.search(pattern, key)), None)


def _model_admin(pattern):
    return getattr(pattern.callback, "model_admin", None)


def _back_office_withholds(key, pattern, world):
    """True for a back-office page its model admin does not offer by design (adding an audit event, say)."""
    model_admin = _model_admin(pattern)
    if model_admin is None:
        return False
    request = RequestFactory().get("/")
    request.user = world.people[ADMIN]
    action = key.rsplit("_", 1)[-1]
    if action == "add":
        return not model_admin.has_add_permission(request)
    if action == "delete":
        return not model_admin.has_delete_permission(request)
    return False


# Nothing written ---------------------------------------------------------------------------------------------

# The records a page or an operation of the service changes, compared row by row; every table is counted.
_COMPARED_APPS = {"opportunities", "applications", "alerts", "suppliers", "checks"}


def _everything():
    """Every table's row count (in one query), and every row of the tables of the records a write would change.
    Sessions are left out: asking for a page may start one."""
    models = [model for model in apps.get_models() if model._meta.app_label != "sessions"]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)})"
                       for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        found = dict(zip((model._meta.label_lower for model in models), cursor.fetchone()))
    for model in models:
        if model._meta.app_label in _COMPARED_APPS and model.__module__.startswith("marketplace."):
            found[model._meta.label_lower] = list(model._default_manager.order_by("pk").values_list())
    return found


def _changes(before, after):
    return sorted(label for label in before if before[label] != after[label])


# The marketplace ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end; each test runs in a savepoint of it."""
    quick = ["hashers.QuickArgon2PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(CLOCK_TRAVEL_ALLOWED=True, PASSWORD_HASHERS=quick):
        with transaction.atomic():
            built = build_world()
            # Each test runs in a savepoint rolled back at its end, so each starts from this.
            built.everything = _everything()
            yield built
            transaction.set_rollback(True)


def _secrets_shown(response, role):
    """The secrets in the answer that `role` may not read."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    return [secret for secret, readers in SECRETS.items() if role not in readers and _marker(secret) in text]


def _marker(secret):
    return re.search(r"[A-Z]{5,}\d+", secret)[0]


def _describe(response):
    location = response.get("Location")
    return f"{response.status_code}" + (f" to {location}" if location else "")


def _cells(world, key, route, pattern, names):
    cells = fillings(world, route, names, getattr(_model_admin(pattern), "model", None))
    assert cells, f"{key}: no way to fill its parameters {names} from the marketplace; teach matrix_world.fillings"
    return cells


# The tests ---------------------------------------------------------------------------------------------------

def test_every_page_and_operation_has_a_row():
    pages = [key for key, _, _ in PAGE_LIST if _row_for(key, PAGES, FAMILIES) is None]
    operations = [key for _, _, key in OPERATION_LIST if key not in OPERATIONS]
    assert not pages + operations, (f"say who may use them: pages with no row in PAGES: {pages}; "
                                    f"API operations with no row in OPERATIONS: {operations}")
    stale = set(PAGES) - {key for key, _, _ in PAGE_LIST} | set(OPERATIONS) - {key for _, _, key in OPERATION_LIST}
    assert not stale, f"rows for pages or operations that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("key, route, pattern", PAGE_LIST, ids=[key for key, _, _ in PAGE_LIST])
def test_page(world, key, route, pattern):
    """GET as everyone; then everyone refused sends the page's form too, and is refused again with nothing
    written."""
    found = _row_for(key, PAGES, FAMILIES)
    assert found is not None, f"{key} has no row in PAGES"
    names = [a or b for a, b in _parameters(route)]
    wrong, refused = [], []
    for state, kwargs in _cells(world, key, route, pattern, names):
        path = path_of(pattern.name and key, route, kwargs)
        for role in ROLES:
            expected = found.answer(role, state)
            if role == ADMIN and expected is ALLOWED and _back_office_withholds(key, pattern, world):
                expected = FORBIDDEN
            if expected.refused:
                refused.append((state, role, path, expected))
                continue
            response = world.clients[role].get(path)
            wanted = POST_ONLY if found.post_only else expected
            if not wanted.matches(response):
                wrong.append(f"GET {path} [{state}] as {role}: expected {wanted.name}, got {_describe(response)}")
            elif found is not BACK_OFFICE and not key.startswith("admin:") and _secrets_shown(response, role):
                wrong.append(f"GET {path} [{state}] as {role} shows {_secrets_shown(response, role)}")
    for state, role, path, expected in refused:
        for method in ("get", "post"):
            if method == "get" and found.post_only:
                continue
            response = getattr(world.clients[role], method)(path)
            # A page that takes no form refuses a POST with 405 whoever sends it.
            if not (expected.matches(response) or (method == "post" and response.status_code == 405)):
                wrong.append(f"{method.upper()} {path} [{state}] as {role}: expected {expected.name}, "
                             f"got {_describe(response)}")
    changed = _changes(world.everything, _everything())
    assert not wrong, f"{key}:\n" + "\n".join(wrong)
    assert not changed, f"{key}: its requests changed {changed}"


def _body(world, key, state):
    """A request body that would be accepted if the caller were allowed, so that only who asks can refuse it."""
    if key == "applications_award":
        opportunity, application = world.requirements[state], world.application_of.get(state)
        return {"applicationId": application.pk if application else 0, "contractValue": "25000.00",
                "contractStartDate": (opportunity.closing_at or opportunity.created_at).date().isoformat()}
    return {
        "suppliers_put_service": {"roles": {"developer": {"locations": ["London"], "maxDayRate": "700"}}},
        "alerts_create_alert": {"name": "Developers", "q": "developer", "frequency": "daily"},
        "opportunities_create": {"lot": "digital-specialists", "title": "Tester for the booking service"},
        "opportunities_update": {"title": "Developer for the new booking service"},
        "opportunities_ask_question": {"question": "Can the specialist work from Leeds?"},
        "opportunities_publish_clarification": {"question": "Can the work be remote?", "answer": "Two days a week."},
        "applications_update": {"respondToEmailAddress": "bids@example.com"},
        "applications_cancel": {"reason": "The budget was withdrawn."},
        "applications_unsuccessful": {"reason": "No supplier had the skills."},
        "framework_applications_save_declaration": {"annualTurnover": "2500000"},
        "framework_applications_put_service": {"locations": ["London"],
                                               "capabilities": {"Security": ["Penetration testing"]}},
        "framework_applications_sign_agreement": {"signerName": "Sam Okafor", "signerRole": "Director",
                                                  "accept": True},
    }.get(key)


@pytest.mark.parametrize("method, path, key", OPERATION_LIST, ids=[key for _, _, key in OPERATION_LIST])
def test_operation(world, method, path, key):
    """A read is called by everyone; a write only by everyone it refuses, who must change nothing."""
    found = OPERATIONS.get(key)
    assert found is not None, f"{key} has no row in OPERATIONS"
    names = re.findall(r"{(\w+)}", path)
    cells = fillings(world, path, names)
    assert cells, f"{key}: no way to fill {names} from the marketplace; teach matrix_world.fillings"
    wrong = []
    for state, kwargs in cells:
        filled = path.format(**kwargs)
        body = _body(world, key, state)
        for role in ROLES:
            expected = found.answer(role, state)
            if method != "get" and not expected.refused:
                continue
            client, headers = world.api_caller(role)
            extra = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
            response = client.generic(method.upper(), filled, headers=headers, **extra)
            if not expected.matches(response):
                wrong.append(f"{method.upper()} {filled} [{state}] as {role}: expected {expected.name}, "
                             f"got {_describe(response)} {response.content[:200]!r}")
            elif _secrets_shown(response, role):
                wrong.append(f"{method.upper()} {filled} [{state}] as {role} shows {_secrets_shown(response, role)}")
    changed = _changes(world.everything, _everything())
    assert not wrong, f"{key}:\n" + "\n".join(wrong)
    assert not changed, f"{key}: its calls changed {changed}"
