"""Every URL of the app (the admin excepted), requested by every role, with GET and with POST, on objects of their
own and of another department or walker: allowed or denied exactly as the table below says.

A view added without a row here fails `test_every_url_pattern_has_a_row`. A row is the URL name, how to fill its
arguments from one side's objects (tests/url_access_world.py), and for GET and POST the set of viewers that get
through: keys like "participant:own" (the walker, his own walkthrough) or "liaison:other" (a liaison, another
department's issue). Everyone not named must be refused: 403, 404, 405, or (anonymous) the login page.
"""

import copy
import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from issues.selectors import issue_version
from tests.factories import PASSWORD
from tests.url_access_world import OTHER_COUNTY, PNG, SIDES, VIEWERS, build_world, relation

pytestmark = pytest.mark.django_db

# ── Who ───────────────────────────────────────────────────────────────────────────────────────────────────────────
ANYONE = frozenset({"anonymous", "participant", "liaison", "staff", "leader"})
SIGNED_IN = ANYONE - {"anonymous"}
STAFF = frozenset({"staff"})
READERS = frozenset({"staff", "leader"})  # center staff and leaders read everything
OWN = frozenset({"participant:own", "liaison:own"})
NOBODY = frozenset()
NOT_SERVED = None  # the method is not served: everyone gets 405 (or, anonymous, the login page)


@dataclass(frozen=True)
class Row:
    """`args(world, side)` gives the URL's arguments from that side's objects; None: the URL names no object."""

    get: frozenset | None
    post: frozenset | None
    args: Callable | None = None
    # What the POST sends: a valid form, so the request reaches the access check (an empty one may be refused by
    # the form first). Called for every request: uploads are fresh each time.
    data: Callable | None = None
    sided: bool = True  # False: the object belongs to no department (a campaign), so there is no own/other


def of(attribute: str):
    return lambda world, side: [getattr(getattr(world, side), attribute).pk]


def issue_and(attribute: str):
    """[the issue's pk, the pk of `attribute`] for URLs under an issue (its evidence, its extension)."""
    def args(world, side):
        related = getattr(getattr(world, side), attribute)
        return [related.issue_id, related.pk]
    return args


def step(action: str):
    return lambda world, side: [getattr(world, side).issue.pk, action]


def campaign(world, side):
    return [world.campaign.pk]


def today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def version_of(attribute: str):
    return lambda world, side: {"version": issue_version(getattr(getattr(world, side), attribute))}


def evidence_post(world, side):
    return {"file": SimpleUploadedFile("整改后.png", PNG), "description": "整改后"}


def callback_post(world, side):
    return {"callback_on": today(), "callback_by": "张三", "callback_result": "群众满意",
            **version_of("evaluating")(world, side)}


