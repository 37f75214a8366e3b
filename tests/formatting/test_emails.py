"""Emails write their figures the way the pages do."""

import pytest

from marketplace.notifications.services import queue_email

pytestmark = pytest.mark.django_db


def test_the_closing_email_counts_applications_with_a_thousands_separator():
    email = queue_email(to="priya.shah@homeoffice.gov.uk", template="application_closed.txt", purpose="test",
                        context={"title": "Discovery for council tax payments", "submitted": 1234,
                                 "closed_at": "11:59pm on Monday 8 June 2026", "link": "/buyers/requirements/1"})
    assert "1,234 suppliers sent an application." in email.body


def test_the_answers_digest_counts_answers_with_a_thousands_separator():
    email = queue_email(to="sam@agile.example.com", template="application_answers_digest.txt", purpose="test",
                        context={"day": "Monday 8 June 2026", "opportunities": [
                            {"title": "Discovery for council tax payments", "organisation": "Home Office",
                             "answers": 1000, "closing_at": "11:59pm on Monday 8 June 2026", "link": "/o/1"}]})
    assert "1,000 new answers." in email.body
