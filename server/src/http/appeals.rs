//! Appeals (申诉 / 复核): a unit's liaison lodges one against a
//! substantiation or a decision concerning their units, within the office's
//! window of working days; the reviewer (the office, or leaders for
//! decisions when the office so sets) upholds or dismisses it with reasons.
//! The office, leaders and the unit read it; nobody else.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::appeal::{
    Appeal, AppealActionRequest, AppealEvidence, AppealRefusal, AppealSettings, AppealState,
    AppealSubject, MAX_APPEAL_FILES, NewAppeal, may_be_appealed, review,
};
use xiaoneng_domain::notification::Recipients;
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, read_back};
use super::extract::{
    Allowed, AppJson, AppQuery, AppealReaders, AppealReviewers, Appellants, CurrentUser,
    OfficeOnly, Origin,
};
use super::paging::PageRequest;
use crate::AppState;
use crate::db::{AppealFilter, AppealReview, NewAppealRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, lodge))
        .routes(routes!(detail))
        .routes(routes!(act))
        .routes(routes!(settings, set_settings))
        .routes(routes!(evidence_file))
        .merge(OpenApiRouter::new().routes(routes!(attach_evidence)).layer(
            axum::extract::DefaultBodyLimit::max(super::files::UPLOAD_LIMIT),
        ))
}

/// `None`: every appeal; `Some(unit)`: those of that unit's subtree (a liaison).
fn scope(user: &CurrentUser) -> Result<Option<i64>, ApiError> {
    Ok(xiaoneng_domain::access::decision_scope(
        user.role,
        user.session.user.unit_id,
    )?)
}

