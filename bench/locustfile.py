"""Locust users for bench.load: center staff opening the ledger and dashboard pages, liaisons their ledger.

Started by bench.load with the sessions and paths in the environment; never run against anything but loopback.
"""

import os
import random

from locust import HttpUser, constant, task

COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "sessionid")
PATHS = [item.split("=", 1) for item in os.environ.get("BENCH_PATHS", "ledger=/issues/").split(";") if item]


class StaffUser(HttpUser):
    weight = 3
    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set(COOKIE, os.environ["BENCH_STAFF_SESSION"])

    @task
    def open_a_page(self):
        name, path = random.choice(PATHS)
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class LiaisonUser(HttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set(COOKIE, os.environ["BENCH_LIAISON_SESSION"])

    @task
    def open_his_ledger(self):
        with self.client.get("/issues/", name="liaison ledger", catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
