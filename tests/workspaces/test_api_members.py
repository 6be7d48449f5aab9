"""Members and roles: who may change what (people join by invitation: tests/api/test_security.py)."""


def test_admin_invites_member_who_accepts_then_changes_role(http, factory):
    admin = factory.tenant("admin")
    person = factory.tenant()
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": person.email, "role": "viewer"})
    assert r.status_code == 201, r.text
    token = r.json()["accept_url"].rsplit("/", 1)[1]
    r = http.post("/api/v1/invitations/accept", headers=person.headers, json={"token": token})
    assert r.status_code == 200, r.text
    member_id = r.json()["id"]
    r = http.patch(f"/api/v1/members/{member_id}", json={"role": "member"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["role"] == "member"
    emails = [m["email"] for m in http.get("/api/v1/members", headers=admin.headers).json()]
    assert person.email in emails


def test_admin_cannot_grant_owner(http, factory, unique):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/invitations", headers=admin.headers,
                  json={"email": f"o{unique}@example.com", "role": "owner"})
    assert r.status_code == 403


def test_member_cannot_manage_members(http, factory, unique):
    member = factory.tenant("member")
    r = http.post("/api/v1/invitations", headers=member.headers, json={"email": f"m{unique}@example.com"})
    assert r.status_code == 403 and "admin" in r.json()["error"]["message"]
    assert http.get("/api/v1/invitations", headers=member.headers).status_code == 403


def test_last_owner_cannot_be_demoted(http, factory):
    owner = factory.tenant("owner")
    me = [m for m in http.get("/api/v1/members", headers=owner.headers).json() if m["email"] == owner.email][0]
    r = http.patch(f"/api/v1/members/{me['id']}", json={"role": "viewer"}, headers=owner.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "role"


def test_bad_member_input_names_fields(http, factory):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": "not-an-email", "role": "boss"})
    assert r.status_code == 422
    fields = {f["field"] for f in r.json()["error"]["fields"]}
    assert {"email", "role"} <= fields
