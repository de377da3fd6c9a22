"""The 整改台账 superiors ask for: which columns, in their order, and what goes in each for one issue.

`LEDGER_COLUMNS` is the one list: header, width and the value of each column, in the order every ledger export
writes them (README, "The 整改台账 columns"). To add a column, add it here, in its place; nothing else lists them.
The lines come from issues.ledger_lines: plain rows with what is counted beside each, never model instances.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import WalkthroughSession
from issues.ledger_lines import LedgerLineFacts
from issues.models import Issue, Reduction
from reports.exporters.workbook import Column, Sheet, write_workbook
from reports.tables import number_text


def labels(choices) -> dict[str, str]:
    """Choice labels translated once per export: get_FOO_display() costs a translation lookup per cell."""
    return {value: str(label) for value, label in choices}


class LedgerLine:
    """What the cells need besides the line: labels translated once per export."""

    def __init__(self):
        self.sources, self.categories = labels(Issue.Source.choices), labels(Issue.Category.choices)
        self.stages, self.evaluations = labels(Issue.Stage.choices), labels(Issue.Evaluation.choices)
        self.kinds, self.modes = labels(Issue.Kind.choices), labels(WalkthroughSession.Mode.choices)
        self.reduction_kinds = labels(Reduction.Kind.choices)
        self.yes, self.no = _("是"), _("否")
        self.on_spot, self.rule = _("立行立改"), _("建章立制")
        self.values = [column.value for column in LEDGER_COLUMNS]
        self.kind_order = {kind: order for order, kind in enumerate(Reduction.Kind.values)}

    def __call__(self, index: int, issue: LedgerLineFacts) -> tuple:
        return tuple([value(self, index, issue) for value in self.values])

    def how_fixed(self, issue: LedgerLineFacts) -> str:
        return "、".join(text for flag, text in ((issue.fixed_on_spot, self.on_spot), (issue.long_term_rule, self.rule))
                        if flag)

    def reductions(self, issue: LedgerLineFacts) -> str:
        """四减 before → after, one line per kind in the kinds' order: "减时限(工作日):5→2"."""
        if not issue.reductions:
            return ""
        return "\n".join(
            f"{self.reduction_kinds.get(kind, kind)}:{number_text(before)}→{number_text(after)}"
            for kind, before, after in sorted(issue.reductions, key=lambda r: self.kind_order[r[0]])
        )


@dataclass(frozen=True)
class LedgerColumn:
    header: str
    width: int
    value: Callable[[LedgerLine, int, LedgerLineFacts], object]
    kind: str = "text"
    wrap: bool = False

    def column(self) -> Column:
        return Column(str(self.header), self.width, kind=self.kind, wrap=self.wrap)


def _closed_on(issue: LedgerLineFacts):
    return timezone.localdate(issue.closed_at) if issue.closed_at else None


LEDGER_COLUMNS = (
    LedgerColumn(gettext_lazy("序号"), 6, lambda line, index, issue: index, kind="int"),
    LedgerColumn(gettext_lazy("台账编号"), 11, lambda line, index, issue: issue.number),
    LedgerColumn(gettext_lazy("所属活动"), 16,
                 lambda line, index, issue: issue.campaign_theme or "", wrap=True),
    LedgerColumn(gettext_lazy("类型"), 8, lambda line, index, issue: line.kinds.get(issue.kind, issue.kind)),
    LedgerColumn(gettext_lazy("问题来源"), 11, lambda line, index, issue: line.sources.get(issue.source, issue.source),
                 wrap=True),
    LedgerColumn(gettext_lazy("走流程方式"), 11,
                 lambda line, index, issue: line.modes.get(issue.walkthrough_mode, ""),
                 wrap=True),
    LedgerColumn(gettext_lazy("涉及事项"), 20,
                 lambda line, index, issue: issue.service_item_name or "", wrap=True),
    LedgerColumn(gettext_lazy("发现日期"), 11, lambda line, index, issue: issue.discovered_on, kind="date"),
    LedgerColumn(gettext_lazy("问题类别"), 11,
                 lambda line, index, issue: line.categories.get(issue.category, issue.category), wrap=True),
    LedgerColumn(gettext_lazy("问题描述"), 38,
                 lambda line, index, issue: "\n".join(part for part in (issue.title, issue.description) if part),
                 wrap=True),
    LedgerColumn(gettext_lazy("责任单位"), 15,
                 lambda line, index, issue: issue.department_name or "", wrap=True),
    LedgerColumn(gettext_lazy("责任人"), 9, lambda line, index, issue: issue.responsible_person, wrap=True),
    LedgerColumn(gettext_lazy("整改措施"), 34, lambda line, index, issue: issue.measures, wrap=True),
    LedgerColumn(gettext_lazy("立行立改/建章立制"), 12, lambda line, index, issue: line.how_fixed(issue), wrap=True),
    LedgerColumn(gettext_lazy("四减成效(压减前→后)"), 22, lambda line, index, issue: line.reductions(issue), wrap=True),
    LedgerColumn(gettext_lazy("整改时限"), 11, lambda line, index, issue: issue.deadline, kind="date"),
    LedgerColumn(gettext_lazy("当前环节"), 9, lambda line, index, issue: line.stages.get(issue.stage, issue.stage)),
    LedgerColumn(gettext_lazy("是否超期"), 8, lambda line, index, issue: line.yes if issue.is_overdue else line.no),
    LedgerColumn(gettext_lazy("退回整改次数"), 8, lambda line, index, issue: issue.reopen_count, kind="int"),
    LedgerColumn(gettext_lazy("督办次数"), 8, lambda line, index, issue: issue.urging_count, kind="int"),
    LedgerColumn(gettext_lazy("同类发现次数"), 8, lambda line, index, issue: issue.sighting_count, kind="int"),
    LedgerColumn(gettext_lazy("完成日期"), 11, lambda line, index, issue: _closed_on(issue), kind="date"),
    LedgerColumn(gettext_lazy("评价结果"), 9, lambda line, index, issue: line.evaluations.get(issue.evaluation, "")),
    LedgerColumn(gettext_lazy("备注"), 18, lambda line, index, issue: issue.remarks, wrap=True),
)


def ledger_columns() -> list[Column]:
    return [column.column() for column in LEDGER_COLUMNS]


def ledger_rows(issues: Iterable[LedgerLineFacts]) -> Iterator[tuple]:
    line = LedgerLine()
    for index, issue in enumerate(issues, start=1):
        yield line(index, issue)


def write_ledger(issues: Iterable[LedgerLineFacts], stream, *, title: str, subtitle: str) -> int:
    return write_workbook(stream, [Sheet(_("整改台账"), title, subtitle, ledger_columns(), ledger_rows(issues))])
