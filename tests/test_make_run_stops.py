"""`make run` (honcho with Procfile.dev) stopped with SIGTERM stops all three processes: runserver, the Celery
worker and Celery beat — none is left behind as an orphan."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


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
def test_sigterm_to_make_run_stops_the_server_the_worker_and_beat(tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis for the worker's broker (set REDIS_URL); required on CI")
    (ROOT / "var").mkdir(exist_ok=True)
    marker = uuid.uuid4().hex
    env = {**os.environ, "RUN_ADDR": f"127.0.0.1:{_free_port()}", "I12_RUN_MARKER": marker}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py and celery pick the local settings, as under make run
    honcho = subprocess.Popen(
        [str(ROOT / ".venv/bin/honcho"), "--procfile", "Procfile.dev", "start"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        started, ready, deadline = 0, False, time.monotonic() + 90
        while time.monotonic() < deadline and not (started == 3 and ready):
            line = honcho.stdout.readline()
            if not line:
                break
            started += "started (pid=" in line
            ready |= " ready." in line  # the worker: "celery@host ready."
        assert started == 3 and ready, "the three processes did not start"
        assert len(_marked(marker)) >= 3

        honcho.send_signal(signal.SIGTERM)
        honcho.communicate(timeout=60)
        time.sleep(1)
        assert _marked(marker) == [], "a process outlived make run"
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        if honcho.poll() is None:
            honcho.kill()
