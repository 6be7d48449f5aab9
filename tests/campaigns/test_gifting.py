"""Gifting over real HTTP: products, shipping a gift (stage moves to Product shipped), status moves with versions,
addresses encrypted at rest and hidden from viewers, erasure, the fulfilment CSV round trip, bad tracking files
(4xx naming line and field, nothing written), spend with product value and shipping, and late gifts."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from reachroom.campaigns import review
from reachroom.db import unit_of_work
from reachroom.models import Shipment, utcnow
from tests.campaigns.test_money import _agree, _entries

ADDRESS = {"recipient": "Ada Fictional", "line1": "1 Nowhere Lane", "line2": "Flat 0", "city": "Testbury",
           "postcode": "ZZ9 9ZZ", "country": "gb"}


def _product(http, t, c, **extra) -> dict:
    body = {"name": "Autumn tea box", "sku": f"TEA-{uuid.uuid4().hex[:6]}", "variants": ["Mint", "Chai"],
            "value": "24.50", **extra}
    r = http.post(f"/api/v1/campaigns/{c['id']}/products", json=body, headers=t.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _ship(http, t, c, entry, product, **extra):
    body = {"product_id": product["id"], "variant": "Mint", "address": ADDRESS, **extra}
    return http.post(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/shipments", json=body, headers=t.headers)


def _stage(http, t, c, entry) -> str:
    return http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()["stage"]


def _shipments(http, t, c) -> list[dict]:
    return http.get(f"/api/v1/campaigns/{c['id']}/shipments", headers=t.headers).json()


@pytest.fixture
def gifted(http, factory):
    """A member's campaign with two contracted creators, a product, and one pending gift each."""
    t = factory.tenant("member")
    c, entries = _entries(http, factory, t, 2, budget="1000")
    for e in entries:
        _agree(http, t, c, e, "100")
    product = _product(http, t, c)
    shipments = [_ship(http, t, c, e, product, shipping_cost="4.95").json() for e in entries]
    return t, c, entries, product, shipments


def test_products_and_bad_input(http, factory):
    t = factory.tenant("member")
    c, _ = _entries(http, factory, t, 0, currency="EUR")
    p = _product(http, t, c, variants=["S", " M ", "S", ""])
    assert p["variants"] == ["S", "M"] and p["currency"] == "EUR" and p["value"] == "24.50"
    r = http.post(f"/api/v1/campaigns/{c['id']}/products", json={"name": "Again", "sku": p["sku"].lower()},
                  headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "sku"
    for bad, field in [({"value": "-1"}, "value"), ({"value": "1.234"}, "value"), ({"sku": ""}, "sku")]:
        r = http.post(f"/api/v1/campaigns/{c['id']}/products", json={"name": "X", "sku": "X1", **bad},
                      headers=t.headers)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == field, r.text
    assert [x["sku"] for x in http.get(f"/api/v1/campaigns/{c['id']}/products", headers=t.headers).json()] == [
        p["sku"]]


def test_ship_moves_along_and_the_creator_to_product_shipped(http, gifted):
    t, c, (entry, _), product, (s, _) = gifted
    assert s["status"] == "pending" and s["address"]["recipient"] == "Ada Fictional"
    assert s["address"]["country"] == "GB" and s["address_state"] == "shown"
    assert _stage(http, t, c, entry) == "contracted"
    base = f"/api/v1/campaigns/{c['id']}/shipments/{s['id']}/status"
    r = http.post(base, json={"status": "shipped", "version": s["version"]}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "tracking_number"
    r = http.post(base, json={"status": "delivered", "version": s["version"]}, headers=t.headers)
    assert r.status_code == 409 and "allowed: Shipped" in r.json()["error"]["message"]
    r = http.post(base, json={"status": "shipped", "version": s["version"], "carrier": "Royal Mail",
                              "tracking_number": "RM123456785GB"}, headers=t.headers)
    assert r.status_code == 200 and r.json()["status"] == "shipped" and r.json()["shipped_at"], r.text
    assert _stage(http, t, c, entry) == "product_shipped"
    stale = http.post(base, json={"status": "delivered", "version": s["version"]}, headers=t.headers)
    assert stale.status_code == 409 and stale.json()["error"]["fields"][0]["field"] == "version"
    r = http.post(base, json={"status": "delivered", "version": r.json()["version"]}, headers=t.headers)
    assert r.status_code == 200 and r.json()["delivered_at"] and r.json()["allowed_moves"] == ["returned"]
    kinds = [e["kind"] for e in http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/timeline",
                                         headers=t.headers).json()]
    assert kinds[:4] == ["shipment", "stage", "shipment", "gift"]
    # wrong product, variant or address: 422 naming the field, nothing added
    for extra, field in [({"variant": "Oolong"}, "variant"), ({"product_id": 10**12}, "product_id"),
                         ({"address": {**ADDRESS, "country": "GBR"}}, "address.country"),
                         ({"address": {**ADDRESS, "line1": ""}}, "address.line1"),
                         ({"shipping_cost": "-2"}, "shipping_cost")]:
        r = _ship(http, t, c, entry, product, **extra)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == field, r.text
    assert len(_shipments(http, t, c)) == 2


def test_address_is_encrypted_at_rest_and_erasable(http, gifted, engine):
    t, c, _, _, (s, _) = gifted
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT recipient_encrypted, address_encrypted FROM campaign_shipments "
                                "WHERE id = :id"), {"id": s["id"]}).one()
    stored = " ".join(raw)
    # whole words and phrases: a 3-letter piece like "ZZ9" can turn up inside a base64 token by chance
    for plain in ("Ada Fictional", "Nowhere", "Testbury", "ZZ9 9ZZ"):
        assert plain not in stored
    assert raw[0].startswith("gAAAA")  # a Fernet token
    r = http.post(f"/api/v1/campaigns/{c['id']}/shipments/{s['id']}/erase-address", headers=t.headers)
    assert r.status_code == 200 and r.json()["address"] is None and r.json()["address_state"] == "erased"
    assert r.json()["sku"] == s["sku"] and r.json()["address_erased_at"]  # the shipment stays for accounting
    with unit_of_work(engine) as db:
        row = db.scalar(select(Shipment).where(Shipment.id == s["id"]))
        assert row is not None and row.recipient_encrypted == "" and row.address_encrypted == ""
    events = http.get(f"/api/v1/campaigns/{c['id']}/timeline", headers=t.headers).json()
    assert events[0]["kind"] == "address_erased"


