"""Render a configuration the way OpenSSL's own config test dump does (test/confdump.c).

confdump prints every section as `[ name ]` followed by its `name = value` lines,
values raw (no quoting, so a value with a newline spans lines).  Sections come in
the order `NCONF_get_section_names` returns them: that function collects the names
from the hash and *sorts them with strcmp*, i.e. by bytes, so `ENV` sorts before
`default` and `default` is not necessarily first.  Entries keep the section's own
order (file order, with a duplicate at its last position).  This order was checked
against libcrypto 3.0.19; it is also what makes the dump comparable across runs, as
the hash order itself is not.
"""

from __future__ import annotations

from pyspeed.conf.parsed import Config


def _strcmp_key(name: str) -> bytes:
    return name.encode("utf-8", "surrogateescape")


def sorted_sections(config: Config) -> list[str]:
    """Section names in `NCONF_get_section_names` order (bytewise)."""
    return sorted(config.sections(), key=_strcmp_key)


def dump(config: Config) -> str:
    """The confdump text of `config` (every line ends in a newline)."""
    lines: list[str] = []
    for name in sorted_sections(config):
        lines.append(f"[ {name} ]")
        lines.extend(f"{e.name} = {e.value}" for e in config.entries(name))
    return "".join(line + "\n" for line in lines)
