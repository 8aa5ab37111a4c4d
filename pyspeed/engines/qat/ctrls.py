"""The QAT engine's ctrl commands and the parsers the real engine uses for their values.

The 22 commands are those of `qat_cmd_defns[]` (docs/qat-model.md §1.3), numbered from
ENGINE_CMD_BASE (200) in the engine's order, with the exact description strings and
input flags, so that `pyspeed engine -vvvv qat` lists what `openssl engine -vvvv qat`
lists. pyspeed's model settings follow as INTERNAL commands (shown only at -vvvv), so
an openssl.cnf written for the real engine needs nothing extra, and one written for the
model says so in its command names (`PYSPEED_*`).

Value parsing mirrors the engine's C code (atoi, strtoul(p, &end, 0), strsep), because
what a malformed value does is part of the behaviour being modelled: `atoi("abc")` is 0,
a valid threshold, and `SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD` reports only the last
pair's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.engines.ctrl import CMD_BASE, INTERNAL, NO_INPUT, NUMERIC, STRING, CtrlCommand

# (name, description, flags) in qat_cmd_defns[] order: ENGINE_CMD_BASE + 0 .. + 21
_REAL: tuple[tuple[str, str, int], ...] = (
    ("ENABLE_EXTERNAL_POLLING", "Enables the external polling interface to the engine.", NO_INPUT),
    ("POLL", "Polls the engine for any completed requests", NO_INPUT),
    ("SET_INSTANCE_FOR_THREAD", "Set instance to be used by this thread", NUMERIC),
    ("GET_NUM_OP_RETRIES", "Get number of retries", NO_INPUT),
    ("SET_MAX_RETRY_COUNT", "Set maximum retry count", NUMERIC),
    ("SET_INTERNAL_POLL_INTERVAL", "Set internal polling interval", NUMERIC),
    ("GET_EXTERNAL_POLLING_FD", "Returns non blocking fd for crypto engine", NO_INPUT),
    ("ENABLE_EVENT_DRIVEN_POLLING_MODE", "Set event driven polling mode", NO_INPUT),
    ("GET_NUM_CRYPTO_INSTANCES", "Get the number of crypto instances", NO_INPUT),
    ("DISABLE_EVENT_DRIVEN_POLLING_MODE", "Unset event driven polling mode", NO_INPUT),
    ("SET_EPOLL_TIMEOUT", "Set epoll_wait timeout", NUMERIC),
    ("SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD", "Set QAT small packet threshold", STRING),
    ("ENABLE_INLINE_POLLING", "Enables the inline polling mode.", NO_INPUT),
    ("ENABLE_HEURISTIC_POLLING", "Enable the heuristic polling mode", NO_INPUT),
    ("GET_NUM_REQUESTS_IN_FLIGHT", "Get the number of in-flight requests", NUMERIC),
    ("INIT_ENGINE", "Initializes the engine if not already initialized", NO_INPUT),
    (
        "SET_CONFIGURATION_SECTION_NAME",
        "Set the configuration section to use in QAT driver configuration file",
        STRING,
    ),
    (
        "ENABLE_SW_FALLBACK",
        "Enables the fallback to SW if the acceleration devices go offline",
        NO_INPUT,
    ),
    ("HEARTBEAT_POLL", "Check the acceleration devices are still functioning", NO_INPUT),
    ("DISABLE_QAT_OFFLOAD", "Perform crypto operations on core", NO_INPUT),
    ("HW_ALGO_BITMAP", "Set the HW algorithm bitmap and reload the algorithm registration", STRING),
    ("SW_ALGO_BITMAP", "Set the SW algorithm bitmap and reload the algorithm registration", STRING),
)

# pyspeed's model settings: after the real ones, INTERNAL so only -vvvv shows them
_MODEL: tuple[tuple[str, str, int], ...] = (
    (
        "PYSPEED_PROFILE",
        "pyspeed model: device profile to model (engines.d qat_profile_NAME; default c62x)",
        STRING | INTERNAL,
    ),
    (
        "PYSPEED_FAULT",
        "pyspeed model: device DEV goes offline at T1 and back at T2 seconds of modelled time "
        "(DEV:T1:T2[,...]; none clears)",
        STRING | INTERNAL,
    ),
    (
        "PYSPEED_REALTIME",
        "pyspeed model: deliver completions in wall-clock time (1) or on the virtual clock (0)",
        NUMERIC | INTERNAL,
    ),
    (
        "PYSPEED_SEED",
        "pyspeed model: seed of the model's random service-time jitter",
        NUMERIC | INTERNAL,
    ),
    (
        "PYSPEED_EXTERNAL_POLL_INTERVAL",
        "pyspeed model: microseconds between the application's POLL calls in external polling "
        "mode (default 1000, as nginx)",
        NUMERIC | INTERNAL,
    ),
    (
        "PYSPEED_HEARTBEAT_INTERVAL",
        "pyspeed model: milliseconds between heartbeat checks (default: the profile's)",
        NUMERIC | INTERNAL,
    ),
    (
        "PYSPEED_SOFTWARE_PATH",
        "pyspeed model: what runs the engine's software work here: native (an openssl "
        "binary, the default when there is one) or python (cryptography, Python-bound)",
        STRING | INTERNAL,
    ),
)

COMMANDS: tuple[CtrlCommand, ...] = tuple(
    CtrlCommand(CMD_BASE + n, name, desc, flags)
    for n, (name, desc, flags) in enumerate(_REAL + _MODEL)
)
BY_NAME: dict[str, CtrlCommand] = {c.name: c for c in COMMANDS}
REAL_COUNT = len(_REAL)

# docs/qat-model.md §1.4 / the ctrl function of e_qat.c
POLL_INTERVAL_DEFAULT_NS = 10_000
POLL_INTERVAL_RANGE = (1, 1_000_000)
MAX_RETRY_DEFAULT = 5
MAX_RETRY_RANGE = (-1, 100_000)
INFINITE_RETRIES = -1
EPOLL_TIMEOUT_DEFAULT_MS = 1_000
EPOLL_TIMEOUT_RANGE = (1, 10_000)
THRESHOLD_DEFAULT = 2048
THRESHOLD_MAX = 16384
MAX_INPUT_STRING_LENGTH = 1024
SECTION_NAME_SIZE = 64
SECTION_DEFAULT = "SHIM"
ALGO_BITMAP_DEFAULT = 0xFFFFF
ALGO_BITMAP_MAX = 0xFFFFF
# GET_NUM_REQUESTS_IN_FLIGHT selectors of the v0.5.x code: asym, KDF (PRF), cipher pipeline,
# RSA private queue, RSA public queue
IN_FLIGHT_KINDS = {1: "asym", 2: "kdf", 3: "cipher", 4: "rsa_priv_queue", 5: "rsa_pub_queue"}

#: the chained ciphers with a small-packet threshold, by OpenSSL short name (OBJ_sn2nid)
THRESHOLD_CIPHERS: tuple[str, ...] = (
    "AES-128-CBC-HMAC-SHA1",
    "AES-256-CBC-HMAC-SHA1",
    "AES-128-CBC-HMAC-SHA256",
    "AES-256-CBC-HMAC-SHA256",
)

#: HW_ALGO_BITMAP bits of the algorithms this model offloads (docs/qat-model.md §1.11)
BIT_RSA, BIT_DSA, BIT_DH, BIT_ECDSA, BIT_ECDH, BIT_PRF, BIT_CHAINED = (
    0x1,
    0x2,
    0x4,
    0x8,
    0x10,
    0x80,
    0x800,
)


def c_atoi(text: str) -> int:
    """C's atoi: leading blanks, a sign, then digits up to the first non-digit; else 0."""
    s = text.lstrip(" \t\n\v\f\r")
    sign = 1
    if s[:1] in ("+", "-"):
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    digits = ""
    for ch in s:
        if not ch.isdigit() or not ch.isascii():
            break
        digits += ch
    value = sign * int(digits) if digits else 0
    return max(min(value, 2**31 - 1), -(2**31))  # glibc saturates through strtol


