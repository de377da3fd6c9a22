"""The 整改台账 superiors ask for: which columns, in their order, and what goes in each for one issue."""

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import WalkthroughSession
from issues.models import Issue
from reports.exporters.workbook import Column, Sheet, write_workbook


def ledger_columns() -> list[Column]:
    return [
        Column(_("序号"), 6, kind="int"),
        Column(_("台账编号"), 11),
        Column(_("问题来源"), 11, wrap=True),
        Column(_("走流程方式"), 11, wrap=True),
        Column(_("涉及事项"), 20, wrap=True),
        Column(_("发现日期"), 11, kind="date"),
        Column(_("问题类别"), 11, wrap=True),
        Column(_("问题描述"), 38, wrap=True),
        Column(_("责任单位"), 15, wrap=True),
        Column(_("责任人"), 9, wrap=True),
        Column(_("整改措施"), 34, wrap=True),
        Column(_("整改时限"), 11, kind="date"),
        Column(_("当前环节"), 9),
        Column(_("是否超期"), 8),
        Column(_("完成日期"), 11, kind="date"),
        Column(_("评价结果"), 9),
        Column(_("备注"), 18, wrap=True),
    ]


def labels(choices) -> dict[str, str]:
    """Choice labels translated once per export: get_FOO_display() costs a translation lookup per cell."""
    return {value: str(label) for value, label in choices}


class LedgerLine:
    """Turns issues into ledger lines; `issue` carries the annotations of issues.selectors.with_ledger_facts."""

    def __init__(self):
        self.sources, self.categories = labels(Issue.Source.choices), labels(Issue.Category.choices)
        self.stages, self.evaluations = labels(Issue.Stage.choices), labels(Issue.Evaluation.choices)
        self.modes = labels(WalkthroughSession.Mode.choices)
        self.yes, self.no = _("是"), _("否")

    def __call__(self, index: int, issue: Issue) -> tuple:
        walkthrough = issue.walkthrough
        closed_at = issue.closed_at
        return (
            index,
            issue.number,
            self.sources.get(issue.source, issue.source),
            self.modes.get(walkthrough.mode, "") if walkthrough else "",
            issue.service_item.name if issue.service_item else "",
            issue.discovered_on,
            self.categories.get(issue.category, issue.category),
            "\n".join(part for part in (issue.title, issue.description) if part),
            issue.department.name if issue.department else "",
            issue.responsible_person,
            issue.measures,
            issue.deadline,
            self.stages.get(issue.stage, issue.stage),
            self.yes if issue.is_overdue else self.no,
            timezone.localdate(closed_at) if closed_at else None,
            self.evaluations.get(issue.evaluation, ""),
            issue.remarks,
        )


def ledger_rows(issues: Iterable[Issue]) -> Iterator[tuple]:
    line = LedgerLine()
    for index, issue in enumerate(issues, start=1):
        yield line(index, issue)


def write_ledger(issues: Iterable[Issue], stream, *, title: str, subtitle: str) -> int:
    return write_workbook(stream, [Sheet(_("整改台账"), title, subtitle, ledger_columns(), ledger_rows(issues))])
