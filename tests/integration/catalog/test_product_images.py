"""Product images: uploaded through the API, kept in the data folder or an S3 bucket."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from decimal import Decimal

import boto3
import pytest
from fastapi.testclient import TestClient
from moto.server import ThreadedMotoServer
from sqlmodel import Session

from bizq_app.catalog import product_images
from bizq_app.catalog.models import Product
from bizq_app.core.db import get_engine
from bizq_app.core.errors import ValidationFailed
from bizq_app.core.settings import Settings
from bizq_app.integrations.storage.s3 import S3Storage
from tests.factories import make_product, make_store
from tests.integration.conftest import signup

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_an_uploaded_image_is_served_and_removed_with_its_file(client: TestClient) -> None:
    auth = signup(client, "images@example.com")
    store_id = client.post("/api/stores", json={"name": "Pics"}, headers=auth).json()["id"]
    product_id = client.post(
        "/api/products", headers=auth, json={"store_id": store_id, "title": "Mug"}
    ).json()["id"]

    added = client.post(
        f"/api/products/{product_id}/images",
        headers=auth,
        files={"file": ("mug.png", PNG, "image/png")},
    )
    url = added.json()["images"][0]
    served = client.get(url)
    not_an_image = client.post(
        f"/api/products/{product_id}/images",
        headers=auth,
        files={"file": ("notes.png", b"just some text", "image/png")},
    )
    removed = client.delete(f"/api/products/{product_id}/images", headers=auth, params={"url": url})

    assert added.status_code == 201, added.text
    assert url.startswith(f"/api/media/{store_id}/") and url.endswith(".png")
    assert served.content == PNG and served.headers["content-type"] == "image/png"
    assert not_an_image.status_code == 422
    assert not_an_image.json()["errors"][0] == {
        "path": "$.file",
        "message": "must be a PNG, JPEG, WebP or GIF image",
    }
    assert removed.json()["images"] == []
    assert client.get(url).status_code == 404
    assert client.get("/api/media/..%2F..%2Fsecret_key/x.png").status_code == 404


@pytest.fixture
def bucket() -> Iterator[Settings]:
    """A local S3-compatible server (moto) with an empty bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings = Settings(
        s3_bucket="shop-media",
        s3_endpoint_url=f"http://{host}:{port}",
        s3_region="us-east-1",
        s3_access_key_id="test",
        s3_secret_access_key="test",
    )
    boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket="shop-media")
    yield settings
    server.stop()


def test_with_a_bucket_configured_images_go_to_s3(session: Session, bucket: Settings) -> None:
    store = make_store(session)
    product: Product = make_product(session, store, price=Decimal("12.00"))
    files = S3Storage.from_settings(bucket)

    added = product_images.add_image(
        session=session,
        user_id=store.store.created_by_id,
        product_id=product.id,
        data=PNG,
        files=files,
    )
    url = added.images[0]
    key = url.split("/bizq-media/", 1)[1]
    stored = files.read(key)
    too_many = [*added.images] * 10
    added.images = too_many
    with pytest.raises(ValidationFailed, match="at most 10 images"):
        product_images.add_image(
            session=session,
            user_id=store.store.created_by_id,
            product_id=product.id,
            data=PNG,
            files=files,
        )
    added.images = [url]
    product_images.remove_image(
        session=session,
        user_id=store.store.created_by_id,
        product_id=product.id,
        url=url,
        files=files,
    )

    assert url.startswith(f"{bucket.s3_endpoint_url}/shop-media/bizq-media/{store.store.id}/")
    assert stored == PNG
    listed = boto3.client(
        "s3",
        endpoint_url=bucket.s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).list_objects_v2(Bucket="shop-media")
    assert listed.get("KeyCount", 0) == 0  # removed with the image


def shop_with_image(client: TestClient, email: str) -> tuple[dict[str, str], str, str, str]:
    auth = signup(client, email)
    store_id = client.post("/api/stores", json={"name": "Pics"}, headers=auth).json()["id"]
    product_id = client.post(
        "/api/products", headers=auth, json={"store_id": store_id, "title": "Mug"}
    ).json()["id"]
    added = client.post(
        f"/api/products/{product_id}/images",
        headers=auth,
        files={"file": ("mug.png", PNG, "image/png")},
    )
    return auth, store_id, product_id, added.json()["images"][0]


def test_no_store_can_show_or_remove_another_stores_image(client: TestClient) -> None:
    _, _, _, theirs = shop_with_image(client, "first@example.com")
    auth, store_id, product_id, _ = shop_with_image(client, "second@example.com")

    borrowed = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Copy", "images": [theirs]},
    )
    pointed = client.put(f"/api/products/{product_id}", headers=auth, json={"images": [theirs]})
    plain_http = client.put(
        f"/api/products/{product_id}", headers=auth, json={"images": ["http://cdn.example/a.png"]}
    )
    # given: an address saved before stores' files were checked, then removed by the wrong store
    with Session(get_engine()) as session:
        product = session.get(Product, uuid.UUID(product_id))
        assert product is not None
        product.images = [*product.images, theirs]
        session.add(product)
        session.commit()
    removed = client.delete(
        f"/api/products/{product_id}/images", headers=auth, params={"url": theirs}
    )

    assert borrowed.status_code == pointed.status_code == 422
    refused = "is another store's file; upload the image to this store"
    assert borrowed.json()["errors"] == [{"path": "$.images[0]", "message": refused}]
    assert plain_http.json()["errors"][0]["message"] == (
        "must be an uploaded image or an https:// address"
    )
    assert removed.status_code == 200 and theirs not in removed.json()["images"]
    assert client.get(theirs).content == PNG  # the first store's image is still there


def test_an_image_two_products_show_stays_until_the_last_lets_go(client: TestClient) -> None:
    auth, store_id, first, url = shop_with_image(client, "shared@example.com")
    second = client.post(
        "/api/products", headers=auth, json={"store_id": store_id, "title": "Mug", "images": [url]}
    ).json()["id"]

    client.delete(f"/api/products/{first}/images", headers=auth, params={"url": url})
    still = client.get(url)
    client.delete(f"/api/products/{second}/images", headers=auth, params={"url": url})

    assert still.status_code == 200
    assert client.get(url).status_code == 404
