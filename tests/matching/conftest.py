from catalogue.fixtures import _reference_data_after_flush, buyer, other_buyer, set_clock  # noqa: F401
