"""Outgoing documents (发文), 第三十条. The models are split by topic; import them from here."""

from ..choices import (
    CLOSED_STATES,
    HOLDER_STATES,
    NUMBERED_STATES,
    POOL_STATES,
    AttachmentKind,
    Authority,
    DistributionMode,
    Gate,
    Importance,
    Origin,
    Phase,
    RecheckItem,
    State,
    StepKind,
    StepStatus,
    Urgency,
)
from .distribution import Recipient, StandingRecipient
from .document import OutgoingDocument, OutgoingUserObjectPermission, Series, TransitionLog
from .route import Attachment, GateCheck, Revision, RouteStep

__all__ = [
    "CLOSED_STATES",
    "HOLDER_STATES",
    "NUMBERED_STATES",
    "POOL_STATES",
    "Attachment",
    "AttachmentKind",
    "Authority",
    "DistributionMode",
    "Gate",
    "GateCheck",
    "Importance",
    "Origin",
    "OutgoingDocument",
    "OutgoingUserObjectPermission",
    "Phase",
    "RecheckItem",
    "Recipient",
    "Revision",
    "RouteStep",
    "Series",
    "StandingRecipient",
    "State",
    "StepKind",
    "StepStatus",
    "TransitionLog",
    "Urgency",
]
