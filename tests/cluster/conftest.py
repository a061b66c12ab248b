import pytest

from .harness import manage, server_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once: production settings serve hashed names from a manifest."""
    root = tmp_path_factory.mktemp("static")
    manage(server_env(STATIC_ROOT=str(root)), "collectstatic", "--noinput")
    return root
