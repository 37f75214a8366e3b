"""A supplier applying for an opportunity, and its list of applications.

No page takes an application id: each finds the signed-in user's company's application for the opportunity, so a
supplier can only ever reach its own. The forms only carry what was typed; `marketplace.applications.services`
decides what is acceptable (a day rate, the evidence, what must be answered before submitting), so the pages and
the API say the same thing.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render as _django_render
from django.urls import reverse

from marketplace import clock
from marketplace.applications import selectors as applications
from marketplace.applications import services
from marketplace.formatting import london_date, london_time, money
from marketplace.frameworks.reference import SPECIALIST_ROLES
from marketplace.opportunities import selectors as opportunities
from marketplace.opportunities.models import Status
from marketplace.opportunities.questions import P, S
from marketplace.opportunities.services import NotEligible, StateConflict, eligibility_refusal
from marketplace.suppliers.services import max_day_rate

from ..access import supplier_required
from ..opportunity_display import display_date
from ..question_forms import DATE_PARTS, date_problem

EVIDENCE_MAX_WORDS = services.EVIDENCE_MAX_WORDS
ESSENTIALS, NICE_TO_HAVES = services.ESSENTIALS, services.NICE_TO_HAVES
CHANGING = "change"  # in a page's query string: go back to check your answers after saving


def render(request, template, context, status=200):
    """The Jinja templates get no context processors, so the messages are passed in."""
    return _django_render(request, template, {"messages": get_messages(request), **context}, status=status)


# The questions, one page each ---------------------------------------------------------------------------

def _requirements(opportunity, key):
    return list((opportunity.data or {}).get(key) or [])


def start_date_question(opportunity):
    """What the buyer asks for as the earliest start date, and what it is compared with."""
    data = opportunity.data or {}
    if opportunity.lot.slug == P:
        return ("When can you start recruiting participants?",
                f"The research dates are: {data['researchDates']}." if data.get("researchDates") else "")
    label = "When can the specialist start work?" if opportunity.lot.slug == S else "When can your team start work?"
    latest = data.get("startDate")
    return label, f"The buyer's latest start date is {display_date(latest)}." if latest else ""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    keys: tuple

    def applies_to(self, opportunity):
        if self.slug == "day-rate":
            return opportunity.lot.slug == S
        if self.slug == "nice-to-have":
            return bool(_requirements(opportunity, NICE_TO_HAVES))
        return True


STEPS = (
    Step("start-date", "Earliest start date", ("availability",)),
    Step("day-rate", "Day rate", ("dayRate",)),
    Step("essential-skills", "Essential skills and experience", ("essentialRequirementsMet",)),
    Step("essential-evidence", "Evidence of your essential skills and experience", (ESSENTIALS,)),
    Step("nice-to-have", "Nice-to-have skills and experience", (NICE_TO_HAVES,)),
    Step("email", "Email address for the buyer", ("respondToEmailAddress",)),
)


ESSENTIAL_SKILLS = STEPS[2]


def steps_for(opportunity):
    return [step for step in STEPS if step.applies_to(opportunity)]


class DateParts(forms.Widget):
    """Reads `<name>-day`, `<name>-month` and `<name>-year`."""

    def value_from_datadict(self, data, files, name):
        return {part: data.get(f"{name}-{part}", "") for part in DATE_PARTS}


class DateField(forms.Field):
    """A date typed as day, month and year: a date, None when all three are blank, or the GOV.UK message naming
    what is wrong with it. Whether the date is acceptable is the service's rule."""

    widget = DateParts

    def __init__(self, name, **kwargs):
        self.name = name
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        parts = value or {}
        problem = date_problem(parts, self.name)
        if problem:
            raise ValidationError(problem[0])
        if not any((parts.get(part) or "").strip() for part in DATE_PARTS):
            return None
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))


def example_date():
    """The hint of a date input, with a date a month ahead."""
    day = clock.today_in_london() + dt.timedelta(days=30)
    return f"For example, {day.day} {day.month} {day.year}"


def date_error_parts(form, name):
    """Which of the day, month and year boxes of a date to mark as wrong."""
    if name not in form.errors:
        return ()
    problem = date_problem(form[name].value() or {}, form.fields[name].name)
    return problem[1] if problem else DATE_PARTS


def _date_parts(value):
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return {part: "" for part in DATE_PARTS}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


_ANSWER = {"yes": True, "no": False}


def _yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


