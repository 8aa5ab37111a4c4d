"""QatEngine: the QAT OpenSSL engine's front (identity, capabilities, ctrls, init) over a model.

Identity and ctrls are the real engine's (docs/qat-model.md §1.1-§1.4); the ctrl semantics follow
`qat_engine_ctrl` of the v0.5.x code: a command sent at the wrong time (before or after
init) or with a value out of range fails with "engine ctrl cmd failure" and leaves the
stored value as it was. The engine's WARN text, which the real engine prints only when
built with --enable-qat_warnings, is kept in `last_warning`.

The GET_* commands and POLL / HEARTBEAT_POLL hand their answer back through a pointer in
C. `openssl engine` passes none (so they fail there); pyspeed has no pointer either, so
the command succeeds and its value is in `ctrl_values[NAME]` (also through the methods
`num_op_retries()`, `num_crypto_instances()`, `requests_in_flight(kind)` ...). Counters
are real counts from the runs this engine modelled.

`init()` needs no hardware: it loads the device profile and checks the driver section;
nothing on the host is touched.
"""

from __future__ import annotations

from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import (
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.engines.qat import ctrls, offload
from pyspeed.engines.qat.profiles import (
    Profile,
    ProfileError,
    exists,
    known_profiles,
    load_profile,
)
from pyspeed.engines.qat.settings import Counters, Settings
from pyspeed.model import Case, CaseOptions, Operation, PkeyAlgo, SymAlgo, Unsupported

FAILURE = "engine ctrl cmd failure"  # QAT_R_ENGINE_CTRL_CMD_FAILURE
CPA_STATUS_SUCCESS = 0
_CAPABILITIES = (
    ("RSA", ctrls.BIT_RSA), ("DSA", ctrls.BIT_DSA), ("DH", ctrls.BIT_DH),
    ("AES-128-CBC-HMAC-SHA1", ctrls.BIT_CHAINED), ("AES-256-CBC-HMAC-SHA1", ctrls.BIT_CHAINED),
    ("AES-128-CBC-HMAC-SHA256", ctrls.BIT_CHAINED), ("AES-256-CBC-HMAC-SHA256", ctrls.BIT_CHAINED),
    ("TLS1-PRF", ctrls.BIT_PRF),
)  # fmt: skip


class QatEngine(Engine):
    """`(qat) Reference implementation of QAT crypto engine`, v0.5.x era, modelled."""

    id = "qat"
    name = "Reference implementation of QAT crypto engine"
    CTRL_COMMANDS = ctrls.COMMANDS

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.counters = Counters()
        self.profile: Profile | None = None
        self.ctrl_values: dict[str, int] = {}
        self.last_warning: str | None = None

    # -- identity -------------------------------------------------------------------
    def capabilities(self) -> list[str]:
        """RSA, DSA, DH, the chained ciphers, TLS1-PRF; HW_ALGO_BITMAP removes groups."""
        return [name for name, bit in _CAPABILITIES if self.settings.hw_bitmap & bit]

    # -- life cycle -----------------------------------------------------------------
    def init(self) -> None:
        if self.initialised:
            return
        try:
            profile = load_profile(self.settings.profile)
        except ProfileError as exc:
            raise EngineUnavailable(str(exc)) from None
        if self.settings.section not in profile.sections:
            have = ", ".join(profile.sections) or "none"
            raise EngineUnavailable(
                f"icp sal userstart fail: the driver configuration of profile {profile.name} "
                f"has no [{self.settings.section}] section (it has: {have})"
            )
        for dev, _, _ in self.faults(profile):
            if dev >= profile.endpoints:
                raise EngineUnavailable(
                    f"PYSPEED_FAULT: profile {profile.name} has "
                    f"{profile.endpoints} device(s), no device {dev}"
                )
        self.profile = profile
        self.initialised = True

    def finish(self) -> None:
        """qat_engine_finish: stops the instances and resets the polling/offload globals."""
        self.settings.reset_on_finish()
        self.counters.op_retries = 0
        self.initialised = False

    def faults(self, profile: Profile) -> tuple[tuple[int, float, float], ...]:
        return profile.faults if self.settings.faults is None else self.settings.faults

    def num_crypto_instances(self) -> int:
        return self.profile.instances_per_process if self.profile else 0

    # -- GET_* values -----------------------------------------------------------------
    def num_op_retries(self) -> int:
        return self.counters.op_retries

    def requests_in_flight(self, kind: int) -> int:
        """Requests in flight now: always 0 between tests, since a modelled test drains
        its requests as openssl speed does; the peak of the last test is in `counters`."""
        if kind not in ctrls.IN_FLIGHT_KINDS:
            raise ValueError(f"no in-flight counter {kind}")
        return 0

    # -- ctrl -----------------------------------------------------------------------
    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        handler = getattr(self, "_ctrl_" + cmd.name.lower(), None)
        if handler is None:
            raise CtrlError(FAILURE)
        handler(value)

    def _refuse(self, warning: str) -> None:
        self.last_warning = warning
        raise CtrlError(FAILURE)

    def _pre_init(self, name: str) -> None:
        if self.initialised:
            self._refuse(f"{name} failed as the engine is already initialized")

    def _post_init(self, name: str) -> None:
        if not self.initialised:
            self._refuse(f"{name} failed as the engine is not initialized")

    def _answer(self, name: str, value: int) -> None:
        self.ctrl_values[name] = value

    def _ctrl_enable_external_polling(self, _: CtrlValue) -> None:
        self._pre_init("ENABLE_EXTERNAL_POLLING")
        self.settings.external_polling, self.settings.inline_polling = True, False

    def _ctrl_poll(self, _: CtrlValue) -> None:
        self._post_init("POLL")
        if not self.settings.external_polling:
            self._refuse("POLL failed as external polling is not enabled")
        self.counters.polls += 1
        self._answer("POLL", CPA_STATUS_SUCCESS)  # nothing is in flight between tests

    def _ctrl_set_instance_for_thread(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        self._post_init("SET_INSTANCE_FOR_THREAD")
        n = self.num_crypto_instances()
        if n == 0 or value < 0:
            self._refuse("could not create local variables or no instances available")
        self.settings.instance_for_thread = value % n  # the real engine wraps, no error

    def _ctrl_get_num_op_retries(self, _: CtrlValue) -> None:
        self._post_init("GET_NUM_OP_RETRIES")
        self._answer("GET_NUM_OP_RETRIES", self.num_op_retries())

    def _ctrl_set_max_retry_count(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if not ctrls.MAX_RETRY_RANGE[0] <= value <= ctrls.MAX_RETRY_RANGE[1]:
            self._refuse("The Message retry count value is out of range, using default value")
        self.settings.max_retry = value

    def _ctrl_set_internal_poll_interval(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if not ctrls.POLL_INTERVAL_RANGE[0] <= value <= ctrls.POLL_INTERVAL_RANGE[1]:
            self._refuse("The polling interval value is out of range, using default value")
        self.settings.poll_interval_ns = value

    def _ctrl_get_external_polling_fd(self, _: CtrlValue) -> None:
        # a NO_INPUT command: the instance index i is 0, as ENGINE_ctrl_cmd_string passes
        if not (self.settings.event_driven and self.settings.external_polling):
            self._refuse(
                "GET_EXTERNAL_POLLING_FD failed as this engine message is only "
                "supported when running in Event Driven Mode with External Polling "
                "enabled"
            )
        self._post_init("GET_EXTERNAL_POLLING_FD")
        self._answer("GET_EXTERNAL_POLLING_FD", self.external_polling_fd(0))

    def external_polling_fd(self, instance: int) -> int:
        """A modelled descriptor number for the instance (no real descriptor is opened)."""
        if not 0 <= instance < self.num_crypto_instances():
            raise ValueError(f"no instance {instance}")
        return 1000 + instance

    def _ctrl_enable_event_driven_polling_mode(self, _: CtrlValue) -> None:
        self._pre_init("ENABLE_EVENT_DRIVEN_POLLING_MODE")
        self.settings.event_driven = True

    def _ctrl_get_num_crypto_instances(self, _: CtrlValue) -> None:
        self._post_init("GET_NUM_CRYPTO_INSTANCES")
        self._answer("GET_NUM_CRYPTO_INSTANCES", self.num_crypto_instances())

    def _ctrl_disable_event_driven_polling_mode(self, _: CtrlValue) -> None:
        self._pre_init("DISABLE_EVENT_DRIVEN_POLLING_MODE")
        self.settings.event_driven = False

    def _ctrl_set_epoll_timeout(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if not ctrls.EPOLL_TIMEOUT_RANGE[0] <= value <= ctrls.EPOLL_TIMEOUT_RANGE[1]:
            self._refuse("The epoll timeout value is out of range, using default value")
        self.settings.epoll_timeout_ms = value

    def _ctrl_set_crypto_small_packet_offload_threshold(self, value: CtrlValue) -> None:
        assert isinstance(value, str)
        update = ctrls.parse_threshold(value)
        for name, threshold in update.applied:  # applied pair by pair, as the C loop does
            self.settings.thresholds[name] = threshold
        if not update.ok:
            self._refuse(f"Invalid name_token or value_token ({update.problem})")

    def _ctrl_enable_inline_polling(self, _: CtrlValue) -> None:
        self._pre_init("ENABLE_INLINE_POLLING")
        self.settings.inline_polling, self.settings.external_polling = True, False

    def _ctrl_enable_heuristic_polling(self, _: CtrlValue) -> None:
        self._pre_init("ENABLE_HEURISTIC_POLLING")
        if not self.settings.external_polling:
            self._refuse("ENABLE_HEURISTIC_POLLING failed as external polling is not enabled")
        self.settings.heuristic_polling = True

    def _ctrl_get_num_requests_in_flight(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if value not in ctrls.IN_FLIGHT_KINDS:
            self._refuse("Invalid i parameter")
        self._answer("GET_NUM_REQUESTS_IN_FLIGHT", self.requests_in_flight(value))

    def _ctrl_init_engine(self, _: CtrlValue) -> None:
        if not self.try_init():
            self._refuse(f"Failure initializing engine: {self.unavailable_reason}")

    def _ctrl_set_configuration_section_name(self, value: CtrlValue) -> None:
        assert isinstance(value, str)
        self._pre_init("QAT_CMD_SET_CONFIGURATION_SECTION_NAME")
        if not 0 < len(value) < ctrls.SECTION_NAME_SIZE:
            self._refuse("Section name is NULL or invalid length")
        self.settings.section = value

    def _ctrl_enable_sw_fallback(self, _: CtrlValue) -> None:
        self._pre_init("ENABLE_SW_FALLBACK")
        self.settings.sw_fallback = True

    def _ctrl_heartbeat_poll(self, _: CtrlValue) -> None:
        self._post_init("HEARTBEAT_POLL")
        if not self.settings.external_polling:
            self._refuse("HEARTBEAT_POLL failed as external polling is not enabled")
        self.counters.heartbeat_polls += 1
        self._answer("HEARTBEAT_POLL", CPA_STATUS_SUCCESS)  # between tests every device is up

    def _ctrl_disable_qat_offload(self, _: CtrlValue) -> None:
        self._post_init("DISABLE_QAT_OFFLOAD")
        self.settings.disable_offload = True

    def _bitmap(self, value: CtrlValue, what: str) -> int:
        assert isinstance(value, str)
        mask = ctrls.c_strtoul(value)
        if mask is None:
            self._refuse(f"The {what} enable mask is invalid.")
        assert mask is not None
        if mask > ctrls.ALGO_BITMAP_MAX:
            self._refuse(f"The {what} enable mask is out of the range.")
        return mask

    def _ctrl_hw_algo_bitmap(self, value: CtrlValue) -> None:
        self.settings.hw_bitmap = self._bitmap(value, "hardware")  # re-binds: -c changes

    def _ctrl_sw_algo_bitmap(self, value: CtrlValue) -> None:
        self.settings.sw_bitmap = self._bitmap(value, "software")  # no qat_sw in the model

    # -- pyspeed model settings ---------------------------------------------------------
    def _ctrl_pyspeed_profile(self, value: CtrlValue) -> None:
        assert isinstance(value, str)
        if self.initialised:
            raise CtrlError("PYSPEED_PROFILE must be set before the engine is initialised")
        if not exists(value):
            known = ", ".join(known_profiles())
            raise CtrlError(f"unknown QAT device profile '{value}' (known: {known})")
        self.settings.profile = value

    def _ctrl_pyspeed_fault(self, value: CtrlValue) -> None:
        assert isinstance(value, str)
        try:
            faults = ctrls.parse_faults(value)
        except ValueError as exc:
            raise CtrlError(f"PYSPEED_FAULT: {exc}") from None
        profile = self.profile
        if profile is None:
            try:
                profile = load_profile(self.settings.profile)
            except ProfileError as exc:
                raise CtrlError(str(exc)) from None
        for dev, _, _ in faults:
            if dev >= profile.endpoints:
                raise CtrlError(
                    f"PYSPEED_FAULT: profile {profile.name} has "
                    f"{profile.endpoints} device(s), no device {dev}"
                )
        self.settings.faults = faults

    def _ctrl_pyspeed_realtime(self, value: CtrlValue) -> None:
        if value not in (0, 1):
            raise CtrlError(f"PYSPEED_REALTIME takes 0 or 1, not {value}")
        self.settings.realtime = value == 1

    def _ctrl_pyspeed_software_path(self, value: CtrlValue) -> None:
        if value not in ("native", "python"):
            raise CtrlError(f"PYSPEED_SOFTWARE_PATH takes native or python, not {value}")
        self.settings.software_path = str(value)

    def _ctrl_pyspeed_seed(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        self.settings.seed = value

    def _ctrl_pyspeed_external_poll_interval(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if not 1 <= value <= 1_000_000:
            raise CtrlError(f"PYSPEED_EXTERNAL_POLL_INTERVAL: {value} is not 1..1000000 µs")
        self.settings.external_poll_us = value

    def _ctrl_pyspeed_heartbeat_interval(self, value: CtrlValue) -> None:
        assert isinstance(value, int)
        if not 1 <= value <= 60_000:
            raise CtrlError(f"PYSPEED_HEARTBEAT_INTERVAL: {value} is not 1..60000 ms")
        self.settings.heartbeat_ms = value

    # -- Engine -----------------------------------------------------------------------
    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        offload.check(algo, self.settings.hw_bitmap)

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        from pyspeed.engines.qat.operation import build_operation

        if not self.initialised and not self.try_init():
            raise Unsupported(self.unavailable_reason or "qat is not initialised")
        s = self.settings
        plan = offload.plan(case, s.hw_bitmap, s.thresholds, s.disable_offload)
        return build_operation(self, case, options, plan)


class QatEngineNew(QatEngine):
    """The same engine under the id of v0.6.1 and later (`qatengine`)."""

    id = "qatengine"
