"""The public catalogue: searching opportunities, the Atom feed, an opportunity's page and asking a question."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from marketplace import clock
from marketplace.alerts.selectors import why_they_fit
from marketplace.applications import selectors as applications
from marketplace.formatting import count, london_date, london_time, money
from marketplace.frameworks.reference import LOTS, OPPORTUNITY_LOCATIONS, SPECIALIST_ROLES
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Status
from marketplace.opportunities.questions import S as SPECIALISTS
from marketplace.opportunities.services import QUESTION_MAX_WORDS, NotEligible, StateConflict
from marketplace.search.query import query_text
from marketplace.search.selectors import PageOutOfRange, search_opportunities

from ..access import supplier_required
from ..forms import add_service_errors
from ..opportunity_display import display_date, display_sections

LOT_NAMES = {slug: name for slug, name, takes in LOTS if takes}
STATUS_FILTERS = {"open": "Open", "closed": "Closed"}
LOCATION_FILTERS = OPPORTUNITY_LOCATIONS
FEED_SIZE = 30
_PAGE_NUMBER = re.compile(r"\d{1,6}")
_QUESTION_SENT = "catalogue.question_sent"


@dataclass(frozen=True)
class CatalogueQuery:
    """What someone asked the catalogue for, with unknown values dropped."""

    q: str
    lots: tuple
    statuses: tuple
    locations: tuple
    roles: tuple

    @property
    def role_filter_shown(self):
        return SPECIALISTS in self.lots

    def search(self, page=1, page_size=None, newest_first=False):
        extra = {"page_size": page_size} if page_size else {}
        return search_opportunities(self.q, lots=self.lots, statuses=self.statuses, locations=self.locations,
                                    roles=self.roles, page=page, newest_first=newest_first, **extra)


def catalogue_query(params):
    """Read `q`, `lot`, `status`, `location` and `specialistRole` (each repeatable) from a query string. The
    specialist role filter only counts while the digital specialists lot is chosen, as only then is it shown."""
    def chosen(name, allowed):
        wanted = set(params.getlist(name))
        return tuple(value for value in allowed if value in wanted)

    lots = chosen("lot", LOT_NAMES)
    return CatalogueQuery(
        q=query_text(params.get("q")),
        lots=lots,
        statuses=chosen("status", STATUS_FILTERS),
        locations=chosen("location", LOCATION_FILTERS),
        roles=chosen("specialistRole", SPECIALIST_ROLES) if SPECIALISTS in lots else (),
    )


def new_alert_url(query):
    """The page saving the search `query` as an alert (its status filter aside: alerts are about new
    opportunities, which are all open)."""
    params = [("q", query.q)] if query.q else []
    params += [("lot", v) for v in query.lots] + [("location", v) for v in query.locations]
    params += [("specialistRole", v) for v in query.roles]
    return reverse("web:supplier-alert-new") + (f"?{urlencode(params)}" if params else "")


def _page_number(params):
    raw = params.get("page", "1")
    if not _PAGE_NUMBER.fullmatch(raw or ""):
        raise Http404("No such page")
    return int(raw)


def _with_page(params, page):
    query = params.copy()
    query.pop("page", None)
    if page > 1:
        query["page"] = str(page)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def pagination(params, page, num_pages):
    """govukPagination's parameters: the first, the last and the pages either side of this one."""
    if num_pages <= 1:
        return None
    numbers = sorted({1, num_pages, page - 1, page, page + 1} & set(range(1, num_pages + 1)))
    items, last = [], 0
    for number in numbers:
        if number - last > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": _with_page(params, number), "current": number == page})
        last = number
    return {
        "previous": {"href": _with_page(params, page - 1)} if page > 1 else None,
        "next": {"href": _with_page(params, page + 1)} if page < num_pages else None,
        "items": items,
    }


def _counted(number, exact=True):
    """A count as the catalogue writes it: "1,529", or "more than 10,000" for a bounded one."""
    return count(number) if exact else f"more than {count(number)}"


def _checkbox_items(options, selected, counts=None, exact=None):
    return [{"value": value, "checked": value in selected,
             "text": f"{label} ({_counted(counts.get(value, 0), (exact or {}).get(value, True))})"
             if counts is not None else label} for value, label in options]


def _results_count(results):
    number = _counted(results.count, results.count_is_exact)
    one = results.count == 1 and results.count_is_exact
    return f"{number[0].upper()}{number[1:]} {'opportunity' if one else 'opportunities'} found"