class StepForm(forms.Form):
    """One question page. Fields are named by the API's keys (list items as `<key>-<n>`), so a service's problem
    lands next to the box it is about."""

    def __init__(self, step, opportunity, application, user, data=None):
        self.step, self.opportunity = step, opportunity
        self.essentials = _requirements(opportunity, ESSENTIALS)
        self.nice_to_haves = _requirements(opportunity, NICE_TO_HAVES)
        super().__init__(data=data, initial=self._saved(application, user))
        for name in self._names():
            # Evidence is kept exactly as typed, line breaks included.
            evidence = name.startswith(ESSENTIALS) or name.endswith("-evidence")
            self.fields[name] = forms.CharField(required=False, strip=not evidence)
        if step.slug == "start-date":
            self.fields["availability"] = DateField("Earliest start date")

    def _names(self):
        if self.step.slug == "essential-evidence":
            return [f"{ESSENTIALS}-{n}" for n in range(1, len(self.essentials) + 1)]
        if self.step.slug == "nice-to-have":
            return [f"{NICE_TO_HAVES}-{n}-{part}" for n in range(1, len(self.nice_to_haves) + 1)
                    for part in ("yesNo", "evidence")]
        return [key for key in self.step.keys if key != "availability"]

    def _saved(self, application, user):
        saved = {
            "availability": _date_parts(application.availability) if application.availability else {},
            "dayRate": "" if application.day_rate is None else f"{application.day_rate:.2f}",
            "essentialRequirementsMet": _yes_no(application.essential_requirements_met),
            # Most suppliers want replies to the person applying: offer that address until one is saved.
            "respondToEmailAddress": application.respond_to_email or user.email,
        }
        for n, item in enumerate(application.essential_evidence or [], start=1):
            saved[f"{ESSENTIALS}-{n}"] = (item or {}).get("evidence", "")
        for n, item in enumerate(application.nice_to_have or [], start=1):
            saved[f"{NICE_TO_HAVES}-{n}-yesNo"] = _yes_no((item or {}).get("yesNo"))
            saved[f"{NICE_TO_HAVES}-{n}-evidence"] = (item or {}).get("evidence", "")
        return saved

    def answers(self):
        """What the page saves, keyed as the service takes it (call after `is_valid()`)."""
        value = self.cleaned_data
        slug = self.step.slug
        if slug == "start-date":
            return {"availability": value["availability"]}
        if slug == "day-rate":
            return {"dayRate": value["dayRate"].strip() or None}
        if slug == "essential-skills":
            return {"essentialRequirementsMet": _ANSWER.get(value["essentialRequirementsMet"])}
        if slug == "essential-evidence":
            return {ESSENTIALS: [{"evidence": value[f"{ESSENTIALS}-{n}"]}
                                 for n in range(1, len(self.essentials) + 1)]}
        if slug == "nice-to-have":
            return {NICE_TO_HAVES: [{"yesNo": _ANSWER.get(value[f"{NICE_TO_HAVES}-{n}-yesNo"]),
                                     "evidence": value[f"{NICE_TO_HAVES}-{n}-evidence"]}
                                    for n in range(1, len(self.nice_to_haves) + 1)]}
        return {"respondToEmailAddress": value["respondToEmailAddress"].strip()}


# The services' keys for one item of a list: `essentialRequirements.0.evidence`, `niceToHaveRequirements.2.yesNo`.
_LIST_KEY = re.compile(r"^(?P<key>essentialRequirements|niceToHaveRequirements)"
                       r"(?:\.(?P<index>\d+)(?:\.(?P<part>yesNo|evidence))?)?$")


def form_field_for(key):
    """The form field a service's problem key is about: `essentialRequirements.0.evidence` is the first evidence
    box (`essentialRequirements-1`); a problem about a whole list goes on its first box."""
    match = _LIST_KEY.match(key)
    if not match:
        return key
    index = int(match["index"]) + 1 if match["index"] is not None else 1
    if match["key"] == ESSENTIALS:
        return f"{ESSENTIALS}-{index}"
    return f"{NICE_TO_HAVES}-{index}-{match['part'] or 'yesNo'}"


def _base_key(key):
    """The answer a problem key is about: `essentialRequirements.0.evidence` is about `essentialRequirements`."""
    match = _LIST_KEY.match(key)
    return match["key"] if match else key


