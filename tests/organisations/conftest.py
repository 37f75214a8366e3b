"""The original marketplace's published opportunities, read where every checkout has them: ../shared."""

import csv
from pathlib import Path

import pytest

OPPORTUNITY_DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
                    / "dos-opportunity-data-2018-07.csv")


@pytest.fixture(scope="session")
def opportunity_rows():
    """Every row of the 2018 opportunity data: 2,118 opportunities with their buyer domain and typed name."""
    if not OPPORTUNITY_DATA.exists():
        pytest.skip(f"the 2018 opportunity data is not at {OPPORTUNITY_DATA} (it lives in ../shared)")
    with open(OPPORTUNITY_DATA, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
