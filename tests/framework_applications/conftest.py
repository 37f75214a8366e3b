import pytest

from catalogue.fixtures import set_clock  # noqa: F401


@pytest.fixture
def emails(django_capture_on_commit_callbacks, mailbox):
    """Runs a step and its after-commit work (emails go through the loopback SMTP server); returns the subjects
    of every email sent so far."""
    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            step(*args, **kwargs)
        return [message["Subject"] for message in mailbox.messages]

    return run

