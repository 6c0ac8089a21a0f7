#!/usr/bin/env python3
"""Generate the plaintext inputs for bench/bench.sh (Python stdlib only).

Usage: python3 bench/gen.py OUTDIR

Writes, deterministically (fixed seed, so every run measures the same bytes):
  big.json    10,000 leaves in nested objects (strings, integers, floats,
              booleans), about 300 KB: the "real secrets file" case where
              per-value work (AES-GCM, parsing, emitting) dominates.
  small.json  {"k": "v"}: the case where start-up and key unwrapping dominate.
  big.yaml    the same 10,000 leaves as YAML (4-space block style as sops
              writes it, a comment above each service), about 300 KB.
  commented.yaml  2,000 of those leaves as Helm values are written, with a
              `## @param` comment above every key (about 2,600 comment
              lines, 250 KB): the case where comments dominate.

Files are laid out as sops 3.11 writes JSON (tab indentation, final newline)
so that a decrypted file compares byte for byte with its input.

Each generated file is printed on stdout as "NAME<TAB>LEAVES<TAB>BYTES".
"""

import json
import math
import random
import re
import sys
from pathlib import Path

SEED = 20261126
LEAVES = 10_000
# 10,000 = 25 services x 8 sections x 50 leaves: three levels of nesting.
SERVICES, SECTIONS, PER_SECTION = 25, 8, 50
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def leaf(rng: random.Random):
    """One scalar value; mostly strings, as in real secrets files."""
    r = rng.random()
    if r < 0.70:
        return "".join(rng.choice(ALNUM) for _ in range(rng.randint(10, 22)))
    if r < 0.85:
        return rng.randint(0, 1_000_000)
    if r < 0.90:
        # Never integral: sops would print 419.0 back as 419.
        return round(rng.randint(0, 999) + rng.randint(1, 999) / 1000, 3)
    return rng.random() < 0.5


def big_tree() -> dict:
    """The 10,000-leaf document shared by every "big" format."""
    rng = random.Random(SEED)
    tree = {}
    for s in range(SERVICES):
        service = {}
        for c in range(SECTIONS):
            service[f"section_{c}"] = {
                f"key_{k:02d}": leaf(rng) for k in range(PER_SECTION)
            }
        tree[f"service_{s:02d}"] = service
    assert count_leaves(tree) == LEAVES
    return tree


def count_leaves(node) -> int:
    if isinstance(node, dict):
        return sum(count_leaves(v) for v in node.values())
    if isinstance(node, list):
        return sum(count_leaves(v) for v in node)
    return 1


def to_json(tree) -> str:
    # sops 3.11's JSON layout: tab indentation and a final newline.
    return json.dumps(tree, indent="\t", ensure_ascii=False) + "\n"


def big_json():
    tree = big_tree()
    return tree, to_json(tree)


def yaml_scalar(v) -> str:
    """A scalar as go-yaml writes it: strings that would read as numbers
    are double-quoted (the generated strings are alphanumeric)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    integer = re.fullmatch(r"[0-9]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+", v)
    finite_float = re.fullmatch(r"[0-9]+[eE][0-9]+", v) and math.isfinite(float(v))
    return f'"{v}"' if integer or finite_float else v


def to_yaml(tree, indent: int = 4) -> str:
    lines = []

    def emit(node, depth):
        for key, value in node.items():
            pad = " " * (indent * depth)
            if depth == 0:
                lines.append(f"# {key.replace('_', ' ')}")
            if isinstance(value, dict):
                lines.append(f"{pad}{key}:")
                emit(value, depth + 1)
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(value)}")

    emit(tree, 0)
    return "\n".join(lines) + "\n"


def big_yaml():
    tree = big_tree()
    return tree, to_yaml(tree)


def commented_yaml():
    """Helm-values-like: a `## @param` comment above every key (two lines above
    every fourth leaf), in go-yaml's layout so that both tools decrypt it to
    the same bytes. 2,000 leaves: 5 of big_tree's 25 services."""
    full = big_tree()
    tree = {k: full[k] for k in list(full)[:5]}
    lines = []

    def emit(node, path, depth):
        pad = " " * (4 * depth)
        for i, (key, value) in enumerate(node.items()):
            here = f"{path}.{key}" if path else key
            if isinstance(value, dict):
                lines.append(f"{pad}## @section {here.replace('_', ' ')}")
                lines.append(f"{pad}{key}:")
                emit(value, here, depth + 1)
                continue
            lines.append(f"{pad}## @param {here} Setting {i} of {path}")
            if i % 4 == 0:
                lines.append(f"{pad}## The chart's README says more about its default")
            lines.append(f"{pad}{key}: {yaml_scalar(value)}")

    emit(tree, "", 0)
    return tree, "\n".join(lines) + "\n"


def small_json():
    tree = {"k": "v"}
    return tree, to_json(tree)


# NAME -> function returning (tree, text). bench/bench.sh benchmarks the files
# it lists in its CASES array, so a new input is added in both places.
GENERATORS = {
    "big.json": big_json,
    "small.json": small_json,
    "big.yaml": big_yaml,
    "commented.yaml": commented_yaml,
}


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, make in GENERATORS.items():
        tree, text = make()
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        print(f"{name}\t{count_leaves(tree)}\t{len(data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
