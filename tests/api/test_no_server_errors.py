"""The issue's reproductions of 5xx answers, one per class: huge ids, huge numbers, bad page parameters,
Unicode duplicate names and an unexpected exception; each now gets a 4xx (or the one 500 shape)."""

import httpx
import pytest

from reachroom.core.names import name_key
from tests.routes import app_routes
from tests.web import login

HUGE = "9223372036854775808"  # 2**63: one past the largest BIGINT


@pytest.fixture(scope="module")
def owner(factory):
    return factory.tenant("owner")


def _is_error_shape(body: dict, status: int) -> None:
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert {"code", "message", "fields"} <= set(body["error"])


@pytest.mark.parametrize("path", [
    f"/api/v1/brands/{HUGE}", f"/api/v1/creators/{HUGE}", f"/api/v1/accounts/{HUGE}/stats",
    f"/api/v1/accounts/{HUGE}/posts", f"/api/v1/accounts/{HUGE}/authenticity", f"/api/v1/accounts/{HUGE}/content",
    f"/api/v1/lists/{HUGE}", f"/api/v1/saved-searches/{HUGE}", f"/api/v1/brands/{HUGE}/tone-match/1",
    "/api/v1/creators?min_followers=100000000000000000000", f"/api/v1/compare?account_ids=1,{HUGE}",
    "/api/v1/brands/0", "/api/v1/brands/-1",
])
def test_huge_or_non_positive_ids_are_422_naming_the_field(live_server, owner, path):
    resp = httpx.get(live_server + path, headers=owner.headers)
    assert resp.status_code == 422, resp.text
    _is_error_shape(resp.json(), 422)
    assert resp.json()["error"]["fields"], "the 422 names the field at fault"


def test_huge_ids_in_bodies_are_422(live_server, owner):
    lst = httpx.post(live_server + "/api/v1/lists", json={"name": f"L {owner.workspace_id}"}, headers=owner.headers)
    assert lst.status_code == 201
    bodies = [("/api/v1/lists", {"name": "x", "brand_id": int(HUGE)}),
              (f"/api/v1/lists/{lst.json()['id']}/items", {"account_id": int(HUGE)}),
              ("/api/v1/discovery/search", {"brand_id": int(HUGE)}),
              ("/api/v1/discovery/search", {"exclude_list_ids": [int(HUGE)]}),
              ("/api/v1/discovery/lookalikes", {"account_ids": [int(HUGE)]})]
    for path, body in bodies:
        resp = httpx.post(live_server + path, json=body, headers=owner.headers)
        assert resp.status_code == 422, (path, resp.text)
        _is_error_shape(resp.json(), 422)


@pytest.mark.parametrize("path,field", [
    ("/discover?q=x&limit=abc", "limit"), ("/discover?q=x&offset=1.5", "offset"),
    (f"/discover?brand_id={HUGE}", "brand_id"), (f"/discover?like={HUGE}", "like"), ("/discover?like=%C2%B2", "like"),
    (f"/creators/{HUGE}", "creator_id"), ("/creators/1?account=abc", "account"), (f"/lists/{HUGE}", "list_id"),
    (f"/compare?account_ids=1,{HUGE}", "account_ids"), (f"/brands/{HUGE}/edit", "brand_id"),
])
def test_bad_page_parameters_get_a_styled_4xx_naming_the_field(live_server, owner, path, field):
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, owner.email).status_code == 200
        resp = browser.get(path)
    # Discover shows a search's problem beside the form (200); other pages answer with the styled 422 page.
    assert resp.status_code == (200 if path.startswith(("/discover?q", "/discover?brand")) else 422), resp.text[:300]
    assert "text/html" in resp.headers["content-type"]
    assert field in resp.text


@pytest.mark.parametrize("kind", ["brands", "lists", "saved-searches"])
def test_unicode_names_clash_case_insensitively_with_409(live_server, owner, unique, kind):
    def create(name):
        body = {"name": name, "query": {}} if kind == "saved-searches" else {"name": name}
        return httpx.post(f"{live_server}/api/v1/{kind}", json=body, headers=owner.headers)

    assert create(f"Ärzte Tee {unique}").status_code == 201
    for clash in (f"Ärzte Tee {unique}", f"ärzte TEE {unique}", f"ÄRZTE  tee {unique}"):
        resp = create(clash)
        assert resp.status_code == 409, resp.text
        _is_error_shape(resp.json(), 409)
        assert resp.json()["error"]["fields"][0]["field"] == "name"
    assert create(f"Élan {unique}").status_code == 201
    assert create(f"élan {unique}").status_code == 409
    assert create(f"Straße {unique}").status_code == 201
    assert create(f"STRASSE {unique}").status_code == 409


