"""A buyer's pages for writing and managing requirements: the list, the task list, the question pages, the
preview, publishing, deleting, withdrawing, copying, and answering supplier questions.

Every page is for active buyers of the organisation that owns the requirement; anyone else gets a 404, so nobody
learns that a requirement exists. The rules are the opportunities services'; these views only show them.
"""

from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render as _django_render
from django.urls import reverse
from markupsafe import Markup
from django.views.decorators.http import require_POST

from marketplace import clock
from marketplace.checks.rules import BY_CHECK
from marketplace.checks.selectors import check_requirement
from marketplace.formatting import london_date, london_time
from marketplace.frameworks.reference import LOTS, SPECIALIST_ROLES
from marketplace.opportunities import questions as requirement_questions
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.services import StateConflict
from marketplace.alerts.selectors import suppliers_alerted
from marketplace.suppliers.selectors import MatchingSuppliers, offered_work, sizes_of_matching_suppliers

from ..access import buyer_required
from ..forms import add_service_errors
from ..opportunity_display import display_sections
from ..question_forms import QuestionPageForm

LOT_HINTS = {
    requirement_questions.O: "A team to deliver an outcome, such as a new digital service or the next phase of one",
    requirement_questions.S: "One individual specialist, such as a developer or a user researcher, to work with your "
                             "team",
    requirement_questions.P: "People to take part in your user research",
}
STATUS_TAG_CLASSES = {Status.DRAFT: "govuk-tag--blue", Status.LIVE: "govuk-tag--green"}
STATE_TAGS = {
    "to do": {"text": "To do", "classes": "govuk-tag--blue"},
    "in progress": {"text": "In progress", "classes": "govuk-tag--light-blue"},
    "optional": {"text": "Optional", "classes": "govuk-tag--grey"},
}


def render(request, template, context):
    """Pages here tell the buyer what just happened; the Jinja templates get no context processors, so the
    messages are passed in."""
    return _django_render(request, template, {"messages": get_messages(request), **context})


def _managed(request, pk):
    """The requirement, if the signed-in buyer may manage it; otherwise a 404 that says nothing more."""
    opportunity = Opportunity.objects.select_related("lot", "framework", "organisation").filter(pk=pk).first()
    if opportunity is None or not selectors.can_manage(request.user, opportunity):
        raise Http404("No such requirement")
    return opportunity


def _overview(opportunity):
    return redirect("web:requirement-overview", pk=opportunity.pk)


def _refused(request, opportunity, conflict):
    messages.error(request, str(conflict))
    return _overview(opportunity)


def _page_url(opportunity, section, page):
    return reverse("web:requirement-question", args=[opportunity.pk, section.slug, page.slug])


def _question_pages(lot):
    """Each question key of the lot -> (section, page) that asks it."""
    return {key: (section, page) for section in requirement_questions.sections_for(lot) for page in section.pages
            for key in page.keys}


# The list of requirements and creating one ----------------------------------------------------------------

@buyer_required
def dashboard(request):
    groups = selectors.organisation_dashboard(request.user.organisation)
    return render(request, "web/requirements/dashboard.html", {
        "organisation": request.user.organisation, "groups": groups, "status_labels": dict(Status.choices)})


class LotForm(forms.Form):
    lot = forms.CharField(required=False)


