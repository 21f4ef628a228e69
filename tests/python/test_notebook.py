"""The example notebooks execute without error (nbclient, ipykernel from Debian's packages),
from examples/ as a reader would run them, with the module under test (issue 21's step 6):
examples/alchemy.ipynb, and examples/sim_widgets.ipynb, whose sliders' callback runs as a
slider would run it and directly."""
import os
import re

import nbclient
import nbformat

from conftest import REPO


def execute(name, ignore_widget_messages=False):
    """The notebook examples/NAME executed in memory (the file is not rewritten); its outputs."""
    path = os.path.join(REPO, "examples", name)
    nb = nbformat.read(path, as_version=4)
    # The kernel runs in examples/: a relative PYTHONPATH would no longer find the module.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    # The kernel inherits this process's environment (PYTHONPATH: the module in the build
    # folder).
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.dirname(path)}})
    if ignore_widget_messages:
        # Debian 12's nbclient 0.7 reads a widget's comm_open as ipywidgets 7's protocol (a
        # `state` field) and fails on ipywidgets 6's: there is no browser here to draw widgets,
        # so their messages are not handled; the kernel still runs the widgets' callbacks.
        client.comm_open_handlers["jupyter.widget"] = lambda msg: None
    client.execute()
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def test_the_example_notebook_executes_and_draws_its_three_plots():
    outputs = execute("alchemy.ipynb")
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


def test_the_sliders_notebook_runs_its_callback_as_the_sliders_would_and_directly():
    outputs = execute("sim_widgets.ipynb", ignore_widget_messages=True)
    assert not [o for o in outputs if o.output_type == "error"]
    # show() drew a plot each time it ran: when the sliders were displayed (ipywidgets 6 shows
    # a widget by a comm message, not an output), when the sentiment slider moved, and when
    # called directly.
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    assert len(images) == 3
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    lines = re.findall(r"branch (\S+) (\S+) (\d+): (\S+) sentiment (\S+) risk_free (\S+)", text)
    # The sliders' initial values, the moved sentiment slider, then the direct call.
    assert [(s, r, d) for s, r, d, *_ in lines] == [
        ("-0.50", "0.0600", "120"), ("-1.20", "0.0600", "120"), ("-1.50", "0.0900", "250")]
    # Each branch's rate is the one its risk_free shock set (the shock sets the rate), and the
    # branches stepped from 2026-06-30 ended on the 120th and 250th NYSE trading day after it
    # (weekdays without 2026-07-03, 09-07, 11-26, 12-25 and 2027-01-01, 01-18, 02-15, 03-26,
    # 05-31, 06-18; numpy.busday_offset).
    for s, r, d, date, sentiment, rate in lines:
        assert float(rate) == float(r)
    assert [date for *_, date, _, _ in lines] == ["2026-12-18", "2026-12-18", "2027-06-29"]
    # The sharper sentiment shock left a different branch (the slider's value reached show()).
    assert lines[0][4] != lines[1][4]
    # The moved slider's branch records its shocks with the slider's values.
    tables = "".join(o.data.get("text/plain", "") for o in outputs
                     if o.output_type == "execute_result")
    assert "'value': -1.2" in tables and "'value': 0.06" in tables
    # The kept branch's export: the replay command and its shocks file.
    assert ("alchemy run FOLDER/branch.yaml --seed 20251013 --with FOLDER/branch.shocks.yaml "
            "--until 2027-12-31") in text
    assert "kind: risk_free" in text and "value: 0.09" in text
