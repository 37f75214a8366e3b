from django.contrib import admin

from marketplace.audit.admin_mixins import ReadOnlyAdmin

from .models import OutboundEmail
from .services import MAX_ATTEMPTS


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("sent", "Sent"), ("failing", "Failed, will be retried"), ("given-up", "Failed, no more retries"),
                ("waiting", "Not tried yet")]

    def queryset(self, request, queryset):
        unsent = queryset.filter(sent_at__isnull=True)
        return {
            "sent": queryset.filter(sent_at__isnull=False),
            "failing": unsent.filter(attempts__gt=0, attempts__lt=MAX_ATTEMPTS),
            "given-up": unsent.filter(attempts__gte=MAX_ATTEMPTS),
            "waiting": unsent.filter(attempts=0),
        }.get(self.value(), queryset)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """Lets admins see failed sends; the body and headers may hold one-time or unsubscribe links, so they are not
    shown."""

    list_display = ["created_at", "to", "subject", "purpose", "sent_at", "attempts", "last_error"]
    list_filter = [DeliveryFilter, "purpose"]
    search_fields = ["to", "subject"]
    exclude = ["body", "headers"]
    actions = None
