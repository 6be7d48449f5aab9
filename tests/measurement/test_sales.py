"""Sales over real HTTP and the CLI: codes and tracked links per creator, orders from a Shopify export (line-item
rows, extra columns, all or nothing, idempotent, refunds updating) or the signed webhook (wrong signature 401,
replay 409, nothing written), attribution by hand (a code beats a link, last touch within 30 days, refunds
subtract, new customers), ROAS, and nothing of another workspace."""

import base64
import csv
import hashlib
import hmac
import io
import json
import uuid

import httpx
from typer.testing import CliRunner

from reachroom.cli import app
from tests.web import login

runner = CliRunner()
HEADER = ("Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,"
          "Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Refunded Amount,Landing Site\n")


def _order(name, email, total, code="", created="2026-11-05 12:00:00 +0000", refunded="0", landing="", cur="GBP"):
    return (f"{name},{email},paid,{created},fulfilled,{cur},{total},0,0,{total},{code},0,{created},1,Lip kit,"
            f"{refunded},{landing}\n")


def _line_item(name):
    return f"{name},,,,,,,,,,,,,1,Gloss,,\n"  # Shopify repeats the name on each further line item, totals blank


def _setup(http, factory):
    """A campaign with two creators (fees 300 and 0), each with a counted post that went up on 1 Nov 2026."""
    t = factory.tenant("admin")
    accounts = [factory.creator(handle=f"s{uuid.uuid4().hex[:8]}", followers=20_000)[1] for _ in range(2)]
    brand = http.post("/api/v1/brands", json={"name": f"Shop {uuid.uuid4().hex[:6]}", "website": "shop.example"},
                      headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Glow {uuid.uuid4().hex[:6]}", "brand_id": brand["id"],
                                             "currency": "GBP"}, headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": accounts},
              headers=t.headers).raise_for_status()
    entries = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    base = f"/api/v1/campaigns/{c['id']}/creators/{entries[0]['id']}/agreements"
    http.post(base, json={"base_version": 0, "fee": "300", "currency": "GBP"}, headers=t.headers).raise_for_status()
    http.post(f"{base}/accept", json={"version": 1}, headers=t.headers).raise_for_status()
    for n, e in enumerate(entries):
        http.post(f"/api/v1/campaigns/{c['id']}/posts", json={
            "entry_id": e["id"], "url": f"https://www.instagram.com/p/S{n}{c['id']}/",
            "posted_at": "2026-11-01T10:00:00"}, headers=t.headers).raise_for_status()
    made = http.post(f"/api/v1/campaigns/{c['id']}/tracking", headers=t.headers)
    assert made.status_code == 200, made.text
    return t, c, entries, {x["entry_id"]: x for x in made.json()}


def _import(http, t, text):
    return http.post("/api/v1/orders/import", content=text.encode(), headers={**t.headers, "Content-Type": "text/csv"})


def _sales(http, t, c):
    r = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers)
    assert r.status_code == 200, r.text
    return r.json()["sales"]


def test_codes_and_links_per_creator(http, factory):
    t, c, entries, track = _setup(http, factory)
    a = track[entries[0]["id"]]
    assert a["code"].endswith("10") and a["link"].startswith("https://shop.example?utm_source=instagram")
    assert "utm_medium=influencer" in a["link"] and "utm_content=" in a["link"]
    again = http.post(f"/api/v1/campaigns/{c['id']}/tracking", headers=t.headers).json()
    assert {x["code"] for x in again} == {x["code"] for x in track.values()}  # made once
    b_id = entries[1]["id"]
    taken = http.put(f"/api/v1/campaigns/{c['id']}/tracking/{b_id}", json={"code": a["code"].lower()},
                     headers=t.headers)
    assert taken.status_code == 409 and "code" in taken.text  # codes match whatever the case
    bad = http.put(f"/api/v1/campaigns/{c['id']}/tracking/{b_id}", json={"code": "no spaces!"}, headers=t.headers)
    assert bad.status_code == 422 and "code" in bad.text
    ok = http.put(f"/api/v1/campaigns/{c['id']}/tracking/{b_id}", json={"code": "GLOWB", "landing_url":
                  "https://shop.example/lips?ref=1"}, headers=t.headers)
    assert ok.status_code == 200 and ok.json()["link"].startswith("https://shop.example/lips?ref=1&utm_source=")
    stranger = factory.tenant("admin")
    assert http.get(f"/api/v1/campaigns/{c['id']}/tracking", headers=stranger.headers).status_code == 404


