"""The stopwatch's steps of a walkthrough, and the minutes they add up to."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.models import WalkthroughSession, WalkthroughStep
from campaigns.process_steps import TimedStep, derived_minutes


def steps_save(session: WalkthroughSession, steps: list[TimedStep] | None) -> None:
    """Replace the session's timed steps (None: leave them as they are)."""
    if steps is None:
        return
    session.steps.all().delete()
    WalkthroughStep.objects.bulk_create(
        WalkthroughStep(session=session, position=position, name=step.name, is_waiting=step.waiting,
                        started_at=step.started_at, ended_at=step.ended_at)
        for position, step in enumerate(steps, start=1)
    )


def minutes_settle(session: WalkthroughSession, steps: list[TimedStep] | None) -> None:
    """Waiting and total minutes follow the timed steps: a blank measurement takes the derived value; a typed one
    that differs from it needs a reason (时长修改原因), else ValidationError on that field. Without timed steps the
    typed values stand as they are."""
    if steps is None:
        steps = [TimedStep(s.name, s.is_waiting, s.started_at, s.ended_at) for s in session.steps.all()] \
            if session.pk else []
    waiting, total = derived_minutes(steps)
    if waiting is None:
        return
    errors = {}
    for field, derived in (("waiting_minutes", waiting), ("total_minutes", total)):
        typed = getattr(session, field)
        if typed is None:
            setattr(session, field, derived)
        elif typed != derived and not session.minutes_reason.strip():
            errors[field] = _("计时结果为%(minutes)d分钟;改为其他数值时请填写修改原因") % {"minutes": derived}
    if errors:
        raise ValidationError(errors)
    if session.waiting_minutes == waiting and session.total_minutes == total:
        session.minutes_reason = ""  # nothing was changed by hand: no reason to keep
