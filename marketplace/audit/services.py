"""Recording audit events. Call inside the same transaction as the change it records."""

from marketplace import clock

from .models import AuditEvent


def record_event(action, *, actor=None, obj=None, detail=None, ip_address=None, object_label=None):
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor_obj,
        actor_label=getattr(actor_obj, "email", "") or ("system" if actor is None else str(actor)),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(object_label if object_label is not None else str(obj) if obj is not None else "")[:300],
        detail=detail or {},
        ip_address=ip_address,
    )