def search(request):
    query = catalogue_query(request.GET)
    try:
        results = query.search(page=_page_number(request.GET))
    except PageOutOfRange:
        raise Http404("No such page") from None
    now = clock.now()
    hits = []
    outcomes = applications.outcomes_of([hit.opportunity for hit in results.hits])
    for hit in results.hits:
        status = selectors.status_of(hit.opportunity, now)
        hits.append({"opportunity": hit.opportunity, "summary": hit.summary, "status": status,
                     "role": SPECIALIST_ROLES.get(hit.opportunity.specialist_role, ""),
                     "award": (award_in_words(outcomes[hit.opportunity.pk]) if status == Status.AWARDED else "")})
    if request.user.is_authenticated and request.user.is_supplier:
        reasons = why_they_fit(request.user, [hit["opportunity"] for hit in hits])
        for hit in hits:
            hit["why"] = reasons.get(hit["opportunity"].pk, "")
    feed_query = request.GET.copy()
    feed_query.pop("page", None)
    return render(request, "web/catalogue/search.html", {
        "query": query,
        "results": results,
        "hits": hits,
        "Status": Status,
        "lot_items": _checkbox_items(LOT_NAMES.items(), query.lots, results.lot_counts, results.lot_counts_exact),
        "results_count": _results_count(results),
        "status_items": _checkbox_items(STATUS_FILTERS.items(), query.statuses),
        "location_items": _checkbox_items(((place, place) for place in LOCATION_FILTERS), query.locations),
        "role_items": _checkbox_items(SPECIALIST_ROLES.items(), query.roles),
        "pagination": pagination(request.GET, results.page, results.num_pages),
        "feed_url": reverse("web:opportunities-feed") + (f"?{feed_query.urlencode()}" if feed_query else ""),
        "filtered": bool(query.q or query.lots or query.statuses or query.locations or query.roles),
        "new_alert_url": new_alert_url(query),
        "sign_in_for_alerts_url": reverse("web:sign-in") + "?" + urlencode({"next": new_alert_url(query)}),
    })


