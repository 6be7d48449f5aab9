"""Template rendering without a browser: states that are awkward to reach through a live server."""

from datetime import datetime
from types import SimpleNamespace

from reachroom.core.templating import templates
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import AGE_BANDS, GENDERS, NICHE_SLUGS
from reachroom.creators.schemas import AccountList, CreatorFilters


def _auth(role: str = "owner"):
    return SimpleNamespace(ctx=WorkspaceContext(1, 1, role), session=SimpleNamespace(id=1, csrf_token="c_tok"),
                           workspace_name="Acme & Co", user_email="a@example.com")


def _render(name: str, **ctx) -> str:
    ctx.setdefault("request", SimpleNamespace(query_params={}))
    return templates.env.get_template(name).render(**ctx)


def _creators(query: dict, total: int = 0) -> str:
    filters = CreatorFilters(**query)
    result = AccountList(items=[], total=total, page=1, size=25, pages=1)
    return _render("creators/list.html", auth=_auth(), active="creators", filters=filters, result=result,
                   errors=[], query=filters.model_dump(exclude_defaults=True), niches=NICHE_SLUGS)


def test_empty_catalogue_explains_how_to_load_creators():
    html = _creators({})
    assert 'data-testid="empty-catalogue"' in html
    assert "reachroom demo" in html and "reachroom creators import FILE.csv" in html
    assert 'data-testid="empty-filtered"' not in html
    assert "Acme &amp; Co" in html and 'value="c_tok"' in html


def test_no_match_offers_to_clear_filters_and_sorting_alone_is_not_a_filter():
    html = _creators({"platform": "tiktok", "min_er": 0.02})
    assert 'data-testid="empty-filtered"' in html and 'data-testid="empty-catalogue"' not in html
    assert "ER ≥: 2.0%" in html
    assert 'value="2"' in html  # the percent box shows 2 for min_er=0.02
    assert 'data-testid="empty-catalogue"' in _creators({"sort": "handle", "order": "asc"})


def _brand_form(values=None, brand=None, role="owner") -> str:
    return _render("brands/form.html", auth=_auth(role), active="brands", brand=brand, values=values, errors=[],
                   niches=NICHE_SLUGS, age_bands=AGE_BANDS, genders=GENDERS)


def test_brand_form_prefills_from_a_stored_brand():
    brand = SimpleNamespace(
        id=7, name="Hearth", description="Teas", voice="Warm", website="https://h.example", values=["calm", "kind"],
        banned_words=["cheap"], niches=["food", "wellness"], updated_at=datetime(2026, 1, 2),
        target_audience={"age_bands": {"25-34": 0.29}, "genders": {"female": 0.7},
                         "countries": {"GB": 0.5, "US": 0.2}, "languages": {"en": 0.9}},
    )
    html = _brand_form(brand=brand)
    assert 'action="/brands/7"' in html
    assert 'name="age_25-34" type="number" min="0" max="100" step="any" inputmode="decimal" value="29"' in html
    assert 'value="70"' in html and 'value="GB:50%, US:20%"' in html and 'value="en:90%"' in html
    assert 'value="calm, kind"' in html and 'value="cheap"' in html
    assert 'value="food" checked' in html and 'value="beauty" checked' not in html
    assert 'data-testid="delete-brand"' in html and 'action="/brands/7/delete"' in html


def test_brand_form_keeps_structured_and_raw_values_on_rerender():
    structured = {"name": "N", "description": "", "voice": "", "website": "", "values": ["a", "b"],
                  "banned_words": [], "niches": ["pets"],
                  "target_audience": {"countries": {"GB": 0.4}, "languages": {}, "age_bands": {"18-24": 0.8},
                                      "genders": {}}}
    html = _brand_form(values=structured)
    assert 'action="/brands"' in html and 'value="a, b"' in html and 'value="GB:40%"' in html
    assert 'value="80"' in html and 'value="pets" checked' in html

    raw = {"name": "N", "values": "x, y", "countries": "GB", "age_18-24": "15", "niches": "home"}
    html = _brand_form(values=raw)
    assert 'value="x, y"' in html and 'value="GB"' in html and 'value="15"' in html
    assert 'value="home" checked' in html


def test_brand_form_is_read_only_for_viewers():
    html = _brand_form(role="viewer")
    assert 'data-testid="readonly-notice"' in html and "disabled" in html
    assert 'data-testid="save-brand"' not in html


def test_error_page_without_a_session_links_to_login():
    err = SimpleNamespace(status=404, message="Creator not found")
    html = _render("error.html", error=err, auth=None)
    assert "We couldn’t find that page" in html and 'href="/login"' in html
    assert 'data-testid="main-nav"' not in html


def test_list_rows_format_growth_in_percentage_points_and_er_as_a_fraction():
    from reachroom.creators.schemas import AccountRow

    rows = [
        AccountRow(account_id=3, creator_id=2, platform="tiktok", handle="up", name="Up", country="GB",
                   followers=12_345, tier="micro", engagement_rate=0.0412, er_denominator="views", er_percentile=88.0,
                   growth_90d_pct=2.5, posts_per_week=3.25),
        AccountRow(account_id=4, creator_id=2, platform="youtube", handle="down", name="Down", country=None,
                   followers=900, tier=None, engagement_rate=None, er_denominator=None, er_percentile=None,
                   growth_90d_pct=-1.25, posts_per_week=None),
    ]
    filters = CreatorFilters()
    html = _render("creators/list.html", auth=_auth(), active="creators", filters=filters,
                   result=AccountList(items=rows, total=2, page=1, size=25, pages=1), errors=[], query={},
                   niches=NICHE_SLUGS)
    assert 'href="/creators/2?account=3"' in html and "12.3k" in html
    assert "4.12%" in html and "by views" in html
    assert ">+2.5%<" in html and ">-1.2%<" in html
    assert 'data-testid="creator-row"' in html and 'data-testid="result-count"' in html
