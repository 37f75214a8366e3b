"""Per-request account rules that Django's own middleware does not know about."""

from django.shortcuts import redirect

SECOND_FACTOR_SESSION_KEY = "second_factor_verified"


class AccountStateMiddleware:
    """Keeps a platform admin who has not passed the second factor out of the back office."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path.startswith("/admin/") and user.is_authenticated and user.is_platform_admin \
                and not request.session.get(SECOND_FACTOR_SESSION_KEY):
            return redirect("web:second-factor")
        return self.get_response(request)
