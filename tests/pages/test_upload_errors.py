"""Upload errors appear once, next to the upload: the follower-sample form on the profile (the CSV import's
command-line errors: tests/creators/test_cli.py)."""

import re

import httpx

from tests.web import csrf_of, login

BAD = "followers,following,posts\n10,20,3\n-5,20,3\n12,abc,4\n"


def test_follower_sample_errors_show_once_beside_the_form(live_server, factory, unique):
    t = factory.tenant("owner")
    creator_id, account_id = factory.creator(handle=f"up{unique}", followers=15_000)
    with httpx.Client(base_url=live_server, timeout=30) as client:
        login(client, t.email)
        csrf = csrf_of(client.get(f"/creators/{creator_id}").text)
        r = client.post(f"/accounts/{account_id}/follower-samples", data={"csrf_token": csrf},
                        files={"file": ("sample.csv", BAD, "text/csv")})
    assert r.status_code == 422
    html = r.text
    items = re.findall(r'data-testid="upload-error">([^<]*)<', html)
    assert len(items) == 2 and len(set(items)) == 2, items
    for item in items:  # each problem once on the page, not repeated in the headline
        assert html.count(item.split(": ", 1)[1]) == 1, item
    assert "sample.csv has 2 problems; nothing was saved." in html
    block = re.search(r'data-testid="sample-upload".*?data-testid="sample-upload-form"', html, re.S)
    assert block and 'data-testid="upload-errors"' in block.group(0), "the errors sit right above the form"
    assert "data-reveal" in block.group(0), "and are scrolled into view"
