"""examples/alchemy.ipynb executes without error (nbclient, ipykernel from Debian's packages),
from examples/ as a reader would run it, with the module under test (issue 21's step 6)."""
import os

import nbclient
import nbformat

from conftest import REPO


def test_the_example_notebook_executes_and_draws_its_three_plots():
    path = os.path.join(REPO, "examples", "alchemy.ipynb")
    nb = nbformat.read(path, as_version=4)
    # The kernel runs in examples/: a relative PYTHONPATH would no longer find the module.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    # The kernel inherits this process's environment (PYTHONPATH: the module in the build
    # folder); executing fills the outputs in memory only, the file is not rewritten.
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    assert len(images) == 3
    # The defaults table names the funding freeze's five defaults; the baseline has none.
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "baseline defaults: 0" in text
    tables = "".join(o.data.get("text/plain", "") for o in outputs
                     if o.output_type == "execute_result")
    for firm in ("openai", "xai", "softbank", "coreweave"):
        assert firm in tables
