import pytest

from marketplace import clock
from marketplace.clock.services import advance_clock


@pytest.fixture
def emails(django_capture_on_commit_callbacks, mailbox):
    """Runs a step and its after-commit work (emails go through the loopback SMTP server); returns the subjects
    of every email sent so far."""
    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            step(*args, **kwargs)
        return [message["Subject"] for message in mailbox.messages]

    return run


@pytest.fixture
def set_clock(settings):
    """Move the shared platform clock to an aware moment."""
    settings.CLOCK_TRAVEL_ALLOWED = True

    def move(moment):
        advance_clock(moment - clock.now())
        return clock.now()

    return move
