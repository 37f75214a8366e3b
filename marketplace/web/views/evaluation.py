"""A buyer evaluating the applications to a requirement once it has closed, and telling suppliers the outcome.

Every page is for the owning organisation's buyers, and only after applications close: before that, or for anyone
else, each page is a 404, so nobody learns what has been received. Who may see what and when, how scores are
weighted and what an award needs are the applications selectors' and services' rules; these views only show them.
Recording an outcome emails every applicant, so each outcome has a confirmation step: the details typed are carried
to it in the form, and nothing is recorded until the buyer confirms.
"""

from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as _django_render
from django.urls import reverse

from marketplace.applications import exports
from marketplace.applications import selectors as applications
from marketplace.applications import services
from marketplace.formatting import london_date, london_time, money
from marketplace.opportunities import selectors as opportunities
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.questions import WEIGHTINGS
from marketplace.opportunities.services import StateConflict

from ..access import buyer_required
from ..forms import add_service_errors
from ..opportunity_display import display_date
from ..question_forms import DATE_PARTS
from .applications import DateField, answer_rows, date_error_parts, example_date

DOWNLOADS = {
    "csv": (exports.as_csv, "text/csv; charset=utf-8"),
    "ods": (exports.as_ods, "application/vnd.oasis.opendocument.spreadsheet"),
}
SCORES = (("technical", "Technical competence", "technicalWeighting"),
          ("cultural", "Cultural fit", "culturalWeighting"),
          ("price", "Price", "priceWeighting"))
OUTCOMES = {
    "award": ("Award the contract", "Choose the supplier you are awarding the contract to, then give the contract's "
                                    "start date and value."),
    "cancel": ("Cancel the requirement", "You no longer need the work, for example because the budget or the "
                                         "priorities changed."),
    "unsuccessful": ("No suitable suppliers", "None of the suppliers that applied can do the work."),
}
REASON_MAX_WORDS = services.REASON_MAX_WORDS


def render(request, template, context, status=200):
    """The Jinja templates get no context processors, so the messages are passed in."""
    return _django_render(request, template, {"messages": get_messages(request), **context}, status=status)


def _requirement(request, pk):
    """The requirement and the applications it received, for an owning buyer after closing; otherwise a 404."""
    opportunity = Opportunity.objects.select_related("lot", "framework", "organisation").filter(pk=pk).first()
    if opportunity is None or not opportunities.can_manage(request.user, opportunity):
        raise Http404("No such requirement")
    try:
        received = list(applications.applications_for_buyer(opportunity, request.user))
    except PermissionDenied:
        raise Http404("Applications are not open to the buyer yet") from None
    return opportunity, received


def _application(request, opportunity, application_id):
    application = applications.get_application_for_viewer(application_id, request.user)
    if application.opportunity_id != opportunity.pk:
        raise Http404("No such application")
    return application


def _size(supplier):
    return "SME" if supplier.is_sme else "large"


def _weightings(opportunity):
    data = opportunity.data or {}
    return {key: data.get(key) for key in WEIGHTINGS}


def _outcome_lines(outcome):
    """The recorded outcome in words, as the public page says it."""
    if outcome is None:
        return None
    if outcome["status"] == Status.AWARDED:
        start, value = outcome["contractStartDate"], outcome["contractValue"]
        return {"title": f"Awarded to {outcome['supplierName']} ({outcome['supplierSize']})",
                "rows": [("Supplier", outcome["supplierName"]), ("Size", outcome["supplierSize"]),
                         ("Contract start date", display_date(str(start)) if start else ""),
                         ("Contract value", money(value) if value is not None else "")]}
    title = "Cancelled" if outcome["status"] == Status.CANCELLED else "No suitable suppliers"
    return {"title": title, "rows": [("Reason", outcome.get("reason") or "")]}


# Applications received -----------------------------------------------------------------------------------

@buyer_required
def received(request, pk):
    opportunity, found = _requirement(request, pk)
    rows = [{"application": application, "size": _size(application.supplier),
             "met": application.met_all_essentials,
             "url": reverse("web:evaluation-application", args=[opportunity.pk, application.pk])}
            for application in found]
    return render(request, "web/evaluation/applications.html", {
        "opportunity": opportunity, "rows": rows, "shortlisted": sum(row["met"] for row in rows),
        "status": opportunities.status_of(opportunity), "Status": Status,
        "closed_at": london_time(opportunity.closing_at, weekday=True),
        "outcome": _outcome_lines(applications.outcome_of(opportunity))})


