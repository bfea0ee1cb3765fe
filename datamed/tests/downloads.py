"""Read exported files in tests: download, parse CSV and .xlsx, count the queries."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients.tests.spreadsheets import read_xlsx


def download(client, url: str, data=None) -> tuple[object, bytes]:
    """GET an export and read its whole body (streamed or not)."""
    response = client.get(url, data or {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheets(body: bytes) -> dict[str, list[list]]:
    return read_xlsx(body)


def queries_for(client, url: str, data=None) -> int:
    """SQL queries made to produce the whole file, streaming included."""
    with CaptureQueriesContext(connection) as queries:
        response, _ = download(client, url, data)
    assert response.status_code == 200
    return len(queries)
