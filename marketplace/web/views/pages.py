"""The home page, the information pages every GOV.UK service has, and the health check."""

import datetime as dt

from django.db import connection
from django.db.models import Count, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from marketplace import clock
from marketplace.formatting import money
from marketplace.applications.models import Application
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import status_conditions

# The home page's "recent awards" look back this far.
RECENT_AWARDS_DAYS = 30


def home_figures(now=None):
    """The live figures the home page shows: opportunities open for applications now, and the contracts awarded in
    the last RECENT_AWARDS_DAYS days with their total value as written (None when no value was recorded)."""
    now = now or clock.now()
    awards = Application.objects.filter(awarded_at__gt=now - dt.timedelta(days=RECENT_AWARDS_DAYS),
                                        awarded_at__lte=now).aggregate(n=Count("pk"), value=Sum("contract_value"))
    return {"open": Opportunity.objects.filter(status_conditions(now)[Status.LIVE]).count(),
            "awards": awards["n"], "awarded_value": money(awards["value"]) if awards["value"] else None,
            "award_days": RECENT_AWARDS_DAYS}


def home(request):
    return render(request, "web/home.html", {"figures": home_figures()})


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
