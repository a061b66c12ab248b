"""The OpenAPI 3 document served at /api/v2/schema/.

Hand-written from the viewsets and the models' `api_fields`; `tests/cms/test_api_schema.py`
checks that every api_field of every page type is described here, and runs schemathesis
against the running application with this document.
"""

from django.http import JsonResponse

MAX_ID = 2**31 - 1

NULLABLE_STRING = {"type": ["string", "null"]}
URL = {"type": ["string", "null"], "description": "Absolute or site-relative URL."}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name):
    return {"anyOf": [ref(name), {"type": "null"}]}


def array(schema):
    return {"type": "array", "items": schema}


def obj(properties, required=(), description=None):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


# Fields of each page type as the API returns them (with ?type=<type> or on the detail view).
PAGE_TYPE_FIELDS = {
    "blog.ConditionArticlePage": {
        "summary": {"type": "string"},
        "body": {"type": "string", "description": "Markdown source."},
        "body_html": {
            "type": "string",
            "description": "Sanitised HTML rendered from body when the page was saved; "
            "exactly what the site shows.",
        },
        "topics": array(ref("Topic")),
        "tags": array(ref("Tag")),
        "last_reviewed": {"type": ["string", "null"], "format": "date"},
        "next_review_due": {"type": ["string", "null"], "format": "date"},
        "reviewed_by": nullable("Person"),
        "author": nullable("Person"),
        "reading_time_minutes": {"type": "integer", "minimum": 0},
        "image": nullable("ImageReference"),
        "image_fill_1200x630": nullable("Rendition"),
        "image_width_800": nullable("Rendition"),
        "image_credit": {"type": "string"},
        "disclaimer": {
            "anyOf": [ref("PageLink"), {"type": "null"}],
            "description": "The article's disclaimer or the site default; null if not live "
            "and public. Includes `summary`.",
        },
        "call_to_action": nullable("CallToAction"),
        "related_articles": {
            **array(ref("PageLink")),
            "description": "Detail view only. Live, public articles of this site.",
        },
    },
    "blog.ArticleIndexPage": {
        "intro": {"type": "string"},
    },
    "home.HomePage": {
        "intro": {"type": "string"},
        "featured_articles": array(ref("PageLink")),
    },
    "home.DisclaimerPage": {
        "summary": {"type": "string"},
        "body": {"type": "string", "description": "Markdown source."},
        "body_html": {"type": "string"},
    },
    "home.ContactPage": {
        "practice": ref("Practice"),
        "intro": {"type": "string"},
        "thank_you_text": {"type": "string"},
        "form": ref("ContactForm"),
    },
}

PAGE_META = obj(
    {
        "type": {"type": "string", "examples": ["blog.ConditionArticlePage"]},
        "detail_url": {"type": "string"},
        "html_url": URL,
        "slug": {"type": "string"},
        "show_in_menus": {"type": "boolean"},
        "seo_title": {"type": "string"},
        "search_description": {"type": "string"},
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "alias_of": {"type": ["object", "null"]},
        "parent": {"type": ["object", "null"], "description": "Detail view only."},
        "locale": {"type": "string"},
    }
)


def page_schema(fields):
    return obj(
        {"id": {"type": "integer"}, "meta": ref("PageMeta"), "title": {"type": "string"}, **fields},
        required=["id"],
    )


