#!/usr/bin/env python3
"""Fails when a module's CMake DEPS differ from the modules its code includes.

A module is a folder of src/ built by `nrm_module(<name> DEPS ...)` in the
root CMakeLists.txt. Module A *uses* module B when a file under src/A/
(.cc or .h) has `#include "B/..."`. Every used module must be declared as
nrm_B in A's DEPS (no leaning on what another dependency happens to bring
along), and every declared nrm_B must be used; third-party targets in DEPS
are not checked. The include graph between modules must have no cycle (a
module including itself is fine).

Usage: check-cmake-deps.py [--root DIR]
Exit status 0 when they agree, 1 with one line per problem.
"""
import argparse
import pathlib
import re
import sys

MODULE_CALL = re.compile(r"^\s*nrm_module\(\s*([A-Za-z0-9_]+)([^)]*)\)", re.M | re.S)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/[^"]+"', re.M)


def declared_deps(cmake_text):
    """{module: (set of nrm_ modules in DEPS, line number of the call)}."""
    out = {}
    for m in MODULE_CALL.finditer(cmake_text):
        body = re.sub(r"#[^\n]*", "", m.group(2)).split()
        deps = set()
        if "DEPS" in body:
            deps = {d[len("nrm_"):] for d in body[body.index("DEPS") + 1:] if d.startswith("nrm_")}
        out[m.group(1)] = (deps, cmake_text.count("\n", 0, m.start()) + 1)
    return out


def used_modules(src, module, modules):
    """{used module: first "file:line" that includes it}."""
    used = {}
    for f in sorted((src / module).rglob("*")):
        if f.suffix not in (".cc", ".h") or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8")
        for m in INCLUDE.finditer(text):
            other = m.group(1)
            if other != module and other in modules and other not in used:
                line = text.count("\n", 0, m.start()) + 1
                used[other] = f"{f.relative_to(src.parent)}:{line}"
    return used


def find_cycle(graph):
    """One cycle of the graph as a list of nodes (first repeated last), or None."""
    state = {}  # node -> 1 on the stack, 2 done
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent, type=pathlib.Path)
    args = parser.parse_args()
    src = args.root / "src"
    declared = declared_deps((args.root / "CMakeLists.txt").read_text(encoding="utf-8"))
    modules = {p.name for p in src.iterdir() if p.is_dir()}
    problems = []
    for module in sorted(modules - declared.keys()):
        problems.append(f"src/{module}/ has no nrm_module({module} ...) in CMakeLists.txt")
    graph = {}
    for module in sorted(declared):
        if module not in modules:
            problems.append(f"CMakeLists.txt:{declared[module][1]}: nrm_module({module}) has no folder src/{module}/")
            continue
        deps, line = declared[module]
        used = used_modules(src, module, modules)
        graph[module] = set(used)
        for missing in sorted(used.keys() - deps):
            problems.append(f"CMakeLists.txt:{line}: {module} uses {missing} ({used[missing]}) "
                            f"but does not declare nrm_{missing} in DEPS")
        for unused in sorted(deps - used.keys()):
            problems.append(f"CMakeLists.txt:{line}: {module} declares nrm_{unused} in DEPS but includes nothing of "
                            f"src/{unused}/")
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle between modules: " + " -> ".join(cycle))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"cmake-deps: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"cmake-deps: {len(graph)} modules, DEPS match the includes, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
