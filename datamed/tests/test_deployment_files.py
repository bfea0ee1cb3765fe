"""The deployment files do what the documentation promises, checked offline (no Docker engine
is needed): files they name exist, commands they call exist, the release order is backup →
migrate → web."""

import re
import runpy
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from gunicorn.config import Config

ROOT = Path(settings.BASE_DIR)


def _lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in (ROOT / name).read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _procfile() -> dict[str, str]:
    return dict(line.split(":", 1) for line in _lines("Procfile"))


def _manage_commands(name: str) -> list[str]:
    """`manage.py <command>` calls in a script, in order."""
    return re.findall(r"manage\.py (\w+)", (ROOT / name).read_text())


def test_procfile_releases_then_serves():
    procfile = _procfile()
    assert list(procfile) == ["release", "web"]
    assert shlex.split(procfile["release"]) == ["sh", "scripts/release.sh"]
    assert shlex.split(procfile["web"]) == ["gunicorn", "--config", "gunicorn.conf.py"]


def test_release_backs_up_before_it_migrates():
    # The planner statistics are refreshed once the schema is in place.
    assert _manage_commands("scripts/release.sh") == ["backup", "migrate", "update_statistics"]
    release = (ROOT / "scripts/release.sh").read_text()
    assert "set -eu" in release  # a failed backup stops the release before any migration
    assert "migrate --noinput" in release


def test_every_management_command_the_files_call_exists():
    called = {
        command
        for name in ("scripts/release.sh", "Dockerfile", "docs/migrations.md", "README.md")
        for command in _manage_commands(name)
    }
    assert {"backup", "restore", "migrate", "collectstatic"} <= called
    assert called <= set(get_commands())


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    names = {name for name in config if not name.startswith("_") and name != "os"}
    assert names <= set(Config().settings), names - set(Config().settings)
    assert config["bind"] == "0.0.0.0:8123"
    assert config["workers"] == 3
    assert config["accesslog"] == "-"
    assert config["preload_app"] is True  # workers fork from the loaded application
    assert config["wsgi_app"] == "datamed.wsgi:application"


def test_dockerfile_copies_only_files_that_exist():
    text = (ROOT / "Dockerfile").read_text()
    for sources in re.findall(r"^COPY (?!--from)(.+) \S+$", text, flags=re.MULTILINE):
        for source in sources.split():
            assert (ROOT / source).exists(), source


def test_dockerfile_is_slim_non_root_and_checks_health():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:[\d.]+-slim", text, flags=re.MULTILINE)
    assert "npm ci" in text
    assert "manage.py collectstatic --noinput" in text
    assert re.search(r"^USER datamed$", text, flags=re.MULTILINE)
    assert text.index("USER datamed") > text.rindex("\nRUN ")  # nothing runs as root after it
    assert 'CMD ["python", "scripts/healthcheck.py"]' in text
    assert "/healthz" in (ROOT / "scripts/healthcheck.py").read_text()
    assert 'ENTRYPOINT ["sh", "scripts/docker-entrypoint.sh"]' in text
    assert "scripts/release.sh" in (ROOT / "scripts/docker-entrypoint.sh").read_text()
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in text


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set(_lines(".dockerignore"))
    assert {".git", ".venv", "node_modules", "data", "backups", ".env"} <= ignored


def test_compose_runs_postgresql_15_and_keeps_backups_on_a_volume():
    text = (ROOT / "compose.yaml").read_text()
    assert "image: postgres:15" in text
    assert "condition: service_healthy" in text
    assert "BACKUP_DIR: /backups" in text
    assert "- backups:/backups" in text
    assert re.search(r"^volumes:\n(  \w+:\n)*  backups:", text, flags=re.MULTILINE)


@pytest.mark.django_db(transaction=True)
def test_the_container_health_check_passes_against_a_healthy_server(live_server):
    healthcheck = runpy.run_path(str(ROOT / "scripts/healthcheck.py"))
    assert healthcheck["check"](f"{live_server.url}/healthz", "localhost") == 0
    assert healthcheck["check"](f"{live_server.url}/no-existe", "localhost") == 1
