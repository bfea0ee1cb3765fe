"""Container health check: exit 0 only when /healthz answers 200 (database up, no pending
migration). It asks with the first ALLOWED_HOSTS name, which Django accepts."""

import os
import sys
import urllib.error
import urllib.request


def check(url: str, host: str) -> int:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 - fixed local URL
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    sys.exit(check(f"http://127.0.0.1:{port}/healthz", host))
