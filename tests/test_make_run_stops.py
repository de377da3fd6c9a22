"""`make run` (honcho with Procfile.dev) stopped with SIGTERM stops all three processes on their own — runserver,
the Celery worker and Celery beat — within honcho's grace: honcho never has to SIGKILL one, and none is left
behind as an orphan. Run on the filesystem broker (`make run` without Redis) and, when there is one, on Redis."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from honcho.manager import KILL_WAIT

ROOT = Path(__file__).resolve().parent.parent
# What each process prints once it is up: the test stops a make run that has fully started.
READY = {"web": "Quit the server with", "worker": " ready.", "beat": "beat: Starting..."}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _marked(marker: str) -> list[int]:
    """Processes started under this run (they inherit the marker in their environment)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"I12_RUN_MARKER={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("broker", ["filesystem", "redis"])
def test_sigterm_to_make_run_stops_the_server_the_worker_and_beat_without_a_kill(tmp_path, broker):
    marker = uuid.uuid4().hex
    env = {
        **os.environ, "RUN_ADDR": f"127.0.0.1:{_free_port()}", "I12_RUN_MARKER": marker,
        # The tasks beat sends at start run against a throwaway database, never the one the tests were given.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py and celery pick the local settings, as under make run
    if broker == "redis":
        if not settings.REDIS_URL:
            pytest.skip("needs Redis (set REDIS_URL); required on CI")
        env["REDIS_URL"] = settings.REDIS_URL
    else:
        env.pop("REDIS_URL", None)
        for folder in ("queue", "processed", "control"):  # what `make dirs` makes before `make run`
            (ROOT / "var" / "broker" / folder).mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "cache").mkdir(parents=True, exist_ok=True)
    honcho = subprocess.Popen(
        [str(ROOT / ".venv/bin/honcho"), "--procfile", "Procfile.dev", "start"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        ready, deadline = set(), time.monotonic() + 90
        while time.monotonic() < deadline and len(ready) < len(READY):
            line = honcho.stdout.readline()
            if not line:
                break
            ready |= {name for name, text in READY.items() if f" {name}.1 " in line and text in line}
        assert ready == set(READY), f"only {sorted(ready)} started"
        assert len(_marked(marker)) >= 3

        asked = time.monotonic()
        honcho.send_signal(signal.SIGTERM)
        output, _ = honcho.communicate(timeout=60)
        took = time.monotonic() - asked
        assert "SIGKILL" not in output, f"honcho had to kill a process:\n{output}"
        # Each exits 0 after handling the signal, or (-15) by the signal itself; never by a kill (-9).
        stopped = dict(re.findall(r"(\w+)\.1 stopped \(rc=(-?\d+)\)", output))
        assert stopped.keys() == READY.keys() and set(stopped.values()) <= {"0", "-15"}, output
        assert took < KILL_WAIT, f"stopping took {took:.1f} s, honcho's grace is {KILL_WAIT} s"
        time.sleep(1)
        assert _marked(marker) == [], "a process outlived make run"
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        if honcho.poll() is None:
            honcho.kill()
