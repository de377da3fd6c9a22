"""Counties side by side: what a city's (or province's) dashboard and briefing compare.

When a report is about a node above county level (a city, a province), each region directly below it (its counties
and districts, or its cities) gets one row: walked/roster, found, rectified, rate, overdue. The rows are counted
in SQL through the same scoped querysets as every other figure (reports.selectors), so a county's row on the
city's dashboard equals that county's own dashboard for the same filter.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from campaigns.models import Department, Official
from campaigns.models.organisation import REGION_KINDS
from issues.models import Issue
from reports.figures import ratio
from reports.links import FigureLinks, list_path

ABOVE_COUNTY = (Department.Kind.PROVINCE, Department.Kind.CITY)


@dataclass(frozen=True)
class RegionRow:
    """One county (or city) of the comparison. `walked` counts roster entries who walked, like the headline."""

    region: Department
    roster: int
    walked: int
    found: int
    rectified: int
    overdue: int

    @property
    def walked_share(self) -> Decimal | None:
        return ratio(self.walked, self.roster)

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.rectified, self.found)


def compared_regions(base: Department | None) -> list[Department]:
    """The regions one level below `base` when `base` is a city or province; [] otherwise (nothing to compare)."""
    if base is None or base.kind not in ABOVE_COUNTY:
        return []
    return list(
        Department.objects.filter(path__startswith=base.path, depth__gt=base.depth, kind__in=REGION_KINDS)
        .order_by("depth", "path")
        .filter(depth=base.depth + 1)
    )


def _per_region(queryset: QuerySet, prefixes: tuple[str, ...], regions: list[Department], **counts) -> dict:
    """`counts` aggregated per region, grouped on the path prefix of the first of `prefixes`' departments that is
    set (an issue not yet handed off counts where it was taken in) — one query."""
    if not regions:
        return {}
    width = regions[0].steplen * regions[0].depth
    paths = [Substr(f"{prefix}__path", 1, width) for prefix in prefixes]
    grouped = (
        queryset.annotate(region_path=Coalesce(*paths) if len(paths) > 1 else paths[0])
        .filter(region_path__in=[region.path for region in regions])
        .values("region_path").annotate(**counts).order_by()
    )
    return {row["region_path"]: row for row in grouped}


def region_rows(*, base, issues: QuerySet[Issue], roster: QuerySet[Official], walked: Q, overdue: Q) -> tuple:
    """One RegionRow per region below `base`, in tree order; empty when `base` is a county or below.
    `issues`, `roster`, `walked` and `overdue` are the report's own scoped querysets and conditions."""
    regions = compared_regions(base)
    if not regions:
        return ()
    found = _per_region(
        issues, ("department", "intake_unit"), regions, found=Count("pk"),
        rectified=Count("pk", filter=Q(stage=Issue.Stage.CLOSED)), overdue=Count("pk", filter=overdue),
    )
    people = _per_region(roster, ("department",), regions, roster=Count("pk"), walked=Count("pk", filter=walked))
    rows = []
    for region in regions:
        f, p = found.get(region.path, {}), people.get(region.path, {})
        rows.append(RegionRow(
            region=region, roster=p.get("roster", 0), walked=p.get("walked", 0), found=f.get("found", 0),
            rectified=f.get("rectified", 0), overdue=f.get("overdue", 0),
        ))
    return tuple(rows)


def _narrowed(links: FigureLinks, region: Department) -> FigureLinks:
    return FigureLinks(replace(links.filters, department=region))


def region_dashboard_url(links: FigureLinks, region: Department) -> str:
    """The same dashboard, drilled down to one county."""
    query = urlencode(replace(links.filters, department=region).querystring_items())
    return f"{list_path('reports:dashboard')}?{query}"


def region_table(rows, links: FigureLinks):
    """The comparison as a dashboard table (every figure links to that county's own list)."""
    from reports.exporters.workbook import Column
    from reports.tables import Cell, ReportTable

    closed = ("stage", Issue.Stage.CLOSED)
    body = tuple(
        (
            Cell(row.region.name, region_dashboard_url(links, row.region)),
            Cell(row.walked, _narrowed(links, row.region).roster(walked=True)),
            Cell(row.roster, _narrowed(links, row.region).roster()),
            Cell(row.walked_share),
            Cell(row.found, links.issues(department=row.region)),
            Cell(row.rectified, links.issues(closed, department=row.region)),
            Cell(row.rate, links.issues(closed, department=row.region)),
            Cell(row.overdue, links.issues(("overdue", "true"), department=row.region)),
        )
        for row in rows
    )
    return ReportTable(
        key="by_region",
        title=_("各县(区)对比"),
        columns=(
            Column(_("县(区)"), 16, wrap=True), Column(_("已走流程(人)"), 10, kind="int"),
            Column(_("名册(人)"), 10, kind="int"), Column(_("参与率(%)"), 10, kind="decimal"),
            Column(_("发现问题"), 10, kind="int"), Column(_("已整改"), 10, kind="int"),
            Column(_("整改率(%)"), 10, kind="decimal"), Column(_("超期"), 8, kind="int"),
        ),
        rows=body,
        empty_text=_("暂无数据"),
    )


def region_sentence(rows) -> str:
    """"其中,青山县发现问题29个、已整改18个;白溪县发现问题4个、已整改1个" — the counties in the city's briefing."""
    parts = [
        _("%(name)s已走流程%(walked)s人、发现问题%(found)s个、已整改%(rectified)s个") % {
            "name": row.region.name, "walked": row.walked, "found": row.found, "rectified": row.rectified}
        for row in rows
    ]
    return _("分县(区)看,%(parts)s。") % {"parts": _(";").join(parts)} if parts else ""
