from django import forms
from django.contrib import admin
from django.db import models

from marketplace.audit.admin_mixins import AuditedAdmin, LabelledEditableList, ReadOnlyAdmin

from .models import Framework, Location, Lot, SpecialistRole


@admin.register(Framework)
class FrameworkAdmin(LabelledEditableList, AuditedAdmin):
    list_display = ["name", "short_name", "generation", "status"]
    list_editable = ["status"]
    list_filter = ["status"]
    # A framework has a handful of lots: tick boxes in a fieldset show them all at once, and (unlike the two-box
    # picker, whose help icons carry ARIA a plain span may not) every one is labelled.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

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
