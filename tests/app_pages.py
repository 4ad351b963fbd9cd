"""The router's page list, read from app.py without running it (tests share it).

`PAGES` in app.py is a literal list of (file, title key, URL path, icon, modes). Every file must
exist: the router refuses to start without one (tests/test_app_frame.py), and the architecture test
fails on a missing one rather than skipping it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from indicators.text.i18n import translate

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class AppPage:
    file: str          # "pages/map.py"
    title_key: str     # "page_map"
    slug: str          # URL path, "map"
    icon: str
    modes: frozenset[str]

    @property
    def path(self) -> Path:
        return ROOT / self.file

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    def title(self, lang: str) -> str:
        return translate(self.title_key, lang)

    @property
    def mode(self) -> str:
        """The mode to run it in: public when it is a public page, else its first mode."""
        return "public" if "public" in self.modes else sorted(self.modes)[0]

    def source(self) -> str:
        return self.path.read_text("utf-8")


def _read_pages() -> list[AppPage]:
    tree = ast.parse((ROOT / "app.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets):
            return [AppPage(f, k, s, i, frozenset(m)) for f, k, s, i, m in
                    ast.literal_eval(node.value)]
    raise AssertionError("app.py has no literal PAGES list")


PAGES: list[AppPage] = _read_pages()


def existing(mode: str | None = None) -> list[AppPage]:
    """The pages of `mode` (all pages when None), in the router's order."""
    return [p for p in PAGES if mode is None or mode in p.modes]


def shown_in(mode: str) -> list[AppPage]:
    """The pages the router shows in `mode`, in order (the first is the default page)."""
    return existing(mode)


_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z0-9_]+)["']""")


def url_parameters(page: AppPage) -> list[str]:
    """Query-parameter names a page reads: `name="…"` in ui.choose / ui.choose_many / ui.param
    calls, and `st.query_params.get("…")`, found in its source."""
    tree = ast.parse(page.source())
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if attr in {"choose", "choose_many", "param", "param_list"}:
            for keyword in node.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    names.add(keyword.value.value)
            if attr in {"param", "param_list"} and node.args and isinstance(
                    node.args[0], ast.Constant):
                names.add(node.args[0].value)
        if attr == "get" and isinstance(func, ast.Attribute) and "query_params" in ast.unparse(
                func.value) and node.args and isinstance(node.args[0], ast.Constant):
            names.add(node.args[0].value)
    # Anything the AST walk missed but the source names literally (e.g. through a helper).
    names.update(_NAME.findall(page.source()))
    return sorted(n for n in names if isinstance(n, str))
