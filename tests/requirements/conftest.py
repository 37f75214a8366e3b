"""Reference data survives the requirement tests that empty the database."""

import pytest

from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.seed import load_seed_register


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A browser test empties the database after it runs, reference data and the organisation register
    included; load them again, as every start of the service does."""
    marker = request.node.get_closest_marker("django_db")
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames or (
            marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        load_reference_data()
        load_seed_register()
