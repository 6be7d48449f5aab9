"""The find-and-shortlist loop over real HTTP: brand exclusion lists applied by default (service, API, page,
CLI) and saved searches that may only name the workspace's own brand and lists (API, page, CLI)."""

import json
import re
import uuid
from html import unescape

import httpx
import pytest
from typer.testing import CliRunner

from tests.web import csrf_of, login

COUNTRY = "XE"  # a country no other test uses, so filtered searches see only this module's creators


@pytest.fixture(autouse=True)
def _always_fresh(monkeypatch):
    monkeypatch.setenv("REACHROOM_DISCOVERY_CHECK_SECONDS", "0")


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _handle() -> str:
    return "loop" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _post(http, t, path, body, status=201):
    r = http.post(path, json=body, headers=t.headers)
    assert r.status_code == status, r.text
    return r.json()


def _setup(http, factory):
    """A tenant with a brand, its exclusion list holding one of three shared creators, and a second brand."""
    t = factory.tenant("owner")
    accounts = [factory.creator(country=COUNTRY, handle=_handle(), followers=f)[1] for f in (9000, 15000, 30000)]
    brand = _post(http, t, "/api/v1/brands", {"name": f"Brand {uuid.uuid4().hex[:8]}", "niches": ["beauty"]})
    other = _post(http, t, "/api/v1/brands", {"name": f"Other {uuid.uuid4().hex[:8]}"})
    excl = _post(http, t, "/api/v1/lists", {"name": f"Past partners {uuid.uuid4().hex[:6]}", "kind": "exclusion",
                                            "brand_id": brand["id"]})
    _post(http, t, f"/api/v1/lists/{excl['id']}/items", {"account_id": accounts[0]})
    return t, accounts, brand, other, excl


def _ids(http, t, **body) -> tuple[set[int], list[dict]]:
    r = http.post("/api/v1/discovery/search", json={"countries": [COUNTRY], **body}, headers=t.headers)
    assert r.status_code == 200, r.text
    out = r.json()
    return {x["account_id"] for x in out["results"]}, out["excluded_lists"]


def _page_ids(html: str) -> set[int]:
    return {int(x) for x in re.findall(r'data-testid="discover-result" data-account-id="(\d+)"', html)}


def test_brand_exclusion_lists_apply_by_default_on_api_page_and_cli(http, factory, browser):
    t, accounts, brand, other, excl = _setup(http, factory)
    gone = accounts[0]

    # API: searching the brand leaves the list's creator out and says which list did it.
    ids, applied = _ids(http, t, brand_id=brand["id"])
    assert set(accounts[1:]) <= ids and gone not in ids
    assert applied == [{"id": excl["id"], "name": excl["name"], "brand_id": brand["id"], "by_default": True,
                        "accounts": 1}]
    # Removable: brand_exclusions false shows them; no brand or another brand never applies the list.
    for body in ({"brand_id": brand["id"], "brand_exclusions": False}, {}, {"brand_id": other["id"]}):
        ids, applied = _ids(http, t, **body)
        assert gone in ids and applied == [], body
    # Named explicitly it still applies, as a named (not default) exclusion.
    ids, applied = _ids(http, t, brand_id=brand["id"], brand_exclusions=False, exclude_list_ids=[excl["id"]])
    assert gone not in ids and applied[0]["by_default"] is False

    # Page: the same default, shown as a filter chip whose link removes it (and a link that restores it).
    login(browser, t.email)
    r = browser.get("/discover", params={"brand_id": brand["id"], "countries": COUNTRY})
    assert r.status_code == 200 and gone not in _page_ids(r.text) and set(accounts[1:]) <= _page_ids(r.text)
    chip = re.search(r'data-testid="excluded-list" data-list-id="(\d+)" data-default="1"', r.text)
    assert chip and int(chip.group(1)) == excl["id"]
    remove = unescape(re.search(r'href="([^"]+)"[^>]*data-testid="remove-excluded-list"', r.text).group(1))
    assert f"exclusions_off={brand['id']}" in remove and f"brand_id={brand['id']}" in remove
    shown = browser.get(remove)
    assert gone in _page_ids(shown.text) and 'data-testid="restore-exclusions"' in shown.text
    # The HTMX results of the same form state agree.
    part = browser.get("/discover/results", params={"brand_id": brand["id"], "countries": COUNTRY, "go": "1"})
    assert part.status_code == 200 and gone not in _page_ids(part.text)

    # CLI: the same default, and --no-brand-exclusions shows them.
    from reachroom.cli import app

    base = ["search", "--brand", brand["name"], "--country", COUNTRY, "--workspace", t.slug, "--json"]
    result = CliRunner().invoke(app, base)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert gone not in {x["account_id"] for x in data["results"]} and data["excluded_lists"][0]["by_default"]
    result = CliRunner().invoke(app, [*base, "--no-brand-exclusions"])
    assert result.exit_code == 0 and gone in {x["account_id"] for x in json.loads(result.stdout)["results"]}


