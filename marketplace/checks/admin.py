"""The checks' terms in the back office: a platform admin adds a vendor, a product or a piece of jargon that the
built-in lists (terms.py) miss."""

from django.contrib import admin

from marketplace.audit.admin_mixins import SavedThroughServiceAdmin

from . import services
from .models import CheckTerm


@admin.register(CheckTerm)
class CheckTermAdmin(SavedThroughServiceAdmin):
    list_display = ["term", "kind", "added_by", "added_at"]
    list_filter = ["kind"]
    search_fields = ["term"]
    fields = ["kind", "term"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # remove and add again instead

    def save_through_service(self, request, form, change):
        return services.add_check_term(form.cleaned_data["kind"], form.cleaned_data["term"], by=request.user)

    def save_model(self, request, obj, form, change):
        added = self.save_through_service(request, form, change)
        obj.pk, obj.term, obj.added_by, obj.added_at = added.pk, added.term, added.added_by, added.added_at

    def delete_model(self, request, obj):
        services.remove_check_term(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for check_term in queryset:
            services.remove_check_term(check_term, by=request.user)
