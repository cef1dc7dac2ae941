"""Proof that every page and metric query is limited to the scope it is given.

1. Static: every SQL file under queries/pages and queries/metrics is parsed (sqlglot) and
   either reads no organization's figures (listed below with the reason) or
   - defines the `scoped_org` CTE from the one scope filter `scope_org($pref_code,
     $org_code)` (queries/scope.sql, whose conditions are checked once below; further
     conditions only narrow it),
   - uses $pref_code / $org_code nowhere else,
   - and every SELECT that reads organization-level data (facts, marts, organization)
     filters it through scoped_org (semi/inner join on org_code, FROM scoped_org, or
     `org_code in (select … from scoped_org)`), or reads only relations that do.
     Nationwide aggregates may be joined in only by the peer query, whose ≥5 rule is
     tested in test_access_data.py.
2. Static: every `queries.run(...)` in the package names a query proven here.
3. Dynamic (non-interference): each scoped query returns exactly the same result on two
   databases that differ only in the figures of organizations outside the scope.
4. Runtime: the app's data layer refuses a scope outside the signed-in user's, and the
   access rule refuses scope parameters bound by hand outside it.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
import sqlglot
from sqlglot import exp

from dashboard import access, queries
from dashboard.config import QUERIES_DIR, ROOT
from dashboard.scope import Scope
from tests import access_fixtures as F

REFERENCE_TABLES = {"system", "cost_item", "driver", "countermeasure_map", "setting"}
ORG_TABLES_PREFIX = ("mart_", "stg_")
ORG_TABLES = {"organization", "cost_fact", "driver_fact", "status_fact", "funding_fact", "batch", "meta"}
SCOPE_FREE = {
    "metrics/data_status": "database metadata only: demo flag, number of batches, newest fiscal "
                           "year; no figure, no organization, no import time (metrics/data_as_of "
                           "gives a scope's own)",
}
SCOPE_FREE_COLUMNS = {"metrics/data_status": ["is_demo", "batches", "latest_fy"]}
# Unscoped aggregates may be joined into the scoped result only here (peer statistics).
PEER_QUERIES = {"pages/peer_stats"}
# Selects allowed to filter `organization` by the scope's prefecture(s) instead of its
# organizations: they return only the prefecture's own name.
PREF_NAME_SELECTS = {("pages/pref_map", "prefecture")}


def scoped_files() -> list[str]:
    names = [n for n in queries.names() if n.split("/")[0] in ("pages", "metrics")]
    assert len(names) >= 10, names
    return names


# ---------------------------------------------------------------- 1. static
def _name(node) -> str | None:
    return node.name.lower() if isinstance(node, exp.Table) else None


def _placeholders(node) -> set[str]:
    return {p.name for p in node.find_all(exp.Placeholder)} | \
           {p.name for p in node.find_all(exp.Parameter)}


def _scope_conditions(where) -> set[str]:
    conjuncts = list(where.this.flatten()) if where and isinstance(where.this, exp.And) else \
        [where.this] if where else []
    squash = lambda t: "".join(ch for ch in t.lower() if ch not in " ()").replace("$", ":")  # noqa: E731
    return {squash(c.sql(dialect="duckdb")) for c in conjuncts}


def _check_scoped_org(cte: exp.Select, problems: list[str]) -> None:
    """scoped_org reads the one scope filter, scope_org($pref_code, $org_code), alone; any
    further condition can only narrow it."""
    src = cte.args.get("from_")
    call = src.this.this if isinstance(src.this, exp.Table) else None
    args = [a.name for a in call.expressions] if isinstance(call, exp.Anonymous) else []
    if not (isinstance(call, exp.Anonymous) and call.name.lower() == "scope_org"
            and args == ["pref_code", "org_code"]
            and all(isinstance(a, (exp.Placeholder, exp.Parameter)) for a in call.expressions)) \
            or cte.args.get("joins"):
        problems.append("scoped_org must select from scope_org($pref_code, $org_code) alone")
    where = cte.args.get("where")
    if where is not None and _placeholders(where) & {"pref_code", "org_code"}:
        problems.append("scoped_org's own conditions use $pref_code/$org_code")


def test_the_one_scope_filter_keeps_exactly_the_scopes_organizations():
    """queries/scope.sql: scope_org(pref, org) filters organization by both arguments, each
    a top-level condition that only narrows (null = not filtered)."""
    tree = sqlglot.parse_one(queries.sql("scope"), read="duckdb")
    assert tree.args["kind"].upper() == "MACRO" and tree.this.this.name == "scope_org"
    assert [a.name for a in tree.this.expressions] == ["pref", "org"]
    select = tree.expression
    assert _name(select.args["from_"].this) == "organization" and not select.args.get("joins")
    assert _scope_conditions(select.args.get("where")) == {"prefisnullorpref_code=pref",
                                                           "orgisnullororg_code=org"}


class Analyzer:
    def __init__(self, name: str, tree: exp.Expression):
        self.name, self.tree, self.problems = name, tree, []
        self.ctes: dict[str, str] = {}

    def relation(self, node) -> str:
        if isinstance(node, exp.Subquery):
            return self.select(node.this, "subquery")
        name = _name(node)
        if name == "scoped_org":
            return "filter"
        if name in self.ctes:
            return self.ctes[name]
        if name in REFERENCE_TABLES:
            return "ref"
        if name in ORG_TABLES or (name or "").startswith(ORG_TABLES_PREFIX):
            return "raw"
        self.problems.append(f"unclassified relation {node.sql()}: add it to this test")
        return "raw"

    @staticmethod
    def _alias(node) -> str:
        return (node.alias_or_name or "").lower()

    @staticmethod
    def _org_key(join, others: set[str]) -> bool:
        """Joined on org_code: USING (org_code …), or ON x.org_code = y.org_code with y in `others`."""
        if "org_code" in [i.name for i in join.args.get("using") or []]:
            return True
        on = join.args.get("on")
        conjuncts = on.flatten() if isinstance(on, exp.And) else [on] if on is not None else []
        for c in conjuncts:
            if isinstance(c, exp.EQ) and all(isinstance(x, exp.Column) and x.name == "org_code"
                                             for x in (c.this, c.expression)):
                tables = {c.this.table.lower(), c.expression.table.lower()}
                if tables & others:
                    return True
        return False

    def _filters(self, select: exp.Select, label: str, kinds: dict[str, str]) -> bool:
        """Whether the select's rows are limited to the scope's organizations."""
        base = select.args["from_"].this
        if _name(base) == "scoped_org":
            return True
        scoped = {a for a, k in kinds.items() if k in ("filter", "scoped")}
        for join in select.args.get("joins") or []:
            if kinds.get(self._alias(join.this)) not in ("filter", "scoped") or join.side \
                    or (join.kind or "INNER").upper() not in ("SEMI", "INNER"):
                continue
            if self._org_key(join, scoped):
                return True
            using = [i.name for i in join.args.get("using") or []]
            if (self.name, label) in PREF_NAME_SELECTS and using == ["pref_code"]:
                return True
            if _name(base) == "batch" and using == ["batch_id"]:
                return True     # the batches that hold a row of the scope (their import time)
            self.problems.append(f"{label}: {join.this.sql()} joined on another key than org_code")
        where = select.args.get("where")
        for isin in (where.find_all(exp.In) if where else []):
            sub = isin.args.get("query")
            if isin.this.name == "org_code" and sub is not None and \
                    any(_name(t) == "scoped_org" for t in sub.find_all(exp.Table)):
                return True
        return False

    def select(self, node, label: str) -> str:
        if isinstance(node, exp.SetOperation):
            kinds = {self.select(node.left, label), self.select(node.right, label)}
            return "raw" if "raw" in kinds else "agg" if "agg" in kinds else \
                "scoped" if "scoped" in kinds else "ref"
        if not isinstance(node, exp.Select):
            self.problems.append(f"{label}: unexpected statement {type(node).__name__}")
            return "raw"
        base = node.args.get("from_")
        joins = node.args.get("joins") or []
        sources = ([self.relation(base.this)] if base else []) + [self.relation(j.this) for j in joins]
        kinds = dict(zip([self._alias(base.this)] + [self._alias(j.this) for j in joins], sources)) \
            if base else {}
        for sub in node.find_all(exp.Subquery):      # scalar subqueries in expressions
            if sub.parent is not base and sub.find_ancestor(exp.Select) is node and \
                    not isinstance(sub.parent, exp.Join):
                if self.select(sub.this, f"{label} scalar") in ("raw", "agg"):
                    self.problems.append(f"{label}: a scalar subquery reads unscoped data")
        if all(s == "ref" for s in sources):
            return "ref"
        if self._filters(node, label, kinds):
            scoped = {a for a, k in kinds.items() if k in ("filter", "scoped")} | \
                {self._alias(base.this)}
            for join, kind in zip(joins, sources[1:]):
                if kind == "raw" and self._org_key(join, scoped):
                    continue            # a row-level join onto the scoped rows, on org_code
                if kind == "raw" or (kind == "agg" and self.name not in PEER_QUERIES):
                    self.problems.append(f"{label}: joins unscoped {join.this.sql()} "
                                         "into a scoped select")
            return "scoped"
        if any(s in ("raw", "agg") for s in sources):
            return "agg" if node.args.get("group") else "raw"
        return "scoped"

    def run(self) -> list[str]:
        with_ = self.tree.args.get("with_")
        ctes = with_.expressions if with_ else []
        if not ctes or ctes[0].alias != "scoped_org":
            self.problems.append("the first CTE must be scoped_org")
        for cte in ctes:
            if cte.alias == "scoped_org":
                _check_scoped_org(cte.this, self.problems)
                self.ctes["scoped_org"] = "filter"
            else:
                if _placeholders(cte.this) & {"pref_code", "org_code"}:
                    self.problems.append(f"{cte.alias}: uses $pref_code/$org_code outside scoped_org")
                self.ctes[cte.alias] = self.select(cte.this, cte.alias)
        final = self.tree.copy()
        final.set("with_", None)
        if _placeholders(final) & {"pref_code", "org_code"}:
            self.problems.append("the final select uses $pref_code/$org_code outside scoped_org")
        kind = self.select(self.tree, "final")
        if kind not in ("scoped", "ref"):
            self.problems.append(f"the final select is {kind}: it reads outside the scope")
        return self.problems


@pytest.mark.parametrize("name", scoped_files())
def test_query_takes_the_scope_as_bound_parameters(name):
    if name in SCOPE_FREE:
        assert not queries.parameters(name) & {"pref_code", "org_code"}
        # it returns metadata only: exactly the columns its reason names, no figure
        tree = sqlglot.parse_one(queries.sql(name), read="duckdb")
        assert [e.alias_or_name for e in tree.expressions] == SCOPE_FREE_COLUMNS[name]
        return
    assert {"pref_code", "org_code"} <= queries.parameters(name), name
    tree = sqlglot.parse_one(queries.sql(name), read="duckdb")
    assert Analyzer(name, tree).run() == [], name


def test_the_analyzer_catches_leaks():
    """The checker itself: queries that leak must be caught."""
    head = "with scoped_org as (select org_code from scope_org($pref_code, $org_code))\n"
    leaks = [
        "select sum(current_yen) from mart_org_year",                          # no filter
        "select m.* from scoped_org left join mart_org_year as m on true",     # wrong key
        "select o.org_code, (select sum(current_yen) from mart_org_year) as x from scoped_org as o",
        "select m.* from mart_org_year as m semi join scoped_org using (org_code) "
        "left join mart_org_year as n using (fiscal_year)",                    # raw join
        "select * from mart_org_year where $org_code is null or true",         # param misuse
        "select m.* from mart_org_year as m semi join scoped_org using (pref_code)",
        "select m.* from mart_org_year as m semi join scoped_org using (org_code) "
        "left join mart_org_year as n on n.org_code = n.org_code",             # self-equality
        "select max(imported_at) from batch",                                  # every batch's time
        "select max(b.imported_at) from batch as b semi join cost_fact using (batch_id)",  # unscoped rows
    ]
    for body in leaks:
        tree = sqlglot.parse_one(head + body, read="duckdb")
        assert Analyzer("pages/x", tree).run(), body
    for weak in ("with scoped_org as (select org_code from organization where "
                 "$pref_code is null or pref_code = $pref_code or true)\n",
                 "with scoped_org as (select org_code from scope_org($org_code, $pref_code))\n",
                 "with scoped_org as (select org_code from scope_org(null, $org_code))\n",
                 "with scoped_org as (select org_code from scope_org($pref_code, $org_code) "
                 "where $org_code is null or true)\n"):
        body = weak + "select m.* from mart_org_year as m semi join scoped_org using (org_code)"
        assert Analyzer("pages/x", sqlglot.parse_one(body, read="duckdb")).run(), weak
    ok = "select m.* from mart_org_year as m semi join scoped_org using (org_code)"
    assert Analyzer("pages/x", sqlglot.parse_one(head + ok, read="duckdb")).run() == []


# ---------------------------------------------------------------- 2. callers
def _run_calls():
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                    and call.func.attr == "run" and isinstance(call.func.value, ast.Name) \
                    and call.func.value.id == "queries":
                yield path.relative_to(ROOT), call


def test_every_query_the_package_names_is_proven():
    """Any literal naming a page or metric query, anywhere in the package (queries.run calls,
    the chart catalog's ctx.q(...), exports), must be a file this module has proven."""
    proven = set(scoped_files())
    pattern = re.compile(r"(pages|metrics)/[a-z0-9_]+")
    seen = 0
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and pattern.fullmatch(node.value):
                assert node.value in proven, f"{path.name}:{node.lineno} names {node.value!r}"
                seen += 1
    calls = list(_run_calls())
    assert seen >= 5 and calls


def test_pages_charts_and_exports_write_no_sql_of_their_own():
    for folder in ("ui", "charts", "export"):
        for path in sorted((ROOT / "dashboard" / folder).rglob("*.py")):
            src = path.read_text(encoding="utf-8")
            tree = ast.parse(src)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    assert node.func.attr not in ("execute", "sql", "query", "fetchall"), \
                        f"{path.name}:{node.lineno} runs SQL directly"


# ---------------------------------------------------------------- 3. dynamic
@pytest.fixture(scope="module")
def twin_dbs(tmp_path_factory):
    base = tmp_path_factory.mktemp("twins")
    a = F.build(base / "a.duckdb")
    altered = {s: F.build(base / f"b_{s.kind}.duckdb", alter_outside=s)
               for s in (Scope("pref", "35"), Scope("org", "232033"))}
    return a, altered


def _result(db: Path, name: str, scope: Scope) -> pd.DataFrame:
    from dashboard import store
    with store.reader(db) as con:
        frame = queries.run(con, name, scope, fy=2026)
    if name in PEER_QUERIES:        # peer columns are nationwide aggregates by design
        frame = frame[["org_code", "peer_group", "ratio", "per_capita_yen"]]
    return frame


@pytest.mark.parametrize("scope", [Scope("pref", "35"), Scope("org", "232033")], ids=str)
def test_figures_outside_the_scope_cannot_change_a_result(twin_dbs, scope):
    a, altered = twin_dbs
    b = altered[scope]
    checked = 0
    for name in scoped_files():
        if name in SCOPE_FREE or name == "metrics/data_as_of":
            continue    # (the twins are built at different times: test_data_as_of_is_the_scopes_own)
        left, right = _result(a, name, scope), _result(b, name, scope)
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)
        for col in ("org_code", "pref_code"):
            if col in left.columns and len(left):
                assert left[col].map(lambda c, col=col: scope.contains(
                    Scope("org", c) if col == "org_code" else Scope("pref", c))
                    if col == "org_code" or scope.kind == "pref" else c == scope.pref_code).all(), name
        checked += 1
    # sanity: the twins do differ outside the scope
    national_a = _result(a, "metrics/kpi", Scope())
    national_b = _result(b, "metrics/kpi", Scope())
    assert national_a["current_yen"].iloc[0] != national_b["current_yen"].iloc[0]
    assert checked >= 10


