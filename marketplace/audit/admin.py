from django.contrib import admin

from .admin_mixins import ReadOnlyAdmin
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: admins read the trail, nobody edits it."""

    list_display = ["at", "action", "actor_label", "object_type", "object_label", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "action", "object_id"]
    date_hierarchy = "at"
    actions = None
