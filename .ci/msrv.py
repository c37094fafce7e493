#!/usr/bin/env python3
"""MSRV check: every workspace crate declares the same rust-version, and it is not below the
rust-version of any package in the locked dependency tree (all targets, all platforms, dev and
build dependencies included), as `cargo metadata` reports them.

Older toolchains cannot be installed in CI, so this is the check: a dependency that raises its
MSRV in a `cargo update` makes CI fail until the workspace's rust-version is raised too.
Usage: python3 .ci/msrv.py  (from anywhere in the workspace)."""
import json
import subprocess
import sys


def parse(v):
    """`1.88` and `1.88.0` are the same version."""
    parts = [int(x) for x in v.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def show(t):
    return ".".join(map(str, t[:2] if t[2] == 0 else t))


def main():
    meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
    members = set(meta["workspace_members"])
    in_tree = {node["id"] for node in meta["resolve"]["nodes"]}
    packages = {p["id"]: p for p in meta["packages"]}

    declared = {}
    for pid in members:
        p = packages[pid]
        if not p.get("rust_version"):
            print(f"error: workspace crate {p['name']} declares no rust-version", file=sys.stderr)
            return 1
        declared.setdefault(parse(p["rust_version"]), []).append(p["name"])
    if len(declared) != 1:
        for v, names in sorted(declared.items()):
            print(f"  rust-version {show(v)}: {', '.join(sorted(names))}", file=sys.stderr)
        print("error: the workspace crates declare different rust-versions; use one", file=sys.stderr)
        return 1
    msrv = next(iter(declared))

    needed = []
    for pid in in_tree - members:
        p = packages[pid]
        if p.get("rust_version"):
            needed.append((parse(p["rust_version"]), p["name"], p["version"]))
    needed.sort(reverse=True)
    too_new = [n for n in needed if n[0] > msrv]
    if too_new:
        for v, name, version in too_new:
            print(f"  {name} {version} needs Rust {show(v)}", file=sys.stderr)
        print(f"error: the workspace declares rust-version {show(msrv)}, but the locked dependencies need "
              f"{show(too_new[0][0])}: raise rust-version in Cargo.toml (and regenerate), or pin older versions",
              file=sys.stderr)
        return 1
    top = needed[0] if needed else None
    print(f"MSRV {show(msrv)} for {len(members)} workspace crates; the locked tree of {len(in_tree)} packages needs "
          + (f"{show(top[0])} ({top[1]} {top[2]})" if top else "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
