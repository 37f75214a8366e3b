from django.contrib import admin

from marketplace.audit.admin_mixins import ReadOnlyAdmin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    """Admins can see alerts to answer a supplier's question; only their owners change them."""

    list_display = ["name", "user", "frequency", "follows_services", "q", "created_at", "stopped_at"]
    list_filter = ["frequency", "follows_services"]
    search_fields = ["name", "user__email", "q"]
    exclude = ["unsubscribe_token"]
    actions = None