def test_rename_onto_another_name_is_409(live_server, owner, unique):
    first = httpx.post(f"{live_server}/api/v1/brands", json={"name": f"Öl {unique}"}, headers=owner.headers).json()
    second = httpx.post(f"{live_server}/api/v1/brands", json={"name": f"Wasser {unique}"}, headers=owner.headers)
    resp = httpx.patch(f"{live_server}/api/v1/brands/{second.json()['id']}", json={"name": f"öl {unique}"},
                       headers=owner.headers)
    assert resp.status_code == 409
    same = httpx.patch(f"{live_server}/api/v1/brands/{first['id']}", json={"name": f"ÖL {unique}"},
                       headers=owner.headers)
    assert same.status_code == 200 and same.json()["name"] == f"ÖL {unique}"


def test_the_database_holds_the_name_rule_without_the_service_check(db, owner, unique):
    """The unique index, not only the service's look-up, refuses a clash (what a race would hit)."""
    from sqlalchemy.exc import IntegrityError

    from reachroom.models import Brand

    db.add(Brand(workspace_id=owner.workspace_id, name=f"Élan {unique}"))
    db.flush()
    db.add(Brand(workspace_id=owner.workspace_id, name=f"ÉLAN {unique}"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_name_key_is_unicode_aware():
    assert name_key("Ärzte Tee") == name_key("ÄRZTE  tee") == "ärzte tee"
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("ﬁt") == name_key("FIT")  # NFKC folds the ligature
    assert name_key("Élan") != name_key("Elan")  # accents still distinguish names


def test_timestamps_carry_an_offset(live_server, owner, unique):
    brand = httpx.post(f"{live_server}/api/v1/brands", json={"name": f"Zeit {unique}"}, headers=owner.headers).json()
    for key in ("created_at", "updated_at"):
        assert brand[key].endswith("+00:00") or brand[key].endswith("Z"), brand[key]


def test_an_unexpected_exception_answers_500_in_the_one_shape(engine, owner):
    """A route that raises: JSON error shape under /api/, the styled error page elsewhere, never a bare text."""
    from reachroom.app import create_app
    from tests.live import serve

    app = create_app(engine)

    def boom():
        raise RuntimeError("kaboom")

    app.add_api_route("/api/v1/_boom", boom)
    app.add_api_route("/_boom", boom)
    with serve(app) as url:
        api = httpx.get(url + "/api/v1/_boom")
        page = httpx.get(url + "/_boom")
    assert api.status_code == 500
    _is_error_shape(api.json(), 500)
    assert "kaboom" not in api.text
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    assert 'data-testid="error-page"' in page.text and "kaboom" not in page.text


def test_uploaded_counts_beyond_the_integer_columns_are_422(live_server, factory, owner):
    """Follower samples and creator imports land in INTEGER columns (32-bit on PostgreSQL): bigger counts and
    digits int() can't read ('²') are line errors, not driver overflows."""
    _, account_id = factory.creator(workspace_id=owner.workspace_id)
    sample = "followers,following,posts\n3000000000,10,10\n" + "120,80,5\n" * 40
    resp = httpx.post(f"{live_server}/api/v1/accounts/{account_id}/follower-samples", headers=owner.headers,
                      files={"file": ("sample.csv", sample.encode(), "text/csv")})
    assert resp.status_code == 422, resp.text
    _is_error_shape(resp.json(), 422)
    creators = "platform,handle,followers\ninstagram,squared_followers,²\n"
    resp = httpx.post(f"{live_server}/api/v1/creators/import", headers=owner.headers,
                      files={"file": ("creators.csv", creators.encode(), "text/csv")})
    assert resp.status_code == 422, resp.text
    _is_error_shape(resp.json(), 422)


def test_nul_characters_are_never_a_500(live_server, owner, unique):
    """PostgreSQL text can't hold NUL: the database's refusal is a 422 in the one shape (SQLite stores it)."""
    for path, body in (("/api/v1/brands", {"name": f"nul\x00{unique}"}),
                       ("/api/v1/lists", {"name": f"a\x00b{unique}"})):
        resp = httpx.post(live_server + path, json=body, headers=owner.headers)
        assert resp.status_code in (201, 422), resp.text
        if resp.status_code == 422:
            _is_error_shape(resp.json(), 422)
            assert "NUL" in resp.json()["error"]["message"]


def _api_routes_with_path_params() -> list[tuple[str, str]]:
    """(method, path) for every API route with a path parameter."""
    return [(m, p) for m, p in app_routes() if p.startswith("/api/") and "{" in p]


@pytest.mark.parametrize("method, path", _api_routes_with_path_params())
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE * 2, "0"])
def test_every_api_path_parameter_refuses_out_of_range_values_with_a_4xx(live_server, owner, method, path, value):
    """Every path parameter, on every method, answers an id out of the database's range with a 4xx in the one shape."""
    url = live_server + path.replace("{", "").replace("}", "")
    for name in path.split("{")[1:]:
        url = url.replace(name.split("}")[0], value, 1)
    resp = httpx.request(method, url, headers=owner.headers, json={} if method in ("POST", "PATCH", "PUT") else None)
    assert 400 <= resp.status_code < 500, f"{method} {url}: {resp.status_code} {resp.text[:300]}"
    _is_error_shape(resp.json(), resp.status_code)
