"""Render docs/configuration.md from the schema in `config.py`.

The docstring under each field is the option's documentation; this module
reads them with `ast` (they are not kept at run time) so the reference in
the repository can never drift from the code. Run:

    python -m pipeline.config_doc > docs/configuration.md
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from typing import Any

from . import config

_TABLES: tuple[tuple[str, type], ...] = (
    ("publication", config.Publication),
    ("variants.<name>", config.Variant),
    ("normalize", config.Normalize),
    ("digest", config.DigestSettings),
    ("build", config.Build),
    ("pdf", config.Pdf),
    ("epub", config.Epub),
    ("documents", config.Documents),
    ("messages", config.Messages),
    ("archive", config.Archive),
)

_HEAD = """\
# Configuration: `bantin.toml`

A project may hold a `bantin.toml` beside its `input/` folder (or name one
with `--config FILE`). Every table and every key is optional; what is left
out takes the default below. Problems are reported all at once, one line
each (`Config value 'variants.large.body_size': …`), and unknown keys are
warnings that suggest the nearest known key.

This page is generated from `pipeline/config.py`
(`python -m pipeline.config_doc > docs/configuration.md`); a test keeps it
current.
"""

_VARIANTS = """
The built-in variants are `standard`, `large` and `xlarge`:

| variant | page | body | heading × | leading | columns | family | align |
|---|---|---|---|---|---|---|---|
{rows}

A `[variants.<name>]` table changes a built-in variant or adds a new one,
which starts from `extends` (default `standard`). Large-print values follow
APH and the American Council of the Blind (18 pt or more, sans serif, one
column, left-aligned, line spacing 1.5 or more) and UKAAF (16 pt minimum,
ideally 18).
"""


def field_docs(cls: type) -> dict[str, str]:
    """Each field's docstring (the string literal right under it) by field name."""
    definition = ast.parse(inspect.getsource(cls)).body[0]
    assert isinstance(definition, ast.ClassDef)
    body = definition.body
    docs: dict[str, str] = {}
    for node, after in zip(body, [*body[1:], None], strict=True):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)):
            docs[node.target.id] = " ".join(str(after.value.value).split())
    return docs


def _default(spec: dataclasses.Field[Any]) -> str:
    value = (spec.default_factory() if spec.default_factory is not dataclasses.MISSING
             else spec.default)
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""`'
    if isinstance(value, tuple | list):
        return "`[]`" if not value else "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    if isinstance(value, dict):
        return "`{}`"
    return f"`{value:g}`" if isinstance(value, float) else f"`{value}`"


def render_configuration_doc() -> str:
    """The whole Markdown reference."""
    parts = [_HEAD]
    for name, cls in _TABLES:
        docs = field_docs(cls)
        summary = (cls.__doc__ or "").split(":", 1)[-1].strip()
        summary = summary[:1].upper() + summary[1:]
        parts.append(f"\n## `[{name}]`\n\n{summary}\n\n| key | default | meaning |\n"
                     "|---|---|---|\n")
        for spec in dataclasses.fields(cls):
            parts.append(f"| `{spec.name}` | {_default(spec)} | {docs.get(spec.name, '')} |\n")
        if cls is config.Variant:
            rows = "\n".join(
                f"| {key} | {v.page_size} | {v.body_size:g} pt | {v.heading_scale:g} |"
                f" {v.leading:g} | {v.columns} | {v.family} | {v.alignment} |"
                for key, v in config.DEFAULT_VARIANTS.items())
            parts.append(_VARIANTS.format(rows=rows))
    return "".join(parts)


if __name__ == "__main__":
    print(render_configuration_doc(), end="")
