"""Changing the shared clock; only ever allowed outside production with MARKETPLACE_ALLOW_CLOCK_TRAVEL=1."""

import datetime as dt
import re

from django.conf import settings
from django.db import transaction

from marketplace.audit.services import record_event

from .models import ClockOffset

_DURATION = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>[smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class ClockTravelRefused(Exception):
    pass


def parse_duration(text):
    """'15d', '36h', '90m', '2w' or '30s' to a timedelta; ValueError with a clear message otherwise."""
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(f"'{text}' is not a duration: use a whole number and a unit, for example 15d, 36h or 90m.")
    return dt.timedelta(**{_UNITS[match["unit"]]: int(match["n"])})


def _require_travel_allowed():
    if not settings.CLOCK_TRAVEL_ALLOWED:
        raise ClockTravelRefused("Clock travel is off: set MARKETPLACE_ALLOW_CLOCK_TRAVEL=1 (never in production).")


def advance_clock(duration, by=None):
    _require_travel_allowed()
    with transaction.atomic():
        row, _ = ClockOffset.objects.select_for_update().get_or_create(singleton=True)
        before = dt.timedelta(microseconds=row.offset_microseconds)
        after = before + duration
        row.offset_microseconds = after // dt.timedelta(microseconds=1)
        row.save()
        record_event("clock.advanced", actor=by,
                     detail={"from": str(before), "to": str(after), "by": str(duration)})
    return after


def reset_clock(by=None):
    _require_travel_allowed()
    with transaction.atomic():
        ClockOffset.objects.update_or_create(singleton=True, defaults={"offset_microseconds": 0})
        record_event("clock.reset", actor=by)