ISSUE_READERS = READERS | {"participant:own", "liaison:own"}  # the reporter, the responsible department, the center
# The walkthroughs are drafts (so their walker may still edit them): a leader reads submitted ones only.
WALKTHROUGH_READERS = STAFF | {"participant:own"}
TABLE: dict[str, Row] = {
    # Accounts and language
    "login": Row(get=ANYONE, post=ANYONE),
    "logout": Row(get=NOT_SERVED, post=ANYONE),
    "set_language": Row(get=ANYONE, post=ANYONE),
    "home": Row(get=SIGNED_IN, post=SIGNED_IN),
    "department_lookup": Row(get=SIGNED_IN, post=NOT_SERVED),  # names only, within the user's scope
    # Campaigns and the roster
    "campaign:list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "campaign:create": Row(get=STAFF, post=STAFF),
    "campaign:detail": Row(get=SIGNED_IN, post=SIGNED_IN, args=campaign, sided=False),
    "campaign:edit": Row(get=STAFF, post=STAFF, args=campaign, sided=False),
    "roster:list": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),  # a liaison: his department
    "roster:create": Row(get=STAFF, post=STAFF),
    "roster:edit": Row(get=STAFF, post=STAFF, args=of("official")),
    "roster:set_active": Row(get=NOT_SERVED, post=STAFF, args=of("official")),
    "roster:import": Row(get=STAFF, post=STAFF),
    "roster:template": Row(get=STAFF, post=STAFF),
    "roster:export": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    # Walkthroughs and their files
    "campaigns:walkthrough_list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "campaigns:walkthrough_create": Row(get={"participant", "staff"}, post={"participant", "staff"}),
    "campaigns:walkthrough_detail": Row(get=WALKTHROUGH_READERS, post=WALKTHROUGH_READERS, args=of("session")),
    "campaigns:walkthrough_edit": Row(get={"participant:own", "staff"}, post={"participant:own", "staff"},
                                      args=of("session")),
    "campaigns:authorisation_download": Row(get=WALKTHROUGH_READERS, post=WALKTHROUGH_READERS, args=of("session")),
    # The walkthrough app's service worker: a public script like any static file, served where its scope fits.
    "campaigns:service_worker": Row(get=ANYONE, post=NOT_SERVED),
    "campaigns:attachment_download": Row(get=WALKTHROUGH_READERS, post=WALKTHROUGH_READERS, args=of("attachment")),
    # A file kept from a refused form: its walker's alone until the form is saved, center staff included.
    "campaigns:pending_attachment_download": Row(get={"participant:own"}, post={"participant:own"}, args=of("pending")),
    # The ledger
    "issues:issue_list": Row(get=SIGNED_IN, post=STAFF),
    "issues:department_tasks": Row(get={"liaison"}, post={"liaison"}),
    "issues:issue_report": Row(get=STAFF, post=STAFF),
    "issues:issue_import": Row(get=STAFF, post=STAFF),
    "issues:issue_import_template": Row(get=STAFF, post=STAFF),
    "issues:issue_detail": Row(get=ISSUE_READERS, post=ISSUE_READERS, args=of("issue")),
    "issues:issue_edit": Row(get=STAFF, post=STAFF, args=of("issue")),
    "issues:rectification_edit": Row(get={"liaison:own", "staff"}, post={"liaison:own", "staff"}, args=of("issue")),
    "issues:issue_step": Row(get=NOT_SERVED, post={"liaison:own"}, args=step("submit"),
                             data=lambda world, side: {"submit-note": "整改完成", "submit-measures": "更换叫号机",
                                                       "submit-seen_stage": "rectification"}),
    "issues:evidence_upload": Row(get=NOT_SERVED, post={"liaison:own", "staff"}, args=of("issue"),
                                  data=evidence_post),
    "issues:evidence_download": Row(get=ISSUE_READERS, post=ISSUE_READERS, args=issue_and("evidence")),
    "issues:callback_record": Row(get=NOT_SERVED, post=STAFF, args=of("evaluating"), data=callback_post),
    "issues:extension_request": Row(get=NOT_SERVED, post={"liaison:own"}, args=of("issue"),
                                    data=lambda world, side: {"requested_deadline": today(30), "reason": "需外部门"}),
    "issues:extension_decide": Row(get=NOT_SERVED, post=STAFF, args=issue_and("extension"),
                                   data=lambda world, side: {"decision": "approve", "decision_note": "同意"}),
    # 退回/改派, 督办, 协办
    # Similar-issue hints answer every signed-in user within his hint scope; only staff merge duplicates.
    "issues:similar": Row(get=SIGNED_IN, post=NOT_SERVED),
    "issues:merge": Row(get=NOT_SERVED, post=STAFF, args=of("issue"),
                        data=lambda world, side: {"into": getattr(world, "b" if side == "a" else "a").issue.number}),
    "issues:reassign_queue": Row(get=STAFF, post=STAFF),
    "issues:deadline_confirm": Row(get=NOT_SERVED, post=STAFF, args=of("issue")),
    "issues:urge": Row(get=NOT_SERVED, post=READERS, args=of("issue"),
                       data=lambda world, side: {"note": "请加快整改"}),
    "issues:urging_reply": Row(get=NOT_SERVED, post={"liaison:own"}, args=issue_and("urging"),
                               data=lambda world, side: {"reply": "已加快"}),
    "issues:assisting_set": Row(get=NOT_SERVED, post=STAFF, args=of("issue"), data=lambda world, side: {
        "departments": [getattr(world, "b" if side == "a" else "a").issue.department_id]}),
    # No assisting department is set in this world, so nobody may record assistance (tests/test_co_handling.py
    # covers the assisting liaison).
    "issues:assistance_record": Row(get=NOT_SERVED, post=NOBODY, args=of("issue"),
                                    data=lambda world, side: {"measures": "协助提供材料"}),
    # 回访台账
    "callbacks:list": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    "callbacks:import": Row(get=NOT_SERVED, post=STAFF),
    "callbacks:template": Row(get=STAFF, post=STAFF),
    "callbacks:raise_issue": Row(get=STAFF, post=STAFF, args=of("callback")),
    # The intake API answers the platforms' tokens only (tests/test_intake*.py), never a browser session.
    "intake:hotline_tickets": Row(get=NOBODY, post=NOBODY),
    "intake:reviews": Row(get=NOBODY, post=NOBODY),
    "intake:schema": Row(get=ANYONE, post=NOT_SERVED),
    # Notifications
    "notifications:list": Row(get=SIGNED_IN, post=SIGNED_IN),
    "notifications:read": Row(get=NOT_SERVED, post={"liaison:own"}, args=of("notification")),
    "notifications:read_all": Row(get=NOT_SERVED, post=SIGNED_IN),
    # 整改公示: the public page (no login: it is for citizens), managed by staff
    "publicity:public_list": Row(get=ANYONE, post=ANYONE),
    "publicity:public_qr_svg": Row(get=ANYONE, post=ANYONE),
    "publicity:public_qr_png": Row(get=ANYONE, post=ANYONE),
    "publicity:manage": Row(get=STAFF, post=STAFF),
    "publicity:publish": Row(get=STAFF, post=STAFF, args=of("issue")),
    "publicity:withdraw": Row(get=NOT_SERVED, post=STAFF, args=of("publication")),
    # Reports and exports
    # Figures and exports are counted within the viewer's scope (a liaison: his department; a walker: his own).
    "reports:dashboard": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    "reports:dashboard_export": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    "reports:briefing": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    "reports:briefing_docx": Row(get=READERS | {"liaison"}, post=READERS | {"liaison"}),
    "reports:ledger_export": Row(get=SIGNED_IN, post=SIGNED_IN),
    "reports:walkthrough_export": Row(get=SIGNED_IN, post=SIGNED_IN),
    "reports:issue_print": Row(get=ISSUE_READERS, post=ISSUE_READERS, args=of("issue")),
    "reports:export_job": Row(get={"liaison:own"}, post={"liaison:own"}, args=of("export")),
    "reports:export_job_status": Row(get={"liaison:own"}, post={"liaison:own"}, args=of("export")),
    "reports:export_job_download": Row(get={"liaison:own"}, post={"liaison:own"}, args=of("export")),
    "reports:export_job_retry": Row(get=NOT_SERVED, post={"liaison:own"}, args=of("export")),
}


