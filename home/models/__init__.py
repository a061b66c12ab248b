from .contact import ContactFormField, ContactPage
from .disclaimer import DisclaimerPage
from .home_page import FeaturedArticle, HomePage
from .site_settings import PracticeSettings

__all__ = [
    "ContactFormField",
    "ContactPage",
    "DisclaimerPage",
    "FeaturedArticle",
    "HomePage",
    "PracticeSettings",
]
