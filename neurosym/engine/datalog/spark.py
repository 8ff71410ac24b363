"""The Datalog fragment on Apache Spark: the relation store of :mod:`.sqlrun`
as Spark DataFrames, so the plan that runs on DuckDB (:mod:`.duck`) -- the same
strata, rounds and ``SELECT`` per rule and delta literal, in Spark's
:data:`~.sql.SPARK` dialect -- runs on a Spark session: local mode by default,
a cluster when the session given points at one.

Per relation the stable rows (a list of checkpointed pieces, merged into one
past ``PIECES``), the last round's delta and the round's candidates are
DataFrames; the temporary views ``p{i}_s``, ``p{i}_d`` and ``p{i}`` (their
union) are what the rules' SQL reads.  A round's candidates not held yet
(``subtract``) become the next delta, locally checkpointed and counted in one
Spark job, so the plans do not grow with the rounds and each round runs one
job per relation (besides the rules' own stages).  Recursive components always
run in rounds (no recursive query).  Facts go in through the driver and
results come back through it, as strings of comma-separated codes (one Python
object per ``CHUNK`` rows, split by Spark and parsed by numpy): a graph too
big for the driver should be read by Spark from Parquet instead, which this
module does not do yet.

PySpark is optional (``pip install 'neurosym-engine[spark]'``, and a Java runtime);
without it :func:`session` raises :class:`~neurosym.lang.fact_tables.
MissingDependency` naming the command.
"""

from __future__ import annotations

import numpy as np

from ...lang.fact_tables import MissingDependency
from ...terms import SymbolTable
from .seminaive import Result
from .sql import SPARK, Names, engine_error, ncols
from .sqlrun import run_program
from .values import ValueTable

__all__ = ["evaluate_spark", "session", "SPARK_INSTALL"]

SPARK_INSTALL = "pip install 'neurosym-engine[spark]'"


def session(master: str = "local[*]", config: dict | None = None):
    """A Spark session (``getOrCreate``: an active one is reused) with ANSI
    arithmetic (an overflow is an error, not a wrapped number), two shuffle
    partitions and joins with a relation under 64 MB broadcast (local mode:
    each round's shuffles cost more than they spread)
    and ``config`` (Spark settings, e.g. ``{"spark.driver.memory": "6g"}``:
    those of the JVM apply only when this call starts it)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingDependency(f"backend 'spark' needs pyspark and a Java runtime: "
                                f"{SPARK_INSTALL}") from None
    b = (SparkSession.builder.master(master).appName("neurosym")
         .config("spark.sql.ansi.enabled", "true").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "2")
         .config("spark.sql.autoBroadcastJoinThreshold", str(64 << 20))
         # the relations are unions of checkpointed pieces, which the
         # constraint rewriting of Union fails on (Spark 4.0: key not found)
         .config("spark.sql.constraintPropagation.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false"))
    for k, v in (config or {}).items():
        b = b.config(k, str(v))
    return b.getOrCreate()


CHUNK = 1 << 17         # rows per string of codes, both ways through the driver
PIECES = 8              # checkpointed deltas in a relation's stable rows before merging them


class _Store:
    dialect = SPARK

    def __init__(self, spark, names: Names) -> None:
        self.spark, self.names = spark, names
        self.stable: dict = {}          # key -> [(checkpointed DataFrame, rows)] (their union)
        self.delta: dict = {}           # key -> (DataFrame, rows)
        self.new: dict = {}

    def _cols(self, key) -> list[str]:
        return [f"c{j}" for j in range(ncols(key[1]))]

    def _empty(self, key):
        return self.spark.createDataFrame([], ", ".join(f"{c} BIGINT" for c in self._cols(key)))

    def _union(self, key, dfs):
        if not dfs:
            return self._empty(key)
        out = dfs[0]
        for d in dfs[1:]:
            out = out.unionAll(d)
        return out

    def _views(self, key) -> None:
        n = self.names
        s, d = self._union(key, [p for p, _ in self.stable[key]]), self.delta[key][0]
        s.createOrReplaceTempView(n.part(key, "stable"))
        d.createOrReplaceTempView(n.part(key, "delta"))
        s.unionAll(d).createOrReplaceTempView(n.part(key, "full"))

    def create(self, key) -> None:
        self.stable[key] = []
        self.delta[key] = (self._empty(key), 0)
        self.new[key] = []
        self._views(key)

    def load(self, key, rows: np.ndarray) -> None:
        if len(rows):
            cols = rows.T if key[1] else np.zeros((1, len(rows)), np.int64)
            self.new[key].append(_from_codes(self.spark, cols, self._cols(key)))

    def add(self, key, select: str) -> None:
        self.new[key].append(_run(lambda: self.spark.sql(select)))

    def begin(self, keys) -> None:
        for k in keys:
            self.new[k].extend(p for p, _ in self.stable[k])
            self.stable[k] = []
            self._views(k)

    def settle(self, keys) -> int:
        grown = 0
        for k in keys:
            pieces = self.stable[k] + ([self.delta[k]] if self.delta[k][1] else [])
            if len(pieces) > PIECES:
                pieces = [_checkpoint(self._union(k, [p for p, _ in pieces]))]
            self.stable[k] = pieces
            stable = self._union(k, [p for p, _ in pieces])
            if self.new[k]:
                cand = self._union(k, self.new[k])
                fresh = cand.subtract(stable) if pieces else cand.distinct()
                self.delta[k] = _run(lambda fresh=fresh: _checkpoint(fresh))
            else:
                self.delta[k] = (self._empty(k), 0)
            self.new[k] = []
            self._views(k)
            grown += self.delta[k][1]
        return grown

    def recursive(self, key, anchor, step) -> bool:
        return False

    def fetch(self, key) -> np.ndarray:
        parts = self.stable[key] + [self.delta[key]]
        df = self._union(key, [p for p, _ in parts])
        codes = _run(lambda: _to_codes(df, self._cols(key), sum(n for _, n in parts)))
        return codes[:, :key[1]]


def _run(thunk):
    """Run a Spark call; its arithmetic errors as the DuckDB backend's."""
    try:
        return thunk()
    except Exception as e:
        mapped = engine_error(e)
        if mapped is not None:
            raise mapped from None
        raise


