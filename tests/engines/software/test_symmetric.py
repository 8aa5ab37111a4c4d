"""The software engine's identity and symmetric operations: digests, MACs, ciphers,
AEADs, misalignment, and what it refuses with a reason."""

from __future__ import annotations

import hashlib
import hmac as std_hmac
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, aead, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from pyspeed.algos.cases import evp_algo
from pyspeed.algos.tables import PKEY_WORDS, SYM_ALGOS
from pyspeed.engines.base import Engine
from pyspeed.engines.software import keys
from pyspeed.engines.software.common import GMAC_IV, HMAC_KEY, KEY32
from pyspeed.model import (
    Case,
    CaseOptions,
    PkeyAlgo,
    PkeyCase,
    SymAlgo,
    SymCase,
    Unsupported,
)

from support.software import ENGINE, OPTS, address, fill, pkey_op, sym_op

# --- identity ---------------------------------------------------------------------------


def test_engine_identity() -> None:
    import cryptography

    assert isinstance(ENGINE, Engine)
    assert ENGINE.id == "software"
    assert ENGINE.name.startswith(f"Software (pyca/cryptography {cryptography.__version__}, ")
    assert "OpenSSL" in ENGINE.name
    op = sym_op(SYM_ALGOS[6], 16)
    assert op.implementation.startswith(f"cryptography {cryptography.__version__} (OpenSSL")


# --- digests and MACs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("md5", lambda b: hashlib.md5(b).digest()),
        ("sha1", lambda b: hashlib.sha1(b).digest()),
        ("sha256", lambda b: hashlib.sha256(b).digest()),
        ("sha512", lambda b: hashlib.sha512(b).digest()),
        ("sha3-256", lambda b: hashlib.sha3_256(b).digest()),
        ("blake2b512", lambda b: hashlib.blake2b(b).digest()),
        ("shake128", lambda b: hashlib.shake_128(b).digest(16)),  # openssl's default length
    ],
)
@pytest.mark.parametrize("size", [16, 1000])
def test_digest_matches_hashlib(name: str, ref: Callable[[bytes], bytes], size: int) -> None:
    op = sym_op(evp_algo(name), size, misalign=5)
    data = fill(op.args[0])
    assert op.fn(*op.args) == ref(data)
    assert op.fn(*op.args) == ref(data)  # one-shot each time: no state carried over


@pytest.mark.parametrize("digest", ["md5", "sha256"])
def test_hmac_rekeys_each_iteration(digest: str) -> None:
    op = sym_op(SymAlgo(9, f"hmac({digest})", "hmac", digest), 64)
    data = fill(op.args[0])
    expected = std_hmac.new(b"This is a key...", data, digest).digest()
    assert HMAC_KEY == b"This is a key..."
    assert op.fn(*op.args) == expected
    assert op.fn(*op.args) == expected


def test_cmac_matches_fresh_cmac() -> None:
    op = sym_op(SymAlgo(28, "cmac(AES-128-CBC)", "cmac", "AES-128-CBC"), 48)
    data = fill(op.args[0])
    ref = CMAC(algorithms.AES(bytes.fromhex("123456789abcdef03456789abcdef012")))
    ref.update(data)
    expected = ref.finalize()
    assert op.fn(*op.args) == expected
    assert op.fn(*op.args) == expected


def test_ghash_is_gmac_update() -> None:
    op = sym_op(SYM_ALGOS[26], 64)
    first = fill(op.args[0])
    op.fn(*op.args)
    second = fill(op.args[0])
    op.fn(*op.args)
    ctx = op.fn.__self__  # type: ignore[attr-defined]
    ctx.finalize()
    # GMAC = AES-GCM with everything as AAD and an empty message
    assert ctx.tag == aead.AESGCM(KEY32[:16]).encrypt(GMAC_IV, b"", first + second)


def test_rand_returns_fresh_bytes() -> None:
    op = sym_op(SYM_ALGOS[27], 32)
    a, b = op.fn(*op.args), op.fn(*op.args)
    assert isinstance(a, bytes) and len(a) == 32 and a != b


# --- ciphers ----------------------------------------------------------------------------

CONTINUING = [
    ("aes-128-cbc", SYM_ALGOS[19]),
    ("des-ede3", SYM_ALGOS[11]),
    ("rc4", SYM_ALGOS[12]),
    ("idea", SYM_ALGOS[13]),
    ("seed", SYM_ALGOS[14]),
    ("rc2", SYM_ALGOS[15]),
    ("blowfish", SYM_ALGOS[17]),
    ("cast", SYM_ALGOS[18]),
    ("camellia-256", SYM_ALGOS[24]),
    ("ctr", evp_algo("AES-192-CTR")),
    ("cfb8", evp_algo("AES-128-CFB8")),
    ("ofb", evp_algo("DES-EDE-OFB")),
    ("xts", evp_algo("AES-256-XTS")),
    ("sm4", evp_algo("SM4-CBC")),
    ("chacha20", evp_algo("ChaCha20")),
]


