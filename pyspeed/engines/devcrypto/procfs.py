"""/proc/crypto: what the kernel crypto API has registered, and who implements it.

cryptodev-linux opens kernel algorithms by name (`cbc(aes)`, `sha256`); the kernel picks
the registered, non-internal implementation with the highest priority. /proc/crypto lists
those implementations, one block of `key : value` lines per driver. It does not show the
CRYPTO_ALG_KERN_DRIVER_ONLY flag OpenSSL relies on, so the hardware/software split below
is a rule on names, applied in this order to the driver and module names split into
tokens at `-`, `_`, `(`, `)` and `,`:

1. **hardware** if a token is a known offload-driver marker: Intel QAT (`qat`), virtio
   (`virtio`), NXP CAAM/Talitos/SAHARA/DCP, AMD CCP, Marvell CESA/OcteonTX, Cavium Nitrox,
   Chelsio, Arm CryptoCell (`ccree`), Inside Secure (`safexcel`), HiSilicon, Allwinner,
   Rockchip, STM32, Atmel, OMAP, Samsung S5P, Qualcomm QCE, Aspeed, Xilinx ZynqMP, Intel
   Keembay, IXP4xx, PPC4xx, Geode, HIFN, Niagara (`n2`), IBM NX (`nx`) - the list also
   covers the names cryptodev-linux's old heuristic knew;
2. **software (CPU instructions)** if a token names an instruction-set implementation:
   `aesni`, `avx`/`avx2`/`avx512`, `ssse3`, `ni` (SHA-NI), `clmul`, `pclmul`, `vaes`,
   `gfni`, `x86`, `asm`, `neon`, `ce` (Armv8 crypto extensions), `arm64`, `vmx`/`p8`,
   `s390`, `zvk*`, `padlock`, `intel` (crc32c-intel);
3. **software** otherwise (`-generic`, `-lib`, `-fixed-time`, templates over those...).

A `-lib` driver (Linux 6.15+) may itself use CPU instructions inside the library; the
name does not say, so it counts as plain software.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["hardware", "cpu", "software"]

KIND_TEXT: dict[Kind, str] = {
    "hardware": "hardware driver",
    "cpu": "software (CPU instructions)",
    "software": "software",
}

_HW_TOKENS = frozenset(
    {
        "qat", "virtio", "caam", "caamalg", "caamhash", "talitos", "sahara", "dcp",
        "ccp", "cesa", "mv", "marvell", "octeontx", "otx", "otx2", "cpt", "nitrox", "n5",
        "chcr", "chelsio", "ccree", "safexcel", "eip93", "eip197", "hisi", "hisilicon",
        "sec", "sec2", "hpre", "zip", "sun4i", "sun8i", "rk", "rockchip", "stm32",
        "atmel", "omap", "s5p", "qce", "qcom", "aspeed", "zynqmp", "keembay", "ixp4xx",
        "ppc4xx", "crypto4xx", "amcc", "geode", "hifn", "hifn795x", "n2", "nx", "picoxcell",
        "mtk", "mediatek", "img", "artpec6", "bcm", "iproc", "spu", "gxl", "amlogic",
        "tegra", "starfive", "jh7110",
    }
)  # fmt: skip

_CPU_TOKENS = frozenset(
    {
        "aesni", "avx", "avx2", "avx512", "avx10", "ssse3", "sse2", "sse3", "sse4", "ni",
        "clmulni", "clmul", "pclmul", "pclmulqdq", "vaes", "gfni", "x86", "x86_64", "asm",
        "neon", "ce", "arm", "arm64", "vmx", "p8", "p10", "s390", "cpacf", "padlock",
        "intel", "riscv64", "zvkned", "zvknha", "zvknhb", "zvksed", "zvksh", "zvkb",
        "zvkg", "zvbb", "sha1ni", "shani", "powerpc", "spe", "octeon", "sparc64",
    }
)  # fmt: skip

_SPLIT = re.compile(r"[-_(),\s]+")


@dataclass(frozen=True)
class ProcCryptoEntry:
    """One /proc/crypto block (all fields kept in `fields`)."""

    name: str
    driver: str
    module: str
    priority: int
    type: str
    selftest: str = ""
    internal: bool = False
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kind(self) -> Kind:
        return classify(self.driver, self.module)

    @property
    def kind_text(self) -> str:
        return KIND_TEXT[self.kind]


def _tokens(text: str) -> set[str]:
    return {t for t in _SPLIT.split(text.lower()) if t}


def classify(driver: str, module: str = "kernel") -> Kind:
    """The module's hardware/CPU/software rule (see the module docstring)."""
    tokens = _tokens(driver) | (_tokens(module) if module != "kernel" else set())
    if tokens & _HW_TOKENS:
        return "hardware"
    if tokens & _CPU_TOKENS or any(t.startswith("zvk") for t in tokens):
        return "cpu"
    return "software"


def _entry(block: dict[str, str]) -> ProcCryptoEntry:
    try:
        priority = int(block.get("priority", "0"))
    except ValueError:
        priority = 0
    return ProcCryptoEntry(
        name=block.get("name", ""),
        driver=block.get("driver", ""),
        module=block.get("module", ""),
        priority=priority,
        type=block.get("type", ""),
        selftest=block.get("selftest", ""),
        internal=block.get("internal", "no") == "yes",
        fields=dict(block),
    )


def proc_crypto_entries(text: str) -> list[ProcCryptoEntry]:
    """Parse the text of /proc/crypto: blocks of `key : value` lines, blank-line separated.

    Lines without a colon are ignored; a block without `name` is dropped.
    """
    entries: list[ProcCryptoEntry] = []
    block: dict[str, str] = {}
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if block.get("name"):
                entries.append(_entry(block))
            block = {}
            continue
        key, sep, value = line.partition(":")
        if sep:
            block[key.strip()] = value.strip()
    return entries


#: /proc/crypto types through which cryptodev's skcipher / ahash allocations can be served
_CIPHER_TYPES = frozenset({"skcipher", "lskcipher", "ablkcipher", "blkcipher", "givcipher"})
_HASH_TYPES = frozenset({"shash", "ahash"})


def kernel_choice(
    entries: Iterable[ProcCryptoEntry], kernel_name: str, hash_: bool
) -> ProcCryptoEntry | None:
    """The implementation the kernel would give cryptodev for `kernel_name`: the
    registered, non-internal one of a usable type with the highest priority."""
    types = _HASH_TYPES if hash_ else _CIPHER_TYPES
    best: ProcCryptoEntry | None = None
    for e in entries:
        if e.name != kernel_name or e.internal or e.type not in types:
            continue
        if e.selftest == "failed":
            continue
        if best is None or e.priority > best.priority:
            best = e
    return best


def read_proc_crypto(path: str = "/proc/crypto") -> list[ProcCryptoEntry]:
    """Parse /proc/crypto; OSError if it cannot be read."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return proc_crypto_entries(f.read())
