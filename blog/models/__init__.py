from .article import ArticleCareCard, ArticleTag, ConditionArticlePage, RelatedArticle
from .index_page import ArticleIndexPage
from .snippets import Person, Topic

__all__ = [
    "ArticleCareCard",
    "ArticleIndexPage",
    "ArticleTag",
    "ConditionArticlePage",
    "Person",
    "RelatedArticle",
    "Topic",
]