COMPONENT_SCHEMAS = {
    "Error": obj({"message": {"type": "string"}}, required=["message"]),
    "FormErrors": obj(
        {
            "errors": {
                "type": "object",
                "additionalProperties": array({"type": "string"}),
                "description": "Messages per field name; `__all__` for the whole form.",
            }
        },
        required=["errors"],
    ),
    "PageMeta": PAGE_META,
    "PageLink": obj(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "url": URL,
            "html_url": URL,
            "summary": {"type": "string"},
        },
        required=["id", "title", "url"],
    ),
    "Person": obj(
        {
            "name": {"type": "string"},
            "credentials": {"type": "string"},
            "job_title": {"type": "string"},
            "profile_url": {"type": "string"},
        },
        required=["name"],
    ),
    "Topic": obj(
        {
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "synonyms": array({"type": "string"}),
        },
        required=["name", "slug", "synonyms"],
    ),
    "Tag": obj({"name": {"type": "string"}, "slug": {"type": "string"}}, required=["name"]),
    "Rendition": obj(
        {
            "url": {"type": "string"},
            "full_url": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "alt": {"type": "string"},
            "error": {"type": "string"},
        }
    ),
    "ImageReference": obj({"id": {"type": "integer"}, "meta": {"type": "object"}}, ["id"]),
    "CallToAction": obj(
        {"text": {"type": "string"}, "page": {"anyOf": [ref("PageLink"), {"type": "null"}]}},
        required=["text", "page"],
    ),
    "Practice": obj(
        {
            "name": {"type": "string"},
            "address_lines": array({"type": "string"}),
            "phone": {"type": "string"},
            "email": {"type": "string"},
            "opening_hours_lines": array({"type": "string"}),
        }
    ),
    "ContactFormFieldDefinition": obj(
        {
            "name": {"type": "string", "description": "The key to send in the JSON body."},
            "clean_name": {"type": "string"},
            "type": {
                "type": "string",
                "examples": ["singleline", "multiline", "email", "dropdown", "checkbox"],
            },
            "label": {"type": "string"},
            "required": {"type": "boolean"},
            "choices": array({"type": "string"}),
            "help_text": {"type": "string"},
            "default": {"type": "string"},
            "max_length": {"type": ["integer", "null"]},
        },
        required=["name", "type", "label", "required"],
    ),
    "ContactForm": obj(
        {
            "submit_url": {"type": "string"},
            "honeypot_field": {
                "type": "string",
                "description": "Render this field hidden from people and leave it empty.",
            },
            "fields": array(ref("ContactFormFieldDefinition")),
        },
        required=["submit_url", "honeypot_field", "fields"],
    ),
    "Page": page_schema({}),
    "PageListing": obj(
        {
            "meta": obj({"total_count": {"type": "integer", "minimum": 0}}, ["total_count"]),
            "items": array(ref("PageAnyType")),
        },
        required=["meta", "items"],
    ),
    "Image": obj(
        {
            "id": {"type": "integer"},
            "meta": {"type": "object"},
            "title": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
        },
        required=["id"],
    ),
    "Document": obj(
        {"id": {"type": "integer"}, "meta": {"type": "object"}, "title": {"type": "string"}},
        required=["id"],
    ),
    "ImageListing": obj(
        {"meta": {"type": "object"}, "items": array(ref("Image"))}, ["meta", "items"]
    ),
    "DocumentListing": obj(
        {"meta": {"type": "object"}, "items": array(ref("Document"))}, ["meta", "items"]
    ),
}
for _type, _fields in PAGE_TYPE_FIELDS.items():
    COMPONENT_SCHEMAS[_type.replace(".", "_")] = page_schema(_fields)
COMPONENT_SCHEMAS["PageAnyType"] = {
    "anyOf": [ref(t.replace(".", "_")) for t in PAGE_TYPE_FIELDS] + [ref("Page")]
}


def query(name, description, schema=None, **extra):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string", "maxLength": 200},
        **extra,
    }


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PAGE_REF = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        {"type": "string", "enum": ["root"]},
    ]
}
PAGINATION = [
    query(
        "limit",
        "Items per page (WAGTAILAPI_LIMIT_MAX = 100).",
        {**ID, "minimum": 0, "maximum": 100},
    ),
    query("offset", "Items to skip.", {"type": "integer", "minimum": 0, "maximum": MAX_ID}),
]
FIELDS = query(
    "fields",
    "Comma-separated fields to add (`*` for all, `-name` to remove, `image(*)` for nested).",
)
PAGE_TYPES = {"type": "string", "enum": list(PAGE_TYPE_FIELDS) + ["wagtailcore.Page"]}
PAGE_FILTERS = [
    query(
        "type", "Page type; required for type-specific fields, filters and ordering.", PAGE_TYPES
    ),
    FIELDS,
    *PAGINATION,
    query(
        "order",
        "Ordering field, `-` for descending, or `random`. With type=blog.ConditionArticlePage: "
        "last_reviewed, next_review_due, title, first_published_at…",
        {
            "type": "string",
            "enum": [
                "title",
                "-title",
                "id",
                "-id",
                "last_reviewed",
                "-last_reviewed",
                "next_review_due",
                "-next_review_due",
                "random",
            ],
        },
    ),
    query("search", "Full-text search.", {"type": "string", "maxLength": 1000}),
    query(
        "search_operator", "How search terms combine.", {"type": "string", "enum": ["and", "or"]}
    ),
    query("child_of", "Only direct children of this page id (or `root`).", PAGE_REF),
    query("descendant_of", "Only descendants of this page id (or `root`).", PAGE_REF),
    query("ancestor_of", "Only ancestors of this page id.", ID),
    query("topic", "Topic slug (needs type=blog.ConditionArticlePage)."),
    query("tag", "Tag slug (needs type=blog.ConditionArticlePage)."),
]

JSON = "application/json"


def response(description, schema_name=None, schema=None, headers=None):
    content = {JSON: {"schema": schema or ref(schema_name)}}
    result = {"description": description, "content": content}
    if headers:
        result["headers"] = headers
    return result