def show_problems(form, problems, keys=None):
    """Put the service's problems ({key: [messages]}) on the form, each next to its own box; with `keys`, only
    those about these answers."""
    for key, texts in problems.items():
        if keys is not None and _base_key(key) not in keys:
            continue
        target = form_field_for(key)
        for text in texts:
            if text not in form.errors.get(target if target in form.fields else "__all__", []):
                form.add_error(target if target in form.fields else None, text)


# Finding the opportunity and the application --------------------------------------------------------------

def _opportunity(request, pk):
    opportunity = opportunities.get_for_viewer(pk, request.user)
    if opportunity.published_at is None:
        raise Http404("No such opportunity")
    return opportunity


def _url(name, opportunity, *args):
    return reverse(f"web:{name}", args=[opportunity.pk, *args])


def step_url(opportunity, step, changing=False):
    return _url("application-step", opportunity, step.slug) + (f"?{CHANGING}" if changing else "")


def _is_live(opportunity):
    return opportunities.status_of(opportunity) == Status.LIVE


def _first_unanswered(opportunity, application):
    problems = services.application_problems(application)
    for step in steps_for(opportunity):
        if any(_base_key(key) in step.keys for key in problems):
            return step
    return None


def _refused(request, opportunity, refusal):
    return render(request, "web/applications/not_eligible.html",
                  {"opportunity": opportunity, "message": _sentence(refusal.message), "code": refusal.code},
                  status=403)


def _closed(request, opportunity, message=None):
    return render(request, "web/applications/closed.html", {
        "opportunity": opportunity, "status": opportunities.status_of(opportunity), "Status": Status,
        "message": _sentence(message) if message else "",
        "closed_at": london_time(opportunity.closing_at, weekday=True)})


def _sentence(text):
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


# Pages --------------------------------------------------------------------------------------------------

@supplier_required
def start(request, pk):
    """Before you start. A supplier that has started already goes on from where it stopped."""
    opportunity = _opportunity(request, pk)
    application = applications.supplier_application(opportunity, request.user.supplier)
    if application is not None and request.method == "GET":
        if application.submitted_at is None and _is_live(opportunity):
            step = _first_unanswered(opportunity, application)
            if step is not None:
                return redirect(step_url(opportunity, step))
        return redirect(_url("application-check", opportunity))
    refusal = eligibility_refusal(request.user, opportunity)
    if refusal is not None:
        return _refused(request, opportunity, refusal)
    if not _is_live(opportunity):
        return _closed(request, opportunity)
    if request.method == "POST":
        try:
            services.start_application(opportunity, request.user)
        except NotEligible as refused:
            return _refused(request, opportunity, refused)
        except StateConflict as conflict:
            return _closed(request, opportunity, str(conflict))
        return redirect(step_url(opportunity, steps_for(opportunity)[0]))
    return render(request, "web/applications/start.html", {
        "opportunity": opportunity, "steps": steps_for(opportunity),
        "essentials": _requirements(opportunity, ESSENTIALS),
        "nice_to_haves": _requirements(opportunity, NICE_TO_HAVES),
        "closing": london_time(opportunity.closing_at, weekday=True), "max_words": EVIDENCE_MAX_WORDS})


def _own_application(request, opportunity):
    """The company's application for the opportunity; None when it has not started one."""
    return applications.supplier_application(opportunity, request.user.supplier)


def _not_started(opportunity):
    return redirect(_url("application-start", opportunity))


def _after_saving(request, opportunity, step, form):
    if request.POST.get("action") == "later":
        messages.success(request, f"Your application for ‘{opportunity}’ has been saved. You can come back to it "
                                  f"until {london_time(opportunity.closing_at, weekday=True)}.")
        return redirect("web:application-dashboard")
    if step is ESSENTIAL_SKILLS and form.cleaned_data["essentialRequirementsMet"] == "no":
        return redirect(_url("application-essentials-not-met", opportunity))
    if CHANGING in request.GET:
        return redirect(_url("application-check", opportunity))
    steps = steps_for(opportunity)
    position = steps.index(step)
    if position + 1 < len(steps):
        return redirect(step_url(opportunity, steps[position + 1]))
    return redirect(_url("application-check", opportunity))


