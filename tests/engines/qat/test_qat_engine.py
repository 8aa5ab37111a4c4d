"""The qat engine's front: identity, listing, and every ctrl's timing, range and effect.

The rules are those of `qat_engine_ctrl` in the v0.5.x code (docs/qat-model.md §1.3): a ctrl
sent before/after init when it must not be, or out of range, fails with "engine ctrl cmd
failure" and leaves the stored value as it was.
"""

from __future__ import annotations

import io

import pytest

from pyspeed.algos.tables import PKEY_WORDS
from pyspeed.commands.engine import engine_main
from pyspeed.engines.ctrl import INTERNAL, NO_INPUT, NUMERIC, STRING, CtrlError
from pyspeed.engines.loading import load_engine
from pyspeed.engines.qat import QatEngine, QatEngineNew
from pyspeed.engines.qat.ctrls import COMMANDS, REAL_COUNT
from pyspeed.model import CaseOptions, PkeyCase

FAILURE = "engine ctrl cmd failure"
CAPS = (" [RSA, DSA, DH, AES-128-CBC-HMAC-SHA1, AES-256-CBC-HMAC-SHA1, AES-128-CBC-HMAC-SHA256,"
        " AES-256-CBC-HMAC-SHA256, TLS1-PRF]")  # fmt: skip
LISTING_HEAD = f"""\
(qat) Reference implementation of QAT crypto engine
{CAPS}
     [ available ]
     ENABLE_EXTERNAL_POLLING: Enables the external polling interface to the engine.
          (input flags): NO_INPUT
     POLL: Polls the engine for any completed requests
          (input flags): NO_INPUT
     SET_INSTANCE_FOR_THREAD: Set instance to be used by this thread
          (input flags): NUMERIC
     GET_NUM_OP_RETRIES: Get number of retries
          (input flags): NO_INPUT
     SET_MAX_RETRY_COUNT: Set maximum retry count
          (input flags): NUMERIC
     SET_INTERNAL_POLL_INTERVAL: Set internal polling interval
          (input flags): NUMERIC
"""
REAL = [
    ("ENABLE_EXTERNAL_POLLING", NO_INPUT), ("POLL", NO_INPUT),
    ("SET_INSTANCE_FOR_THREAD", NUMERIC), ("GET_NUM_OP_RETRIES", NO_INPUT),
    ("SET_MAX_RETRY_COUNT", NUMERIC), ("SET_INTERNAL_POLL_INTERVAL", NUMERIC),
    ("GET_EXTERNAL_POLLING_FD", NO_INPUT), ("ENABLE_EVENT_DRIVEN_POLLING_MODE", NO_INPUT),
    ("GET_NUM_CRYPTO_INSTANCES", NO_INPUT), ("DISABLE_EVENT_DRIVEN_POLLING_MODE", NO_INPUT),
    ("SET_EPOLL_TIMEOUT", NUMERIC), ("SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", STRING),
    ("ENABLE_INLINE_POLLING", NO_INPUT), ("ENABLE_HEURISTIC_POLLING", NO_INPUT),
    ("GET_NUM_REQUESTS_IN_FLIGHT", NUMERIC), ("INIT_ENGINE", NO_INPUT),
    ("SET_CONFIGURATION_SECTION_NAME", STRING), ("ENABLE_SW_FALLBACK", NO_INPUT),
    ("HEARTBEAT_POLL", NO_INPUT), ("DISABLE_QAT_OFFLOAD", NO_INPUT),
    ("HW_ALGO_BITMAP", STRING), ("SW_ALGO_BITMAP", STRING),
]  # fmt: skip


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = engine_main(args, out, err)
    return rc, out.getvalue(), err.getvalue()


def fresh(*ctrls: tuple[str, str | None], init: bool = False) -> QatEngine:
    e = QatEngine()
    for name, arg in ctrls:
        e.ctrl_cmd_string(name, arg)
    if init:
        e.init()
    return e


