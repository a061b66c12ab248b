"""The OpenAPI 3.1 document of the API, generated from what serves it.

Nothing here restates a page type. `build_document(router, ...)` asks the router's viewsets
for the serializers Wagtail builds from each model's `api_fields`, and describes each
serializer field from, in this order:

1. an `openapi_schema` the field class declares (a dict, or a method of the field);
2. the return annotation of the field's `to_representation` (a TypedDict, `list[...]`,
   `X | None`, `Annotated[T, "description"]`…: Wagtail annotates `ImageRenditionField` so);
3. Wagtail's and DRF's own fields (`FIELD_SCHEMAS`, `drf_field_schema`), whose nullability,
   bounds and `help_text` come from the model field; a property's return annotation for a
   `ReadOnlyField`.

A field's description is its model field's `help_text`, else its field class's docstring,
so a text is written once, next to what it describes. Query parameters are the viewsets'
`known_query_parameters`, described by `PARAMETER_DESCRIPTIONS` (Wagtail's) or by the filter
backend whose `query_parameters` maps them to a description (the apps'); limits come from
WAGTAILAPI_LIMIT_MAX, `MAX_PARAMETER_LENGTH` and `MAX_INTEGER`. The base layer imports
no app: the project (`cms/api.py`) passes its router and the apps' own path items in.
"""

import datetime
import inspect
import re
import types
from functools import cached_property

import typing_extensions as typing
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from rest_framework import fields as drf
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2 import serializers as wagtail_fields
from wagtail.images.models import AbstractImage
from wagtail.models import Page, get_page_models

from core.paths import MAX_INTEGER
from core.search_limits import MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS, WORD_CHARACTER

from .viewsets import MAX_PARAMETER_LENGTH

JSON = "application/json"
ID = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
PAGE_REF = {"anyOf": [ID, {"type": "string", "enum": ["root"]}]}
URL = {"type": ["string", "null"], "description": "Absolute or site-relative URL."}
TEXT = {"type": "string", "maxLength": MAX_PARAMETER_LENGTH, "pattern": "^[^\\x00]*$"}
# Wagtail's output formats (APIRichText): any other value is a 400.
RICH_TEXT_FORMATS = {
    "type": "string",
    "enum": [
        APIRichText.FORMAT_DB_HTML,
        APIRichText.FORMAT_HTML,
        APIRichText.FORMAT_DB_MARKDOWN,
        APIRichText.FORMAT_MARKDOWN,
    ],
}
# core.search_limits: 1 to MAX_SEARCH_TERMS words, MAX_SEARCH_LENGTH characters, no NUL.
_WORD = f"{WORD_CHARACTER}+"
_GAP = "[\\x01-/:-@\\[-^`{-\\xa0]+"  # search_limits.SEPARATORS without NUL
SEARCH = {
    "type": "string",
    "maxLength": MAX_SEARCH_LENGTH,
    "pattern": f"^(?:{_GAP})?(?:{_WORD}{_GAP}){{0,{MAX_SEARCH_TERMS - 1}}}{_WORD}(?:{_GAP})?$",
}
ERROR = {
    "title": "Error",
    "type": "object",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}

# Wagtail's own serializer fields (no annotations to read): what they output.
FIELD_SCHEMAS = {
    wagtail_fields.TypeField: {"type": "string", "examples": ["blog.ConditionArticlePage"]},
    wagtail_fields.PageTypeField: {"type": ["string", "null"]},
    wagtail_fields.DetailUrlField: {"type": "string"},
    wagtail_fields.PageHtmlUrlField: URL,
    wagtail_fields.PageLocaleField: {"type": "string"},
    wagtail_fields.PageParentField: {"type": ["object", "null"]},
    wagtail_fields.PageAliasOfField: {"type": ["object", "null"]},
    wagtail_fields.TagsField: {"type": "array", "items": {"type": "string"}},
}

