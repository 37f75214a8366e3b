from django.contrib import admin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Lets admins see failed sends; the body may hold one-time links, so it is not shown."""

    list_display = ["created_at", "to", "subject", "purpose", "sent_at", "attempts", "last_error"]
    list_filter = ["purpose", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    exclude = ["body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
