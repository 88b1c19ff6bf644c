"""The fleet view in deploy/: the alert rules pass their promtool unit tests, and the rules and the Grafana
dashboard query only metrics the booth serves (and valid PromQL, checked by promtool where it is installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk.devices.base import Health, HealthState
from kiosk.metrics import BoothMetrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
RULES = DEPLOY / "prometheus" / "kiosk-alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "kiosk-fleet.json"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(PROMTOOL is None, reason="promtool (Debian package prometheus) is not installed")
# PromQL words that look like metric names but are functions, keywords or labels
_NOT_METRICS = {"by", "on", "and", "or", "unless", "without", "ignoring", "group_left", "group_right", "bool",
                "sum", "min", "max", "avg", "count", "increase", "rate", "changes", "time", "hour", "offset"}


def served_names() -> set[str]:
    """Every sample name a booth serves (counters with _total), plus Prometheus's own `up`."""
    m = BoothMetrics("booth-1", "0", devices=["camera"], checks=["frontal"])
    m.set_device_health("camera", Health(HealthState.OK))
    names = {s.name for f in text_string_to_metric_families(m.render().decode()) for s in f.samples}
    return names | {"up"}


def metric_names(expr: str) -> set[str]:
    """Identifiers in a PromQL expression that are metric names (not labels, functions or keywords)."""
    no_strings = re.sub(r'"[^"]*"', '""', expr)
    no_matchers = re.sub(r"\{[^}]*\}", "{}", no_strings)
    no_ranges = re.sub(r"\[[^\]]*\]", "[]", no_matchers)
    no_groupings = re.sub(r"\b(by|on|without|ignoring)\s*\([^)]*\)", "", no_ranges)
    words = set(re.findall(r"(?<![\w$:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w:])(?!\s*\()", no_groupings))
    return {w for w in words if w not in _NOT_METRICS and not w.startswith("__")}


def rule_exprs() -> dict[str, str]:
    groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return {rule["alert"]: rule["expr"] for group in groups for rule in group["rules"]}


def dashboard_exprs() -> dict[str, str]:
    data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return {f'{p["title"]} [{t["refId"]}]': t["expr"] for p in data["panels"] for t in p.get("targets", [])}


def test_rules_and_dashboard_query_metrics_that_exist() -> None:
    served = served_names()
    for source, exprs in (("rules", rule_exprs()), ("dashboard", dashboard_exprs())):
        assert exprs, source
        for name, expr in exprs.items():
            names = metric_names(expr)
            assert names, (source, name)
            assert names <= served, (source, name, sorted(names - served))


def test_dashboard_covers_status_cash_queue_and_photo_refusals() -> None:
    data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert data["uid"] == "kiosk-fleet" and data["templating"]["list"][1]["name"] == "instance"
    used = set().union(*(metric_names(e) for e in dashboard_exprs().values()))
    for needed in ("up", "kiosk_out_of_service", "kiosk_device_up", "kiosk_cashbox_yen", "kiosk_unpaid_yen",
                   "kiosk_outbox_depth", "kiosk_photo_checks_failed_total", "kiosk_submissions_refused_total"):
        assert needed in used, needed
    ids = [p["id"] for p in data["panels"]]
    assert len(ids) == len(set(ids))


def test_metric_name_extraction() -> None:
    assert metric_names('sum by (check) (increase(kiosk_x_total{instance=~"$instance", a="b c"}[1h]))') == {
        "kiosk_x_total"}
    assert metric_names("a > 0 and on(job, instance) b == 1 and on() hour() >= 4") == {"a", "b"}


@needs_promtool
def test_alert_rules_pass_their_promtool_unit_tests() -> None:
    proc = subprocess.run([str(PROMTOOL), "test", "rules", "kiosk-alerts.test.yml"], cwd=RULES.parent,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout


@needs_promtool
def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """promtool has no query checker of its own: each query becomes a recording rule and `check rules` parses it."""
    rules = [{"record": f"kiosk:dashboard_query_{i}", "expr": expr.replace("$instance", ".*")}
             for i, expr in enumerate(dashboard_exprs().values())]
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8")
    proc = subprocess.run([str(PROMTOOL), "check", "rules", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