@buyer_required
def application(request, pk, application_id):
    opportunity, submitted = _requirement(request, pk)
    found = _application(request, opportunity, application_id)
    shortlisted = any(a.pk == found.pk and a.met_all_essentials for a in submitted)
    return render(request, "web/evaluation/application.html", {
        "opportunity": opportunity, "application": found, "size": _size(found.supplier),
        "shortlisted": shortlisted, "rows": answer_rows(opportunity, found, editable=False)})


@buyer_required
def download(request, pk, extension):
    if extension not in DOWNLOADS:
        raise Http404("No such download")
    opportunity, _ = _requirement(request, pk)
    write, content_type = DOWNLOADS[extension]
    response = HttpResponse(write(exports.applications_table(opportunity, request.user)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="applications-{opportunity.pk}.{extension}"'
    return response


# The shortlist, scores and the ranking -------------------------------------------------------------------

@buyer_required
def shortlist(request, pk):
    opportunity, _ = _requirement(request, pk)
    ranked = applications.ranking(opportunity, request.user)
    weightings = _weightings(opportunity)
    rows = []
    for position, entry in enumerate(ranked, start=1):
        found, score = entry["application"], entry["score"]
        rows.append({"rank": position if score else None, "application": found, "size": _size(found.supplier),
                     "score": score, "weighted": entry["weighted"],
                     "score_url": reverse("web:evaluation-score", args=[opportunity.pk, found.pk]),
                     "view_url": reverse("web:evaluation-application", args=[opportunity.pk, found.pk])})
    return render(request, "web/evaluation/shortlist.html", {
        "opportunity": opportunity, "rows": rows, "weightings": weightings, "scores": SCORES})


class ScoreForm(forms.Form):
    technical = forms.CharField(required=False)
    cultural = forms.CharField(required=False)
    price = forms.CharField(required=False)


@buyer_required
def score(request, pk, application_id):
    opportunity, submitted = _requirement(request, pk)
    found = _application(request, opportunity, application_id)
    if not any(a.pk == found.pk and a.met_all_essentials for a in submitted):
        raise Http404("Only shortlisted applications are scored")
    saved = getattr(found, "score", None)  # None until it is first scored
    initial = {name: getattr(saved, name) for name, _, _ in SCORES} if saved else {}
    form = ScoreForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_score(found, request.user, form.cleaned_data["technical"], form.cleaned_data["cultural"],
                                form.cleaned_data["price"])
        except ValidationError as error:
            add_service_errors(form, error)
        except StateConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, f"Scores saved for {found.supplier.name}.")
            return redirect("web:evaluation-shortlist", pk=opportunity.pk)
    weightings = _weightings(opportunity)
    return render(request, "web/evaluation/score.html", {
        "opportunity": opportunity, "application": found, "form": form,
        "marks": [(name, label, weightings.get(key)) for name, label, key in SCORES]})


# Telling suppliers the outcome ---------------------------------------------------------------------------

class ChoiceForm(forms.Form):
    choice = forms.CharField(required=False)


def _decided(request, opportunity):
    """An outcome is recorded once: afterwards every outcome page shows it."""
    if applications.outcome_of(opportunity) is not None:
        return redirect("web:evaluation-outcome", pk=opportunity.pk)
    return None


@buyer_required
def outcome(request, pk):
    opportunity, found = _requirement(request, pk)
    recorded = applications.outcome_of(opportunity)
    form = ChoiceForm(request.POST if request.method == "POST" and recorded is None else None)
    if form.is_bound and form.is_valid():
        choice = form.cleaned_data["choice"]
        if choice in OUTCOMES:
            return redirect(f"web:evaluation-{choice}", pk=opportunity.pk)
        form.add_error("choice", "Select what happened to this requirement")
    chosen = form["choice"].value()
    items = [{"value": value, "text": text, "hint": {"text": hint}, "checked": chosen == value}
             for value, (text, hint) in OUTCOMES.items() if value != "award" or found]
    return render(request, "web/evaluation/outcome.html", {
        "opportunity": opportunity, "form": form, "items": items, "received": found,
        "outcome": _outcome_lines(recorded)})


@buyer_required
def award(request, pk):
    opportunity, found = _requirement(request, pk)
    decided = _decided(request, opportunity)
    if decided:
        return decided
    ranked = {entry["application"].pk: entry for entry in applications.ranking(opportunity, request.user)}
    form = ChoiceForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["choice"]
        if any(str(application.pk) == chosen for application in found):
            return redirect("web:evaluation-award-details", pk=opportunity.pk, application_id=int(chosen))
        form.add_error("choice", "Select the supplier you are awarding the contract to")
    chosen = form["choice"].value()
    items = []
    for application in found:
        entry = ranked.get(application.pk)
        hint = _size(application.supplier)
        if entry and entry["score"]:
            hint += f", weighted score {entry['weighted']}"
        items.append({"value": str(application.pk), "text": application.supplier.name, "hint": {"text": hint},
                      "checked": chosen == str(application.pk)})
    return render(request, "web/evaluation/award.html", {"opportunity": opportunity, "form": form, "items": items})


class ContractForm(forms.Form):
    contractStartDate = DateField("Contract start date")
    contractValue = forms.CharField(required=False)


@buyer_required
def award_details(request, pk, application_id):
    opportunity, found = _requirement(request, pk)
    decided = _decided(request, opportunity)
    if decided:
        return decided
    winner = next((a for a in found if a.pk == application_id), None)
    if winner is None:
        raise Http404("No such application")
    form = ContractForm(request.POST if request.method == "POST" else None)
    action = request.POST.get("action")
    if form.is_bound and form.is_valid() and action in ("check", "confirm"):
        problems = services.contract_problems(form.cleaned_data["contractValue"],
                                              form.cleaned_data["contractStartDate"])
        if problems:
            add_service_errors(form, ValidationError(problems))
        elif action == "check":
            return render(request, "web/evaluation/award_confirm.html", {
                "opportunity": opportunity, "winner": winner, "size": _size(winner.supplier),
                "value": money(services.contract_value(form.cleaned_data["contractValue"])),
                "start": london_date(form.cleaned_data["contractStartDate"]),
                "hidden": {**{f"contractStartDate-{part}": form["contractStartDate"].value()[part]
                              for part in DATE_PARTS}, "contractValue": form.cleaned_data["contractValue"]},
                "others": len(found) - 1})
        else:
            try:
                services.award(opportunity, request.user, winner, form.cleaned_data["contractValue"],
                               form.cleaned_data["contractStartDate"])
            except ValidationError as error:
                add_service_errors(form, error)
            except StateConflict as conflict:
                messages.error(request, str(conflict))
                return redirect("web:evaluation-outcome", pk=opportunity.pk)
            else:
                messages.success(request, f"The contract has been awarded to {winner.supplier.name}. We have "
                                          f"emailed every supplier that applied to tell them the outcome.")
                return redirect("web:evaluation-outcome", pk=opportunity.pk)
    return render(request, "web/evaluation/award_details.html", {
        "opportunity": opportunity, "winner": winner, "form": form,
        "bad_parts": date_error_parts(form, "contractStartDate"),
        "example": example_date()})


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, strip=False)


