"""The stable JSON report (schema `symcheck.report/1`)."""
from __future__ import annotations

import json

from ..results import SCHEMA, Report, ReportJSON


def report_dict(report: Report) -> ReportJSON:
    summary = report.summary
    data: ReportJSON = {
        "schema": SCHEMA,
        "file": report.file,
        "summary": {"errors": summary.errors, "warnings": summary.warnings,
                    "checked": summary.checked, "unparsed": summary.unparsed},
        "findings": [f.to_json() for f in report.findings],
    }
    if report.status != "ok":
        data["status"] = report.status  # type: ignore[typeddict-unknown-key]
        data["reason"] = report.reason  # type: ignore[typeddict-unknown-key]
    return data


def render_json(report: Report | dict) -> str:
    data = report if isinstance(report, dict) else report_dict(report)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
