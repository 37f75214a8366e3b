from django.contrib import admin

from marketplace.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin

from .models import Framework, Location, Lot, SpecialistRole


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "generation", "status"]
    list_editable = ["status"]
    list_filter = ["status"]
    filter_horizontal = ["lots"]

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
