"""
The code's own structure: each app imports only the apps below it in
INSTALLED_APPS (so the import graph has no cycle), none imports the project
package, no import hides inside a function, and no library's private name
is used.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()
]
PROJECT = "rolwijzer"
# Underscore names that Django documents as public API.
DOCUMENTED = {"_meta", "_default_manager", "_base_manager"}


def python_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node, node.module


def test_the_apps_are_the_project_s_own():
    assert APPS[-1] == PROJECT
    assert {"editorial", "articles", "roles"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    below = set(APPS[: APPS.index(app) + 1])
    wrong = []
    for path in python_files(app):
        tree = ast.parse(path.read_text(), str(path))
        for node, module in imported_modules(tree):
            top = module.split(".")[0]
            if top in APPS and top not in below:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_inside_a_function(app):
    wrong = []
    for path in python_files(app):
        tree = ast.parse(path.read_text(), str(path))
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node, module in imported_modules(function):
                    if module.split(".")[0] in APPS:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert wrong == []


def private_names(tree):
    """Where `tree` reads a single-underscore name of something other than itself."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner in {"self", "cls"}:
                continue
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in APPS:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    yield node.lineno, f"{node.module}.{alias.name}"
            continue
        else:
            continue
        if name.startswith("_") and not name.startswith("__") and name not in DOCUMENTED:
            yield node.lineno, name


def test_no_private_name_of_a_library_is_used():
    project_names = set()
    files = list(python_files(*APPS, "tests", "scripts"))
    trees = {path: ast.parse(path.read_text(), str(path)) for path in files}
    # The project's own underscore helpers (module functions, methods) are its business.
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                project_names.add(node.name)
            elif isinstance(node, ast.Name):
                project_names.add(node.id)
    used = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for path, tree in trees.items()
        for line, name in private_names(tree)
        if name.split(".")[-1] not in project_names
    ]
    assert used == []
