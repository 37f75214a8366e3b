import pytest

from catalogue.fixtures import _reference_data_after_flush, buyer, other_buyer, set_clock  # noqa: F401
from marketplace.alerts import services


@pytest.fixture
def publishing(django_capture_on_commit_callbacks):
    """Publish as a request does: the transaction commits, then what waits on the commit runs (the instant alerts
    task, then the email delivery), through the in-process task queue."""
    from catalogue.requirements import publish

    def go(buyer, lot, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return publish(buyer, lot, **overrides)

    return go


@pytest.fixture
def alert():
    def make(user, name="Developers in London", frequency="instant", **search):
        return services.create_alert(user, {"name": name, "frequency": frequency, **search})

    return make
