#!/usr/bin/env python3
"""Extract API facts from the installed official Huawei Cloud BSS Python SDK packages.

Reads `huaweicloudsdkbss` (China site) and `huaweicloudsdkbssintl` (international/Europe site) as
installed in the running interpreter and writes one JSON file per package:

    tests/data/official-facts/bss.json
    tests/data/official-facts/bssintl.json

Facts are taken from the packages' data, not from their prose:

- operations: every client method that has a `_<name>_http_info` builder. The builder is called
  with a request object whose attributes hold unique marker values, so the location (path,
  query, header, body) and wire name of each request attribute is read from where its marker
  lands; the collection format of list query parameters is read the same way.
- path placeholders that no request attribute fills are recorded as `credential_path_params`
  (the core library fills them from the credentials, e.g. `{domain_id}`).
- models: `openapi_types` (types) and `attribute_map` (wire names) of every model class;
  `required` is decided like the SDK's generated `__init__` does: an attribute assigned
  unconditionally is required, one assigned under `if x is not None:` is optional.

Output is deterministic: keys sorted, lists in the SDK's declaration order, no timestamps.

Usage: python tools/facts/extract_facts.py [--out DIR] [--check] [--only bss|bssintl]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.metadata
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

# The package versions the committed facts were extracted from. A different installed version is
# refused unless --any-version is given (then the facts record what was actually installed).
PINNED_VERSION = "3.1.219"

PACKAGES = {
    "bss": {"dist": "huaweicloudsdkbss", "module": "huaweicloudsdkbss.v2", "client": "BssClient"},
    "bssintl": {"dist": "huaweicloudsdkbssintl", "module": "huaweicloudsdkbssintl.v2", "client": "BssintlClient"},
}

FORMAT_VERSION = 1
PLACEHOLDER = re.compile(r"\{([^}]+)\}")


class Marker(str):
    """A request attribute's value while the request builder runs: remembers the attribute."""

    def __new__(cls, attr: str):
        obj = super().__new__(cls, f"\x00marker:{attr}\x00")
        obj.attr = attr
        return obj


def marker_attr(value) -> str | None:
    return value.attr if isinstance(value, Marker) else None


def init_required(cls) -> dict[str, bool]:
    """attr -> required, from the generated `__init__`: unconditional `self.x = x` means required."""
    source = textwrap.dedent(inspect.getsource(cls.__init__))
    func = ast.parse(source).body[0]
    assigned: dict[str, bool] = {}

    def target_attr(stmt) -> str | None:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Attribute)
            and isinstance(stmt.targets[0].value, ast.Name)
            and stmt.targets[0].value.id == "self"
            and isinstance(stmt.value, ast.Name)
        ):
            return stmt.targets[0].attr
        return None

    for stmt in func.body:
        attr = target_attr(stmt)
        if attr is not None:
            assigned[attr] = True
        elif isinstance(stmt, ast.If):
            for inner in stmt.body:
                inner_attr = target_attr(inner)
                if inner_attr is not None:
                    assigned.setdefault(inner_attr, False)
    return {attr: assigned.get(attr, False) for attr in cls.openapi_types}


def parse_type(text: str) -> dict:
    """The SDK's type string as a tree: primitive, list, dict or model."""
    text = text.strip()
    if text.startswith("list[") and text.endswith("]"):
        return {"kind": "list", "item": parse_type(text[5:-1])}
    m = re.fullmatch(r"dict\(\s*str\s*,\s*(.+)\)", text)
    if m:
        return {"kind": "map", "value": parse_type(m.group(1))}
    if text in ("str", "int", "bool", "float", "decimal.Decimal", "object", "date", "datetime"):
        return {"kind": "primitive", "name": text}
    return {"kind": "model", "name": text}


def model_facts(cls) -> dict:
    required = init_required(cls)
    fields = []
    for attr, ty in cls.openapi_types.items():
        fields.append(
            {
                "attr": attr,
                "wire": cls.attribute_map[attr],
                "type": ty,
                "required": required[attr],
            }
        )
    facts = {"fields": fields}
    sensitive = list(getattr(cls, "sensitive_list", []) or [])
    if sensitive:
        facts["sensitive"] = sensitive
    return facts