CACHE_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send back as If-None-Match."},
    "Cache-Control": {"schema": {"type": "string"}},
}
ERRORS = {
    "400": response("Bad parameter", "Error"),
    "404": response("Not found", "Error"),
}
NOT_MODIFIED = {"304": {"description": "Not modified (If-None-Match matched the ETag)"}}


def endpoint_paths(name, listing_schema, item_schema, parameters, tag):
    detail_parameters = [
        {"name": "id", "in": "path", "required": True, "schema": ID},
        FIELDS,
    ]
    return {
        f"/api/v2/{name}/": {
            "get": {
                "tags": [tag],
                "operationId": f"list_{name}",
                "summary": f"List {name}",
                "parameters": parameters,
                "responses": {
                    "200": response("Listing", listing_schema, headers=CACHE_HEADERS),
                    **NOT_MODIFIED,
                    **ERRORS,
                },
            }
        },
        f"/api/v2/{name}/{{id}}/": {
            "get": {
                "tags": [tag],
                "operationId": f"get_{name}",
                "summary": f"One of the {name}",
                "parameters": detail_parameters,
                "responses": {
                    "200": response("Detail", item_schema, headers=CACHE_HEADERS),
                    **NOT_MODIFIED,
                    **ERRORS,
                },
            }
        },
    }


def build_schema():
    paths = {}
    paths.update(endpoint_paths("pages", "PageListing", "PageAnyType", PAGE_FILTERS, "pages"))
    paths["/api/v2/pages/find/"] = {
        "get": {
            "tags": ["pages"],
            "operationId": "find_page",
            "summary": "Find a page by its site path (redirects to its detail URL)",
            "parameters": [
                query("html_path", "The page's path on the site, e.g. /articles/neck-pain/."),
                query("id", "A page id.", ID),
            ],
            "responses": {
                "302": {"description": "Redirect to /api/v2/pages/<id>/"},
                **ERRORS,
            },
        }
    }
    paths.update(
        endpoint_paths(
            "images",
            "ImageListing",
            "Image",
            [FIELDS, *PAGINATION, query("search", "Search.")],
            "images",
        )
    )
    paths.update(
        endpoint_paths(
            "documents",
            "DocumentListing",
            "Document",
            [FIELDS, *PAGINATION, query("search", "Search.")],
            "documents",
        )
    )
    paths["/api/v2/page_preview/"] = {
        "get": {
            "tags": ["preview"],
            "operationId": "page_preview",
            "summary": "The draft behind a headless preview token",
            "parameters": [
                query("content_type", "e.g. blog.conditionarticlepage", required=True),
                query("token", "The preview token the frontend received.", required=True),
            ],
            "responses": {"200": response("The draft page", "PageAnyType"), **ERRORS},
        }
    }
    form_errors = response("Validation errors", "FormErrors")
    paths["/api/v2/contact/{id}/"] = {
        "post": {
            "tags": ["contact"],
            "operationId": "submit_contact_form",
            "summary": "Submit the contact form of ContactPage {id}",
            "description": "Body: the form's fields by `name` (see the page's `form.fields`) "
            "plus the empty honeypot field. Not cacheable.",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
            "requestBody": {
                "required": True,
                "content": {
                    JSON: {
                        "schema": {
                            "type": "object",
                            "additionalProperties": {
                                "anyOf": [
                                    {"type": "string"},
                                    {"type": "boolean"},
                                    {"type": "number"},
                                    array({"type": "string"}),
                                ]
                            },
                        },
                        "example": {"name": "Ann", "email": "ann@example.com", "message": "Hi"},
                    }
                },
            },
            "responses": {
                "201": response(
                    "Stored (and emailed to the practice)",
                    schema=obj({"message": {"type": "string"}}, ["message"]),
                ),
                "400": form_errors,
                "404": response(
                    "No such contact page on this site",
                    schema={"anyOf": [ref("FormErrors"), ref("Error")]},
                ),
                "413": form_errors,
                "415": form_errors,
                "429": form_errors,
            },
        }
    }
    paths["/api/v2/schema/"] = {
        "get": {
            "tags": ["schema"],
            "operationId": "openapi_schema",
            "summary": "This document",
            "responses": {"200": response("OpenAPI 3.1 document", schema={"type": "object"})},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Health practice content API",
            "version": "2",
            "description": "Wagtail API v2 for condition articles, the medical disclaimer, "
            "the contact page and form. Only live, public pages of the requested site. "
            "Guide: docs/api.md.",
        },
        "paths": paths,
        "components": {"schemas": COMPONENT_SCHEMAS},
    }


def openapi_schema(request):
    response = JsonResponse(build_schema(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    return response
