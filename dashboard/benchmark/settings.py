"""Settings of the benchmark's server: the product's, with the benchmark URLconf."""

from datamed.settings import *  # noqa: F403

ROOT_URLCONF = "dashboard.benchmark.urls"
