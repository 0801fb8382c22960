//! Bulletins for staff: the office writes, reviews, publishes and retracts
//! them; leaders read every one; inspectors and liaisons read what is
//! published. The public's view is in `public.rs` and reads only the
//! redacted text stored at publication.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::access;
use xiaoneng_domain::bulletin::{
    Audience, Bulletin, BulletinAction, BulletinActionRequest, BulletinActor, BulletinInput,
    BulletinMeasure, BulletinSettings, BulletinState, Preview, PreviewRequest, mask_name, redact,
};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, read_back, required};
use super::extract::{
    Allowed, AppJson, AppQuery, BulletinReaders, BulletinSigners, CurrentUser, OfficeOnly, Origin,
};
use super::paging::PageRequest;
use crate::AppState;
use crate::db::{BulletinFilter, BulletinRow, BulletinStep, Numbering};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail, update))
        .routes(routes!(act))
        .routes(routes!(preview))
        .routes(routes!(settings, set_settings))
}

/// The office's document-number format.
#[utoipa::path(get, path = "/api/settings/bulletins", tag = "bulletins",
    security(("session" = [])), responses(
    (status = 200, description = "The settings", body = BulletinSettings),
    (status = 403, description = "Not the office or a leader", body = ErrorResponse),
))]
async fn settings(
    State(app): State<AppState>,
    Allowed(_, _): Allowed<BulletinSigners>,
) -> Result<Json<BulletinSettings>, ApiError> {
    Ok(Json(app.store.bulletin_settings().await?))
}

/// Sets the document-number format; numbers already given stay as they are.
#[utoipa::path(put, path = "/api/settings/bulletins", tag = "bulletins", request_body = BulletinSettings,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = BulletinSettings),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 422, description = "The format lacks `{year}` or `{n}`", body = ErrorResponse),
))]
async fn set_settings(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(new): AppJson<BulletinSettings>,
) -> Result<Json<BulletinSettings>, ApiError> {
    new.validate()?;
    app.store
        .set_bulletin_settings(&new, origin.audit(&user, "update", "bulletin_settings"))
        .await?;
    Ok(Json(app.store.bulletin_settings().await?))
}

/// Whether the public text masks names.
pub(crate) fn redacts(audience: Audience, show_names: bool) -> bool {
    audience == Audience::Public && !show_names
}

/// Every name the bulletin's decisions and findings mention.
pub(crate) async fn names_in(app: &AppState, id: i64) -> Result<Vec<String>, ApiError> {
    let mut names: Vec<String> = app
        .store
        .bulletin_measures(id)
        .await?
        .into_iter()
        .map(|m| m.person)
        .collect();
    for JsonText(people) in app.store.bulletin_finding_people(id).await? {
        names.extend(people.into_iter().map(|p| p.name));
    }
    let mut seen = HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    Ok(names)
}

/// One measure as a bulletin lists it, the name masked when `masked`.
pub(crate) fn masked(mut m: BulletinMeasure, masked: bool) -> BulletinMeasure {
    if masked {
        m.person = mask_name(&m.person);
    }
    m
}

/// The measures a bulletin lists, names masked when `masked`.
async fn measures_of(
    app: &AppState,
    id: i64,
    masked: bool,
) -> Result<Vec<BulletinMeasure>, ApiError> {
    let measures = app.store.bulletin_measures(id).await?;
    Ok(measures
        .into_iter()
        .map(|m| self::masked(m, masked))
        .collect())
}

/// Who `user` is to a bulletin, for the sign-off rule.
fn actor(user: &CurrentUser, row: &BulletinRow) -> BulletinActor {
    BulletinActor {
        role: user.role,
        signs: user.session.user.signs_bulletins,
        submitted_it: row.submitted_by == Some(user.id()),
    }
}

