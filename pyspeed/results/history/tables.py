"""The history's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

One row per run and one per (run, case, engine) with the numbers `pyspeed report` shows;
the run's whole results document rides along (compressed JSON) so that the regression
gate can use a stored run as its baseline, samples and all. Column names and types are
those of schema version 1 (a SQLite file written by earlier pyspeed): version 2 only adds
columns and indexes, so the upgrade is a few ALTER TABLEs (pyspeed.results.history.versions).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

SCHEMA_VERSION = 2

metadata = MetaData()

#: one row: the version of the tables below (SQLite also keeps it in `user_version`,
#: which is what pyspeed before version 2 reads, so that it refuses a newer file)
schema_version = Table("pyspeed_schema", metadata, Column("version", Integer, nullable=False))

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    # the run's identity: concurrent writers and repeated imports store a run once
    Column("run_key", Text, nullable=False, unique=True),
    Column("started", Text, nullable=False),
    Column("pyspeed", Text),
    Column("fingerprint", Text),
    Column("cpu", Text),
    Column("commit_id", Text),
    Column("dirty", Boolean(create_constraint=False)),
    Column("command", Text),
    Column("divisor", Text),
    # version 2
    Column("machine", Text),  # the label given with --machine / PYSPEED_MACHINE
    Column("branch", Text),
    Column("document", LargeBinary),  # zlib-compressed results document (the baseline)
)

results = Table(
    "results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("case_key", Text, nullable=False),
    Column("algorithm", Text, nullable=False),
    Column("operation", Text),
    Column("family", Text),
    Column("size", BigInteger),  # up to 2**31 bytes: one past a PostgreSQL integer
    Column("engine", Text, nullable=False),
    Column("served_by", Text),
    Column("modelled", Boolean(create_constraint=False)),
    Column("unit", Text),
    Column("median", Float),
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("repeats", Integer),
    Column("cpu_per_op", Float),
    PrimaryKeyConstraint("run_id", "case_key", "engine"),
)

#: version 1's indexes (created by then); version 2's are made by its upgrade too
V1_INDEXES = (
    Index("results_case", results.c.case_key, results.c.engine),
    Index("results_algorithm", results.c.algorithm),
)
V2_INDEXES = (
    Index("runs_branch", runs.c.branch, runs.c.started),
    Index("runs_machine", runs.c.machine, runs.c.fingerprint),
    Index("runs_commit", runs.c.commit_id),
    Index("runs_started", runs.c.started),
)
V2_RUN_COLUMNS = ("machine", "branch", "document")
