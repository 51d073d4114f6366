"""MkDocs hook: the OpenAPI document, taken from the app at build time, as
reference/openapi.json and rendered into reference/openapi.md (every operation, offline)."""

import json
import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "post", "patch", "put", "delete")


def _document() -> dict:
    sys.path.insert(0, str(ROOT))
    from api import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    response = app.test_client().get("/v1/openapi.json")
    if response.status_code != 200:
        raise RuntimeError(f"/v1/openapi.json answered {response.status_code}")
    return response.get_json()


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _schema_name(content: dict | None) -> str:
    schema = ((content or {}).get("application/json") or {}).get("schema") or {}
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref") or ""
    return ref.rsplit("/", 1)[-1]


def _render(document: dict) -> str:
    lines = [
        "# OpenAPI reference",
        "",
        f"Generated from the running code when the docs are built: {document['info']['title']} "
        f"{document['info']['version']}, OpenAPI {document['openapi']}.",
        "The same document is served at `/v1/openapi.json`, and Swagger UI at `/v1/docs`.",
        "Download it here: [openapi.json](openapi.json).",
        "",
    ]
    for path, operations in document["paths"].items():
        lines += [f"## `{path}`", ""]
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            summary = _cell(operation.get("summary") or operation.get("description") or "")
            lines += [f"**{method.upper()}** {summary}", ""]
            parameters = operation.get("parameters") or []
            body = _schema_name((operation.get("requestBody") or {}).get("content"))
            if parameters or body:
                lines += ["| input | in | description |", "|---|---|---|"]
                for parameter in parameters:
                    lines.append(f"| `{parameter['name']}` | {parameter['in']} | "
                                 f"{_cell(parameter.get('description', ''))} |")
                if body:
                    lines.append(f"| `{body}` | body | the JSON body |")
                lines.append("")
            answers = ", ".join(
                f"{status}" + (f" `{name}`" if (name := _schema_name(answer.get('content')))
                               else "")
                for status, answer in sorted(operation.get("responses", {}).items()))
            lines += [f"Answers: {answers}.", ""]
    lines += ["## Schemas", ""]
    for name, schema in document["components"]["schemas"].items():
        properties = schema.get("properties") or {}
        if not properties:
            continue
        required = set(schema.get("required") or [])
        lines += [f"### {name}", "", "| field | type | description |", "|---|---|---|"]
        for field, spec in properties.items():
            kind = spec.get("type") or spec.get("$ref", "").rsplit("/", 1)[-1] or "object"
            mark = " (required)" if field in required else ""
            lines.append(f"| `{field}`{mark} | {kind} | {_cell(spec.get('description', ''))} |")
        lines.append("")
    return "\n".join(lines)


def on_files(files, config):
    document = _document()
    files.append(File.generated(config, "reference/openapi.json",
                                content=json.dumps(document, indent=2)))
    files.append(File.generated(config, "reference/openapi.md", content=_render(document)))
    return files
