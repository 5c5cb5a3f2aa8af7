"""The API's documentation page, rendered on the server from the OpenAPI document.

Built once here, so both apps serve the same HTML at /api/v1/docs inside their own base
template. No script and no inline style: Swagger UI and ReDoc both need one or the other,
which the Content-Security-Policy forbids. Every text taken from the document is escaped.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from typing import Any

from shared_model.api.openapi import OPENAPI_DOCUMENT
from shared_model.model.schema import FEATURE_NAMES
from shared_model.pages.csv_io import SAMPLE_FLOWERS

DOCS_PATH = "/api/v1/docs"
OPENAPI_PATH = "/api/v1/openapi.json"
SCHEMA_PREFIX = "#/components/schemas/"
# Schema keywords shown as a property's constraints, with the words a reader expects.
CONSTRAINTS = {
    "minimum": "at least",
    "maximum": "at most",
    "minItems": "at least {} items",
    "maxItems": "at most {} items",
    "format": "format",
}
# Where an operation's parameter goes, in the words of the page.
PARAMETER_PLACES = {
    "path": "Path parameter",
    "query": "Query parameter",
    "header": "Header",
    "cookie": "Cookie",
}


def _text(text: str) -> str:
    """Escaped text, with the document's `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _schema_link(ref: str) -> str:
    name = ref.removeprefix(SCHEMA_PREFIX)
    return f'<a href="#schema-{escape(name)}">{escape(name)}</a>'


def _type(schema: dict[str, Any]) -> str:
    """A schema in a few words: `number`, `array of Prediction`, `one of A or B`."""
    if "$ref" in schema:
        return _schema_link(schema["$ref"])
    if "oneOf" in schema:
        return "one of " + " or ".join(_type(option) for option in schema["oneOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        values = ", ".join(f"<code>{escape(str(value))}</code>" for value in schema["enum"])
        return f"{escape(kind)}: {values}"
    return escape(kind)


def _constraints(schema: dict[str, Any]) -> str:
    words = []
    for key, label in CONSTRAINTS.items():
        if key in schema:
            value = escape(str(schema[key]))
            words.append(label.format(value) if "{}" in label else f"{label} {value}")
    return ", ".join(words)


def _properties(schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{_type(prop)}</td>"
        f"<td>{'yes' if name in required else 'no'}</td><td>{_constraints(prop)}</td>"
        f"<td>{_text(prop.get('description', ''))}</td></tr>"
        for name, prop in schema.get("properties", {}).items()
    )
    return (
        '<table class="list"><thead><tr><th scope="col">Field</th><th scope="col">Type</th>'
        '<th scope="col">Required</th><th scope="col">Limits</th>'
        f'<th scope="col">Description</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _schema(name: str, schema: dict[str, Any]) -> str:
    parts = [f'<section class="card" id="schema-{escape(name)}"><h3>{escape(name)}</h3>']
    if "properties" in schema:
        parts.append(_properties(schema))
    else:
        parts.append(f"<p>{_type(schema)}</p>")
        for option in schema.get("oneOf", ()):
            if "properties" in option:
                parts.append(_properties(option))
    parts.append("</section>")
    return "".join(parts)


def _responses(responses: dict[str, Any]) -> str:
    rows = []
    for status, response in responses.items():
        content = response.get("content", {}).get("application/json", {})
        body = _type(content["schema"]) if "schema" in content else "—"
        example = content.get("example")
        shown = f'<pre class="code">{escape(json.dumps(example))}</pre>' if example else ""
        rows.append(
            f"<tr><td>{escape(status)}</td><td>{body}</td>"
            f"<td>{_text(response.get('description', ''))}{shown}</td></tr>"
        )
    return (
        '<table class="list"><thead><tr><th scope="col">Status</th><th scope="col">Body</th>'
        f'<th scope="col">Meaning</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _operation(
    base: str, path: str, method: str, operation: dict[str, Any], default_security: list
) -> str:
    anchor = f"op-{escape(operation['operationId'])}"
    needs_token = operation.get("security", default_security) != []
    parts = [
        f'<section class="card" id="{anchor}">',
        f'<h3><span class="method">{escape(method.upper())}</span> '
        f"<code>{escape(base + path)}</code></h3>",
        f"<p>{_text(operation.get('summary', ''))}</p>",
        f"<p>Authentication: {'a bearer token' if needs_token else 'none'}.</p>",
    ]
    for parameter in operation.get("parameters", ()):
        parts.append(
            f"<p>{PARAMETER_PLACES[parameter['in']]} <code>{escape(parameter['name'])}</code>: "
            f"{_type(parameter.get('schema', {}))}. {_text(parameter.get('description', ''))}</p>"
        )
    if "requestBody" in operation:
        content = operation["requestBody"]["content"]["application/json"]
        parts.append(f"<p>Body (<code>application/json</code>): {_type(content['schema'])}.</p>")
    parts.append(_responses(operation["responses"]))
    parts.append("</section>")
    return "".join(parts)


def _example(base: str) -> str:
    features = dict(zip(FEATURE_NAMES, SAMPLE_FLOWERS[0], strict=True))
    body = json.dumps({"features": features})
    return (
        "<p>With <code>BASE</code> the site's address, such as "
        "<code>http://127.0.0.1:8000</code>, and a token in <code>TOKEN</code>:</p>"
        '<pre class="code">curl -s "$BASE' + escape(base) + '/predict" \\\n'
        '     -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\\n'
        f"     -d '{escape(body)}'</pre>"
    )


@cache
def api_docs_html() -> str:
    """The page's content (what goes inside `<main>`), the same bytes in both apps."""
    return render_api_docs(OPENAPI_DOCUMENT)


def render_api_docs(document: dict[str, Any]) -> str:
    """HTML for an OpenAPI 3.1 document of the shape shared_model.api.openapi builds."""
    info = document["info"]
    base = document["servers"][0]["url"]
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    contents = "".join(
        f'<li><a href="#op-{escape(op["operationId"])}"><span class="method">'
        f"{escape(method.upper())}</span> <code>{escape(base + path)}</code></a> "
        f"{_text(op.get('summary', ''))}</li>"
        for path, method, op in operations
    )
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    schemas = document["components"]["schemas"]
    return "".join(
        [
            f"<h1>{escape(info['title'])} <small>{escape(info['version'])}</small></h1>",
            f'<p class="lead">{_text(info.get("description", ""))}</p>',
            '<section class="card"><h2>Using it</h2>',
            f"<p>Every path starts with <code>{escape(base)}</code>. Requests that need "
            "authentication send <code>Authorization: Bearer &lt;token&gt;</code>. "
            f"{_text(scheme.get('description', ''))} Errors are JSON with "
            "<code>error</code>, <code>message</code> and <code>details</code>.</p>",
            _example(base),
            f'<p>The machine-readable document: <a href="{OPENAPI_PATH}">'
            f"<code>{OPENAPI_PATH}</code></a> (OpenAPI {escape(document['openapi'])}).</p>",
            "</section>",
            '<h2 id="operations">Operations</h2>',
            f'<ul class="api-contents">{contents}</ul>',
            *(
                _operation(base, path, method, op, document.get("security", []))
                for path, method, op in operations
            ),
            '<h2 id="schemas">Schemas</h2>',
            *(_schema(name, schema) for name, schema in schemas.items()),
        ]
    )
