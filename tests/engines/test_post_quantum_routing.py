"""Post-quantum rows on the engines that do not run them: the qat model declines them
(the real QAT engine offloads no ML-KEM or ML-DSA) and devcrypto has no public key at
all, so software serves them and every view says so."""

from __future__ import annotations

import pytest

import pyspeed
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import PkeyAlgo, Unsupported

from support.qat import engine


@pytest.mark.parametrize(("family", "name"), [("kem", "ML-KEM-768"), ("sig", "ML-DSA-65"),
                                              ("kem", "X25519MLKEM768")])
def test_the_qat_model_does_not_offload_post_quantum(family: str, name: str) -> None:
    with pytest.raises(Unsupported, match=f"does not offload {name}"):
        engine().check(PkeyAlgo(family, 0, name, 0))  # type: ignore[arg-type]


def test_qat_runs_of_post_quantum_rows_are_served_by_software() -> None:
    run = pyspeed.measure(["ML-KEM-768"], engines=["qat"],
                          options=pyspeed.MeasureOptions(seconds=0.05))
    assert {(r.engine, r.served_by) for r in run.records} == {("qat", "software")}
    assert all(r.count > 0 and not r.modelled for r in run.records)


def test_devcrypto_declines_kem_and_signatures() -> None:
    for family in ("kem", "sig"):
        with pytest.raises(Unsupported, match="cryptodev offers ciphers and digests only"):
            DevCryptoEngine().check(PkeyAlgo(family, 0, "ML-KEM-768", 0))  # type: ignore[arg-type]
