"""A supplier's application to a framework: the task list, the declaration's sections, the services on each lot, the
agreement; and every framework's public page, with its clarification questions.

No page takes an application or supplier id: each shows the signed-in user's own supplier's application to the
framework in the address, so another supplier's application cannot be reached. Every change goes through
`marketplace.framework_applications.services`, which checks the framework's status and who is acting.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from marketplace.formatting import london_time
from marketplace.framework_applications import declaration
from marketplace.framework_applications import services as applications
from marketplace.frameworks.models import Framework
from marketplace.frameworks.services import DATES
from marketplace.suppliers import services as suppliers

from ..access import client_ip, supplier_required
from ..declaration_form import DeclarationSectionForm, answer_text
from ..forms import add_service_errors
from .supplier import STATUS_TEXT, ServicePlace, lot_service_page, studio_page, studio_remove_page

DONE = {"text": "Completed"}
NOT_STARTED = {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}}
IN_PROGRESS = {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}


def _framework(slug):
    return get_object_or_404(Framework, slug=slug)


def _task_url(framework, section):
    """Where the supplier does what `missing` names as `section`."""
    if section == "company-details":
        return reverse("web:supplier-company")
    if section in declaration.SECTION_NAMES:
        return reverse("web:framework-declaration", kwargs={"slug": framework.slug, "section": section})
    if section == "lots":
        return "#lots"
    return None


# The task list -----------------------------------------------------------------------------------------------

def _status(done, started):
    return DONE if done else IN_PROGRESS if started else NOT_STARTED


def _tasks(framework, supplier, application):
    answers = application.declaration if application else {}

    def item(title, href, status, hint=None):
        # After closing the same pages show what was sent, read-only.
        task = {"title": {"text": title}, "href": href, "status": status}
        if hint:
            task["hint"] = {"text": hint}
        return task

    company = [item("Confirm your company details", reverse("web:supplier-company"),
                    DONE if supplier.identity_locked else NOT_STARTED,
                    hint="Buyers see them with every application you make")]
    sections = []
    for section in declaration.SECTIONS:
        asked = declaration.asked_questions(answers, section.slug)
        started = any(answers.get(question.key) is not None for question in asked)
        sections.append(item(section.name, _task_url(framework, section.slug),
                             _status(declaration.section_complete(answers, section.slug), started)))
    applied = set(applications.applied_lots(supplier, framework))
    lots = [item(lot.name, reverse("web:framework-lot", kwargs={"slug": framework.slug, "lot": lot.slug}),
                 DONE if lot.slug in applied else NOT_STARTED)
            for lot in framework.lots.order_by("ordering")]
    return company, sections, lots


def _result(application, status):
    if status in ("passed", "agreement-signed", "on-framework"):
        return {"passed": True}
    if status == "failed":
        return {"passed": False, "reasons": [failure["reason"] for failure in application.failures]}
    return None


def _task_list(request, framework, problems=None):
    supplier = request.user.supplier
    application = applications.application_of(supplier, framework)
    status = applications.application_status(application, framework)
    accepting = applications.accepting_applications(framework)
    company, sections, lots = _tasks(framework, supplier, application)
    previous = applications.previous_framework(supplier, framework) if accepting else None
    return render(request, "web/framework_application/task_list.html", {
        "framework": framework, "application": application, "status": status, "status_text": STATUS_TEXT[status],
        "accepting": accepting, "closes_at": london_time(framework.applications_close_at, weekday=True),
        "company_tasks": company, "section_tasks": sections, "lot_tasks": lots, "previous": previous,
        "problems": problems or [], "result": _result(application, status),
        "coming": framework.status == Framework.Status.COMING,
        "results_published": applications.results_published(framework),
    })


@supplier_required
def task_list(request, slug):
    return _task_list(request, _framework(slug))


@supplier_required
def submit(request, slug):
    framework = _framework(slug)
    if request.method != "POST":
        return redirect("web:framework-application", slug=slug)
    try:
        applications.submit_application(request.user.supplier, framework, request.user, client_ip(request))
    except ValidationError as error:
        problems = [{"text": text, "href": _task_url(framework, section)}
                    for section, texts in error.message_dict.items() for text in texts]
        return _task_list(request, framework, problems)
    messages.success(request, f"Your application to {framework.name} has been submitted. You can change it until "
                              f"{london_time(framework.applications_close_at, weekday=True)}.")
    return redirect("web:framework-application", slug=slug)


def _names(slugs):
    return ", ".join(suppliers.LOT_NAMES[slug].lower() for slug in slugs)


@supplier_required
def copy_services(request, slug):
    framework = _framework(slug)
    if request.method != "POST":
        return redirect("web:framework-application", slug=slug)
    supplier = request.user.supplier
    source = applications.previous_framework(supplier, framework)
    try:
        copied, skipped = applications.copy_services(supplier, framework, request.user, client_ip(request))
    except ValidationError as error:
        return _task_list(request, framework, [{"text": text} for text in error.messages])
    said = [f"Copied your services from {source.name}: {_names(copied)}." if copied
            else f"There was nothing to copy from {source.name}."]
    if skipped:
        said.append(f"Not copied, because you have already described them here: {_names(skipped)}.")
    messages.success(request, " ".join(said))
    return redirect("web:framework-application", slug=slug)


# The declaration ---------------------------------------------------------------------------------------------

@supplier_required
def declaration_section(request, slug, section):
    framework = _framework(slug)
    if section not in declaration.SECTION_NAMES:
        raise Http404
    supplier = request.user.supplier
    application = applications.application_of(supplier, framework)
    saved = application.declaration if application else {}
    accepting = applications.accepting_applications(framework)
    context = {"framework": framework, "section": next(s for s in declaration.SECTIONS if s.slug == section),
               "accepting": accepting}
    if not accepting:
        if request.method == "POST":
            messages.error(request, f"Applications to {framework.name} have closed: your answers cannot change.")
        context["rows"] = [{"key": {"text": question.label},
                            "value": {"text": answer_text(question, saved.get(question.key))}}
                           for question in declaration.asked_questions(saved, section)]
        return render(request, "web/framework_application/declaration.html", context)
    form = DeclarationSectionForm(section, saved, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            applications.save_declaration(supplier, framework, form.answers(), request.user, client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your answers on {section_name(section).lower()} have been saved.")
            return redirect("web:framework-application", slug=slug)
    return render(request, "web/framework_application/declaration.html", {**context, "form": form,
                                                                           "controls": form.controls()})


def section_name(slug):
    return declaration.SECTION_NAMES[slug]


# Lots: the same service pages as the live framework's, on the framework applied to -------------------------------

class ApplicationPlace(ServicePlace):
    """The services a supplier describes on a framework it is applying to."""

    def __init__(self, request, framework):
        super().__init__(request)
        self.framework = framework
        self.caption = f"Your application to {framework.name}"
        self.back_text = "Back to your application"

    def list_url(self):
        return reverse("web:framework-application", kwargs={"slug": self.framework.slug})

    def lot_url(self, lot):
        return reverse("web:framework-lot", kwargs={"slug": self.framework.slug, "lot": lot})

    def studio_url(self, studio_id=None):
        if studio_id is None:
            return reverse("web:framework-studio-add", kwargs={"slug": self.framework.slug})
        return reverse("web:framework-studio-edit", kwargs={"slug": self.framework.slug, "studio_id": studio_id})

    def studio_remove_url(self, studio_id):
        return reverse("web:framework-studio-remove", kwargs={"slug": self.framework.slug, "studio_id": studio_id})

    def save(self, lot, payload):
        return applications.save_service(self.supplier, self.framework, lot, payload, **self._by())

    def remove(self, lot):
        return applications.remove_service(self.supplier, self.framework, lot, **self._by())

    def save_studio(self, data, studio):
        return applications.save_studio(self.supplier, self.framework, data, studio=studio, **self._by())

    def remove_studio(self, studio):
        return applications.remove_studio(self.supplier, self.framework, studio, **self._by())


def _lot_place(request, slug, lot):
    framework = _framework(slug)
    if not framework.lots.filter(slug=lot).exists():
        raise Http404
    return ApplicationPlace(request, framework)


def _closed_lot(place, lot):
    service = suppliers.describe_lot_service(place.supplier, lot, place.framework)
    return render(place.request, "web/framework_application/lot_closed.html", {
        "place": place, "framework": place.framework, "lot_name": suppliers.LOT_NAMES[lot],
        "lines": suppliers.summarise_lot_service(lot, service), "offered": service is not None,
    })


@supplier_required
def lot(request, slug, lot):
    place = _lot_place(request, slug, lot)
    if not applications.accepting_applications(place.framework):
        return _closed_lot(place, lot)
    return lot_service_page(place, lot)


@supplier_required
def studio_edit(request, slug, studio_id=None):
    place = _lot_place(request, slug, suppliers.STUDIOS)
    if not applications.accepting_applications(place.framework):
        return _closed_lot(place, suppliers.STUDIOS)
    return studio_page(place, studio_id)


@supplier_required
def studio_remove(request, slug, studio_id):
    place = _lot_place(request, slug, suppliers.STUDIOS)
    if not applications.accepting_applications(place.framework):
        return _closed_lot(place, suppliers.STUDIOS)
    return studio_remove_page(place, studio_id)


# The agreement -----------------------------------------------------------------------------------------------

class AgreementForm(forms.Form):
    signerName = forms.CharField(required=False, strip=False)
    signerRole = forms.CharField(required=False, strip=False)
    accept = forms.CharField(required=False)


@supplier_required
def agreement(request, slug):
    framework = _framework(slug)
    supplier = request.user.supplier
    application = applications.application_of(supplier, framework)
    status = applications.application_status(application, framework)
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applications.sign_agreement(supplier, framework, data["signerName"], data["signerRole"],
                                        data["accept"] == "yes", request.user, client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"You have signed the framework agreement for {framework.name}.")
            return redirect("web:framework-agreement", slug=slug)
    return render(request, "web/framework_application/agreement.html", {
        "framework": framework, "application": application, "status": status, "form": form,
        "signable": status == "passed" and framework.status in (Framework.Status.STANDSTILL, Framework.Status.LIVE),
        "paragraphs": _paragraphs(application.signed_agreement_text if application and application.signed_at
                                  else framework.agreement_text),
    })


def _paragraphs(text):
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


@supplier_required
def agreement_download(request, slug):
    framework = _framework(slug)
    application = applications.application_of(request.user.supplier, framework)
    if application is None or application.signed_at is None:
        raise Http404
    document = render_to_string("web/framework_application/signed_agreement.html", {
        "framework": framework, "application": application, "supplier": request.user.supplier,
        "paragraphs": _paragraphs(application.signed_agreement_text),
    })
    response = HttpResponse(document, content_type="text/html; charset=utf-8")
    name = slugify(f"{framework.short_name} framework agreement {request.user.supplier.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return response


# The public framework page ------------------------------------------------------------------------------------

class QuestionForm(forms.Form):
    question = forms.CharField(required=False, strip=False)


def framework_page(request, slug):
    framework = _framework(slug)
    user = request.user
    can_ask = applications.clarifications_open(framework) and user.is_authenticated and user.is_supplier
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_supplier:
            raise PermissionDenied
        if form.is_valid():
            try:
                applications.ask_question(user.supplier, framework, form.cleaned_data["question"], user,
                                          client_ip(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your question has been sent. We publish every question we answer on "
                                          "this page, without saying who asked it.")
                return redirect("web:framework", slug=slug)
    timetable = [{"key": {"text": name}, "value": {"text": london_time(getattr(framework, field), weekday=True)}}
                 for field, name in DATES if getattr(framework, field)]
    return render(request, "web/framework_application/framework.html", {
        "framework": framework, "timetable": timetable, "lots": framework.lots.order_by("ordering"),
        "questions": applications.published_questions(framework), "can_ask": can_ask,
        "clarifications_open": applications.clarifications_open(framework),
        "form": form if request.method == "POST" else None, "question_form": form,
        "max_length": applications.QUESTION_MAX_LENGTH,
    })