def c_strtoul(text: str) -> int | None:
    """strtoul(p, &end, 0) checked like the engine: the whole string must be a number.

    Returns None where the engine reports "invalid" (no digits, trailing characters,
    ERANGE). A leading '-' negates modulo 2**64, as strtoul does.
    """
    s = text.lstrip(" \t\n\v\f\r")
    negative = False
    if s[:1] in ("+", "-"):
        negative = s[0] == "-"
        s = s[1:]
    base = 10
    if s[:2].lower() == "0x" and len(s) > 2 and _all_in(s[2:], "0123456789abcdefABCDEF"):
        base, s = 16, s[2:]
    elif s[:1] == "0" and len(s) > 1:
        base = 8
    allowed = {8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}[base]
    if not s or not _all_in(s, allowed):
        return None
    value = int(s, base)
    if value >= 2**64:
        return None  # ERANGE
    return (-value) % 2**64 if negative else value


def _all_in(text: str, allowed: str) -> bool:
    return all(ch in allowed for ch in text)


@dataclass(frozen=True)
class ThresholdUpdate:
    """The outcome of one SET_CRYPTO_SMALL_PACKET_OFFLOAD_THRESHOLD string."""

    applied: tuple[tuple[str, int], ...]  # (cipher, threshold) in the order applied
    ok: bool  # the ctrl's return value: the outcome of the LAST pair, as in the C loop
    problem: str | None  # what went wrong with a pair (for the one-line message)