def refused(e: QatEngine, name: str, arg: str | None = None) -> str:
    with pytest.raises(CtrlError) as info:
        e.ctrl_cmd_string(name, arg)
    return info.value.reason


# -- identity and listing -------------------------------------------------------------
def test_listing_starts_exactly_like_the_real_engine() -> None:
    rc, out, _ = run(["-t", "-c", "-vvvv", "qat"])
    assert rc == 0
    assert out.startswith(LISTING_HEAD)
    assert out.count("(input flags): [Internal] ") == len(COMMANDS) - REAL_COUNT


def test_model_settings_show_only_at_vvvv() -> None:
    _, vvv, _ = run(["-vvv", "qat"])
    _, vvvv, _ = run(["-vvvv", "qat"])
    assert "PYSPEED_" not in vvv
    assert "SW_ALGO_BITMAP" in vvv
    assert "PYSPEED_PROFILE: pyspeed model:" in vvvv


def test_ctrl_table_is_the_engines_in_order() -> None:
    assert REAL_COUNT == 22
    assert [(c.num, c.name, c.flags) for c in COMMANDS[:22]] == [
        (200 + n, name, flags) for n, (name, flags) in enumerate(REAL)
    ]
    model = COMMANDS[22:]
    assert [c.num for c in model] == list(range(222, 222 + len(model)))
    assert all(c.name.startswith("PYSPEED_") and c.flags & INTERNAL for c in model)


def test_identity_and_new_id() -> None:
    old, new = QatEngine(), QatEngineNew()
    assert (old.id, new.id) == ("qat", "qatengine")
    assert old.name == new.name == "Reference implementation of QAT crypto engine"
    assert load_engine("qatengine").id == "qatengine"
    assert ", ".join(old.capabilities()) == CAPS[2:-1]


def test_init_touches_no_hardware_and_succeeds() -> None:
    e = QatEngine()
    assert e.try_init()
    assert e.num_crypto_instances() == 1


# -- before / after init --------------------------------------------------------------
PRE_INIT = [
    "ENABLE_EXTERNAL_POLLING",
    "ENABLE_EVENT_DRIVEN_POLLING_MODE",
    "DISABLE_EVENT_DRIVEN_POLLING_MODE",
    "ENABLE_INLINE_POLLING",
    "ENABLE_SW_FALLBACK",
]
POST_INIT = ["POLL", "GET_NUM_OP_RETRIES", "GET_NUM_CRYPTO_INSTANCES", "HEARTBEAT_POLL",
             "DISABLE_QAT_OFFLOAD"]  # fmt: skip


@pytest.mark.parametrize("name", PRE_INIT)
def test_pre_init_commands_fail_after_init_and_change_nothing(name: str) -> None:
    e = fresh(init=True)
    before = vars(e.settings).copy()
    assert refused(e, name) == FAILURE
    assert vars(e.settings) == before
    fresh((name, None))  # and before init they work


@pytest.mark.parametrize("name", POST_INIT)
def test_post_init_commands_fail_before_init(name: str) -> None:
    assert refused(fresh(("ENABLE_EXTERNAL_POLLING", None)), name) == FAILURE


def test_post_init_getters_answer_with_real_values() -> None:
    e = fresh(("ENABLE_EXTERNAL_POLLING", None), init=True)
    for name in POST_INIT[:-1]:
        e.ctrl_cmd_string(name, None)
    assert e.ctrl_values == {"POLL": 0, "GET_NUM_OP_RETRIES": 0, "GET_NUM_CRYPTO_INSTANCES": 1,
                             "HEARTBEAT_POLL": 0}  # fmt: skip
    assert (e.counters.polls, e.counters.heartbeat_polls) == (1, 1)


def test_poll_and_heartbeat_need_external_polling() -> None:
    e = fresh(init=True)
    assert refused(e, "POLL") == FAILURE
    assert refused(e, "HEARTBEAT_POLL") == FAILURE
    assert "external polling is not enabled" in (e.last_warning or "")