# Wagtail's query parameters: what they mean (the viewsets say which ones an endpoint takes).
PARAMETER_DESCRIPTIONS = {
    "type": "Page type; required for type-specific fields, filters and ordering.",
    "fields": "Comma-separated fields to add (`*` for all, `-name` to remove, `image(*)` for "
    "nested).",
    "limit": "Items per page (at most WAGTAILAPI_LIMIT_MAX).",
    "offset": "Items to skip.",
    "order": "Ordering field, `-` for descending, or `random`; a page type's own fields need "
    "`type`.",
    "search": f"Full-text search: 1 to {MAX_SEARCH_TERMS} words, at most {MAX_SEARCH_LENGTH} "
    "characters (a longer query is a 400; only the words count, punctuation is ignored).",
    "search_operator": "How search terms combine.",
    "child_of": "Only direct children of this page id (or `root`).",
    "descendant_of": "Only descendants of this page id (or `root`).",
    "ancestor_of": "Only ancestors of this page id.",
    "translation_of": "Only translations of this page id (or `root`).",
    "locale": "Only pages in this locale (language code).",
    "rich_text_format": "Output format of rich text fields.",
    "html_path": "The page's path on the site, e.g. /articles/neck-pain/.",
    "id": "An object id.",
}
# Accepted by Wagtail for jQuery cache-busting and DRF's browsable API (which answers HTML,
# not JSON): not part of the JSON API a frontend uses.
UNDOCUMENTED_PARAMETERS = {"_", "format"}


