"""The line every benchmark prints first: what machine, how loaded, and a calibration loop."""
from __future__ import annotations

import os
import platform
import statistics
import time


def machine() -> str:
    return (f"{platform.platform()}; {platform.processor() or platform.machine()}; "
            f"{os.cpu_count()} CPUs; Python {platform.python_version()} ({platform.python_implementation()}); "
            f"load average {os.getloadavg()[0]:.2f}; calibration loop {calibration():.0f} ms")


def calibration() -> float:
    """Milliseconds for a fixed pure-Python loop: compare across runs to spot a busy or throttled machine."""
    def once() -> float:
        start = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        return time.perf_counter() - start
    return 1000 * statistics.median(once() for _ in range(5))
