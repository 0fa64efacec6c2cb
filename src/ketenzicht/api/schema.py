"""Bring the generated OpenAPI document in line with the Dutch API Design Rules.

drf-spectacular documents the happy path; this hook adds what the rules require of every
operation: the API-Version header on success, and problem+json error responses. It also closes
request bodies to fields they do not name, as the API refuses those.
"""
from ketenzicht.lib import paging

PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalid_params": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"type": "string"}, "reason": {"type": "string"}}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}
VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
PAGING_HEADERS = {name: {"$ref": f"#/components/headers/{name}"} for name in paging.ARRAY_HEADERS}
ERRORS = {
    "400": "Ongeldige invoer",
    "401": "Niet ingelogd",
    "403": "Geen toegang",
    "404": "Niet gevonden",
    "429": "Te veel verzoeken",
    "500": "Serverfout",
}


def add_adr_conventions(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["headers"] = {
        "API-Version": {"description": "De volledige versie van de API", "schema": {"type": "string", "example": "1.0.0"}},
        **paging.ARRAY_HEADERS,
    }
    problem_ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for body in operation.get("requestBody", {}).get("content", {}).values():
                _closed(body["schema"], components["schemas"])
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {}).update(VERSION_HEADER)
                elif code.startswith(("4", "5")):
                    response["content"] = problem_ref
            if _is_array_page(operation):
                responses["200"]["headers"].update(PAGING_HEADERS)
            for code, title in ERRORS.items():
                responses.setdefault(code, {"description": title, "content": problem_ref})
            if any(p.get("in") == "header" and p.get("name") == "If-Match" for p in operation.get("parameters", ())):
                responses.setdefault("412", {"description": "If-Match komt niet overeen", "content": problem_ref})
                responses.setdefault("428", {"description": "If-Match ontbreekt", "content": problem_ref})
    return result


def _is_array_page(operation):
    """A list answered as an array, one page of it (lib.paging.as_array): its total and
    neighbouring pages are in headers, so the document names them."""
    paged = any(p.get("in") == "query" and p.get("name") == "size" for p in operation.get("parameters", ()))
    body = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    return paged and body.get("schema", {}).get("type") == "array"


def _closed(schema, schemas):
    """Request bodies name every field: `bind` refuses any other (400), so the document says so."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "object":
        schema["additionalProperties"] = False
        for field in schema.get("properties", {}).values():
            _closed(field, schemas)
    elif schema.get("type") == "array":
        _closed(schema.get("items", {}), schemas)