def test_engine_command_pre_and_post_through_the_cli() -> None:
    rc, out, _ = run(["-t", "-pre", "ENABLE_SW_FALLBACK", "-post", "GET_NUM_CRYPTO_INSTANCES",
                      "-post", "ENABLE_EXTERNAL_POLLING", "qat"])  # fmt: skip
    assert rc == 0
    assert "[Success]: ENABLE_SW_FALLBACK" in out
    assert "[Success]: GET_NUM_CRYPTO_INSTANCES" in out
    assert "[Failure]: ENABLE_EXTERNAL_POLLING\npyspeed: ctrl ENABLE_EXTERNAL_POLLING: " \
           "engine ctrl cmd failure" in out  # fmt: skip


# -- ranges ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "attr", "good", "bad"),
    [
        ("SET_MAX_RETRY_COUNT", "max_retry", ["-1", "0", "100000"], ["-2", "100001"]),
        ("SET_INTERNAL_POLL_INTERVAL", "poll_interval_ns", ["1", "1000000"], ["0", "1000001"]),
        ("SET_EPOLL_TIMEOUT", "epoll_timeout_ms", ["1", "10000"], ["0", "10001"]),
    ],
)
@pytest.mark.parametrize("initialised", [False, True])
def test_numeric_ranges_any_time(name: str, attr: str, good: list[str], bad: list[str],
                                 initialised: bool) -> None:  # fmt: skip
    e = fresh(init=initialised)
    for value in good:
        e.ctrl_cmd_string(name, value)
        assert getattr(e.settings, attr) == int(value)
    for value in bad:
        assert refused(e, name, value) == FAILURE
        assert getattr(e.settings, attr) == int(good[-1])


def test_defaults() -> None:
    s = QatEngine().settings
    assert (s.poll_interval_ns, s.max_retry, s.epoll_timeout_ms, s.section) == (
        10_000,
        5,
        1_000,
        "SHIM",
    )
    assert set(s.thresholds.values()) == {2048}
    assert (s.hw_bitmap, s.profile, s.sw_fallback, s.disable_offload) == (
        0xFFFFF,
        "c62x",
        False,
        False,
    )


# -- threshold string -----------------------------------------------------------------
def thresholds(e: QatEngine) -> list[int]:
    return list(e.settings.thresholds.values())


def test_threshold_pairs_are_applied_and_clamped() -> None:
    e = fresh()
    e.ctrl_cmd_string(
        "SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD",
        "AES-128-CBC-HMAC-SHA1:4096,AES-256-CBC-HMAC-SHA256:99999",
    )
    assert thresholds(e) == [4096, 2048, 2048, 16384]
    e.ctrl_cmd_string("SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", "AES-256-CBC-HMAC-SHA1:-7")
    e.ctrl_cmd_string("SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", "AES-128-CBC-HMAC-SHA256:9x")
    assert thresholds(e) == [4096, 0, 9, 16384]  # atoi: clamped at 0, digits up to the 'x'


@pytest.mark.parametrize("text", ["garbage", "", "aes-128-cbc-hmac-sha1:100",
                                  "AES-128-CBC:100", "AES-128-CBC-HMAC-SHA1"])  # fmt: skip
def test_bad_threshold_strings_fail_and_change_nothing(text: str) -> None:
    e = fresh(init=True)
    assert refused(e, "SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", text) == FAILURE
    assert thresholds(e) == [2048] * 4
    assert "Invalid name_token or value_token" in (e.last_warning or "")


def test_threshold_reports_the_last_pair_like_the_c_loop() -> None:
    e = fresh()
    e.ctrl_cmd_string(
        "SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", "FOO:1,AES-128-CBC-HMAC-SHA1:100"
    )  # a bad pair, then a good one: success
    assert thresholds(e)[0] == 100
    reason = refused(
        e, "SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", "AES-128-CBC-HMAC-SHA1:200,FOO:1"
    )  # good then bad: applied, yet fails
    assert reason == FAILURE and thresholds(e)[0] == 200


