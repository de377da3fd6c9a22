"""Chinese first, with a complete English translation: the catalogues are current, complete and used."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import ON_CI

ROOT = Path(__file__).resolve().parents[1]
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
ZH_PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", "var", ".git", "test-artifacts", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules"}


def gettext_tool(name):
    path = shutil.which(name)
    if path is None:
        if ON_CI:
            pytest.fail(f"{name} is missing: .ci/run installs the Debian package gettext")
        pytest.skip(f"{name} (Debian package gettext) is not installed")
    return path


def entries(tool_args):
    output = subprocess.run(tool_args, capture_output=True, text=True, check=True).stdout
    return [line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.mark.parametrize("po", [EN_PO, ZH_PO], ids=["en", "zh_Hans"])
def test_every_entry_of_the_catalogue_is_translated(po):
    msgattrib = gettext_tool("msgattrib")
    assert entries([msgattrib, "--untranslated", "--no-obsolete", str(po)]) == []
    assert entries([msgattrib, "--only-fuzzy", "--no-obsolete", str(po)]) == []


@pytest.mark.parametrize("po", [EN_PO, ZH_PO], ids=["en", "zh_Hans"])
def test_the_catalogue_passes_msgfmt_check(po):
    """Formats and plural forms as the header declares them (Chinese has one plural form, English two)."""
    msgfmt = gettext_tool("msgfmt")
    checked = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_catalogue_holds_every_string_in_the_code(tmp_path):
    """Extract the strings afresh from a copy of the tree: each one must already be in the English catalogue."""
    msgcmp = gettext_tool("msgcmp")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=lambda directory, names: [n for n in names if n in SKIP_DIRS])
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=tests", "--ignore=vendor_locale",
         "--verbosity=0"],
        cwd=copy, check=True, capture_output=True,
    )
    fresh = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    result = subprocess.run([msgcmp, "--use-untranslated", str(EN_PO), str(fresh)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.django_db
def test_the_login_page_speaks_chinese_by_default_and_english_on_request(client):
    assert "登录" in client.get(reverse("login")).content.decode()
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "登录" not in english and "Log in" in english


@override_settings(LANGUAGE_CODE="zh-hans")
def test_django_filter_widgets_speak_chinese_under_zh_hans():
    with translation.override("zh-hans"):
        assert translation.gettext("Today") == "今日"


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["zh-hans", "en"])
def test_the_language_switcher_names_each_language_in_that_language(client, accept):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    switcher = page.split('id="language-switcher"')[1].split("</form>")[0]
    assert '<option value="en"' in switcher and ">English</option>" in switcher
    assert '<option value="zh-hans"' in switcher and ">简体中文</option>" in switcher
    assert "英语" not in switcher and "Simplified Chinese" not in switcher


def test_a_dashboard_link_leaves_the_class_wide_filters_unbuilt():
    """A dashboard link reads the ledger filter's date-range suffixes. Read by building the class-wide filter's
    field, every later filterset deep-copies that field, its label fixed as it was built: a generated label
    (当前环节 for `stage`) became the English "Stage" for Chinese readers once any code read it that way."""
    import datetime

    from django.utils import translation

    from issues.filters import IssueFilter
    from issues.models import Issue
    from reports.links import range_params

    with translation.override("en"):
        assert range_params(IssueFilter, "discovered_on", datetime.date(2026, 1, 1), None) == [
            ("discovered_on_after", "2026-01-01")]
    assert not any(hasattr(declared, "_field") for declared in IssueFilter.base_filters.values())
    with translation.override("zh-hans"):
        form = IssueFilter(queryset=Issue.objects.none()).form
        assert (form["stage"].label, form["discovered_on"].label) == ("当前环节", "发现日期")