@pytest.mark.parametrize(("word", "algo"), CONTINUING, ids=[w for w, _ in CONTINUING])
def test_cipher_round_trips_across_iterations(word: str, algo: SymAlgo) -> None:
    """Two iterations continue one stream; a fresh decryptor must recover both inputs."""
    from pyspeed.algos.evp import lookup_cipher
    from pyspeed.engines.software.ciphers import stream_spec

    size = 64
    op = sym_op(algo, size, misalign=3)
    data_view, out = op.args
    chunks, cts = [], []
    for _ in range(2):
        chunks.append(fill(data_view))
        op.fn(*op.args)
        cts.append(bytes(out[:size]))
    assert cts[0] != chunks[0]
    spec = stream_spec(lookup_cipher(algo.evp_name))  # type: ignore[arg-type]
    dec = Cipher(spec.make_algorithm(), spec.make_mode()).decryptor()
    assert [dec.update(ct) for ct in cts] == chunks


def test_aes_cbc_uses_openssl_speed_key_and_zero_iv() -> None:
    op = sym_op(SYM_ALGOS[19], 32)
    data = fill(op.args[0])
    op.fn(*op.args)
    key = bytes.fromhex("123456789abcdef03456789abcdef012")
    ref = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor().update(data)
    assert bytes(op.args[1][:32]) == ref


def test_decrypt_flag_decrypts() -> None:
    op = sym_op(evp_algo("AES-128-CBC", decrypt=True), 32)
    ct = fill(op.args[0])
    op.fn(*op.args)
    ref = Cipher(algorithms.AES(KEY32[:16]), modes.CBC(bytes(16))).decryptor().update(ct)
    assert bytes(op.args[1][:32]) == ref


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl binary")
@pytest.mark.parametrize(
    ("algo", "cipher", "iv"),
    [
        (SYM_ALGOS[19], "aes-128-cbc", "00" * 16),
        (SYM_ALGOS[22], "camellia-128-cbc", "00" * 16),
        (SYM_ALGOS[11], "des-ede3-cbc", "00" * 8),
        (evp_algo("ChaCha20"), "chacha20", "00" * 16),
    ],
)
def test_cipher_matches_openssl_enc(algo: SymAlgo, cipher: str, iv: str) -> None:
    """The system openssl, given speed.c's key, must produce the same ciphertext."""
    from pyspeed.algos.evp import lookup_cipher

    key_len = lookup_cipher(algo.evp_name).key_len  # type: ignore[union-attr]
    op = sym_op(algo, 64)
    data = fill(op.args[0])
    op.fn(*op.args)
    cmd = ["openssl", "enc", f"-{cipher}", "-K", KEY32[:key_len].hex(), "-iv", iv, "-nopad"]
    ref = subprocess.run(cmd, input=data, capture_output=True, check=True).stdout
    assert bytes(op.args[1][:64]) == ref


