"""Error pages in the service's own style, and the API's JSON error shape for anything under /api/ that the API's
own handlers never see (an unknown address, a body refused before the API reads it, an unexpected failure)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def upload_limit():
    """The most a request body may hold, in words ("2.5 MB")."""
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g} MB"


def too_large_message():
    return f"What was sent is too large: send at most {upload_limit()}."


def _answer(request, status, template, detail, context=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail, "errors": {}}, status=status)
    return render(request, template, context or {}, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, "errors/413.html", too_large_message(), {"limit": upload_limit()})
    return _answer(request, 400, "errors/400.html", "The request could not be understood.")


def page_not_found(request, exception=None):
    return _answer(request, 404, "errors/404.html", "Not found.")


def permission_denied(request, exception=None):
    return _answer(request, 403, "errors/403.html", "You are not allowed to do that.")


def server_error(request):
    return _answer(request, 500, "errors/500.html", "Sorry, there is a problem with the service. Try again later.")


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