def test_saved_searches_refuse_another_workspaces_brand_and_lists(http, factory, browser):
    a, _, a_brand, _, a_list = _setup(http, factory)
    b, _, b_brand, _, b_list = _setup(http, factory)
    name = f"Search {uuid.uuid4().hex[:8]}"

    # API: create and patch name the field at fault; nothing is saved.
    for query, field in (({"brand_id": a_brand["id"]}, "query.brand_id"),
                         ({"exclude_list_ids": [b_list["id"], a_list["id"]]}, "query.exclude_list_ids"),
                         ({"text": "x", "bogus": 1}, "query.bogus"), ({"limit": 0}, "query.limit")):
        r = http.post("/api/v1/saved-searches", json={"name": name, "query": query}, headers=b.headers)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == field, (query, r.text)
    assert http.get("/api/v1/saved-searches", headers=b.headers).json() == []
    own = _post(http, b, "/api/v1/saved-searches",
                {"name": name, "query": {"text": "vegan", "brand_id": b_brand["id"],
                                         "exclude_list_ids": [b_list["id"]]}})
    r = http.patch(f"/api/v1/saved-searches/{own['id']}", json={"query": {"brand_id": a_brand["id"]}},
                   headers=b.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "query.brand_id"
    kept = http.get(f"/api/v1/saved-searches/{own['id']}", headers=b.headers).json()["query"]
    assert kept["brand_id"] == b_brand["id"]

    # Page: the Save form refuses a foreign brand (an HTMX post gets the reason to show in place).
    login(browser, b.email)
    token = csrf_of(browser.get("/discover").text)
    form = {"csrf_token": token, "name": f"{name} page", "go": "1", "q": "oat milk", "brand_id": str(a_brand["id"])}
    r = browser.post("/saved-searches", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "query.brand_id" in r.text and 'data-testid="save-search-error"' in r.text
    assert browser.post("/saved-searches", data=form).status_code == 422
    assert browser.post("/saved-searches", data={**form, "brand_id": "", "exclude_list_ids": str(a_list["id"])},
                        headers={"HX-Request": "true"}).status_code == 422
    assert len(http.get("/api/v1/saved-searches", headers=b.headers).json()) == 1
    # The workspace's own brand saves; "Run" reopens Discover prefilled, with results.
    good = {**form, "brand_id": str(b_brand["id"]), "countries": COUNTRY, "platforms": "instagram",
            "w_engagement": "80"}
    r = browser.post("/saved-searches", data=good)
    assert r.status_code == 303 and re.fullmatch(r"/discover\?saved=\d+", r.headers["location"])
    saved = next(s for s in http.get("/api/v1/saved-searches", headers=b.headers).json() if s["name"] == good["name"])
    assert saved["query"] == {"text": "oat milk", "brand_id": b_brand["id"], "countries": [COUNTRY],
                              "platforms": ["instagram"], "weights": {"engagement": 0.8}}
    page = browser.get(r.headers["location"])
    assert page.status_code == 200 and 'value="oat milk"' in page.text
    assert f'<option value="{b_brand["id"]}" selected>' in page.text
    assert 'name="platforms" value="instagram" checked' in page.text and 'name="w_engagement" value="80"' in page.text
    assert 'data-testid="saved-banner"' in page.text and 'data-testid="discover-summary"' in page.text
    # Someone else's saved search is not found; a malformed id names the parameter.
    assert browser.get(f"/discover?saved={own['id'] + 10_000_000}").status_code == 404
    login(browser, a.email)
    assert browser.get(f"/discover?saved={own['id']}").status_code == 404
    assert browser.get("/discover?saved=abc").status_code == 422

    # CLI: --save checks the same rules (a brand or list of another workspace is not found here).
    from reachroom.cli import app

    runner = CliRunner()
    for extra, said in ((["--brand", a_brand["name"]], "no brand named"),
                        (["--exclude-list", str(a_list["id"])], f"list '{a_list['id']}' not found")):
        result = runner.invoke(app, ["search", "x", "--save", f"{name} cli", "--workspace", b.slug, *extra])
        assert result.exit_code != 0 and said in result.output.lower(), result.output
    result = runner.invoke(app, ["search", "x", "--country", COUNTRY, "--brand", b_brand["name"], "--save",
                                 f"{name} cli", "--workspace", b.slug])
    assert result.exit_code == 0, result.output
    names = {s["name"] for s in http.get("/api/v1/saved-searches", headers=b.headers).json()}
    assert f"{name} cli" in names and len(names) == 3
    result = runner.invoke(app, ["search", "--saved", f"{name} cli", "--workspace", b.slug, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["excluded_lists"][0]["id"] == b_list["id"]


def _selected(html: str, select_testid: str) -> list[str]:
    """The option values a select starts with (the first one unless one is marked selected)."""
    block = re.search(rf'<select[^>]*data-testid="{select_testid}"[^>]*>(.*?)</select>', html, re.S).group(1)
    values = re.findall(r'<option value="([^"]*)"( selected)?', block)
    chosen = [v for v, sel in values if sel]
    return chosen or [values[0][0]]


def test_pickers_never_default_to_an_exclusion_list(http, factory, browser):
    t = factory.tenant("owner")
    creator_id, acc = factory.creator(country=COUNTRY, handle=_handle())
    # Alphabetically first is the exclusion list: it must not be what "Add" picks without a choice.
    excl = _post(http, t, "/api/v1/lists", {"name": "Aaa never again", "kind": "exclusion"})
    login(browser, t.email)
    page = browser.get(f"/creators/{creator_id}").text
    assert _selected(page, "add-to-list-select") == [""]  # no shortlist yet: "Choose a list…"
    assert f'<option value="{excl["id"]}">Exclude: Aaa never again</option>' in page
    short = _post(http, t, "/api/v1/lists", {"name": "Zzz spring picks"})
    page = browser.get(f"/creators/{creator_id}").text
    assert _selected(page, "add-to-list-select") == [str(short["id"])]
    results = browser.get("/discover", params={"q": "x", "countries": COUNTRY}).text
    assert acc in _page_ids(results) and _selected(results, "add-to-list-select") == [str(short["id"])]