class PlainTextAtomFeed(Atom1Feed):
    """An Atom feed whose every text element is plain text: Django writes summaries as type="html", which feed
    readers render, so a buyer's markup would run in a reader. Titles, names and categories are text already."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def feed(request):
    """Newly published opportunities, newest first, with the catalogue's filters."""
    query = catalogue_query(request.GET)
    results = query.search(page=1, page_size=FEED_SIZE, newest_first=True)
    opportunities = [hit.opportunity for hit in results.hits]
    params = request.GET.copy()
    params.pop("page", None)
    suffix = f"?{params.urlencode()}" if params else ""
    atom = PlainTextAtomFeed(
        title="Digital Marketplace opportunities",
        link=request.build_absolute_uri(reverse("web:opportunities") + suffix),
        feed_url=request.build_absolute_uri(reverse("web:opportunities-feed") + suffix),
        description="Newly published digital outcomes, digital specialists and user research participants "
                    "opportunities",
        language="en-gb",
    )
    for opportunity in opportunities:
        link = request.build_absolute_uri(reverse("web:opportunity", args=[opportunity.pk]))
        atom.add_item(
            title=str(opportunity),
            link=link,
            unique_id=link,
            description=(opportunity.data or {}).get("summary", ""),
            pubdate=opportunity.published_at,
            updateddate=opportunity.updated_at,
            author_name=opportunity.organisation.name,
            categories=[LOT_NAMES.get(opportunity.lot.slug, opportunity.lot.name), opportunity.location],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


# One opportunity --------------------------------------------------------------------------------------------

def _sentence(text):
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def award_in_words(outcome):
    """'Awarded to <supplier> (SME), contract start date <date>, value £<amount>', as the public reads it; empty
    when there is no award (or its winner is not recorded)."""
    if not outcome or outcome["status"] != Status.AWARDED or not outcome["supplierName"]:
        return ""
    parts = [f"Awarded to {outcome['supplierName']} ({outcome['supplierSize']})"]
    if outcome["contractStartDate"]:
        parts.append(f"contract start date {display_date(str(outcome['contractStartDate']))}")
    if outcome["contractValue"] is not None:
        parts.append(f"value {money(outcome['contractValue'])}")
    return ", ".join(parts)


def _counts_in_words(found):
    def split(pair):
        return f"{count(pair['sme'])} SME, {count(pair['large'])} large"

    counted = applications.counts(found)
    return [("Applications started", split(counted["started"])),
            ("Applications completed", split(counted["submitted"]))]


def _applying(user, opportunity, status):
    """What the page offers about applying: (state, message). A supplier with an application is taken to it."""
    if status == Status.DRAFT:
        return None, ""
    if user.is_authenticated and user.is_supplier:
        if applications.supplier_application(opportunity, user.supplier) is not None:
            return "view", ""
        if status != Status.LIVE:
            return None, ""
        refusal = services.eligibility_refusal(user, opportunity)
        if refusal is not None:
            return "not-eligible", _sentence(refusal.message)
        return "apply", ""
    if status == Status.LIVE and not user.is_authenticated:
        return "sign-in", ""
    return None, ""


def _important_dates(opportunity):
    return [
        ("Published", london_date(opportunity.published_at, weekday=True)),
        ("Deadline for asking questions", london_time(opportunity.questions_close_at, weekday=True)),
        ("Answers to questions published by", london_time(opportunity.answers_by, weekday=True)),
        ("Closing date for applications", london_time(opportunity.closing_at, weekday=True)),
    ]


def _questions_closed_message(opportunity, status):
    if status == Status.WITHDRAWN:
        return "This opportunity has been withdrawn, so it no longer takes questions."
    return f"The deadline for asking questions was {london_time(opportunity.questions_close_at, weekday=True)}."


def _asking(user, opportunity, status, now):
    """What the page offers about asking a question: (state, message)."""
    if status != Status.LIVE:
        return None, ""
    if not selectors.questions_open(opportunity, now):
        return "closed", _questions_closed_message(opportunity, status)
    if not user.is_authenticated:
        return "sign-in", ""
    if selectors.can_manage(user, opportunity):
        return "owner", ""
    if not user.is_supplier:
        return None, ""
    refusal = services.eligibility_refusal(user, opportunity)
    if refusal is not None:
        return "not-eligible", _sentence(refusal.message)
    return "ask", ""


def opportunity(request, pk):
    found = selectors.get_for_viewer(pk, request.user)
    if found.published_at is None:
        return redirect("web:requirement-preview", pk=found.pk)
    now = clock.now()
    status = selectors.status_of(found, now)
    asking, asking_message = _asking(request.user, found, status, now)
    applying, applying_message = _applying(request.user, found, status)
    ask_url = reverse("web:opportunity-ask-question", args=[found.pk])
    apply_url = reverse("web:application-start", args=[found.pk])
    outcome = applications.outcome_of(found)
    return render(request, "web/catalogue/opportunity.html", {
        "opportunity": found,
        "status": status,
        "Status": Status,
        "lot_name": LOT_NAMES.get(found.lot.slug, found.lot.name),
        "role": SPECIALIST_ROLES.get(found.specialist_role, ""),
        "organisation_unit": (found.data or {}).get("organisationUnit", ""),
        "sections": display_sections(found, request.user),
        "important_dates": _important_dates(found),
        "clarifications": list(selectors.clarifications(found)),
        "asking": asking,
        "asking_message": asking_message,
        "ask_url": ask_url,
        "sign_in_url": reverse("web:sign-in") + "?" + urlencode({"next": ask_url}),
        "applying": applying,
        "applying_message": applying_message,
        "apply_url": apply_url,
        "sign_in_to_apply_url": reverse("web:sign-in") + "?" + urlencode({"next": apply_url}),
        "application_counts": _counts_in_words(found),
        "award": award_in_words(outcome),
        "outcome_reason": (outcome or {}).get("reason") or "",
        "withdrawn_on": london_date(found.withdrawn_at, weekday=True) if found.withdrawn_at else "",
        "closed_at": london_time(found.closing_at, weekday=True),
    })


class QuestionForm(forms.Form):
    question = forms.CharField(label="Your question", required=False, strip=False)


def _refused(request, opportunity, refusal):
    return render(request, "web/catalogue/not_eligible.html",
                  {"opportunity": opportunity, "message": _sentence(refusal.message), "code": refusal.code},
                  status=403)


def _closed(request, opportunity, message):
    return render(request, "web/catalogue/questions_closed.html",
                  {"opportunity": opportunity, "message": _sentence(message)})


@supplier_required
def ask_question(request, pk):
    found = selectors.get_for_viewer(pk, request.user)
    if request.method == "GET" and request.session.get(_QUESTION_SENT) == found.pk:
        del request.session[_QUESTION_SENT]
        return render(request, "web/catalogue/question_sent.html", {
            "opportunity": found, "answers_by": london_time(found.answers_by, weekday=True),
            "email": request.user.email})
    refusal = services.eligibility_refusal(request.user, found)
    if refusal is not None:
        return _refused(request, found, refusal)
    now = clock.now()
    if not selectors.questions_open(found, now):
        return _closed(request, found, _questions_closed_message(found, selectors.status_of(found, now)))
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_question(found, request.user, form.cleaned_data["question"])
        except NotEligible as refused:
            return _refused(request, found, refused)
        except StateConflict as conflict:
            return _closed(request, found, str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[_QUESTION_SENT] = found.pk
            return redirect("web:opportunity-ask-question", pk=found.pk)
    return render(request, "web/catalogue/ask_question.html", {
        "form": form, "opportunity": found, "max_words": QUESTION_MAX_WORDS,
        "questions_close": london_time(found.questions_close_at, weekday=True)})
