"""The charts' gridlines: from 0 to at least the largest value, whatever its type, so no chart divides by zero."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace.insights import charts

VALUES = st.one_of(st.integers(min_value=1, max_value=10 ** 12),
                   st.decimals(min_value=Decimal("0.1"), max_value=Decimal("100"), places=1),
                   st.floats(min_value=0.01, max_value=1e9))


@given(VALUES)
def test_the_gridlines_run_from_zero_past_the_largest_value_in_at_most_six_lines(largest):
    ticks = charts._ticks(largest)
    assert ticks[0] == 0 and ticks[-1] >= largest and ticks[-1] > 0 and 2 <= len(ticks) <= 6


def test_a_column_chart_of_shares_under_one_percent_is_drawn():
    # A quarter in which 0.7% of checked requirements asked for a product, and quarters with none.
    chart = charts.column_chart("chart", "Share", "Shares", [("2026 Q1", Decimal("0.0")), ("", Decimal("0.7"))],
                                value_text=lambda share: f"{share}%")
    gridlines = [label for label in ("0%", "1%") if f">{label}</text>" in chart]
    assert gridlines == ["0%", "1%"]
    # The 0.7% column is 70% of the plot's 260 pixels high.
    assert 'height="182.0"' in chart
