"""The JSON API at /api/v1 (OpenAPI at /api/v1/openapi.json). Endpoints are thin: they call services."""

from ninja import NinjaAPI

from . import errors
from .auth import AUTH
from .errors import StorableTextParser
from .routers import (accounts, alerts, applications, checks, framework_applications, frameworks, matching,
                      opportunities, suppliers)

api = NinjaAPI(
    title="Digital Marketplace API",
    version="1",
    description="Opportunities, applications, supplier services and open data of the Digital Marketplace.",
    auth=AUTH,
    parser=StorableTextParser(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("/supplier", suppliers.router)
api.add_router("/supplier", alerts.router)
api.add_router("/supplier", framework_applications.router)
api.add_router("/frameworks", frameworks.router)
api.add_router("/frameworks", framework_applications.public_router)
api.add_router("/opportunities", opportunities.router)
api.add_router("/opportunities", checks.router)
api.add_router("/opportunities", matching.router)
api.add_router("", applications.router)
