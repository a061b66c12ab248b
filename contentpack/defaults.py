"""Site-level content the source texts do not carry.

A practice overrides any of it in its site data file (`fixtures/source/site.json`): that file
is merged over these defaults, key by key. The values here are neutral placeholders.
"""

SITE_DEFAULTS = {
    "home": {
        "title": "Example Health Practice",
        "slug": "home",
        "intro": "Information about common conditions, and how to reach the practice.",
        # Slugs of articles featured on the home page; empty = the first six articles.
        "featured": [],
    },
    "article_index": {
        "title": "Articles",
        "slug": "articles",
        "intro": "Articles about common conditions and what can help.",
    },
    "disclaimer": {
        "title": "Medical disclaimer",
        "slug": "disclaimer",
        # Used only when no source text has a disclaimer paragraph.
        "text": (
            "The articles on this site are general information, not a diagnosis. Please see "
            "your health care practitioner about your symptoms rather than self-diagnosing."
        ),
    },
    "contact": {
        "title": "Contact us",
        "slug": "contact",
        "intro": "Send us a message and we will get back to you.",
        "thank_you_text": "Thank you for your message. We will get back to you soon.",
        "subject": "Message from the website",
        "to_address": "inbox@example.invalid",
        "from_address": "website@example.invalid",
        "fields": [
            {"label": "Name", "field_type": "singleline", "required": True, "help_text": ""},
            {"label": "Email", "field_type": "email", "required": True, "help_text": ""},
            {
                "label": "Phone",
                "field_type": "singleline",
                "required": False,
                "help_text": "Optional, if you would like us to call you back.",
            },
            {"label": "Message", "field_type": "multiline", "required": True, "help_text": ""},
            {
                "label": "I agree that the practice may store my message to reply to me",
                "field_type": "checkbox",
                "required": True,
                "help_text": "",
            },
        ],
    },
    "practice": {
        "name": "Example Health Practice",
        "phone": "000 000 0000",
        "email": "hello@example.invalid",
        "address": "1 Example Street\nExample Town",
        "opening_hours": "Mon–Fri 9:00–17:00",
    },
    "people": [],
}
