"""The editorial set-up: who may do what, and the clinical review every article goes through.

Editors write and submit articles; Clinical reviewers approve (publish) or reject them through
the "Clinical review" workflow on the article index. `ensure_editorial_setup` is idempotent and
is called by the seed command.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
WORKFLOW_NAME = "Clinical review"

# Page permissions on the article index (and so on every article below it).
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    CLINICAL_REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Model permissions: admin access, snippets (topics, people); form submissions for reviewers.
_WRITERS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("blog", f"{action}_{model}")
        for model in ("topic", "person")
        for action in ("add", "change", "view")
    ],
]
MODEL_PERMISSIONS = {
    EDITORS: _WRITERS,
    # Contact form submissions: read and export (see home/wagtail_hooks.py).
    CLINICAL_REVIEWERS: [*_WRITERS, ("wagtailforms", "view_formsubmission")],
}
# Image and document permissions on the root collection.
_IMAGES = [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")]
COLLECTION_PERMISSIONS = {EDITORS: _IMAGES, CLINICAL_REVIEWERS: _IMAGES}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_groups(article_index):
    groups = {}
    root_collection = Collection.get_first_root_node()
    for name in (EDITORS, CLINICAL_REVIEWERS):
        group, _ = Group.objects.get_or_create(name=name)
        # Wagtail's initial migration gives its own "Editors" group add/change on the root
        # page, i.e. the whole site; ours work on articles only.
        GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
        group.permissions.add(*[_permission(app, code) for app, code in MODEL_PERMISSIONS[name]])
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=article_index, permission=_permission("wagtailcore", codename)
            )
        for app, codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(app, codename)
            )
        groups[name] = group
    return groups


def ensure_workflow(article_index, reviewers):
    """A one-task workflow: the Clinical reviewers group must approve before publishing."""
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=article_index, defaults={"workflow": workflow})
    return workflow


def ensure_editorial_setup(article_index):
    groups = ensure_groups(article_index)
    return ensure_workflow(article_index, groups[CLINICAL_REVIEWERS])
