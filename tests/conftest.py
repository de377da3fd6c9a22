import os

import pytest
from django.conf import settings

from campaigns.roles import Role

ON_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    # On CI the real services are part of the contract: a missing one fails the run, never skips tests.
    if ON_CI:
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise pytest.UsageError("CI=true needs DATABASE_URL pointing at PostgreSQL")
        if not settings.REDIS_URL:
            raise pytest.UsageError("CI=true needs REDIS_URL pointing at Redis")


def require_postgresql():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL (set DATABASE_URL); required on CI")


def require_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL); required on CI")


# Fixtures that give a test the database, directly or through another fixture.
DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


@pytest.fixture(autouse=True)
def reference_data(request, django_db_blocker, _django_db_marker):
    """Role groups and the calendar are there before every database test, whatever ran before it.

    No test uses ``serialized_rollback``: a snapshot restored on top of content types that a flush's
    post_migrate recreated with new keys fails on their unique constraint. Nor could it serve: with
    ``--reuse-db`` Django serialises the test database as the last run left it (emptied by a flush). So the rows
    are checked for (a few small queries) and put back, committed, before each database test.
    """
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES.intersection(request.fixturenames)
    if uses_db:
        request.getfixturevalue("django_db_setup")
        from tests.reference_data import restore_if_missing

        with django_db_blocker.unblock():
            restore_if_missing()
    yield


@pytest.fixture(autouse=True)
def fresh_list_counts():
    """Cached list totals (campaigns.counting) are keyed by their SQL: a test's rolled-back rows never bump the
    data version, so each test starts with a new one and never reads another test's total."""
    from campaigns.counting import bump_version

    bump_version()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db):
    from tests.factories import build_org

    return build_org()


@pytest.fixture
def users(org):
    from tests.factories import user_with_role

    return {
        "staff": user_with_role(Role.CENTER_STAFF, "staff"),
        "leader": user_with_role(Role.LEADER, "leader"),
        "liaison": user_with_role(Role.DEPT_LIAISON, "liaison", department=org.market),
        "other_liaison": user_with_role(Role.DEPT_LIAISON, "liaison2", department=org.police),
        "walker": user_with_role(Role.PARTICIPANT, "walker", department=org.market),
    }


@pytest.fixture(autouse=True)
def default_language():
    """A request with Accept-Language: en leaves English active in the thread (LocaleMiddleware never switches
    back); later tests expect the site's default language, whatever ran before them."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
