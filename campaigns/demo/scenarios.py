"""Shapes and helpers shared by the demo scenario modules.

A session scenario is a dict:
    at          where in the campaign it happened, 0.0 (first day) … 1.0 (yesterday / last day)
    time        "HH:MM" the walk started
    mode, channel, dept (department code), items (service item codes), lead, companions (roster names)
    cross       True when the walker tests another unit (部门间相互体验)
    announced   True when the unit was told in advance (default: unannounced 暗访)
    measure     measure(...) below
    facts       the mode's own fields (see campaigns/modes.py)
    experience  what the walker wrote
    findings    finding dicts

A finding (or a non-walkthrough issue) is a dict with the Issue fields title, description, category,
severity and optionally fixed_on_spot, long_term_rule (recorded with the rectification), dept (responsible
department code, default: the session's), item (service item code) and remarks, plus how far the ledger
loop has gone:
    plan        one of PLANS
    limit       working days given for rectification (default 10)
    measures    the measures the department reports when it submits
    reject_note, measures_2   for the reopened plans: why the first fix failed, and the second fix
    evaluated_by  "staff" (default) or "leader"
    evaluation    the rating when accepted (default: a passing one drawn at random)
    callback      what the second callback (二次回访) heard, recorded where the workflow step accepts it
    reductions    {kind: (before, after)} of the 四减 the fix achieved, e.g. {"time_limit": (3, 1)}
    extension     {"status": "approved"|"refused"|"pending", "days", "reason", "note"}: the department asks for
                  `days` more working days (an open issue whose first deadline passed gets an approved one anyway)
    ref           (other sources only) the ticket number, e.g. "12345-{year}-02316"
"""

PLANS = {
    # plan: the workflow actions taken, in order
    "experience": (),
    "feedback": ("hand_off",),
    "feedback_overdue": ("hand_off",),
    "rectification": ("hand_off", "acknowledge"),
    "rectification_overdue": ("hand_off", "acknowledge"),
    "evaluation": ("hand_off", "acknowledge", "submit"),
    "closed": ("hand_off", "acknowledge", "submit", "accept"),
    "reopened": ("hand_off", "acknowledge", "submit", "reject"),
    "reopened_closed": ("hand_off", "acknowledge", "submit", "reject", "submit", "accept"),
}
OVERDUE_PLANS = {"feedback_overdue", "rectification_overdue"}
OPEN_PLANS = {"feedback", "rectification", "evaluation", "reopened"}


def measure(waiting=None, total=None, trips=None, windows=None, requested=None, in_guide=None, matches=None):
    """The walker's measurements: minutes waited, minutes in all, trips, windows, materials asked/listed."""
    return {
        "waiting_minutes": waiting,
        "total_minutes": total,
        "trips": trips,
        "windows_visited": windows,
        "materials_requested": requested,
        "materials_in_guide": in_guide,
        "guide_matches_practice": matches,
    }


ALL_PROXY_STEPS = ["registration", "filling", "submission", "result"]
