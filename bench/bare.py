"""The limits each page is measured against: hand-written SQL computing the same figures and rows, with no ORM,
no forms and no templates. A page at 1.0× its bare SQL spends nothing beyond the database's own work."""

from dataclasses import dataclass

from issues import workflow
from issues.models import Issue


@dataclass(frozen=True)
class Scope:
    """What a page counts over: a campaign, a department subtree (materialised path), overdue only."""

    campaign: int | None = None
    path: str | None = None
    overdue: bool = False


def _issue_campaign_column() -> bool:
    return any(field.attname == "campaign_id" for field in Issue._meta.concrete_fields)


def issue_where(scope: Scope, today) -> tuple[str, dict]:
    """WHERE clause over `i` (issues_issue), with the campaign by the issue's own campaign when the model has one
    and by its walkthrough's campaign otherwise — whichever the app counts by."""
    clauses, params = ["TRUE"], {"today": today}
    if scope.campaign:
        if _issue_campaign_column():
            clauses.append("i.campaign_id = %(campaign)s")
        else:
            clauses.append("i.walkthrough_id IN (SELECT id FROM campaigns_walkthroughsession "
                           "WHERE campaign_id = %(campaign)s)")
        params["campaign"] = scope.campaign
    if scope.path:
        clauses.append("i.department_id IN (SELECT id FROM campaigns_department WHERE path LIKE %(path)s)")
        params["path"] = scope.path + "%"
    if scope.overdue:
        clauses.append("i.deadline < %(today)s AND i.stage <> 'closed'")
    return " AND ".join(clauses), params


def _reopen_sql() -> str:
    pairs = [f"(e.from_stage = '{step.source}' AND e.to_stage = '{step.target}')" for step in workflow.reopen_steps()]
    return " OR ".join(pairs) or "FALSE"


def ledger_page(scope: Scope, today) -> list[tuple[str, dict]]:
    """The ledger list: how many lines match, and the first page of 25 with what its columns show."""
    where, params = issue_where(scope, today)
    return [
        (f"SELECT count(*) FROM issues_issue i WHERE {where}", params),
        (f"""SELECT i.id, i.number, i.title, i.source, i.category, i.severity, d.name, i.deadline, i.stage,
                    (i.deadline < %(today)s AND i.stage <> 'closed') AS overdue,
                    (SELECT count(*) FROM issues_issueevent e WHERE e.issue_id = i.id AND ({_reopen_sql()})) AS reopens
             FROM issues_issue i LEFT JOIN campaigns_department d ON d.id = i.department_id
             WHERE {where} ORDER BY i.year DESC, i.sequence DESC LIMIT 25""", params),
    ]


def issue_page(pk: int) -> list[tuple[str, dict]]:
    """One issue with its department, item and walkthrough; its events, history, evidence, reductions, extensions."""
    params = {"pk": pk}
    return [
        ("""SELECT i.*, d.name, s.name, w.mode, c.theme FROM issues_issue i
            LEFT JOIN campaigns_department d ON d.id = i.department_id
            LEFT JOIN campaigns_serviceitem s ON s.id = i.service_item_id
            LEFT JOIN campaigns_walkthroughsession w ON w.id = i.walkthrough_id
            LEFT JOIN campaigns_campaign c ON c.id = w.campaign_id WHERE i.id = %(pk)s""", params),
        ("""SELECT e.*, u.username, u.first_name FROM issues_issueevent e JOIN auth_user u ON u.id = e.actor_id
            WHERE e.issue_id = %(pk)s ORDER BY e.created_at, e.id""", params),
        ("SELECT * FROM issues_historicalissue WHERE id = %(pk)s ORDER BY history_id", params),
        ("""SELECT v.*, u.username FROM issues_evidence v JOIN auth_user u ON u.id = v.uploaded_by_id
            WHERE v.issue_id = %(pk)s ORDER BY v.uploaded_at""", params),
        ("SELECT * FROM issues_reduction WHERE issue_id = %(pk)s ORDER BY kind", params),
        ("SELECT * FROM issues_deadlineextension WHERE issue_id = %(pk)s ORDER BY requested_at", params),
    ]