def _ending(request, pk, kind):
    """Cancelling, or recording that no supplier was suitable: a reason, then a confirmation."""
    opportunity, found = _requirement(request, pk)
    decided = _decided(request, opportunity)
    if decided:
        return decided
    form = ReasonForm(request.POST if request.method == "POST" else None)
    action = request.POST.get("action")
    record = services.cancel if kind == "cancel" else services.mark_unsuccessful
    if form.is_bound and form.is_valid() and action in ("check", "confirm"):
        problems = services.reason_problems(form.cleaned_data["reason"])
        if problems:
            add_service_errors(form, ValidationError(problems))
        elif action == "check":
            return render(request, "web/evaluation/ending_confirm.html", {
                "opportunity": opportunity, "kind": kind, "reason": form.cleaned_data["reason"],
                "received": len(found)})
        else:
            try:
                record(opportunity, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except StateConflict as conflict:
                messages.error(request, str(conflict))
                return redirect("web:evaluation-outcome", pk=opportunity.pk)
            else:
                messages.success(request, ("The requirement has been cancelled." if kind == "cancel" else
                                           "You have recorded that no suitable suppliers applied.")
                                 + (" We have emailed every supplier that applied to tell them." if found else ""))
                return redirect("web:evaluation-outcome", pk=opportunity.pk)
    return render(request, "web/evaluation/ending.html", {
        "opportunity": opportunity, "kind": kind, "form": form, "max_words": REASON_MAX_WORDS})


@buyer_required
def cancel(request, pk):
    return _ending(request, pk, "cancel")


@buyer_required
def unsuccessful(request, pk):
    return _ending(request, pk, "unsuccessful")
