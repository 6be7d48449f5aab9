"""API authentication: bearer tokens, revocation, the error shape."""


def test_me_requires_a_token(http):
    r = http.get("/api/v1/me")
    assert r.status_code == 401
    body = r.json()["error"]
    assert body["status"] == 401 and body["code"] == "unauthorized" and "Bearer" in body["message"]


def test_me_with_token(http, factory):
    t = factory.tenant("admin")
    r = http.get("/api/v1/me", headers=t.headers)
    assert r.status_code == 200
    assert r.json()["email"] == t.email and r.json()["role"] == "admin"
    assert r.json()["workspace_id"] == t.workspace_id


def test_unknown_token_is_rejected(http):
    r = http.get("/api/v1/me", headers={"Authorization": "Bearer rr_not-a-real-token"})
    assert r.status_code == 401


def test_token_created_shown_once_and_revocable(http, factory):
    t = factory.tenant("member")
    r = http.post("/api/v1/tokens", json={"name": "ci"}, headers=t.headers)
    assert r.status_code == 201
    secret = r.json()["token"]
    assert secret.startswith("rr_") and r.json()["prefix"] == secret[:10]
    listed = http.get("/api/v1/tokens", headers=t.headers).json()
    assert all("token" not in row for row in listed)
    assert {row["name"] for row in listed} >= {"ci", "test"}
    new_headers = {"Authorization": f"Bearer {secret}"}
    assert http.get("/api/v1/me", headers=new_headers).status_code == 200
    assert http.delete(f"/api/v1/tokens/{r.json()['id']}", headers=t.headers).status_code == 200
    assert http.get("/api/v1/me", headers=new_headers).status_code == 401


def test_tokens_are_stored_hashed(factory, db):
    from sqlalchemy import select

    from reachroom.models import ApiToken

    t = factory.tenant()
    hashes = list(db.scalars(select(ApiToken.token_hash).where(ApiToken.workspace_id == t.workspace_id)))
    assert hashes and t.token not in hashes and all(len(h) == 64 for h in hashes)


def test_token_name_validation(http, factory):
    t = factory.tenant()
    r = http.post("/api/v1/tokens", json={"name": ""}, headers=t.headers)
    assert r.status_code == 422
    assert r.json()["error"]["fields"][0]["field"] == "name"
    r = http.post("/api/v1/tokens", json={"nome": "x"}, headers=t.headers)
    assert r.status_code == 422


def test_malformed_json_is_a_4xx(http, factory):
    t = factory.tenant()
    r = http.post("/api/v1/tokens", content=b"{not json", headers={**t.headers, "content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "validation_error"


def test_oversized_payload_is_413(http, factory):
    t = factory.tenant()
    r = http.post("/api/v1/brands", content=b"x" * 6_000_000, headers={**t.headers, "content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["fields"][0]["field"] == "body"


def test_unknown_route_has_the_error_shape(http, factory):
    t = factory.tenant()
    r = http.get("/api/v1/nope", headers=t.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