# -- instances, polling flags, section, bitmaps -------------------------------------------
def test_set_instance_for_thread_wraps_like_the_real_engine() -> None:
    e = fresh(("PYSPEED_PROFILE", "4xxx"))
    assert refused(e, "SET_INSTANCE_FOR_THREAD", "1") == FAILURE  # before init
    e.init()
    e.ctrl_cmd_string("SET_INSTANCE_FOR_THREAD", "6")  # 4 instances: 6 % 4
    assert e.settings.instance_for_thread == 2
    assert refused(e, "SET_INSTANCE_FOR_THREAD", "-1") == FAILURE
    assert e.settings.instance_for_thread == 2


def test_polling_flags() -> None:
    e = fresh(("ENABLE_INLINE_POLLING", None), ("ENABLE_EXTERNAL_POLLING", None))
    assert (e.settings.external_polling, e.settings.inline_polling) == (True, False)
    assert refused(fresh(), "ENABLE_HEURISTIC_POLLING") == FAILURE  # needs external first
    e.ctrl_cmd_string("ENABLE_HEURISTIC_POLLING", None)
    assert e.settings.polling_mode() == "heuristic"
    e.ctrl_cmd_string("ENABLE_INLINE_POLLING", None)
    assert e.settings.polling_mode() == "inline"
    assert fresh(("ENABLE_EVENT_DRIVEN_POLLING_MODE", None)).settings.polling_mode() == "event"


def test_external_polling_fd_needs_event_driven_and_external() -> None:
    e = fresh(("ENABLE_EXTERNAL_POLLING", None), init=True)
    assert refused(e, "GET_EXTERNAL_POLLING_FD") == FAILURE
    e = fresh(("ENABLE_EXTERNAL_POLLING", None), ("ENABLE_EVENT_DRIVEN_POLLING_MODE", None))
    assert refused(e, "GET_EXTERNAL_POLLING_FD") == FAILURE  # not initialised
    e.init()
    e.ctrl_cmd_string("GET_EXTERNAL_POLLING_FD", None)
    assert e.ctrl_values["GET_EXTERNAL_POLLING_FD"] == e.external_polling_fd(0)


def test_requests_in_flight_selectors() -> None:
    e = fresh()
    for kind in range(1, 6):
        e.ctrl_cmd_string("GET_NUM_REQUESTS_IN_FLIGHT", str(kind))
        assert e.ctrl_values["GET_NUM_REQUESTS_IN_FLIGHT"] == 0
    for bad in ("0", "6"):
        assert refused(e, "GET_NUM_REQUESTS_IN_FLIGHT", bad) == FAILURE


