"""`--benchmark-json`: pyspeed runs in pytest-benchmark's schema, read by its own tools."""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pyspeed.views.benchjson import rounds_stats, to_pytest_benchmark, write_benchmark_json

from support.documents import as_run

pytest_benchmark = pytest.importorskip("pytest_benchmark")


def test_stats_are_pytest_benchmarks_own() -> None:
    from pytest_benchmark.stats import Stats

    samples = [
        [0.5],
        [3.0, 1.0],
        [1.0, 2.0, 9.0],
        [4.0, 1.0, 3.0, 2.0, 50.0],
        [0.1 * i for i in range(1, 12)],
        [7.0, 7.0, 7.0, 7.0, 7.0, 7.0],
    ]
    for data in samples:
        ref = Stats()
        for x in data:
            ref.update(x)
        assert rounds_stats(data) == ref.as_dict(), data


def test_one_benchmark_per_case_and_engine(make_doc) -> None:
    doc = make_doc(
        {
            ("rsa2048/sign", "software"): [1000, 800, 1250],
            ("rsa2048/sign", "qat"): [[2000, 2000], [1000, 1000], None],  # 2 workers; 1 failed
            ("sha256/1024", "software"): [1000, 1000],
            ("ecdhp256/derive", "software"): [None, None],  # nothing usable: left out
        }
    )
    out = to_pytest_benchmark(as_run(doc))
    names = [b["name"] for b in out["benchmarks"]]
    assert names == ["rsa2048/sign[software]", "rsa2048/sign[qat]", "sha256/1024[software]"]
    sw, qat, sha = out["benchmarks"]
    # rounds are seconds per operation: lower is better, as pytest-benchmark reads them
    assert sw["stats"]["data"] == pytest.approx([1 / 1000, 1 / 800, 1 / 1250])
    assert sw["stats"]["median"] == pytest.approx(1 / 1000)
    assert sw["stats"]["ops"] == pytest.approx(3 / (1 / 1000 + 1 / 800 + 1 / 1250))
    assert sw["stats"]["rounds"] == 3 and sw["stats"]["iterations"] == 1000
    assert sw["group"] == "rsa2048" and sw["param"] == "software"
    assert sw["fullname"] == "pyspeed::rsa2048/sign[software]"
    assert sw["params"] == {"engine": "software", "size": 0}
    # workers are summed per repetition; the failed repetition is not a round
    assert qat["stats"]["data"] == pytest.approx([1 / 4000, 1 / 2000])
    assert qat["extra_info"]["failed_repetitions"] == 1
    assert qat["extra_info"]["modelled"] is True and qat["extra_info"]["unit"] == "ops/s"
    assert qat["extra_info"]["served_by"] == "qat"
    # block ciphers and digests: time per block of `size` bytes
    assert sha["stats"]["data"] == pytest.approx([1e-3, 1e-3])
    assert sha["extra_info"]["unit"] == "bytes/s" and sha["params"]["size"] == 1024
    assert sha["extra_info"]["rate_median"] == pytest.approx(1024 * 1000)
    assert out["machine_info"]["cpu"]["brand_raw"] == "Test CPU (aes)"
    assert out["machine_info"]["fingerprint"] == "f" * 16
    assert out["commit_info"]["id"] == "a" * 40 and out["commit_info"]["dirty"] is False
    assert out["datetime"] == doc["started"]


def test_written_file_is_strict_json(make_doc, tmp_path: Path) -> None:
    doc = make_doc({("rsa2048/verify", "software"): [5, 7]}, commit=None)
    path = tmp_path / "bench.json"
    write_benchmark_json(as_run(doc), str(path))
    text = path.read_text()
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert data["commit_info"]["id"] == "unversioned" and "error" in data["commit_info"]
    assert all(math.isfinite(v) for v in data["benchmarks"][0]["stats"]["data"])
    assert [p.name for p in tmp_path.iterdir()] == ["bench.json"]  # no temporary left


def _real_run(path: Path, engine_args: list[str]) -> dict:
    from pyspeed.results.document import load

    from support.runs import run_speed

    save = str(path.with_suffix(".pyspeed.json"))
    rc = run_speed(
        [
            *engine_args,
            "-elapsed",
            "--repeat",
            "2",
            "--save",
            save,
            "--format",
            "csv",
            "-bytes",
            "256",
            "sha256",
            "ecdhp256",
        ],
        io.StringIO(),
        io.StringIO(),
        seconds=0.02,
    )
    assert rc == 0
    doc = load(save)
    write_benchmark_json(doc, str(path))
    return doc


def _env() -> dict[str, str]:
    """The child runs elsewhere (cwd): make PYTHONPATH absolute so that it still finds
    pyspeed (pytest entry points, once installed, import it)."""
    import pyspeed

    paths = [str(Path(pyspeed.__file__).resolve().parents[1])]
    paths += [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def test_pytest_benchmark_compare_reads_pyspeed_files(tmp_path: Path) -> None:
    a, b = tmp_path / "base.json", tmp_path / "new.json"
    _real_run(a, [])
    _real_run(b, [])
    # its storage loader (what `compare` and `--benchmark-compare` use) accepts them
    from pytest_benchmark.logger import Logger
    from pytest_benchmark.storage.file import FileStorage

    warnings: list[str] = []

    class Quiet(Logger):
        def warning(self, text, **kwargs):  # type: ignore[no-untyped-def, override]
            warnings.append(text)

    storage = FileStorage(tmp_path, logger=Quiet(Logger.QUIET))
    loaded = list(storage.load_benchmarks(str(a), str(b)))
    assert not warnings and len(loaded) == 4
    assert {x["name"] for x in loaded} == {"sha256/256[software]", "ecdhp256/derive[software]"}
    # and the command-line tool prints its table, in groups, without an error
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_benchmark",
            "compare",
            "--group-by=func",
            "--columns=min,median,ops,rounds",
            f"--csv={tmp_path / 'cmp'}",
            str(a),
            str(b),
        ],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "benchmark 'sha256/256': 2 tests" in out
    assert "benchmark 'ecdhp256/derive': 2 tests" in out
    for run in ("base", "new"):  # one row per file, labelled with the file
        assert re.search(rf"ecdhp256/derive\[software\] \(\S*{run}\)", out), out
    assert "Traceback" not in proc.stderr
    rows = (tmp_path / "cmp.csv").read_text().splitlines()
    assert rows[0].startswith("name,param:engine,param:size,min,median,ops,rounds")
    assert len(rows) == 5