@buyer_required
def choose_lot(request):
    form = LotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_draft(form.cleaned_data["lot"], request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            return _overview(opportunity)
    chosen = form["lot"].value()
    lots = [{"value": slug, "text": name, "hint": {"text": LOT_HINTS[slug]}, "checked": slug == chosen}
            for slug, name, takes in LOTS if takes]
    return render(request, "web/requirements/choose_lot.html", {"form": form, "lots": lots})


# The task list --------------------------------------------------------------------------------------------

def _task_list(opportunity):
    lot, answers = opportunity.lot.slug, opportunity.data or {}
    items, ready = [], 0
    for section in requirement_questions.sections_for(lot):
        state = requirement_questions.section_state(lot, section, answers)
        status = {"text": "Done"} if state == "done" else {"tag": STATE_TAGS[state]}
        items.append({"title": {"text": section.title}, "href": _page_url(opportunity, section, section.pages[0]),
                      "status": status})
        ready += state in ("done", "optional")
    return items, ready


@buyer_required
def overview(request, pk):
    opportunity = _managed(request, pk)
    status = selectors.status_of(opportunity)
    tag = {"text": Status(status).label, "classes": STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")}
    context = {"opportunity": opportunity, "status": status, "status_tag": tag}
    if status == Status.DRAFT:
        context["tasks"], context["ready"] = _task_list(opportunity)
        context["advice"] = _advice_rows(opportunity)
        context["market"] = _market(opportunity)
    else:
        context["dates"] = _summary_rows(_published_dates(opportunity))
    return render(request, "web/requirements/overview.html", context)


def _summary_rows(pairs):
    return [{"key": {"text": label}, "value": {"text": value}} for label, value in pairs]


def _published_dates(opportunity):
    rows = [("Published", london_date(opportunity.published_at, weekday=True)),
            ("Deadline for asking questions", london_time(opportunity.questions_close_at, weekday=True)),
            ("Deadline for publishing answers", london_time(opportunity.answers_by, weekday=True)),
            ("Closing date for applications", london_time(opportunity.closing_at, weekday=True))]
    if opportunity.withdrawn_at:
        rows.append(("Withdrawn", london_date(opportunity.withdrawn_at, weekday=True)))
    return rows


# Advice from the requirement checks -----------------------------------------------------------------------

def _advice_rows(opportunity):
    """The checks' findings as summary list rows: the section, the finding and a link to the question."""
    pages = _question_pages(opportunity.lot.slug)
    rows = []
    for finding in check_requirement(opportunity):
        section, page = pages[finding.question]
        label = requirement_questions.BY_KEY[finding.question].label
        rows.append({
            "key": {"text": section.title},
            "value": {"html": Markup('<span class="govuk-caption-s">{}</span>{}').format(
                BY_CHECK[finding.check].name, finding.message)},
            "actions": {"items": [{"href": f"{_page_url(opportunity, section, page)}#advice", "text": "Review",
                                   "visuallyHiddenText": f"{label.lower()}: {finding.message}"}]},
        })
    return rows


def _market(opportunity):
    """What the buyer is told of its market before publishing: how many suppliers could apply, by size, and
    whether they are fewer than the number it wants to evaluate; for a draft, how many of them an alert will tell
    when it is published."""
    sizes = sizes_of_matching_suppliers(opportunity)
    matching = MatchingSuppliers.counted(sizes)
    offering = offered_work(opportunity)
    wanted = (opportunity.data or {}).get("numberOfSuppliers")
    return {"matching": matching, "framework": opportunity.framework.name, "offering": offering,
            "location": opportunity.location,
            "alerted": suppliers_alerted(opportunity, sizes) if sizes and opportunity.published_at is None else None,
            "wanted": wanted if isinstance(wanted, int) and wanted > matching.total else None}


def _page_advice(opportunity, page):
    """For a question page: each check with findings about its questions, the findings and the advice."""
    advice = {}
    for finding in check_requirement(opportunity):
        if finding.question in page.keys:
            check = BY_CHECK[finding.check]
            advice.setdefault(check.key, {"name": check.name, "advice": check.advice, "why": check.why,
                                          "findings": []})["findings"].append(finding.message)
    return list(advice.values())


# Question pages -------------------------------------------------------------------------------------------

@buyer_required
def question_page(request, pk, section, page):
    opportunity = _managed(request, pk)
    sections = requirement_questions.sections_for(opportunity.lot.slug)
    this_section = next((s for s in sections if s.slug == section), None)
    this_page = next((p for p in this_section.pages if p.slug == page), None) if this_section else None
    if this_page is None:
        raise Http404("No such question page")
    if selectors.status_of(opportunity) != Status.DRAFT:
        messages.error(request, "This requirement has been published, so it can no longer be changed")
        return _overview(opportunity)
    saved = opportunity.data or {}
    if request.method != "POST":
        form = QuestionPageForm(opportunity.lot.slug, this_page, saved)
    elif "add_item" in request.POST:
        form = QuestionPageForm(opportunity.lot.slug, this_page, saved, data=request.POST,
                                add_item_to=request.POST["add_item"])
        form.errors.clear()  # adding a box is not saving: say nothing about the answers yet
    else:
        form = QuestionPageForm(opportunity.lot.slug, this_page, saved, data=request.POST)
        if form.is_valid():
            try:
                services.save_answers(opportunity, form.answers(), request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            except StateConflict as conflict:
                return _refused(request, opportunity, conflict)
            else:
                return _after_saving(request, opportunity, this_section, this_page)
    return render(request, "web/requirements/question.html", {
        "opportunity": opportunity, "section": this_section, "page": this_page, "form": form,
        "controls": form.controls(), "single": len(this_page.keys) == 1,
        "page_hint": _page_hint(this_page), "advice": _page_advice(opportunity, this_page)})


def _after_saving(request, opportunity, section, page):
    if request.POST.get("action") == "continue":
        position = section.pages.index(page)
        if position + 1 < len(section.pages):
            return redirect(_page_url(opportunity, section, section.pages[position + 1]))
    return _overview(opportunity)


def _page_hint(page):
    if set(page.keys) == set(requirement_questions.WEIGHTINGS):
        return ("How much each part of the evaluation counts towards a supplier's score. "
                "The three weightings must add up to 100%.")
    return ""


# Preview --------------------------------------------------------------------------------------------------

def _unanswered(opportunity):
    """The required questions still to answer, each linking to its page."""
    lot, answers = opportunity.lot.slug, opportunity.data or {}
    by_key = requirement_questions.BY_KEY
    return [{"text": by_key[key].label, "href": _page_url(opportunity, section, page)}
            for key, (section, page) in _question_pages(lot).items()
            if by_key[key].required_on(lot) and requirement_questions.is_blank(answers.get(key))]


@buyer_required
def preview(request, pk):
    opportunity = _managed(request, pk)
    status = selectors.status_of(opportunity)
    if status == Status.DRAFT:
        dates = [(label, f"{value} if you publish today")
                 for label, value in _dates_rows(services.dates_if_published_now(opportunity))]
    else:
        dates = _published_dates(opportunity)
    return render(request, "web/requirements/preview.html", {
        "opportunity": opportunity, "status": status,
        "unanswered": _unanswered(opportunity) if status == Status.DRAFT else [],
        "sections": display_sections(opportunity, request.user),
        "role": SPECIALIST_ROLES.get(opportunity.specialist_role, ""),
        "header": _summary_rows([("Open for", selectors.requirements_length_of(opportunity)), *dates])})


def _dates_rows(dates):
    return [("Deadline for asking questions", london_time(dates.questions_close_at, weekday=True)),
            ("Deadline for publishing answers", london_time(dates.answers_by, weekday=True)),
            ("Closing date for applications", london_time(dates.closing_at, weekday=True))]


# Publishing -----------------------------------------------------------------------------------------------

def _problems(opportunity, error):
    """Every reason it cannot be published, in task-list order, each linking to the page that fixes it."""
    pages = _question_pages(opportunity.lot.slug)
    order = list(pages)
    found = []
    for key, texts in sorted(error.message_dict.items(),
                             key=lambda item: order.index(item[0]) if item[0] in pages else len(order)):
        for text in texts:
            if key in pages:
                section, page = pages[key]
                found.append({"text": text, "href": f"{_page_url(opportunity, section, page)}#{key}"})
            else:
                found.append({"text": text})
    return found


@buyer_required
def publish(request, pk):
    opportunity = _managed(request, pk)
    status = selectors.status_of(opportunity)
    if status == Status.LIVE:
        return render(request, "web/requirements/published.html", {
            "opportunity": opportunity, "dates": _summary_rows(_published_dates(opportunity))})
    if status != Status.DRAFT:
        return _overview(opportunity)
    problems = []
    if request.method == "POST":
        try:
            services.publish_opportunity(opportunity, request.user)
        except ValidationError as error:
            problems = _problems(opportunity, error)
        except StateConflict as conflict:
            return _refused(request, opportunity, conflict)
        else:
            return redirect("web:requirement-publish", pk=opportunity.pk)
    dates = services.dates_if_published_now(opportunity)
    return render(request, "web/requirements/publish.html", {
        "opportunity": opportunity, "problems": problems, "publishing_day": london_date(clock.now(), weekday=True),
        "open_for": selectors.requirements_length_of(opportunity), "advice": _advice_rows(opportunity),
        "market": _market(opportunity),
        "dates": _summary_rows([("Publishing day", london_date(clock.now(), weekday=True)), *_dates_rows(dates)])})


# Deleting, withdrawing and copying ------------------------------------------------------------------------

@buyer_required
def delete(request, pk):
    opportunity = _managed(request, pk)
    if selectors.status_of(opportunity) != Status.DRAFT:
        messages.error(request, "Only a draft can be deleted: this requirement has been published")
        return _overview(opportunity)
    if request.method == "POST":
        title = str(opportunity)
        try:
            services.delete_draft(opportunity, request.user)
        except StateConflict as conflict:
            return _refused(request, opportunity, conflict)
        messages.success(request, f"‘{title}’ has been deleted.")
        return redirect("web:requirements")
    return render(request, "web/requirements/delete.html", {"opportunity": opportunity})


@buyer_required
def withdraw(request, pk):
    opportunity = _managed(request, pk)
    if selectors.status_of(opportunity) != Status.LIVE:
        messages.error(request, "Only an open requirement can be withdrawn")
        return _overview(opportunity)
    if request.method == "POST":
        try:
            services.withdraw_opportunity(opportunity, request.user)
        except StateConflict as conflict:
            return _refused(request, opportunity, conflict)
        messages.success(request, f"‘{opportunity}’ has been withdrawn. Suppliers can no longer apply.")
        return _overview(opportunity)
    return render(request, "web/requirements/withdraw.html", {"opportunity": opportunity})


@buyer_required
@require_POST
def copy(request, pk):
    opportunity = _managed(request, pk)
    try:
        new = services.copy_opportunity(opportunity, request.user)
    except StateConflict as conflict:
        return _refused(request, opportunity, conflict)
    messages.success(request, f"This is a copy of ‘{opportunity}’. Check every answer before you publish it.")
    return _overview(new)


# Supplier questions and published answers ----------------------------------------------------------------

class ClarificationForm(forms.Form):
    question = forms.CharField(label="Question", required=False, strip=False)
    answer = forms.CharField(label="Answer", required=False, strip=False)


@buyer_required
def questions(request, pk):
    opportunity = _managed(request, pk)
    status = selectors.status_of(opportunity)
    if status == Status.DRAFT:
        return _overview(opportunity)
    received = list(selectors.supplier_questions(opportunity))
    initial = {}
    chosen = request.GET.get("answer")
    if chosen:
        initial["question"] = next((q.question for q in received if str(q.pk) == chosen), "")
    form = ClarificationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            clarification = services.publish_clarification(opportunity, request.user, form.cleaned_data["question"],
                                                           form.cleaned_data["answer"])
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, f"Question {clarification.number} and its answer are now on the public page.")
            return redirect("web:requirement-questions", pk=opportunity.pk)
    return render(request, "web/requirements/questions.html", {
        "opportunity": opportunity, "status": status, "form": form, "received": received,
        "clarifications": selectors.clarifications(opportunity), "max_words": services.QUESTION_MAX_WORDS,
        "answer_max_words": services.ANSWER_MAX_WORDS,
        "answers_by": opportunity.answers_by and london_time(opportunity.answers_by, weekday=True)})