@supplier_required
def step_page(request, pk, step):
    opportunity = _opportunity(request, pk)
    this_step = next((s for s in steps_for(opportunity) if s.slug == step), None)
    if this_step is None:
        raise Http404("No such question")
    application = _own_application(request, opportunity)
    if application is None:
        return _not_started(opportunity)
    if not _is_live(opportunity):
        messages.error(request, "Applications have closed, so you can no longer change your application")
        return redirect(_url("application-check", opportunity))
    form = StepForm(this_step, opportunity, application, request.user,
                    data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # Saved and then checked for what this step still lacks; a step shown again with its problems keeps
            # nothing, so the page never says "enter this" about an answer it has already changed.
            with transaction.atomic():
                services.save_application(application, form.answers(), request.user)
                unanswered = ({} if request.POST.get("action") == "later"
                              else services.application_problems(application))
                if this_step is ESSENTIAL_SKILLS and form.cleaned_data["essentialRequirementsMet"] == "no":
                    unanswered = {}  # the next page explains why they cannot go on
                show_problems(form, unanswered, keys=this_step.keys)
                transaction.set_rollback(bool(form.errors))
        except NotEligible as refused:
            return _refused(request, opportunity, refused)
        except ValidationError as error:
            show_problems(form, error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages})
        except StateConflict as conflict:
            messages.error(request, str(conflict))
            return redirect(_url("application-check", opportunity))
        else:
            if not form.errors:
                return _after_saving(request, opportunity, this_step, form)
            application.refresh_from_db()
    return render(request, f"web/applications/step_{this_step.slug.replace('-', '_')}.html",
                  _step_context(request, opportunity, application, this_step, form))


def _step_context(request, opportunity, application, step, form):
    steps = steps_for(opportunity)
    position = steps.index(step)
    back = (_url("application-check", opportunity) if CHANGING in request.GET or position == 0
            else step_url(opportunity, steps[position - 1]))
    context = {"opportunity": opportunity, "application": application, "step": step, "form": form,
               "back": back, "changing": CHANGING in request.GET, "max_words": EVIDENCE_MAX_WORDS,
               "closing": london_time(opportunity.closing_at, weekday=True)}
    if step.slug == "start-date":
        context["label"], context["hint"] = start_date_question(opportunity)
        context["example"] = example_date()
        context["bad_parts"] = date_error_parts(form, "availability")
    elif step.slug == "day-rate":
        role = opportunity.specialist_role
        maximum = max_day_rate(request.user.supplier, role, framework=opportunity.framework)
        context["role"] = SPECIALIST_ROLES.get(role, role).lower()
        context["maximum"] = money(maximum) if maximum is not None else None
    elif step.slug in ("essential-skills", "essential-evidence"):
        context["essentials"] = list(enumerate(form.essentials, start=1))
    elif step.slug == "nice-to-have":
        context["nice_to_haves"] = list(enumerate(form.nice_to_haves, start=1))
    return context


@supplier_required
def essentials_not_met(request, pk):
    opportunity = _opportunity(request, pk)
    application = _own_application(request, opportunity)
    if application is None:
        return _not_started(opportunity)
    return render(request, "web/applications/essentials_not_met.html", {
        "opportunity": opportunity, "application": application,
        "essentials": _requirements(opportunity, ESSENTIALS),
        "change_url": step_url(opportunity, ESSENTIAL_SKILLS), "live": _is_live(opportunity)})


# Check your answers and submitting ----------------------------------------------------------------------

def answer_rows(opportunity, application, editable):
    """The application as govukSummaryList rows, with Change links while it may be changed."""
    steps = {step.slug: step for step in steps_for(opportunity)}

    def row(label, value, step_slug, anchor=""):
        entry = {"key": {"text": label}, "value": {"text": value or "Not answered yet"}}
        if editable and step_slug in steps:
            entry["actions"] = {"items": [{
                "href": step_url(opportunity, steps[step_slug], changing=True) + (f"#{anchor}" if anchor else ""),
                "text": "Change", "visuallyHiddenText": label[0].lower() + label[1:]}]}
        return entry

    rows = [row("Earliest start date", london_date(application.availability), "start-date")]
    if "day-rate" in steps:
        rows.append(row("Day rate", money(application.day_rate) if application.day_rate is not None else "",
                        "day-rate"))
    rows.append(row("Essential skills and experience",
                    {True: "Yes, we have all of them", False: "No"}.get(application.essential_requirements_met, ""),
                    "essential-skills"))
    evidence = application.essential_evidence or []
    for n, requirement in enumerate(_requirements(opportunity, ESSENTIALS), start=1):
        text = (evidence[n - 1] or {}).get("evidence", "") if n <= len(evidence) else ""
        rows.append(row(requirement, text, "essential-evidence", f"{ESSENTIALS}-{n}"))
    nice = application.nice_to_have or []
    for n, requirement in enumerate(_requirements(opportunity, NICE_TO_HAVES), start=1):
        item = (nice[n - 1] or {}) if n <= len(nice) else {}
        answer = item.get("yesNo")
        text = "" if answer is None else ("No" if not answer else f"Yes: {item.get('evidence', '')}".strip())
        rows.append(row(requirement, text, "nice-to-have", f"{NICE_TO_HAVES}-{n}-yesNo"))
    rows.append(row("Email address for the buyer", application.respond_to_email, "email"))
    return rows


