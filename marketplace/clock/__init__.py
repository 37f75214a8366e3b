"""The platform clock: every rule that depends on time asks `now()`, never `datetime.now()`."""

import datetime as _dt

from django.conf import settings
from django.utils import timezone

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def offset():
    """The current shift of the platform clock (zero unless clock travel is allowed)."""
    if not settings.CLOCK_TRAVEL_ALLOWED:
        return _dt.timedelta(0)
    from .models import ClockOffset

    row = ClockOffset.objects.filter(singleton=True).values_list("offset_microseconds", flat=True).first()
    return _dt.timedelta(microseconds=row or 0)


def now():
    """The platform's current time, timezone-aware (UTC)."""
    return timezone.now() + offset()


def real_now():
    """The world's time, never shifted: only for protocols shared with devices outside the platform, such as the
    codes an authenticator app shows."""
    return timezone.now()


def today_in_london():
    return now().astimezone(LONDON).date()
