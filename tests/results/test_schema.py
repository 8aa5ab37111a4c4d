"""Loading a results document: whatever the file holds, the answer is a Run or one line
naming the file and the JSON path (exit 2), never a traceback."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyspeed.commands.report import report_main
from pyspeed.results.document import ResultsError, from_dict

from support.documents import build_doc

GOOD = build_doc({("rsa2048/sign", "software"): [5, 6], ("sha256/16", "software"): [[7, 8]]})


@pytest.mark.parametrize(("edit", "where"), [
    (lambda d: d["results"][0].update(size=math.inf), "results[0].size"),
    (lambda d: d["results"][1].update(size=math.nan), "results[1].size"),
    (lambda d: d["results"][0].update(wall=math.inf), "results[0].wall"),
    (lambda d: d["results"][0].update(seconds=math.nan), "results[0].seconds"),
    (lambda d: d["results"][0].update(engine=3), "results[0].engine"),
    (lambda d: d["results"][0].update(case=None), "results[0].case"),
    (lambda d: d["results"][0].update(count=True), "results[0].count"),
    (lambda d: d["results"][0].update(repeat=-1), "results[0].repeat"),
    (lambda d: d.update(options=[1, 2]), "options"),
    (lambda d: d.update(options=None), "options"),
    (lambda d: d.update(command="pyspeed speed"), "command"),
    (lambda d: d.update(engines=[{"name": "x"}]), "engines[0].id"),
])
def test_bad_types_are_one_line_with_the_path(edit: Any, where: str) -> None:
    doc = json.loads(json.dumps(GOOD))
    edit(doc)
    with pytest.raises(ResultsError) as info:
        from_dict(doc, "run.json")
    assert str(info.value).startswith(f"run.json: invalid results document at {where}: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("version", [True, 0, -1, "1", None, 1.0])
def test_bad_versions(version: object) -> None:
    with pytest.raises(ResultsError, match="schema version missing or not a number"):
        from_dict({**GOOD, "version": version}, "run.json")


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"schema": "pyspeed-results", "machine_info": ' + "[" * 100_000
                    + "]" * 100_000 + "}")
    out, err = io.StringIO(), io.StringIO()
    assert report_main(str(path), "table", out, err) == 2
    assert err.getvalue() == f"pyspeed: {path}: nested too deeply to be a results document\n"


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
_FIELDS = sorted({*GOOD, *GOOD["results"][0]})


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(field=st.sampled_from(_FIELDS), value=_json, index=st.integers(0, 2))
def test_any_value_anywhere_is_a_run_or_one_line(field: str, value: Any, index: int) -> None:
    doc = json.loads(json.dumps(GOOD))
    target = doc if field in GOOD else doc["results"][index % len(doc["results"])]
    target[field] = value
    try:
        from_dict(doc, "run.json")
    except ResultsError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("run.json: ")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.function_scoped_fixture],
          deadline=None)
@given(field=st.sampled_from([*_FIELDS, "words", "bytes", "evp", "mr", "elapsed"]),
       value=_json, index=st.integers(0, 2))
def test_every_report_format_of_any_loadable_document(tmp_path: Path, field: str,
                                                      value: Any, index: int) -> None:
    doc = json.loads(json.dumps(GOOD))
    if field in GOOD:
        doc[field] = value
    elif field in doc["results"][0]:
        doc["results"][index % len(doc["results"])][field] = value
    else:
        doc["options"][field] = value
    path = tmp_path / "run.json"
    path.write_text(json.dumps(doc))
    for fmt in ("table", "csv", "json", "openssl"):
        out, err = io.StringIO(), io.StringIO()
        rc = report_main(str(path), fmt, out, err)
        assert rc in (0, 1, 2) and len(err.getvalue().splitlines()) <= 1, err.getvalue()
