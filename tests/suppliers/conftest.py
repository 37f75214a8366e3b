import pytest


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test (every browser test) empties the database when it ends, reference data included:
    load it again first."""
    from marketplace.frameworks.reference import load_reference_data
    from marketplace.organisations.seed import load_seed_register

    load_reference_data()
    load_seed_register()
