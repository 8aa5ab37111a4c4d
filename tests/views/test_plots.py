"""`pyspeed plot`: throughput, compare and sweep figures; one-line errors without them."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from pyspeed.commands.plot import plot_main
from pyspeed.results.document import save

PNG = b"\x89PNG\r\n\x1a\n"
SIZES = (16, 64, 256, 1024, 8192, 16384)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = plot_main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


def _two_engines(make_doc, factor: float = 1.0) -> dict:
    counts: dict = {}
    for s in SIZES:
        counts[(f"sha256/{s}", "software")] = [int(1e6 / s * factor)] * 3
        counts[(f"sha256/{s}", "qat")] = [int(5e5 * (s / 1024) ** 0.5 / s * factor) + 1] * 3
    counts[("rsa2048/sign", "software")] = [int(2000 * factor), 2100, 1900]
    counts[("rsa2048/verify", "software")] = [60000, 61000, 59000]
    counts[("rsa2048/sign", "qat")] = [16000, 15000, 17000]
    counts[("rsa2048/verify", "qat")] = [90000, 91000, 89000]
    return make_doc(counts)


def _file(tmp_path: Path, name: str, doc: dict) -> str:
    path = str(tmp_path / name)
    save(doc, path)
    return path


def test_missing_matplotlib_is_one_line_exit_2(make_doc, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails as if not installed
    run_json = _file(tmp_path, "run.json", _two_engines(make_doc))
    rc, out, err = run(run_json, "-o", str(tmp_path / "x.png"))
    assert (rc, out, err) == (2, "", "pyspeed plot needs matplotlib: pip install 'pyspeed[plot]'\n")


def test_usage_and_file_errors(make_doc, tmp_path: Path) -> None:
    run_json = _file(tmp_path, "run.json", _two_engines(make_doc))
    png = str(tmp_path / "x.png")
    for argv in (
        [run_json],
        [run_json, "-o", str(tmp_path / "x.txt")],
        [run_json, "-o", png, "--kind", "pie"],
        [run_json, "-o", png, "--kind", "compare"],
        [run_json, run_json, "-o", png],
        ["-o", png],
        ["--nope"],
    ):
        rc, out, err = run(*argv)
        assert rc == 1 and out == "" and len(err.splitlines()) == 1, (argv, err)
        assert err.startswith("plot: ")
    rc, _, err = run(str(tmp_path / "missing.json"), "-o", png)
    assert rc == 66 and err == f"pyspeed: {tmp_path / 'missing.json'}: no such results file\n"
    assert not Path(png).exists()


def test_throughput_png(make_doc, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out_png = tmp_path / "run.png"
    rc, _, err = run(_file(tmp_path, "run.json", _two_engines(make_doc)), "-o", str(out_png))
    assert rc == 0 and err == f"pyspeed plot: wrote {out_png}\n"
    data = out_png.read_bytes()
    assert data.startswith(PNG) and len(data) > 20_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json", "run.png"]


def test_compare_png_and_no_common_case(make_doc, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    base = _file(tmp_path, "base.json", _two_engines(make_doc))
    new = _file(tmp_path, "new.json", _two_engines(make_doc, factor=0.9))
    rc, _, err = run(new, "--base", base, "-o", str(tmp_path / "cmp.svg"))
    assert rc == 0 and (tmp_path / "cmp.svg").read_text().lstrip().startswith("<?xml")
    other = _file(tmp_path, "other.json", make_doc({("ecdhp256/derive", "software"): [5]}))
    rc, _, err = run(other, "--base", base, "--kind", "compare", "-o", str(tmp_path / "c.png"))
    assert rc == 3 and err == "plot: other.json and base.json have no case in common\n"


def test_sweep_from_runs_or_records(make_doc, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    files = []
    for multi in (0, 2, 4):
        per_worker = [1000] * max(multi, 1)
        doc = make_doc(
            {("rsa2048/sign", "software"): [per_worker, per_worker]}, options={"multi": multi}
        )
        files.append(_file(tmp_path, f"m{multi}.json", doc))
    rc, _, err = run(*files, "--kind", "sweep", "-o", str(tmp_path / "sweep.png"))
    assert rc == 0, err
    assert (tmp_path / "sweep.png").read_bytes().startswith(PNG)
    # one document whose records say their own -async_jobs
    doc = make_doc(
        {("rsa2048/verify", "software"): [10, 20, 40]},
        extra=lambda case, engine, repeat: {"async_jobs": 2**repeat},
    )
    rc, _, err = run(
        _file(tmp_path, "jobs.json", doc), "--kind", "sweep", "-o", str(tmp_path / "jobs.png")
    )
    assert rc == 0, err
    rc, _, err = run(files[0], "--kind", "sweep", "-o", str(tmp_path / "one.png"))
    assert rc == 3 and "needs runs at several -multi or -async_jobs settings" in err
    assert len(err.splitlines()) == 1
