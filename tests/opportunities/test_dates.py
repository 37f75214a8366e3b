"""The dates a buyer commits to when publishing, each checked against a calendar by hand.

Deadlines are 23:59:59 London time. Applications close 7 or 14 calendar days after the publishing day;
questions close 2 or 5 working days after it; answers are due the working day before the closing day.
"""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from marketplace.clock import LONDON
from marketplace.formatting import london_time
from marketplace.opportunities.dates import (
    add_working_days, is_working_day, previous_working_day, publication_dates,
)
from marketplace.opportunities.services import dates_if_published_now, publish_opportunity

from .conftest import OUTCOMES, SPECIALISTS

UTC = dt.timezone.utc
BST = dt.timedelta(hours=1)
GMT = dt.timedelta(0)


def london(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def end_of(year, month, day):
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=LONDON)


def days(dates):
    """(questions close, answers by, applications close) as London calendar dates."""
    return tuple(moment.astimezone(LONDON).date() for moment in
                 (dates.questions_close_at, dates.answers_by, dates.closing_at))


# Publishing on a Friday ----------------------------------------------------------------------------------

def test_published_on_an_ordinary_friday_for_1_week():
    # Friday 5 June 2026. Working days after it: Mon 8 (1), Tue 9 (2). Closes Friday 12 June; the working day
    # before is Thursday 11 June.
    dates = publication_dates(london(2026, 6, 5), "1 week")
    assert dates.questions_close_at == end_of(2026, 6, 9)
    assert dates.answers_by == end_of(2026, 6, 11)
    assert dates.closing_at == end_of(2026, 6, 12)


def test_published_on_an_ordinary_friday_for_2_weeks():
    # Friday 5 June 2026. Working days: Mon 8, Tue 9, Wed 10, Thu 11, Fri 12 (5). Closes Friday 19 June.
    dates = publication_dates(london(2026, 6, 5), "2 weeks")
    assert days(dates) == (dt.date(2026, 6, 12), dt.date(2026, 6, 18), dt.date(2026, 6, 19))


def test_published_on_the_friday_before_the_may_day_bank_holiday_for_1_week():
    # Friday 1 May 2026; Monday 4 May is the May Day bank holiday. Working days: Tue 5 (1), Wed 6 (2).
    # Closes Friday 8 May; answers by Thursday 7 May.
    dates = publication_dates(london(2026, 5, 1), "1 week")
    assert days(dates) == (dt.date(2026, 5, 6), dt.date(2026, 5, 7), dt.date(2026, 5, 8))


def test_published_on_the_friday_before_the_may_day_bank_holiday_for_2_weeks():
    # Friday 1 May 2026. Working days: Tue 5, Wed 6, Thu 7, Fri 8, Mon 11 (5). Closes Friday 15 May.
    dates = publication_dates(london(2026, 5, 1), "2 weeks")
    assert days(dates) == (dt.date(2026, 5, 11), dt.date(2026, 5, 14), dt.date(2026, 5, 15))


# Publishing the day before a bank holiday ----------------------------------------------------------------

def test_published_the_day_before_good_friday_for_1_week():
    # Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are bank holidays in England.
    # Working days: Tue 7 (1), Wed 8 (2). Closes Thursday 9 April; answers by Wednesday 8 April.
    dates = publication_dates(london(2026, 4, 2), "1 week")
    assert days(dates) == (dt.date(2026, 4, 8), dt.date(2026, 4, 8), dt.date(2026, 4, 9))


def test_published_the_day_before_good_friday_for_2_weeks():
    # Thursday 2 April 2026. Working days: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 (5). Closes Thursday 16 April.
    dates = publication_dates(london(2026, 4, 2), "2 weeks")
    assert days(dates) == (dt.date(2026, 4, 13), dt.date(2026, 4, 15), dt.date(2026, 4, 16))


def test_answers_are_due_before_a_bank_holiday_that_comes_just_before_closing():
    # Tuesday 19 May 2026, 1 week: closes Tuesday 26 May. Monday 25 May is the spring bank holiday, so the
    # working day before closing is Friday 22 May.
    dates = publication_dates(london(2026, 5, 19), "1 week")
    assert days(dates) == (dt.date(2026, 5, 21), dt.date(2026, 5, 22), dt.date(2026, 5, 26))


# Across the October clock change (Sunday 25 October 2026, BST to GMT) ------------------------------------

def test_published_the_friday_before_the_clocks_go_back_for_1_week():
    # Friday 23 October 2026, in BST. Working days: Mon 26 (1), Tue 27 (2). Closes Friday 30 October, in GMT:
    # 23:59:59 London is then 23:59:59 UTC, not 22:59:59 as it would be in summer.
    published = london(2026, 10, 23, 9, 30)
    assert published.utcoffset() == BST
    dates = publication_dates(published, "1 week")
    assert days(dates) == (dt.date(2026, 10, 27), dt.date(2026, 10, 29), dt.date(2026, 10, 30))
    assert dates.closing_at.utcoffset() == GMT
    assert dates.closing_at.astimezone(UTC) == dt.datetime(2026, 10, 30, 23, 59, 59, tzinfo=UTC)
    assert dates.questions_close_at.astimezone(UTC) == dt.datetime(2026, 10, 27, 23, 59, 59, tzinfo=UTC)


