from ninja import Router

router = Router(tags=["supplier services"])
