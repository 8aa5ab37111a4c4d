"""Device profiles in engines.d: the shipped ones are complete and cited; users add theirs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pyspeed.engines.dropins import dropin_files, dropin_specs
from pyspeed.engines.qat.offload import DSA_BITS, FFDH_BITS, NIST_PRIME, RSA_BITS
from pyspeed.engines.qat.profiles import SHIPPED, ProfileError, load_profile

from support.qat import counters, engine, measure

ENGINES_D = Path(__file__).resolve().parents[3] / "engines.d"


def offloaded_keys() -> list[str]:
    keys = [f"rsa{b}_{op}" for b in RSA_BITS for op in ("sign", "verify")]
    keys += [f"dsa{b}_{op}" for b in DSA_BITS for op in ("sign", "verify")]
    keys += [f"ffdh{b}" for b in FFDH_BITS] + [f"ecdh_{c}" for c in NIST_PRIME]
    keys += [f"ecdsa_{c}_{op}" for c in NIST_PRIME for op in ("sign", "verify")]
    return keys


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_profiles_load_and_cover_every_offloaded_operation(name: str) -> None:
    p = load_profile(name)
    assert all(p.service(k) for k in offloaded_keys())
    assert (p.asym_ring, p.sym_ring) == (64, 512)
    assert p.sections == ("SHIM",)


def test_profile_files_and_engine_sections_ship() -> None:
    names = {f.name for f in dropin_files({})}
    assert {"qat.cnf", "qat-c62x.cnf", "qat-8970.cnf", "qat-dh895xcc.cnf", "qat-4xxx.cnf",
            "qat-c62x-vf.cnf"} <= names  # fmt: skip
    specs = dropin_specs({})
    assert specs["qat"].dynamic_path == "pyspeed.engines.qat:QatEngine"
    assert specs["qatengine"].dynamic_path == "pyspeed.engines.qat:QatEngineNew"


def test_every_figure_in_the_shipped_profiles_says_where_it_comes_from() -> None:
    for path in ENGINES_D.glob("qat-*.cnf"):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"(\w+)\s*=\s*([\d.]+)\s*(#.*)?$", line)
            if not m:
                continue
            above = lines[i - 1] if i else ""
            cited = m.group(3) or above.startswith("#") or "derived" in above
            assert cited, f"{path.name}:{i + 1}: {m.group(1)} has no source comment"
            if m.group(3):
                assert re.search(r"ref §|issue #|derived|assumption|prctl", m.group(3)), line


def test_8970_is_three_c62x_devices() -> None:
    c62x, card = load_profile("c62x"), load_profile("8970")
    assert card.endpoints == 3 and card.service_us == c62x.service_us
    assert [card.instance_endpoints(p) for p in range(4)] == [[0], [1], [2], [0]]


def test_user_profile_with_base_and_fault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine.cnf").write_text(
        "[qat_profile_mine]\n"
        "base = c62x\n"
        "description = a slow card\n"
        "pke_servers = 9\n"
        "fault = 0:0.5:0.7\n"
    )
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    p = load_profile("mine")
    assert (p.pke_servers, p.faults, p.description) == (9, ((0, 0.5, 0.7),), "a slow card")
    e = engine("mine", ("PYSPEED_HEARTBEAT_INTERVAL", "100"))
    m = measure(e, "rsa2048", jobs=72, seconds=1.0)
    assert abs(m.count / m.wall - 17_500) < 1_000  # half the servers: half the capacity
    assert counters(m)["failed_ops"] == 72  # the profile's fault, no fallback


@pytest.mark.parametrize(
    ("body", "why"),
    [("base = c62x\nasym_ring = 100\n", "asym_ring must be 64, 128"),
     ("base = c62x\npke_servers = 0\n", "pke_servers must be a positive integer"),
     ("base = c62x\nrsa2048_sign = fast\n", "is not a number"),
     ("base = bad\n", "'base' loops"),
     ("description = nothing\n", "missing key endpoints"),
     ("base = c62x\nfault = 0:1\n", "not DEVICE:OFFLINE_AT:ONLINE_AT")],
)  # fmt: skip
def test_broken_profiles_make_init_fail_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, why: str
) -> None:
    (tmp_path / "bad.cnf").write_text("[qat_profile_bad]\n" + body)
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    with pytest.raises(ProfileError, match=re.escape(why)):
        load_profile("bad")
    from pyspeed.engines.qat import QatEngine

    e = QatEngine()
    e.ctrl_cmd_string("PYSPEED_PROFILE", "bad")
    assert not e.try_init()
    assert e.unavailable_reason is not None and why in e.unavailable_reason
    assert "\n" not in e.unavailable_reason
