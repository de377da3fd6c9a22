"""The data behind the dashboard's ECharts, with the list URL of every bar so a click lands on what it counts."""

from django.utils.translation import gettext as _

from reports.figures import DashboardFigures
from reports.links import FigureLinks


def chart_data(figures: DashboardFigures, links: FigureLinks) -> dict:
    months = figures.by_month
    departments = figures.by_department  # the table's rows, all of them: chart and table never disagree
    return {
        "no_data": _("暂无数据"),
        "trend": {
            "months": [f"{row.month:%Y-%m}" for row in months],
            "series": [
                {"name": _("走流程(次)"), "type": "bar",
                 "data": [row.sessions for row in months], "urls": [links.month_row(r, "sessions") for r in months]},
                {"name": _("发现问题(个)"), "type": "bar",
                 "data": [row.found for row in months], "urls": [links.month_row(r, "found") for r in months]},
                {"name": _("其中已整改(个)"), "type": "line",
                 "data": [row.rectified for row in months], "urls": [links.month_row(r, "rectified") for r in months]},
            ],
        },
        "stages": [
            {"name": row.label, "value": row.count, "url": links.stage(row.stage)} for row in figures.by_stage
        ],
        "categories": [
            {"name": row.label, "value": row.found, "url": links.category_row(row, "found")}
            for row in figures.by_category
        ],
        "departments": {
            # every row of the table, however many: the chart grows instead of dropping departments
            "height": max(360, 60 + 28 * len(departments)),
            "names": [row.label for row in departments],
            "series": [
                {"name": _("发现问题"), "data": [row.found for row in departments],
                 "urls": [links.department_row(r, "found") for r in departments]},
                {"name": _("已整改"), "data": [row.rectified for row in departments],
                 "urls": [links.department_row(r, "rectified") for r in departments]},
                {"name": _("超期未整改"), "data": [row.overdue for row in departments],
                 "urls": [links.department_row(r, "overdue") for r in departments]},
            ],
        },
    }
