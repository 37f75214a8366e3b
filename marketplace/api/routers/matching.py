"""The buyer's market before publishing: how many suppliers could apply to a requirement, by size, never who."""

from ninja import Field, Router, Schema

from marketplace.suppliers.selectors import matching_suppliers as count_matching

from ..errors import responses
from .opportunities import _found, _require_manager

router = Router(tags=["opportunities"])


class MatchingSuppliersOut(Schema):
    total: int = Field(..., description="Suppliers on the framework offering the lot (and role) in the location")
    sme: int = Field(..., description="Of them, micro, small and medium-sized")
    large: int


@router.get("/{int:opportunity_id}/matching-suppliers", response=responses(MatchingSuppliersOut, 403, 404),
            summary="How many suppliers could apply (owning buyers), by size; never their names")
def matching_suppliers(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    _require_manager(request, opportunity)
    matching = count_matching(opportunity)
    return {"total": matching.total, "sme": matching.sme, "large": matching.large}
