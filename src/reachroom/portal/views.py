"""The creator portal's pages: sign up, verify the email, log in and out, forgotten password, the creator's home
and profile, export and delete their data. The portal has its own cookie and CSRF; brand pages are elsewhere."""

import json
import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload

from reachroom.campaigns import media
from reachroom.campaigns.checks import highlight
from reachroom.campaigns.schemas import FORMAT_NAMES, LiveIn, SubmissionIn
from reachroom.config import get_settings
from reachroom.core.deps import DB
from reachroom.core.downloads import stored_file_response
from reachroom.core.errors import AppError, validated
from reachroom.core.forms import recover_form
from reachroom.core.security import new_token, same_secret
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.core.vocab import NICHE_SLUGS, PLATFORM_NAMES
from reachroom.portal import bids, drafts, notifications, numbers, service, tokens
from reachroom.portal import campaigns as mine
from reachroom.portal.bids import BidIn
from reachroom.portal.deps import CREATOR_COOKIE, creator_auth, creator_write
from reachroom.portal.export import export_data
from reachroom.portal.opportunities import FeedFilters, feed
from reachroom.portal.schemas import PasswordIn, ProfileIn, SignupIn
from reachroom.portal.service import CreatorAuth

router = APIRouter(include_in_schema=False)
FORM_COOKIE = "rr_portal_form"  # double-submit CSRF for the forms used before login