def test_published_the_friday_before_the_clocks_go_back_for_2_weeks():
    # Friday 23 October 2026. Working days: Mon 26 to Fri 30 (5). Closes Friday 6 November, in GMT.
    dates = publication_dates(london(2026, 10, 23, 9, 30), "2 weeks")
    assert days(dates) == (dt.date(2026, 10, 30), dt.date(2026, 11, 5), dt.date(2026, 11, 6))
    assert dates.closing_at.astimezone(UTC) == dt.datetime(2026, 11, 6, 23, 59, 59, tzinfo=UTC)


def test_a_deadline_before_the_change_is_in_bst_and_one_after_it_in_gmt():
    # Tuesday 20 October 2026, 1 week. Questions close Thursday 22 October, still BST (22:59:59 UTC);
    # applications close Tuesday 27 October, now GMT (23:59:59 UTC).
    dates = publication_dates(london(2026, 10, 20), "1 week")
    assert dates.questions_close_at.astimezone(UTC) == dt.datetime(2026, 10, 22, 22, 59, 59, tzinfo=UTC)
    assert dates.answers_by.astimezone(UTC) == dt.datetime(2026, 10, 26, 23, 59, 59, tzinfo=UTC)
    assert dates.closing_at.astimezone(UTC) == dt.datetime(2026, 10, 27, 23, 59, 59, tzinfo=UTC)


def test_the_publishing_day_is_the_day_in_london_not_in_utc():
    # 23:30 UTC on Tuesday 30 June 2026 is 00:30 on Wednesday 1 July in London: the day counted is 1 July.
    # Working days: Thu 2 (1), Fri 3 (2). Closes Wednesday 8 July; answers by Tuesday 7 July.
    dates = publication_dates(dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 week")
    assert days(dates) == (dt.date(2026, 7, 3), dt.date(2026, 7, 7), dt.date(2026, 7, 8))


# Bank holidays differ by nation --------------------------------------------------------------------------

def test_st_andrews_day_is_a_holiday_for_a_scottish_organisation_only():
    # Friday 27 November 2026; Monday 30 November is St Andrew's Day, a bank holiday in Scotland only.
    # England: Mon 30 (1), Tue 1 December (2). Scotland: Tue 1 (1), Wed 2 (2). Both close Friday 4 December.
    england = publication_dates(london(2026, 11, 27), "1 week", "england")
    scotland = publication_dates(london(2026, 11, 27), "1 week", "scotland")
    assert days(england) == (dt.date(2026, 12, 1), dt.date(2026, 12, 3), dt.date(2026, 12, 4))
    assert days(scotland) == (dt.date(2026, 12, 2), dt.date(2026, 12, 3), dt.date(2026, 12, 4))


def test_st_andrews_day_for_2_weeks():
    # Friday 27 November 2026. England: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 (5). Scotland skips Mon 30: Tue 1 to
    # Fri 4, then Mon 7 December (5). Both close Friday 11 December; answers by Thursday 10 December.
    england = publication_dates(london(2026, 11, 27), "2 weeks", "england")
    scotland = publication_dates(london(2026, 11, 27), "2 weeks", "scotland")
    assert days(england) == (dt.date(2026, 12, 4), dt.date(2026, 12, 10), dt.date(2026, 12, 11))
    assert days(scotland) == (dt.date(2026, 12, 7), dt.date(2026, 12, 10), dt.date(2026, 12, 11))


def test_the_2_january_holiday_in_scotland_moves_to_monday_when_it_falls_on_a_saturday():
    # Thursday 31 December 2026. Friday 1 January 2027 is a holiday everywhere; Saturday 2 January is a Scottish
    # holiday, so Scotland also has Monday 4 January off. England: Mon 4 (1), Tue 5 (2). Scotland: Tue 5 (1),
    # Wed 6 (2). Both close Thursday 7 January 2027.
    england = publication_dates(london(2026, 12, 31), "1 week")
    scotland = publication_dates(london(2026, 12, 31), "1 week", "scotland")
    assert days(england) == (dt.date(2027, 1, 5), dt.date(2027, 1, 6), dt.date(2027, 1, 7))
    assert days(scotland) == (dt.date(2027, 1, 6), dt.date(2027, 1, 6), dt.date(2027, 1, 7))


def test_st_patricks_day_is_a_holiday_for_a_northern_irish_organisation():
    # Friday 13 March 2026; Tuesday 17 March is St Patrick's Day in Northern Ireland.
    assert days(publication_dates(london(2026, 3, 13), "1 week", "england"))[0] == dt.date(2026, 3, 17)
    assert days(publication_dates(london(2026, 3, 13), "1 week", "northern-ireland"))[0] == dt.date(2026, 3, 18)


def test_easter_monday_is_a_working_day_in_scotland():
    assert not is_working_day(dt.date(2026, 4, 6), "england")
    assert not is_working_day(dt.date(2026, 4, 6), "wales")
    assert is_working_day(dt.date(2026, 4, 6), "scotland")


def test_working_day_steps():
    assert add_working_days(dt.date(2026, 12, 24), 1, "england") == dt.date(2026, 12, 29)  # Christmas, Boxing Day
    assert previous_working_day(dt.date(2026, 12, 29), "england") == dt.date(2026, 12, 24)
    assert previous_working_day(dt.date(2026, 5, 5), "england") == dt.date(2026, 5, 1)  # over May Day weekend


def test_deadlines_read_the_way_people_say_them():
    assert london_time(end_of(2026, 5, 7), weekday=True) == "11:59pm on Thursday 7 May 2026"
    assert (london_time(dt.datetime(2026, 10, 30, 23, 59, 59, tzinfo=UTC), weekday=True)
            == "11:59pm on Friday 30 October 2026")
    assert london_time(dt.datetime(2026, 7, 1, 11, 5, tzinfo=UTC), weekday=True) == "12:05pm on Wednesday 1 July 2026"


# The rules hold on every day of the year -----------------------------------------------------------------

@given(published=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31),
                              timezones=st.just(UTC)),
       length=st.sampled_from(["1 week", "2 weeks"]),
       nation=st.sampled_from(["england", "wales", "scotland", "northern-ireland"]))
