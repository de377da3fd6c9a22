"""Every dashboard figure links to the list it counts: follow each link and compare that list's own count."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from campaigns.filters import RosterFilter
from issues.filters import IssueFilter
from tests.factories import PASSWORD
from tests.reports_scenario import build_scenario

pytestmark = pytest.mark.django_db


def list_params(filterset) -> set[str]:
    names = set()
    for name, declared in filterset.base_filters.items():
        # the declaration, not declared.field: building the class-wide field fixes its label (test_translations)
        suffixes = getattr(declared.extra.get("widget") or declared.field_class.widget, "suffixes", None)
        names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
    return names


def figure_links(context) -> list[tuple[str, int, str]]:
    """(what, expected count of the list, url) for every linked figure on the page."""
    f, links = context["figures"], context["links"]
    pairs = [
        ("sessions", f.sessions, links["sessions"]),
        ("departments covered: the sessions they are counted in", f.sessions, links["departments_covered"]),
        ("officials walked", f.officials_walked, links["officials_walked"]),
        ("roster", f.roster, links["roster"]),
        ("found", f.found, links["found"]),
        ("rectified", f.rectified, links["rectified"]),
        ("average: the closed issues", f.rectified, links["average_working_days"]),
        ("fixed on the spot", f.fixed_on_spot, links["fixed_on_spot"]),
        ("long-term rules", f.long_term_rule, links["long_term_rule"]),
        ("overdue", f.overdue, links["overdue"]),
        ("evaluated", f.evaluated, links["evaluated"]),
        ("good", f.good, links["good"]),
    ]
    pairs += [(f"mode {mode.mode}", mode.count, url) for mode, url in context["modes"]]
    pairs += [(f"reduction {total.kind}", total.issues, url) for total, url in context["reductions"]]
    for table in context["tables"]:
        for row in table.rows:
            for column, cell in zip(table.columns, row, strict=True):
                if cell.url and column.kind == "int":
                    pairs.append((f"{table.key} {row[0].value}/{row[1].value} {column.header}", cell.value, cell.url))
    return pairs


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    if urlsplit(url).path == reverse("issues:issue_list"):
        return response.context["table"].paginator.count
    return response.context["total"]  # the walkthrough list and the roster print their total


def check_every_link(client, context) -> None:
    """Each link uses only parameters its list understands, and that list counts what the figure says."""
    known = {reverse("issues:issue_list"): list_params(IssueFilter), reverse("roster:list"): list_params(RosterFilter)}
    mismatches = []
    for what, expected, url in figure_links(context):
        keys = {key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
        assert keys <= known.get(urlsplit(url).path, keys), (what, url, keys - known[urlsplit(url).path])
        got = list_count(client, url)
        if got != expected:
            mismatches.append(f"{what}: figure {expected}, list {got} ({url})")
    assert not mismatches, "\n".join(mismatches)


def test_every_figure_of_the_leaders_dashboard_lands_on_the_list_it_counts(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    context = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk}).context
    assert len(figure_links(context)) >= 30
    check_every_link(client, context)


def test_every_figure_of_a_department_filtered_dashboard_lands_on_its_list(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    context = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk, "department": org.market.pk}).context
    check_every_link(client, context)


def test_a_liaisons_figures_land_on_his_own_lists(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="liaison", password=PASSWORD)
    context = client.get(reverse("reports:dashboard"), {"campaign": scenario.a.pk}).context
    assert context["figures"].found == 3
    check_every_link(client, context)


def test_the_month_links_cover_only_the_days_of_the_period(client, org, users):
    scenario = build_scenario(org, users)
    client.login(username="leader", password=PASSWORD)
    context = client.get(
        reverse("reports:dashboard"), {"campaign": scenario.a.pk, "date_from": "2025-03-15", "date_to": "2025-04-05"}
    ).context
    months = next(table for table in context["tables"] if table.key == "by_month")
    march_sessions = dict(parse_qsl(urlsplit(months.rows[0][1].url).query))
    assert sorted(v for k, v in march_sessions.items() if k.startswith("occurred_at_")) == ["2025-03-15", "2025-03-31"]
    check_every_link(client, context)
