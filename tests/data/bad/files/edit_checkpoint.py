#!/usr/bin/env python3
"""Edits a checkpoint in place and recomputes its checksums, so that the reader gets past them
and must catch the edit itself (the bad-input catalogue, tests/data/bad/checkpoints.tsv).

usage: edit_checkpoint.py FILE CODE

CODE is Python run with these names bound (sim/run/world_io.hpp gives the layout):
  w      the world (a dict, the "world" object of the JSON line)
  run    the run description (the "run" object)
  yaml   the resolved scenario text
  head   the first four header lines, a list of str
  item   item(kind) -> the first pending scheduled item of that kind (ItemKind's number)
Afterwards the header's scenario-sha256 and scenario-bytes are recomputed from yaml (unless CODE
sets resum_scenario = False), then the closing sha256 line. Setting body = "..." replaces the
JSON line by that text; truncate = N writes only the first N bytes of the result.
"""
import hashlib
import json
import sys

path, code = sys.argv[1], sys.argv[2]
data = open(path, "rb").read().decode("utf-8")
lines = data.split("\n")
head = lines[:4]
n = int(head[3].split(" ")[1])
at = sum(len(x) + 1 for x in lines[:5])  # after the four header lines and the blank line
yaml = data[at:at + n]
rest = data[at + n:]
body_line = rest[:rest.index("\n")]
doc = json.loads(body_line)
w, run = doc["world"], doc["run"]


def item(kind):
    return next(i for i in w["scheduler"]["pending"] if i["kind"] == kind)


env = {"w": w, "run": run, "yaml": yaml, "head": head, "item": item,
       "resum_scenario": True, "body": None, "truncate": None}
exec(code, env)
yaml, head = env["yaml"], env["head"]
if env["resum_scenario"]:
    head[2] = "scenario-sha256 " + hashlib.sha256(yaml.encode()).hexdigest()
    head[3] = "scenario-bytes " + str(len(yaml.encode()))
doc["run"] = env["run"]
body = env["body"] if env["body"] is not None else json.dumps(doc, separators=(",", ":"))
out = "\n".join(head) + "\n\n" + yaml + body + "\n"
out += "sha256 " + hashlib.sha256(out.encode()).hexdigest() + "\n"
raw = out.encode()
if env["truncate"] is not None:
    raw = raw[:env["truncate"]]
open(path, "wb").write(raw)
