"""Who the caller is: the first call an integrator makes to check its token."""

from ninja import Field, Router, Schema

from ..errors import responses

router = Router(tags=["accounts"])

# openapi.json names each schema after its class, so every class name here is unique across the whole API.


class CallerOrganisationOut(Schema):
    id: int
    name: str
    sector: str


class CallerSupplierOut(Schema):
    id: int
    name: str
    organisationSize: str = Field(description="micro, small, medium or large")


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: str = Field(description="buyer, supplier or admin")
    organisation: CallerOrganisationOut | None = Field(None, description="A buyer's organisation.")
    supplier: CallerSupplierOut | None = Field(None, description="A supplier user's company.")


@router.get("/me", response=responses(MeOut), summary="The caller",
            description="The account the bearer token (or the browser session) belongs to.")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "organisation": {"id": user.organisation.pk, "name": user.organisation.name,
                         "sector": user.organisation.sector} if user.organisation_id else None,
        "supplier": {"id": user.supplier.pk, "name": user.supplier.name,
                     "organisationSize": user.supplier.organisation_size} if user.supplier_id else None,
    }