def test_configuration_section(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refused(fresh(), "SET_CONFIGURATION_SECTION_NAME", "X" * 64) == FAILURE
    e = fresh(("SET_CONFIGURATION_SECTION_NAME", "SSL"))
    assert not e.try_init()
    assert e.unavailable_reason is not None
    assert e.unavailable_reason.startswith("icp sal userstart fail: ")
    assert "[SSL]" in e.unavailable_reason
    monkeypatch.setenv("QAT_SECTION_NAME", "FROM_ENV")
    assert QatEngine().settings.section == "FROM_ENV"


def test_init_engine_command() -> None:
    e = fresh(("INIT_ENGINE", None))
    assert e.initialised
    assert refused(fresh(("SET_CONFIGURATION_SECTION_NAME", "NOPE")), "INIT_ENGINE") == FAILURE


@pytest.mark.parametrize(
    ("text", "value"),
    [("0x800", 0x800), ("2048", 2048), ("0xFFFFF", 0xFFFFF), ("010", 8), ("0x100000", None),
     ("12abc", None), ("", None), ("-1", None), ("0x", None)],
)  # fmt: skip
def test_algo_bitmaps_parse_like_strtoul(text: str, value: int | None) -> None:
    for name, attr in (("HW_ALGO_BITMAP", "hw_bitmap"), ("SW_ALGO_BITMAP", "sw_bitmap")):
        e = fresh()
        if value is not None:
            e.ctrl_cmd_string(name, text)
            assert getattr(e.settings, attr) == value
        else:
            assert refused(e, name, text) == FAILURE
            assert getattr(e.settings, attr) == 0xFFFFF


def test_hw_bitmap_rebinds_capabilities_and_offload() -> None:
    e = fresh(("HW_ALGO_BITMAP", "0x800"), init=True)
    assert e.capabilities() == [
        "AES-128-CBC-HMAC-SHA1",
        "AES-256-CBC-HMAC-SHA1",
        "AES-128-CBC-HMAC-SHA256",
        "AES-256-CBC-HMAC-SHA256",
    ]
    from pyspeed.model import Unsupported

    with pytest.raises(Unsupported, match="HW_ALGO_BITMAP 0x800 disables RSA"):
        e.prepare(PkeyCase(PKEY_WORDS["rsa2048"], "sign", 1), CaseOptions())


def test_finish_resets_what_the_real_engine_resets() -> None:
    e = fresh(("ENABLE_EXTERNAL_POLLING", None), ("SET_INTERNAL_POLL_INTERVAL", "5000"),
              ("SET_EPOLL_TIMEOUT", "50"), ("SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD",
                                             "AES-128-CBC-HMAC-SHA1:0"), init=True)  # fmt: skip
    e.finish()
    s = e.settings
    assert (s.external_polling, s.poll_interval_ns) == (False, 10_000)
    assert (s.epoll_timeout_ms, s.thresholds["AES-128-CBC-HMAC-SHA1"]) == (50, 0)


# -- pyspeed model settings -------------------------------------------------------------
def test_unknown_profile_is_one_line_naming_it() -> None:
    reason = refused(fresh(), "PYSPEED_PROFILE", "c63x")
    assert reason.startswith("unknown QAT device profile 'c63x' (known: 4xxx, 8970, c62x")
    assert "\n" not in reason
    _, out, _ = run(["-pre", "PYSPEED_PROFILE:c63x", "qat"])
    assert "[Failure]: PYSPEED_PROFILE:c63x\npyspeed: ctrl PYSPEED_PROFILE: unknown QAT" in out


def test_profile_is_chosen_before_init() -> None:
    e = fresh(("PYSPEED_PROFILE", "8970"), init=True)
    assert e.profile is not None and e.profile.endpoints == 3
    assert "before the engine is initialised" in refused(e, "PYSPEED_PROFILE", "c62x")


@pytest.mark.parametrize(
    ("text", "why"),
    [("0:2", "not DEVICE:OFFLINE_AT:ONLINE_AT"), ("0:3:2", "OFFLINE_AT < ONLINE_AT"),
     ("x:1:2", "invalid literal"), ("1:1:2", "has 1 device(s), no device 1")],
)  # fmt: skip
def test_bad_fault_specs(text: str, why: str) -> None:
    e = fresh()
    assert why in refused(e, "PYSPEED_FAULT", text)
    assert e.settings.faults is None


def test_fault_and_model_settings() -> None:
    e = fresh(("PYSPEED_FAULT", "0:1:2,0:0.5:0.7"), ("PYSPEED_SEED", "7"),
              ("PYSPEED_REALTIME", "1"), ("PYSPEED_HEARTBEAT_INTERVAL", "100"))  # fmt: skip
    assert e.settings.faults == ((0, 0.5, 0.7), (0, 1.0, 2.0))
    assert (e.settings.seed, e.settings.realtime, e.settings.heartbeat_ms) == (7, True, 100)
    assert "0 or 1" in refused(e, "PYSPEED_REALTIME", "2")
    e.ctrl_cmd_string("PYSPEED_FAULT", "none")
    assert e.settings.faults == ()
