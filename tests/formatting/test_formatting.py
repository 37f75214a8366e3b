"""Figures, sums of money, dates and times read the way the GOV.UK style guide writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from marketplace.formatting import count, london_date, london_time, money, percent

UTC = dt.timezone.utc


@pytest.mark.parametrize(("number", "written"), [
    (0, "0"), (1, "1"), (999, "999"), (1000, "1,000"), (1529, "1,529"), (1_000_000, "1,000,000"),
    (-1500, "-1,500"),
])
def test_counts_have_a_comma_every_three_digits(number, written):
    assert count(number) == written


@given(st.integers())
def test_the_count_of_any_integer_reads_back_as_the_same_integer_without_its_commas(number):
    assert int(count(number).replace(",", "")) == number


@pytest.mark.parametrize(("amount", "written"), [
    (Decimal("0"), "£0"), (Decimal("0.00"), "£0"), (Decimal("1"), "£1"), (Decimal("999"), "£999"),
    (Decimal("1000.00"), "£1,000"), (Decimal("650.00"), "£650"), (Decimal("1250.50"), "£1,250.50"),
    (Decimal("1250.5"), "£1,250.50"), (Decimal("0.05"), "£0.05"), (Decimal("36000000"), "£36,000,000"),
    (Decimal("9999999999.99"), "£9,999,999,999.99"), (Decimal("-75.50"), "-£75.50"), (250000, "£250,000"),
    ("1200.50", "£1,200.50"),
])
def test_money_shows_pence_only_when_there_are_pence(amount, written):
    assert money(amount) == written


def test_money_rounds_to_the_penny_half_up():
    assert money(Decimal("10.005")) == "£10.01"
    assert money(Decimal("10.004")) == "£10"


def test_a_share_is_written_with_a_percent_sign():
    assert percent(Decimal("12.5")) == "12.5%"
    assert percent(Decimal("0.0")) == "0.0%"


def test_dates_have_no_leading_zero_and_the_month_in_full():
    assert london_date(dt.date(2026, 12, 5)) == "5 December 2026"
    assert london_date(dt.date(2026, 5, 5), weekday=True) == "Tuesday 5 May 2026"
    assert london_date(None) == "" and london_date("") == ""


def test_a_datetime_falls_on_its_london_day():
    assert london_date(dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2026"  # 00:30 BST
    assert london_date(dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "31 December 2026"  # GMT is UTC


def test_times_are_london_time_in_summer_and_in_winter():
    assert london_time(dt.datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "9:30am on 1 July 2026"  # BST
    assert london_time(dt.datetime(2026, 12, 5, 9, 30, tzinfo=UTC)) == "9:30am on 5 December 2026"  # GMT
    assert london_time(dt.datetime(2026, 12, 5, 17, 5, tzinfo=UTC)) == "5:05pm on 5 December 2026"


def test_times_on_the_hour_have_no_minutes():
    assert london_time(dt.datetime(2026, 12, 5, 9, 0, tzinfo=UTC)) == "9am on 5 December 2026"
    assert london_time(dt.datetime(2026, 12, 5, 13, 0, tzinfo=UTC)) == "1pm on 5 December 2026"


def test_noon_is_midday_and_twelve_at_night_is_midnight():
    assert london_time(dt.datetime(2026, 12, 5, 12, 0, tzinfo=UTC)) == "midday on 5 December 2026"
    assert london_time(dt.datetime(2026, 7, 1, 11, 0, tzinfo=UTC)) == "midday on 1 July 2026"  # BST
    assert london_time(dt.datetime(2026, 12, 5, 0, 0, tzinfo=UTC)) == "midnight on 5 December 2026"
    assert london_time(dt.datetime(2026, 12, 5, 12, 30, tzinfo=UTC)) == "12:30pm on 5 December 2026"
    assert london_time(dt.datetime(2026, 12, 5, 0, 30, tzinfo=UTC)) == "12:30am on 5 December 2026"


def test_a_deadline_ends_its_day_at_11_59pm_with_the_day_of_the_week():
    deadline = dt.datetime(2026, 5, 5, 23, 59, 59, tzinfo=UTC)
    assert london_time(deadline, weekday=True) == "12:59am on Wednesday 6 May 2026"  # BST moves it on a day
    closing = dt.datetime(2026, 5, 5, 22, 59, 59, tzinfo=UTC)
    assert london_time(closing, weekday=True) == "11:59pm on Tuesday 5 May 2026"


def test_no_time_is_written_as_nothing():
    assert london_time(None) == ""


def test_a_recorded_contract_value_of_nothing_is_shown_as_0_not_as_blank():
    from decimal import Decimal

    from marketplace.opportunities.models import Status
    from marketplace.web.views.evaluation import _outcome_lines

    outcome = {"status": Status.AWARDED, "supplierName": "Tiny Digital", "supplierSize": "micro",
               "contractStartDate": None}
    assert ("Contract value", "£0") in _outcome_lines({**outcome, "contractValue": Decimal("0.00")})["rows"]
    assert ("Contract value", "") in _outcome_lines({**outcome, "contractValue": None})["rows"]
