"""Bytes on the wire: what a public-key operation makes a protocol send.

Post-quantum migration costs time and bytes: an ML-KEM-768 share is 1184 bytes where
X25519's is 32, an ML-DSA-65 signature 3309 bytes where Ed25519's is 64. The sizes are
the algorithms' own (FIPS 203 and 204, SP 800-208's SLH-DSA table, the TLS hybrid groups'
concatenations, RFC 8032, SEC 1 uncompressed points, DER ECDSA/DSA signatures at their
largest, over the domain sizes OpenSSL generates), the same whichever engine ran the
case; the software engine's tests check them against real keys, ciphertexts and
signatures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wire:
    public_key: int  # bytes of the public key (or key share) a peer receives
    output: int  # bytes of the ciphertext, signature or share the operation sends
    output_name: str  # "ct", "sig" or "share"

    def text(self) -> str:
        return f"pk {self.public_key:,} / {self.output_name} {self.output:,}"


KEM: dict[str, tuple[int, int]] = {
    "ML-KEM-512": (800, 768), "ML-KEM-768": (1184, 1088), "ML-KEM-1024": (1568, 1568),
    "X25519MLKEM768": (1216, 1120), "X448MLKEM1024": (1624, 1624),
    "SecP256r1MLKEM768": (1249, 1153), "SecP384r1MLKEM1024": (1665, 1665),
    "ECP-256": (65, 65), "ECP-384": (97, 97), "ECP-521": (133, 133),
    "X25519": (32, 32), "X448": (56, 56),
}
SIG: dict[str, tuple[int, int]] = {
    "ML-DSA-44": (1312, 2420), "ML-DSA-65": (1952, 3309), "ML-DSA-87": (2592, 4627),
    **{f"SLH-DSA-{h}-{n}{v}": (n // 4, size) for h in ("SHA2", "SHAKE")
       for (n, v), size in {(128, "s"): 7856, (128, "f"): 17088, (192, "s"): 16224,
                            (192, "f"): 35664, (256, "s"): 29792, (256, "f"): 49856}.items()},
}
_ED = {"ed25519": (32, 64), "ed448": (57, 114)}
# curves whose group order is shorter than their field (SEC 2): the signature's integers
# are the order's size, the point the field's
_ORDER_BITS = {"p160": 161, "k233": 232, "k283": 281, "k409": 407, "k571": 570, "b283": 282,
               "b571": 570}
_DSA_Q = {512: 160, 1024: 160, 2048: 224}  # FIPS 186-4's (L, N) that OpenSSL generates by default
_X = {"ecdhx25519": 32, "ecdhx448": 56}


def _der_signature(order_bits: int) -> int:
    """An (r, s) DER SEQUENCE at its largest: each INTEGER takes a sign byte when the
    order fills whole bytes."""
    n = (order_bits + 7) // 8 + (1 if order_bits % 8 == 0 else 0) + 2
    content = 2 * n
    return content + (2 if content < 128 else 3)


def _point(bits: int) -> int:
    return 1 + 2 * ((bits + 7) // 8)


def wire(family: str, algorithm: str, bits: int, operation: str = "") -> Wire | None:
    """The sizes of a public-key row (None for a symmetric one). `algorithm` is the
    row's name in results (`ML-KEM-768`, `kem:rsa2048`, `ecdsap256`); RSA's encrypt and
    decrypt send a ciphertext, its sign and verify a signature."""
    name = algorithm.split(":", 1)[-1]
    if family == "kem":
        if name.startswith("rsa") and name[3:].isdigit():
            return Wire(int(name[3:]) // 8, int(name[3:]) // 8, "ct")
        return Wire(*KEM[name], "ct") if name in KEM else None
    if family == "sig":
        if name[:3] in ("rsa", "dsa") and name[3:].isdigit():
            bits_ = int(name[3:])
            return wire(name[:3], name, bits_)
        return Wire(*SIG[name], "sig") if name in SIG else None
    if family == "rsa":
        return Wire(bits // 8, bits // 8, "ct" if operation in ("encrypt", "decrypt") else "sig")
    if family == "dsa":
        return Wire(bits // 8, _der_signature(_DSA_Q.get(bits, 256)), "sig")
    if family == "ffdh":
        return Wire(bits // 8, bits // 8, "share")
    if family == "eddsa" and name in _ED:
        return Wire(*_ED[name], "sig")
    if family == "ecdh":
        share = _X.get(name, _point(bits))
        return Wire(share, share, "share")
    if family in ("ecdsa", "sm2"):
        order = _ORDER_BITS.get(name.removeprefix("ecdsa"), bits)
        return Wire(_point(bits), _der_signature(order), "sig")
    return None
