"""Start ``policykg explore`` on a free 127.0.0.1 port in a child process, and stop it (the explorer tests)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# Screenshots of the browser tests: in the folder POLICYKG_TEST_ARTIFACTS names (a CI job keeps it), else
# in the system's temporary folder — never in the checkout.
ARTIFACTS = (
    Path(os.environ.get("POLICYKG_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "policykg-test-artifacts")
    / "explore"
)


@contextlib.contextmanager
def running_explorer(kg: Path, *extra: str, wait: float = 180) -> Iterator[tuple[str, subprocess.Popen]]:
    """``policykg explore --data KG --port 0 …`` until the block ends: yields its base URL and process."""
    exe = Path(sys.executable).with_name("policykg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]
    proc = subprocess.Popen([*cmd, "explore", "--data", str(kg), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if re.search(r"http://127\.0\.0\.1:\d+/", line):
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(wait):
            raise AssertionError(f"explore did not start within {wait} s: {''.join(lines)}"
                                 f"{proc.stderr.read() if proc.poll() is not None else ''}")
        url = re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines)).group(0)  # type: ignore[union-attr]
        deadline = time.monotonic() + wait
        while True:  # listening as soon as the line is printed; check the first page answers
            try:
                urllib.request.urlopen(url, timeout=60).read()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def get(url: str, accept: str | None = None, timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    """A plain HTTP GET: status, headers (lower-case names) and body, errors included."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def watched_page(context, site: str, timeout_ms: int) -> tuple[object, list[str]]:
    """A new page of a Playwright ``context`` and the list of what went wrong on it: console errors,
    page errors, failed requests, HTTP errors and requests that left the app at ``site``."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("request", lambda r: r.url.startswith(site) or r.url.startswith("data:")
            or problems.append(f"request off the app: {r.url}"))
    return page, problems