def url_names() -> dict[str, str]:
    """Every named pattern outside the admin: {"namespace:name": route}."""
    found = {}

    def walk(patterns, namespace, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith("admin/"):
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, route)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"URL {route} has no name: the access table cannot name it"
                found[f"{namespace}{entry.name}"] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_pattern_has_a_row():
    names = url_names()
    missing = sorted(set(names) - set(TABLE))
    assert not missing, f"add a row to tests/test_url_access.py TABLE for: {missing}"
    stale = sorted(set(TABLE) - set(names))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def outcome(response, login_url: str, *, valid_input: bool) -> str:
    if response.status_code in (401, 403, 404):
        return "denied"
    if response.status_code == 400:
        # A valid form refused: the workflow said no (shown beside the form). An empty one: the form said no,
        # after the view let the user in.
        return "denied" if valid_input else "allowed"
    if response.status_code == 405:
        return "not served"
    if response.status_code in (301, 302) and response["Location"].startswith(login_url + "?next="):
        return "denied"
    if response.status_code >= 500:
        return f"error {response.status_code}"
    return "allowed"


def expected(allowed: frozenset | None, key: str) -> set[str]:
    role = key.split(":")[0]
    if allowed is None:
        return {"not served", "denied"}
    if key.endswith(":" + OTHER_COUNTY):
        # Another county's object: only a public page (one anonymous may open) lets anyone in.
        return {"allowed"} if "anonymous" in allowed else {"denied", "not served"}
    return {"allowed"} if (key in allowed or role in allowed) else {"denied", "not served"}


def test_each_role_gets_exactly_what_the_table_says_on_every_url(org, users):
    world = build_world(org, users)
    clients = {}
    for role, username in VIEWERS.items():
        clients[role] = Client()
        if username:
            assert clients[role].login(username=username, password=PASSWORD)
    login_url = reverse("login")
    checked, wrong = 0, []
    for name, row in sorted(TABLE.items()):
        sides = SIDES if row.args and row.sided else (None,)
        for side in sides:
            url = reverse(name, args=row.args(world, side or "a") if row.args else None)
            for role, client in clients.items():
                key = relation(role, side)
                for method, allowed in (("GET", row.get), ("POST", row.post)):
                    # Each request is undone afterwards (its writes and a logout's cookie), so one viewer's POST
                    # never changes what the next request sees.
                    cookies = copy.deepcopy(client.cookies)
                    with transaction.atomic():
                        data = row.data(world, side or "a") if row.data else {}
                        response = client.get(url) if method == "GET" else client.post(url, data)
                        transaction.set_rollback(True)
                    client.cookies = cookies
                    got = outcome(response, login_url, valid_input=method == "POST" and row.data is not None)
                    checked += 1
                    if got not in expected(allowed, key):
                        wrong.append(f"{method} {url} ({name}) as {key}: {got} [{response.status_code}]")
    if os.environ.get("URL_ACCESS_REPORT"):
        print(f"\n{checked} requests checked")
    assert not wrong, f"{len(wrong)} of {checked} requests were not as the table says:\n" + "\n".join(wrong)


def test_no_stored_file_is_reachable_by_its_path(org, users):
    world = build_world(org, users)
    for role, username in VIEWERS.items():
        client = Client()
        if username:
            client.login(username=username, password=PASSWORD)
        for name in world.files:
            for prefix in ("/media/", "/protected-media/"):
                assert client.get(prefix + name).status_code == 404, f"{prefix}{name} as {role}"