def test_tls_composition_record_is_valid() -> None:
    """One iteration = one TLS 1.1 record: decrypt it and check MAC and padding."""
    size = 100
    op = sym_op(evp_algo("AES-128-CBC-HMAC-SHA1"), size)
    record, out = op.args
    payload = fill(record)[16:]
    op.fn(*op.args)
    total = -(-(16 + size + 20 + 1) // 16) * 16
    plain = (
        Cipher(algorithms.AES(KEY32[:16]), modes.CBC(bytes(16)))
        .decryptor()
        .update(bytes(out[:total]))
    )
    header = bytes(8) + bytes((23, 3, 2, 0, size))
    mac = std_hmac.new(KEY32[:20], header + payload, "sha1").digest()
    pad = total - 16 - size - 20
    assert plain[16 : 16 + size] == payload
    assert plain[16 + size : 16 + size + 20] == mac
    assert plain[16 + size + 20 :] == bytes([pad - 1]) * pad
    assert any("composition" in n for n in op.notes)


@pytest.mark.parametrize(
    ("label", "ref"),
    [
        ("AES-128-GCM", lambda: aead.AESGCM(KEY32[:16])),
        ("AES-256-CCM", lambda: aead.AESCCM(KEY32, tag_length=16)),
        ("AES-128-OCB", lambda: aead.AESOCB3(KEY32[:16])),
        ("ChaCha20-Poly1305", lambda: aead.ChaCha20Poly1305(KEY32)),
    ],
)
@pytest.mark.parametrize("with_aad", [False, True])
def test_aead_encrypt_and_decrypt(label: str, ref: Callable[[], Any], with_aad: bool) -> None:
    aad = b"\xcc" + bytes(12) if with_aad else None
    enc = sym_op(evp_algo(label, False, with_aad), 31, misalign=7)
    nonce, data_view, ad, sealed = enc.args
    assert ad == aad and nonce == bytes(12)
    data = fill(data_view)
    enc.fn(*enc.args)
    assert ref().decrypt(nonce, bytes(sealed), aad) == data

    dec = sym_op(evp_algo(label, True, with_aad), 31)
    dec.fn(*dec.args)  # raises InvalidTag unless the precomputed tag is right
    assert bytes(dec.args[3]) == bytes(31)


def test_siv_and_sm4_gcm() -> None:
    siv = sym_op(evp_algo("AES-128-SIV", False, True), 40)
    data_view, ad, sealed = siv.args
    data = fill(data_view)
    siv.fn(*siv.args)
    assert aead.AESSIV(KEY32).decrypt(bytes(sealed), ad) == data

    sm4 = sym_op(evp_algo("SM4-GCM"), 32)
    data = fill(sm4.args[0])
    tag = sm4.fn(*sm4.args)
    dec = Cipher(algorithms.SM4(KEY32[:16]), modes.GCM(bytes(12), tag)).decryptor()
    assert dec.update(bytes(sm4.args[1][:32])) + dec.finalize() == data
    sm4_dec = sym_op(evp_algo("SM4-GCM", True), 32)
    sm4_dec.fn(*sm4_dec.args)  # verifies its precomputed tag


def test_ccm_message_limit_is_unsupported() -> None:
    with pytest.raises(Unsupported, match="nonce"):
        sym_op(evp_algo("AES-128-CCM"), 2**24)


def test_unaligned_block_size_is_unsupported() -> None:
    with pytest.raises(Unsupported, match="not a multiple of the cipher block"):
        sym_op(SYM_ALGOS[19], 100)
    sym_op(evp_algo("AES-128-CTR"), 100)  # a stream mode takes any size


# --- misalignment -----------------------------------------------------------------------


@pytest.mark.parametrize("misalign", [0, 1, 13, 64])
def test_misalign_offsets_buffers(misalign: int) -> None:
    op = sym_op(SYM_ALGOS[19], 32, misalign)
    for view in op.args:
        assert address(view) - address(memoryview(view.obj)) == misalign  # type: ignore[arg-type]
    digest = sym_op(SYM_ALGOS[6], 32, misalign)
    assert digest.fn(*digest.args) == hashlib.sha256(bytes(32)).digest()


# --- unsupported algorithms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("algo", "case", "reason"),
    [
        (SYM_ALGOS[2], SymCase(SYM_ALGOS[2], 16, 1), "no MD4 digest"),
        (SYM_ALGOS[10], SymCase(SYM_ALGOS[10], 16, 1), "no single DES"),
        (SYM_ALGOS[16], SymCase(SYM_ALGOS[16], 16, 1), "no RC5"),
        (PKEY_WORDS["dsa512"], PkeyCase(PKEY_WORDS["dsa512"], "sign", 1), "DSA keys of 1024"),
        (PKEY_WORDS["ecdsap160"], PkeyCase(PKEY_WORDS["ecdsap160"], "sign", 1), "secp160r1"),
        (PKEY_WORDS["ecdsak163"], PkeyCase(PKEY_WORDS["ecdsak163"], "sign", 1), "binary"),
        (PKEY_WORDS["ecdhb571"], PkeyCase(PKEY_WORDS["ecdhb571"], "derive", 1), "binary"),
        (
            PKEY_WORDS["ecdsabrp256t1"],
            PkeyCase(PKEY_WORDS["ecdsabrp256t1"], "sign", 1),
            "brainpoolP256t1",
        ),
        (PKEY_WORDS["curveSM2"], PkeyCase(PKEY_WORDS["curveSM2"], "sign", 1), "no SM2"),
    ],
)
def test_unsupported_with_reason(algo: SymAlgo | PkeyAlgo, case: Case, reason: str) -> None:
    with pytest.raises(Unsupported, match=reason):
        ENGINE.check(algo)
    with pytest.raises(Unsupported, match=reason):
        ENGINE.prepare(case, OPTS)


def test_check_is_cheap() -> None:
    before = keys.rsa_key.cache_info().currsize
    ENGINE.check(PKEY_WORDS["rsa15360"])
    ENGINE.check(PKEY_WORDS["ffdh8192"])
    assert keys.rsa_key.cache_info().currsize == before


def test_multiprime_rsa_is_unsupported() -> None:
    with pytest.raises(Unsupported, match="multi-prime"):
        pkey_op("rsa1024", "sign", CaseOptions(primes=3))


