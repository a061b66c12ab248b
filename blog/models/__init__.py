from .article import ArticleTag, ConditionArticlePage, RelatedArticle
from .index_page import ArticleIndexPage
from .snippets import Person, Topic

__all__ = [
    "ArticleIndexPage",
    "ArticleTag",
    "ConditionArticlePage",
    "Person",
    "RelatedArticle",
    "Topic",
]
