"""Deciding on a published post the scan flagged (remove / correct / keep), as one recorded decision."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from mangxanh.core import workflow
from mangxanh.review.models import FlaggedTask, TaskDecision, TaskStatus


def decide_task(task: FlaggedTask, *, user, decision: str, reason: str, correction_text: str = "",
                due_at: datetime | None = None, done: bool = False) -> FlaggedTask:
    """Record who decided what and why, on the scan the task was raised from; done or still in progress."""
    now = timezone.now()
    reason = (reason or "").strip()
    to = TaskStatus.DONE if done else TaskStatus.IN_PROGRESS
    label = TaskDecision(decision).label if decision in TaskDecision.values else decision
    return workflow.transition(
        task, to, user=user, reason=reason, scan=task.scan,
        fields={"decision": decision, "reason": reason, "correction_text": (correction_text or "").strip(),
                "due_at": due_at or task.due_at, "decided_by": user, "decided_at": now,
                "done_at": now if done else None},
        message=f"{label}: {reason}"[:500] + (f" (dựa trên lần quét #{task.scan_id})" if task.scan_id else ""),
    )
