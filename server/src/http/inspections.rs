//! Inspections: the checklist answered during a visit, by the inspectors
//! assigned to it (or the office). A draft is saved as often as needed;
//! submitting it — once — records a finding for each failed item, with that
//! item's photos as its evidence.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::checklist::{
    self, Answer, AnswerKind, CreatedFinding, Inspection, InspectionDraft, InspectionPhoto,
    InspectionState, Submission,
};
use xiaoneng_domain::record::{NewFinding, Severity, Source};
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::ApiError;
use super::extract::{Allowed, AppJson, CurrentUser, Field, Origin};
use super::files::{Form, UPLOAD_LIMIT, serve_file};
use super::planning::{load_visit, visit_for};
use crate::AppState;
use crate::db::{DraftRow, InspectionRow, NewPhoto};
use xiaoneng_domain::access::PlanUse;
use xiaoneng_domain::staff::VisitSnapshot;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_inspection, save_draft))
        .routes(routes!(submit))
        .routes(routes!(photo))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(add_photo))
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
}

/// The inspection of a visit the caller may see, as it stands (a blank
/// draft at version 0 before the first save).
async fn load(app: &AppState, user: &CurrentUser, visit_id: i64) -> Result<Inspection, ApiError> {
    let visit = load_visit(app, user, visit_id).await?;
    let row = app.store.inspection(visit_id).await?;
    let checklist_id = row.as_ref().map_or(visit.checklist_id, |r| r.checklist_id);
    let checklist = app
        .store
        .checklist(checklist_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("checklist {checklist_id} vanished"))?;
    let Some(row) = row else {
        return Ok(Inspection {
            visit_id,
            checklist,
            state: InspectionState::Draft,
            answers: vec![],
            notes: String::new(),
            photos: vec![],
            findings: vec![],
            snapshot: None,
            observations: vec![],
            inspector_id: None,
            started_at: None,
            submitted_at: None,
            version: 0,
        });
    };
    let photos = app.store.inspection_photos(row.id).await?;
    let findings = app
        .store
        .visit_findings(visit_id)
        .await?
        .into_iter()
        .map(|(item, id, code)| CreatedFinding {
            id,
            code,
            item: item.unwrap_or_default(),
        })
        .collect();
    Ok(Inspection {
        visit_id,
        checklist,
        state: row.state,
        answers: row.answers.0,
        notes: row.notes,
        photos,
        findings,
        snapshot: row.snapshot.map(|s| s.0),
        observations: row.observations.0,
        inspector_id: Some(row.inspector_id),
        started_at: Some(row.started_at),
        submitted_at: row.submitted_at,
        version: row.version,
    })
}

/// The visit's inspection: its checklist version, answers so far, photos,
/// and once submitted the findings it created.
#[utoipa::path(get, path = "/api/visits/{id}/inspection", tag = "inspections", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The inspection", body = Inspection),
    (status = 403, description = "Neither the office nor an inspector", body = ErrorResponse),
    (status = 404, description = "No such visit assigned to the caller", body = ErrorResponse),
))]
async fn get_inspection(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    Path(id): Path<i64>,
) -> Result<Json<Inspection>, ApiError> {
    Ok(Json(load(&app, &user, id).await?))
}

/// Saves the draft (version 0 for the first save).
#[utoipa::path(put, path = "/api/visits/{id}/inspection", tag = "inspections", params(("id" = i64, Path)),
    request_body = InspectionDraft, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Inspection),
    (status = 404, description = "No such visit assigned to the caller", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: already submitted", body = ErrorResponse),
    (status = 422, description = "An answer is refused", body = ErrorResponse),
))]
async fn save_draft(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(draft): AppJson<InspectionDraft>,
) -> Result<Json<Inspection>, ApiError> {
    let visit = visit_for(&app, &user, id, PlanUse::Inspect).await?;
    let current = load(&app, &user, id).await?;
    if current.state == InspectionState::Submitted {
        return Err(ErrorCode::WrongState.into());
    }
    if current.version != draft.version {
        return Err(ErrorCode::Conflict.into());
    }
    // The first save starts the inspection: what the unit declared then is kept.
    let (snapshot, new_snapshot) = match current.snapshot {
        Some(s) => (s, false),
        None => (snapshot_of(&app, visit.unit_id).await?, true),
    };
    let mut invalid = draft
        .validate(&current.checklist.items)
        .err()
        .unwrap_or_default();
    xiaoneng_domain::staff::check_observations(&mut invalid, &draft.observations, Some(&snapshot));
    invalid.into_result()?;
    app.store
        .save_inspection(
            &DraftRow {
                visit: id,
                checklist: current.checklist.id,
                version: draft.version,
                answers: JsonText(draft.answers),
                notes: draft.notes.trim().to_owned(),
                observations: JsonText(draft.observations),
                snapshot: new_snapshot.then_some(JsonText(snapshot)),
                inspector: user.id(),
            },
            origin.audit(&user, "save", "inspection"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, &user, id).await?))
}

