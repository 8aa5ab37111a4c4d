"""OpenSSL 3.0.19 error-queue entries for the configuration errors pyspeed detects.

Each entry is what `ERR_print_errors` shows for the error: packed code, library
text, function, reason, source location and data.  They were read from the real
libcrypto (ctypes, `ERR_get_error_all`) and from the `openssl` runs recorded in the
reference, so a caller can print the exact stack `openssl` would print.
"""

from __future__ import annotations

from pyspeed.conf.config_error import ErrorRecord

_CONF = "configuration file routines"
_ENG = "engine routines"
_DSO = "DSO support routines"

#: key -> (code, library, function, reason, source)
_TABLE: dict[str, tuple[int, str, str, str, str]] = {
    # parser (conf_def.c)
    "missing close square bracket": (
        0x07000064,
        _CONF,
        "def_load_bio",
        "missing close square bracket",
        "../crypto/conf/conf_def.c:368",
    ),
    "missing equal sign": (
        0x07000065,
        _CONF,
        "def_load_bio",
        "missing equal sign",
        "../crypto/conf/conf_def.c:529",
    ),
    "no close brace": (
        0x07000066,
        _CONF,
        "str_copy",
        "no close brace",
        "../crypto/conf/conf_def.c:747",
    ),
    "variable has no value": (
        0x07000068,
        _CONF,
        "str_copy",
        "variable has no value",
        "../crypto/conf/conf_def.c:767",
    ),
    "variable expansion too long": (
        0x07000074,
        _CONF,
        "str_copy",
        "variable expansion too long",
        "../crypto/conf/conf_def.c:772",
    ),
    "invalid pragma": (
        0x0700007A,
        _CONF,
        "def_load_bio",
        "invalid pragma",
        "../crypto/conf/conf_def.c:407",
    ),
    "invalid pragma value": (
        0x0700007A,
        _CONF,
        "parsebool",
        "invalid pragma",
        "../crypto/conf/conf_def.c:201",
    ),
    "relative path": (
        0x0700007D,
        _CONF,
        "def_load_bio",
        "relative path",
        "../crypto/conf/conf_def.c:493",
    ),
    "no such file": (
        0x07000072,
        _CONF,
        "def_load",
        "no such file",
        "../crypto/conf/conf_def.c:179",
    ),
    # lookups (conf_lib.c)
    "no value": (
        0x0700006C,
        _CONF,
        "NCONF_get_string",
        "no value",
        "../crypto/conf/conf_lib.c:315",
    ),
    "number too large": (
        0x07000079,
        _CONF,
        "NCONF_get_number_e",
        "number too large",
        "../crypto/conf/conf_lib.c:358",
    ),
    # modules (conf_mod.c)
    "openssl conf references missing section": (
        0x0700007C,
        _CONF,
        "CONF_modules_load",
        "openssl conf references missing section",
        "../crypto/conf/conf_mod.c:152",
    ),
    "module initialization error": (
        0x0700006D,
        _CONF,
        "module_run",
        "module initialization error",
        "../crypto/conf/conf_mod.c:274",
    ),
    "unknown module name": (
        0x07000071,
        _CONF,
        "module_run",
        "unknown module name",
        "../crypto/conf/conf_mod.c:264",
    ),
    "error loading dso": (
        0x0700006E,
        _CONF,
        "module_load_dso",
        "error loading dso",
        "../crypto/conf/conf_mod.c:319",
    ),
    "dlfcn_load": (
        0x12800067,
        _DSO,
        "dlfcn_load",
        "could not load the shared library",
        "../crypto/dso/dso_dlfcn.c:115",
    ),
    "DSO_load": (
        0x12800067,
        _DSO,
        "DSO_load",
        "could not load the shared library",
        "../crypto/dso/dso_lib.c:152",
    ),
    # engines module (eng_cnf.c, eng_fat.c)
    "engines section error": (
        0x13000094,
        _ENG,
        "int_engine_module_init",
        "engines section error",
        "../crypto/engine/eng_cnf.c:157",
    ),
    "engine section error": (
        0x13000095,
        _ENG,
        "int_engine_configure",
        "engine section error",
        "../crypto/engine/eng_cnf.c:60",
    ),
    "invalid init value": (
        0x13000097,
        _ENG,
        "int_engine_configure",
        "invalid init value",
        "../crypto/engine/eng_cnf.c:118",
    ),
    "engine configuration error": (
        0x13000066,
        _ENG,
        "int_engine_configure",
        "engine configuration error",
        "../crypto/engine/eng_cnf.c:138",
    ),
    "list cannot be null": (
        0x07000073,
        _CONF,
        "CONF_parse_list",
        "list cannot be null",
        "../crypto/conf/conf_mod.c:666",
    ),
    "invalid string": (
        0x13000096,
        _ENG,
        "ENGINE_set_default_string",
        "invalid string",
        "../crypto/engine/eng_fat.c:86",
    ),
}


#: Other builtin modules: the error when the section a module names does not exist.
MISSING_MODULE_SECTION: dict[str, tuple[int, str, str, str, str]] = {
    "oid_section": (
        0x068000AC,
        "asn1 encoding routines",
        "oid_module_init",
        "error loading section",
        "../crypto/asn1/asn_moid.c:32",
    ),
    "stbl_section": (
        0x068000AC,
        "asn1 encoding routines",
        "stbl_module_init",
        "error loading section",
        "../crypto/asn1/asn_mstbl.c:29",
    ),
    "alg_section": (
        0x030000A5,
        "digital envelope routines",
        "alg_module_init",
        "error loading section",
        "../crypto/evp/evp_cnf.c:33",
    ),
    "ssl_conf": (
        0x07000078,
        _CONF,
        "ssl_module_init",
        "ssl section not found",
        "../crypto/conf/conf_ssl.c:103",
    ),
    "providers": (
        0x07800069,
        "common libcrypto routines",
        "provider_conf_init",
        "provider section error",
        "../crypto/provider_conf.c:364",
    ),
    "random": (
        0x07800077,
        "common libcrypto routines",
        "random_conf_init",
        "random section error",
        "../crypto/rand/rand_lib.c:770",
    ),
}
_SSL_EMPTY = (
    0x07000077,
    _CONF,
    "ssl_module_init",
    "ssl section empty",
    "../crypto/conf/conf_ssl.c:103",
)


def module_section_error(module: str, value: str, *, empty: bool = False) -> ErrorRecord:
    """The error of builtin `module` when its section `value` is missing (or, ssl_conf, empty)."""
    code, lib, func, reason, source = _SSL_EMPTY if empty else MISSING_MODULE_SECTION[module]
    data = f"section={value}" if module == "ssl_conf" else ""
    return ErrorRecord(code, lib, func, reason, source, data)


def record(key: str, data: str = "") -> ErrorRecord:
    """The error-queue entry for `key` (a reason text, or `dlfcn_load`/`DSO_load`)."""
    code, lib, func, reason, source = _TABLE[key]
    return ErrorRecord(code, lib, func, reason, source, data)


def module_failed(name: str, value: str) -> ErrorRecord:
    """`module initialization error` for a module whose init returned -1."""
    return record("module initialization error", f"module={name}, value={value} retcode={-1:<8d}")
