"""The home page, the information pages every GOV.UK service has, and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def home(request):
    return render(request, "web/home.html")


def cookies(request):
    return render(request, "web/cookies.html")


def accessibility(request):
    return render(request, "web/accessibility.html")


def privacy(request):
    return render(request, "web/privacy.html")


def feedback(request):
    return render(request, "web/feedback.html")


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "detail": "The database does not answer."}, status=503)
    return JsonResponse({"status": "ok"})
