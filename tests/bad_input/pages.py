"""Every page of the site, found by walking the URL configuration, and how a test reaches each one: as whom, and
with which objects in its address. A page that is not in ROUTES fails the form tests, so a new page is covered
the day it is added."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver

from marketplace.framework_applications import declaration
from marketplace.framework_applications import services as framework_applications
from marketplace.insights.tables import TABLES
from marketplace.opendata.ocds import ocid_of
from marketplace.opportunities.questions import sections_for
from marketplace.suppliers.services import LOT_NAMES
from marketplace.web.views.applications import steps_for

from .world import LOTS, OUTCOMES, SPECIALISTS

# Refusals that are themselves recorded, on purpose: failed sign-ins and second-factor codes count towards
# locking the account, and refused sign-ups show admins which domains people try.
COUNTED_FAILURES = frozenset({"audit.AuditEvent", "accounts.User"})
AUDITED_REFUSAL = frozenset({"audit.AuditEvent"})


@dataclass(frozen=True)
class Reach:
    """`who` is a World attribute (None: nobody signed in); `addresses(world)` lists the URL arguments to try;
    `refusal_writes` names the models a refused form may still write, for the reason given beside it."""

    who: str | None = None
    addresses: object = lambda world: [{}]
    refusal_writes: frozenset = field(default_factory=frozenset)


def _each(values, name="pk"):
    return lambda world: [{name: value.pk} for value in values(world)]


def _question_pages(world):
    return [{"pk": world.drafts[lot].pk, "section": section.slug, "page": page.slug}
            for lot in LOTS for section in sections_for(lot) for page in section.pages]


def _application_steps(world):
    return [{"pk": world.live[lot].pk, "step": step.slug} for lot in LOTS for step in steps_for(world.live[lot])]


def _submitted(world):
    return [{"pk": world.closed[lot].pk, "application_id": world.submitted[lot].pk} for lot in LOTS]


DRAFTS = _each(lambda world: world.drafts.values())
LIVE = _each(lambda world: world.live.values())
CLOSED = _each(lambda world: world.closed.values())

def FRAMEWORK(world):  # noqa: N802 (named as the other rows' addresses)
    return [{"slug": world.framework.slug}]


def FRAMEWORK_STUDIO(world):  # noqa: N802
    return [{"slug": world.framework.slug, "studio_id": world.framework_studio.pk}]


ROUTES = {
    "web:home": Reach(),
    "web:healthz": Reach(),
    "web:cookies": Reach(),
    "web:accessibility": Reach(),
    "web:privacy": Reach(),
    "web:feedback": Reach(),
    "web:sign-in": Reach(refusal_writes=COUNTED_FAILURES),
    "web:sign-out": Reach("buyer"),
    "web:second-factor": Reach("admin_before_second_factor", refusal_writes=COUNTED_FAILURES),
    "web:second-factor-set-up": Reach("admin_without_second_factor"),
    "web:reset-password": Reach(),
    "web:reset-password-confirm": Reach(addresses=lambda world: [{"token": world.reset_secret}]),
    "web:change-password": Reach("buyer"),
    "web:buyer-sign-up": Reach(refusal_writes=AUDITED_REFUSAL),
    "web:supplier-register": Reach(),
    "web:check-your-email": Reach(),
    "web:create-account": Reach(addresses=lambda world: [{"token": world.sign_up_secret}]),
    "web:join": Reach(addresses=lambda world: [{"token": world.invitation_secret}]),
    "web:buyer-dashboard": Reach("buyer"),
    "web:buyer-colleagues": Reach("buyer"),
    "web:requirements": Reach("buyer"),
    "web:requirement-create": Reach("buyer"),
    "web:requirement-overview": Reach("buyer", DRAFTS),
    "web:requirement-question": Reach("buyer", _question_pages),
    "web:requirement-preview": Reach("buyer", DRAFTS),
    "web:requirement-publish": Reach("buyer", DRAFTS),
    "web:requirement-delete": Reach("buyer", DRAFTS),
    "web:requirement-withdraw": Reach("buyer", LIVE),
    "web:requirement-copy": Reach("buyer", LIVE),
    "web:requirement-questions": Reach("buyer", _each(lambda world: [world.live[OUTCOMES]])),
    "web:opportunities": Reach(),
    "web:opportunities-feed": Reach(),
    "web:opportunity": Reach(addresses=LIVE),
    "web:opportunity-ask-question": Reach("supplier", LIVE),
    "web:supplier-dashboard": Reach("supplier"),
    "web:supplier-company": Reach("supplier"),
    "web:supplier-company-edit": Reach("supplier"),
    "web:supplier-company-confirm": Reach("supplier"),
    "web:supplier-services": Reach("supplier"),
    "web:supplier-service-edit": Reach("supplier", lambda world: [{"lot": lot} for lot in LOT_NAMES]),
    "web:supplier-studio-add": Reach("supplier"),
    "web:supplier-studio-edit": Reach("supplier", _each(lambda world: [world.studio], "studio_id")),
    "web:supplier-studio-remove": Reach("supplier", _each(lambda world: [world.studio], "studio_id")),
    "web:supplier-colleagues": Reach("supplier"),
    "web:supplier-alerts": Reach("supplier"),
    "web:supplier-alert-new": Reach("supplier"),
    "web:supplier-alert": Reach("supplier", _each(lambda world: [world.alert])),
    "web:supplier-alert-stop": Reach("supplier", _each(lambda world: [world.alert])),
    "web:supplier-alert-unsubscribe": Reach(addresses=lambda world: [
        {"pk": world.alert.pk, "token": world.alert.unsubscribe_token}]),
    "web:application-start": Reach("supplier", _each(lambda world: [world.unapplied, *world.live.values()])),
    "web:application-check": Reach("supplier", LIVE),
    "web:application-submitted": Reach("supplier", CLOSED),
    "web:application-essentials-not-met": Reach("supplier", LIVE),
    "web:application-step": Reach("supplier", _application_steps),
    "web:application-dashboard": Reach("supplier"),
    "web:evaluation-applications": Reach("buyer", CLOSED),
    "web:evaluation-download": Reach("buyer", lambda world: [{"pk": world.closed[SPECIALISTS].pk, "extension": ext}
                                                             for ext in ("csv", "ods")]),
    "web:evaluation-shortlist": Reach("buyer", CLOSED),
    "web:evaluation-application": Reach("buyer", _submitted),
    "web:evaluation-score": Reach("buyer", _submitted),
    "web:evaluation-outcome": Reach("buyer", CLOSED),
    "web:evaluation-award": Reach("buyer", CLOSED),
    "web:evaluation-award-details": Reach("buyer", _submitted),
    "web:evaluation-cancel": Reach("buyer", CLOSED),
    "web:evaluation-unsuccessful": Reach("buyer", CLOSED),
    "web:framework": Reach("supplier", FRAMEWORK),
    "web:framework-application": Reach("supplier", FRAMEWORK),
    "web:framework-submit": Reach("supplier", FRAMEWORK),
    "web:framework-copy-services": Reach("supplier", FRAMEWORK),
    "web:framework-declaration": Reach("supplier", lambda world: [
        {"slug": world.framework.slug, "section": section.slug} for section in declaration.SECTIONS]),
    "web:framework-lot": Reach("supplier", lambda world: [
        {"slug": world.framework.slug, "lot": lot.slug} for lot in world.framework.lots.order_by("ordering")]),
    "web:framework-studio-add": Reach("supplier", FRAMEWORK),
    "web:framework-studio-edit": Reach("supplier", FRAMEWORK_STUDIO),
    "web:framework-studio-remove": Reach("supplier", FRAMEWORK_STUDIO),
    "web:framework-agreement": Reach("supplier", FRAMEWORK),
    "web:framework-agreement-download": Reach("signed_supplier", lambda world: [
        {"slug": world.signed_framework.slug}]),
    "insights:index": Reach(),
    "insights:csv": Reach(addresses=lambda world: [{"name": name} for name in TABLES]),
    "opendata:index": Reach(),
    "opendata:opportunity-data-csv": Reach(),
    "opendata:ocds-releases": Reach(),
    "opendata:ocds-all-records": Reach(),
    "opendata:ocds-record": Reach(addresses=lambda world: [{"ocid": ocid_of(world.live[OUTCOMES])}]),
    "admin:opportunities_opportunity_correct_outcome": Reach("admin", _each(lambda world: [world.awarded])),
    "admin:opendata_import_dm_csv": Reach("admin"),
    # An application whose result is decided already: the decision form is refused, with nothing written.
    "admin:framework_applications_frameworkapplication_decide": Reach("admin", lambda world: [
        {"object_id": framework_applications.application_of(world.signed_supplier.supplier,
                                                            world.signed_framework).pk}]),
    "admin:login": Reach(),
    "admin:logout": Reach("admin"),
    "admin:password_change": Reach("admin"),
    "admin:password_change_done": Reach("admin"),
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or ""), pattern.callback


def pages():
    """The name of every page of the site: the web, insights and open data, and the back office's own pages.
    The API is covered through its OpenAPI document, and Django's generic admin pages by the admin tests."""
    found = set()
    for name, view in _walk(get_resolver().url_patterns):
        if name.startswith(("web:", "insights:", "opendata:")) or (
                name.startswith("admin:") and getattr(view, "__module__", "").startswith("marketplace.")):
            found.add(name)
    return sorted(found)


# Reading a page's forms as a browser would --------------------------------------------------------------

@dataclass
class Control:
    kind: str  # text, textarea, select, radio, checkbox, hidden, submit, file
    values: list = field(default_factory=list)  # the values a browser could send: options, or the current value


@dataclass
class Form:
    method: str  # get (a search or a filter) or post
    action: str
    controls: dict = field(default_factory=dict)  # name -> Control


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = self._select = self._textarea = None

    def _control(self, name, kind):
        return self._form.controls.setdefault(name, Control(kind))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form((attrs.get("method") or "get").lower(), attrs.get("action") or "")
            self.forms.append(self._form)
            return
        name = attrs.get("name")
        if self._form is None or not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            kind = kind if kind in ("hidden", "radio", "checkbox", "submit", "file") else "text"
            self._control(name, kind).values.append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "button":
            self._control(name, "submit").values.append(attrs.get("value") or "")
        elif tag == "select":
            self._select = self._control(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.values.append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = self._control(name, "textarea")
            self._textarea.values.append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[-1] += data


def forms_on(html):
    reader = _FormReader()
    reader.feed(html)
    return reader.forms
