"""The downloadable registers, defined once for both paths: the immediate download and the background job.

Each export is rebuilt from (user, querystring) — the list page's own filterset over the user's scoped
queryset — so the background job writes exactly the rows the user saw, within the scope he has when it runs.
"""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.filters import WalkthroughFilter
from campaigns.selectors import walkthrough_list
from issues.filters import IssueFilter
from issues.ledger_lines import ledger_lines
from issues.selectors import issue_list
from issues.tables import IssueTable
from reports.exporters.ledger import write_ledger
from reports.exporters.walkthroughs import write_walkthrough_log

CHUNK_ROWS = 1000  # rows fetched per database round trip while streaming
PROGRESS_EVERY = 200  # rows between two progress reports


def model_rows(queryset: QuerySet) -> Iterator:
    return queryset.iterator(chunk_size=CHUNK_ROWS)


@dataclass
class PreparedExport:
    kind: str
    queryset: QuerySet
    title: str
    subtitle: str
    filename: str
    writer: Callable
    rows: Callable[[QuerySet], Iterable] = model_rows  # what the writer is given for the queryset, streamed
    problems: tuple[str, ...] = ()  # what is wrong with the list's filter ("label: error"); nothing is exported then

    def count(self) -> int:
        return self.queryset.count()

    def write(self, stream, *, progress: Callable[[int], None] | None = None) -> int:
        rows = self.rows(self.queryset)
        return self.writer(reporting(rows, progress), stream, title=self.title, subtitle=self.subtitle)


def reporting(rows: Iterable, progress: Callable[[int], None] | None) -> Iterator:
    """Pass rows through, telling `progress` how many have gone by every PROGRESS_EVERY rows and at the end."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def _date_range_text(value) -> str:
    if not value or not (value.start or value.stop):
        return ""
    def day(moment):
        if isinstance(moment, datetime.datetime):
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return moment.date().isoformat()
        return moment.isoformat()
    start = day(value.start) if value.start else "…"
    stop = day(value.stop) if value.stop else "…"
    return _("%(start)s至%(end)s") % {"start": start, "end": stop}


def filter_problems(form) -> tuple[str, ...]:
    """Each refused filter field as "label: its errors", in the form's order."""
    if form.is_valid():
        return ()
    return tuple(
        _("%(label)s:%(errors)s") % {"label": form[name].label if name in form.fields else _("筛选条件"),
                                      "errors": " ".join(error.rstrip("。.") for error in errors)}
        for name, errors in form.errors.items()
    )


def _subtitle(parts: list[str], today: datetime.date) -> str:
    parts = [part for part in parts if part]
    parts.append(_("导出日期:%(date)s") % {"date": today.isoformat()})
    return ";".join(parts)


def _campaign_period_text(campaign) -> str:
    if not campaign:
        return ""
    period = {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()}
    return _("活动期间:%(start)s至%(end)s") % period


def ledger_export(*, user, params: QueryDict, today: datetime.date) -> PreparedExport:
    """The ledger list's rows for this querystring and user: in the list's order when it is sorted (?sort=), else
    oldest number first."""
    issue_filter = IssueFilter(params, queryset=issue_list(user=user), user=user)
    issues = issue_filter.qs.order_by("year", "sequence")
    data = issue_filter.form.cleaned_data if issue_filter.is_valid() else {}
    campaign, department = data.get("campaign"), data.get("department")
    parts = [_campaign_period_text(campaign)]
    if department:
        parts.append(_("责任单位:%(name)s(含下属单位)") % {"name": department.name})
    if period := _date_range_text(data.get("discovered_on")):
        parts.append(_("发现日期:%(period)s") % {"period": period})
    return PreparedExport(
        kind="ledger",
        queryset=issues,
        title=_("%(name)s问题整改台账") % {"name": campaign.theme if campaign else _("走流程")},
        subtitle=_subtitle(parts, today),
        filename=_("整改台账-%(date)s.xlsx") % {"date": today.strftime("%Y%m%d")},
        writer=write_ledger,
        rows=functools.partial(ledger_lines, today=today, order_by=IssueTable.sort_keys(params.get("sort", ""))),
        problems=filter_problems(issue_filter.form),
    )


def walkthrough_export(*, user, params: QueryDict, today: datetime.date) -> PreparedExport:
    """The walkthrough list's rows for this querystring and user, in the order they happened."""
    sessions = walkthrough_list(user=user).annotate(finding_count=Count("issues"))
    session_filter = WalkthroughFilter(params, queryset=sessions, user=user)
    sessions = (
        session_filter.qs.select_related("campaign", "department", "lead")
        .prefetch_related("service_items", "companions")
        .order_by("occurred_at", "pk")
    )
    data = session_filter.form.cleaned_data if session_filter.is_valid() else {}
    campaign, department = data.get("campaign"), data.get("department")
    parts = [_campaign_period_text(campaign)]
    if department:
        parts.append(_("体验单位:%(name)s") % {"name": department.name})
    if period := _date_range_text(data.get("occurred_at")):
        parts.append(_("体验日期:%(period)s") % {"period": period})
    return PreparedExport(
        kind="walkthroughs",
        queryset=sessions,
        title=_("%(name)s走流程记录表") % {"name": campaign.theme if campaign else ""},
        subtitle=_subtitle(parts, today),
        filename=_("走流程记录-%(date)s.xlsx") % {"date": today.strftime("%Y%m%d")},
        writer=write_walkthrough_log,
        problems=filter_problems(session_filter.form),
    )


EXPORTS = {"ledger": ledger_export, "walkthroughs": walkthrough_export}


def prepare_export(kind: str, *, user, query: str, today: datetime.date | None = None) -> PreparedExport:
    return EXPORTS[kind](user=user, params=QueryDict(query), today=today or timezone.localdate())