def test_attribution_by_hand(http, factory):
    t, c, entries, track = _setup(http, factory)
    a, b = track[entries[0]["id"]], track[entries[1]["id"]]
    b_link = b["link"].split("?", 1)[1]
    text = HEADER + "".join([
        _order("#0999", "old@example.com", "20.00", created="2026-10-01 09:00:00 +0000"),  # before: a repeat buyer
        _order("#1001", "old@example.com", "50.00", code=a["code"].lower()),  # A's code, returning customer
        _line_item("#1001"),
        _order("#1002", "new@example.com", "80.00", code=a["code"], landing=f"https://shop.example/?{b_link}",
               refunded="30.00"),  # A's code beats B's link; 30 refunded
        _order("#1003", "b@example.com", "40.00", landing=f"https://shop.example/?{b_link}"),  # B's link
        _order("#1004", "late@example.com", "99.00", code=a["code"], created="2026-12-02 12:00:00 +0000"),  # > 30 days
        _order("#1005", "eur@example.com", "70.00", code=a["code"], cur="EUR"),  # another currency: not added
    ])
    r = _import(http, t, text)
    assert r.status_code == 200 and r.json() == {"added": 6, "updated": 0, "already_there": 0}, r.text
    s = _sales(http, t, c)
    rows = {x["entry_id"]: x for x in s["creators"]}
    ra, rb = rows[entries[0]["id"]], rows[entries[1]["id"]]
    assert (ra["orders"], ra["by_code"], ra["by_link"]) == (2, 2, 0)
    assert float(ra["revenue"]) == 50 + 80 - 30 and float(ra["refunds"]) == 30 and ra["new_customers"] == 1
    assert abs(ra["roas"] - 100 / 300) < 1e-9
    assert (rb["orders"], rb["by_link"], float(rb["revenue"]), rb["new_customers"]) == (1, 1, 40, 1)
    assert rb["roas"] is None  # no cost: gifted nothing, no fee
    assert s["orders"] == 3 and float(s["revenue"]) == 140 and s["other_currencies"] == {"EUR": 1}
    assert abs(s["roas"] - 140 / 300) < 1e-9 and "floor" in s["note"]
    exported = http.get(f"/api/v1/campaigns/{c['id']}/report.csv", headers=t.headers).text
    table = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["orders"], r["revenue_gbp"]) for r in table if r["orders"] == "2"] == [("2", "100.00")]
    assert (table[-1]["creator"], table[-1]["orders"], table[-1]["revenue_gbp"]) == ("Total", "3", "140.00")
    from pypdf import PdfReader

    pdf = http.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=t.headers)
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sales: 3 orders, revenue 140.00 GBP, 2 new customers, ROAS 0.47x" in pdf_text and "floor" in pdf_text
    listed = http.get(f"/api/v1/campaigns/{c['id']}/orders", headers=t.headers).json()
    assert {(o["order"], o["by"], o["handle"]) for o in listed} == {
        ("#1001", "code", entries[0]["handle"]), ("#1002", "code", entries[0]["handle"]),
        ("#1003", "link", entries[1]["handle"]), ("#1005", "code", entries[0]["handle"])}
    assert "email" not in json.dumps(listed) and "@example.com" not in json.dumps(listed)
    later = http.get(f"/api/v1/campaigns/{c['id']}/report?start=2026-11-06", headers=t.headers).json()["sales"]
    assert later["orders"] == 0  # a range keeps the orders placed in it: all of these were on 5 Nov
    again = _import(http, t, text.replace('"30.00"', "30.00").replace(",30.00,", ",50.00,"))
    assert again.json() == {"added": 0, "updated": 1, "already_there": 5}  # the refund grew: updated, not added
    assert float(_sales(http, t, c)["revenue"]) == 120
    older = _import(http, t, text)  # the older export again: the refund it shows is smaller, so nothing changes
    assert older.json() == {"added": 0, "updated": 0, "already_there": 6}
    assert float(_sales(http, t, c)["revenue"]) == 120
    other = factory.tenant("admin")
    assert _import(http, other, text).json()["added"] == 6  # another workspace's shop: its own orders
    assert float(_sales(http, t, c)["revenue"]) == 120


def test_bad_order_files_are_named_and_write_nothing(http, factory):
    t, c, entries, track = _setup(http, factory)
    code = track[entries[0]["id"]]["code"]
    for text, where in ((HEADER + _order("#1", "x@example.com", "10.00", code=code) + _order("#2", "y@e.com", "5",
                                                                                            cur="XYZ"),
                         "line 3.currency"),
                        (HEADER + _order("#3", "", "-4.00", code=code), "line 2.total"),
                        (HEADER + _order("#4", "", "4.00", created="2099-01-01 00:00:00 +0000"), "line 2.created_at"),
                        (HEADER + _order("#5", "", "4.00", refunded="9.00"), "line 2.refunded_amount"),
                        ("Name,Total\n#6,4.00\n", "line 1")):
        r = _import(http, t, text)
        assert r.status_code == 422 and where in r.text, (where, r.text)
    assert _sales(http, t, c)["orders"] == 0  # the good first order of the first file was not kept either


