"""What a browser posts to the walkthrough form, for the walkthrough tests."""

import datetime

from django.utils import timezone

# The facts each mode requires, filled in.
MODE_FACTS = {
    "simulated": {"simulated_via": "hall", "steps_experienced": "取号→咨询→递交材料→受理"},
    "accompanied": {"citizen_name": "李大姐", "citizen_phone": "13812345678", "citizen_feedback": "排队太久"},
    "proxy": {
        "citizen_name": "王大爷", "authorisation_method": "书面委托", "proxy_steps": ["registration", "filling"],
    },
    "window_seat": {"window_number": "A3", "hours_at_window": "2.5", "citizens_received": "12"},
    "reverse": {
        "complaint_source": "hotline_12345", "complaint_reference": "12345-2026-01234",
        "complaint_text": "办营业执照跑了三趟", "blocking_point": "名称核准与设立登记分两个窗口",
    },
}


def walkthrough_post(*, campaign, department, lead, mode="reverse", items=(), findings=(), draft=False, **overrides):
    occurred = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "campaign": campaign.pk, "mode": mode, "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "department": department.pk, "service_items": [item.pk for item in items], "lead": lead.pk,
        "channel": "offline", "scope": "own_unit", "guide_matches_practice": "unknown",
        "findings-TOTAL_FORMS": str(max(1, len(findings))), "findings-INITIAL_FORMS": "0",
        **MODE_FACTS[mode],
    }
    # A browser posts the untouched defaults of the blank finding form.
    data.update({"findings-0-category": "other", "findings-0-severity": "minor"})
    for index, title in enumerate(findings):
        data.update({f"findings-{index}-title": title, f"findings-{index}-category": "trips",
                     f"findings-{index}-severity": "major"})
    data["save_draft" if draft else "submit"] = "1"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
