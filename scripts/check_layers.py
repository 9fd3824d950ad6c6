#!/usr/bin/env python3
"""Checks that every #include in host/, kernels/ and python/src points down the layers of
docs/architecture.md (the CMake libraries link the same way, so a wrong-way call also fails to
link; this catches header-only uses too). Exit 1 with one line per wrong-way include."""

import pathlib
import re
import sys

# Folder -> layer; a file may include its own layer and the layers it lists (transitively).
LAYERS = {
    "kernels": [],
    "core": ["kernels"],
    "util": ["core"],
    "geometry": ["core"],
    "io": ["core", "util", "geometry"],
    "physics": ["core", "util"],
    "plan": ["io"],
    "machine": ["plan", "physics"],
    "engine": ["machine"],
    "qa": ["plan"],
    "dicom": ["machine", "qa"],
    "check": ["engine", "qa", "dicom"],
    "cli": ["check"],
    "python": ["check"],
}
# The one header below its layer that kernels/ may use: the typed exceptions (header-only).
ALLOWED = {("kernels", "core/error.h")}


def reachable(layer):
    seen, todo = set(), [layer]
    while todo:
        for d in LAYERS[todo.pop()]:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen | {layer}


def layer_of(path: pathlib.Path, root: pathlib.Path):
    parts = path.relative_to(root).parts
    if parts[0] == "kernels":
        return "kernels"
    if parts[0] == "python":
        return "python"
    if parts[0] == "host" and len(parts) > 2:
        return parts[1]
    return None


def main(root: pathlib.Path) -> int:
    bad = []
    include = re.compile(r'^\s*#\s*include\s+"(host|kernels)/([^"]+)"', re.M)
    for path in sorted(list(root.glob("host/**/*")) + list(root.glob("kernels/**/*")) +
                       list(root.glob("python/src/*"))):
        if path.suffix not in {".h", ".cpp", ".cu", ".cuh"}:
            continue
        layer = layer_of(path, root)
        if layer not in LAYERS:
            bad.append(f"{path.relative_to(root)}: folder not in a layer (add it to LAYERS)")
            continue
        ok = reachable(layer)
        for m in include.finditer(path.read_text(encoding="utf-8")):
            top, rest = m.group(1), m.group(2)
            target = "kernels" if top == "kernels" else rest.split("/")[0]
            if target in ok or (layer, rest) in ALLOWED:
                continue
            bad.append(f"{path.relative_to(root)}: includes {top}/{rest} ({layer} -> {target})")
    for line in bad:
        print(line)
    print(f"layers: {len(bad)} wrong-way include(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()))