def test_deadlines_follow_the_rules_for_any_moment_of_publishing(published, length, nation):
    dates = publication_dates(published, length, nation)
    day = published.astimezone(LONDON).date()
    questions, answers, closing = days(dates)
    for moment in (dates.questions_close_at, dates.answers_by, dates.closing_at):
        local = moment.astimezone(LONDON)
        assert (local.hour, local.minute, local.second) == (23, 59, 59)
    assert closing - day == dt.timedelta(days=7 if length == "1 week" else 14)
    working_days_until_questions_close = [
        day + dt.timedelta(days=i) for i in range(1, (questions - day).days + 1)
        if is_working_day(day + dt.timedelta(days=i), nation)]
    assert len(working_days_until_questions_close) == (2 if length == "1 week" else 5)
    assert working_days_until_questions_close[-1] == questions
    assert answers < closing and is_working_day(answers, nation)
    assert all(not is_working_day(answers + dt.timedelta(days=i), nation) for i in range(1, (closing - answers).days))


# The dates a buyer sees are the dates publishing stores --------------------------------------------------

def test_publishing_stores_the_dates_the_confirmation_page_promised(draft, buyer, set_clock):
    # Friday 30 April 2027, 1 week; Monday 3 May is the May Day bank holiday. Working days: Tue 4 (1), Wed 5 (2).
    set_clock(london(2027, 4, 30, 11))
    opportunity = draft(SPECIALISTS, requirementsLength="1 week")
    promised = dates_if_published_now(opportunity)
    publish_opportunity(opportunity, buyer)
    opportunity.refresh_from_db()
    assert opportunity.questions_close_at == promised.questions_close_at == end_of(2027, 5, 5)
    assert opportunity.answers_by == promised.answers_by == end_of(2027, 5, 6)
    assert opportunity.closing_at == promised.closing_at == end_of(2027, 5, 7)
    assert opportunity.published_at.astimezone(LONDON).date() == dt.date(2027, 4, 30)


@pytest.mark.parametrize("lot", [OUTCOMES, "user-research-participants"])
def test_outcomes_and_participants_are_always_open_2_weeks(lot, draft, buyer, set_clock):
    set_clock(london(2027, 4, 30, 11))
    opportunity = publish_opportunity(draft(lot), buyer)
    assert opportunity.closing_at == end_of(2027, 5, 14)


def test_a_scottish_organisation_publishing_before_st_andrews_day_gets_a_later_question_deadline(
        draft, buyer, scottish_buyer, set_clock):
    # Friday 26 November 2027; Tuesday 30 November is St Andrew's Day. Outcomes are open 2 weeks: 5 working days.
    # England: Mon 29, Tue 30, Wed 1, Thu 2, Fri 3 December. Scotland: Mon 29, Wed 1, Thu 2, Fri 3, Mon 6 December.
    set_clock(london(2027, 11, 26, 9))
    english = publish_opportunity(draft(OUTCOMES), buyer)
    scottish = publish_opportunity(draft(OUTCOMES, by=scottish_buyer), scottish_buyer)
    assert english.organisation.name == "Home Office" and scottish.organisation.nation == "scotland"
    assert english.questions_close_at == end_of(2027, 12, 3)
    assert scottish.questions_close_at == end_of(2027, 12, 6)
    assert english.closing_at == scottish.closing_at == end_of(2027, 12, 10)
    assert english.answers_by == scottish.answers_by == end_of(2027, 12, 9)
