"""The frameworks: what anyone may read about each, its status, lots and timetable."""

import datetime as dt

from ninja import Field, Router, Schema

from marketplace.frameworks.selectors import frameworks_newest_first

from ..auth import PUBLIC, PUBLIC_SECURITY
from ..errors import responses

router = Router(tags=["frameworks"])


class FrameworkLotOut(Schema):
    slug: str
    name: str


class FrameworkOut(Schema):
    slug: str
    name: str
    status: str = Field(..., description="coming, open, pending, standstill, live or expired")
    lots: list[FrameworkLotOut]
    clarificationsCloseAt: dt.datetime | None = Field(None, description="Last moment for clarification questions.")
    applicationsCloseAt: dt.datetime | None = Field(None, description="Last moment to submit an application.")
    resultsAt: dt.datetime | None = Field(None, description="When suppliers are told their results.")
    liveAt: dt.datetime | None = Field(None, description="When buyers can start using it.")
    expiresAt: dt.datetime | None = Field(None, description="When it stops taking new requirements.")


def framework_out(framework):
    return {
        "slug": framework.slug, "name": framework.name, "status": framework.status,
        "lots": [{"slug": lot.slug, "name": lot.name} for lot in framework.lots.all()],
        "clarificationsCloseAt": framework.clarifications_close_at,
        "applicationsCloseAt": framework.applications_close_at, "resultsAt": framework.results_at,
        "liveAt": framework.live_at, "expiresAt": framework.expires_at,
    }


@router.get("", response=responses(list[FrameworkOut]), auth=PUBLIC, openapi_extra=PUBLIC_SECURITY,
            summary="Every framework, newest first, with its status, lots and dates")
def list_frameworks(request):
    return [framework_out(framework) for framework in frameworks_newest_first()]
