"""The stable JSON report (schema `symcheck.report/1`)."""
from __future__ import annotations

import json
from collections.abc import Mapping

from symcheck.core.results import SCHEMA, Report, ReportJSON


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
        data["status"] = report.status
        data["reason"] = report.reason
    return data


def render_json(report: Report | dict) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, byte for byte, with the findings (flat dicts of
    scalars, up to tens of thousands of them) written by a fast path: the pure-Python indenting encoder
    took most of the time of a large report."""
    data = report if isinstance(report, dict) else report_dict(report)
    findings = data.get("findings")
    if not findings or not all(type(f) is dict and all(type(v) in _SCALARS for v in f.values()) for f in findings):
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    marker = "\ue0ff findings \ue0ff"
    head = json.dumps({**data, "findings": marker}, indent=2, ensure_ascii=False, sort_keys=False)
    body = "[\n" + ",\n".join(_flat(f, "    ") for f in findings) + "\n  ]"
    return head.replace(json.dumps(marker, ensure_ascii=False), body, 1) + "\n"


_SCALARS = (str, int, type(None), bool, float)


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return json.dumps(value)
    return int.__repr__(value)


def _flat(item: Mapping[str, object], indent: str) -> str:
    if not item:
        return indent + "{}"
    inner = indent + "  "
    return (indent + "{\n" + ",\n".join(f"{inner}{_encode_string(k)}: {_scalar(v)}" for k, v in item.items())
            + "\n" + indent + "}")


from json.encoder import encode_basestring as _encode_string  # noqa: E402 - the C encoder json.dumps uses