def evaluate_spark(clauses, facts: dict | None = None, values: ValueTable | None = None,
                   spark=None) -> Result:
    """Evaluate a Datalog program on Spark (see the module docstring); every
    relation comes back, as :func:`.duck.evaluate_sql` gives it.  ``spark``: a
    ``SparkSession`` (default: :func:`session`, local mode)."""
    values = values or ValueTable(SymbolTable())
    return run_program(_Store(spark or session(), Names()), clauses, facts or {}, values,
                       cte=False)


def _checkpoint(df):
    """``df`` computed once and kept (a local checkpoint, so later plans read it
    instead of growing with the rounds), with its row count: one Spark job."""
    df = df.localCheckpoint(eager=False)
    return df, df.count()


def _from_codes(spark, cols: np.ndarray, names: list[str]):
    """A DataFrame of the integer columns ``cols`` (``(ncols, n)``), sent as a
    few strings of comma-separated codes that Spark splits (one Python object
    per ``CHUNK`` rows, not one per row)."""
    n = cols.shape[1]
    chunks = [tuple(",".join(map(str, c[i:i + CHUNK].tolist())) for c in cols)
              for i in range(0, n, CHUNK)]
    strs = spark.createDataFrame(chunks, ", ".join(f"s{j} STRING" for j in range(len(names))))
    arrays = ", ".join(f"transform(split(s{j}, ','), x -> CAST(x AS BIGINT))"
                       for j in range(len(names)))
    return strs.selectExpr(f"inline(arrays_zip({arrays}))").toDF(*names)


def _to_codes(df, names: list[str], rows: int) -> np.ndarray:
    """The ``rows`` rows of ``df`` as an ``(n, ncols)`` int64 array, fetched as
    strings of codes (rows grouped by a hash, about ``CHUNK`` to a string)
    that numpy parses."""
    groups = max(1, -(-rows // CHUNK))
    row = " || ',' || ".join(f"CAST({c} AS STRING)" for c in names)
    df.createOrReplaceTempView("fetched")
    parts = df.sparkSession.sql(
        f"SELECT concat_ws(',', collect_list({row})) AS s FROM fetched "
        f"GROUP BY pmod(hash({', '.join(names)}), {groups})").collect()
    text = ",".join(r.s for r in parts if r.s)
    return np.fromstring(text, np.int64, sep=",").reshape(-1, len(names)) if text else \
        np.zeros((0, len(names)), np.int64)
