"""``fla contract``: read the contract: operations, their fields and the rules that apply."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any

HELP = "show the contract: operations, fields, rules and where they come from"


def register(sub: Any) -> None:
    parser = sub.add_parser("contract", help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("operations", help="list the operations")
    show = actions.add_parser("show", help="an operation's request line, fields and rules")
    show.add_argument("operation", help="an operationId, e.g. putTrainings")
    rules = actions.add_parser("rules", help="the rule catalogue")
    rules.add_argument("--lang", choices=("nl", "fr", "de", "en"), default="en")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    actions.add_parser("path", help="where the contract files are")
    for action in (show, rules):
        action.add_argument("--contract", metavar="DIR", help="another contract folder")


def run(args: argparse.Namespace) -> int:
    from fla_conformance.contract import load_contract

    contract = load_contract(getattr(args, "contract", None))
    out = sys.stdout
    if args.action == "path":
        out.write(contract.source + "\n")
    elif args.action == "operations":
        for op in contract:
            out.write(f"{op.operation_id:28} {op.method.upper():4} {op.path}\n")
    elif args.action == "rules":
        _rules(contract, args.lang, args.format, out)
    else:
        out.write("\n".join(describe_operation(contract, args.operation)) + "\n")
    return 0


def _rules(contract: Any, lang: str, fmt: str, out: Any) -> None:
    if fmt == "json":
        rows = [
            {
                "errorId": r.id,
                "name": r.name,
                "anomalyClass": r.anomaly_class,
                "kind": r.kind,
                "tagName": r.tag_name,
                "operations": list(r.operations),
                "manual": r.manual,
                "description": r.description,
                "label": dict(r.labels),
            }
            for r in contract.rules.values()
        ]
        out.write(json.dumps({"version": contract.version, "rules": rows}, indent=2) + "\n")
        return
    for rule in contract.rules.values():
        out.write(f"{rule.id:10} {rule.anomaly_class} {rule.kind:9} {rule.labels.get(lang, '')}\n")
        out.write(f"{'':10}   {rule.description}  [manual {rule.manual}]\n")


def describe_operation(contract: Any, operation_id: str) -> list[str]:
    """Readable lines about one operation: request line, parameters, body fields, rules."""
    op = contract.operation(operation_id)
    lines = [f"{op.operation_id}: {op.method.upper()} {op.path}", f"  {op.summary}"]
    if op.manual:
        lines.append(f"  manual {op.manual}")
    lines += ["", "Parameters:"]
    for p in op.parameters:
        need = "required" if p.required else "optional"
        lines.append(f"  {p.location:5} {p.name:28} {need:8} {_type_text(p.schema)}")
    if op.request_schema is not None:
        lines += ["", "Body fields (* required, ro = read-only, refused in a PUT):"]
        lines += list(_fields(op.request_schema, ""))
    lines += ["", "Answers: " + ", ".join(sorted(op.responses))]
    lines += ["", "Rules:"]
    for rule in contract.rules_for(op.operation_id):
        lines.append(f"  {rule.id:10} {rule.anomaly_class} {rule.description}")
    return lines


def _fields(schema: Mapping[str, Any], prefix: str) -> Iterator[str]:
    props = schema.get("properties") or {}
    needed = set(schema.get("required") or ())
    alternatives = schema.get("x-fla-alternatives")
    if alternatives:
        yield f"  ! {prefix or '(body)'}: exactly one of {' and '.join(alternatives)}"
    for name, sub in props.items():
        path = f"{prefix}.{name}" if prefix else name
        mark = "*" if name in needed else " "
        ro = " ro" if sub.get("readOnly") else ""
        yield f"  {mark} {path:58} {_type_text(sub)}{ro}"
        if sub.get("type") == "object":
            yield from _fields(sub, path)
        elif sub.get("type") == "array" and (sub.get("items") or {}).get("type") in (
            "object",
            None,
        ):
            yield from _fields(sub.get("items") or {}, path + "[]")


def _type_text(schema: Mapping[str, Any]) -> str:
    kind = str(schema.get("type", "object" if "properties" in schema else "any"))
    bits = [kind]
    if "format" in schema:
        bits.append(schema["format"])
    if "enum" in schema:
        bits.append("{" + ",".join(str(v) for v in schema["enum"]) + "}")
    if "minimum" in schema or "maximum" in schema:
        bits.append(f"{schema.get('minimum', '')}..{schema.get('maximum', '')}")
    if "multipleOf" in schema:
        bits.append(f"step {schema['multipleOf']}")
    if "minLength" in schema or "maxLength" in schema:
        bits.append(f"len {schema.get('minLength', 0)}..{schema.get('maxLength', '')}")
    if "minItems" in schema or "maxItems" in schema:
        bits.append(f"items {schema.get('minItems', 0)}..{schema.get('maxItems', '')}")
    if "pattern" in schema:
        bits.append(f"/{schema['pattern']}/")
    return " ".join(bits)
