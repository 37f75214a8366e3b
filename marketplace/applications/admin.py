from django.contrib import admin

from marketplace.audit.admin_mixins import ReadOnlyAdmin

from .models import Application
from .selectors import application_status


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """For support: what a supplier sent and when. Scores are the buyer's own and are not shown here; outcomes are
    corrected with `correct_outcome`, never by editing the record."""

    list_display = ["opportunity", "supplier", "status", "created_at", "submitted_at", "awarded_at"]
    list_select_related = ["opportunity", "supplier"]
    search_fields = ["supplier__name", "opportunity__title", "respond_to_email"]
    date_hierarchy = "created_at"
    fields = ["opportunity", "supplier", "created_by", "created_at", "updated_at", "submitted_at", "availability",
              "day_rate", "essential_requirements_met", "essential_evidence", "nice_to_have", "respond_to_email",
              "awarded_at", "contract_value", "contract_start_date"]
    actions = None

    @admin.display(description="Status")
    def status(self, application):
        return application_status(application)
