"""What waits for each person: the to-do panel of the home page. Each number is counted with the same filter the
ledger applies to `?todo=<key>`, so the list a number links to holds exactly that many lines."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.roles import Role, roles_of
from campaigns.scope import liaison_department
from issues.models import DeadlineExtension, Issue, IssueEvent, Reminder, Urging
from issues.selectors import issue_list, overdue_q

Stage = Issue.Stage


def _sent_back() -> Exists:
    return Exists(IssueEvent.objects.filter(issue=OuterRef("pk"), action="send_back"))


def _last_step_was_reject() -> Q:
    """Back in rectification because the evaluation failed: the latest stage event is a 退回整改."""
    from django.db.models import Subquery

    latest = IssueEvent.objects.filter(issue=OuterRef("pk")).order_by("-pk").values("action")[:1]
    return Q(stage=Stage.RECTIFICATION) & Q(pk__in=Issue.objects.annotate(last=Subquery(latest))
                                             .filter(last="reject").values("pk"))


def _own(user) -> Q:
    department = liaison_department(user)
    return department.subtree_q("department") if department is not None else Q(pk__in=[])


# key: (label, who sees it on the home page, the filter — given the user and today)
TODOS = {
    "to_hand_off": (_("待交办"), {Role.CENTER_STAFF}, lambda user, today: Q(stage=Stage.EXPERIENCE) & ~Q(_sent_back())),
    "to_reassign": (_("待改派"), {Role.CENTER_STAFF}, lambda user, today: Q(stage=Stage.EXPERIENCE) & Q(_sent_back())),
    "extension_pending": (
        _("待审批延期"), {Role.CENTER_STAFF},
        lambda user, today: Q(Exists(DeadlineExtension.objects.filter(
            issue=OuterRef("pk"), status=DeadlineExtension.Status.PENDING))),
    ),
    "to_evaluate": (_("待评价"), {Role.CENTER_STAFF, Role.LEADER}, lambda user, today: Q(stage=Stage.EVALUATION)),
    "overdue": (_("已超期"), {Role.CENTER_STAFF}, lambda user, today: overdue_q(today)),
    "escalated": (
        _("超期通报"), {Role.LEADER},
        lambda user, today: overdue_q(today) & Q(Exists(Reminder.objects.filter(
            issue=OuterRef("pk"), kind=Reminder.Kind.ESCALATION))),
    ),
    "to_acknowledge": (_("待签收"), {Role.DEPT_LIAISON}, lambda user, today: _own(user) & Q(stage=Stage.FEEDBACK)),
    "rectifying": (_("整改中"), {Role.DEPT_LIAISON}, lambda user, today: _own(user) & Q(stage=Stage.RECTIFICATION)),
    "returned": (_("退回整改"), {Role.DEPT_LIAISON}, lambda user, today: _own(user) & _last_step_was_reject()),
    "assisting": (
        _("协办"), {Role.DEPT_LIAISON},
        lambda user, today: ~_own(user) & Q(stage__in=[Stage.FEEDBACK, Stage.RECTIFICATION]),
    ),
    "urged": (
        _("督办待回复"), {Role.DEPT_LIAISON},
        lambda user, today: _own(user) & Q(Exists(Urging.objects.filter(issue=OuterRef("pk"), replied_at=None))),
    ),
}
TODO_CHOICES = [(key, label) for key, (label, _roles, _q) in TODOS.items()]
URGENT = {"overdue", "escalated", "returned", "urged", "to_reassign"}


def todo_q(key: str, *, user, today: datetime.date) -> Q:
    """The filter of one to-do list (the ledger applies it for `?todo=key`)."""
    return TODOS[key][2](user, today)


@dataclass(frozen=True)
class Todo:
    key: str
    label: str
    count: int
    url: str
    urgent: bool


def todo_panel(*, user, today: datetime.date) -> list[Todo]:
    """The to-do numbers this user's roles call for, each with the link to its list (one COUNT per number)."""
    roles = roles_of(user)
    scoped = issue_list(user=user)
    ledger = reverse("issues:issue_list")
    panel = []
    for key, (label, wanted_by, _filter) in TODOS.items():
        if not roles & wanted_by:
            continue
        count = scoped.filter(todo_q(key, user=user, today=today)).count()
        url = reverse("issues:reassign_queue") if key == "to_reassign" else f"{ledger}?todo={key}"
        panel.append(Todo(key, str(label), count, url, urgent=key in URGENT and count > 0))
    return panel


def overdue_by_department(*, user, today: datetime.date) -> list[dict]:
    """Leaders: overdue issues per responsible department, most first, each with its ledger link."""
    rows = (
        issue_list(user=user).filter(overdue_q(today), department__isnull=False)
        .values("department", "department__name").annotate(n=Count("pk")).order_by("-n", "department__name")
    )
    ledger = reverse("issues:issue_list")
    return [
        {"name": row["department__name"], "count": row["n"],
         "url": f"{ledger}?overdue=true&department_exact={row['department']}"}
        for row in rows
    ]


def findings_of(*, user) -> list[dict]:
    """A walker's findings by what became of them (stage), each with its ledger link."""
    if Role.PARTICIPANT not in roles_of(user):
        return []
    counts = dict(
        issue_list(user=user).filter(Q(created_by=user) | Q(walkthrough__lead__user=user))
        .values_list("stage").annotate(n=Count("pk")).order_by()
    )
    ledger = reverse("issues:issue_list")
    return [
        {"label": stage.label, "count": counts.get(stage.value, 0), "url": f"{ledger}?stage={stage.value}"}
        for stage in Stage
        if counts.get(stage.value)
    ]