def _signed(secret, body):
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_the_signed_webhook(http, factory):
    t, c, entries, track = _setup(http, factory)
    member = factory.tenant("member", workspace_id=t.workspace_id)
    secret = "shpss_" + uuid.uuid4().hex
    assert http.put("/api/v1/shop-webhook", json={"secret": secret}, headers=member.headers).status_code == 403
    hook = http.put("/api/v1/shop-webhook", json={"secret": secret}, headers=t.headers)
    assert hook.status_code == 200 and secret not in hook.text
    path = hook.json()["path"]
    order = {"name": "#2001", "email": "hook@example.com", "created_at": "2026-11-06T10:00:00+00:00",
             "currency": "GBP", "total_price": "60.00", "financial_status": "paid",
             "discount_codes": [{"code": track[entries[0]["id"]]["code"]}], "landing_site": "/", "refunds": []}
    body = json.dumps(order).encode()

    def send(raw, signature, delivery="d-1", topic="orders/create"):
        return http.post(path, content=raw, headers={"X-Shopify-Hmac-Sha256": signature, "X-Shopify-Webhook-Id":
                                                     delivery, "X-Shopify-Topic": topic,
                                                     "Content-Type": "application/json"})

    assert send(body, _signed("wrong", body)).status_code == 401
    assert send(body, "").status_code == 401
    assert _sales(http, t, c)["orders"] == 0
    ok = send(body, _signed(secret, body))
    assert ok.status_code == 200 and ok.json() == {"result": "added"}
    assert send(body, _signed(secret, body)).status_code == 409  # the same delivery again: a replay
    assert send(body, _signed(secret, body), "d-new").status_code == 409  # the same signed body under a new id
    refunded = json.dumps({**order, "refunds": [{"transactions": [{"amount": "15.00", "kind": "refund"}]}]}).encode()
    assert send(refunded, _signed(secret, refunded), "d-2", "orders/updated").json() == {"result": "updated"}
    s = _sales(http, t, c)
    assert s["orders"] == 1 and float(s["revenue"]) == 45
    bad = json.dumps({**order, "name": "#2002", "currency": "XYZ"}).encode()
    r = send(bad, _signed(secret, bad), "d-3")
    assert r.status_code == 422 and "currency" in r.text and _sales(http, t, c)["orders"] == 1
    assert http.post("/api/v1/webhooks/shopify/nope", content=body).status_code == 404


def test_orders_import_on_the_cli(http, factory, tmp_path):
    t, c, entries, track = _setup(http, factory)
    f = tmp_path / "orders_export.csv"
    f.write_text(HEADER + _order("#3001", "cli@example.com", "25.00", code=track[entries[0]["id"]]["code"]))
    out = runner.invoke(app, ["orders", "import", str(f), "--workspace", t.slug])
    assert out.exit_code == 0 and "1 order(s) added" in out.output, out.output
    assert "0 order(s) added" in runner.invoke(app, ["orders", "import", str(f), "--workspace", t.slug]).output
    assert _sales(http, t, c)["orders"] == 1


