""""Find lookalikes" on the pages over real HTTP: profile link, /discover?like=…, a list's lookalikes; tenancy and
bad input."""

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.web import login

COUNTRY = "XL"  # a country no other test uses, so filtered lookalikes see only this module's creators


@pytest.fixture(autouse=True)
def _always_fresh(monkeypatch):
    monkeypatch.setenv("REACHROOM_DISCOVERY_CHECK_SECONDS", "0")


@pytest.fixture(scope="module")
def world(factory, live_server):
    """Workspaces A and B, six shared creators and one private to A (all in COUNTRY), a list of B's."""
    a, b = factory.tenant("owner"), factory.tenant("owner")
    shared = {}
    for i in range(6):
        handle = f"lk_{'abcdef'[i]}{b.workspace_id}"
        creator_id, acc = factory.creator(country=COUNTRY, handle=handle, name=f"Look Alike {i}",
                                          followers=20_000 + 1_000 * i)
        shared[handle] = (creator_id, acc)
    private_creator, private = factory.creator(workspace_id=a.workspace_id, country=COUNTRY, followers=21_500,
                                               handle=f"lk_private{a.workspace_id}", name="Private Lookalike")
    with httpx.Client(base_url=live_server, headers=b.headers) as c:
        lst = c.post("/api/v1/lists", json={"name": "Lookalike seeds"}).json()
        seeds = [acc for _, acc in list(shared.values())[:3]]
        for acc in seeds:
            assert c.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc}).status_code == 201
        empty = c.post("/api/v1/lists", json={"name": "Nobody yet"}).json()
    return {"a": a, "b": b, "shared": shared, "private": private, "private_creator": private_creator,
            "list_id": lst["id"], "list_seeds": seeds, "empty_list_id": empty["id"]}


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _result_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-testid="discover-result" data-account-id="(\d+)"', html)]


def test_profile_page_links_to_lookalikes_of_the_account(world, browser):
    creator_id, acc = world["shared"][f"lk_a{world['b'].workspace_id}"]
    login(browser, world["b"].email)
    r = browser.get(f"/creators/{creator_id}")
    assert r.status_code == 200 and 'data-testid="find-lookalikes"' in r.text
    assert f'href="/discover?like={acc}"' in r.text


def test_discover_like_shows_explained_results_without_the_seed(world, browser):
    b = world["b"]
    handle = f"lk_a{b.workspace_id}"
    _, seed = world["shared"][handle]
    login(browser, b.email)
    r = browser.get("/discover", params={"like": seed, "countries": COUNTRY})
    assert r.status_code == 200, r.text
    heading = re.search(r'data-testid="lookalike-heading">(.*?)</h2>', r.text, re.S).group(1)
    assert f"@{handle}" in heading and "Creators like" in heading
    ids = _result_ids(r.text)
    assert ids and seed not in ids and world["private"] not in ids  # A's private creator never reaches B
    assert set(ids) <= {acc for _, acc in world["shared"].values()}
    assert 'data-testid="reasons"' in r.text and 'data-testid="fit"' in r.text
    assert 'href="/discover" data-testid="lookalike-clear"' in r.text
    assert f'<input type="hidden" name="like" value="{seed}">' in r.text  # filter changes keep the seeds
    assert 'data-testid="discover-q"' not in r.text  # text and brand don't apply to lookalikes
    # The HTMX partial (a filter changed) runs the same lookalikes.
    part = browser.get("/discover/results", params={"like": seed, "countries": COUNTRY, "go": "1",
                                                    "w_semantic": "40"})
    assert part.status_code == 200 and 'data-testid="discover-results"' in part.text
    assert set(_result_ids(part.text)) <= {acc for _, acc in world["shared"].values()} - {seed}
    # Two seeds, comma-separated or repeated: both named, both left out.
    _, other = world["shared"][f"lk_b{b.workspace_id}"]
    both = [("like", seed), ("like", other), ("countries", COUNTRY)]
    for params in ({"like": f"{seed},{other}", "countries": COUNTRY}, both):
        r = browser.get("/discover", params=params)
        assert r.status_code == 200 and f"@lk_b{b.workspace_id}" in r.text
        assert not {seed, other} & set(_result_ids(r.text))


