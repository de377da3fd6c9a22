"""The stopwatch's hidden field: the steps the phone timed, as JSON timestamps, checked and turned into TimedSteps."""

import datetime
import json

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from campaigns.process_steps import TimedStep

MAX_STEPS = 30
CLOCK_SKEW = datetime.timedelta(minutes=5)  # a phone's clock may run a little ahead of the server's


class StepTimesField(forms.CharField):
    """JSON [{"name", "waiting", "started_at", "ended_at"}] in ISO 8601 with offset → list[TimedStep], or None
    when the form did not send the field (the stored steps stay). Steps must follow one another in time."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        refused = forms.ValidationError(_("计时数据无法识别,请在计时区点“清空”后重新计时"), code="step_times")
        try:
            rows = json.loads(value)
        except ValueError:
            raise refused from None
        if not isinstance(rows, list) or len(rows) > MAX_STEPS:
            raise refused
        steps = []
        for row in rows:
            if not isinstance(row, dict) or not str(row.get("name", "")).strip():
                raise refused
            started = parse_datetime(str(row.get("started_at") or ""))
            ended = parse_datetime(str(row["ended_at"])) if row.get("ended_at") else None
            if started is None or timezone.is_naive(started) or (ended is not None and timezone.is_naive(ended)):
                raise refused
            steps.append(TimedStep(str(row["name"]).strip()[:40], bool(row.get("waiting")), started, ended))
        self._check_order(steps)
        return steps

    @staticmethod
    def _check_order(steps):
        latest = timezone.now() + CLOCK_SKEW
        previous_end = None
        for step in steps:
            if step.ended_at is not None and step.ended_at < step.started_at:
                raise forms.ValidationError(_("环节“%(step)s”的结束时间早于开始时间") % {"step": step.name})
            if (step.ended_at or step.started_at) > latest:
                raise forms.ValidationError(_("环节“%(step)s”的时间晚于现在,请检查手机时间") % {"step": step.name})
            if previous_end is not None and step.started_at < previous_end:
                raise forms.ValidationError(_("环节“%(step)s”开始于上一环节结束之前") % {"step": step.name})
            previous_end = step.ended_at or step.started_at

    def prepare_value(self, value):
        if isinstance(value, list):
            return json.dumps([
                {"name": s.name, "waiting": s.waiting, "started_at": s.started_at.isoformat(),
                 "ended_at": s.ended_at.isoformat() if s.ended_at else None}
                for s in value
            ], ensure_ascii=False)
        return value
