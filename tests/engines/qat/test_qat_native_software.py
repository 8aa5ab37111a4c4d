"""The qat model's software work (records at or below the small-packet threshold, sizes
outside the hardware's, DISABLE_QAT_OFFLOAD) runs OpenSSL's own code when an openssl
binary is there, as the real engine does; otherwise it runs in Python and says so."""

from __future__ import annotations

import shutil

import pytest

from pyspeed.engines.ctrl import CtrlError

from support.qat import engine, pkey_op, simulate, sym_op


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl binary")
def test_small_records_run_in_the_native_binary() -> None:
    native = engine("c62x", ("PYSPEED_SOFTWARE_PATH", "native"))
    op = sym_op(native, "aes-128-cbc-hmac-sha1", 16)
    assert "software inside the qat engine, run by " in op.implementation
    assert "OpenSSL" in op.implementation
    m = simulate(op, 1.0)
    counters = dict(m.counters)
    assert not m.modelled and m.count > 0
    assert counters["sw_small_packet_ops"] == m.count and "openssl_seconds" in counters
    python = sym_op(engine(), "aes-128-cbc-hmac-sha1", 16)
    assert "software inside the qat engine, Python-bound: " in python.implementation
    p = simulate(python, 1.0)
    # the stitched cipher in OpenSSL's code against its composition through Python
    assert m.count / m.user > 3 * p.count / p.user


def test_the_setting_takes_native_or_python() -> None:
    e = engine()
    with pytest.raises(CtrlError, match="native or python"):
        e.ctrl_cmd_string("PYSPEED_SOFTWARE_PATH", "rust")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl binary")
def test_fallback_during_an_outage_costs_what_openssl_code_costs() -> None:
    """A device offline for 0.2 s with ENABLE_SW_FALLBACK: its operations are redone at
    the native binary's per-operation time, not Python's."""
    fault = (("PYSPEED_FAULT", "0:0.4:0.6"), ("PYSPEED_HEARTBEAT_INTERVAL", "100"),
             ("ENABLE_SW_FALLBACK", None))
    native_op = pkey_op(engine("c62x", ("PYSPEED_SOFTWARE_PATH", "native"), *fault), "rsa2048")
    assert any("fallback" in n and "OpenSSL" in n and "measured once" in n
               for n in native_op.notes)
    python_op = pkey_op(engine("c62x", *fault), "rsa2048")
    assert any("Python-bound" in n for n in python_op.notes)
    native, python = (dict(simulate(op, 1.0).counters) for op in (native_op, python_op))
    for c in (native, python):
        assert c["sw_fallback_ops"] > 0 and c["failed_ops"] == 0 and c["host_sw_seconds"] > 0
    per_op = [c["host_sw_seconds"] / c["sw_fallback_ops"] for c in (native, python)]
    # one RSA-2048 signature on this host, in OpenSSL's code or through cryptography:
    # real costs (about a millisecond each), not the model's microseconds
    assert all(1e-4 < t < 0.05 for t in per_op)
