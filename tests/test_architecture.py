"""The architecture the README describes, checked on the code itself."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["articles", "editorial", "api", "newsroom", "scripts", "bench"]


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_articles_imports_nothing_from_editorial():
    """What an article is never depends on who may change it."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "articles").rglob("*.py")
        if any(name.split(".")[0] == "editorial" for name in imported_modules(path))
    ]
    assert offenders == []


# Where an article's status may be set: the workflow alone.
STATUS_WRITERS = {"editorial/workflow.py"}


def test_only_the_workflow_assigns_an_articles_status():
    """`article.status = ...` happens in editorial/workflow.py and nowhere else."""
    assignment = re.compile(r"\b\w+\.status\s*=[^=]")
    offenders = [
        name
        for path in project_modules()
        if assignment.search(path.read_text())
        and (name := str(path.relative_to(ROOT))) not in STATUS_WRITERS
    ]
    assert offenders == []


def test_no_module_is_too_long_to_read_in_one_sitting():
    """Every module of the project's own code stays around 400 lines or less."""
    long = {
        str(path.relative_to(ROOT)): count
        for path in project_modules()
        if (count := len(path.read_text().splitlines())) > 420
    }
    assert long == {}


def test_the_api_never_needs_editorial():
    """The JSON API reads what readers see (``articles``), not the editorial side."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "api").rglob("*.py")
        if any(name.split(".")[0] == "editorial" for name in imported_modules(path))
    ]
    assert offenders == []
