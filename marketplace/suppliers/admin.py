from django.contrib import admin

from marketplace.audit.admin_mixins import AuditedAdmin, SavedThroughServiceAdmin, event_name
from marketplace.audit.services import record_event

from marketplace.frameworks.models import Framework

from . import services
from .models import FrameworkMembership, LotService, Supplier


class FrameworkMembershipInline(admin.TabularInline):
    """Memberships are added (through `add_to_framework`) and removed, never edited."""

    model = FrameworkMembership
    fields = ["framework", "joined_at"]
    readonly_fields = ["joined_at"]
    extra = 0
    verbose_name = "framework membership"
    verbose_name_plural = "Framework memberships (the supplier may apply on these frameworks)"

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "framework":
            kwargs["queryset"] = Framework.objects.exclude(status=Framework.Status.EXPIRED)  # add_to_framework's rule
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LotServiceInline(admin.TabularInline):
    """What the supplier offers is the supplier's to say, through its own pages and the API."""

    model = LotService
    fields = ["framework", "lot", "offer", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Services (kept by the supplier)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="What it offers")
    def offer(self, service):
        described = services.describe_lot_service(service.supplier, service.lot.slug, service.framework)
        return services.summary_text(service.lot.slug, described)


@admin.register(Supplier)
class SupplierAdmin(SavedThroughServiceAdmin, AuditedAdmin):
    """A platform admin is the only one who may change a confirmed supplier's legal identity."""

    list_display = ["name", "registered_name", "registration_number", "organisation_size", "identity_locked_flag",
                    "created_at"]
    list_filter = ["organisation_size", "trading_status", "frameworks"]
    search_fields = ["name", "registered_name", "registration_number", "contact_email", "users__email"]
    readonly_fields = ["identity_confirmed_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "description", "address"]}),
        ("Legal identity (locked once the supplier confirms it)",
         {"fields": [*Supplier.LOCKED_FIELDS, "identity_confirmed_at"]}),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (None, {"fields": ["created_at"]}),
    ]
    inlines = [FrameworkMembershipInline, LotServiceInline]

    def has_add_permission(self, request):
        return False  # suppliers register themselves (or `marketplace createuser` makes one)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description="Identity locked", ordering="identity_confirmed_at")
    def identity_locked_flag(self, supplier):
        return supplier.identity_locked

    def save_through_service(self, request, form, change):
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        if data:
            services.admin_update_identity(form.instance, data, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not FrameworkMembership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            record_event(f"{event_name(membership)}.deleted", actor=request.user, obj=membership,
                         detail={"parent": str(form.instance), "via": "admin"})
            membership.delete()
        for membership in formset.new_objects:
            services.add_to_framework(form.instance, membership.framework, by=request.user)
        return None
