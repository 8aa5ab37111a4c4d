"""The software engine as its tests use it: one engine, and operations built for cases."""

from __future__ import annotations

import ctypes
import os

from pyspeed.algos.tables import PKEY_WORDS
from pyspeed.engines.software import SoftwareEngine
from pyspeed.model import CaseOptions, Operation, PkeyCase, SymAlgo, SymCase

ENGINE = SoftwareEngine()
OPTS = CaseOptions()


def sym_op(algo: SymAlgo, size: int, misalign: int = 0) -> Operation:
    return ENGINE.prepare(SymCase(algo, size, 1.0), CaseOptions(misalign=misalign))


def pkey_op(word: str, op: str, options: CaseOptions = OPTS) -> Operation:
    return ENGINE.prepare(PkeyCase(PKEY_WORDS[word], op, 10.0), options)


def fill(view: memoryview) -> bytes:
    """Put random data into an operation's input buffer; return a copy of it."""
    data = os.urandom(len(view))
    view[:] = data
    return data


def address(view: memoryview) -> int:
    return ctypes.addressof(ctypes.c_char.from_buffer(view))
