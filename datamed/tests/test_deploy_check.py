"""Production settings: `check --deploy` is clean and a missing SECRET_KEY stops the start."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Variables that would leak the developer's own configuration into the child process.
CONFIG_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    child_env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    child_env.update(env)
    return subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "ALLOWED_HOSTS": "datamed.example.co",
        "CSRF_TRUSTED_ORIGINS": "https://datamed.example.co",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }


def test_deploy_check_is_clean_in_production(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k7#Qv2@pZ9wL!x4mR8sT1yB6nE3hJ0cF5gD-uA%oI_eW&zX+bN",
        **production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", **production_env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
