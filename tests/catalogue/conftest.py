import datetime as dt

import pytest

from catalogue.fixtures import _reference_data_after_flush, buyer, colleague, other_buyer, set_clock  # noqa: F401
from catalogue.requirements import OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, SPECIALISTS, draft, publish
from marketplace.opportunities import services


@pytest.fixture
def catalogue(buyer, other_buyer, set_clock):
    """One closed and three live opportunities, one withdrawn and one draft; the clock at noon on publishing day.
    In the catalogue's order: research, booking, beta, discovery."""
    set_clock(PUBLISHING_DAY - dt.timedelta(days=31))
    discovery = publish(buyer, OUTCOMES, title="Discovery for council tax payments", location="North East England",
                        summary="Understand how residents pay council tax and where they struggle.")
    set_clock(PUBLISHING_DAY)
    beta = publish(buyer, OUTCOMES)
    set_clock(forward=dt.timedelta(hours=1))
    booking = publish(other_buyer, SPECIALISTS)
    set_clock(forward=dt.timedelta(hours=1))
    research = publish(buyer, PARTICIPANTS)
    withdrawn = publish(buyer, SPECIALISTS, title="Delivery manager no longer needed", specialistRole="deliveryManager")
    services.withdraw_opportunity(withdrawn, buyer)
    unpublished = draft(buyer, OUTCOMES, title="Secret draft about a booking service")
    set_clock(PUBLISHING_DAY + dt.timedelta(hours=3))
    return {"discovery": discovery, "beta": beta, "booking": booking, "research": research, "withdrawn": withdrawn,
            "draft": unpublished}
