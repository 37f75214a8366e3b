from django.contrib import admin

from .models import Framework, Location, Lot, SpecialistRole


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status"]
    list_editable = ["status"]
    filter_horizontal = ["lots"]

    def save_model(self, request, obj, form, change):
        from marketplace.audit.services import record_event

        super().save_model(request, obj, form, change)
        record_event("framework.changed", actor=request.user, obj=obj, detail={"fields": form.changed_data})


admin.site.register(Lot)
admin.site.register(SpecialistRole)
admin.site.register(Location)
