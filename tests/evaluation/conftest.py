from apply.conftest import (_reference_data_after_flush, api, buyer, colleague, other_buyer, set_clock,  # noqa: F401
                            supplier_offering)
