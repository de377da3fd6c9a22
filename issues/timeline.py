"""The issue page's timeline: stage changes (IssueEvent), field changes (simple-history of the issue and of its
四减 rows), deadline extensions and evidence, merged in time order.

A field change saved in the same moment by the same person as another entry is shown under that entry: the
department and deadline set by the hand-off under the hand-off, the deadline moved by an approval under the
approval, the 四减 rows under the rectification edit they were saved with.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns.models import Department, ServiceItem
from issues import workflow
from issues.models import Issue, Reduction
from issues.records import IssueRecords, issue_records

MERGE_WINDOW = datetime.timedelta(seconds=2)  # one request's saves; a person's next action takes longer
# Shown by the stage events themselves, or never changed after creation.
NOT_SHOWN = ["stage", "year", "sequence", "created_by", "created_at", "walkthrough"]
STEP_BY_PAIR = {(step.source, step.target): step for step in workflow.STEPS}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: object  # a User, or None when unknown
    kind: str  # stage | reopen | edit | extension | decision | evidence | urging | assist
    title: str
    note: str = ""
    changes: list = field(default_factory=list)


def issue_timeline(issue: Issue, *, records: IssueRecords | None = None) -> list[Entry]:
    """Everything that happened to the issue, oldest first. `records` are its records when the caller has read
    them already (the issue page); otherwise they are read here."""
    records = records or issue_records(issue)
    entries = [
        *_stage_entries(records.events), *_extension_entries(records.extensions),
        *_evidence_entries(records.evidence), *_urging_entries(records.urgings),
        *_assistance_entries(records.assistants),
    ]
    for when, who, reason, moved_stage, changes in sorted(_field_changes(issue), key=lambda change: change[0]):
        # The save that moved the stage belongs to its event; any other save to an approval or an edit beside it.
        kinds = {"stage", "reopen"} if moved_stage else {"decision", "edit"}
        anchor = _anchor([entry for entry in entries if entry.kind in kinds], when=when, who=who)
        if anchor is not None:
            anchor.changes.extend(changes)
        elif changes:
            entries.append(Entry(when=when, who=who, kind="edit", title=reason or _("修改问题信息"), changes=changes))
    return sorted(entries, key=lambda entry: entry.when)


def _anchor(entries, *, when, who):
    near = [
        entry
        for entry in entries
        if abs(entry.when - when) <= MERGE_WINDOW and getattr(entry.who, "pk", None) == getattr(who, "pk", None)
    ]
    return min(near, key=lambda entry: abs(entry.when - when), default=None)


def _stage_entries(events):
    for event in events:
        if not event.from_stage:
            title = _("登记入账(%(stage)s)") % {"stage": event.get_to_stage_display()}
            kind = "stage"
        else:
            step = workflow.STEPS_BY_ACTION.get(event.action) or STEP_BY_PAIR.get((event.from_stage, event.to_stage))
            arrow = f"{event.get_from_stage_display()} → {event.get_to_stage_display()}"
            title = _("%(step)s:%(arrow)s") % {"step": step.label, "arrow": arrow} if step else arrow
            hand = _hand_over(event, step)
            if hand:
                title = f"{title} · {hand}"
            kind = "reopen" if step is not None and step.reopens else "stage"
        yield Entry(when=event.created_at, who=event.actor, kind=kind, title=title, note=event.note)


def _hand_over(event, step) -> str:
    """Which department the step gave the issue to, or took it from (older rows name none: nothing is shown)."""
    old = event.from_department.name if event.from_department else ""
    new = event.to_department.name if event.to_department else ""
    if step is not None and step.releases_department and old:
        return _("%(department)s退回中心") % {"department": old}
    if old and new:
        return _("%(old)s → %(new)s") % {"old": old, "new": new}
    if new:
        return _("交给%(department)s") % {"department": new}
    return ""


def _urging_entries(urgings):
    for urging in urgings:
        yield Entry(
            when=urging.created_at, who=urging.urged_by, kind="urging",
            title=_("督办%(department)s") % {"department": urging.department.name}, note=urging.note,
        )
        if urging.replied_at is not None:
            yield Entry(
                when=urging.replied_at, who=urging.replied_by, kind="urging",
                title=_("%(department)s回复督办") % {"department": urging.department.name}, note=urging.reply,
            )


def _assistance_entries(assistants):
    for assistant in assistants:
        yield Entry(
            when=assistant.added_at, who=assistant.added_by, kind="assist",
            title=_("设置协办单位:%(department)s") % {"department": assistant.department.name},
        )
        if assistant.measures_at is not None:
            yield Entry(
                when=assistant.measures_at, who=assistant.measures_by, kind="assist",
                title=_("%(department)s填报协办措施") % {"department": assistant.department.name},
                note=assistant.measures,
            )


def _extension_entries(extensions):
    for extension in extensions:
        yield Entry(
            when=extension.requested_at,
            who=extension.requested_by,
            kind="extension",
            title=_("申请延期:%(old)s → %(new)s")
            % {"old": extension.current_deadline.isoformat(), "new": extension.requested_deadline.isoformat()},
            note=extension.reason,
        )
        if extension.decided_at is not None:
            approved = extension.status == extension.Status.APPROVED
            yield Entry(
                when=extension.decided_at,
                who=extension.decided_by,
                kind="decision",
                title=_("同意延期") if approved else _("驳回延期申请"),
                note=extension.decision_note,
            )


def _evidence_entries(evidence):
    for item in evidence:
        yield Entry(
            when=item.uploaded_at,
            who=item.uploaded_by,
            kind="evidence",
            title=_("%(department)s上传佐证材料(协办)") % {"department": item.department.name}
            if item.department else _("上传佐证材料"),
            note=item.description or item.file.name.rsplit("/", 1)[-1],
        )


def _field_changes(issue):
    """(when, who, reason, [Change]) for every saved change of the issue's fields and of its 四减 rows."""
    records = list(issue.history.select_related("history_user").order_by("history_date", "history_id"))
    names = _related_names(records)
    for previous, record in zip(records, records[1:], strict=False):
        delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
        moved_stage = record.stage != previous.stage
        changes = [
            Change(
                str(Issue._meta.get_field(change.field).verbose_name),
                _display(Issue, change.field, change.old, names),
                _display(Issue, change.field, change.new, names),
            )
            for change in sorted(delta.changes, key=lambda change: _field_order(change.field))
        ]
        if changes:
            yield record.history_date, record.history_user, record.history_change_reason, moved_stage, changes

    reductions = Reduction.history.filter(issue_id=issue.pk).select_related("history_user").order_by("history_id")
    last_seen = {}
    for record in reductions:
        label = _("四减·%(kind)s") % {"kind": record.get_kind_display()}
        old = last_seen.get(record.id, "—")
        new = "—" if record.history_type == "-" else _reduction_text(record)
        last_seen[record.id] = new
        if old != new:
            yield record.history_date, record.history_user, _("填报整改情况"), False, [Change(label, old, new)]


FIELD_ORDER = [f.name for f in Issue._meta.concrete_fields]


def _field_order(name):
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)


def _related_names(records):
    departments, items = set(), set()
    for record in records:
        departments.add(record.department_id)
        items.add(record.service_item_id)
    return {
        "department": dict(Department.objects.filter(pk__in=departments - {None}).values_list("pk", "name")),
        "service_item": dict(ServiceItem.objects.filter(pk__in=items - {None}).values_list("pk", "name")),
    }


def _display(model, name, value, names) -> str:
    if value in (None, ""):
        return "—"
    if name in names:
        return names[name].get(value, str(value))
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 5.00 → "5", 2.50 → "2.5"


def _reduction_text(record) -> str:
    return _("压减前%(before)s,压减后%(after)s") % {"before": _number(record.before), "after": _number(record.after)}
