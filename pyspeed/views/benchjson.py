"""A results document in pytest-benchmark's JSON schema (`--benchmark-json FILE`).

Why: pytest-benchmark's `compare` command, its `--benchmark-compare` baselines and the
CI actions built on its files (github-action-benchmark and the like) then read pyspeed
runs without a converter. The layout follows what pytest-benchmark 5.x writes
(`pytest_benchmark.plugin.pytest_benchmark_generate_json`, `stats.Stats`,
`stats.Metadata.as_dict`).

Mapping:

* one benchmark per (case, engine), named `CASE[ENGINE]` (`rsa2048/sign[software]`) so
  pytest-benchmark's `--group-by func` puts engines of one case side by side; `group` is
  the algorithm; `param` is the engine, `params` the engine and block size;
* a *round* is a pyspeed repetition; each round's value is **seconds per operation**
  derived from that repetition's rate summed over workers (bytes per block / bytes/s,
  or 1 / ops/s), so pytest-benchmark's "lower is better" reading holds and `ops` is
  operations per second. `iterations` is the median number of operations in a round;
* statistics are computed exactly as pytest-benchmark computes them (its quartile
  methods, Tukey fences, "stddev;iqr" outlier string), so its tables show what it would
  have measured itself from the same rounds;
* `machine_info` and `commit_info` come from the results document, filled out to the
  keys pytest-benchmark writes; pyspeed's own fields (fingerprint, OpenSSL and
  cryptography versions) ride along.

Rounds are the samples of pyspeed.results.statistics; failed repetitions are not rounds
(their count is `extra_info.failed_repetitions`), and a case with no sample is left out,
as pytest-benchmark leaves out benchmarks that raised.
"""

from __future__ import annotations

import statistics
from typing import Any

from pyspeed._version import __version__
from pyspeed.model import Run
from pyspeed.results.document import save
from pyspeed.results.statistics import CaseStats, run_stats

# the pytest-benchmark release whose file layout this follows (and was checked against)
PYTEST_BENCHMARK_SCHEMA = "5.2.3"
FULLNAME_PREFIX = "pyspeed::"

_MACHINE_KEYS = (
    "node",
    "processor",
    "machine",
    "python_compiler",
    "python_implementation",
    "python_implementation_version",
    "python_version",
    "python_build",
    "release",
    "system",
)


def rounds_stats(data: list[float]) -> dict[str, Any]:
    """pytest-benchmark's own statistics of these rounds (`Stats.as_dict()`): computed by
    its code, so the file agrees with whichever pytest-benchmark version reads it."""
    from pytest_benchmark.stats import Stats

    stats = Stats()
    for value in data:
        stats.update(value)
    return dict(stats.as_dict())


def _machine_info(doc: Run) -> dict[str, Any]:
    mi = dict(doc.machine_info)
    info: dict[str, Any] = {k: mi.get(k, "") for k in _MACHINE_KEYS}
    info["python_implementation_version"] = mi.get(
        "python_implementation_version", mi.get("python_version", "")
    )
    info["python_build"] = mi.get("python_build", [])
    cpu = mi.get("cpu")
    # pytest-benchmark stores py-cpuinfo's dict; keep its best-known keys
    info["cpu"] = (
        cpu
        if isinstance(cpu, dict)
        else {
            "brand_raw": cpu or "",
            "count": mi.get("cores"),
            "arch_string_raw": mi.get("machine", ""),
        }
    )
    for k, v in mi.items():  # pyspeed's own: fingerprint, cores, cryptography, openssl
        info.setdefault(k, v)
    return info


def _commit_info(doc: Run) -> dict[str, Any]:
    ci = doc.commit_info or {}
    info: dict[str, Any] = {
        "id": ci.get("id") or "unversioned",
        "time": ci.get("time"),
        "author_time": ci.get("author_time"),
        "dirty": bool(ci.get("dirty", False)),
        "project": ci.get("project", "pyspeed"),
        "branch": ci.get("branch") or "(unknown)",  # None: a detached HEAD
    }
    if not ci:
        info["error"] = "the pyspeed run recorded no git commit"
    return info


def benchmark_entry(cr: CaseStats, doc: Run) -> dict[str, Any]:
    """One element of `benchmarks[]` (None-free, NaN-free: JSON readers choke on NaN)."""
    elapsed = doc.elapsed
    data = list(cr.seconds_per_op)
    stats = rounds_stats(data)
    stats["data"] = data
    stats["iterations"] = max(1, int(statistics.median(cr.counts)))
    return {
        "group": cr.algorithm,
        "name": f"{cr.case}[{cr.engine}]",
        "fullname": f"{FULLNAME_PREFIX}{cr.case}[{cr.engine}]",
        "params": {"engine": cr.engine, "size": cr.size},
        "param": cr.engine,
        "extra_info": {
            "case": cr.case,
            "engine": cr.engine,
            "family": cr.family,
            "algorithm": cr.algorithm,
            "operation": cr.operation,
            "size": cr.size,
            "bits": cr.bits,
            "served_by": cr.served_by,
            "implementation": cr.implementation,
            "modelled": cr.modelled,
            "unit": cr.unit,
            "rate_median": cr.median,
            "rate_ci_low": cr.ci_low,
            "rate_ci_high": cr.ci_high,
            "rates": list(cr.rates),
            "failed_repetitions": cr.failed,
            "time_per_op": "wall-clock" if elapsed else "user CPU",
            "pyspeed": doc.pyspeed or __version__,
        },
        "options": {
            "disable_gc": False,
            "timer": "pyspeed:" + ("wall-clock" if elapsed else "user-cpu"),
            "min_rounds": len(data),
            "max_time": cr.seconds,
            "min_time": cr.seconds,
            "warmup": False,
        },
        "stats": stats,
    }


def to_pytest_benchmark(doc: Run) -> dict[str, Any]:
    """The whole file pytest-benchmark would have written for this run."""
    benchmarks = [benchmark_entry(cr, doc) for cr in run_stats(doc) if cr.rates]
    return {
        "machine_info": _machine_info(doc),
        "commit_info": _commit_info(doc),
        "benchmarks": benchmarks,
        "datetime": doc.started,
        "version": PYTEST_BENCHMARK_SCHEMA,
        "generator": f"pyspeed {doc.pyspeed or __version__}",
    }


def write_benchmark_json(doc: Run, path: str) -> None:
    """Write atomically (as `--save` does): readers never see a torn file."""
    save(to_pytest_benchmark(doc), path)
