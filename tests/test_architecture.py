"""The import structure follows the pipeline: no module imports against the flow.

docs/ARCHITECTURE.md draws these layers; every `import` in `pipeline/`
(at the top of a module or inside a function) must point to the same layer
or a lower one, and no two modules may import each other, directly or
through others.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"
LAYERS = (
    ("foundation", {"pipeline", "pipeline.__init__", "pipeline.errors", "pipeline.dates",
                    "pipeline.periods", "pipeline.vietnamese", "pipeline.alphabetical",
                    "pipeline.alphabetical_table", "pipeline.model", "pipeline.config",
                    "pipeline.config_doc", "pipeline.resources", "pipeline.writing",
                    "pipeline.pool", "pipeline.symbols", "pipeline.i18n", "pipeline.cache"}),
    ("sources", {"pipeline.sources"}),
    ("normalize", {"pipeline.normalize"}),
    ("corpus", {"pipeline.corpus", "pipeline.export", "pipeline.report", "pipeline.reads"}),
    ("collate and render", {"pipeline.collate", "pipeline.render"}),
    ("build engine", {"pipeline.plan", "pipeline.worker", "pipeline.runner",
                      "pipeline.cluster", "pipeline.manifest", "pipeline.validate",
                      "pipeline.check"}),
    ("commands", {"pipeline.build", "pipeline.progress", "pipeline.archive"}),
    ("desk", {"pipeline.serve"}),
    ("CLI", {"pipeline.cli", "pipeline.__main__"}),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    for number, (_, prefixes) in enumerate(LAYERS):
        if module in prefixes or any(module.startswith(p + ".") for p in prefixes
                                     if p != "pipeline"):
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and ARCHITECTURE.md")


def imports(path: Path) -> set[str]:
    """Every pipeline module `path` imports, resolved to a module (not a name in it)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("pipeline"):
                continue
            for alias in node.names:  # `from . import blocks` imports a module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate) else base)
    # From outside, importing `pipeline.normalize.byline` runs `normalize/__init__.py` first.
    parents = {m.rsplit(".", i)[0] for m in found for i in range(1, m.count("."))}
    own = {module.rsplit(".", i)[0] for i in range(module.count(".") + 1)}
    return (found | parents) - own


def _exists(module: str) -> bool:
    relative = Path(*module.split("."))
    return (ROOT / relative.with_suffix(".py")).is_file() or (ROOT / relative).is_dir()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_import_runs_against_the_flow():
    against = [f"{module} ({LAYERS[layer_of(module)][0]}) imports {target}"
               f" ({LAYERS[layer_of(target)][0]})"
               for module, targets in graph().items() for target in sorted(targets)
               if layer_of(target) > layer_of(module)]
    assert against == []


def test_no_import_cycles():
    edges = graph()
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        for target in sorted(edges.get(module, ())):
            if target in trail:
                cycles.append(" → ".join([*trail[trail.index(target):], target]))
            elif target not in done:
                visit(target, [*trail, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(edges):
        if module not in done:
            visit(module, [module])
    assert cycles == []


def test_the_checker_sees_imports_inside_functions():
    """A lazy import is still an import: the checker must not miss one."""
    code = "def f():\n    from ..export import article_record\n"
    path = PACKAGE / "normalize" / "_probe.py"
    path.write_text(code, encoding="utf-8")
    try:
        assert imports(path) == {"pipeline.export"}
        assert layer_of("pipeline.export") > layer_of("pipeline.normalize._probe")
    finally:
        path.unlink()
