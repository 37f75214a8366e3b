import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models

from marketplace.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin
from marketplace.framework_applications import services as applications

from . import services
from .models import Framework, Location, Lot, SpecialistRole


class FrameworkForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        edited = copy.copy(self.instance)
        for field in [*services.DATE_NAMES, "agreement_text", "name"]:
            if field in cleaned_data:
                setattr(edited, field, cleaned_data[field])
        for field, problems in services.detail_problems(edited).items():
            if field not in self.errors:
                self.add_error(field, problems)
        return cleaned_data


def _move_action(status):
    def move(model_admin, request, queryset):
        for framework in queryset.order_by("generation"):
            try:
                services.move_framework(framework, status, by=request.user, ip_address=request.META.get("REMOTE_ADDR"))
            except ValidationError as refused:
                model_admin.message_user(request, " ".join(refused.messages), messages.ERROR)
            else:
                summary = applications.move_summary(framework)
                model_admin.message_user(request, f"{framework.name} is now {framework.get_status_display().lower()}"
                                                  f"{': ' + summary if summary else ''}", messages.SUCCESS)

    move.__name__ = f"move_to_{status}"
    return admin.action(description=f"Move selected frameworks to {Framework.Status(status).label.lower()}")(move)


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    """Created and edited here; its status moves only through the actions, which apply each status's rules."""

    form = FrameworkForm
    list_display = ["name", "short_name", "generation", "status", "applications_close_at", "live_at", "expires_at"]
    list_filter = ["status"]
    # A framework has a handful of lots: tick boxes show them all at once, and (unlike the two-box picker, whose
    # help icons carry ARIA a plain span may not) every one is labelled.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "generation", "status", "lots"]}),
        ("Timetable (in this order; a framework needs all of them to open)", {"fields": list(services.DATE_NAMES)}),
        ("Framework agreement (a framework needs it to go live)", {"fields": ["agreement_text"]}),
    ]
    actions = [_move_action(status) for status in services.LIFECYCLE[1:]]

    def has_delete_permission(self, request, obj=None):
        return False  # opportunities and memberships refer to frameworks for ever


class ReferenceDataAdmin(ReadOnlyAdmin):
    """Declared in frameworks/reference.py and rewritten on every start, so not edited here."""


@admin.register(Lot)
class LotAdmin(ReferenceDataAdmin):
    list_display = ["name", "slug", "takes_requirements", "one_service_limit"]


@admin.register(SpecialistRole)
class SpecialistRoleAdmin(ReferenceDataAdmin):
    list_display = ["label", "slug"]
    search_fields = ["label", "slug"]


@admin.register(Location)
class LocationAdmin(ReferenceDataAdmin):
    list_display = ["name", "for_outcomes_and_specialists", "for_research_participants"]
