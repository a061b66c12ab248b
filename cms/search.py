"""Keep the search index right about articles' related fields (topics and their synonyms).

Wagtail indexes a page in its post_save signal, which runs before a ClusterableModel
commits its ParentalManyToMany relations, so an article's topics would be missing from the
index entry. Re-indexing once the page is published (relations committed), and whenever a
topic's names change, keeps "cervicalgia" finding the neck pain articles.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


@receiver(post_save, sender="blog.Topic")
def reindex_articles_of_topic(sender, instance, **kwargs):
    for article in instance.articles.all():
        index.insert_or_update_object(article)