def parse_threshold(text: str) -> ThresholdUpdate:
    """`NAME:value[,NAME:value...]` the way qat_engine_ctrl reads it (docs/qat-model.md §1.8).

    The C code copies at most 1023 bytes, splits on ',' then ':' with strsep, applies every
    pair whose name is a chained cipher (value through atoi, clamped to 0..16384) and
    overwrites its return value with each pair's outcome, so a bad pair followed by a good
    one still succeeds. Names go through OBJ_sn2nid, which is case-sensitive.
    """
    text = text[: MAX_INPUT_STRING_LENGTH - 1]
    applied: list[tuple[str, int]] = []
    ok = False
    problem: str | None = None
    for token in text.split(","):
        name, sep, rest = token.partition(":")
        if not sep:
            ok, problem = False, f"'{token}' is not NAME:value"
            continue
        value_token = rest.partition(":")[0]
        value = min(max(c_atoi(value_token), 0), THRESHOLD_MAX)
        if name not in THRESHOLD_CIPHERS:
            ok, problem = False, f"{name or '(empty)'} has no small-packet threshold"
            continue
        applied.append((name, value))
        ok = True
    return ThresholdUpdate(tuple(applied), ok, None if ok else problem)


def parse_faults(text: str) -> tuple[tuple[int, float, float], ...]:
    """`DEV:T1:T2[,DEV:T1:T2...]` (seconds of modelled time from the start of each test);
    empty or `none` clears. Raises ValueError with a one-line reason."""
    text = text.strip()
    if text in ("", "none"):
        return ()
    faults = []
    for item in text.split(","):
        parts = item.strip().split(":")
        if len(parts) != 3:
            raise ValueError(f"fault '{item.strip()}' is not DEVICE:OFFLINE_AT:ONLINE_AT")
        try:
            dev, t1, t2 = int(parts[0]), float(parts[1]), float(parts[2])
        except ValueError as exc:
            raise ValueError(f"fault '{item.strip()}': {exc}") from exc
        if dev < 0 or not 0 <= t1 < t2 or t2 == float("inf"):
            raise ValueError(
                f"fault '{item.strip()}': need DEVICE >= 0 and 0 <= OFFLINE_AT < ONLINE_AT"
            )
        faults.append((dev, t1, t2))
    return tuple(sorted(faults, key=lambda f: f[1]))