def test_viewers_never_see_addresses(http, gifted, factory):
    t, c, entries, _, _ = gifted
    viewer = factory.tenant("viewer", workspace_id=t.workspace_id)
    listed = http.get(f"/api/v1/campaigns/{c['id']}/shipments", headers=viewer.headers)
    assert listed.status_code == 200 and len(listed.json()) == 2
    assert all(s["address"] is None and s["address_state"] == "hidden" for s in listed.json())
    assert "Ada Fictional" not in listed.text and "Testbury" not in listed.text
    assert http.get(f"/api/v1/campaigns/{c['id']}/shipments.csv", headers=viewer.headers).status_code == 403
    sid = listed.json()[0]["id"]
    for url, body in [(f"/shipments/{sid}/erase-address", None), ("/products", {"name": "X", "sku": "V1"}),
                      (f"/creators/{entries[0]['id']}/shipments", {"product_id": 1, "address": ADDRESS}),
                      ("/shipments/import", None)]:
        r = http.post(f"/api/v1/campaigns/{c['id']}{url}", json=body, headers=viewer.headers)
        assert r.status_code == 403, (url, r.text)


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


def _import(http, t, c, body: bytes):
    return http.post(f"/api/v1/campaigns/{c['id']}/shipments/import", content=body,
                     headers={**t.headers, "Content-Type": "text/csv"})


