"""JSON API: campaigns, their status, pipeline, stage moves, timeline and CSV export."""

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.campaigns import live, media, money, opportunity, review, service
from reachroom.campaigns.opportunity import OpportunityIn, OpportunityOut
from reachroom.campaigns.schemas import (
    AcceptIn,
    AddResult,
    AgreementIn,
    AgreementOut,
    BriefIn,
    BriefOut,
    BulkMove,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    EventOut,
    LiveIn,
    MediaOut,
    PaymentAction,
    PaymentOut,
    PipelineAdd,
    PipelineRow,
    ReminderOut,
    ReviewIn,
    SpendOut,
    Stage,
    StageMove,
    Status,
    StatusIn,
    SubmissionIn,
    SubmissionOut,
)
from reachroom.core.deps import DB, api_context
from reachroom.core.downloads import stored_file_response
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id, OptionalIdQuery

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])
Ctx = Depends(api_context)


@router.get("", response_model=list[CampaignOut])
def list_campaigns(brand_id: OptionalIdQuery = None, status: Status | None = Query(None),
                   ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Campaigns of the workspace, newest first, with creators per stage."""
    return service.list_campaigns(db, ctx, brand_id, status)


@router.post("", response_model=CampaignOut, status_code=201)
def create_campaign(body: CampaignIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Create a draft campaign for a brand."""
    return service.create_campaign(db, ctx, body)


@router.get("/{campaign_id}", response_model=CampaignOut)
def get_campaign(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One campaign."""
    return service.get_campaign(db, ctx, campaign_id)


@router.patch("/{campaign_id}", response_model=CampaignOut)
def update_campaign(campaign_id: Id, body: CampaignPatch, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Change some fields; send the `version` you read (409 if someone saved in between)."""
    return service.update_campaign(db, ctx, campaign_id, body)


@router.post("/{campaign_id}/status", response_model=CampaignOut)
def set_status(campaign_id: Id, body: StatusIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Move the campaign to another status (409 names the allowed moves)."""
    return service.set_status(db, ctx, campaign_id, body)


@router.delete("/{campaign_id}", status_code=204)
def delete_campaign(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Delete a campaign with its pipeline and timeline (admins)."""
    service.delete_campaign(db, ctx, campaign_id)


@router.get("/{campaign_id}/creators", response_model=list[PipelineRow])
def pipeline(campaign_id: Id, stage: Stage | None = Query(None), ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The campaign's creators with their stage and the moves allowed from it."""
    return service.pipeline(db, ctx, campaign_id, stage)


@router.post("/{campaign_id}/creators", response_model=AddResult, status_code=201)
def add_creators(campaign_id: Id, body: PipelineAdd, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Invite creators by account id, from a list, or by handle (all or nothing)."""
    return service.add_creators(db, ctx, campaign_id, body)


@router.post("/{campaign_id}/creators/move", response_model=list[PipelineRow])
def move_many(campaign_id: Id, body: BulkMove, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Move several creators to one stage (all of them or, if any move is not allowed, none)."""
    return service.move_many(db, ctx, campaign_id, body)


@router.get("/{campaign_id}/creators/{entry_id}", response_model=PipelineRow)
def get_entry(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One creator of the pipeline."""
    return service.get_entry(db, ctx, campaign_id, entry_id)


@router.post("/{campaign_id}/creators/{entry_id}/stage", response_model=PipelineRow)
def move_creator(campaign_id: Id, entry_id: Id, body: StageMove, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Move one creator to another stage (409 names the allowed moves, or says someone moved them first)."""
    return service.move_creator(db, ctx, campaign_id, entry_id, body)


@router.delete("/{campaign_id}/creators/{entry_id}", status_code=204)
def remove_creator(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Take a creator out (only before work started; otherwise withdraw them)."""
    service.remove_creator(db, ctx, campaign_id, entry_id)


@router.get("/{campaign_id}/creators/{entry_id}/timeline", response_model=list[EventOut])
def creator_timeline(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One creator's activity in the campaign, newest first."""
    return service.timeline(db, ctx, campaign_id, entry_id)


@router.get("/{campaign_id}/timeline", response_model=list[EventOut])
def campaign_timeline(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Everything that happened in the campaign, newest first (last 200)."""
    return service.timeline(db, ctx, campaign_id)


@router.get("/{campaign_id}/export.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per creator"}})
def export_campaign(campaign_id: Id, request: Request, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The pipeline as CSV: handle, platform, name, stage, since, followers, ER, tier, note, profile link."""
    filename, text = service.export_csv(db, ctx, campaign_id, str(request.base_url))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/{campaign_id}/brief", response_model=BriefOut)
def get_brief(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The current brief (version 0 when none is written yet)."""
    return review.get_brief(db, ctx, campaign_id)


@router.put("/{campaign_id}/brief", response_model=BriefOut)
def save_brief(campaign_id: Id, body: BriefIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Save a new brief version; send the `base_version` you edited (409 if someone saved a newer one)."""
    return review.save_brief(db, ctx, campaign_id, body)


@router.get("/{campaign_id}/brief/versions", response_model=list[BriefOut])
def brief_versions(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Every version of the brief, newest first."""
    return review.brief_history(db, ctx, campaign_id)


@router.get("/{campaign_id}/creators/{entry_id}/submissions", response_model=list[SubmissionOut])
def submissions(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A creator's drafts with their automated checks and reviews, newest first."""
    return review.submissions(db, ctx, campaign_id, entry_id)


@router.post("/{campaign_id}/creators/{entry_id}/submissions", response_model=SubmissionOut, status_code=201)
def submit(campaign_id: Id, entry_id: Id, body: SubmissionIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Submit a draft: checked against the brief at once, the creator moves to In review."""
    return review.submit(db, ctx, campaign_id, entry_id, body)


@router.post("/{campaign_id}/creators/{entry_id}/submissions/{submission_id}/review", response_model=SubmissionOut)
def review_submission(campaign_id: Id, entry_id: Id, submission_id: Id, body: ReviewIn, ctx: WorkspaceContext = Ctx,
                      db: Session = DB):
    """Approve the latest draft or request changes (admins; 409 if someone reviewed it first)."""
    return review.review(db, ctx, campaign_id, entry_id, submission_id, body)


@router.get("/{campaign_id}/creators/{entry_id}/agreements", response_model=list[AgreementOut])
def agreements(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Every version of a creator's terms, newest first."""
    return money.agreements(db, ctx, campaign_id, entry_id)


@router.post("/{campaign_id}/creators/{entry_id}/agreements", response_model=AgreementOut, status_code=201)
def propose(campaign_id: Id, entry_id: Id, body: AgreementIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Propose new terms (a new version; send the `base_version` you edited)."""
    return money.propose(db, ctx, campaign_id, entry_id, body)


@router.post("/{campaign_id}/creators/{entry_id}/agreements/accept", response_model=AgreementOut)
def accept(campaign_id: Id, entry_id: Id, body: AcceptIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Record acceptance of the newest terms on the creator's behalf; the fee becomes due."""
    return money.accept(db, ctx, campaign_id, entry_id, body)


@router.get("/{campaign_id}/payments", response_model=list[PaymentOut])
def payments(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The campaign's payments ledger, oldest first."""
    return money.ledger(db, ctx, campaign_id)


@router.get("/{campaign_id}/payments.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per payment"}})
def payments_csv(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The ledger as CSV for finance."""
    filename, text = money.payments_csv(db, ctx, campaign_id)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post("/{campaign_id}/payments/{payment_id}", response_model=PaymentOut)
def move_payment(campaign_id: Id, payment_id: Id, body: PaymentAction, ctx: WorkspaceContext = Ctx,
                 db: Session = DB):
    """Approve, mark paid (with a reference) or failed, or retry a payment (admins)."""
    return money.move_payment(db, ctx, campaign_id, payment_id, body)


@router.get("/{campaign_id}/spend", response_model=SpendOut)
def spend(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Committed and paid against the budget, per creator, with the 80% / 100% warning."""
    return money.spend(db, ctx, campaign_id)


@router.get("/{campaign_id}/reminders", response_model=list[ReminderOut])
def reminders(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """What is late: drafts past the brief's due date, drafts waiting more than 3 days for review."""
    return review.reminders(db, ctx, campaign_id)


@router.post("/{campaign_id}/creators/{entry_id}/submissions/{submission_id}/media", response_model=list[MediaOut],
             status_code=201)
def upload_media(campaign_id: Id, entry_id: Id, submission_id: Id, files: list[UploadFile] = File(...),
                 ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Add images or videos to a draft version (multipart `files`); the type is read from each file's bytes.
    413 over the size limit, 415 for anything but an image or video; one bad file keeps none."""
    incoming = [media.Incoming(f.filename or "", f.file) for f in files]
    return media.attach(db, ctx, campaign_id, entry_id, submission_id, incoming)


@router.get("/{campaign_id}/media/{media_id}", response_class=Response,
            responses={200: {"content": {"image/*": {}, "video/*": {}}, "description": "The file"}})
def download_media(campaign_id: Id, media_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """A draft's file, as the type its bytes were found to be (nosniff, sandboxed)."""
    found, chunks = media.open_media(db, ctx, campaign_id, media_id)
    return stored_file_response(found.content_type, found.filename, found.size, chunks)


@router.post("/{campaign_id}/creators/{entry_id}/submissions/{submission_id}/live", response_model=SubmissionOut)
def record_live(campaign_id: Id, entry_id: Id, submission_id: Id, body: LiveIn, ctx: WorkspaceContext = Ctx,
                db: Session = DB):
    """Record the published post (link and caption as posted) of the approved draft: every check runs again and
    the caption is compared with the approved one; the creator moves to Live. 409 unless the draft is approved."""
    return live.record_live(db, ctx, campaign_id, entry_id, submission_id, body)


@router.get("/{campaign_id}/opportunity", response_model=OpportunityOut | None)
def get_opportunity(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """What creators see of the campaign, and who may take part (null when it was never published)."""
    return opportunity.get(db, ctx, campaign_id)


@router.put("/{campaign_id}/opportunity", response_model=OpportunityOut)
def publish_opportunity(campaign_id: Id, body: OpportunityIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Publish the campaign to eligible creators in the portal (or change it; send the `version` you read)."""
    return opportunity.publish(db, ctx, campaign_id, body)


@router.post("/{campaign_id}/opportunity/close", response_model=OpportunityOut)
def close_opportunity(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Stop showing the opportunity to creators."""
    return opportunity.close(db, ctx, campaign_id)
