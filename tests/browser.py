"""Load a page in headless Chromium: its DOM after load, console errors, and a screenshot (kept in tmp)."""
from __future__ import annotations

import subprocess
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_page(chromium: str, page: Path, workdir: Path) -> tuple[str, list[str], Path]:
    profile = workdir / "profile"
    url = page.resolve().as_uri()
    dump = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120)
    errors = [line for line in dump.stderr.splitlines() if "CONSOLE" in line and ("Error" in line or "error" in line)]
    screenshot = workdir / "page.png"
    subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={screenshot}",
                    "--window-size=1200,2000", url], capture_output=True, text=True, timeout=120)
    return dump.stdout, errors, screenshot