# ---------------------------------------------------------------- 4. runtime
def test_the_data_layer_refuses_a_scope_outside_the_signed_in_users(twin_dbs, tmp_path, monkeypatch):
    """The app reads only through views.py, which checks every scope against the signed-in
    user once, before its cache (an earlier wider user's cached result is never handed on)."""
    from dashboard import accounts, session, views
    monkeypatch.setenv("SANWARI_USERS", str(F.make_users(tmp_path / "users.toml")))
    a, _ = twin_dbs
    monkeypatch.setenv("SANWARI_DB", str(a))
    with pytest.raises(access.NotSignedIn):                         # nobody signed in
        views.fetch("metrics/kpi", Scope(), fy=2026)
    with session.acting_as(accounts.User("nat", "local", Scope())):
        national = views.fetch("metrics/kpi", Scope(), fy=2026)    # now cached
    with session.acting_as(access.user_named("yamaguchi")):
        assert len(views.fetch("metrics/kpi", Scope("pref", "35"), fy=2026)) == 1
        assert len(views.fetch("metrics/kpi", Scope("org", "352012"), fy=2026)) == 1
        for forged in (Scope(), Scope("pref", "13"), Scope("org", "232033")):
            for read in (lambda: views.fetch("metrics/kpi", forged, fy=2026),
                         lambda: views.summary(forged, 2026),
                         lambda: views.spec(forged, 2026, "ja", "hyakuman", "by_system")):
                with pytest.raises(access.OutOfScope):
                    read()
        assert len(views.fetch("metrics/data_status")) == 1        # scope-free metadata
    assert int(national["orgs_in_scope"].iloc[0]) > 1000


