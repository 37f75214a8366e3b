"""The dates of a published requirement, worked out in London time with UK bank holidays.

The original marketplace counted in UTC and ignored bank holidays, so in summer its deadlines fell an hour early
and "working days" included Easter Monday. Here every deadline is 23:59:59 on a London calendar day, and working
days skip weekends and the bank holidays of the nation the buying organisation sits in.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from marketplace.clock import LONDON

WEEK, TWO_WEEKS = "1 week", "2 weeks"
OPEN_FOR_DAYS = {WEEK: 7, TWO_WEEKS: 14}
QUESTION_WORKING_DAYS = {WEEK: 2, TWO_WEEKS: 5}
END_OF_DAY = dt.time(23, 59, 59)

# Organisation.nation -> the `holidays` subdivision; England's bank holidays are also Wales's.
_SUBDIVISIONS = {"scotland": "SCT", "northern-ireland": "NIR"}
_DEFAULT_SUBDIVISION = "ENG"


@dataclass(frozen=True)
class PublicationDates:
    questions_close_at: dt.datetime
    answers_by: dt.datetime
    closing_at: dt.datetime


@lru_cache(maxsize=64)
def _bank_holidays(subdivision, year):
    return frozenset(holidays.UK(subdiv=subdivision, years=year))


def is_working_day(day, nation=None):
    """Monday to Friday and not a bank holiday where `nation` ("scotland", "northern-ireland"; anything else
    means England and Wales)."""
    subdivision = _SUBDIVISIONS.get(nation, _DEFAULT_SUBDIVISION)
    return day.weekday() < 5 and day not in _bank_holidays(subdivision, day.year)


def add_working_days(day, n, nation=None):
    """The n-th working day after `day` (`day` itself does not count)."""
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            n -= 1
    return day


def previous_working_day(day, nation=None):
    """The last working day before `day`."""
    day -= dt.timedelta(days=1)
    while not is_working_day(day, nation):
        day -= dt.timedelta(days=1)
    return day


def end_of_day(day):
    """23:59:59 in London on `day`, as an aware datetime (BST or GMT, whichever applies that day)."""
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=LONDON)


def publication_dates(published_at, requirements_length, nation=None):
    """The deadlines of a requirement published at `published_at` and open for `requirements_length`."""
    if requirements_length not in OPEN_FOR_DAYS:
        raise ValueError(f"requirements length must be one of {sorted(OPEN_FOR_DAYS)}, not {requirements_length!r}")
    published_on = published_at.astimezone(LONDON).date()
    closing_day = published_on + dt.timedelta(days=OPEN_FOR_DAYS[requirements_length])
    return PublicationDates(
        questions_close_at=end_of_day(add_working_days(published_on, QUESTION_WORKING_DAYS[requirements_length],
                                                       nation)),
        answers_by=end_of_day(previous_working_day(closing_day, nation)),
        closing_at=end_of_day(closing_day),
    )

