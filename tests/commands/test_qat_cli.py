"""The qat model through the speed command: marked as modelled, shared by -multi workers."""

from __future__ import annotations

import io

from pyspeed.commands.speed import speed_main


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = speed_main(["-seconds", "2", "-engine", "qat", "-elapsed", *args], out, err)
    return rc, out.getvalue(), err.getvalue()


def test_openssl_view_says_the_numbers_are_modelled_and_names_the_profile() -> None:
    rc, _, err = _run("rsa2048")
    notes = [line for line in err.splitlines() if "modelled" in line]
    assert rc == 0
    assert notes == ["pyspeed: engine qat: modelled numbers, not measured on this host: "
                     "QAT model, profile c62x (modelled)"]


def test_multi_workers_share_one_modelled_device() -> None:
    rates = {}
    for multi in ("1", "2"):
        rc, out, _ = _run("-mr", "-async_jobs", "72", "-multi", multi, "rsa2048")
        assert rc == 0
        sign, verify = out.splitlines()[-1].split(":")[3:5]
        rates[multi] = (float(sign), float(verify))
    # signing saturates the device: two processes share it; verify is bound by the
    # submitting core, so a second process doubles it
    assert 0.9 < rates["2"][0] / rates["1"][0] < 1.1
    assert 1.8 < rates["2"][1] / rates["1"][1] < 2.2
