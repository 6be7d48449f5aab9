"""Members and roles: who may change what."""


def test_admin_adds_member_and_changes_role(http, factory, unique):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/members", headers=admin.headers,
                  json={"email": f"new{unique}@example.com", "role": "viewer", "password": "long-enough-pw"})
    assert r.status_code == 201, r.text
    member_id = r.json()["id"]
    r = http.patch(f"/api/v1/members/{member_id}", json={"role": "member"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["role"] == "member"
    emails = [m["email"] for m in http.get("/api/v1/members", headers=admin.headers).json()]
    assert f"new{unique}@example.com" in emails


def test_admin_cannot_grant_owner(http, factory, unique):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/members", headers=admin.headers,
                  json={"email": f"o{unique}@example.com", "role": "owner", "password": "long-enough-pw"})
    assert r.status_code == 403


def test_member_cannot_manage_members(http, factory, unique):
    member = factory.tenant("member")
    r = http.post("/api/v1/members", headers=member.headers,
                  json={"email": f"m{unique}@example.com", "role": "viewer", "password": "long-enough-pw"})
    assert r.status_code == 403 and "admin" in r.json()["error"]["message"]


def test_last_owner_cannot_be_demoted(http, factory):
    owner = factory.tenant("owner")
    me = [m for m in http.get("/api/v1/members", headers=owner.headers).json() if m["email"] == owner.email][0]
    r = http.patch(f"/api/v1/members/{me['id']}", json={"role": "viewer"}, headers=owner.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "role"


def test_bad_member_input_names_fields(http, factory):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/members", headers=admin.headers, json={"email": "not-an-email", "role": "boss",
                                                                  "password": "short"})
    assert r.status_code == 422
    fields = {f["field"] for f in r.json()["error"]["fields"]}
    assert {"email", "role", "password"} <= fields