def nullable(schema):
    """`schema` or null (unchanged when it already allows null)."""
    kind = schema.get("type")
    options = schema.get("anyOf", [])
    if schema == {} or kind == "null" or {"type": "null"} in options:
        return schema
    if isinstance(kind, list):
        return schema if "null" in kind else {**schema, "type": [*kind, "null"]}
    if isinstance(kind, str) and "title" not in schema:
        return {**schema, "type": [kind, "null"]}
    if options and "title" not in schema:
        return {**schema, "anyOf": [*options, {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def type_schema(annotation):
    """JSON Schema of a Python type annotation; a TypedDict becomes a named component."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.NotRequired, typing.Required):  # a TypedDict key's; see `required`
        return type_schema(args[0])
    if origin is typing.Annotated:
        schema = dict(type_schema(args[0]))
        for extra in args[1:]:
            schema.update({"description": extra} if isinstance(extra, str) else extra)
        return schema
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        schema = (
            type_schema(options[0])
            if len(options) == 1
            else {"anyOf": [type_schema(option) for option in options]}
        )
        return nullable(schema) if len(options) < len(args) else schema
    if origin is typing.Literal:
        kinds = {type(arg) for arg in args}
        named = type_schema(kinds.pop()) if len(kinds) == 1 else {}
        return {**({"type": named["type"]} if "type" in named else {}), "enum": list(args)}
    if origin is list:
        return {"type": "array", "items": type_schema(args[0]) if args else {}}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1])}
    if typing.is_typeddict(annotation):
        hints = typing.get_type_hints(annotation, include_extras=True)
        schema = {
            "title": annotation.__name__.removesuffix("Dict"),
            "type": "object",
            "properties": {key: type_schema(hint) for key, hint in hints.items()},
            "required": [key for key in hints if key in annotation.__required_keys__],
        }
        if annotation.__doc__:
            schema["description"] = inspect.cleandoc(annotation.__doc__)
        return schema
    simple = {
        str: {"type": "string"},
        int: {"type": "integer"},
        float: {"type": "number"},
        bool: {"type": "boolean"},
        datetime.date: {"type": "string", "format": "date"},
        datetime.datetime: {"type": "string", "format": "date-time"},
        type(None): {"type": "null"},
    }
    return dict(simple.get(annotation, {}))


def returned_schema(function):
    """Schema of what `function` returns, from its return annotation ({} if none)."""
    if isinstance(function, (cached_property, property)):
        function = function.func if isinstance(function, cached_property) else function.fget
    if function is None:
        return {}
    try:
        annotation = typing.get_type_hints(function, include_extras=True).get("return")
    except (NameError, TypeError):
        return {}
    return type_schema(annotation) if annotation is not None else {}


def model_field(model, source):
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def drf_field_schema(field, model):
    """DRF's fields as ModelSerializer builds them from model fields (bounds and nullability
    from the model field), a property's return annotation, or a related object."""
    if isinstance(field, wagtail_fields.RelatedField):
        related = model_field(model, field.source).related_model
        name = "ImageReference" if issubclass(related, AbstractImage) else "Reference"
        meta = {"type": "object", "properties": {"type": {"type": "string"}}}
        return {
            "title": name,
            "type": "object",
            "properties": {"id": {"type": "integer"}, "meta": meta},
            "required": ["id"],
        }
    if isinstance(field, drf.ReadOnlyField):
        return returned_schema(getattr(model, field.source, None))
    if isinstance(field, drf.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, drf.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, drf.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, drf.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
    elif isinstance(field, (drf.FloatField, drf.DecimalField)):
        schema = {"type": "number"}
    elif isinstance(field, drf.CharField):
        schema = {"type": "string"}
    else:
        return {}
    return nullable(schema) if getattr(field, "allow_null", False) else schema


def field_schema(field, model):
    """The schema of one serializer field of `model`, with its description."""
    declared = getattr(field, "openapi_schema", None)
    if callable(declared):
        schema = declared()
    elif declared is not None:
        schema = declared
    elif type(field) in FIELD_SCHEMAS:
        schema = FIELD_SCHEMAS[type(field)]
    elif type(field).__module__.startswith(("rest_framework.", "wagtail.api.")):
        schema = drf_field_schema(field, model)
    else:
        schema = returned_schema(type(field).to_representation)
    schema = dict(schema)
    source = model_field(model, field.source) if field.source != "*" else None
    if source is not None and source.concrete and source.null:
        schema = nullable(schema)  # DRF outputs null, not the field, for a missing value
    description = describe(field, source)
    if description and "title" in schema:
        # The shape is shared (a component); the description is this field's own.
        schema = {"allOf": [schema]}
    if description and "description" not in schema:
        schema["description"] = description
    return schema


def describe(field, source):
    """A model field's help_text, else a custom field class's docstring (first paragraph)."""
    if source is not None and getattr(source, "help_text", ""):
        return str(source.help_text)
    if type(field).__module__.startswith(("rest_framework.", "wagtail.")):
        return ""
    doc = inspect.getdoc(type(field)) or ""
    return doc.split("\n\n")[0].replace("\n", " ")


class DocumentBuilder:
    """Builds the document for one `WagtailAPIRouter` mounted at `prefix`."""

    def __init__(self, router, prefix, page_models=None):
        self.router = router
        self.prefix = prefix
        self.page_models = page_models

    def serializer_fields(self, viewset, model):
        """The fields Wagtail's serializer has for `model` with `?fields=*` on the detail
        view: body fields then meta fields, as (name, field, is_meta)."""
        serializer_class = viewset._get_serializer_class(
            self.router, model, [("*", False, None)], show_details=True
        )
        serializer = serializer_class()
        meta = set(serializer_class.meta_fields)
        return [(name, field, name in meta) for name, field in serializer.fields.items()]

    def object_schema(self, viewset, model, title):
        body, meta = {}, {}
        for name, field, is_meta in self.serializer_fields(viewset, model):
            schema = field_schema(field, model)
            if name in viewset.detail_only_fields:
                schema["description"] = " ".join(
                    ["Detail view only.", schema.get("description", "")]
                ).strip()
            (meta if is_meta else body)[name] = schema
        body["meta"] = {"title": f"{title}Meta", "type": "object", "properties": meta}
        # No `required`: every field, `id` included, can be left out with `fields` (`fields=_`
        # gives `{}` items, as Wagtail does).
        return {"title": title, "type": "object", "properties": body}

    @cached_property
    def pages(self):
        return self.router.get_model_endpoint(Page)

    def served_page_models(self):
        models_ = self.page_models or get_page_models()
        return [model for model in models_ if issubclass(model, self.pages[1].model)]

    @cached_property
    def page_type_schemas(self):
        """{"app.Model": schema} for every page type the pages endpoint serves."""
        viewset = self.pages[1]
        schemas = {}
        for model in self.served_page_models():
            name = f"{model._meta.app_label}.{model.__name__}"
            title = "Page" if model is Page else name.replace(".", "_")
            schemas[name] = self.object_schema(viewset, model, title)
            # Every page type shares Page's meta fields unless it adds `api_meta_fields`.
            if not getattr(model, "api_meta_fields", ()):
                schemas[name]["properties"]["meta"]["title"] = "PageMeta"
        return schemas

    def orderable_fields(self, viewset, models_):
        """Fields Wagtail's OrderingFilter accepts that are plain columns (not relations)."""
        names = []
        for model in models_:
            for name in viewset.get_available_fields(model, db_fields_only=True):
                field = model_field(model, name)
                if field is not None and field.concrete and not field.is_relation:
                    names.append(name)
        return list(dict.fromkeys(names))

    def order_parameter(self, viewset, models_):
        """The values every request may use (the endpoint's own model's fields); a page
        type's own fields, which need `type`, are named in the description."""
        names = self.orderable_fields(viewset, [viewset.model])
        own = [name for name in self.orderable_fields(viewset, models_) if name not in names]
        description = PARAMETER_DESCRIPTIONS["order"]
        if own:
            description += f" Page types' own fields (with `type`): {', '.join(own)}."
        values = [*names, *(f"-{name}" for name in names), "random"]
        return self.parameter("order", {"type": "string", "enum": values}, description)

    def fields_parameter(self, viewset, model, detail):
        """`fields`: a pattern of the names the endpoint's own model has (the grammar of
        Wagtail's `parse_fields_parameter` without nesting); a page type's own fields with
        `type` and nested `name(…)` are in the description."""
        names = viewset.get_body_fields_names(model) + viewset.get_meta_fields_names(model)
        if not detail:
            names = [name for name in names if name not in viewset.detail_only_fields]
        names = sorted(set(names), key=lambda name: (-len(name), name))
        name = f"(?:{'|'.join(re.escape(n) for n in names)})"
        # `_` (none of the defaults) then names to add; `*` (all) then names to remove
        # (`-name`); else names to add or remove. Wagtail refuses the other mixes.
        grammar = f"_(?:,{name})*|\\*(?:,-{name})*|-?{name}(?:,-?{name})*"
        schema = {"type": "string", "pattern": f"^(?:{grammar})?$"}
        description = PARAMETER_DESCRIPTIONS["fields"]
        if model is Page:
            description += " A page type's own fields need `type` (or the detail view)."
        return self.parameter("fields", schema, description)

    def conflicts(self, viewset, model):
        """Parameter combinations the listing refuses with a 400, each valid alone (OpenAPI
        cannot say so in a parameter's schema): `name` means present, `name=value` that
        value. In the operation as `x-conflicting-parameters`."""
        known = viewset.known_query_parameters
        rules = []
        if {"child_of", "descendant_of"} <= known:
            rules.append(["child_of", "descendant_of"])
        rules.append(["order=random", "offset"])
        if "search" in known:
            # A search backend orders only by the fields indexed as FilterField.
            indexed = {field.field_name for field in model.get_filterable_search_fields()}
            rules.append(["order=random", "search"])
            for name in self.orderable_fields(viewset, [model]):
                if name not in indexed:
                    rules += [[f"order={name}", "search"], [f"order=-{name}", "search"]]
        return rules

    def parameter(self, name, schema=None, description=None, required=False):
        return {
            "name": name,
            "in": "query",
            "required": required,
            "description": description or PARAMETER_DESCRIPTIONS.get(name, ""),
            "schema": schema or TEXT,
        }

    def listing_parameters(self, viewset, models_):
        """One parameter per name the viewset knows, typed where the API checks the type."""
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", None)
        limit = {"type": "integer", "minimum": 0, "maximum": limit_max or MAX_INTEGER}
        known = {
            "limit": self.parameter(
                "limit",
                limit,
                f"Items per page (at most WAGTAILAPI_LIMIT_MAX = {limit_max}).",
            ),
            "offset": self.parameter("offset", {**ID, "minimum": 0}),
            "order": self.order_parameter(viewset, models_),
            "fields": self.fields_parameter(viewset, viewset.model, detail=False),
            "search": self.parameter("search", SEARCH),
            "search_operator": self.parameter(
                "search_operator", {"type": "string", "enum": ["and", "or"]}
            ),
            "type": self.parameter(
                "type",
                {
                    "type": "string",
                    "enum": [f"{m._meta.app_label}.{m.__name__}" for m in models_],
                },
            ),
            "child_of": self.parameter("child_of", PAGE_REF),
            "descendant_of": self.parameter("descendant_of", PAGE_REF),
            "translation_of": self.parameter("translation_of", PAGE_REF),
            "ancestor_of": self.parameter("ancestor_of", ID),
            "rich_text_format": self.parameter("rich_text_format", RICH_TEXT_FORMATS),
        }
        for backend in viewset.filter_backends:
            # A filter's `query_parameters` may map each name to its description.
            # A dict value gives both: {"description": …, "schema": …}.
            parameters = getattr(backend, "query_parameters", None)
            if isinstance(parameters, dict):
                for name, about in parameters.items():
                    if isinstance(about, dict):
                        known[name] = self.parameter(name, about["schema"], about["description"])
                    else:
                        known[name] = self.parameter(name, description=about)
        names = sorted(set(viewset.known_query_parameters) - UNDOCUMENTED_PARAMETERS)
        return [known.get(name) or self.parameter(name) for name in names]

    def response(self, description, schema, headers=None):
        result = {"description": description, "content": {JSON: {"schema": schema}}}
        if headers:
            result["headers"] = headers
        return result

    def errors(self):
        return {
            "400": self.response("Bad parameter", ERROR),
            "404": self.response("Not found", ERROR),
        }

    def page_schema(self):
        """Any page type the pages endpoint serves."""
        return {"title": "PageAnyType", "anyOf": list(self.page_type_schemas.values())}

    def endpoint_paths(self, name, viewset, item_schema, models_):
        """List, detail and find of a Wagtail endpoint, with its caching headers."""
        headers = {
            "ETag": {"schema": {"type": "string"}, "description": "Send back as If-None-Match."},
            "Cache-Control": {"schema": {"type": "string"}},
        }
        errors = {
            "304": {"description": "Not modified (If-None-Match matched the ETag)"},
            **self.errors(),
        }
        listing = listing_schema(item_schema)
        fields = self.fields_parameter(viewset, viewset.model, detail=True)
        base = f"{self.prefix}{name}/"
        find = [self.parameter(p) for p in sorted(viewset.find_query_parameters)]
        find = [{**p, "schema": ID} if p["name"] == "id" else p for p in find]
        return {
            base: {
                "get": {
                    "tags": [name],
                    "operationId": f"list_{name}",
                    "summary": f"List {name}",
                    "parameters": self.listing_parameters(viewset, models_),
                    "x-conflicting-parameters": self.conflicts(viewset, viewset.model),
                    "responses": {
                        "200": self.response("Listing", listing, headers),
                        **errors,
                    },
                }
            },
            f"{base}{{id}}/": {
                "get": {
                    "tags": [name],
                    "operationId": f"get_{name}",
                    "summary": f"One of the {name}",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": ID},
                        fields,
                    ],
                    "responses": {
                        "200": self.response("Detail", item_schema, headers),
                        **errors,
                    },
                }
            },
            f"{base}find/": {
                "get": {
                    "tags": [name],
                    "operationId": f"find_{name}",
                    "summary": f"Find one of the {name} (redirects to its detail URL)",
                    "parameters": find,
                    "responses": {
                        "302": {"description": f"Redirect to {base}<id>/"},
                        **self.errors(),
                    },
                }
            },
        }

    def paths(self):
        paths = {}
        for name, viewset in self.router._endpoints.items():  # no public accessor
            own = getattr(viewset, "openapi_paths", None)
            if own is not None:
                paths.update(own(self, f"{self.prefix}{name}/"))
            elif viewset is self.pages[1]:
                paths.update(
                    self.endpoint_paths(
                        name, viewset, self.page_schema(), self.served_page_models()
                    )
                )
            else:
                item = self.object_schema(viewset, viewset.model, viewset.model.__name__)
                paths.update(self.endpoint_paths(name, viewset, item, [viewset.model]))
        return paths


def listing_schema(item_schema, title=None):
    """Wagtail's listing envelope: `{"meta": {"total_count"}, "items": [item]}`."""
    schema = {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {"total_count": {"type": "integer", "minimum": 0}},
                "required": ["total_count"],
            },
            "items": {"type": "array", "items": item_schema},
        },
        "required": ["meta", "items"],
    }
    return {"title": title, **schema} if title else schema


