"""Issue 15: S3 media against a real S3-compatible server, as production runs it.

moto in server mode is the S3 endpoint (HTTP on a free loopback port); gunicorn runs the
production settings with nothing but environment variables pointing django-storages at it.
An editor signs in to the Wagtail admin over HTTP, uploads an image and puts it on an
article; the article page and the API then render renditions, and their URLs answer from
the S3 server with the rendition's bytes. Skipped, saying why, only where moto cannot start
(never in CI: CI=true turns that into a failure).
"""

import io
import json
import os
import secrets
from urllib.parse import urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from PIL import Image

from benchmarks.server import free_port, gunicorn
from tests.admin_client import edit_form_data

from .harness import manage, server_env, sqlite_database

SLUG = "muscle-spasms-or-trigger-points-which-is-it"  # the seeded content pack's article
BUCKET = "practice-media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "moto-test-key", "AWS_SECRET_ACCESS_KEY": "moto-test-secret"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def s3_endpoint():
    """moto's S3 server on a free port with an empty bucket; yields its URL."""
    try:
        import boto3
        from moto.server import ThreadedMotoServer

        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
    except Exception as error:  # an import or a socket: either way there is no S3 server
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"the S3-compatible test server (moto[server]) cannot start: {error!r}")
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="eu-west-2",
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        # As docs/deployment asks of the operator: media URLs are unsigned, readers fetch them.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield endpoint, client
    finally:
        server.stop()


class BehindTLSProxy(requests.Session):
    """Production's session and CSRF cookies are Secure; the test talks plain HTTP to the
    loopback where a TLS-terminating proxy would sit, so its browser sends them anyway."""

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def form_data(html, action):
    """The admin form posting to `action`, as the browser would submit it."""
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, f"no form posting to {action}"
    form["id"] = "the-form"
    return edit_form_data(str(form), form_id="the-form")


def text(answer):
    """A response's readable text, for a failure message."""
    return BeautifulSoup(answer.text, "html.parser").get_text(" ", strip=True)[:1000]


def sign_in(base, username, password):
    session = BehindTLSProxy()
    login = session.get(f"{base}/admin/login/", timeout=10)
    data = form_data(login.text, "/admin/login/")
    data.update(username=username, password=password)
    answer = session.post(f"{base}/admin/login/", data=data, timeout=10, allow_redirects=False)
    assert answer.status_code == 302, text(answer)
    return session


def upload_image(session, base, content):
    form = session.get(f"{base}/admin/images/add/", timeout=10)
    data = form_data(form.text, "/admin/images/add/")
    data["title"] = "Neck stretch on S3"
    answer = session.post(
        f"{base}/admin/images/add/",
        data=data,
        files={"file": ("neck-stretch.png", content, "image/png")},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, text(answer)


def publish_with_image(session, base, page_id, image_id):
    edit = f"{base}/admin/pages/{page_id}/edit/"
    data = edit_form_data(session.get(edit, timeout=10).text)
    data.update({"image": [str(image_id)], "image_credit": ["Photo: the practice"]})
    data["action-publish"] = ["1"]
    answer = session.post(edit, data=data, timeout=30, allow_redirects=False)
    assert answer.status_code == 302, text(answer)


def fetched_image(url):
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200, (url, answer.status_code)
    image = Image.open(io.BytesIO(answer.content))
    image.load()
    return image


def test_uploaded_image_and_its_renditions_live_on_s3(tmp_path, static_root, s3_endpoint):
    endpoint, s3 = s3_endpoint
    password = secrets.token_urlsafe(16)
    env = server_env(
        DATABASE_URL=sqlite_database(tmp_path / "db.sqlite3"),
        CACHE_DIR=str(tmp_path / "cache"),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "no-local-media"),
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="eu-west-2",
        ADMIN_PASSWORD=password,
        **CREDENTIALS,
    )
    manage(env, "seed")
    manage(env, "ensure_admin")

    with gunicorn(env, workers=1) as (base, _log):
        session = sign_in(base, "admin", password)
        upload_image(session, base, png(1600, 1000))
        images = session.get(f"{base}/api/v2/images/", timeout=10).json()["items"]
        assert [image["title"] for image in images] == ["Neck stretch on S3"]
        image_id = images[0]["id"]

        listing = requests.get(f"{base}/api/v2/pages/?type=blog.ConditionArticlePage", timeout=10)
        page_id = next(i["id"] for i in listing.json()["items"] if i["meta"]["slug"] == SLUG)
        publish_with_image(session, base, page_id, image_id)

        detail = requests.get(f"{base}/api/v2/pages/{page_id}/", timeout=10).json()
        article = requests.get(f"{base}/articles/{SLUG}/", timeout=10)
        figure = BeautifulSoup(article.text, "html.parser").select_one("figure.article__image img")
        policy = article.headers["Content-Security-Policy"]

    stored = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert any(key.startswith("original_images/neck-stretch") for key in stored), stored
    assert not (tmp_path / "no-local-media").exists()  # nothing written to local media

    fill = detail["image_fill_1200x630"]
    assert fill["url"].startswith(f"{endpoint}/{BUCKET}/images/"), fill
    assert urlsplit(fill["url"]).path.removeprefix(f"/{BUCKET}/") in stored
    assert fetched_image(fill["url"]).size == (1200, 630) == (fill["width"], fill["height"])

    assert figure is not None, "the article shows no image"
    assert figure["src"].startswith(f"{endpoint}/{BUCKET}/images/")
    assert fetched_image(figure["src"]).size == (960, 600)
    # Readers' browsers may load it: the page's CSP allows the S3 origin for images.
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    assert endpoint in img_src.split()
