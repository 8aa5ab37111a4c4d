"""DUMP_INFO: OpenSSL's text when /dev/crypto works, /proc/crypto's view when it does not.

`device_dump` reproduces `dump_cipher_info()` + `dump_digest_info()` of e_devcrypto.c
character for character, including a quirk of the digest block: it tests
`cipher_driver_info[i]` (the *cipher* at the same index) for "Cipher setup failed", so a
digest whose second session failed (status FAILURE) is reported "CIOCCPHASH capable".

`kernel_dump` is pyspeed's own text for a missing or unusable device, where OpenSSL would
not have loaded the engine at all: the same two blocks (header, one line per candidate
with OpenSSL's `Cipher SN, NID=n, /dev/crypto info: id=n, ` prefix) saying which kernel
implementation cryptodev would get, then every /proc/crypto entry with its name, driver,
priority, module, type and the hardware/software rule of `procfs`.
"""

from __future__ import annotations

from pyspeed.engines.devcrypto import algorithm_ids
from pyspeed.engines.devcrypto.probe import Accel, DriverInfo, Status
from pyspeed.engines.devcrypto.procfs import ProcCryptoEntry, kernel_choice

CIPHER_TITLE = "Information about ciphers supported by the /dev/crypto engine:"
DIGEST_TITLE = "Information about digests supported by the /dev/crypto engine:"


def _accel_text(accelerated: Accel) -> str:
    if accelerated == Accel.ACCELERATED:
        return "(hw accelerated)"
    if accelerated == Accel.NOT_ACCELERATED:
        return "(software)"
    return "(acceleration status unknown)"


def _cipher_prefix(c: algorithm_ids.CipherCandidate) -> str:
    return f"Cipher {c.sn}, NID={c.nid}, /dev/crypto info: id={c.crypto_id}, "


def _digest_prefix(d: algorithm_ids.DigestCandidate) -> str:
    return f"Digest {d.sn}, NID={d.nid}, /dev/crypto info: id={d.crypto_id}, "


def device_dump(ciphers: list[DriverInfo], digests: list[DriverInfo]) -> str:
    out = [CIPHER_TITLE + "\n"]
    for cand, info in zip(algorithm_ids.CIPHERS, ciphers, strict=True):
        out.append(_cipher_prefix(cand))
        if info.status == Status.NO_CIOCGSESSION:
            out.append("CIOCGSESSION (session open call) failed\n")
            continue
        out.append(f"driver={info.driver_name or 'unknown'} ")
        out.append(_accel_text(info.accelerated))
        if info.status == Status.FAILURE:
            out.append(". Cipher setup failed")
        out.append("\n")
    out.append("\n")
    out.append(DIGEST_TITLE + "\n")
    for i, (cand, info) in enumerate(zip(algorithm_ids.DIGESTS, digests, strict=True)):
        out.append(_digest_prefix(cand) + f"driver={info.driver_name or 'unknown'}")
        if info.status == Status.NO_CIOCGSESSION:
            out.append(". CIOCGSESSION (session open) failed\n")
            continue
        out.append(" " + _accel_text(info.accelerated))
        if ciphers[i].status == Status.FAILURE:  # sic: the cipher at the same index
            out.append(". Cipher setup failed\n")
        elif info.status == Status.NO_CIOCCPHASH:
            out.append(", CIOCCPHASH failed\n")
        else:
            out.append(", CIOCCPHASH capable\n")
    out.append("\n")
    return "".join(out)


def _entry_text(e: ProcCryptoEntry) -> str:
    internal = ", internal" if e.internal else ""
    return (
        f"driver={e.driver} ({e.kind_text}), priority={e.priority}, module={e.module}, "
        f"type={e.type}{internal}"
    )


def _kernel_line(kernel_name: str, hash_: bool, entries: list[ProcCryptoEntry] | None) -> str:
    if not kernel_name:
        return "kernel: none (cryptodev-linux maps no kernel algorithm to this id)"
    if entries is None:
        return f"kernel {kernel_name}: unknown (/proc/crypto unreadable)"
    best = kernel_choice(entries, kernel_name, hash_)
    if best is None:
        return f"kernel {kernel_name}: not registered (the kernel may build it on first use)"
    return f"kernel {kernel_name}: {_entry_text(best)}"


def kernel_dump(
    reason: str,
    entries: list[ProcCryptoEntry] | None,
    proc_error: str | None = None,
    proc_path: str = "/proc/crypto",
) -> str:
    """DUMP_INFO without a device: `entries` None means /proc/crypto could not be read."""
    out = [CIPHER_TITLE, f"/dev/crypto unavailable: {reason}"]
    for c in algorithm_ids.CIPHERS:
        out.append(_cipher_prefix(c) + _kernel_line(c.kernel_name, False, entries))
    out.append("")
    out.append(DIGEST_TITLE)
    out.append(f"/dev/crypto unavailable: {reason}")
    for d in algorithm_ids.DIGESTS:
        out.append(_digest_prefix(d) + _kernel_line(d.kernel_name, True, entries))
    out.append("")
    if entries is None:
        out.append(f"Kernel crypto API ({proc_path}): cannot read it: {proc_error}")
    else:
        out.append(f"Kernel crypto API ({proc_path}), {len(entries)} implementations:")
        out.extend(f"{e.name}: {_entry_text(e)}" for e in entries)
    out.append("")
    return "\n".join(out) + "\n"
