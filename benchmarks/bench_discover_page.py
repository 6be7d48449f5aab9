"""Discover page and search API at scale: `python benchmarks/bench_discover_page.py --creators N --dir DIR`.

Writes N synthetic accounts (the engine's generator, with the app embedder's 256 dimensions) into a full-schema
SQLite database in DIR (kept and reused for the same N), adds a login, an API token and a brand through the CLI and
the models, starts the real app (`reachroom serve`) on it and measures over HTTP:

- `first_search_s`: the first search, which builds the index from the database and saves it;
- `page_*`: GET /discover with a query (the whole page, search included), `results_*`: GET /discover/results (the
  block the page swaps when a weight or filter changes), `api_*`: POST /api/v1/discovery/search;
- with Chromium (REACHROOM_CHROMIUM_PATH, default /usr/bin/chromium), in a real browser: submit a search and wait
  for the results (`browser_search_*`), then move a weight slider and wait for the re-ranked results
  (`browser_weight_*`).

Prints one JSON object; timings are milliseconds at the client, `server_*` the search's own `took_ms`.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from reachroom.db import make_engine, unit_of_work
from reachroom.discovery.bench.scratch_db import synthetic_db_holds, write_synthetic_db
from reachroom.models import Base, Brand, Workspace

EMAIL = "bench@example.com"
PASSWORD = "bench-password-1"
CLI = str(Path(sys.executable).with_name("reachroom"))
DIM = 256  # the app's embedder (content.embedder): query texts must embed into the index's space
TEXTS = ["honest skincare reviews", "budget family travel", "home workouts for beginners", "vegan baking",
         "retro gaming", "minimalist fashion", "slow living and candles", "trail running", "house plants",
         "street food tours"]


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_db(url: str, n: int, env: dict[str, str]) -> dict:
    """Full schema + N synthetic accounts + a login, a token and a brand; reused when it already holds N."""
    info = {"reused_db": synthetic_db_holds(url, n)}
    if not info["reused_db"]:
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        t = time.perf_counter()
        write_synthetic_db(url, n, dim=DIM)
        info["write_db_s"] = round(time.perf_counter() - t, 1)
        subprocess.run([CLI, "users", "create", "--email", EMAIL, "--password",
                        PASSWORD, "--workspace", "Bench Agency"], env=env, check=True, capture_output=True)
    engine = make_engine(url)
    with unit_of_work(engine) as db:
        ws = db.query(Workspace).order_by(Workspace.id).first()
        brand = db.query(Brand).filter(Brand.workspace_id == ws.id).first()
        if brand is None:
            brand = Brand(workspace_id=ws.id, name="Glow Lab", description="Clean skincare and honest beauty reviews "
                          "for busy people", niches=["beauty"], voice="Warm, honest and evidence-led.",
                          target_audience={"countries": {"GB": 0.3}, "age_bands": {"18-24": 0.2, "25-34": 0.3},
                                           "genders": {"female": 0.6}})
            db.add(brand)
            db.flush()
        info["brand_id"] = brand.id
    engine.dispose()
    token = subprocess.run([CLI, "tokens", "create", "--email", EMAIL, "--name",
                            f"bench-{time.time_ns()}"], env=env, check=True, capture_output=True, text=True)
    info["token"] = token.stdout.strip().split()[-1]
    return info


def login(client: httpx.Client) -> None:
    form = client.get("/login")
    csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf, "next": "/discover"})


def timed(fn) -> tuple[float, httpx.Response]:
    t = time.perf_counter()
    resp = fn()
    resp.raise_for_status()
    return (time.perf_counter() - t) * 1000, resp


def http_timings(base: str, token: str, brand_id: int, rounds: int) -> dict:
    out: dict = {}
    with httpx.Client(base_url=base, timeout=600, follow_redirects=True) as client:
        login(client)
        t = time.perf_counter()
        client.get("/discover", params={"q": "warm up", "go": "1"}).raise_for_status()
        out["first_search_s"] = round(time.perf_counter() - t, 1)
        page, results, api, server = [], [], [], []
        for i in range(rounds):
            text = TEXTS[i % len(TEXTS)]
            params = {"q": text, "go": "1"} | ({"brand_id": str(brand_id)} if i % 2 else {})
            page.append(timed(lambda params=params: client.get("/discover", params=params))[0])
            weights = params | {"w_engagement": str(10 + i)}
            results.append(timed(lambda weights=weights: client.get("/discover/results", params=weights))[0])
            body = {"text": text, "limit": 50} | ({"brand_id": brand_id} if i % 2 else {})
            ms, resp = timed(lambda body=body: client.post("/api/v1/discovery/search", json=body,
                                                           headers={"Authorization": f"Bearer {token}"}))
            api.append(ms)
            server.append(resp.json()["took_ms"])
            out["index_rows"] = resp.json()["index_rows"]
        for name, values in (("page", page), ("results", results), ("api", api), ("server", server)):
            out[f"{name}_p50_ms"], out[f"{name}_p95_ms"] = _pct(values, 50), _pct(values, 95)
    return out


def browser_timings(base: str, brand_id: int, rounds: int) -> dict:
    chromium = os.environ.get("REACHROOM_CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        return {"browser": f"not run: no Chromium at {chromium}"}
    from playwright.sync_api import sync_playwright

    search, weight = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(base_url=base)
        page.goto("/login")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("[data-testid=login-submit]")
        for i in range(rounds):
            page.goto("/discover")
            page.fill("[data-testid=discover-q]", TEXTS[i % len(TEXTS)])
            page.select_option("[data-testid=discover-brand]", str(brand_id) if i % 2 else "")
            t = time.perf_counter()
            page.click("[data-testid=discover-submit]")
            page.wait_for_selector("[data-testid=discover-result]")
            search.append((time.perf_counter() - t) * 1000)
            slider = page.locator("[data-testid=weight-engagement]")
            t = time.perf_counter()
            with page.expect_response(lambda r: "/discover/results" in r.url):
                slider.evaluate(f"el => {{ el.value = {20 + i}; el.dispatchEvent(new Event('input', "
                                "{bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); }")
            page.wait_for_selector("[data-testid=discover-result]")
            weight.append((time.perf_counter() - t) * 1000)
        browser.close()
    return {"browser_search_p50_ms": _pct(search, 50), "browser_search_max_ms": round(max(search), 1),
            "browser_weight_p50_ms": _pct(weight, 50), "browser_weight_max_ms": round(max(weight), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=1_000_000)
    parser.add_argument("--dir", default="/tmp/reachroom-page-bench")
    parser.add_argument("--rounds", type=int, default=20, help="searches per kind of request")
    parser.add_argument("--browser-rounds", type=int, default=6)
    args = parser.parse_args(argv)

    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{directory / 'app.db'}"
    env = os.environ | {"REACHROOM_DATABASE_URL": url, "REACHROOM_DATA_DIR": str(directory / "var")}
    info = prepare_db(url, args.creators, env)
    port = _free_port()
    server = subprocess.Popen([CLI, "serve", "--host", "127.0.0.1", "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        result = {"creators": args.creators, "reused_db": info["reused_db"], "write_db_s": info.get("write_db_s")}
        result |= http_timings(base, info["token"], info["brand_id"], args.rounds)
        result |= browser_timings(base, info["brand_id"], args.browser_rounds)
        result["cpus"] = os.cpu_count()
        result["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
