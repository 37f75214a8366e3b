"""Every page at 320 and at 1280 CSS pixels wide: WCAG 2.2 AA Reflow (1.4.10) says a person who zooms to 400% must
read the page without scrolling in two directions. axe does not check that, so this test does.

The pages are the URL configuration's, so a page is covered the day it is added: each pattern's parameters are
filled from the demo marketplace (requirements in every state, their applications, suppliers' studios, emailed
links), and the page is seen by the first person it opens for: nobody, then the object's own buyer or suppliers
(or any buyer, supplier or platform admin), the admin for the back office. A pattern that cannot be filled fails
the test unless EXCLUDED says why.
Only a data table may be wider than the screen, and only inside its own focusable, labelled scrolling region.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from django_tasks_db.backend import DatabaseBackend

from factories import make_admin
from framework_applications.builders import DOS7, OUTCOMES_SERVICE, open_framework
from marketplace import clock
from marketplace.accounts import services as accounts
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from marketplace.accounts.models import Role, User
from marketplace.alerts.models import Alert
from marketplace.applications.models import Application
from marketplace.checks.models import CheckTerm
from marketplace.checks.services import add_check_term
from marketplace.demo import ADMIN, load_demo_data
from marketplace.demo.marketplace import TITLES
from marketplace.framework_applications import declaration
from marketplace.framework_applications import services as framework_applications
from marketplace.frameworks.models import Framework, Lot
from marketplace.notifications.tasks import deliver_pending_emails
from marketplace.opendata.models import UnmatchedBuyer
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.questions import sections_for
from marketplace.opportunities.selectors import with_status
from marketplace.suppliers.models import ResearchStudio
from marketplace.suppliers.services import OUTCOMES
from marketplace.web.views.applications import steps_for

pytestmark = pytest.mark.browser

WIDTHS = (320, 1280)

# Not pages: the API, files, feeds and data for scripts (a pattern whose response is not HTML is skipped too).
NOT_PAGES = re.compile(r"^(api/|assets|static)|\.(csv|json|atom)$|download\.")

# Patterns (by name, or by route when unnamed) that are not pages of their own, and why.
EXCLUDED = {
    r"admin:(login|logout|password_change|password_change_done)$": "redirect to the service's own sign-in, sign-out "
                                                                    "and password pages, visited themselves",
    r"admin:autocomplete$": "JSON for the back office's search-as-you-type fields",
    r"admin:view_on_site$": "redirects to the object's public page, which is visited itself",
    r"admin/\w+/\w+/<path:object_id>/$": "Django's old address of a change page: it redirects there",
    r"admin/\(\?P<url>\.\*\)\$$": "the back office's catch-all: it adds a slash or answers with the 404 page",
    r"web:framework-(submit|copy-services)$": "buttons' addresses: a GET goes back to the task list, visited itself",
    r"web:framework-agreement-download$": "a file, and only once the agreement is signed",
}

# Forms sent empty, so their error summaries are seen at both widths.
FORMS_SENT_EMPTY = ("web:sign-in", "web:reset-password", "web:buyer-sign-up", "web:supplier-register",
                    "web:opportunity-ask-question", "web:requirement-create")

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    // Inside a scrolling region (which itself must fit), or visually hidden by clipping, as a skip link is.
    const scrolls = el => el.parentElement.closest('[role="region"][aria-label][tabindex="0"]');
    const clipped = el => {
        for (; el; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.clip !== 'auto' || style.clipPath !== 'none') return true;
        }
        return false;
    };
    const shown = el => !scrolls(el) && !clipped(el);
    const outside = el => { const box = el.getBoundingClientRect(); return box.right > width + 1 || box.left < -1; };
    const all = [...document.body.querySelectorAll('*')];
    // An element past the edge of the screen, or one whose text spills out of it past the edge (a long word).
    const wide = all.filter(el => el.getBoundingClientRect().width > 0 && outside(el) && shown(el));
    const spilling = all.filter(el => el.scrollWidth > el.clientWidth + 1
        && el.getBoundingClientRect().left + el.scrollWidth > width + 1
        && getComputedStyle(el).overflowX === 'visible' && shown(el));
    const describe = el => {
        const box = el.getBoundingClientRect();
        const classes = typeof el.className === 'string' && el.className ? ` class="${el.className}"` : '';
        return `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}${classes}> ${Math.round(box.left)}..` +
               `${Math.round(box.left + Math.max(box.width, el.scrollWidth))}px`;
    };
    const culprits = [...wide.filter(el => !wide.includes(el.parentElement)),
                      ...spilling.filter(el => !spilling.some(inner => inner !== el && el.contains(inner)))];
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
            elements: [...new Set(culprits)].slice(0, 5).map(describe)};
}"""