def _problem_links(opportunity, problems):
    """The service's reasons it cannot be submitted, each linking to the page that fixes it."""
    found = []
    for key, texts in problems.items():
        step = next((s for s in steps_for(opportunity) if _base_key(key) in s.keys), None)
        for text in texts:
            if step is None:
                found.append({"text": text})
            else:
                href = f"{step_url(opportunity, step, changing=True)}#{form_field_for(key)}"
                found.append({"text": text, "href": href})
    return found


@supplier_required
def check(request, pk):
    opportunity = _opportunity(request, pk)
    application = _own_application(request, opportunity)
    if application is None:
        return _not_started(opportunity)
    live = _is_live(opportunity)
    problems = []
    if request.method == "POST" and live:
        try:
            services.submit_application(application, request.user)
        except NotEligible as refused:
            return _refused(request, opportunity, refused)
        except ValidationError as error:
            problems = _problem_links(opportunity, error.message_dict if hasattr(error, "error_dict")
                                      else {"__all__": error.messages})
        except StateConflict as conflict:
            messages.error(request, str(conflict))
            return redirect(_url("application-check", opportunity))
        else:
            return redirect(_url("application-submitted", opportunity))
    elif request.method == "POST":
        messages.error(request, "Applications have closed, so you can no longer change your application")
        return redirect(_url("application-check", opportunity))
    # The same words as on the list of applications.
    listed = next(row for row in applications.supplier_dashboard(request.user.supplier)
                  if row["application"].pk == application.pk)
    word = DASHBOARD_WORDS.get(listed["status"], listed["status"])
    return render(request, "web/applications/check.html", {
        "opportunity": opportunity, "application": application, "live": live, "problems": problems,
        "status_tag": {"text": word, "classes": DASHBOARD_TAGS.get(word, "govuk-tag--grey")},
        "rows": answer_rows(opportunity, application, editable=live),
        "closing": london_time(opportunity.closing_at, weekday=True)})


@supplier_required
def submitted(request, pk):
    opportunity = _opportunity(request, pk)
    application = _own_application(request, opportunity)
    if application is None:
        return _not_started(opportunity)
    if application.submitted_at is None:
        return redirect(_url("application-check", opportunity))
    return render(request, "web/applications/submitted.html", {
        "opportunity": opportunity, "application": application,
        "closing": london_time(opportunity.closing_at, weekday=True)})


# The supplier's applications ----------------------------------------------------------------------------

# The words a supplier reads for each state of an application.
DASHBOARD_WORDS = {"draft": "Not submitted", "submitted": "Submitted", "won": "Won", "not won": "Not won",
                   "cancelled": "Cancelled", "withdrawn": "Withdrawn"}
DASHBOARD_TAGS = {"Submitted": "govuk-tag--blue", "Won": "govuk-tag--green", "Not won": "govuk-tag--grey",
                  "Cancelled": "govuk-tag--grey", "Withdrawn": "govuk-tag--grey", "Not submitted": "govuk-tag--yellow"}


@supplier_required
def dashboard(request):
    started, made = [], []
    for row in applications.supplier_dashboard(request.user.supplier):
        application, opportunity = row["application"], row["opportunity"]
        word = DASHBOARD_WORDS.get(row["status"], str(row["status"]).capitalize())
        entry = {"opportunity": opportunity, "application": application, "word": word,
                 "tag": {"text": word, "classes": DASHBOARD_TAGS.get(word, "govuk-tag--grey")},
                 "can_continue": row["can_continue"],
                 "closing": london_time(opportunity.closing_at, weekday=True),
                 "start_url": _url("application-start", opportunity),
                 "view_url": _url("application-check", opportunity)}
        (made if application.submitted_at else started).append(entry)
    return render(request, "web/applications/dashboard.html", {
        "supplier": request.user.supplier, "started": started, "made": made})