def first_doc_line(func) -> str | None:
    doc = inspect.getdoc(func)
    if not doc:
        return None
    line = doc.strip().splitlines()[0].strip()
    return line or None


def operation_facts(client_cls, model_mod, snake: str) -> tuple[str, dict]:
    builder = getattr(client_cls, f"_{snake}_http_info")
    # Calling the builder needs a request; its class is named in the public method's docstring.
    doc = inspect.getdoc(getattr(client_cls, snake)) or ""
    m = re.search(r":type request: :class:`[\w.]+\.(\w+)`", doc)
    if not m:
        raise SystemExit(f"{snake}: no request class in the docstring")
    request_name = m.group(1)
    request_cls = getattr(model_mod, request_name)
    request = request_cls()
    for attr in request_cls.attribute_map:
        setattr(request, attr, Marker(attr))
    info = builder(request)
    response_type = info["response_type"]
    camel = request_name[: -len("Request")] if request_name.endswith("Request") else request_name
    if response_type != camel + "Response":
        raise SystemExit(f"{snake}: request {request_name} / response {response_type} do not pair")

    required = init_required(request_cls)
    types = request_cls.openapi_types
    location: dict[str, tuple[str, str]] = {}  # attr -> (in, wire)
    for wire, value in info["path_params"].items():
        location[marker_attr(value)] = ("path", wire)
    for wire, value in info["query_params"]:
        location[marker_attr(value)] = ("query", wire)
    for wire, value in info["header_params"].items():
        attr = marker_attr(value)
        if attr is not None:
            location[attr] = ("header", wire)
    for wire, value in (info.get("post_params") or {}).items():
        location[marker_attr(value)] = ("form", wire)
    body_attr = marker_attr(info["body"])
    if None in location:
        raise SystemExit(f"{snake}: a parameter value did not come from the request")
    collection_formats = info.get("collection_formats") or {}

    params = {"path": [], "query": [], "header": [], "form": []}
    unplaced = []
    for attr in request_cls.openapi_types:
        if attr == body_attr:
            continue
        if attr not in location:
            unplaced.append(attr)
            continue
        where, wire = location[attr]
        if request_cls.attribute_map[attr] != wire:
            raise SystemExit(f"{snake}.{attr}: wire {wire} differs from attribute_map")
        params[where].append(
            {
                "attr": attr,
                "wire": wire,
                "type": types[attr],
                "required": required[attr],
                "collection_format": collection_formats.get(wire, collection_formats.get(attr)),
            }
        )
    filled = {p["wire"] for p in params["path"]}
    credential_path_params = [p for p in PLACEHOLDER.findall(info["resource_path"]) if p not in filled]

    fixed_headers = {
        k: v for k, v in sorted(info["header_params"].items()) if marker_attr(v) is None and isinstance(v, str)
    }
    body = None
    if body_attr is not None:
        body = {
            "attr": body_attr,
            "type": types[body_attr],
            "model": parse_type(types[body_attr]).get("name"),
            "required": required[body_attr],
        }
    response_cls = getattr(model_mod, response_type)
    response_fields = [f for f in response_cls.openapi_types]
    facts = {
        "snake": snake,
        "summary": first_doc_line(getattr(client_cls, snake)),
        "method": info["method"],
        "path": info["resource_path"],
        "cname": info.get("cname"),
        "fixed_headers": fixed_headers,
        "request_model": request_name,
        "path_params": params["path"],
        "credential_path_params": credential_path_params,
        "query_params": params["query"],
        "header_params": params["header"],
        "form_params": params["form"],
        "unplaced_request_attrs": unplaced,
        "body": body,
        "response_model": response_type,
        "response_fields_count": len(response_fields),
        "response_headers": list(info.get("response_headers") or []),
    }
    return camel, facts