@dataclass(frozen=True)
class Value:
    """One way to fill a path parameter, and the people whose page it then is (its buyer, its suppliers)."""

    value: object
    people: tuple = ()
    distinct: bool = False  # True when each value is a page of its own (a question page), not just an id


@dataclass(frozen=True)
class Person:
    """Someone signed in (or nobody, when `user` is None); an admin may not have passed the second factor yet."""

    user: object = None
    second_factor: bool = True

    def __str__(self):
        return "nobody signed in" if self.user is None else f"{self.user.email}"


@dataclass
class Page:
    name: str
    path: str
    person: Person


@dataclass
class World:
    """The demo marketplace, and everyone in it this test signs in as."""

    opportunities: list
    links: dict
    buyer: Person
    supplier: Person
    admin: Person
    halfway: list  # admins signed in who have not passed the second factor yet
    framework: object = None  # open for applications, with the supplier's application to it
    clients: dict = field(default_factory=dict)

    @property
    def everyone(self):
        return [self.buyer, self.supplier, self.admin, *self.halfway]


def _patterns(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None, pattern


def _opportunity(pk):
    return Opportunity.objects.select_related("lot").get(pk=pk)


def _owner(opportunity):
    return (opportunity.created_by,)


def _applicants(opportunity):
    return tuple(a.created_by for a in opportunity.applications.select_related("created_by").order_by("pk"))


def _fill_framework(world, parameter):
    """A framework's pages, and the supplier's application to it: each declaration section, lot and studio."""
    mine = (world.supplier.user,)
    if parameter == "slug":
        return [Value(world.framework.slug, mine)]
    if parameter == "section":
        return [Value(section.slug, distinct=True) for section in declaration.SECTIONS]
    if parameter == "lot":
        return [Value(lot.slug, distinct=True) for lot in world.framework.lots.order_by("ordering")]
    if parameter == "studio_id":
        return [Value(s.pk) for s in ResearchStudio.objects.filter(service__framework=world.framework)[:1]]
    return []


def _fill(world, route, parameter, chosen, pattern):
    """The values `parameter` can take on this route, given the parameters already chosen."""
    if route.startswith(("frameworks/", "suppliers/frameworks/")):
        return _fill_framework(world, parameter)
    if route.startswith("suppliers/alerts/"):
        # A supplier's alerts: its own, and the unsubscribe link its emails carry (which needs no sign-in).
        alert = Alert.objects.filter(user=world.supplier.user).order_by("pk").first()
        if parameter == "pk":
            return [Value(alert.pk, (alert.user,))]
        if parameter == "token":
            return [Value(alert.unsubscribe_token)]
    if parameter == "pk":
        return [Value(o.pk, _owner(o) + _applicants(o)) for o in world.opportunities]
    if parameter == "application_id":
        return [Value(a.pk, _owner(_opportunity(chosen["pk"])))
                for a in Application.objects.filter(opportunity_id=chosen["pk"]).order_by("pk")[:2]]
    if parameter == "section":
        return [Value(s.slug, distinct=True) for s in sections_for(_opportunity(chosen["pk"]).lot.slug)]
    if parameter == "page":
        lot = _opportunity(chosen["pk"]).lot.slug
        section = next(s for s in sections_for(lot) if s.slug == chosen["section"])
        return [Value(p.slug, distinct=True) for p in section.pages]
    if parameter == "step":
        return [Value(s.slug, distinct=True) for s in steps_for(_opportunity(chosen["pk"]))]
    if parameter == "lot":
        return [Value(lot.slug, distinct=True) for lot in Lot.objects.order_by("ordering")]
    if parameter == "studio_id":
        return [Value(s.pk, tuple(s.service.supplier.users.all()))
                for s in ResearchStudio.objects.select_related("service__supplier")[:1]]
    if parameter == "token":
        start = route.split("<", 1)[0]
        return [Value(secret) for path, secret in world.links.items() if path == start]
    if parameter == "object_id":
        model = pattern.callback.model_admin.model
        return [Value(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]]
    if parameter == "app_label":
        return [Value(label) for label in re.search(r"\(\?P<app_label>([^)]*)\)", route)[1].split("|")]
    return []


def _parameters(route):
    return re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)