def _public(request: Request, name: str, values: dict[str, Any], status: int = 200) -> Response:
    """A page shown before login, with a fresh double-submit CSRF token."""
    token = request.cookies.get(FORM_COOKIE) or new_token("p_")
    resp = templates.TemplateResponse(request, f"portal/{name}.html", {"csrf": token, **values}, status_code=status)
    resp.set_cookie(FORM_COOKIE, token, httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return resp


def _form_ok(request: Request, form: FormData) -> bool:
    cookie = request.cookies.get(FORM_COOKIE, "")
    return bool(cookie) and same_secret(cookie, str(form.get("csrf_token", "")))


def _logged_in(raw: str) -> RedirectResponse:
    resp = RedirectResponse("/portal", status_code=303)
    resp.set_cookie(CREATOR_COOKIE, raw, httponly=True, samesite="lax", secure=get_settings().secure_cookies,
                    max_age=get_settings().session_days * 86400)
    return resp


@router.get("/portal/signup")
def signup_page(request: Request) -> Response:
    """Create a creator account."""
    return _public(request, "signup", {"values": {}})


@router.post("/portal/signup")
async def signup(request: Request, db: Session = DB) -> Response:
    """Create the account, send the verification link, log in."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("name", "email")}
    if not _form_ok(request, form):
        return _public(request, "signup", {"values": values, "error": "The form expired; try again."}, 403)
    try:
        user = service.signup(db, validated(SignupIn, {**values, "password": str(form.get("password", ""))},
                                            "form"))
        raw = service.start_session(db, user)
    except AppError as err:
        recover_form(db, err, reraise=())
        return _public(request, "signup", {"values": values, "error": err.message}, err.status)
    return _logged_in(raw)


@router.get("/portal/login")
def login_page(request: Request) -> Response:
    """The creators' login."""
    return _public(request, "login", {"email": ""})


@router.post("/portal/login")
async def login(request: Request, db: Session = DB) -> Response:
    """Check the credentials and start a creator session."""
    form = await request.form()
    email = str(form.get("email", ""))
    if not _form_ok(request, form):
        return _public(request, "login", {"email": email, "error": "The form expired; try again."}, 403)
    ip = request.client.host if request.client else ""
    try:
        raw = service.start_session(db, service.authenticate(db, email, str(form.get("password", "")), ip))
    except AppError as err:
        db.commit()  # the failed attempt counts towards the limit even though the answer is an error
        resp = _public(request, "login", {"email": email, "error": err.message}, err.status)
        if getattr(err, "retry_after", None):
            resp.headers["Retry-After"] = str(err.retry_after)  # type: ignore[attr-defined]
        return resp
    return _logged_in(raw)


@router.post("/portal/logout")
async def logout(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """End the creator session."""
    service.end_session(db, request.cookies.get(CREATOR_COOKIE, ""))
    resp = RedirectResponse("/portal/login", status_code=303)
    resp.delete_cookie(CREATOR_COOKIE)
    return resp


@router.get("/portal/verify/{token}")
def verify(request: Request, token: str, db: Session = DB) -> Response:
    """Confirm the email address from the emailed link."""
    service.verify_email(db, token)
    return _public(request, "message", {"title": "Email confirmed", "text": "Thanks, your address is confirmed.",
                                        "link": ("/portal", "Go to your portal")})


@router.get("/portal/forgot")
def forgot_page(request: Request) -> Response:
    """Ask for a password reset link."""
    return _public(request, "forgot", {})


@router.post("/portal/forgot")
async def forgot(request: Request, db: Session = DB) -> Response:
    """Email a reset link if the address has an account (the answer is the same either way)."""
    form = await request.form()
    if not _form_ok(request, form):
        return _public(request, "forgot", {"error": "The form expired; try again."}, 403)
    service.request_reset(db, str(form.get("email", "")))
    return _public(request, "message", {"title": "Check your email", "text": "If that address has a creator "
                                        "account, a link to choose a new password is on its way. It works for "
                                        "one hour.", "link": ("/portal/login", "Back to log in")})


@router.get("/portal/reset/{token}")
def reset_page(request: Request, token: str, db: Session = DB) -> Response:
    """Choose a new password (404 for a link that is unknown, used or expired)."""
    service.check_reset_link(db, token)
    return _public(request, "reset", {"token": token})


@router.post("/portal/reset/{token}")
async def reset(request: Request, token: str, db: Session = DB) -> Response:
    """Set the new password (every other session of the account ends) and log in."""
    form = await request.form()
    if not _form_ok(request, form):
        return _public(request, "reset", {"token": token, "error": "The form expired; try again."}, 403)
    try:
        user = service.reset_password(db, token, validated(PasswordIn, {"password": str(form.get("password", ""))},
                                                           "form"))
        raw = service.start_session(db, user)
    except AppError as err:
        recover_form(db, err, reraise=(404,))
        return _public(request, "reset", {"token": token, "error": err.message}, err.status)
    return _logged_in(raw)


# ---------- logged in ----------

def _home(request: Request, db: Session, auth: CreatorAuth, errors: list[str] | None = None,
          values: dict | None = None, status: int = 200, new_token: str = "") -> Response:
    return templates.TemplateResponse(
        request, "portal/home.html",
        {"creator": auth, "section": "home", "profile": service.profile(db, auth), "errors": errors or [],
         "news": notifications.recent(db, auth),
         "values": values or {},
         "claims": mine.claims(db, auth), "campaigns": mine.my_campaigns(db, auth),
         "tokens": tokens.listing(db, auth), "new_token": new_token,
         "formats": FORMAT_NAMES, "niches": NICHE_SLUGS, "platforms": PLATFORM_NAMES}, status_code=status)


@router.get("/portal")
def home(request: Request, auth: CreatorAuth = Depends(creator_auth), db: Session = DB) -> Response:
    """The creator's home: their profile, rates, address and payout details."""
    return _home(request, db, auth)


def _profile_values(form: FormData) -> dict[str, Any]:
    rates = [{"format": f, "amount": str(form.get(f"rate_{f}", "")).strip(),
              "currency": str(form.get("currency", "GBP")).strip() or "GBP"}
             for f in FORMAT_NAMES if str(form.get(f"rate_{f}", "")).strip()]
    address = {k: str(form.get(k, "")).strip() for k in ("recipient", "line1", "line2", "city", "postcode",
                                                          "address_country")}
    values: dict[str, Any] = {
        "name": str(form.get("name", "")),
        "handles": [h for h in str(form.get("handles", "")).replace(",", " ").split() if h],
        "niches": [str(n) for n in form.getlist("niches")], "country": str(form.get("country", "")).strip(),
        "languages": [x for x in str(form.get("languages", "")).replace(",", " ").split() if x], "rates": rates,
        "payout": str(form.get("payout", "")).strip() or None}
    if any(address.values()):
        values["address"] = {**{k: v for k, v in address.items() if k != "address_country"},
                             "country": address["address_country"]}
    return values


@router.post("/portal/profile")
async def save_profile(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """Save the profile (address and payout details are encrypted; the payout is shown masked from now on)."""
    form = await request.form()
    values = _profile_values(form)
    try:
        service.update_profile(db, auth, validated(ProfileIn, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        message = _named_rates(err.message, [r["format"] for r in values["rates"]])
        return _home(request, db, auth, [message], {k: str(v) for k, v in form.items()}, err.status)
    return RedirectResponse("/portal?saved=1", status_code=303)


def _named_rates(message: str, formats: list[str]) -> str:
    """"rates.1.amount: …" → "Reel rate: …": the form shows one box per format, not a list."""
    return re.sub(r"rates\.(\d+)\.(amount|currency)",
                  lambda m: (f"{FORMAT_NAMES[formats[int(m.group(1))]]} rate" if m.group(2) == "amount"
                             else "currency") if int(m.group(1)) < len(formats) else m.group(0), message)


@router.post("/portal/verify/resend")
async def resend(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """Send the verification link again."""
    service.resend_verification(db, auth)
    return RedirectResponse("/portal?resent=1", status_code=303)


@router.get("/portal/export")
def export(auth: CreatorAuth = Depends(creator_auth), db: Session = DB) -> Response:
    """Everything the portal keeps about the creator, as a JSON download."""
    body = json.dumps(export_data(db, auth), indent=2, ensure_ascii=False)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="my-reachroom-data.json"'})


@router.post("/portal/delete")
async def delete(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """Delete the account and its data (the password confirms it)."""
    form = await request.form()
    try:
        service.delete_account(db, auth, str(form.get("password", "")))
    except AppError as err:
        recover_form(db, err, reraise=())
        return _home(request, db, auth, [err.message], status=err.status)
    resp = _public(request, "message", {"title": "Account deleted", "text": "Your creator account and everything "
                                        "kept with it are gone.", "link": ("/portal/signup", "Sign up again")})
    resp.delete_cookie(CREATOR_COOKIE)
    return resp


async def _act(request: Request, db: Session, auth: CreatorAuth, action, anchor: str) -> Response:
    """Run a portal form action: back home with what happened, or home again with the reason."""
    form = await request.form()
    try:
        done = action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _home(request, db, auth, [err.message], status=err.status)
    return RedirectResponse(f"/portal?{urlencode({'done': done})}#{anchor}", status_code=303)


@router.post("/portal/claims/{claim_id}/review")
async def ask_review(request: Request, claim_id: Id, auth: CreatorAuth = Depends(creator_write),
                     db: Session = DB) -> Response:
    """Ask the brands that work with the account to confirm it is the creator's."""
    def run(form: FormData) -> str:
        c = mine.ask_review(db, auth, claim_id, str(form.get("note", "")))
        return f"Asked the brands that work with @{c.handle} to confirm it is yours"
    return await _act(request, db, auth, run, "accounts")


@router.post("/portal/tokens")
async def create_token(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """A new API token, shown on the page this once (a redirect would have to carry the secret)."""
    form = await request.form()
    try:
        _, raw = tokens.create(db, auth, str(form.get("name", "")))
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _home(request, db, auth, [err.message], status=err.status)
    page = _home(request, db, auth, new_token=raw)
    page.headers["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return page


@router.post("/portal/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: Id, auth: CreatorAuth = Depends(creator_write),
                       db: Session = DB) -> Response:
    """Revoke one of the creator's tokens."""
    def run(form: FormData) -> str:
        return f"Token “{tokens.revoke(db, auth, token_id).name}” revoked"
    return await _act(request, db, auth, run, "tokens")


@router.post("/portal/claims")
async def start_claim(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """Claim a catalogue account: the code to put in its bio comes back."""
    def run(form: FormData) -> str:
        claim = mine.start_claim(db, auth, str(form.get("account", "")))
        return f"Put {claim.code} in @{claim.handle}'s bio, then press Check"
    return await _act(request, db, auth, run, "accounts")


@router.post("/portal/claims/{claim_id}/check")
async def check_claim(request: Request, claim_id: Id, auth: CreatorAuth = Depends(creator_write),
                      db: Session = DB) -> Response:
    """Check the code is in the bio; the account is then the creator's."""
    def run(_: FormData) -> str:
        claim = mine.check_claim(db, auth, claim_id)
        return f"@{claim.handle} is yours: its campaigns show below"
    return await _act(request, db, auth, run, "accounts")


@router.post("/portal/campaigns/{entry_id}/accept")
async def accept_terms(request: Request, entry_id: Id, auth: CreatorAuth = Depends(creator_write),
                       db: Session = DB) -> Response:
    """Accept the newest terms of one of the creator's campaigns."""
    def run(form: FormData) -> str:
        version = parse_id(str(form.get("version", "")), "version")
        mine.accept_terms(db, auth, entry_id, version)
        return f"Terms version {version} accepted; the fee is due to you"
    return await _act(request, db, auth, run, "campaigns")


def _opportunities(request: Request, db: Session, auth: CreatorAuth, errors: list[str] | None = None,
                   status: int = 200, typed: dict | None = None) -> Response:
    me = service.profile(db, auth)
    waiting = {b.campaign_id for b in bids.my_bids(db, auth) if b.status in bids.OPEN}
    try:
        filters = FeedFilters.from_params(request.query_params)
    except AppError as err:
        filters, errors, status = FeedFilters(), [*(errors or []), err.message], err.status
    cards, total = feed(db, auth, me.country, me.niches, filters=filters)
    return templates.TemplateResponse(
        request, "portal/opportunities.html",
        {"creator": auth, "section": "opportunities", "accounts": mine.claims(db, auth), "filters": filters,
         "cards": cards, "total": total, "open_bids": waiting, "errors": errors or [], "typed": typed or {},
         "platforms": PLATFORM_NAMES, "niche_names": {n: n.replace("_", " ").capitalize() for n in NICHE_SLUGS}},
        status_code=status)


@router.get("/portal/opportunities")
def opportunities(request: Request, auth: CreatorAuth = Depends(creator_auth), db: Session = DB) -> Response:
    """Open opportunities the creator's proved accounts are eligible for, best fit first."""
    return _opportunities(request, db, auth)


@router.post("/portal/opportunities/{campaign_id}/bid")
async def place_bid(request: Request, campaign_id: Id, auth: CreatorAuth = Depends(creator_write),
                    db: Session = DB) -> Response:
    """Bid on an opportunity."""
    form = await request.form()
    try:
        lines = [{"format": str(f), "count": str(n).strip() or "1", "fee": str(fee).replace(",", "").strip()}
                 for f, n, fee in zip(form.getlist("line_format"), form.getlist("line_count"),
                                      form.getlist("line_fee"), strict=False) if str(fee).strip()]
        data = validated(BidIn, {"account_id": str(form.get("account_id", "")).strip() or 0,
                                 "fee": str(form.get("fee", "")).replace(",", "").strip() or "0",
                                 "currency": str(form.get("currency", "GBP")),
                                 "gifted_only": form.get("gifted_only") == "on",
                                 "message": str(form.get("message", "")), "deliverables": lines,
                                 "starts_on": str(form.get("starts_on", "")).strip() or None,
                                 "ends_on": str(form.get("ends_on", "")).strip() or None}, "form")
        bids.place(db, auth, campaign_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        typed = {"campaign_id": campaign_id, "line_fee": dict(zip(form.getlist("line_format"),
                                                                  form.getlist("line_fee"), strict=False)),
                 **{k: str(form.get(k, "")) for k in ("fee", "message", "starts_on", "ends_on")}}
        return _opportunities(request, db, auth, [err.message], err.status, typed)
    return RedirectResponse(f"/portal/bids?{urlencode({'done': 'Bid placed: the brand sees it now'})}",
                            status_code=303)


def _bids_page(request: Request, db: Session, auth: CreatorAuth, errors: list[str] | None = None,
               status: int = 200) -> Response:
    return templates.TemplateResponse(request, "portal/bids.html",
                                      {"creator": auth, "section": "bids", "bids": bids.my_bids(db, auth),
                                       "errors": errors or []}, status_code=status)


@router.get("/portal/bids")
def my_bids(request: Request, auth: CreatorAuth = Depends(creator_auth), db: Session = DB) -> Response:
    """The creator's bids and the brands' answers."""
    return _bids_page(request, db, auth)


async def _bid_action(request: Request, db: Session, auth: CreatorAuth, action, done: str) -> Response:
    await request.form()
    try:
        action()
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _bids_page(request, db, auth, [err.message], err.status)
    return RedirectResponse(f"/portal/bids?{urlencode({'done': done})}", status_code=303)


@router.post("/portal/bids/{bid_id}/counter")
async def counter_back(request: Request, bid_id: Id, auth: CreatorAuth = Depends(creator_write),
                       db: Session = DB) -> Response:
    """Answer the brand's counter-offer with the creator's own fee."""
    form = await request.form()

    def answer() -> None:
        data = validated(bids.CounterIn, {"fee": str(form.get("fee", "")).replace(",", "").strip() or None,
                                          "message": str(form.get("message", ""))}, "form")
        bids.counter_back(db, auth, bid_id, data)

    return await _bid_action(request, db, auth, answer, "Your answer is with the brand")


@router.post("/portal/bids/{bid_id}/withdraw")
async def withdraw_bid(request: Request, bid_id: Id, auth: CreatorAuth = Depends(creator_write),
                       db: Session = DB) -> Response:
    """Withdraw an open bid."""
    return await _bid_action(request, db, auth, lambda: bids.withdraw(db, auth, bid_id), "Bid withdrawn")


@router.post("/portal/bids/{bid_id}/accept")
async def accept_counter(request: Request, bid_id: Id, auth: CreatorAuth = Depends(creator_write),
                         db: Session = DB) -> Response:
    """Accept the brand's counter-offer."""
    return await _bid_action(request, db, auth, lambda: bids.accept_counter(db, auth, bid_id),
                             "Offer accepted: the campaign and its terms are in Your campaigns")


def _draft_page(request: Request, db: Session, auth: CreatorAuth, entry_id: int, caption: str = "",
                checked: tuple | None = None, errors: list[str] | None = None, status: int = 200) -> Response:
    found = drafts.room(db, auth, entry_id)
    return templates.TemplateResponse(
        request, "portal/drafts.html",
        {"creator": auth, "section": "home", "room": found, "caption": caption, "checked": checked,
         "live_pieces": {s.id: highlight(s.live_caption, [c.model_dump() for c in s.live_checks])
                         for s in found.drafts if s.live_url},
         "posts": numbers.my_posts(db, auth, entry_id),
         "errors": errors or [], "formats": FORMAT_NAMES, "platforms": PLATFORM_NAMES,
         "max_upload_bytes": get_settings().max_upload_bytes,
         "pieces": {s.id: highlight(s.caption, [c.model_dump() for c in s.checks]) for s in found.drafts}},
        status_code=status)


@router.get("/portal/campaigns/{entry_id}")
def draft_room(request: Request, entry_id: Id, auth: CreatorAuth = Depends(creator_auth),
               db: Session = DB) -> Response:
    """One of the creator's campaigns: the brief, their drafts and the brand's comments."""
    return _draft_page(request, db, auth, entry_id)


@router.post("/portal/campaigns/{entry_id}/drafts")
async def draft(request: Request, entry_id: Id, auth: CreatorAuth = Depends(creator_write),
                db: Session = DB) -> Response:
    """"Check it" runs the checks and shows them (nothing saved); "Submit" sends the draft to the brand."""
    form = await request.form()
    caption = str(form.get("caption", ""))
    uploads = [media.Incoming(f.filename or "", f.file) for f in form.getlist("media")
               if isinstance(f, StarletteUpload) and (f.filename or f.size)]
    try:
        data = validated(SubmissionIn, {"caption": caption}, "caption")
        if form.get("action") != "submit":
            return _draft_page(request, db, auth, entry_id, caption, drafts.precheck(db, auth, entry_id, caption))
        sub = drafts.submit(db, auth, entry_id, data, uploads)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _draft_page(request, db, auth, entry_id, caption, errors=[err.message], status=err.status)
    return RedirectResponse(f"/portal/campaigns/{entry_id}?submitted={sub.version}", status_code=303)


@router.get("/portal/campaigns/{entry_id}/media/{media_id}")
def draft_file(entry_id: Id, media_id: Id, auth: CreatorAuth = Depends(creator_auth), db: Session = DB) -> Response:
    """An image or video of the creator's own draft (nosniff, sandboxed, as on the brand side)."""
    found, chunks = drafts.open_file(db, auth, entry_id, media_id)
    return stored_file_response(found.content_type, found.filename, found.size, chunks)


@router.post("/portal/notifications/read")
async def read_all(request: Request, auth: CreatorAuth = Depends(creator_write), db: Session = DB) -> Response:
    """Mark every notification as seen."""
    notifications.mark_all_read(db, auth)
    return RedirectResponse("/portal#news", status_code=303)


@router.post("/portal/campaigns/{entry_id}/drafts/{submission_id}/live")
async def live_post(request: Request, entry_id: Id, submission_id: Id, auth: CreatorAuth = Depends(creator_write),
                    db: Session = DB) -> Response:
    """Record the published post of the approved draft (checked again against it)."""
    form = await request.form()
    try:
        data = validated(LiveIn, {"url": str(form.get("url", "")), "caption": str(form.get("caption", ""))}, "form")
        drafts.record_live(db, auth, entry_id, submission_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _draft_page(request, db, auth, entry_id, errors=[err.message], status=err.status)
    return RedirectResponse(f"/portal/campaigns/{entry_id}?live=1", status_code=303)


NUMBER_FIELDS = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "link_clicks")


@router.post("/portal/campaigns/{entry_id}/posts/{post_id}/numbers")
async def post_numbers(request: Request, entry_id: Id, post_id: Id, auth: CreatorAuth = Depends(creator_write),
                       db: Session = DB) -> Response:
    """The creator types in one of their counted posts' numbers from their app's insights."""
    form = await request.form()
    raw: dict[str, Any] = {"collected_at": str(form.get("collected_at", "")).strip() or None}
    for name in NUMBER_FIELDS:
        text = str(form.get(name, "")).replace(",", "").replace(" ", "").strip()
        if text:
            raw[name] = text
    try:
        data = validated(numbers.NumbersIn, raw, "form")
        numbers.report_numbers(db, auth, entry_id, post_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _draft_page(request, db, auth, entry_id, errors=[err.message], status=err.status)
    return RedirectResponse(f"/portal/campaigns/{entry_id}?numbers=1#d-numbers", status_code=303)
