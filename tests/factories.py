"""Factories for the content tree. `site_tree` in conftest builds a whole site from these."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Page

from blog.models import ArticleIndexPage, ConditionArticlePage, Person, Topic
from home.models import ContactFormField, ContactPage, DisclaimerPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    intro = "Welcome to the practice."

    class Meta:
        model = HomePage


class DisclaimerPageFactory(wagtail_factories.PageFactory):
    title = "Medical disclaimer"
    slug = "disclaimer"
    summary = "This site is information, not a diagnosis: see your health care practitioner."
    body = "Always ask your **health care practitioner** about your symptoms."

    class Meta:
        model = DisclaimerPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    slug = "contact"
    intro = "Send us a message and we will get back to you."
    thank_you_text = "Thank you, we will be in touch soon."
    to_address = "inbox@practice.invalid"
    from_address = "website@practice.invalid"
    subject = "Website enquiry"
    show_in_menus = True  # a section of the navigation, as the seed makes it

    class Meta:
        model = ContactPage


class ContactFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = ContactFormField


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"
    intro = "Articles about common conditions."
    show_in_menus = True  # a section of the navigation, as the seed makes it

    class Meta:
        model = ArticleIndexPage


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dr Person {n}")
    credentials = "DC"

    class Meta:
        model = Person


class ConditionArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Condition article {n}")
    summary = "A short summary of the condition."
    body = "First paragraph about the condition.\n\nSecond paragraph with **advice**."
    last_reviewed = datetime.date(2026, 1, 15)
    next_review_due = datetime.date(2027, 1, 15)

    class Meta:
        model = ConditionArticlePage


def root_page():
    return Page.get_first_root_node()
