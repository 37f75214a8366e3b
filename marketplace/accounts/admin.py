from django.contrib import admin, messages
from django.contrib.auth.models import Group

from marketplace.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin

from . import services
from .models import ApiToken, User

# Access follows the user's role, not Django's groups.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class StateFilter(admin.SimpleListFilter):
    field = None

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class LockedFilter(StateFilter):
    title = "locked"
    parameter_name = "locked"
    field = "locked_at"


class SuspendedFilter(StateFilter):
    title = "suspended"
    parameter_name = "suspended"
    field = "suspended_at"


def _support_action(service, done):
    def action(modeladmin, request, queryset):
        users = list(queryset)
        for user in users:
            service(user, by=request.user)
        count = len(users)
        modeladmin.message_user(request, f"{count} {'account' if count == 1 else 'accounts'} {done}",
                                messages.SUCCESS)

    return action


@admin.register(User)
class UserAdmin(AuditedAdmin):
    """Support for people: look them up, suspend, reactivate and unlock. Passwords are never edited here;
    a locked user resets their own, or an admin unlocks the account."""

    list_display = ["email", "name", "role", "organisation", "supplier", "is_organisation_admin", "locked",
                    "suspended", "last_login"]
    list_filter = ["role", LockedFilter, SuspendedFilter, "is_organisation_admin"]
    search_fields = ["email", "name", "organisation__name", "supplier__name"]
    list_select_related = ["organisation", "supplier"]
    fields = ["email", "name", "role", "organisation", "supplier", "is_organisation_admin", "email_verified_at",
              "failed_sign_ins", "locked_at", "suspended_at", "totp_confirmed_at", "last_login", "date_joined"]
    readonly_fields = ["email", "role", "organisation", "supplier", "email_verified_at", "failed_sign_ins",
                       "locked_at", "suspended_at", "totp_confirmed_at", "last_login", "date_joined"]
    actions = ["suspend", "reactivate", "unlock"]

    def has_add_permission(self, request):
        return False  # people sign up, are invited, or are made with `marketplace createuser`

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail refers to them; suspend instead

    @admin.display(boolean=True, ordering="locked_at")
    def locked(self, user):
        return user.is_locked

    @admin.display(boolean=True, ordering="suspended_at")
    def suspended(self, user):
        return user.is_suspended

    suspend = admin.action(description="Suspend the selected accounts")(
        _support_action(services.suspend_account, "suspended: they cannot sign in or use the API."))
    reactivate = admin.action(description="Reactivate the selected accounts")(
        _support_action(services.reactivate_account, "reactivated."))
    unlock = admin.action(description="Unlock the selected accounts")(
        _support_action(services.unlock_account, "unlocked: they can sign in again."))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
