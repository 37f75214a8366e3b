from ninja import Router, Schema

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str


class SupplierOut(Schema):
    id: int
    name: str
    organisationSize: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: str
    organisation: OrganisationOut | None = None
    supplier: SupplierOut | None = None


@router.get("/me", response=MeOut, summary="The caller")
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
