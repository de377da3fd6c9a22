"""Every page of the app, opened in real Chromium with the Content-Security-Policy on, runs without a single CSP
violation: no inline script or handler left, no asset from elsewhere. The pages are those of the URLconf × role table
(tests/test_url_access.py): each HTML page that some role may GET, opened as that role."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser import browser, log_in  # noqa: F401 - fixture
from tests.factories import PASSWORD
from tests.test_url_access import TABLE, expected
from tests.url_access_world import VIEWERS, build_world, relation

# Who opens a page: the first viewer the table lets in, most privileged first, on side a (his own).
OPENERS = ("staff", "leader", "liaison", "participant", "anonymous")


def pages_to_open(world):
    """[(role, url)] for every HTML page some role may GET."""
    clients = {}
    for role in OPENERS:
        clients[role] = Client()
        if VIEWERS[role]:
            clients[role].login(username=VIEWERS[role], password=PASSWORD)
    pages = []
    for name, row in sorted(TABLE.items()):
        if row.get is None or name in ("logout", "set_language"):
            continue
        side = "a" if row.args and row.sided else None
        url = reverse(name, args=row.args(world, side or "a") if row.args else None)
        for role in OPENERS:
            if "allowed" not in expected(row.get, relation(role, side)):
                continue
            response = clients[role].get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages.append((role, url))
            break
    return pages


@pytest.mark.django_db(transaction=True)
def test_no_page_violates_the_content_security_policy(browser, live_server, org, users, settings):  # noqa: F811
    world = build_world(org, users)
    pages = pages_to_open(world)
    assert len(pages) >= 30, pages  # the table's HTML pages, not a handful
    violations = []
    by_role = {}
    for role, url in pages:
        by_role.setdefault(role, []).append(url)
    for role, urls in by_role.items():
        context = browser.new_context()
        page = context.new_page()
        current = {"url": ""}
        def on_console(message, current=current):
            if "Content Security Policy" in message.text:
                violations.append(f"{current['url']}: {message.text}")

        page.on("console", on_console)
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        if VIEWERS[role]:
            log_in(page, live_server, VIEWERS[role], PASSWORD)
        for url in urls:
            current["url"] = url
            response = page.goto(f"{live_server.url}{url}")
            policy = response.headers.get("content-security-policy", "")
            assert "default-src 'self'" in policy and "script-src 'self';" in policy + ";", url
            page.wait_for_load_state("networkidle")
        context.close()
    assert not violations, "\n".join(violations)