def hoist_components(node, components):
    """Move every schema with a `title` into components/schemas and refer to it there, so
    a shape written once (e.g. a TypedDict) appears once however many fields use it."""
    if isinstance(node, list):
        return [hoist_components(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: hoist_components(value, components) for key, value in node.items()}
    title = node.get("title")
    if isinstance(title, str) and ("type" in node or "anyOf" in node):
        known = components.setdefault(title, node)
        if known != node:
            raise ValueError(f"two different schemas are both named {title}")
        return {"$ref": f"#/components/schemas/{title}"}
    return node


def build_document(router, prefix, path_items=None, info=None, page_models=None, webhooks=None):
    """The OpenAPI 3.1 document for `router` mounted at `prefix` (e.g. "/api/v2/").

    `path_items` adds paths served beside the router (the apps' own views); `webhooks`, the
    requests the API sends (OpenAPI 3.1's `webhooks`: name → path item); `page_models`
    (default: Wagtail's `get_page_models()`) is for tests."""
    builder = DocumentBuilder(router, prefix, page_models)
    paths = {**builder.paths(), **(path_items or {})}
    components = {}
    paths = hoist_components(paths, components)
    webhooks = hoist_components(webhooks or {}, components)
    return {
        "openapi": "3.1.0",
        "info": info or {"title": "API", "version": "2"},
        "paths": paths,
        **({"webhooks": webhooks} if webhooks else {}),
        "components": {"schemas": dict(sorted(components.items()))},
    }


def document_view(build):
    """A view serving `build()`'s document as JSON (built per request: it takes ~ms)."""

    @csrf_exempt  # read-only: another method is a 405 with `Allow`, not a CSRF 403
    @require_safe
    def openapi_schema(request):
        response = JsonResponse(build(), json_dumps_params={"indent": 2})
        response["Cache-Control"] = "public, max-age=300"
        return response

    return openapi_schema
