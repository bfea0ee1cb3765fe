"""The import contract (``.importlinter``, run by ``lint-imports`` in ``scripts/test.sh``) covers
every app of the repository, and the README's structure table lists the floors in its order."""

import configparser
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _config() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    return config


def _floors() -> list[list[str]]:
    """The contract's layers, top to bottom, each a list of app names (parentheses dropped)."""
    raw = _config()["importlinter:contract:floors"]["layers"]
    return [
        [name.strip(" ()") for name in re.split(r"[|:]", line)] for line in raw.splitlines() if line.strip()
    ]


def _project_apps() -> set[str]:
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and "." not in config.name
    }


def test_every_app_is_analysed_and_has_a_floor():
    root_packages = set(_config()["importlinter"]["root_packages"].split())
    on_a_floor = {name for floor in _floors() for name in floor}
    assert _project_apps() | {"datamed"} <= root_packages
    assert root_packages <= on_a_floor


def test_readme_structure_table_lists_the_floors_in_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Estructura", 1)[1].split("\n## ", 1)[0]
    table_apps = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    existing = _project_apps() | {"datamed"}
    expected = [name for floor in _floors() for name in floor if name in existing]
    assert table_apps == expected
