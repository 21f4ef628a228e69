#!/usr/bin/env python3
"""Edits one field of a run's record file and updates manifest.json to match (size and SHA-256),
so the reader must find the malformed row itself, not a changed hash.

    edit_run_file.py RUN_DIR FILE LINE FIELD VALUE

LINE is 1-based. For a CSV file, FIELD is the 0-based index of the comma-separated field to
replace; for events.jsonl the whole line is replaced (FIELD is ignored)."""
import hashlib
import json
import sys

run_dir, name, line, field, value = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
path = f"{run_dir}/{name}"
with open(path, "rb") as f:
    lines = f.read().decode("utf-8").split("\n")
if name.endswith(".jsonl"):
    lines[line - 1] = value
else:
    fields = lines[line - 1].split(",")
    fields[field] = value
    lines[line - 1] = ",".join(fields)
data = "\n".join(lines).encode("utf-8")
with open(path, "wb") as f:
    f.write(data)
manifest_path = f"{run_dir}/manifest.json"
with open(manifest_path) as f:
    manifest = json.load(f)
manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
with open(manifest_path, "w") as f:
    json.dump(manifest, f, indent=2, sort_keys=True)
    f.write("\n")
