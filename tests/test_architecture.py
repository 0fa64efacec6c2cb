"""The shape of the code (DESIGN.md section 2): dependencies point one way, no import hides inside
a function to dodge a cycle, and no rule about roles lives outside the apps' access modules."""
import ast
import re
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "ketenzicht"


def _modules():
    return [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts]


def test_dependencies_point_one_way():
    """The import-linter contract in pyproject.toml: lib <- regions <- accounts <- ... <- insights."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True,
                            cwd=SOURCE.parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_inside_a_function():
    """An import inside a function hides a cycle or a cost. What an app registers with the apps below
    it is in its registrations.py, imported by accounts' AppConfig once every model is loaded."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found += [f"{path.relative_to(SOURCE)}:{node.lineno}" for node in ast.walk(function)
                          if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert found == []


def test_roles_are_read_only_by_access_modules():
    """Who may do what is decided in each app's access.py (and accounts' models, which define the
    roles); views, services and API ask there, never check a role themselves."""
    role_check = re.compile(r"\bRole\.[A-Z_]+|\.has_role\(|\b[A-Z_]*ROLES\b")
    allowed = {"access.py", "models.py"}
    found = [f"{path.relative_to(SOURCE)}:{number}" for path in _modules() if path.name not in allowed
             and "demo" not in path.parts
             for number, line in enumerate(path.read_text().splitlines(), 1) if role_check.search(line)]
    assert found == []


def test_the_policy_front_holds_no_rules():
    """policy.py dispatches to the rules the apps register; it names no app and no join path."""
    text = (SOURCE / "privacy" / "policy.py").read_text()
    assert len(text.splitlines()) < 150
    assert "__" not in re.sub(r"__\w+__", "", text)  # no join path such as item__meeting__table
    assert not re.search(r"ketenzicht\.(intake|cases|care|insights|accounts)", text)
