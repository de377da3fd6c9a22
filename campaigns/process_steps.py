"""The steps of a matter a walker times on the stopwatch (the campaign's 计时环节), and what they add up to.

A campaign keeps its steps as [{"name": str, "waiting": bool}]; a step marked waiting counts towards the
waiting minutes. Pure Python: the form, the service and the dashboard share these rules.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

DEFAULT_PROCESS_STEPS = [
    {"name": _("取号"), "waiting": False},
    {"name": _("排队"), "waiting": True},
    {"name": _("咨询"), "waiting": False},
    {"name": _("填表"), "waiting": False},
    {"name": _("递交材料"), "waiting": False},
    {"name": _("受理"), "waiting": False},
    {"name": _("审批/等待"), "waiting": True},
    {"name": _("出证"), "waiting": False},
]
WAITING_MARK = "(等候)"


@dataclass(frozen=True)
class TimedStep:
    """One step as the stopwatch recorded it: timestamps, not a running timer, so a locked screen loses nothing."""

    name: str
    waiting: bool
    started_at: datetime.datetime
    ended_at: datetime.datetime | None

    @property
    def seconds(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds()) if self.ended_at else 0


def whole_minutes(seconds: float) -> int:
    """Minutes as a walker would say them: rounded half up, and any started step lasts at least one minute
    once it has lasted at all."""
    if seconds <= 0:
        return 0
    return max(1, math.floor(seconds / 60 + 0.5))


def derived_minutes(steps) -> tuple[int | None, int | None]:
    """(waiting, total) minutes from finished steps: waiting is the sum of the waiting steps, total runs from the
    first start to the last end. (None, None) when no step has finished."""
    finished = [step for step in steps if step.ended_at is not None]
    if not finished:
        return None, None
    waiting = sum(step.seconds for step in finished if step.waiting)
    total = (max(s.ended_at for s in finished) - min(s.started_at for s in finished)).total_seconds()
    return whole_minutes(waiting), whole_minutes(total)


def steps_from_text(text: str) -> list[dict]:
    """Lines of the campaign form, one step a line; a line ending in (等候) is a waiting step."""
    steps = []
    for line in text.splitlines():
        name = line.strip()
        waiting = name.endswith(WAITING_MARK)
        name = name.removesuffix(WAITING_MARK).strip()
        if name:
            steps.append({"name": name[:40], "waiting": waiting})
    return steps


def steps_as_text(steps, translate=str) -> str:
    return "\n".join(translate(s["name"]) + (WAITING_MARK if s.get("waiting") else "") for s in steps)
