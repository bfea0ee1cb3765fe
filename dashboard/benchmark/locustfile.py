"""Locust users for ``dashboard.benchmark.load``: one page, requested back to back.

The page, the session cookie and the expected status come from the environment
(BENCH_PATH, BENCH_SESSION); ``load.run`` starts one headless locust run per page.
"""

import os

from locust import HttpUser, constant, task


class PageUser(HttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        session = os.environ.get("BENCH_SESSION")
        self.client.get(
            os.environ["BENCH_PATH"],
            headers={"Cookie": f"sessionid={session}"} if session else {},
            allow_redirects=False,
            name="página",
        )
