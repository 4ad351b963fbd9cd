"""The rules the code base keeps, checked on its source (AST, not grep where it matters):

- only indicators/data/store.py talks to DuckDB;
- Streamlit only in the ui package, the pages, the router and the ASGI apps; never under
  indicators/;
- the domain's sub-packages are layers: imports run down them only (LAYERS below);
- views never open the store; pages select, call and show (no frame work, <= 100 lines);
- no module over 400 lines and no function over 60 unless its module's docstring says why;
- nothing renders raw HTML (`unsafe_allow_html`, `st.html`, components);
- no SQL built by string formatting, except the few identifier cases in store.py, each of
  which formats only names from the TABLES / CATALOG constants;
- pages stay short; every page has its AppTest file;
- the Data & methods catalogue lists every indicator of data/indicators.yaml.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from tests.app_pages import PAGES, ROOT

PAGE_MAX_LINES = 100
SKIP_DIRS = {".venv", "tests", ".git", "__pycache__", ".hypothesis", ".pytest_cache", "artifacts",
             "node_modules"}
SKIP_TOP = {"data"}   # the data folder at the root (not indicators/data, the data-access layer)


def project_files() -> list[Path]:
    """Every Python file of the project's code (tests and the virtualenv excepted)."""
    return sorted(p for p in ROOT.rglob("*.py")
                  if not SKIP_DIRS & set(p.relative_to(ROOT).parts[:-1])
                  and p.relative_to(ROOT).parts[0] not in SKIP_TOP)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def imported_modules(module: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            # importlib.import_module("duckdb") / __import__("duckdb")
            func = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if func in {"import_module", "__import__"} and node.args and isinstance(
                    node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def imports(module: ast.Module, package: str) -> bool:
    return any(n == package or n.startswith(package + ".") for n in imported_modules(module))


def test_the_project_has_code_to_check():
    files = {rel(p) for p in project_files()}
    assert {"app.py", "indicators/data/store.py", "ui/__init__.py", "ui/data.py"} <= files
    assert any(f.startswith("pages/") for f in files)


def test_only_the_store_imports_duckdb():
    offenders = [rel(p) for p in project_files()
                 if imports(tree(p), "duckdb") and rel(p) != "indicators/data/store.py"]
    assert offenders == []
    assert imports(tree(ROOT / "indicators/data/store.py"), "duckdb")


STREAMLIT_ALLOWED = ("ui/", "pages/", "app.py", "dashboard_app.py", "serve.py", "kiosk/asgi.py",
                     "bench/")


def test_streamlit_stays_in_the_ui_package_and_the_pages():
    offenders = [rel(p) for p in project_files()
                 if imports(tree(p), "streamlit") and not rel(p).startswith(STREAMLIT_ALLOWED)]
    assert offenders == []
    assert imports(tree(ROOT / "ui/data.py"), "streamlit")
    indicators = [p for p in project_files() if rel(p).startswith("indicators/")]
    texts = [p for p in indicators if rel(p).startswith("indicators/text/strings/")]
    assert texts and not [rel(p) for p in texts if imports(tree(p), "streamlit")]


def _raw_html_uses(module: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                found.append(f"unsafe_allow_html= at line {node.value.lineno}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"html", "iframe"}:
                found.append(f"{ast.unparse(node.func)}( at line {node.lineno}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""])
            if any(m.startswith("streamlit.components") for m in modules):
                found.append(f"streamlit.components import at line {node.lineno}")
        if isinstance(node, ast.Attribute) and node.attr == "components" and isinstance(
                node.value, ast.Name) and node.value.id == "st":
            found.append(f"st.components at line {node.lineno}")
    return found


# The one raw-HTML call allowed, by (file, function): a constant script that keeps the kiosk's
# device token (server-made base64url, shape checked before use) in a cookie; no data text.
# Streamlit cannot set a cookie otherwise. Exactly this set: a stale entry fails too.
HTML_ALLOWED = {("ui/pulse.py", "keep_kiosk_device"): 1}


def _html_calls_by_function(module: ast.Module) -> dict[str, int]:
    counts: dict[str, int] = {}
    for function in ast.walk(module):
        if isinstance(function, ast.FunctionDef):
            uses = _raw_html_uses(ast.Module(body=function.body, type_ignores=[]))
            if uses:
                counts[function.name] = len(uses)
    return counts


def test_no_raw_html_anywhere():
    offenders = {rel(p): uses for p in project_files() if (uses := _raw_html_uses(tree(p)))}
    allowed_files = {file for file, _ in HTML_ALLOWED}
    assert {f: u for f, u in offenders.items() if f not in allowed_files} == {}
    found = {(file, name): count for file in allowed_files
             for name, count in _html_calls_by_function(tree(ROOT / file)).items()}
    assert found == HTML_ALLOWED
    assert sum(len(offenders.get(f, [])) for f in allowed_files) == sum(HTML_ALLOWED.values())
    # And not even as text (e.g. built by getattr or in a string passed to exec).
    for path in project_files():
        source = path.read_text("utf-8")
        assert "unsafe_allow_html=True" not in source, rel(path)
        assert "st.html(" not in source, rel(path)


# --- SQL built by string formatting ---------------------------------------------------------

SQL_METHODS = {"execute", "executemany", "query", "sql", "from_query", "read_sql",
               "read_sql_query", "df_query"}
# The only formatted identifiers allowed in store.py: (function, name) → why it is safe.
# Names listed here are checked: TABLES-loop variables and TABLES-checked arguments are proven
# from the code below; these few are argued in words and must stay exactly this set.
STORE_EXTRA = {
    ("table", "columns"): "one of two literal column lists chosen by a TABLES member",
    ("publish", "column_list"): "column names read back from the schema's own "
                                 "information_schema for a TABLES member",
    ("_table_digest", "table"): "called only with a TABLES loop variable (checked below)",
    ("_table_digest", "row"): "built by _row_text from the names and types the schema's own "
                              "information_schema gives for that TABLES member",
    ("_check_keys", "table"): "returns unless the table is a CHECKED_KEYS member (checked below)",
    ("_check_keys", "columns"): "the joined key columns of CHECKED_KEYS[table], a constant",
    ("_check_keys", "column"): "a referring column of CHECKED_KEYS[table], a constant",
    ("_check_keys", "parent"): "a referred table of CHECKED_KEYS[table], a constant",
    ("observations", "OBSERVATIONS"): "the constant select list (checked below)",
    ("latest_observations", "OBSERVATIONS"): "the constant select list (checked below)",
    ("area_observations", "OBSERVATIONS"): "the constant select list (checked below)",
}


def _formatted_sql(call: ast.Call) -> ast.AST | None:
    """The first argument when it is SQL built by formatting (f-string, .format, % or +)."""
    if not call.args:
        return None
    sql = call.args[0]
    if isinstance(sql, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue)
                                              for v in sql.values):
        return sql
    if isinstance(sql, ast.Call) and isinstance(sql.func, ast.Attribute) and \
            sql.func.attr == "format":
        return sql
    if isinstance(sql, ast.BinOp) and isinstance(sql.op, (ast.Mod, ast.Add)):
        return sql
    return None


def _numeric_constants(module: ast.Module) -> set[str]:
    """Module-level names bound once to a number literal (e.g. `BUSY_TIMEOUT_MS = 30_000`):
    formatting those into a statement (a pragma takes no bound parameter) cannot inject."""
    bound: dict[str, list[ast.AST]] = {}
    for node in ast.walk(module):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            if isinstance(target, ast.Name):
                bound.setdefault(target.id, []).append(node)
    return {name for name, nodes in bound.items() if len(nodes) == 1 and isinstance(
        nodes[0], ast.Assign) and nodes[0] in module.body and isinstance(
        nodes[0].value, ast.Constant) and type(nodes[0].value.value) in (int, float)}


def _sql_calls(module: ast.Module):
    """(enclosing function, call, formatted SQL node) for every formatted SQL call."""
    numbers = _numeric_constants(module)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(module):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in SQL_METHODS and (sql := _formatted_sql(node)) is not None:
            if isinstance(sql, ast.JoinedStr) and all(
                    isinstance(v.value, ast.Name) and v.value.id in numbers
                    for v in sql.values if isinstance(v, ast.FormattedValue)):
                continue
            function = node
            while function in parents and not isinstance(
                    function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                function = parents[function]
            yield (function if isinstance(function, ast.FunctionDef) else None), node, sql


def _loops_over_tables(function: ast.FunctionDef, name: str) -> bool:
    return any(isinstance(n, ast.For) and isinstance(n.target, ast.Name) and n.target.id == name
               and isinstance(n.iter, ast.Name) and n.iter.id == "TABLES"
               for n in ast.walk(function))


def _checks_against_tables(function: ast.FunctionDef, name: str) -> bool:
    """`if name not in TABLES: raise …` at the top level of the function."""
    for statement in function.body:
        if isinstance(statement, ast.If) and isinstance(statement.test, ast.Compare):
            test = statement.test
            if isinstance(test.left, ast.Name) and test.left.id == name and \
                    isinstance(test.ops[0], ast.NotIn) and isinstance(
                        test.comparators[0], ast.Name) and test.comparators[0].id == "TABLES" \
                    and any(isinstance(s, ast.Raise) for s in statement.body):
                return True
    return False


def test_no_sql_is_built_by_formatting_outside_the_store():
    offenders = []
    for path in project_files():
        if rel(path) == "indicators/data/store.py":
            continue
        for _, call, _ in _sql_calls(tree(path)):
            offenders.append(f"{rel(path)}:{call.lineno}: {ast.unparse(call)[:80]}")
    assert offenders == [], "bind values as parameters; never format them into a query"


def test_store_formats_only_whitelisted_identifiers():
    module = tree(ROOT / "indicators/data/store.py")
    constants = {t.id for n in module.body if isinstance(n, ast.Assign) for t in n.targets
                 if isinstance(t, ast.Name)}
    assert {"TABLES", "CATALOG"} <= constants
    used_extra = set()
    problems = []
    for function, call, sql in _sql_calls(module):
        where = f"line {call.lineno} ({function.name if function else 'module'})"
        if not isinstance(sql, ast.JoinedStr):
            problems.append(f"{where}: SQL built with .format/%/+")
            continue
        for value in (v for v in sql.values if isinstance(v, ast.FormattedValue)):
            if not isinstance(value.value, ast.Name):
                problems.append(f"{where}: formats an expression {ast.unparse(value.value)}")
                continue
            name = value.value.id
            if name == "CATALOG":
                continue
            if function is not None and (_loops_over_tables(function, name)
                                         or _checks_against_tables(function, name)):
                continue
            key = (function.name if function else "", name)
            if key in STORE_EXTRA:
                used_extra.add(key)
                continue
            problems.append(f"{where}: formats {name!r}, not a TABLES/CATALOG name")
    assert problems == []
    assert used_extra == set(STORE_EXTRA), "stale whitelist entries"


def test_store_whitelisted_identifiers_come_from_constants():
    """The argued cases of STORE_EXTRA, checked on the code."""
    module = tree(ROOT / "indicators/data/store.py")
    functions = {n.name: n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)}
    # Store.table: `columns` is one of two literals, and `name` is checked against TABLES.
    table = functions["table"]
    assert _checks_against_tables(table, "name")
    assigned = [n for n in ast.walk(table) if isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "columns" for t in n.targets)]
    assert assigned and all(isinstance(a.value, ast.IfExp) and isinstance(
        a.value.body, ast.Constant) and isinstance(a.value.orelse, ast.Constant)
        for a in assigned)
    # publish: the formatted table comes from a TABLES loop and the columns from the schema.
    publish = functions["publish"]
    assert _loops_over_tables(publish, "table")
    source = ast.unparse(publish)
    assert "information_schema.columns" in source and "present = [c for c in columns" in source
    # _table_digest is called only with the loop variable of a `for table in TABLES`.
    callers = [f for f in functions.values() if any(
        isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "_table_digest"
        for c in ast.walk(f))]
    assert callers
    for caller in callers:
        assert _loops_over_tables(caller, "table")
        for call in (c for c in ast.walk(caller) if isinstance(c, ast.Call) and isinstance(
                c.func, ast.Name) and c.func.id == "_table_digest"):
            assert isinstance(call.args[1], ast.Name) and call.args[1].id == "table"
    # _table_digest's row expression comes from information_schema through _row_text.
    digest_source = ast.unparse(functions["_table_digest"])
    assert "information_schema.columns" in digest_source
    assert "row = _row_text(columns)" in digest_source
    # OBSERVATIONS: a plain string constant of the module (no formatting of its own).
    assert any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id ==
               "OBSERVATIONS" for t in n.targets) and isinstance(n.value, ast.Constant)
               and isinstance(n.value.value, str) for n in module.body)
    # _check_keys: every formatted name comes out of the constant CHECKED_KEYS for a member.
    keys_source = ast.unparse(functions["_check_keys"])
    assert "if table not in CHECKED_KEYS:\n        return" in keys_source
    assert "key, references = CHECKED_KEYS[table]" in keys_source
    assert "columns = ', '.join(key)" in keys_source
    assert "for column, parent in references:" in keys_source
    assert any(isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
               and n.target.id == "CHECKED_KEYS" and isinstance(n.value, ast.Dict)
               for n in module.body)


def test_the_formatting_check_catches_what_it_should():
    bad = ast.parse('con.execute(f"select * from t where x = {value}")\n'
                    'cur.query("select * from %s" % name)\n'
                    'con.sql("select {}".format(x))\n'
                    'frame.query(f"year == {year}")\n'
                    'con.execute("select 1 where x = ?", [value])\n'
                    'LIMIT = 5\n'
                    'con.execute(f"pragma busy_timeout = {LIMIT}")\n'
                    'NAME = "x"\n'
                    'con.execute(f"select {NAME}")\n')
    assert len(list(_sql_calls(bad))) == 5
    assert _raw_html_uses(ast.parse('st.markdown(x, unsafe_allow_html=True)\nst.html(y)\n'
                                    'import streamlit.components.v1 as c\n'))


# --- pages ------------------------------------------------------------------------------------

def test_every_page_of_the_router_exists():
    """A page file that is gone fails here (and the router refuses to start without it)."""
    assert [p.file for p in PAGES if not p.path.is_file()] == []


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_pages_are_short(page):
    lines = len(page.source().splitlines())
    assert lines <= PAGE_MAX_LINES, f"{page.file} has {lines} lines; move logic to a view"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_page_has_its_apptest_file(page):
    assert (ROOT / "tests" / f"test_page_{page.stem}.py").exists()


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_pages_hold_no_sql(page):
    module = tree(page.path)
    assert not imports(module, "duckdb")
    calls = [ast.unparse(n.func) for n in ast.walk(module) if isinstance(n, ast.Call)]
    assert not [c for c in calls if c.endswith(".execute") or c.endswith("store().query")]


# Frame work that belongs in a view: a page selects, calls and shows.
FRAME_WORK = {"groupby", "merge", "pivot", "pivot_table", "apply", "melt", "agg",
              "sort_values", "drop_duplicates", "set_index", "reset_index", "concat"}


def _frame_work(module: ast.Module) -> list[str]:
    return [f"{node.func.attr} at line {node.lineno}" for node in ast.walk(module)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in FRAME_WORK]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_pages_leave_frame_work_to_their_views(page):
    assert _frame_work(tree(page.path)) == []


# --- layers ------------------------------------------------------------------------------------

# The domain's sub-packages, lowest first. A package may import itself and those below it;
# build and ingest are siblings that never import each other.
LAYERS = {
    "indicators.data": set(),
    "indicators.methods": set(),
    "indicators.sources": {"indicators.data"},
    "indicators.build": {"indicators.data", "indicators.methods", "indicators.sources"},
    "indicators.ingest": {"indicators.data", "indicators.methods", "indicators.sources"},
    "indicators.text": {"indicators.data", "indicators.methods"},
    "indicators.views": {"indicators.data", "indicators.methods", "indicators.text"},
}


def _layer(name: str) -> str | None:
    return next((layer for layer in LAYERS if name == layer or name.startswith(layer + ".")),
                None)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_violations(module: str, imported: set[str]) -> list[str]:
    """Imports of `module` that run up or sideways through the layers."""
    own = _layer(module)
    if own is None:
        return []
    allowed = LAYERS[own] | {own}
    wrong = []
    for name in sorted(imported):
        if name == "indicators" or name.split(".")[0] == "ui":
            wrong.append(name)
        elif name.startswith("indicators.") and _layer(name) not in allowed:
            wrong.append(name)
    return wrong


def domain_files() -> list[Path]:
    return [p for p in project_files() if rel(p).startswith("indicators/")]


def test_every_domain_module_is_in_a_layer():
    loose = [rel(p) for p in domain_files() if _layer(_module_name(p)) is None
             and rel(p) != "indicators/__init__.py"]
    assert loose == []


def test_imports_run_down_the_layers_only():
    offenders = {rel(p): wrong for p in domain_files()
                 if (wrong := layer_violations(_module_name(p), imported_modules(tree(p))))}
    assert offenders == {}


def test_the_layer_checker_catches_upward_imports():
    assert layer_violations("indicators.methods.scores", {"indicators.data.store"}) == [
        "indicators.data.store"]
    assert layer_violations("indicators.build.steps", {"indicators.ingest"}) == [
        "indicators.ingest"]
    assert layer_violations("indicators.views.map", {"ui"}) == ["ui"]
    assert layer_violations("indicators.views.map", {"indicators.text.i18n", "pandas"}) == []


def test_views_never_open_the_store():
    """Views get data from the page; only the ui helper (and the build and ingest) open it."""
    offenders = [rel(p) for p in domain_files() if rel(p).startswith("indicators/views/")
                 and (imports(tree(p), "indicators.data.store") or any(
                     isinstance(n, ast.ImportFrom) and n.module == "indicators.data"
                     and any(a.name == "store" for a in n.names) for n in ast.walk(tree(p))))]
    assert offenders == []


# --- size ------------------------------------------------------------------------------------

MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60
SIZE_CHECKED = ("indicators/", "ui/", "kiosk/", "app.py", "dashboard_app.py", "serve.py")


def _reason(source: str, heading: str, name: str) -> bool:
    """The module's docstring explains why `name` stays long: a paragraph starting with
    `Long functions:` (or `Long module:`) that names it."""
    doc = ast.get_docstring(ast.parse(source)) or ""
    return any(paragraph.startswith(heading) and name in paragraph
               for paragraph in (p.strip() for p in doc.split("\n\n")))


def size_problems(path_name: str, source: str) -> list[str]:
    problems = []
    lines = len(source.splitlines())
    if lines > MODULE_MAX_LINES and not _reason(source, "Long module:", Path(path_name).stem):
        problems.append(f"{path_name}: {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_MAX_LINES and not _reason(source, "Long functions:", node.name):
                problems.append(f"{path_name}: {node.name}() has {length} lines")
    return problems


def test_modules_and_functions_stay_small_or_say_why():
    checked = [p for p in project_files() if rel(p).startswith(SIZE_CHECKED)]
    assert [problem for p in checked for problem in size_problems(rel(p), p.read_text("utf-8"))
            ] == []


def test_the_size_rule_accepts_only_a_written_reason():
    long_body = "\n".join(f"    x{i} = {i}" for i in range(70))
    source = f'"""Doc."""\n\n\ndef step():\n{long_body}\n'
    assert size_problems("m.py", source) == ["m.py: step() has 71 lines"]
    explained = source.replace('"""Doc."""',
                               '"""Doc.\n\nLong functions: step() reads as METHODS.md §1."""')
    assert size_problems("m.py", explained) == []
    elsewhere = source.replace('"""Doc."""', '"""Doc.\n\nLong functions: other()."""')
    assert size_problems("m.py", elsewhere) == ["m.py: step() has 71 lines"]


# --- the catalogue on the Data & methods page ------------------------------------------------

@pytest.fixture()
def fixture_env(fixture_db, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    monkeypatch.setenv("UMEA_MODE", "public")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_data_page_catalogue_lists_every_indicator(fixture_env, lang):
    from streamlit.testing.v1 import AppTest

    from indicators.text.i18n import translate

    page = next(p for p in PAGES if p.stem == "data_methods")
    # The fixture database publishes the demo catalogue: the default indicators plus the demo's.
    declared = [yaml.safe_load((ROOT / "data" / name).read_text("utf-8"))["indicators"]
                for name in ("indicators.yaml", "demo/indicators.yaml")]
    names = [entry[f"name_{lang}"] for entries in declared for entry in entries]
    assert len(names) == len(set(names)) > 20
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page(str(page.path)).run()
    assert not at.exception
    catalogue = at.dataframe[0].value
    column = translate("indicator", lang)
    assert len(catalogue) == len(names)
    assert sorted(catalogue[column]) == sorted(names)
