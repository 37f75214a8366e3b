"""Role checks for pages. Not signed in: go and sign in. Signed in as the wrong kind of user: 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


signed_in_required = _role_required(lambda user: True)
buyer_required = _role_required(lambda user: user.is_buyer)
supplier_required = _role_required(lambda user: user.is_supplier)
admin_required = _role_required(lambda user: user.is_platform_admin)


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
