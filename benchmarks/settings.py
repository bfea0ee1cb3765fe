"""Settings of the benchmark's server: the product's, with the benchmark URLconf.

Static files use Django's manifest storage without whitenoise's compression: the benchmark
measures pages, and compressing every vendor file (brotli) at each run would take minutes.
"""

from datamed.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / "staticfiles-benchmark"  # noqa: F405
