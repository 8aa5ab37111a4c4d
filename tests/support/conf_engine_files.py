"""Test support: the engine-configuration files of the reference (3.10) and more.

`FILES` are the reference's observed `openssl engine -t` runs, `STACKS` the error
stacks it recorded for those that fail without loading an engine, and `MORE_FILES`
further cases whose outcome the tests check against the real openssl tool.
"""

from __future__ import annotations

ATTIC = "/usr/lib/x86_64-linux-gnu/engines-3/loader_attic.so"
HEAD = "config_diagnostics = 1\nopenssl_conf = init\n[init]\nengines = eng\n[eng]\n"

#: The reference's files (3.10), name -> text
FILES = {
    "bad_engine": "openssl_conf = init\n[init]\nengines = eng\n[eng]\nfoo = foo_sect\n"
    "[foo_sect]\ninit = 1\n",
    "bad_engine_diag": HEAD + "foo = foo_sect\n[foo_sect]\ninit = 1\n",
    "good": HEAD + f"attic = attic_sect\n[attic_sect]\ndynamic_path = {ATTIC}\ninit = 1\n",
    "ctl_empty": HEAD + f"x = xs\n[xs]\nengine_id = dynamic\nSO_PATH = {ATTIC}\n"
    "LIST_ADD = 1\nLOAD = EMPTY\n",
    "defalg_bad": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ndefault_algorithms = FOO\n",
    "init2": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ninit = 2\n",
    "inityes": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ninit = yes\n",
    "soft": HEAD + "nosuch = xs\n[xs]\nsoft_load = 1\ninit = 1\n",
    "badctl": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\nFOO = bar\n",
    "nosect": HEAD + "x = missing_section\n",
    "noengsect": "config_diagnostics = 1\nopenssl_conf = init\n[init]\nengines = nosuchsect\n",
    "noinit": "config_diagnostics = 1\nopenssl_conf = nosuchinit\n",
    "badmod": "config_diagnostics = 1\nopenssl_conf = init\n[init]\nbogus_module = x\n",
    "prefix": HEAD.replace("engines = eng", "engine = eng")
    + f"attic = attic_sect\n[attic_sect]\ndynamic_path = {ATTIC}\ninit = 1\n",
}

#: More files, beyond the reference's, whose outcome is checked against the openssl tool.
MORE_FILES = {
    "defalg_empty": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ndefault_algorithms = EMPTY\n",
    "defalg_blank_item": HEAD
    + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ndefault_algorithms = R, ,D\n",
    "defalg_all": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ndefault_algorithms = ALL\n",
    "dotted_init": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\nx.init = 1\n",
    "init_too_large": HEAD + f"x = xs\n[xs]\ndynamic_path = {ATTIC}\ninit = 99999999999999999999\n",
    "init_zero": HEAD + f"a = as\n[as]\ndynamic_path = {ATTIC}\ninit = 0\n",
    "module_path": "config_diagnostics = 1\nopenssl_conf = init\n[init]\nbogus = bs\n"
    "[bs]\npath = /nonexist/x.so\n",
    "empty_module_name": "config_diagnostics = 1\nopenssl_conf = init\n[init]\n.x = whatever\n",
    "diag_2x": "config_diagnostics = 2x\nopenssl_conf = nosuch\n",
    "engines_dotted": HEAD.replace("engines = eng", "engines.1.x = eng")
    + f"a.b.attic = as\n[as]\ndynamic_path = {ATTIC}\n",
    "second_engine_bad": HEAD + f"a = as\nb = nosect\n[as]\ndynamic_path = {ATTIC}\n",
    "ssl_conf_empty": "config_diagnostics = 1\nopenssl_conf = init\n[init]\nssl_conf = s\n[s]\n",
}
for _module in ("oid_section", "stbl_section", "alg_section", "ssl_conf", "providers", "random"):
    MORE_FILES[f"no_{_module}"] = (
        f"config_diagnostics = 1\nopenssl_conf = init\n[init]\n{_module} = nosuch\n"
    )
    MORE_FILES[f"empty_{_module}"] = (
        f"config_diagnostics = 1\nopenssl_conf = init\n[init]\n{_module} = s\nengines = e\n"
        "[s]\n[e]\n"
    )

#: The stacks the reference recorded for the files whose failure is visible statically.
STACKS = {
    "defalg_bad": [
        "13000096:engine routines:ENGINE_set_default_string:invalid string:"
        "../crypto/engine/eng_fat.c:86:str=FOO",
        "13000066:engine routines:int_engine_configure:engine configuration error:"
        "../crypto/engine/eng_cnf.c:138:section=xs, name=default_algorithms, value=FOO",
        "0700006D:configuration file routines:module_run:module initialization error:"
        "../crypto/conf/conf_mod.c:274:module=engines, value=eng retcode=-1      ",
    ],
    "init2": [
        "13000097:engine routines:int_engine_configure:invalid init value:"
        "../crypto/engine/eng_cnf.c:118:",
        "13000066:engine routines:int_engine_configure:engine configuration error:"
        "../crypto/engine/eng_cnf.c:138:section=xs, name=init, value=2",
        "0700006D:configuration file routines:module_run:module initialization error:"
        "../crypto/conf/conf_mod.c:274:module=engines, value=eng retcode=-1      ",
    ],
    "nosect": [
        "13000095:engine routines:int_engine_configure:engine section error:"
        "../crypto/engine/eng_cnf.c:60:",
        "0700006D:configuration file routines:module_run:module initialization error:"
        "../crypto/conf/conf_mod.c:274:module=engines, value=eng retcode=-1      ",
    ],
    "noengsect": [
        "13000094:engine routines:int_engine_module_init:engines section error:"
        "../crypto/engine/eng_cnf.c:157:",
        "0700006D:configuration file routines:module_run:module initialization error:"
        "../crypto/conf/conf_mod.c:274:module=engines, value=nosuchsect retcode=-1      ",
    ],
    "noinit": [
        "0700007C:configuration file routines:CONF_modules_load:"
        "openssl conf references missing section:../crypto/conf/conf_mod.c:152:"
        "openssl_conf=nosuchinit",
    ],
    "badmod": [
        "12800067:DSO support routines:dlfcn_load:could not load the shared library:"
        "../crypto/dso/dso_dlfcn.c:115:filename(libbogus_module.so): libbogus_module.so: "
        "cannot open shared object file: No such file or directory",
        "12800067:DSO support routines:DSO_load:could not load the shared library:"
        "../crypto/dso/dso_lib.c:152:",
        "0700006E:configuration file routines:module_load_dso:error loading dso:"
        "../crypto/conf/conf_mod.c:319:module=bogus_module, path=bogus_module",
        "07000071:configuration file routines:module_run:unknown module name:"
        "../crypto/conf/conf_mod.c:264:module=bogus_module",
    ],
}