/// The appeal if `user` may read it (else 404), with what they may do now.
async fn readable(app: &AppState, user: &CurrentUser, id: i64) -> Result<Appeal, ApiError> {
    let mut appeal = app
        .store
        .appeal(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if let Some(root) = scope(user)?
        && !app
            .store
            .unit_subtree(root)
            .await?
            .contains(&appeal.unit_id)
    {
        return Err(ErrorCode::NotFound.into());
    }
    appeal.evidence = app.store.appeal_evidence_of(id).await?;
    let settings = app.store.appeal_settings().await?;
    appeal.actions = if appeal.state == AppealState::Lodged
        && settings.reviewers(appeal.subject).contains(&user.role)
    {
        xiaoneng_domain::appeal::AppealAction::ALL.to_vec()
    } else {
        vec![]
    };
    Ok(appeal)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `lodged`, `upheld` or `dismissed`.
    state: Option<AppealState>,
    /// The appeals concerning this finding.
    finding: Option<i64>,
    /// The appeal concerning this decision.
    decision: Option<i64>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Appeals within the caller's reach, newest first.
#[utoipa::path(get, path = "/api/appeals", tag = "appeals", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Appeal>),
    (status = 403, description = "Inspectors and administrators do not read appeals", body = ErrorResponse),
    (status = 422, description = "A bad filter, cursor or limit", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AppealReaders>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Appeal>>, ApiError> {
    let scope = scope(&user)?;
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let rows = app
        .store
        .appeals(
            &AppealFilter {
                scope,
                state: query.state,
                finding: query.finding,
                decision: query.decision,
            },
            page.after,
            page.fetch(),
        )
        .await?;
    let (items, next) = page.finish(rows, |r| (r.lodged_at, r.id));
    Ok(Json(Page { items, next }))
}

/// One appeal, with the caller's available actions.
#[utoipa::path(get, path = "/api/appeals/{id}", tag = "appeals", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The appeal", body = Appeal),
    (status = 403, description = "Inspectors and administrators do not read appeals", body = ErrorResponse),
    (status = 404, description = "No such appeal within the caller's reach", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AppealReaders>,
    Path(id): Path<i64>,
) -> Result<Json<Appeal>, ApiError> {
    Ok(Json(readable(&app, &user, id).await?))
}

/// A unit's liaison appeals a substantiation (`finding_id`) or a decision
/// (`decision_id`) concerning their units, with the grounds, within the
/// office's window of working days (from the substantiation, or from the
/// decision's recording). One appeal per finding or decision.
#[utoipa::path(post, path = "/api/appeals", tag = "appeals", request_body = NewAppeal,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Lodged", body = Appeal),
    (status = 403, description = "Only a unit's liaisons appeal", body = ErrorResponse),
    (status = 404, description = "No such finding or decision within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Appealed already, or the decision is revoked", body = ErrorResponse),
    (status = 422, description = "A field is refused: missing grounds, not substantiated, too late", body = ErrorResponse),
))]
async fn lodge(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Appellants>,
    origin: Origin,
    AppJson(new): AppJson<NewAppeal>,
) -> Result<(StatusCode, Json<Appeal>), ApiError> {
    new.validate()?;
    let root = user.own_unit()?;
    let tree = app.store.unit_subtree(root).await?;
    let settings = app.store.appeal_settings().await?;
    let calendar = app.calendar().await?;
    let today = app.today();
    let mut invalid = Invalid::default();
    // What is contested: its finding, unit and the day its window opened.
    let (subject, field, finding_id, decision_id, unit_id, opened) = match new.subject() {
        Some(AppealSubject::Finding) => {
            let id = new.finding_id.unwrap_or_default();
            let finding = app
                .store
                .finding(id)
                .await?
                .filter(|f| tree.contains(&f.unit_id) && f.progress.state.visible_to_unit())
                .ok_or(ApiError::Code(ErrorCode::NotFound))?;
            if !may_be_appealed(finding.progress.state) {
                invalid.add("finding_id", Reason::NotSubstantiated);
            }
            let opened = app
                .store
                .substantiated_at(id)
                .await?
                .unwrap_or(finding.created_at);
            (
                AppealSubject::Finding,
                "finding_id",
                id,
                None,
                finding.unit_id,
                opened,
            )
        }
        _ => {
            let id = new.decision_id.unwrap_or_default();
            let decision = app
                .store
                .decision(id)
                .await?
                .filter(|d| tree.contains(&d.person_unit_id))
                .ok_or(ApiError::Code(ErrorCode::NotFound))?;
            if decision.revoked_at.is_some() {
                return Err(ErrorCode::WrongState.into());
            }
            let first = app
                .store
                .findings_of_decisions(&[id])
                .await?
                .into_iter()
                .map(|f| f.1)
                .min()
                .ok_or_else(|| anyhow::anyhow!("decision {id} rests on no finding"))?;
            (
                AppealSubject::Decision,
                "decision_id",
                first,
                Some(id),
                decision.person_unit_id,
                decision.created_at,
            )
        }
    };
    let last_day =
        calendar.add_working_days(xiaoneng_domain::beijing::day(opened), settings.window_days);
    if today > last_day {
        invalid.add(field, Reason::TooLate);
    }
    invalid.into_result()?;
    let reviewers = match settings.reviewers(subject) {
        [Role::Leader] => Recipients::Leaders,
        _ => Recipients::Office,
    };
    let row = NewAppealRow {
        subject,
        finding_id,
        decision_id,
        unit_id,
        grounds: new.grounds.clone(),
        lodged_by: user.id(),
        review_by: calendar.add_working_days(today, settings.review_days),
        reviewers,
    };
    let id = app
        .store
        .lodge_appeal(&row, origin.audit(&user, "create", "appeal"))
        .await?
        .ok_or(ApiError::Code(ErrorCode::AlreadyDone))?;
    let appeal = read_back(|| readable(&app, &user, id)).await?;
    Ok((StatusCode::CREATED, Json(appeal)))
}

/// The review: `uphold` (a finding returns to `restore`: `verified` or
/// `unfounded`; a decision is revoked) or `dismiss`, with the `reason` the
/// unit reads, on `version`.
#[utoipa::path(post, path = "/api/appeals/{id}/actions", tag = "appeals", params(("id" = i64, Path)),
    request_body = AppealActionRequest, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Reviewed", body = Appeal),
    (status = 403, description = "Not a reviewer of this appeal", body = ErrorResponse),
    (status = 404, description = "No such appeal within the caller's reach", body = ErrorResponse),
    (status = 409, description = "Reviewed already, or changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn act(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AppealReviewers>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<AppealActionRequest>,
) -> Result<Json<Appeal>, ApiError> {
    let appeal = readable(&app, &user, id).await?;
    let settings = app.store.appeal_settings().await?;
    let to = match review(appeal.state, appeal.subject, user.role, &settings, &req) {
        Ok(to) => to,
        Err(AppealRefusal::NotReviewer) => return Err(ErrorCode::Forbidden.into()),
        Err(AppealRefusal::WrongState) => return Err(ErrorCode::WrongState.into()),
        Err(AppealRefusal::Invalid(invalid)) => return Err(ApiError::Invalid(invalid)),
    };
    if req.version != appeal.version {
        return Err(ErrorCode::Conflict.into());
    }
    let step = AppealReview {
        subject: appeal.subject,
        action: req.action,
        to,
        reason: req.reason.clone(),
        restore: req.restore,
        finding_id: appeal.finding_id,
        decision_id: appeal.decision_id,
        by: user.id(),
    };
    app.store
        .review_appeal(
            id,
            req.version,
            &step,
            origin.audit(&user, req.action.as_str(), "appeal"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(read_back(|| readable(&app, &user, id)).await?))
}

/// How long a unit has to appeal and the review may take (working days),
/// and who reviews appeals against decisions.
#[utoipa::path(get, path = "/api/settings/appeals", tag = "appeals",
    security(("session" = [])), responses(
    (status = 200, description = "The settings", body = AppealSettings),
    (status = 403, description = "Inspectors and administrators", body = ErrorResponse),
))]
async fn settings(
    State(app): State<AppState>,
    Allowed(_, _): Allowed<AppealReaders>,
) -> Result<Json<AppealSettings>, ApiError> {
    Ok(Json(app.store.appeal_settings().await?))
}

