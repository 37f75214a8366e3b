"""The requirement checks on demand: what a buyer would see on the overview, for their own requirements.

Question keys are named as the opportunity responses name them (the outcomes lot's `outcome` is
`problemToBeSolved`)."""

from ninja import Field, Router, Schema

from marketplace.checks.rules import CHECKS
from marketplace.checks.selectors import check_requirement

from ..errors import responses
from .opportunities import PROBLEM_KEY, PROBLEM_NAME, _found, _require_manager

router = Router(tags=["opportunities"])


def _api_key(question_key):
    return PROBLEM_NAME if question_key == PROBLEM_KEY else question_key


class FindingOut(Schema):
    questionKey: str = Field(..., description="The question the finding is about")
    message: str


class CheckOut(Schema):
    key: str
    name: str
    looksAt: list[str] = Field(..., description="The question keys the check reads")
    why: str
    advice: str
    findings: list[FindingOut] = Field(..., description="Empty when the check found nothing to advise on")


class ChecksOut(Schema):
    findingCount: int
    checks: list[CheckOut] = Field(..., description="Every check, in the order the pages show them")


@router.get("/{int:opportunity_id}/checks", response=responses(ChecksOut, 403, 404),
            summary="Advice on how the requirement is written (owning buyers); it never blocks publishing")
def checks(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    _require_manager(request, opportunity)
    findings = check_requirement(opportunity)
    return {"findingCount": len(findings), "checks": [
        {"key": check.key, "name": check.name, "looksAt": [_api_key(k) for k in check.looks_at], "why": check.why,
         "advice": check.advice,
         "findings": [{"questionKey": _api_key(f.question), "message": f.message} for f in findings
                      if f.check == check.key]}
        for check in CHECKS]}