/// The away notices in force now at `unit` and its A/B posts.
async fn snapshot_of(app: &AppState, unit: i64) -> Result<VisitSnapshot, ApiError> {
    let now = chrono::Utc::now();
    let notices = app.store.away_notices(unit, Some(now)).await?;
    let posts = app.store.posts_of(unit).await?;
    Ok(VisitSnapshot {
        taken_at: now,
        notices: notices.into_iter().map(super::staff::to_notice).collect(),
        posts: posts.into_iter().map(super::staff::to_post).collect(),
    })
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct PhotoUpload {
    /// The key of the checklist item the photo is for.
    item: String,
    /// The phone's own id for the photo (letters, digits, `-`, `_`): sent
    /// again, the same photo is answered 200 and stored once.
    client_id: Option<String>,
    /// When the photo was taken (RFC 3339), at most a day ahead of the server's clock.
    taken_at: Option<DateTime<Utc>>,
    /// A photo (JPEG, PNG, WebP, HEIF) or a PDF, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a photo to an item of a saved draft.
#[utoipa::path(post, path = "/api/visits/{id}/inspection/photos", tag = "inspections", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", content = PhotoUpload),
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Attached", body = InspectionPhoto),
    (status = 200, description = "Attached before under the same `client_id`: that photo, unchanged", body = InspectionPhoto),
    (status = 404, description = "No such visit assigned to the caller", body = ErrorResponse),
    (status = 409, description = "No draft saved yet, or already submitted", body = ErrorResponse),
    (status = 413, description = "Over 10 MB", body = ErrorResponse),
    (status = 422, description = "No file, not a photo or PDF, or an unknown item", body = ErrorResponse),
))]
async fn add_photo(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    origin: Origin,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<InspectionPhoto>), ApiError> {
    visit_for(&app, &user, id, PlanUse::Inspect).await?;
    let current = load(&app, &user, id).await?;
    let row = app.store.inspection(id).await?;
    let Some(row) = row.filter(|r| r.state == InspectionState::Draft) else {
        return Err(ErrorCode::WrongState.into());
    };
    let form = Form::read(multipart, &["item", "client_id", "taken_at", "file"]).await?;
    let item = form.text("item").unwrap_or_default().trim().to_owned();
    let mut invalid = Invalid::default();
    if !current.checklist.items.iter().any(|i| i.key == item) {
        invalid.add(
            "item",
            if item.is_empty() {
                Reason::Required
            } else {
                Reason::NotFound
            },
        );
    }
    let client_id = form.text("client_id").map(|c| c.trim().to_owned());
    if client_id
        .as_deref()
        .is_some_and(|c| !checklist::photo_client_id_is_valid(c))
    {
        invalid.add("client_id", Reason::WrongType);
    }
    let taken_at = match form.text("taken_at").map(str::trim) {
        None | Some("") => None,
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) if at.with_timezone(&Utc) > Utc::now() + chrono::Duration::days(1) => {
                invalid.add("taken_at", Reason::InTheFuture);
                None
            }
            Ok(at) => Some(at.with_timezone(&Utc)),
            Err(_) => {
                invalid.add("taken_at", Reason::WrongType);
                None
            }
        },
    };
    invalid.into_result()?;
    let file = form.file("file")?;
    let new = NewPhoto {
        inspection_id: row.id,
        item_key: item,
        file_name: file.file_name,
        content_type: file.content_type.to_owned(),
        sha256: file.sha256,
        uploaded_by: user.id(),
        data: file.data,
        client_id,
        taken_at,
    };
    let (photo_id, stored) = app
        .store
        .add_inspection_photo(&new, origin.audit(&user, "attach_photo", "inspection"))
        .await?
        .ok_or(ApiError::Code(ErrorCode::WrongState))?;
    let photo = load(&app, &user, id)
        .await?
        .photos
        .into_iter()
        .find(|p| p.id == photo_id)
        .ok_or_else(|| anyhow::anyhow!("photo {photo_id} vanished"))?;
    let status = if stored {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(photo)))
}