/// Sets the appeal settings (1–60 working days each).
#[utoipa::path(put, path = "/api/settings/appeals", tag = "appeals", request_body = AppealSettings,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = AppealSettings),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn set_settings(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(new): AppJson<AppealSettings>,
) -> Result<Json<AppealSettings>, ApiError> {
    new.validate()?;
    app.store
        .set_appeal_settings(&new, origin.audit(&user, "update", "appeal_settings"))
        .await?;
    Ok(Json(app.store.appeal_settings().await?))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct AppealEvidenceUpload {
    /// A photo (JPEG, PNG, WebP, HEIF) or a PDF, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a file in support of an appeal still lodged (at most ten).
#[utoipa::path(post, path = "/api/appeals/{id}/evidence", tag = "appeals", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", content = AppealEvidenceUpload),
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Attached", body = AppealEvidence),
    (status = 403, description = "Only a unit's liaisons", body = ErrorResponse),
    (status = 404, description = "No such appeal of the caller's units", body = ErrorResponse),
    (status = 409, description = "Reviewed already", body = ErrorResponse),
    (status = 413, description = "Over 10 MB", body = ErrorResponse),
    (status = 422, description = "No file, not a photo or PDF, or ten already", body = ErrorResponse),
))]
async fn attach_evidence(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Appellants>,
    origin: Origin,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Result<(StatusCode, Json<AppealEvidence>), ApiError> {
    let appeal = readable(&app, &user, id).await?;
    if appeal.state != AppealState::Lodged {
        return Err(ErrorCode::WrongState.into());
    }
    let form = super::files::Form::read(multipart, &["file"]).await?;
    let file = form.file("file")?;
    let new = crate::db::NewEvidence {
        finding_id: appeal.finding_id,
        file_name: file.file_name,
        content_type: file.content_type.to_owned(),
        sha256: file.sha256,
        uploaded_by: user.id(),
        data: file.data,
    };
    let attached = app
        .store
        .attach_appeal_evidence(
            id,
            &new,
            MAX_APPEAL_FILES,
            origin.audit(&user, "attach_evidence", "appeal"),
        )
        .await?;
    let Some(evidence_id) = attached else {
        // Reviewed meanwhile, or the tenth file is there.
        if readable(&app, &user, id).await?.state != AppealState::Lodged {
            return Err(ErrorCode::WrongState.into());
        }
        let mut invalid = Invalid::default();
        invalid.add(
            "file",
            Reason::TooMany {
                max: MAX_APPEAL_FILES,
            },
        );
        return Err(invalid.into());
    };
    let evidence = app
        .store
        .appeal_evidence_of(id)
        .await?
        .into_iter()
        .find(|e| e.id == evidence_id)
        .ok_or_else(|| anyhow::anyhow!("appeal evidence {evidence_id} vanished"))?;
    Ok((StatusCode::CREATED, Json(evidence)))
}

/// A file of an appeal, for whoever reads the appeal.
#[utoipa::path(get, path = "/api/appeal-evidence/{id}", tag = "appeals", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream"),
    (status = 403, description = "Inspectors and administrators", body = ErrorResponse),
    (status = 404, description = "No such file within the caller's reach", body = ErrorResponse),
))]
async fn evidence_file(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AppealReaders>,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    let (appeal, file_name, content_type, sha256, data) = app
        .store
        .appeal_evidence_file(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    readable(&app, &user, appeal).await?;
    super::files::serve_file(
        data,
        &content_type,
        &format!("appeal-evidence-{id}"),
        &file_name,
        &sha256,
    )
}
