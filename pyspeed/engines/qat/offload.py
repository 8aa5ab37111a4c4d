"""What the modelled engine does with each case: offload it, run it in software inside the
engine, or decline it (docs/qat-model.md §1.11, v0.5.x list).

* Offloaded: RSA 1024/2048/4096 sign and verify; DSA 1024 and 2048; FFDH 2048-4096 (the
  v0.5.x DH sizes stop at 4096); ECDSA and ECDH on the NIST prime curves P-192..P-521; the
  four AES-CBC-HMAC-SHA1/SHA256 chained ciphers (encrypt) above the small-packet threshold.
* Software inside the engine (the engine calls OpenSSL's own code, so the result is still
  the engine's and its counters say so): other RSA sizes, FFDH 6144/8192, chained-cipher
  records at or below the threshold, and everything after DISABLE_QAT_OFFLOAD.
* Declined (`Unsupported`, so that the router runs it in software with a note): every
  other algorithm. The binary and Koblitz curves are offloaded by the real engine, but no
  engine pyspeed ships can produce their results, so they are declined with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.engines.qat import ctrls
from pyspeed.engines.qat.result_pool import tls_record_length
from pyspeed.model import Case, PkeyAlgo, PkeyCase, SymAlgo, Unsupported

RSA_BITS = (1024, 2048, 4096)
DSA_BITS = (1024, 2048)
FFDH_BITS = (2048, 3072, 4096)
NIST_PRIME = ("nistp192", "nistp224", "nistp256", "nistp384", "nistp521")
NIST_BINARY = tuple(f"nist{k}{b}" for k in "kb" for b in (163, 233, 283, 409, 571))

_FAMILY_BIT = {
    "rsa": ctrls.BIT_RSA,
    "dsa": ctrls.BIT_DSA,
    "ffdh": ctrls.BIT_DH,
    "ecdsa": ctrls.BIT_ECDSA,
    "ecdh": ctrls.BIT_ECDH,
}


@dataclass(frozen=True)
class Plan:
    """How one case is served."""

    offload: bool  # False: OpenSSL software inside the engine
    op_class: str  # asym | sym
    service_key: str  # the profile key of the per-request service time (offload)
    record_len: int = 0  # chained ciphers: the record length the device processes
    counter: str = ""  # software inside: the counter that says why
    reason: str = ""  # software inside: one line for notes and the implementation string


def chained_label(algo: SymAlgo) -> str | None:
    if algo.kind != "evp_cipher":
        return None
    label = algo.evp_name.upper()
    return label if label in ctrls.THRESHOLD_CIPHERS else None


def check(algo: SymAlgo | PkeyAlgo, hw_bitmap: int) -> None:
    """Raise Unsupported if the engine has no method at all for `algo`."""
    if isinstance(algo, SymAlgo):
        label = chained_label(algo)
        if label is None:
            raise Unsupported(f"qat does not offload {algo.label}")
        if not hw_bitmap & ctrls.BIT_CHAINED:
            raise Unsupported(f"HW_ALGO_BITMAP 0x{hw_bitmap:X} disables {label}")
        if algo.decrypt or algo.aead:
            raise Unsupported(
                f"qat model: -decrypt/-aead of {label} is not modelled (pyspeed "
                "builds the encrypt side of the TLS composition only)"
            )
        return
    fam = algo.family
    if fam in ("ecdsa", "ecdh"):
        if algo.curve in NIST_BINARY:
            raise Unsupported(
                f"qat offloads {algo.curve}, but pyspeed cannot produce its results "
                "(cryptography has no binary (EC2M) curves)"
            )
        if algo.curve not in NIST_PRIME:
            raise Unsupported(f"qat does not offload {algo.word} ({algo.curve})")
    elif fam == "dsa":
        if algo.bits not in DSA_BITS:
            raise Unsupported(
                f"qat does not offload {algo.word} (v0.5.x DSA: 1024 and 2048 bits"
                " with 160/224/256-bit q, 3072)"
            )
    elif fam not in ("rsa", "ffdh"):
        raise Unsupported(f"qat does not offload {algo.word}")
    bit = _FAMILY_BIT[fam]
    if not hw_bitmap & bit:
        raise Unsupported(f"HW_ALGO_BITMAP 0x{hw_bitmap:X} disables {fam.upper()} offload")


def plan(case: Case, hw_bitmap: int, thresholds: dict[str, int], disabled: bool) -> Plan:
    """The plan for one case; Unsupported if the engine declines it."""
    algo = case.algo
    check(algo, hw_bitmap)
    if isinstance(case, PkeyCase):
        return _pkey_plan(case, disabled)
    label = chained_label(algo)  # type: ignore[arg-type]
    assert label is not None
    mac = 32 if label.endswith("SHA256") else 20
    length = tls_record_length(case.size, mac)
    threshold = thresholds[label]
    if disabled:
        return Plan(
            False,
            "sym",
            "",
            length,
            "sw_offload_disabled_ops",
            "DISABLE_QAT_OFFLOAD: crypto on the core",
        )
    if length <= threshold:
        return Plan(
            False,
            "sym",
            "",
            length,
            "sw_small_packet_ops",
            f"{length}-byte record <= small-packet threshold {threshold}: not offloaded",
        )
    return Plan(True, "sym", "sym", length)


def _pkey_plan(case: PkeyCase, disabled: bool) -> Plan:
    algo, op = case.algo, case.op
    fam = algo.family
    if fam == "rsa":
        key = f"rsa{algo.bits}_{op}"
        in_range = algo.bits in RSA_BITS
        why = f"rsa{algo.bits} is outside the engine's hardware RSA sizes (1024/2048/4096)"
    elif fam == "dsa":
        key, in_range, why = f"dsa{algo.bits}_{op}", True, ""
    elif fam == "ffdh":
        key = f"ffdh{algo.bits}"
        in_range = algo.bits in FFDH_BITS
        why = f"ffdh{algo.bits} is beyond the engine's DH sizes (768..4096 bits)"
    elif fam == "ecdsa":
        key, in_range, why = f"ecdsa_{algo.curve}_{op}", True, ""
    else:
        key, in_range, why = f"ecdh_{algo.curve}", True, ""
    if disabled:
        return Plan(
            False,
            "asym",
            key,
            counter="sw_offload_disabled_ops",
            reason="DISABLE_QAT_OFFLOAD: crypto on the core",
        )
    if not in_range:
        return Plan(False, "asym", key, counter="sw_key_size_ops", reason=why)
    return Plan(True, "asym", key)