/// A photo taken during an inspection.
#[utoipa::path(get, path = "/api/inspection-photos/{id}", tag = "inspections", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream"),
    (status = 404, description = "No such photo within the caller's reach", body = ErrorResponse),
))]
async fn photo(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (visit_id, content_type, file_name, sha256, data) =
        app.store
            .inspection_photo(id)
            .await?
            .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    load_visit(&app, &user, visit_id).await?;
    serve_file(
        data,
        &content_type,
        &format!("photo-{id}"),
        &file_name,
        &sha256,
    )
}

/// The finding a failed item becomes.
fn finding_for(
    unit_id: i64,
    item: &xiaoneng_domain::checklist::ChecklistItem,
    answer: &Answer,
    today: chrono::NaiveDate,
) -> NewFinding {
    let title = item.failure_title();
    let mut description = answer
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&item.text)
        .to_owned();
    if matches!(item.answer_kind, AnswerKind::Number | AnswerKind::Text)
        && let Some(value) = answer.value.as_deref().filter(|v| !v.trim().is_empty())
    {
        description = format!("{description}({})", value.trim());
    }
    NewFinding {
        unit_id,
        source: Source::Inspection,
        dimension: item.dimension,
        severity: Severity::Minor,
        title,
        description,
        observed_on: today,
        people: vec![],
    }
}

/// Submits the inspection: every item answered, every failure carrying what
/// its item asks for; a finding is recorded for each failed item.
#[utoipa::path(post, path = "/api/visits/{id}/inspection/submit", tag = "inspections", params(("id" = i64, Path)),
    request_body = Submission, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Submitted; `findings` lists what it recorded", body = Inspection),
    (status = 404, description = "No such visit assigned to the caller", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: nothing saved or already submitted", body = ErrorResponse),
    (status = 422, description = "An item is unanswered or lacks its note or photo (`answers.<key>`)", body = ErrorResponse),
))]
async fn submit(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Field>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(submission): AppJson<Submission>,
) -> Result<Json<Inspection>, ApiError> {
    visit_for(&app, &user, id, PlanUse::Inspect).await?;
    let current = load(&app, &user, id).await?;
    let row: Option<InspectionRow> = app.store.inspection(id).await?;
    let Some(row) = row.filter(|r| r.state == InspectionState::Draft) else {
        return Err(ErrorCode::WrongState.into());
    };
    if row.version != submission.version {
        return Err(ErrorCode::Conflict.into());
    }
    let draft = InspectionDraft {
        answers: current.answers.clone(),
        notes: current.notes.clone(),
        observations: current.observations.clone(),
        version: current.version,
    };
    let items = &current.checklist.items;
    draft.check_submission(items, |key| {
        current.photos.iter().filter(|p| p.item == key).count()
    })?;
    let visit = load_visit(&app, &user, id).await?;
    let today = app.today();
    let findings: Vec<(String, NewFinding)> = items
        .iter()
        .filter_map(|item| {
            let answer = current.answers.iter().find(|a| a.item == item.key)?;
            answer.failed().then(|| {
                (
                    item.key.clone(),
                    finding_for(visit.unit_id, item, answer, today),
                )
            })
        })
        .collect();
    app.store
        .submit_inspection(&row, &findings, origin.audit(&user, "submit", "inspection"))
        .await?
        .ok_or(ApiError::Code(ErrorCode::Conflict))?;
    Ok(Json(load(&app, &user, id).await?))
}
