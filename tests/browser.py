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


NO_SCRIPT = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">"


def dump_dom(chromium: str, page: Path, workdir: Path, *, scripts: bool = True) -> str:
    """The page's DOM after load. With `scripts=False` a copy is loaded under a policy that blocks every
    script (inline ones and event handlers too), and that policy's tag is taken out of the result again:
    comparing the two DOMs shows whether anything in the page ran."""
    workdir.mkdir(parents=True, exist_ok=True)
    html = page.read_text(encoding="utf-8")
    if not scripts:
        html = html.replace("<head>", "<head>" + NO_SCRIPT, 1)
    copy = workdir / page.name
    copy.write_text(html, encoding="utf-8")
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={workdir / 'profile'}", "--virtual-time-budget=2000",
                           "--dump-dom", copy.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    return done.stdout.replace(NO_SCRIPT, "", 1)
