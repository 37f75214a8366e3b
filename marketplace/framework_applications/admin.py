"""Framework applications and clarification questions in the back office: applications are read, never edited;
what a platform admin does to them (deciding on discretionary answers, countersigning agreements, answering
questions) goes through framework_applications.services, which checks and audits each step."""

from functools import update_wrapper

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from marketplace.audit.admin_mixins import ReadOnlyAdmin, SavedThroughServiceAdmin, add_service_errors
from marketplace.formatting import london_time

from . import declaration, services
from .models import FrameworkApplication, FrameworkQuestion

NOT_WAITING = "This application is not waiting for a decision."


class AwaitingDecisionFilter(admin.SimpleListFilter):
    title = "awaiting decision"
    parameter_name = "awaiting_decision"

    def lookups(self, request, model_admin):
        return [("yes", "Waiting for a decision on discretionary answers")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(evaluated_at__isnull=False, result="")
        return queryset


class DecisionForm(forms.Form):
    passed = forms.TypedChoiceField(choices=[("pass", "Pass"), ("fail", "Fail")], coerce=lambda value: value == "pass",
                                    widget=forms.RadioSelect, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False, strip=False,
                           help_text="Why. A supplier that fails is told this reason.")


def _findings(findings):
    if not findings:
        return "None"
    return format_html("<ul>{}</ul>", format_html_join(
        "", "<li>{}: {}{}</li>", ((declaration.QUESTIONS_BY_KEY[item["key"]].label if item["key"] in
                                   declaration.QUESTIONS_BY_KEY else item["key"], item["reason"],
                                   f" (decided by {item['by']}: {item['note']})" if item.get("note") else "")
                                  for item in findings)))


@admin.register(FrameworkApplication)
class FrameworkApplicationAdmin(ReadOnlyAdmin):
    list_display = ["supplier", "framework", "status", "submitted_at"]
    list_filter = ["framework", AwaitingDecisionFilter]
    list_select_related = ["supplier", "framework"]
    search_fields = ["supplier__name", "=supplier__id"]
    fields = ["supplier", "framework", "status", "created_at", "updated_at", "submitted_at", "answers",
              "evaluated_at", "failure_findings", "decision_findings", "decision", "result_sent_at", "signer_name",
              "signer_role", "signed_at", "signed_agreement_text", "countersigned_at", "countersigned_by"]
    readonly_fields = ["status", "answers", "failure_findings", "decision_findings", "decision"]
    actions = ["countersign_agreements", "decide_selected"]

    @admin.display(description="Status")
    def status(self, application):
        return services.back_office_status(application)

    @admin.display(description="Declaration")
    def answers(self, application):
        answers = application.declaration
        rows = [(question.label, declaration.display_answer(question, answers.get(question.key)))
                for question in declaration.asked_questions(answers)]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description="What failed it")
    def failure_findings(self, application):
        return _findings(application.failures)

    @admin.display(description="Discretionary answers")
    def decision_findings(self, application):
        return _findings(application.decisions)

    @admin.display(description="Decision")
    def decision(self, application):
        if not application.awaiting_decision:
            return NOT_WAITING
        return format_html('<a href="{}">Pass or fail its discretionary answers</a>', self._decision_url(application))

    def _decision_url(self, application):
        return reverse("admin:framework_applications_frameworkapplication_decide", args=[application.pk])

    @admin.action(description="Countersign the selected agreements")
    def countersign_agreements(self, request, queryset):
        try:
            count = services.countersign(list(queryset), by=request.user, ip_address=request.META.get("REMOTE_ADDR"))
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
        else:
            self.message_user(request, f"{count} agreement{'s' if count != 1 else ''} countersigned: each supplier is "
                                       "now on its framework.", messages.SUCCESS)

    @admin.action(description="Decide on the selected application's discretionary answers")
    def decide_selected(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, "Select one application: each decision needs its own reason.",
                              messages.WARNING)
            return None
        return HttpResponseRedirect(self._decision_url(chosen[0]))

    def get_urls(self):
        view = update_wrapper(self.admin_site.admin_view(self.decision_view), self.decision_view)
        view.model_admin = self  # as Django's own admin views carry it
        return [path("<path:object_id>/decide/", view, name="framework_applications_frameworkapplication_decide"),
                *super().get_urls()]

    def decision_view(self, request, object_id):
        if not request.user.is_platform_admin:
            raise PermissionDenied
        application = get_object_or_404(FrameworkApplication.objects.select_related("supplier", "framework"),
                                         pk=object_id if str(object_id).isdigit() else None)
        change_url = reverse("admin:framework_applications_frameworkapplication_change", args=[application.pk])
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and application.awaiting_decision:
            passed = form.cleaned_data["passed"] if form.cleaned_data["passed"] != "" else None
            try:
                services.decide(application, passed, form.cleaned_data["note"], by=request.user,
                                ip_address=request.META.get("REMOTE_ADDR"))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, f"{application}: {'passed' if passed else 'failed'}.", messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return TemplateResponse(request, "admin/framework_applications/frameworkapplication/decide.html", {
            **self.admin_site.each_context(request),
            "title": f"Decide on {application}",
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "refusal": "" if application.awaiting_decision else NOT_WAITING,
            "findings": self.decision_findings(application),
            "answers": self.answers(application),
            "form": form,
            "change_url": change_url,
        })


class AnsweredFilter(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("no", "Not answered yet"), ("yes", "Answered")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(answered_at__isnull=self.value() == "no")
        return queryset


@admin.register(FrameworkQuestion)
class FrameworkQuestionAdmin(SavedThroughServiceAdmin):
    """Questions are asked by suppliers; the admin writes the answer, published on the framework's page."""

    list_display = ["question", "framework", "asked", "answered_at"]
    list_filter = ["framework", AnsweredFilter]
    list_select_related = ["framework"]
    search_fields = ["question", "answer"]
    fields = ["framework", "supplier", "question", "asked", "answer", "answered_at", "answered_by"]
    readonly_fields = ["framework", "supplier", "question", "asked", "answered_at", "answered_by"]

    @admin.display(description="Asked", ordering="asked_at")
    def asked(self, question):
        return london_time(question.asked_at)

    def has_add_permission(self, request, obj=None):
        return False  # suppliers ask

    def has_delete_permission(self, request, obj=None):
        return False  # an answer published on the framework's page stays in its record

    def save_through_service(self, request, form, change):
        return services.answer_question(form.instance, form.cleaned_data["answer"], by=request.user,
                                        ip_address=request.META.get("REMOTE_ADDR"))