def test_fulfilment_csv_round_trip(http, gifted):
    t, c, entries, product, _ = gifted
    r = http.get(f"/api/v1/campaigns/{c['id']}/shipments.csv", headers=t.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [x["recipient"] for x in rows] == ["Ada Fictional"] * 2 and rows[0]["sku"] == product["sku"]
    assert rows[0]["creator_handle"] == entries[0]["handle"] and rows[0]["variant"] == "Mint"
    # the fulfilment house fills in carrier and tracking number in the same file and sends it back
    for i, row in enumerate(rows):
        row["carrier"], row["tracking_number"] = "DPD", f"15501234{i}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    r = _import(http, t, c, buf.getvalue().encode("utf-8-sig"))
    assert r.status_code == 200 and r.json()["updated"] == 2 and r.json()["shipped"] == 2, r.text
    after = _shipments(http, t, c)
    assert [(s["status"], s["carrier"], s["tracking_number"]) for s in after] == [
        ("shipped", "DPD", "155012340"), ("shipped", "DPD", "155012341")]
    assert {_stage(http, t, c, e) for e in entries} == {"product_shipped"}
    r = _import(http, t, c, _csv([["shipment_id", "carrier", "tracking_number", "status"],
                                  [str(after[0]["id"]), "", "155012340", "delivered"]]))
    assert r.status_code == 200 and _shipments(http, t, c)[0]["status"] == "delivered"


@pytest.mark.parametrize("make, status, field", [
    (lambda ids, other: _csv([["shipment", "carrier", "tracking_number"], [ids[0], "DPD", "1"]]), 422, "line 1"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number"], [ids[0], "DPD", "1"],
                              [ids[1], "DPD", " "]]), 422, "line 3.tracking_number"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number"], [ids[0], "DPD", "1"],
                              ["99999999999", "DPD", "2"]]), 422, "line 3.shipment_id"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number"], [ids[0], "DPD", "1"],
                              [other, "DPD", "2"]]), 422, "line 3.shipment_id"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number", "status"], [ids[0], "DPD", "1", ""],
                              [ids[1], "DPD", "2", "teleported"]]), 422, "line 3.status"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number", "status"],
                              [ids[1], "DPD", "2", "delivered"]]), 422, "line 2.status"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number"], [ids[0], "DPD", "1"],
                              [ids[0], "DPD", "2"]]), 422, "line 3.shipment_id"),
    (lambda ids, other: _csv([["shipment_id", "carrier", "tracking_number"], ["abc", "DPD", "1"]]), 422,
     "line 2.shipment_id"),
    (lambda ids, other: b"shipment_id,carrier,tracking_number\n" + ids[0].encode() + b",D\xe9PD,1\n", 400,
     "line 2"),
    (lambda ids, other: b"shipment_id,carrier,tracking_number\n", 422, "file"),
    (lambda ids, other: b"shipment_id,carrier,tracking_number\n" + b"1,DPD,1\n" * 150_000, 413, "file"),
])
def test_bad_tracking_files_write_nothing(http, gifted, factory, make, status, field):
    t, c, _, _, shipments = gifted
    other_t = factory.tenant("member")
    other_c, (other_entry,) = _entries(http, factory, other_t, 1)
    theirs = _ship(http, other_t, other_c, other_entry, _product(http, other_t, other_c)).json()
    before = _shipments(http, t, c)
    r = _import(http, t, c, make([str(s["id"]) for s in shipments], str(theirs["id"])))
    assert r.status_code == status, r.text
    assert r.json()["error"]["fields"][0]["field"] == field, r.text
    assert "Nothing was imported" in r.json()["error"]["message"] or status == 413
    assert _shipments(http, t, c) == before
    assert _shipments(http, other_t, other_c)[0]["tracking_number"] == ""


def test_spend_counts_product_value_and_shipping(http, gifted):
    t, c, entries, _, _ = gifted
    spend = http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=t.headers).json()
    costs = {x["campaign_creator_id"]: x for x in spend["creators"]}
    assert (costs[entries[0]["id"]]["fees"], costs[entries[0]["id"]]["product"],
            costs[entries[0]["id"]]["shipping"], costs[entries[0]["id"]]["total"]) == ("100.00", "24.50", "4.95",
                                                                                        "129.45")
    assert spend["committed"] == "258.90"


def test_gift_delivered_without_post_is_late(http, gifted, engine):
    t, c, entries, _, shipments = gifted
    sid = shipments[0]["id"]
    base = f"/api/v1/campaigns/{c['id']}/shipments/{sid}/status"
    v = http.post(base, json={"status": "shipped", "version": 1, "tracking_number": "T1"}, headers=t.headers).json()
    http.post(base, json={"status": "delivered", "version": v["version"]}, headers=t.headers)
    assert not [m for m in http.get(f"/api/v1/campaigns/{c['id']}/reminders", headers=t.headers).json()
                if m["kind"] == "gift_no_post"]
    with unit_of_work(engine) as db:
        late = review.reminders(db, t.ctx, c["id"], today=utcnow().date() + timedelta(days=20))
    gift = [m for m in late if m.kind == "gift_no_post"]
    assert [(m.campaign_creator_id, m.days_late) for m in gift] == [(entries[0]["id"], 6)]
    assert "no post after 20 days" in gift[0].message


def test_cli_export_and_import(http, gifted, tmp_path):
    from tests.campaigns.test_cli import invoke

    t, c, _, _, shipments = gifted
    out = tmp_path / "ship.csv"
    r = invoke("campaigns", "shipments", "export", str(c["id"]), "--out", str(out), "--workspace", t.slug)
    assert r.exit_code == 0 and "Wrote 2 shipments" in r.output, r.output
    assert oct(out.stat().st_mode & 0o777) == "0o600" and "Ada Fictional" in out.read_text()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv([["shipment_id", "carrier", "tracking_number"], [str(shipments[0]["id"]), "DPD", ""]]))
    r = runner_invoke("campaigns", "shipments", "import", str(c["id"]), str(bad), "--workspace", t.slug)
    assert r.exit_code == 1 and "line 2.tracking_number" in r.output, r.output
    assert {s["status"] for s in _shipments(http, t, c)} == {"pending"}
    good = tmp_path / "good.csv"
    good.write_bytes(_csv([["shipment_id", "carrier", "tracking_number"], [str(shipments[0]["id"]), "DPD", "9"]]))
    r = invoke("campaigns", "shipments", "import", c["name"], str(good), "--workspace", t.slug)
    assert r.exit_code == 0 and "Updated 1 shipments" in r.output, r.output
    assert [s["status"] for s in _shipments(http, t, c)] == ["shipped", "pending"]