def test_cancelled_and_voided_orders_are_not_sales(http, factory):
    """A voided payment, an export row with "Cancelled at" and an order the shop later sends as orders/cancelled
    count nowhere: not as orders, revenue or a customer's first order (by hand: 50 + 25 = 75 from two new buyers)."""
    t, c, entries, track = _setup(http, factory)
    code = track[entries[0]["id"]]["code"]
    header = HEADER.rstrip("\n") + ",Cancelled at\n"

    def row(name, email, total, status="paid", created="2026-11-05 12:00:00 +0000", cancelled=""):
        return _order(name, email, total, code=code, created=created).replace(",paid,", f",{status},", 1).rstrip(
            "\n") + f",{cancelled}\n"

    text = header + "".join([
        row("#4001", "one@example.com", "50.00"),
        row("#4002", "void@example.com", "70.00", status="voided"),
        row("#4003", "two@example.com", "30.00", cancelled="2026-11-05 13:00:00 +0000"),
        row("#4004", "two@example.com", "25.00", created="2026-11-06 12:00:00 +0000"),  # their first real order
    ])
    assert _import(http, t, text).json()["added"] == 4
    secret = "shpss_" + uuid.uuid4().hex
    path = http.put("/api/v1/shop-webhook", json={"secret": secret}, headers=t.headers).json()["path"]
    order = {"name": "#4005", "email": "hook@example.com", "created_at": "2026-11-07T10:00:00+00:00",
             "currency": "GBP", "total_price": "60.00", "financial_status": "paid",
             "discount_codes": [{"code": code}], "refunds": []}

    def send(body, delivery, topic):
        raw = json.dumps(body).encode()
        return http.post(path, content=raw, headers={"X-Shopify-Hmac-Sha256": _signed(secret, raw),
                                                     "X-Shopify-Webhook-Id": delivery, "X-Shopify-Topic": topic,
                                                     "Content-Type": "application/json"})

    assert send(order, "c-1", "orders/create").json() == {"result": "added"}
    assert _sales(http, t, c)["orders"] == 3  # 4001, 4004 and 4005 before the cancellation
    # Shopify's orders/cancelled body: the order with its cancellation time (the payment's status unchanged)
    assert send({**order, "cancelled_at": "2026-11-07T11:00:00+00:00"}, "c-2", "orders/cancelled").json() == {
        "result": "updated"}
    s = _sales(http, t, c)
    assert (s["orders"], float(s["revenue"]), s["new_customers"]) == (2, 75, 2)
    assert abs(s["roas"] - 75 / 300) < 1e-9
    listed = http.get(f"/api/v1/campaigns/{c['id']}/orders", headers=t.headers).json()
    assert sorted(o["order"] for o in listed) == ["#4001", "#4004"]
    # a later paid update of a cancelled order (or an older export without the column) does not bring it back
    assert send({**order, "note": "paid later"}, "c-3", "orders/paid").json()["result"] == "unchanged"
    assert _import(http, t, HEADER + _order("#4003", "two@example.com", "30.00", code=code)).status_code == 200
    assert _sales(http, t, c)["orders"] == 2


def test_the_attribution_window_is_chosen_per_report(http, factory, live_server):
    """Posts went up on 1 Nov: an order 4 days later counts within 30 (the default), 5 or 40 days but not within 3;
    one 31 days later only within 40. The same on the API, the orders list, the CSV, the page and the CLI; a window
    outside 1–365 days is a 422 naming window_days."""
    t, c, entries, track = _setup(http, factory)
    code = track[entries[0]["id"]]["code"]
    text = HEADER + _order("#5001", "w1@example.com", "50.00", code=code) + _order(
        "#5002", "w2@example.com", "99.00", code=code, created="2026-12-02 12:00:00 +0000")
    assert _import(http, t, text).json()["added"] == 2
    report = f"/api/v1/campaigns/{c['id']}/report"

    def sold(days):
        s = http.get(f"{report}?window_days={days}", headers=t.headers).json()["sales"]
        return s["window_days"], s["orders"], float(s["revenue"])

    assert _sales(http, t, c)["window_days"] == 30 and _sales(http, t, c)["orders"] == 1
    assert [sold(d) for d in (3, 5, 40)] == [(3, 0, 0), (5, 1, 50), (40, 2, 149)]
    assert "within 40 days" in http.get(f"{report}?window_days=40", headers=t.headers).json()["sales"]["note"]
    listed = http.get(f"/api/v1/campaigns/{c['id']}/orders?window_days=40", headers=t.headers).json()
    assert sorted(o["order"] for o in listed) == ["#5001", "#5002"]
    table = list(csv.DictReader(io.StringIO(http.get(f"{report}.csv?window_days=40", headers=t.headers).text)))
    assert (table[-1]["orders"], table[-1]["revenue_gbp"]) == ("2", "149.00")
    for bad in ("0", "366", "-1", "soon"):
        for path in (report, f"{report}.csv", f"/api/v1/campaigns/{c['id']}/orders"):
            r = http.get(f"{path}?window_days={bad}", headers=t.headers)
            assert r.status_code == 422 and "window_days" in r.text, (path, bad, r.text)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report?window_days=40")
        assert page.status_code == 200 and "last touch within 40 days" in page.text
        assert 'data-testid="window-form"' in page.text and "report.csv?window_days=40" in page.text
        assert browser.get(f"/campaigns/{c['id']}/report?window_days=400").status_code == 422
    out = runner.invoke(app, ["report", str(c["id"]), "--window-days", "40", "--workspace", t.slug])
    assert out.exit_code == 0 and json.loads(out.output)["sales"]["orders"] == 2, out.output
    bad = runner.invoke(app, ["report", str(c["id"]), "--window-days", "0", "--workspace", t.slug])
    assert bad.exit_code != 0 and "window_days" in bad.output
