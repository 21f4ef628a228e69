"""What tools/scenario-table and tools/cascade-threshold share: one run of a scenario and seed
reduced to the record the tables need (its defaults from events.jsonl, its largest cascade by each
definition from `alchemy cascades --format json [--counterfactual]`), many of them run a few at a
time into a working folder that keeps each record, and the rewrite of one marked README region.
"""
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = "scenario-table.json"  # in an --out folder: what made it


class BadInput(Exception):
    """Exit 2: the message says what is wrong; nothing has been written."""


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def name_of(path):
    return os.path.splitext(os.path.basename(path))[0]


# ---- one run -----------------------------------------------------------------------------------

def run(cmd):
    """Runs one alchemy command from the repository root; a failure is a RuntimeError naming it."""
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    except OSError as e:
        raise RuntimeError(f"{' '.join(cmd)}: {e}")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def run_record(binary, scenario, seed, folder, counterfactual, sets=()):
    """Runs one scenario and seed into `folder` and returns what the tables need: each firm's
    first default date, the run's end, and the size of its largest cascade by each definition."""
    # --force: a call interrupted between this run and its record leaves the run's folder in the
    # working folder; alchemy replaces it only because it wrote it (README, *Output folders*).
    cmd = [binary, "run", scenario, "--seed", str(seed), "--out", folder, "--quiet", "--force"]
    for s in sets:
        cmd += ["--set", s]
    run(cmd)
    with open(os.path.join(folder, "events.jsonl")) as f:
        events = [json.loads(line) for line in f]
    with open(os.path.join(folder, "manifest.json")) as f:
        end = json.load(f)["end"]
    cmd = [binary, "cascades", folder, "--format", "json"]
    if counterfactual:
        cmd.append("--counterfactual")
    cascades = run(cmd)
    try:
        rec = record_of(seed, end, events, json.loads(cascades), counterfactual)
    except ValueError as e:
        raise RuntimeError(f"{folder}: {e}")
    shutil.rmtree(folder)
    return rec


def record_of(seed, end, events, cascades_json, counterfactual):
    """A run's record from its events and `alchemy cascades --format json`: each firm's first
    default date, the run's end and the size of its largest cascade by each definition."""
    defaults = {}
    for e in events:
        if e["type"] == "default":
            defaults.setdefault(e["firm"], e["date"])
    cascades = cascades_json["cascades"]
    # Every default sits in exactly one drawn tree: a check that the two readings agree.
    members = [(m["firm"], m["date"]) for c in cascades for m in c["defaults"]]
    if len(members) != len(set(members)) or {f for f, _ in members} != set(defaults):
        raise ValueError("cascades and events.jsonl disagree on the defaults")
    # The trees are drawn with the edges both definitions agree on, so every root of either
    # definition is a drawn root, and each definition's largest cascade is the largest of its
    # sizes over the drawn roots.
    largest_links = max((c["size_links"] for c in cascades), default=0)
    largest_cf = max((c["size_counterfactual"] for c in cascades), default=0) \
        if counterfactual else None
    return {"seed": seed, "end": end, "defaults": defaults, "largest_links": largest_links,
            "largest_counterfactual": largest_cf}


def collect(binary, jobs, work, units, counterfactual):
    """Runs every (key, scenario, seed, sets) unit not yet recorded under work/records/, `jobs` at
    a time, and returns {key: [record by seed]}. Records are written as each run ends, so an
    interrupted call loses only the runs under way."""
    records_dir = os.path.join(work, "records")
    os.makedirs(records_dir, exist_ok=True)

    def one(unit):
        key, scenario, seed, sets = unit
        path = os.path.join(records_dir, f"{key}-{seed}.json")
        if os.path.exists(path):
            with open(path) as f:
                return key, json.load(f)
        rec = run_record(binary, scenario, seed, os.path.join(work, "runs", f"{key}-{seed}"),
                         counterfactual, sets)
        with open(path + ".tmp", "w") as f:
            json.dump(rec, f, sort_keys=True)
        os.replace(path + ".tmp", path)
        return key, rec

    out = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for key, rec in pool.map(one, units):
            out.setdefault(key, []).append(rec)
    for recs in out.values():
        recs.sort(key=lambda r: r["seed"])
    return out


# ---- README region -----------------------------------------------------------------------------

def replace_region(text, body, begin, end):
    """`text` with the lines between the begin and end marker lines replaced by `body`; the
    markers and everything outside them are kept byte for byte."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, l in enumerate(lines) if l.startswith(begin)]
    ends = [i for i, l in enumerate(lines) if l.startswith(end)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise BadInput(f"README.md must hold the line '{begin} …' once and then '{end}' once "
                       f"(found {len(starts)} and {len(ends)})")
    return "".join(lines[:starts[0] + 1]) + body + "".join(lines[ends[0]:])


# ---- the working folder ----------------------------------------------------------------------

def prepare_work(out, fingerprint, tool):
    """The working folder: a new --out (made here), one this script made before for the same
    fingerprint (continued), or a temporary folder. Anything else is refused."""
    if out is None:
        return tempfile.mkdtemp(prefix="scenario-table-"), True
    marker = os.path.join(out, MARKER)
    if os.path.lexists(out):
        if not os.path.isdir(out) or not os.path.isfile(marker):
            raise BadInput(f"{out}: exists and was not made by {tool} (no {MARKER});"
                           " give a new folder")
        with open(marker) as f:
            try:
                old = json.load(f)
            except json.JSONDecodeError:
                raise BadInput(f"{marker}: not the JSON this script writes")
        if old != fingerprint:
            raise BadInput(f"{out}: made for another binary, scenario files or definition; give a "
                           "new folder")
        return out, False
    os.makedirs(out)
    with open(marker, "w") as f:
        json.dump(fingerprint, f, indent=1, sort_keys=True)
    return out, False