def runner_invoke(*args):
    from reachroom.cli import app
    from tests.campaigns.test_cli import runner

    return runner.invoke(app, list(args))


def test_gifting_pages_for_members_and_viewers(http, gifted, factory, live_server):
    import httpx

    from tests.web import csrf_of, login

    t, c, entries, product, shipments = gifted
    viewer = factory.tenant("viewer", workspace_id=t.workspace_id)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, t.email).status_code == 200
        page = browser.get(f"/campaigns/{c['id']}")
        assert 'data-testid="gifting"' in page.text and product["sku"] in page.text and "Ada Fictional" in page.text
        assert 'data-testid="import-form"' in page.text and "shipments.csv" in page.text
        creator = browser.get(f"/campaigns/{c['id']}/creators/{entries[0]['id']}")
        assert 'data-testid="ship-form"' in creator.text and "1 Nowhere Lane" in creator.text
        token = csrf_of(creator.text)
        form = {"csrf_token": token, "product_id": str(product["id"]), "variant": "Chai", "recipient": "Bo Madeup",
                "line1": "2 Imaginary Road", "city": "Fakeham", "country": "G1", "tracking_number": "TRK1"}
        r = browser.post(f"/campaigns/{c['id']}/creators/{entries[0]['id']}/shipments", data=form)
        assert r.status_code == 422 and "address.country" in r.text and len(_shipments(http, t, c)) == 2
        assert 'value="2 Imaginary Road"' in r.text and 'value="Chai"' in r.text  # what was typed comes back
        r = browser.post(f"/campaigns/{c['id']}/creators/{entries[0]['id']}/shipments", data={**form, "country": "gb"})
        assert r.status_code == 303 and "#gifts" in r.headers["location"], r.text
        assert [s["status"] for s in _shipments(http, t, c)] == ["pending", "pending", "shipped"]
        r = browser.post(f"/campaigns/{c['id']}/shipments/import", data={"csrf_token": token},
                         files={"file": ("t.csv", f"shipment_id,carrier,tracking_number\n{shipments[1]['id']},DPD,\n",
                                         "text/csv")})
        assert r.status_code == 422 and "line 2.tracking_number" in r.text
        r = browser.post(f"/campaigns/{c['id']}/shipments/{shipments[1]['id']}/erase-address",
                         data={"csrf_token": token})
        assert r.status_code == 303 and _shipments(http, t, c)[1]["address_state"] == "erased"
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, viewer.email).status_code == 200
        for url in (f"/campaigns/{c['id']}", f"/campaigns/{c['id']}/gifting",
                    f"/campaigns/{c['id']}/creators/{entries[0]['id']}"):
            page = browser.get(url)
            assert page.status_code == 200 and product["sku"] in page.text, url
            for secret in ("Ada Fictional", "Nowhere Lane", "Bo Madeup", "Imaginary"):
                assert secret not in page.text, (url, secret)
            assert 'data-testid="ship-form"' not in page.text and 'data-testid="erase-address"' not in page.text


def test_a_changed_secret_key_is_a_clear_message_not_a_500(http, gifted, monkeypatch):
    from reachroom.config import get_settings

    t, c, entries, _, shipments = gifted
    monkeypatch.setenv("REACHROOM_SECRET_KEY", "another-key-" + uuid.uuid4().hex)
    get_settings.cache_clear()
    listed = http.get(f"/api/v1/campaigns/{c['id']}/shipments", headers=t.headers)
    assert listed.status_code == 200 and {s["address_state"] for s in listed.json()} == {"unreadable"}
    r = http.get(f"/api/v1/campaigns/{c['id']}/shipments.csv", headers=t.headers)
    assert r.status_code == 409 and "secret key" in r.json()["error"]["message"]
    r = http.post(f"/api/v1/campaigns/{c['id']}/shipments/{shipments[0]['id']}/erase-address", headers=t.headers)
    assert r.status_code == 200 and r.json()["address_state"] == "erased"  # erasure works without the key
