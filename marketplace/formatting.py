"""Numbers, sums of money, dates and times as people read them, written the way the GOV.UK style guide says.

Every page, email, insight and API message written for a person formats through these functions, so a change of
style is one change here. Machine-readable outputs (CSV downloads, JSON values, OCDS, ISO dates in attributes)
never come here: outside tools parse them and they keep their plain forms.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from marketplace.clock import LONDON

PENNY = Decimal("0.01")


def count(number):
    """A whole number with thousands separators: '1,529'."""
    return f"{number:,}"


def money(amount):
    """An amount in pounds: '£36,000,000', '£1,250.50', '£650'.

    The style guide's rule: no decimals unless there are pence ('£75.50', not '£75.00'). We write the exact figure
    rather than '£36 million', because buyers and suppliers check contract values and day rates against their own
    documents, and a rounded figure would hide a difference of pounds. Amounts are rounded to the penny (half up)
    as they are stored; when pence are shown there are always two digits.
    """
    pence = Decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    if pence == pence.to_integral_value():
        return f"{sign}£{int(pence):,}"
    return f"{sign}£{pence:,.2f}"


def percent(share):
    """A share already rounded to the precision it is shown at: '12.5%'."""
    return f"{share}%"


def _in_london(value):
    """A datetime as London's clock shows it (BST or GMT); a date stays the day it is."""
    return value.astimezone(LONDON) if isinstance(value, dt.datetime) else value


def london_date(value, weekday=False):
    """'5 December 2026', or 'Saturday 5 December 2026' with `weekday`; the London day of a datetime. Nothing
    gives '' so a template can show an optional date as is."""
    if not value:
        return ""
    day = _in_london(value)
    written = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {written}" if weekday else written


def _clock(value):
    """'9:30am', '9am', 'midday' or 'midnight', as the style guide's Times entry writes them (not '12pm',
    '12 noon' or '00:00')."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def london_time(value, weekday=False):
    """'9:30am on 5 December 2026' in London time; with `weekday`, '11:59pm on Tuesday 5 May 2026', as deadlines
    are written (ending a day at 11:59pm, never 'midnight', which readers take for either end of the day)."""
    if not value:
        return ""
    local = _in_london(value)
    return f"{_clock(local)} on {london_date(local, weekday=weekday)}"
