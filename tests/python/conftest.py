"""Shared fixtures of the Python module's tests (ctest "python: ..."; see tests/README.md).

ctest runs them with the interpreter the module was built for, PYTHONPATH pointing at the
package assembled in the build folder, and ALCHEMY_BINARY naming the CLI the frames are
compared with."""
import os
import subprocess

import pytest

import alchemy  # noqa: F401  (the module under test; a failed import fails every test)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BASELINE = os.path.join(REPO, "configs", "ai_compute_2025.yaml")


@pytest.fixture(scope="session")
def binary():
    path = os.environ.get("ALCHEMY_BINARY")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("ALCHEMY_BINARY must name the built alchemy executable")
    return path


@pytest.fixture
def cli(binary, tmp_path):
    """Runs `alchemy ARGS...` from the repository's root; returns the CompletedProcess."""
    def run(*args, check=True):
        p = subprocess.run([binary, *args], cwd=REPO, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"alchemy {' '.join(args)} exited {p.returncode}:\n{p.stderr}")
        return p
    return run
