"""Golden files: every sample source's normalized JSON, reviewed in diffs.

Regenerate after an intended change with `pytest tests/test_golden.py --regen-golden`
and read the diff before committing it.
"""

import json

import pytest
from conftest import INPUT, ROOT

from pipeline.corpus import scan

GOLDEN = ROOT / "tests" / "golden" / "normalized"
SOURCES = scan([INPUT])


def test_the_sample_month_is_complete():
    from pipeline.cli import main  # noqa: F401  (the samples must be readable by the CLI)

    assert len(SOURCES) >= 10
    assert {p.suffix for p in SOURCES} >= {".md", ".json"}


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_golden(source, bantin, regen_golden):
    relative = source.relative_to(ROOT)
    result = bantin("normalize", relative, "--json", "--strict", cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    actual = json.loads(result.stdout)
    golden = GOLDEN / f"{source.stem}.json"
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
        pytest.skip("golden file regenerated")
    assert golden.exists(), "no golden file yet: run pytest --regen-golden and review it"
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_no_golden_file_is_left_without_its_source():
    names = {f"{p.stem}.json" for p in SOURCES}
    assert {p.name for p in GOLDEN.glob("*.json")} <= names
