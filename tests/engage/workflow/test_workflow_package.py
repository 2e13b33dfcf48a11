"""The workflow package keeps the names its callers use, and its modules do not import the
package itself (so they cannot import each other in a circle through it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from engage import workflow as wf

ROOT = Path(__file__).resolve().parents[3]


def test_every_name_in_all_is_there() -> None:
    assert len(set(wf.__all__)) == len(wf.__all__)
    assert [name for name in wf.__all__ if not hasattr(wf, name)] == []


def test_the_names_callers_use_are_exported() -> None:
    used = set()
    for folder in ("app_pages", "engage", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if (ROOT / "engage" / "workflow") in path.parents:
                continue
            used |= set(re.findall(r"\bworkflow\.([A-Za-z]\w*)", path.read_text("utf-8")))
    assert "review_queue" in used
    assert sorted(used - set(wf.__all__)) == []


def test_modules_import_each_other_not_the_package() -> None:
    for path in sorted(Path(wf.__file__).parent.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "engage.workflow", path.name
                if node.module == "engage":
                    assert "workflow" not in {a.name for a in node.names}, path.name
            elif isinstance(node, ast.Import):
                assert "engage.workflow" not in {a.name for a in node.names}, path.name
