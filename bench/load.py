"""Throughput: gunicorn (sync workers) serving the app on loopback, driven by locust headless for a bounded time.

Only 127.0.0.1 is ever a target. gunicorn and locust are started here and stopped here, by their own process ids.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

HOST = "127.0.0.1"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass(frozen=True)
class LoadRun:
    workers: int
    users: int
    seconds: int
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    by_name: dict


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{port} within {timeout:.0f} s")


def _session_cookie(username: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_load(*, paths: dict[str, str], liaison: str, workers: int = 3, users: int = 6, seconds: int = 30) -> LoadRun:
    """Serve with `workers` sync gunicorn workers and let `users` locust users (no think time) open `paths`
    (name → URL) as center staff, and the ledger as a liaison, for `seconds`."""
    port = _free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="walkthrough.settings.bench")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "walkthrough.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}",
         "--timeout", "120", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, 60)
        with tempfile.TemporaryDirectory(prefix="bench-locust-") as folder:
            load_env = dict(
                env, BENCH_STAFF_SESSION=_session_cookie("bench-staff"), BENCH_LIAISON_SESSION=_session_cookie(liaison),
                BENCH_PATHS=";".join(f"{name}={url}" for name, url in paths.items()),
                BENCH_SESSION_COOKIE=settings.SESSION_COOKIE_NAME,
            )
            locust = subprocess.Popen(
                [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", f"http://{HOST}:{port}",
                 "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
                 "--stop-timeout", "10", "--csv", f"{folder}/load", "--only-summary", "--loglevel", "WARNING"],
                cwd=settings.BASE_DIR, env=load_env, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                locust.wait(timeout=seconds + 60)
            finally:
                _stop(locust)
            return _read_stats(Path(folder) / "load_stats.csv", workers=workers, users=users, seconds=seconds)
    finally:
        _stop(server)


def _number(text: str) -> float:
    """locust writes N/A for a figure it has no request for."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def _read_stats(path: Path, **run) -> LoadRun:
    by_name, total = {}, None
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            figures = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": _number(row["Requests/s"]), "p50_ms": _number(row["50%"]), "p95_ms": _number(row["95%"]),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                by_name[row["Name"]] = figures
    if total is None:
        raise RuntimeError("locust wrote no aggregated figures")
    return LoadRun(**run, **total, by_name=by_name)
