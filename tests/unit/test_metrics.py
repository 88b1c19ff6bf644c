"""BoothMetrics: its own registry, the samples after a few events, and the HTTP endpoint."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from kiosk.devices.base import Health, HealthState
from kiosk.metrics import DENOMINATIONS_YEN, ERROR_KINDS, OUTCOMES, BoothMetrics, parse_bind


def samples(metrics: BoothMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(metrics.render().decode()):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_samples_after_a_few_events() -> None:
    m = BoothMetrics(
        "booth-0042", "1.2.3", devices=["coin_acceptor", "hopper", "camera"], clock=lambda: 1700.0
    )
    m.session_started()
    m.session_started()
    m.session_ended("sent")
    m.session_ended("timed_out")
    m.coin_inserted(500)
    m.coin_inserted(100)
    m.coins_paid(100, 2)
    m.set_cash_box({500: 3, 100: 2, 10: 1})
    m.set_hopper(37, low=False)
    m.set_unpaid(200)
    m.set_device_health("coin_acceptor", Health(HealthState.OK))
    m.set_device_health("hopper", Health(HealthState.DEGRADED, "low"))
    m.set_device_health("camera", Health(HealthState.DOWN, "unplugged"))
    m.set_outbox(3, 125.0)
    m.error("payout_unpaid")
    m.error("12345678901234567890123")  # looks like data: must not become a label
    m.set_out_of_service(True)
    s = samples(m)
    assert s[("kiosk_build_info", (("booth_id", "booth-0042"), ("version", "1.2.3")))] == 1
    assert s[("kiosk_sessions_started_total", ())] == 2
    assert s[("kiosk_session_outcomes_total", (("outcome", "sent"),))] == 1
    assert s[("kiosk_session_outcomes_total", (("outcome", "timed_out"),))] == 1
    assert s[("kiosk_session_outcomes_total", (("outcome", "rejected"),))] == 0
    assert s[("kiosk_last_session_start_timestamp_seconds", ())] == 1700.0
    assert s[("kiosk_coins_inserted_total", (("denomination_yen", "500"),))] == 1
    assert s[("kiosk_coins_paid_out_total", (("denomination_yen", "100"),))] == 2
    assert s[("kiosk_cashbox_yen", ())] == 1710
    assert s[("kiosk_cashbox_coins", (("denomination_yen", "500"),))] == 3
    assert s[("kiosk_cashbox_coins", (("denomination_yen", "50"),))] == 0
    assert s[("kiosk_hopper_coins", ())] == 37
    assert s[("kiosk_hopper_low", ())] == 0
    assert s[("kiosk_unpaid_yen", ())] == 200
    assert s[("kiosk_device_up", (("device", "coin_acceptor"),))] == 1
    assert s[("kiosk_device_up", (("device", "hopper"),))] == 1
    assert s[("kiosk_device_degraded", (("device", "hopper"),))] == 1
    assert s[("kiosk_device_up", (("device", "camera"),))] == 0
    assert s[("kiosk_outbox_depth", ())] == 3
    assert s[("kiosk_outbox_oldest_age_seconds", ())] == 125.0
    assert s[("kiosk_errors_total", (("kind", "payout_unpaid"),))] == 1
    assert s[("kiosk_errors_total", (("kind", "other"),))] == 1
    assert s[("kiosk_out_of_service", ())] == 1
    assert b"12345678901234567890123" not in m.render()


def test_unknown_outcome_is_an_error_not_a_label() -> None:
    m = BoothMetrics("b", "0")
    m.session_ended("whatever")
    s = samples(m)
    assert s[("kiosk_errors_total", (("kind", "unknown_outcome"),))] == 1
    assert not any(labels == (("outcome", "whatever"),) for _, labels in s)


def test_own_registry_and_two_instances_coexist() -> None:
    a, b = BoothMetrics("a", "0"), BoothMetrics("b", "0")
    a.session_started()
    assert samples(b)[("kiosk_sessions_started_total", ())] == 0
    assert REGISTRY.get_sample_value("kiosk_sessions_started_total") is None


def test_serve_and_stop() -> None:
    m = BoothMetrics("booth-7", "0.1")
    m.set_unpaid(50)
    host, port = m.serve("127.0.0.1:0")
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=5) as response:
            body = response.read()
        assert b"kiosk_unpaid_yen 50.0" in body
    finally:
        m.stop()
    m.stop()


def test_parse_bind() -> None:
    assert parse_bind("127.0.0.1:9108") == ("127.0.0.1", 9108)
    assert parse_bind("[::1]:9108") == ("::1", 9108)
    assert parse_bind(":9108") == ("127.0.0.1", 9108)
    for bad in ("9108", "host:port", "h:70000"):
        try:
            parse_bind(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_no_created_series_and_every_label_value_from_the_start() -> None:
    m = BoothMetrics("booth-1", "0", devices=["coin_acceptor"])
    families = list(text_string_to_metric_families(m.render().decode()))
    names = {s.name for f in families for s in f.samples}
    assert not [n for n in names if n.endswith("_created")]
    s = samples(m)
    for kind in ERROR_KINDS:
        assert s[("kiosk_errors_total", (("kind", kind),))] == 0
    for value in DENOMINATIONS_YEN:
        for name in ("kiosk_coins_paid_out_total", "kiosk_coins_inserted_total"):
            assert s[(name, (("denomination_yen", str(value)),))] == 0
    for outcome in OUTCOMES:
        assert s[("kiosk_session_outcomes_total", (("outcome", outcome),))] == 0


def test_error_kinds_outside_the_list_count_as_other() -> None:
    m = BoothMetrics("b", "0")
    m.error("submit_failed")
    m.error("brand_new_kind")
    s = samples(m)
    assert s[("kiosk_errors_total", (("kind", "submit_failed"),))] == 1
    assert s[("kiosk_errors_total", (("kind", "other"),))] == 1
    assert not any(labels == (("kind", "brand_new_kind"),) for _, labels in s)


@pytest.mark.parametrize("path", ["/", "/metricsx", "/favicon.ico", "/metrics/", "/status"])
def test_endpoint_answers_404_off_metrics(path: str) -> None:
    m = BoothMetrics("booth-7", "0.1")
    host, port = m.serve("127.0.0.1:0")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=5)
        assert refused.value.code == 404
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=5) as response:
            parsed = {f.name for f in text_string_to_metric_families(response.read().decode())}
        assert {"kiosk_errors", "kiosk_unpaid_yen", "kiosk_session_outcomes"} <= parsed
    finally:
        m.stop()


def test_photo_checks_and_refusals_by_code_word_only() -> None:
    m = BoothMetrics("b", "0", checks=["frontal", "sharp"])
    m.photo_reviewed([])
    m.photo_reviewed(["frontal", "sharp", "made_up"])
    m.submission_refused("invalid_photo")
    m.submission_refused("12345678901234567890123")
    s = samples(m)
    assert s[("kiosk_photos_reviewed_total", ())] == 2
    assert s[("kiosk_photo_checks_failed_total", (("check", "frontal"),))] == 1
    assert s[("kiosk_photo_checks_failed_total", (("check", "other"),))] == 1
    assert s[("kiosk_submissions_refused_total", (("reason", "invalid_photo"),))] == 1
    assert s[("kiosk_submissions_refused_total", (("reason", "other"),))] == 1
    assert s[("kiosk_submissions_refused_total", (("reason", "invalid_application"),))] == 0


def test_sessions_are_counted_per_service_and_the_print_outcomes_are_known() -> None:
    from kiosk.metrics import BoothMetrics

    m = BoothMetrics("booth-9", "0", ["printer"])
    m.session_ended("printed", "idphoto")
    m.session_ended("print_failed", "idphoto")
    m.session_ended("sent")
    from prometheus_client import generate_latest

    text = generate_latest(m.registry).decode()
    assert 'kiosk_service_sessions_total{outcome="printed",service="idphoto"} 1.0' in text
    assert 'kiosk_service_sessions_total{outcome="sent",service="my_number"} 1.0' in text
    assert 'kiosk_errors_total{kind="unknown_outcome"} 1.0' not in text
