"""The platform back office: Django's admin behind the service's own sign-in, sign-out and second factor.

`PlatformAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS so that `admin.site` is a
`PlatformAdminSite`.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .middleware import SECOND_FACTOR_SESSION_KEY


class PlatformAdminSite(AdminSite):
    site_header = "Digital Marketplace admin"
    site_title = "Digital Marketplace admin"
    index_title = "Run the service"
    site_url = "/"

    def has_permission(self, request):
        user = request.user
        return bool(
            user.is_authenticated and user.is_active and user.is_platform_admin
            and not user.is_suspended and not user.is_locked
            and request.session.get(SECOND_FACTOR_SESSION_KEY) is True
        )

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """There is one sign-in page for everyone; an admin then passes the second factor."""
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get("next") or index
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = index
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        user = request.user
        if user.is_authenticated and not user.is_platform_admin:
            raise PermissionDenied
        if user.is_authenticated:
            request.session["after_second_factor"] = target
            return HttpResponseRedirect(reverse("web:second-factor"))
        return HttpResponseRedirect(f"{reverse('web:sign-in')}?{urlencode({'next': target})}")

    def logout(self, request, extra_context=None):
        # 307 keeps the POST (and its CSRF token), so the service's own sign-out does the work.
        return HttpResponseRedirect(reverse("web:sign-out"), preserve_request=True)

    def password_change(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("web:change-password"))

    def password_change_done(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("admin:index", current_app=self.name))


class PlatformAdminConfig(AdminConfig):
    default_site = "marketplace.accounts.admin_site.PlatformAdminSite"