def _fillings(world, route, pattern):
    """Every way to fill the route's parameters: (kwargs, the people it belongs to, what makes it a page of its
    own)."""
    names = [a or b for a, b in _parameters(route)]

    def extend(index, chosen, people, identity):
        if index == len(names):
            yield dict(chosen), people, identity
            return
        for value in _fill(world, route, names[index], chosen, pattern):
            yield from extend(index + 1, {**chosen, names[index]: value.value}, people + value.people,
                              identity + ((value.value,) if value.distinct else ()))

    yield from extend(0, {}, (), ())


def _people_to_try(world, route, people):
    """Nobody first, so a public page is seen as the public sees it; then the object's own people (or, for a page
    about no one's object, everyone this test signs in as); a back-office page is for the admin."""
    if route.startswith("admin/"):
        return [Person(), world.admin]
    # An opportunity's apply pages are for any supplier, not only those who applied.
    return dict.fromkeys([Person(), *(Person(user) for user in people if user), world.supplier] if people else
                         [Person(), *world.everyone])


def _probe(world, name, route, pattern):
    """The pages of one pattern: for each distinct filling, the first person it opens for. Also says whether the
    pattern only takes a POST or answers with something other than HTML."""
    pages, found, post_only, not_html = [], set(), False, False
    for kwargs, people, identity in _fillings(world, route, pattern):
        if identity in found:
            continue
        path = reverse(name, kwargs=kwargs) if name else "/" + route
        for person in _people_to_try(world, route, people):
            response = world.clients[person].get(path)
            if response.status_code == 405:
                post_only = True
                break
            if response.status_code == 200:
                if not response["Content-Type"].startswith("text/html"):
                    not_html = True
                    break
                pages.append(Page(name or route, path, person))
                found.add(identity)
                break
        if post_only or not_html:
            break
    return pages, post_only or not_html


def _emailed_links(mailbox):
    """Links from the emails a new buyer, an invited colleague and someone who forgot their password get: their
    path (up to the token) and the token."""
    buyer = User.objects.filter(role=Role.BUYER, email__endswith="@homeoffice.gov.uk").order_by("pk").first()
    accounts.start_buyer_sign_up("new.person@homeoffice.gov.uk")
    accounts.invite_colleague(buyer, "colleague@homeoffice.gov.uk")
    accounts.request_password_reset(buyer.email)
    links = {}
    for address, start in (("new.person@homeoffice.gov.uk", "/create-account/"),
                           ("colleague@homeoffice.gov.uk", "/join/"), (buyer.email, "/reset-password/")):
        path = mailbox.link_to(address, start)
        links[start.lstrip("/")] = path.removeprefix(start)
    return links


def _client(person):
    client = Client()
    if person.user is not None:
        client.force_login(person.user)
        session = client.session
        session[SECOND_FACTOR_SESSION_KEY] = person.second_factor
        session.save()
    return client


def _back_office_records(buyer, admin):
    """Records the demo has none of but the back office lists: an API token, a check term, a buyer domain the
    open-data import could not place, and a background task waiting to run."""
    accounts.create_api_token(buyer, name="Reporting script")
    add_check_term(CheckTerm.Kind.PRODUCT, "Widgetly", by=admin)
    now = clock.now()
    UnmatchedBuyer.objects.create(domain="parish-council.example", organisation_names=["Ambridge Parish Council"],
                                  rows=3, first_seen_at=now, last_seen_at=now)
    DatabaseBackend("default", {"QUEUES": [], "OPTIONS": {}}).enqueue(deliver_pending_emails, (), {})


def _world(mailbox):
    load_demo_data()
    demo = with_status(Opportunity.objects.filter(title__in=TITLES)).select_related("created_by").order_by("pk")
    one_of_each = {}
    for opportunity in sorted(demo, key=lambda o: -o.applications.count()):
        one_of_each.setdefault((opportunity.status, opportunity.lot_id), opportunity)
    admin = User.objects.get(email=ADMIN["email"])
    buyer = User.objects.filter(role=Role.BUYER).order_by("pk").first()
    supplier = User.objects.filter(role=Role.SUPPLIER, supplier__applications__isnull=False).order_by("pk").first()
    world = World(
        opportunities=[o for status in Status.values for (s, _), o in one_of_each.items() if s == status],
        links=_emailed_links(mailbox), buyer=Person(buyer), supplier=Person(supplier), admin=Person(admin),
        # An admin asked for a code, and a new admin asked to set a second factor up.
        halfway=[Person(admin, second_factor=False), Person(make_admin(name="Robin New"), second_factor=False)],
    )
    _back_office_records(buyer, admin)
    world.framework = _framework_application(supplier)
    people = {Person(user) for o in world.opportunities for user in _owner(o) + _applicants(o)}
    world.clients = {person: _client(person) for person in {Person(), *people, *world.everyone}}
    return world


