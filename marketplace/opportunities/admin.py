"""Opportunities in the back office: looked up for support, never edited. The one change allowed is the support-only
correction of a recorded outcome, through `applications.services.correct_outcome`, which checks and audits it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from marketplace.applications import services as applications
from marketplace.applications.services import REASON_MAX_WORDS
from marketplace.audit.admin_mixins import ReadOnlyAdmin, add_service_errors

from .models import Opportunity, Status
from .selectors import status_of, with_status
from .services import StateConflict

CORRECTABLE = (Status.AWARDED, Status.UNSUCCESSFUL)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


class CorrectionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False, strip=False,
                             help_text=f"Why the outcome is being corrected, up to {REASON_MAX_WORDS} words. "
                                       "It is kept in the audit trail.")


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ["title_or_untitled", "organisation", "lot", "status", "published_at", "closing_at"]
    list_filter = [StatusFilter, "lot", "organisation__sector"]
    list_select_related = ["organisation", "lot", "framework"]
    search_fields = ["title", "organisation__name", "=id"]
    date_hierarchy = "published_at"
    fields = ["title", "status", "lot", "framework", "specialist_role", "location", "organisation", "created_by",
              "created_at", "updated_at", "published_at", "closing_at", "withdrawn_at", "cancelled_at",
              "cancellation_reason", "unsuccessful_at", "unsuccessful_reason", "awarded_at", "correction"]
    readonly_fields = ["status", "correction"]
    actions = ["correct_outcome"]

    def get_queryset(self, request):
        return with_status(super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return request.user.is_platform_admin

    @admin.display(description="Title", ordering="title")
    def title_or_untitled(self, opportunity):
        return str(opportunity)

    @admin.display(description="Status", ordering="status")
    def status(self, opportunity):
        return Status(status_of(opportunity)).label

    @admin.display(description="Correct the outcome")
    def correction(self, opportunity):
        if status_of(opportunity) not in CORRECTABLE:
            return "Only an awarded opportunity, or one with no suitable suppliers, can be corrected."
        return format_html('<a href="{}">Correct the outcome</a>', self._correction_url(opportunity))

    def _correction_url(self, opportunity):
        return reverse("admin:opportunities_opportunity_correct_outcome", args=[opportunity.pk])

    @admin.action(description="Correct the outcome of the selected opportunity")
    def correct_outcome(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, "Select one opportunity: each correction needs its own reason.",
                              messages.WARNING)
            return None
        return HttpResponseRedirect(self._correction_url(chosen[0]))

    def get_urls(self):
        return [path("<int:pk>/correct-outcome/", self.admin_site.admin_view(self.correction_view),
                     name="opportunities_opportunity_correct_outcome"),
                *super().get_urls()]

    def correction_view(self, request, pk):
        if not request.user.is_platform_admin:
            raise PermissionDenied
        opportunity = get_object_or_404(Opportunity.objects.select_related("organisation", "lot"), pk=pk)
        change_url = reverse("admin:opportunities_opportunity_change", args=[opportunity.pk])
        form = CorrectionForm(request.POST or None)
        refusal = ""
        if request.method == "POST" and form.is_valid():
            try:
                applications.correct_outcome(opportunity, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except StateConflict as conflict:
                refusal = str(conflict)
            else:
                self.message_user(request, f"The outcome of “{opportunity}” was corrected: it is closed again, so "
                                           "its buyers can record the right outcome.", messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        status = status_of(opportunity)
        if status not in CORRECTABLE and not refusal:
            refusal = "Only an awarded opportunity, or one with no suitable suppliers, can be corrected."
        return TemplateResponse(request, "admin/opportunities/opportunity/correct_outcome.html", {
            **self.admin_site.each_context(request),
            "title": f"Correct the outcome of “{opportunity}”",
            "opts": self.model._meta,
            "original": opportunity,
            "opportunity": opportunity,
            "status": Status(status).label,
            "form": form,
            "refusal": refusal,
            "change_url": change_url,
        })