async fn to_bulletin(
    app: &AppState,
    user: &CurrentUser,
    row: BulletinRow,
) -> Result<Bulletin, ApiError> {
    let actor = actor(user, &row);
    let (state, audience) = (row.state, row.audience);
    let masked = redacts(audience, row.show_names);
    let (public_title, public_body) = match (row.public_title, row.public_body) {
        (Some(title), Some(body)) => (title, body),
        _ => {
            let names = if masked {
                names_in(app, row.id).await?
            } else {
                vec![]
            };
            (redact(&row.title, &names), redact(&row.body, &names))
        }
    };
    Ok(Bulletin {
        id: row.id,
        // A draft has no number until it is signed off.
        doc_number: Some(row.doc_number).filter(|n| !n.is_empty()),
        title: row.title,
        kind: row.kind,
        body: row.body,
        audience,
        state,
        finding_ids: app.store.bulletin_finding_ids(row.id).await?,
        decision_ids: app.store.bulletin_decision_ids(row.id).await?,
        show_names: row.show_names,
        public_title,
        public_body,
        measures: measures_of(app, row.id, masked).await?,
        published_at: row.published_at,
        retracted_at: row.retracted_at,
        retraction_reason: row.retraction_reason,
        return_reason: row.return_reason,
        corrections: app.store.bulletin_corrections(row.id).await?,
        submitted_by: row.submitted_by_name,
        signed_by: row.signed_by_name,
        actions: BulletinAction::open_to(state, actor),
        created_by: row.created_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    })
}

async fn load(app: &AppState, user: &CurrentUser, id: i64) -> Result<Bulletin, ApiError> {
    let row = app
        .store
        .bulletin(id)
        .await?
        .filter(|row| access::bulletin(user.role, row.state).granted())
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(for_reader(user.role, to_bulletin(app, user, row).await?))
}

/// A bulletin as `role` may read it: the office and leaders everything
/// (with the actions the sign-off rule leaves them); inspectors and
/// liaisons exactly what citizens read (the public text, names masked as
/// decided) and nothing of how it was made or what it links to.
fn for_reader(role: Role, mut bulletin: Bulletin) -> Bulletin {
    if !matches!(role, Role::Office | Role::Leader) {
        bulletin.title = bulletin.public_title.clone();
        bulletin.body = bulletin.public_body.clone();
        bulletin.finding_ids.clear();
        bulletin.decision_ids.clear();
        bulletin.return_reason = None;
        bulletin.submitted_by = None;
        bulletin.signed_by = None;
    }
    bulletin
}

async fn check_links(app: &AppState, input: &BulletinInput) -> Result<(), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    for id in &input.finding_ids {
        if app.store.finding(*id).await?.is_none() {
            invalid.add("finding_ids", Reason::NotFound);
            break;
        }
    }
    for id in &input.decision_ids {
        if app.store.decision(*id).await?.is_none() {
            invalid.add("decision_ids", Reason::NotFound);
            break;
        }
    }
    Ok(invalid.into_result()?)
}

/// A new draft.
#[utoipa::path(post, path = "/api/bulletins", tag = "bulletins", request_body = BulletinInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Drafted", body = Bulletin),
    (status = 403, description = "Only the office writes bulletins", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(input): AppJson<BulletinInput>,
) -> Result<(StatusCode, Json<Bulletin>), ApiError> {
    if input.version.is_some() {
        let mut invalid = Invalid::default();
        invalid.add("version", Reason::NotExpected);
        return Err(invalid.into());
    }
    check_links(&app, &input).await?;
    let id = app
        .store
        .create_bulletin(&input, user.id(), origin.audit(&user, "create", "bulletin"))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(read_back(|| load(&app, &user, id)).await?),
    ))
}

/// A text as the public would read it: rendered by the renderer that
/// publication uses, so the editor's preview is the published page. It
/// reads and writes nothing; those who may open bulletins may ask.
#[utoipa::path(post, path = "/api/bulletins/preview", tag = "bulletins", request_body = PreviewRequest,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "The text as safe HTML", body = Preview),
    (status = 403, description = "Not one who reads bulletins", body = ErrorResponse),
    (status = 422, description = "The text is too long", body = ErrorResponse),
))]
async fn preview(
    Allowed(_, _): Allowed<BulletinReaders>,
    AppJson(request): AppJson<PreviewRequest>,
) -> Result<Json<Preview>, ApiError> {
    request.validate()?;
    Ok(Json(Preview {
        html: xiaoneng_domain::markdown::to_html(&request.body),
    }))
}

/// One bulletin; `public_title` and `public_body` are exactly what the public will read.
#[utoipa::path(get, path = "/api/bulletins/{id}", tag = "bulletins", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The bulletin", body = Bulletin),
    (status = 404, description = "No such bulletin the caller may read", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<BulletinReaders>,
    Path(id): Path<i64>,
) -> Result<Json<Bulletin>, ApiError> {
    Ok(Json(load(&app, &user, id).await?))
}