def package_facts(key: str, allow_any_version: bool) -> dict:
    spec = PACKAGES[key]
    version = importlib.metadata.version(spec["dist"])
    core_version = importlib.metadata.version("huaweicloudsdkcore")
    if version != PINNED_VERSION and not allow_any_version:
        raise SystemExit(
            f"{spec['dist']} {version} is installed but the facts are pinned to {PINNED_VERSION}; "
            "install the pinned version or pass --any-version (and update PINNED_VERSION)"
        )
    module = importlib.import_module(spec["module"])
    model_mod = importlib.import_module(spec["module"] + ".model")
    client_cls = getattr(module, spec["client"])
    region_mod = importlib.import_module(f"{spec['module']}.region.{key}_region")
    region_cls = next(v for n, v in vars(region_mod).items() if n.endswith("Region") and hasattr(v, "static_fields"))
    regions = {rid: list(r.endpoints) for rid, r in sorted(region_cls.static_fields.items())}

    operations = {}
    for name in sorted(vars(client_cls)):
        m = re.fullmatch(r"_(\w+)_http_info", name)
        if not m:
            continue
        camel, facts = operation_facts(client_cls, model_mod, m.group(1))
        if camel in operations:
            raise SystemExit(f"duplicate operation {camel}")
        operations[camel] = facts

    request_models = {op["request_model"] for op in operations.values()}
    response_models = {op["response_model"] for op in operations.values()}
    models = {}
    for name, cls in sorted(vars(model_mod).items()):
        if not (inspect.isclass(cls) and hasattr(cls, "openapi_types") and hasattr(cls, "attribute_map")):
            continue
        if cls.__module__.rsplit(".", 1)[0] != model_mod.__name__:
            continue
        facts = model_facts(cls)
        facts["role"] = "request" if name in request_models else "response" if name in response_models else "model"
        models[name] = facts

    # Every model an operation reaches (body, response, nested types) must be known.
    for op_name, op in operations.items():
        for ref in [op["request_model"], op["response_model"]] + ([op["body"]["model"]] if op["body"] else []):
            if ref not in models:
                raise SystemExit(f"{op_name}: model {ref} not found")
    for model_name, model in models.items():
        for f in model["fields"]:
            t = parse_type(f["type"])
            while t["kind"] in ("list", "map"):
                t = t.get("item") or t.get("value")
            if t["kind"] == "model" and t["name"] not in models:
                raise SystemExit(f"{model_name}.{f['wire']}: model {t['name']} not found")

    return {
        "format_version": FORMAT_VERSION,
        "extracted_by": "tools/facts/extract_facts.py",
        "package": {
            "name": spec["dist"],
            "version": version,
            "core_version": core_version,
            "module": spec["module"],
            "client": spec["client"],
            "credentials": "GlobalCredentials" if "GlobalCredentials" in inspect.getsource(client_cls.new_builder) else "BasicCredentials",
            "regions": regions,
        },
        "rules": {
            "required": "model fields: unconditional assignment in the generated __init__ => required",
            "location": "request attributes are placed by calling the SDK's request builder with marker values",
            "credential_path_params": "path placeholders no request attribute fills (filled by the core from credentials)",
        },
        "counts": {
            "operations": len(operations),
            "models": len(models),
            "models_by_role": {
                role: sum(1 for m in models.values() if m["role"] == role) for role in ("model", "request", "response")
            },
            "fields": sum(len(m["fields"]) for m in models.values()),
        },
        "operations": operations,
        "models": models,
    }


def render(facts: dict) -> str:
    return json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=root / "tests" / "data" / "official-facts")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    ap.add_argument("--only", choices=sorted(PACKAGES), action="append")
    ap.add_argument("--any-version", action="store_true", help=f"accept a version other than {PINNED_VERSION}")
    args = ap.parse_args()

    stale = []
    for key in args.only or sorted(PACKAGES):
        facts = package_facts(key, args.any_version)
        text = render(facts)
        path = args.out / f"{key}.json"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        c = facts["counts"]
        print(
            f"{key}: {facts['package']['name']} {facts['package']['version']}: {c['operations']} operations, "
            f"{c['models']} models {c['models_by_role']}, {c['fields']} fields -> {path}"
        )
        if old == text:
            continue
        if args.check:
            stale.append(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