def test_the_access_rule_refuses_bound_scope_parameters_outside_the_users():
    from dashboard.accounts import User
    yamaguchi = User("y", "local", Scope("pref", "35"))
    access.check_bound(yamaguchi, {"fy": 2026, "pref_code": "35", "org_code": None})
    access.check_bound(yamaguchi, {"fy": 2026, "pref_code": None, "org_code": "352012"})
    access.check_bound(yamaguchi, {"fy": 2026})                     # no scope parameter
    for values in ({"pref_code": "13", "org_code": None}, {"pref_code": None, "org_code": "232033"},
                   {"pref_code": None, "org_code": None}, {"pref_code": "xx", "org_code": None}):
        with pytest.raises(access.OutOfScope):
            access.check_bound(yamaguchi, values)


def test_data_as_of_is_the_scopes_own(tmp_path):
    """A later import of other organizations' figures does not move a scope's data-as-of time."""
    from dashboard import store
    from dashboard.ingest import load
    db = F.build(tmp_path / "a.duckdb")
    with store.reader(db) as con:
        first = queries.run(con, "metrics/data_as_of", Scope("pref", "35")).iloc[0]["data_as_of"]
    costs = F.demo_subset().costs
    tokyo = costs[costs["org_code"].str[:2] == "13"].head(20).assign(amount_yen=lambda f: f["amount_yen"] + 1)
    assert len(tokyo) == 20
    with store.writer(db) as con:
        load.apply(con, "costs", tokyo, file_name="tokyo.csv", file_sha256="tokyo", imported_by="test",
                   batch_kind="costs")
    with store.reader(db) as con:
        as_of = {str(s): queries.run(con, "metrics/data_as_of", s).iloc[0]["data_as_of"]
                 for s in (Scope("pref", "35"), Scope("org", "352012"), Scope("pref", "13"), Scope())}
        newest = con.execute("select max(imported_at) from batch").fetchone()[0]
    assert newest > first
    assert as_of["pref:35"] == first and as_of["org:352012"] == first      # Yamaguchi: its own import only
    assert as_of["pref:13"] == newest and as_of["national"] == newest      # Tokyo and the nation: the new one