def _framework_application(supplier):
    """DOS7 open for applications (the demo opens it), and the supplier's application to it with a service and a
    studio."""
    framework = Framework.objects.filter(slug=DOS7).first() or open_framework()
    framework_applications.save_service(supplier.supplier, framework, OUTCOMES, OUTCOMES_SERVICE, by=supplier)
    framework_applications.save_studio(supplier.supplier, framework, {
        "name": "Cardiff Research Lab", "address": "1 Bute Street, Cardiff CF10 5AA", "location": "Wales",
        "facilities": "Two rooms with a one-way mirror", "price": "450.00", "priceUnit": "day"}, by=supplier)
    return framework


def _back_office_offers(world, name, pattern):
    """False for a back-office page the admin may not use by design (adding or deleting audited records, say)."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None or not name:
        return True
    request = RequestFactory().get("/")
    request.user = world.admin.user
    obj = model_admin.model._default_manager.order_by("pk").first()
    action = name.rsplit("_", 1)[-1]
    if action == "add":
        return model_admin.has_add_permission(request)
    if action == "delete":
        return model_admin.has_delete_permission(request, obj)
    return model_admin.has_view_or_change_permission(request, obj)


def _every_page(world):
    """Every page the URL configuration has, and the patterns no page could be found for."""
    pages, unfilled = [], []
    for route, name, pattern in _patterns(get_resolver().url_patterns):
        key = name or route
        if NOT_PAGES.search(route) or any(re.match(excluded, key) for excluded in EXCLUDED):
            continue
        if not _back_office_offers(world, name, pattern):
            continue
        found, not_a_page = _probe(world, name, route, pattern)
        if found:
            pages += found
        elif not not_a_page:
            unfilled.append(key)
    return pages, unfilled


def _check(page, axe, label, problems):
    """Note the page if it, or anything on it outside a scrolling region, is wider than the screen; axe checks it
    at 320 pixels (the back office too)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > found["innerWidth"] or found["elements"]:
            problems.append(f"{label} at {width}px: the page is {found['scrollWidth']}px wide; "
                            f"wider than the screen: {found['elements']}")
        if width == 320:
            axe(page)


def test_every_page_fits_a_320_pixel_screen_and_a_1280_pixel_one(browser, live_server, axe, mailbox,
                                                                  settings):
    settings.CLOCK_TRAVEL_ALLOWED = False
    world = _world(mailbox)
    pages, unfilled = _every_page(world)
    assert not unfilled, f"no page found for these URL patterns; fill them or add them to EXCLUDED: {unfilled}"

    tabs, problems = {}, []

    def tab(person):
        if person not in tabs:
            context = browser.new_context(base_url=live_server.url)
            context.set_default_timeout(15000)
            cookie = world.clients[person].cookies.get("sessionid")
            if cookie:
                context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
            tabs[person] = context.new_page()
        return tabs[person]

    try:
        for found in pages:
            page = tab(found.person)
            response = page.goto(found.path)
            assert response.ok, f"{found.name} ({found.path}) answered {response.status} in the browser"
            _check(page, axe, f"{found.name} ({found.path})", problems)
            if found.name in FORMS_SENT_EMPTY:
                page.locator("main form[method=post] [type=submit]").first.click()
                page.locator(".govuk-error-summary").wait_for()
                _check(page, axe, f"{found.name} ({found.path}) with its errors", problems)
        for person in (Person(), world.buyer):
            page = tab(person)
            page.goto("/no-such-page")
            _check(page, axe, f"the 404 page ({person})", problems)
    finally:
        for page in tabs.values():
            page.context.close()
    assert not problems, "pages wider than the screen:\n" + "\n".join(problems)
    names = {p.name for p in pages}
    assert {"web:requirement-question", "web:evaluation-application", "admin:accounts_user_change",
            "insights:index", "web:framework", "web:framework-declaration", "web:framework-lot",
            "web:framework-studio-edit", "web:framework-agreement"} <= names