def dashboard(scope: Scope, today, *, base_depth: int) -> list[tuple[str, dict]]:
    """Every figure of the dashboard and the briefing: walkthroughs by mode, roster walked, the ledger counts,
    discovery-to-closure pairs, the four reductions, and the by-department, by-category and by-month tables."""
    where, params = issue_where(scope, today)
    session_where = ["s.status = 'submitted'"]
    if scope.campaign:
        session_where.append("s.campaign_id = %(campaign)s")
    walked_where = list(session_where)
    if scope.path:
        session_where.append("s.department_id IN (SELECT id FROM campaigns_department WHERE path LIKE %(path)s)")
    sessions = " AND ".join(session_where)
    walked = " AND ".join(walked_where)
    roster = "o.is_active"
    if scope.path:
        roster += " AND o.department_id IN (SELECT id FROM campaigns_department WHERE path LIKE %(path)s)"
    modes = ", ".join(f"count(*) FILTER (WHERE s.mode = '{mode}')" for mode in ("simulated", "accompanied", "proxy",
                                                                                   "window_seat", "reverse"))
    stages = ", ".join(f"count(*) FILTER (WHERE i.stage = '{stage}')" for stage in workflow.Stage.values)
    counts = ("count(*), count(*) FILTER (WHERE i.stage = 'closed'), "
              "count(*) FILTER (WHERE i.deadline < %(today)s AND i.stage <> 'closed')")
    unit_length = 4 * (base_depth + 1)
    return [
        (f"SELECT count(*), count(DISTINCT s.department_id), {modes} FROM campaigns_walkthroughsession s "
         f"WHERE {sessions}", params),
        (f"""SELECT count(*), count(*) FILTER (WHERE o.id IN (
                 SELECT s.lead_id FROM campaigns_walkthroughsession s WHERE {walked}
                 UNION SELECT c.official_id FROM campaigns_walkthroughsession_companions c
                 JOIN campaigns_walkthroughsession s ON s.id = c.walkthroughsession_id WHERE {walked}))
             FROM campaigns_official o WHERE {roster}""", params),
        (f"""SELECT {counts}, count(*) FILTER (WHERE i.fixed_on_spot), count(*) FILTER (WHERE i.long_term_rule),
                    count(*) FILTER (WHERE i.evaluation <> ''),
                    count(*) FILTER (WHERE i.evaluation IN ('very_satisfied', 'satisfied')), {stages}
             FROM issues_issue i WHERE {where}""", params),
        (f"""SELECT i.discovered_on, (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)
             FROM issues_issue i JOIN (SELECT issue_id, max(created_at) AS closed_at FROM issues_issueevent
                                       WHERE to_stage = 'closed' GROUP BY issue_id) c ON c.issue_id = i.id
             WHERE i.stage = 'closed' AND {where} GROUP BY 1, 2""", params),
        (f"""SELECT r.kind, sum(r.before - r.after), count(DISTINCT r.issue_id) FROM issues_reduction r
             JOIN issues_issue i ON i.id = r.issue_id WHERE i.stage = 'closed' AND {where} GROUP BY r.kind""", params),
        (f"""SELECT substr(d.path, 1, {unit_length}), {counts} FROM issues_issue i
             LEFT JOIN campaigns_department d ON d.id = i.department_id WHERE {where} GROUP BY 1""", params),
        (f"SELECT i.category, {counts} FROM issues_issue i WHERE {where} GROUP BY 1", params),
        (f"""SELECT date_trunc('month', i.discovered_on), count(*), count(*) FILTER (WHERE i.stage = 'closed')
             FROM issues_issue i WHERE {where} GROUP BY 1""", params),
        (f"""SELECT date_trunc('month', s.occurred_at AT TIME ZONE 'Asia/Shanghai'), count(*)
             FROM campaigns_walkthroughsession s WHERE {sessions} GROUP BY 1""", params),
    ]
