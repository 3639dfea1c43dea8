"""The one helper every feature calls to write the audit trail."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from carespace.extensions import db
from carespace.models import AuditEvent, User

DETAIL_MAX = 200


def record(
    action: str,
    obj: Any = None,
    *,
    patient: Any = None,
    actor: User | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session (the request commits it).

    `action` is a dotted name such as ``account.deactivated``; `obj` is the
    record acted on; `detail` is a short, non-clinical fact (never a password,
    a token or anything a clinician or patient typed).
    """
    if obj is not None and obj.id is None:
        db.session.flush()
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=obj.__tablename__ if obj is not None else None,
        object_id=obj.id if obj is not None else None,
        patient_id=patient.id if patient is not None else None,
        ip_address=request.remote_addr if has_request_context() else None,
        detail=detail[:DETAIL_MAX] if detail else None,
    )
    db.session.add(event)
    return event