/// Edits a draft, on the version the caller saw.
#[utoipa::path(put, path = "/api/bulletins/{id}", tag = "bulletins", params(("id" = i64, Path)),
    request_body = BulletinInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Bulletin),
    (status = 404, description = "No such bulletin", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: no longer a draft", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<BulletinInput>,
) -> Result<Json<Bulletin>, ApiError> {
    let current = load(&app, &user, id).await?;
    let version = required("version", input.version)?;
    if current.state != BulletinState::Draft {
        return Err(ErrorCode::WrongState.into());
    }
    if current.version != version {
        return Err(ErrorCode::Conflict.into());
    }
    check_links(&app, &input).await?;
    app.store
        .update_bulletin(
            id,
            version,
            &input,
            origin.audit(&user, "update", "bulletin"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, &user, id).await?))
}

/// Submit for sign-off (the office), return to draft, sign off and publish
/// (a leader or a named approver, never whoever submitted it), or retract
/// with a reason. Signing off gives the next document number of the year.
#[utoipa::path(post, path = "/api/bulletins/{id}/actions", tag = "bulletins", params(("id" = i64, Path)),
    request_body = BulletinActionRequest, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Done", body = Bulletin),
    (status = 403, description = "Not the caller's to take: only the office submits, and whoever submitted a bulletin cannot sign it off", body = ErrorResponse),
    (status = 404, description = "No such bulletin", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: not from this state", body = ErrorResponse),
    (status = 422, description = "The reason is missing or not expected", body = ErrorResponse),
))]
async fn act(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<BulletinSigners>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<BulletinActionRequest>,
) -> Result<Json<Bulletin>, ApiError> {
    let row = app
        .store
        .bulletin(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if !req.action.allowed(actor(&user, &row)) {
        return Err(ErrorCode::Forbidden.into());
    }
    let current = for_reader(user.role, to_bulletin(&app, &user, row).await?);
    if current.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    let to = req
        .action
        .next(current.state)
        .ok_or(ApiError::Code(ErrorCode::WrongState))?;
    req.validate()?;
    let publishing = to == BulletinState::Published;
    let step = BulletinStep {
        from: current.state,
        to,
        reason: req.reason.as_deref().map(str::trim).map(str::to_owned),
        public_title: publishing.then(|| current.public_title.clone()),
        public_body: publishing.then(|| current.public_body.clone()),
        number: publishing.then_some(Numbering::Next),
    };
    app.store
        .advance_bulletin(
            id,
            req.version,
            &step,
            origin.audit(&user, req.action.as_str(), "bulletin"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(load(&app, &user, id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `draft`, `in_review`, `published` or `retracted`.
    #[param(value_type = Option<xiaoneng_domain::bulletin::BulletinState>, inline)]
    state: Option<String>,
    /// `internal` or `public`.
    #[param(value_type = Option<xiaoneng_domain::bulletin::Audience>, inline)]
    audience: Option<String>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Bulletins newest first: every one for the office and leaders, the published for others.
#[utoipa::path(get, path = "/api/bulletins", tag = "bulletins", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Bulletin>),
    (status = 403, description = "Administrators", body = ErrorResponse),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<BulletinReaders>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Bulletin>>, ApiError> {
    let mut invalid = Invalid::default();
    if let Some(state) = &query.state
        && BulletinState::parse(state).is_none()
    {
        invalid.add("state", Reason::NotFound);
    }
    if let Some(audience) = &query.audience
        && Audience::parse(audience).is_none()
    {
        invalid.add("audience", Reason::NotFound);
    }
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let everything = matches!(user.role, Role::Office | Role::Leader);
    let state = match query.state {
        Some(s) if !everything && !matches!(s.as_str(), "published" | "retracted") => {
            return Ok(Json(Page {
                items: vec![],
                next: None,
            }));
        }
        Some(s) => Some(s),
        None if everything => None,
        None => Some("published".to_owned()),
    };
    let filter = BulletinFilter {
        state,
        audience: query.audience,
        after: page.after,
        limit: page.fetch(),
    };
    let rows = app.store.list_bulletins(&filter).await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(for_reader(user.role, to_bulletin(&app, &user, row).await?));
    }
    Ok(Json(Page { items, next }))
}