def test_add_to_list_from_lookalikes_comes_back_to_them(world, browser):
    _, seed = world["shared"][f"lk_a{world['b'].workspace_id}"]
    login(browser, world["b"].email)
    r = browser.get("/discover", params={"like": seed, "countries": COUNTRY})
    # Back to the same lookalikes with the same filters, scrolled to the result (the form works without JS).
    assert f'name="next" value="/discover?like={seed}&amp;countries={COUNTRY}#r-' in r.text


def test_like_of_an_invisible_or_unknown_account_is_404(world, browser):
    a, b = world["a"], world["b"]
    login(browser, b.email)
    for bad in (world["private"], 987654321):
        r = browser.get("/discover", params={"like": bad})
        assert r.status_code == 404, bad
        assert "Private Lookalike" not in r.text and f"lk_private{a.workspace_id}" not in r.text
        assert browser.get("/discover/results", params={"like": bad}).status_code == 404
    # one visible and one invisible seed: still 404, nothing shown
    _, seed = world["shared"][f"lk_a{b.workspace_id}"]
    assert browser.get("/discover", params={"like": f"{seed},{world['private']}"}).status_code == 404
    # A sees lookalikes of its own private creator
    with httpx.Client(base_url=str(browser.base_url), timeout=30) as own:
        login(own, a.email)
        r = own.get("/discover", params={"like": world["private"], "countries": COUNTRY})
        assert r.status_code == 200 and f"@lk_private{a.workspace_id}" in r.text
        assert world["private"] not in _result_ids(r.text)


@pytest.mark.parametrize("value", ["abc", "-3", "1.5", ",".join(str(i) for i in range(1, 27))])
def test_bad_like_values_are_422_naming_like(world, browser, value):
    login(browser, world["b"].email)
    r = browser.get("/discover", params={"like": value})
    assert r.status_code == 422
    assert re.search(r'data-testid="error-message">like: ', r.text), r.text[-600:]
    assert browser.get("/discover/results", params={"like": value}).status_code == 422


def test_list_page_finds_lookalikes_of_the_list_and_of_ticked_rows(world, browser):
    b = world["b"]
    list_id, seeds = world["list_id"], world["list_seeds"]
    login(browser, b.email)
    page = browser.get(f"/lists/{list_id}")
    assert page.status_code == 200
    assert f'href="/lists/{list_id}/lookalikes"' in page.text and 'data-testid="list-lookalikes"' in page.text
    assert f'formaction="/lists/{list_id}/lookalikes"' in page.text  # ticked rows → lookalikes of those

    r = browser.get(f"/lists/{list_id}/lookalikes")
    assert r.status_code == 303
    target = urlsplit(r.headers["location"])
    assert target.path == "/discover" and sorted(int(x) for x in parse_qs(target.query)["like"]) == sorted(seeds)
    r = browser.get(f"{r.headers['location']}&countries={COUNTRY}")
    assert r.status_code == 200 and all(f"@lk_{c}{b.workspace_id}" in r.text for c in "abc")
    ids = _result_ids(r.text)
    assert ids and not set(seeds) & set(ids)

    r = browser.get(f"/lists/{list_id}/lookalikes", params={"account_ids": [seeds[1]]})
    assert r.status_code == 303 and r.headers["location"] == f"/discover?like={seeds[1]}"

    # a ticked account that is not on the list, or garbage, is a 422 naming account_ids
    _, off_list = world["shared"][f"lk_f{b.workspace_id}"]
    for bad in (str(off_list), "abc"):
        r = browser.get(f"/lists/{list_id}/lookalikes", params={"account_ids": bad})
        assert r.status_code == 422 and "account_ids" in r.text
    r = browser.get(f"/lists/{world['empty_list_id']}/lookalikes")
    assert r.status_code == 422 and "list_id" in r.text
    assert browser.get("/lists/987654321/lookalikes").status_code == 404


def test_another_workspaces_list_lookalikes_are_404(world, browser):
    login(browser, world["a"].email)
    r = browser.get(f"/lists/{world['list_id']}/lookalikes")
    assert r.status_code == 404 and "Lookalike seeds" not in r.text


def test_api_lookalikes_name_their_seeds(world, http):
    b = world["b"]
    _, seed = world["shared"][f"lk_a{b.workspace_id}"]
    r = http.post("/api/v1/discovery/lookalikes", json={"account_ids": [seed], "filters": {"countries": [COUNTRY]}},
                  headers=b.headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["seeds"] == [seed] and data["seed_accounts"][0]["handle"] == f"lk_a{b.workspace_id}"
    assert seed not in {x["account_id"] for x in data["results"]}
