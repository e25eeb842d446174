"""No service imports another service, and libs/common imports none (../shared/STYLE.md); the embedded assembly,
which runs every service in one process, is the one exception."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "services"
ASSEMBLY = "embedded"


def _imported(source: str, package: str) -> list[tuple[int, str]]:
    """Every module the source imports, absolute, with its line (relative imports resolved from the file's package;
    `from package import name` counts package.name, which may be a module)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found += [(node.lineno, base)] + [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _services_reached(source: str, package: str) -> set[tuple[int, str]]:
    """The services (and lines) the source imports from: the second part of each services.* module it names."""
    return {(line, name.split(".")[1]) for line, name in _imported(source, package) if name.startswith("services.")}


def _package(path: Path) -> str:
    """The dotted name of the package a file under the repository root belongs to."""
    return ".".join(path.parent.relative_to(ROOT).parts)


def test_the_detector_sees_absolute_relative_and_package_imports() -> None:
    """The walk finds each way of importing another service, inside functions too."""
    source = ("import services.gateway.state\nfrom services.web import app\nfrom services import thumbnailer\n"
              "def f():\n    from ...collector import worker\n    from .. import deps\n")
    assert _services_reached(source, "services.gateway.routes") == {
        (1, "gateway"), (2, "web"), (3, "thumbnailer"), (5, "collector"), (6, "gateway")}


def test_no_service_imports_another_service() -> None:
    """Each service's modules import from libs and from their own service only (services/embedded excepted)."""
    crossings = []
    for service in sorted(path for path in SERVICES.iterdir() if (path / "__init__.py").exists()):
        if service.name == ASSEMBLY:
            continue
        for path in sorted(service.rglob("*.py")):
            for line, reached in sorted(_services_reached(path.read_text(), _package(path))):
                if reached != service.name:
                    crossings.append(f"{path.relative_to(ROOT)}:{line} imports services.{reached}")
    assert crossings == []


def test_libs_import_no_service() -> None:
    """The shared code under libs/ stands on its own: no module of it imports a service."""
    crossings = [f"{path.relative_to(ROOT)}:{line} imports services.{reached}"
                 for path in sorted((ROOT / "libs").rglob("*.py"))
                 for line, reached in sorted(_services_reached(path.read_text(), _package(path)))]
    assert crossings == []
