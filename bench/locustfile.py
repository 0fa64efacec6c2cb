"""The load profile (issue 21 item 7): who uses Ketenzicht at once, and what they open.

Run through `bench/load.py`, which prepares the sessions (`LOCUST_SESSIONS`, a JSON file written by
the driver: logged-in session cookies, second factor passed, per role) and starts gunicorn. The mix
follows a region's working day: liaisons work their inbox and open signals, the table chair prepares
a meeting, analysts read the dashboard, citizens and professionals report. Think times are short
(1–3 s): this is a stress profile, not a model of real pace.
"""
import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ["LOCUST_SESSIONS"]).read())  # noqa: SIM115 - read once at start


class Signed(HttpUser):
    """A logged-in user of one role; the session cookie is sent as a header because the production
    settings mark it Secure and the benchmark talks plain HTTP to gunicorn on 127.0.0.1."""

    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        self.account = random.choice(SESSIONS[self.role])  # noqa: S311
        self.client.headers["Cookie"] = f"{SESSIONS['cookie_name']}={self.account['session']}"

    def open(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Liaison(Signed):
    weight = 6
    role = "liaison"

    @task(4)
    def inbox(self):
        self.open("/signalen")

    @task(2)
    def signal(self):
        if self.account["signals"]:
            self.open(f"/signalen/{random.choice(self.account['signals'])}", name="/signalen/[id]")  # noqa: S311

    @task(1)
    def cases(self):
        self.open("/casussen")

    @task(1)
    def api_list(self):
        self.open("/api/v1/signals")


class TableChair(Signed):
    weight = 1
    role = "chair"

    @task
    def table(self):
        self.open(f"/tafels/{SESSIONS['table']}", name="/tafels/[id]")

    @task
    def cases(self):
        self.open("/casussen")

    @task
    def ten_years(self):
        """The chair may choose any period; an analyst only whole months, quarters and years."""
        self.open(f"/cijfers?{SESSIONS['ten_years']}", name="/cijfers?ten years")


class Analyst(Signed):
    weight = 2
    role = "analyst"

    @task(3)
    def dashboard(self):
        self.open("/cijfers")

    @task(1)
    def last_year(self):
        self.open(f"/cijfers?{SESSIONS['last_year']}", name="/cijfers?last year")


class Reporter(HttpUser):
    """A citizen or professional reporting through the public API (no account)."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def report(self):
        body = {"municipality": SESSIONS["municipality"], "description": "Melding uit de belastingtest."}
        with self.client.post("/api/v1/public/signals", json=body, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}")
