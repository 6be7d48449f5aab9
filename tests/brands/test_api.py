"""Brands CRUD over real HTTP, with bad input and roles."""

import pytest

GOOD = {
    "name": "Fern & Field",
    "description": "Organic skincare for busy people",
    "voice": "warm, honest, a little playful",
    "values": ["vegan", "cruelty-free"],
    "banned_words": ["cheap"],
    "niches": ["beauty", "sustainability"],
    "target_audience": {"countries": {"gb": 0.6}, "age_bands": {"25-34": 0.5}, "genders": {"female": 0.7}},
}


def test_brand_crud(http, factory):
    t = factory.tenant("member")
    r = http.post("/api/v1/brands", json=GOOD, headers=t.headers)
    assert r.status_code == 201, r.text
    brand = r.json()
    assert brand["target_audience"]["countries"] == {"GB": 0.6}
    assert http.get(f"/api/v1/brands/{brand['id']}", headers=t.headers).json()["name"] == "Fern & Field"
    r = http.patch(f"/api/v1/brands/{brand['id']}", json={"voice": "calm"}, headers=t.headers)
    assert r.status_code == 200 and r.json()["voice"] == "calm" and r.json()["niches"] == GOOD["niches"]
    assert [b["id"] for b in http.get("/api/v1/brands", headers=t.headers).json()] == [brand["id"]]
    assert http.delete(f"/api/v1/brands/{brand['id']}", headers=t.headers).status_code == 204
    assert http.get(f"/api/v1/brands/{brand['id']}", headers=t.headers).status_code == 404


def test_duplicate_brand_name_is_409(http, factory):
    t = factory.tenant()
    assert http.post("/api/v1/brands", json={"name": "Dup"}, headers=t.headers).status_code == 201
    r = http.post("/api/v1/brands", json={"name": "dup"}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "name"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": 5}, "name"),
        ({"name": "x", "niches": ["astrology"]}, "niches"),
        ({"name": "x", "niches": "beauty"}, "niches"),
        ({"name": "x", "target_audience": {"countries": {"GB": 1.5}}}, "target_audience.countries"),
        ({"name": "x", "target_audience": {"countries": {"Britain": 0.5}}}, "target_audience.countries"),
        ({"name": "x", "target_audience": {"age_bands": {"18-99": 0.5}}}, "target_audience.age_bands"),
        ({"name": "x", "target_audience": {"genders": {"female": 0.8, "male": 0.8}}}, "target_audience.genders"),
        ({"name": "x", "colour": "red"}, "colour"),
        ({"name": "x" * 121}, "name"),
    ],
)
def test_bad_brand_input_names_the_field_and_writes_nothing(http, factory, payload, field):
    t = factory.tenant()
    r = http.post("/api/v1/brands", json=payload, headers=t.headers)
    assert r.status_code == 422, r.text
    assert field in [f["field"] for f in r.json()["error"]["fields"]]
    assert http.get("/api/v1/brands", headers=t.headers).json() == []


def test_patch_validation_and_unknown_ids(http, factory):
    t = factory.tenant()
    brand = http.post("/api/v1/brands", json={"name": "P"}, headers=t.headers).json()
    r = http.patch(f"/api/v1/brands/{brand['id']}", json={"niches": ["nope"]}, headers=t.headers)
    assert r.status_code == 422
    assert http.patch("/api/v1/brands/999999", json={"voice": "x"}, headers=t.headers).status_code == 404
    assert http.get("/api/v1/brands/abc", headers=t.headers).status_code == 422


def test_viewer_reads_but_cannot_write(http, factory):
    owner = factory.tenant("owner")
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    brand = http.post("/api/v1/brands", json={"name": "V"}, headers=owner.headers).json()
    assert http.get("/api/v1/brands", headers=viewer.headers).status_code == 200
    assert http.post("/api/v1/brands", json={"name": "W"}, headers=viewer.headers).status_code == 403
    assert http.patch(f"/api/v1/brands/{brand['id']}", json={"voice": "x"}, headers=viewer.headers).status_code == 403
    assert http.delete(f"/api/v1/brands/{brand['id']}", headers=viewer.headers).status_code == 403
