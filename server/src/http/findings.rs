//! Findings: record, list, read, and move through the workflow.
//!
//! Who sees what is decided here, on the server: the office and leaders see
//! every finding; an inspector the findings they recorded; a unit liaison
//! only findings fed back to their unit or its sub-units; administrators
//! none. A finding someone may not see answers 404, as if it did not exist.

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{SubsecRound, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::access::{self, Reach};
use xiaoneng_domain::calendar::DUE_SOON_WORKING_DAYS;
use xiaoneng_domain::finding::{ActionKind, ActionRequest, FindingState};
use xiaoneng_domain::record::{
    Dimension, Finding, FindingCorrection, FindingDetail, NewFinding, Page, Source,
};
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::{ErrorCode, ErrorResponse, HolidayCalendar, Invalid, Reason, Role};

use super::error::{ApiError, read_back};
use super::extract::{
    Actors, Allowed, AppJson, AppQuery, CurrentUser, OfficeOnly, Origin, Recorders,
};
use super::paging::{PageRequest, like_pattern};
use crate::AppState;
use crate::db::{FindingFilter, FindingSort, FindingStep, MergeTarget};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail))
        .routes(routes!(act))
        .routes(routes!(correct))
}

/// The caller's reach over findings, by the domain's rule
/// (`access::finding_reach`); a liaison's unit tree is read once here.
pub(crate) async fn reach(app: &AppState, user: &CurrentUser) -> Result<Reach, ApiError> {
    let tree = match (user.role, user.session.user.unit_id) {
        (Role::Liaison, Some(root)) => Some((root, app.store.unit_subtree(root).await?)),
        _ => None,
    };
    Ok(access::finding_reach(user.role, user.id(), tree)?)
}

/// The caller's reach, read once per request: a handler that takes it
/// never reads the caller's unit tree again.
pub(crate) struct InReach(pub Reach);

impl FromRequestParts<AppState> for InReach {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, app).await?;
        Ok(InReach(reach(app, &user).await?))
    }
}

/// Whether `reach` sees the stored finding (`access::finding`).
pub(crate) fn sees(reach: &Reach, row: &Finding) -> bool {
    access::finding(
        reach,
        access::FindingFacts {
            unit_id: row.unit_id,
            recorded_by: row.recorded_by,
            state: row.progress.state,
        },
    )
    .granted()
}

pub(crate) async fn calendar(app: &AppState) -> Result<std::sync::Arc<HolidayCalendar>, ApiError> {
    Ok(app.calendar().await?)
}

/// The finding with its due state for `today` (never stored).
fn with_due(mut finding: Finding, calendar: &HolidayCalendar, today: chrono::NaiveDate) -> Finding {
    let running = finding.progress.running_deadline();
    finding.due = running.map(|deadline| calendar.due(deadline, today));
    finding
}

/// Records a finding (office and inspectors).
#[utoipa::path(post, path = "/api/findings", tag = "findings", request_body = NewFinding,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Recorded", body = FindingDetail),
    (status = 403, description = "Not the office or an inspector", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Recorders>,
    InReach(reach): InReach,
    origin: Origin,
    AppJson(new): AppJson<NewFinding>,
) -> Result<(StatusCode, Json<FindingDetail>), ApiError> {
    let today = app.today();
    let mut invalid = new.validate(today).err().unwrap_or_default();
    if !app.store.unit_exists(new.unit_id).await? {
        invalid.add("unit_id", Reason::NotFound);
    }
    invalid.into_result()?;
    let audit = origin.audit(&user, "create", "finding");
    let id = app.store.create_finding(&new, user.id(), audit).await?;
    let detail = read_back(|| load_detail(&app, &user, &reach, id)).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

/// The finding itself, if it is within the caller's reach (404 otherwise).
pub(crate) async fn load_finding(
    app: &AppState,
    reach: &Reach,
    id: i64,
) -> Result<Finding, ApiError> {
    let row = app.store.finding(id).await?.filter(|row| sees(reach, row));
    let row = row.ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(with_due(row, &*calendar(app).await?, app.today()))
}

/// The finding with its timeline, evidence and the caller's available actions.
pub(crate) async fn load_detail(
    app: &AppState,
    user: &CurrentUser,
    reach: &Reach,
    id: i64,
) -> Result<FindingDetail, ApiError> {
    let finding = load_finding(app, reach, id).await?;
    detail_of(app, user, finding).await
}

/// The detail of a finding already read (or just written).
async fn detail_of(
    app: &AppState,
    user: &CurrentUser,
    finding: Finding,
) -> Result<FindingDetail, ApiError> {
    let mut finding = finding;
    let mut timeline = app.store.finding_events(finding.id).await?;
    let actions = finding.progress.available(user.role, app.today());
    let mut evidence = app.store.evidence_of(finding.id).await?;
    if user.role == Role::Liaison {
        access::conceal_before_feed_back(user.id(), &mut finding, &mut timeline, &mut evidence);
    }
    let commitments = super::oversight::commitment_checks(
        app,
        finding.unit_id,
        finding.observed_on,
        finding.people.iter().map(|p| p.name.clone()),
    )
    .await?;
    Ok(FindingDetail {
        finding,
        timeline,
        evidence,
        actions,
        commitments,
    })
}

/// What a merge of `source` into `into` writes to the target; 422 on `into`
/// unless it is another recorded finding of the same unit.
async fn merge_target(
    app: &AppState,
    reach: &Reach,
    source: &Finding,
    into: i64,
) -> Result<MergeTarget, ApiError> {
    let target = match load_finding(app, reach, into).await {
        Ok(target) => Some(target),
        Err(ApiError::Code(ErrorCode::NotFound)) => None,
        Err(e) => return Err(e),
    };
    let mut invalid = Invalid::default();
    let target = match target {
        None => {
            invalid.add("into", Reason::NotFound);
            None
        }
        Some(t)
            if t.id == source.id
                || t.unit_id != source.unit_id
                || t.progress.state != FindingState::Recorded =>
        {
            invalid.add("into", Reason::NotMergeable);
            None
        }
        Some(t) => Some(t),
    };
    invalid.into_result()?;
    let target = target.ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let mut people = target.people.clone();
    for person in &source.people {
        if !people.iter().any(|p| p.name == person.name) {
            people.push(person.clone());
        }
    }
    Ok(MergeTarget {
        id: target.id,
        version: target.version,
        people: JsonText(people),
        note: format!("{} {}", source.code, source.title),
    })
}

/// A finding with its timeline and the actions the caller may take now.
#[utoipa::path(get, path = "/api/findings/{id}", tag = "findings", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The finding", body = FindingDetail),
    (status = 404, description = "No such finding within the caller's reach", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    user: CurrentUser,
    InReach(reach): InReach,
    Path(id): Path<i64>,
) -> Result<Json<FindingDetail>, ApiError> {
    Ok(Json(load_detail(&app, &user, &reach, id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// This unit and its sub-units.
    pub unit: Option<i64>,
    /// A workflow state, e.g. `rectifying`.
    #[param(value_type = Option<xiaoneng_domain::finding::FindingState>, inline)]
    pub state: Option<String>,
    /// `work_style`, `service_attitude`, `service_quality` or `work_discipline`.
    #[param(value_type = Option<xiaoneng_domain::record::Dimension>, inline)]
    pub dimension: Option<String>,
    /// Text in the code, title or description.
    pub q: Option<String>,
    /// `inspection`, `citizen_report` or `other`.
    #[param(value_type = Option<xiaoneng_domain::record::Source>, inline)]
    pub source: Option<String>,
    /// `overdue` or `due_soon` (the running deadline, in working days).
    pub due: Option<String>,
    /// Findings from the visits of this round (the office only: rounds are its plan).
    pub round: Option<i64>,
    /// `requested`: only findings with an extension request waiting for a decision.
    pub extension: Option<String>,
    /// `pending`: only substantiated findings no decision in force rests on
    /// (not yet accounted for; a revoked decision does not count).
    pub accountability: Option<String>,
    /// `newest` (the default), `oldest`, or `deadline`: the running deadline
    /// soonest first, findings without one last.
    pub sort: Option<String>,
    /// `next` from the previous page.
    pub cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// The filter a query asks for, narrowed to the caller's reach; what is
/// wrong with the query is added to `invalid`.
pub(crate) async fn filter_for(
    app: &AppState,
    user: &CurrentUser,
    query: ListQuery,
    invalid: &mut Invalid,
) -> Result<FindingFilter, ApiError> {
    if let Some(state) = &query.state
        && FindingState::parse(state).is_none()
    {
        invalid.add("state", Reason::NotFound);
    }
    if let Some(dimension) = &query.dimension
        && Dimension::parse(dimension).is_none()
    {
        invalid.add("dimension", Reason::NotFound);
    }
    if let Some(source) = &query.source
        && Source::parse(source).is_none()
    {
        invalid.add("source", Reason::NotFound);
    }
    let (running_from, running_to) = match query.due.as_deref() {
        None => (None, None),
        Some(due) => {
            let today = app.today();
            match due {
                "overdue" => (None, today.pred_opt()),
                "due_soon" => (
                    Some(today),
                    // The day before the first that is more than 3 working days away.
                    calendar(app)
                        .await?
                        .add_working_days(today, DUE_SOON_WORKING_DAYS + 1)
                        .pred_opt(),
                ),
                _ => {
                    invalid.add("due", Reason::NotFound);
                    (None, None)
                }
            }
        }
    };
    let extension_requested = match query.extension.as_deref() {
        None => false,
        Some("requested") => true,
        Some(_) => {
            invalid.add("extension", Reason::NotFound);
            false
        }
    };
    let accountability_pending = match query.accountability.as_deref() {
        None => false,
        Some("pending") => true,
        Some(_) => {
            invalid.add("accountability", Reason::NotFound);
            false
        }
    };
    // The same answer whatever the round: nobody else learns one exists.
    if query.round.is_some() && user.role != Role::Office {
        invalid.add("round", Reason::NotExpected);
    }
    let sort = match query.sort.as_deref() {
        None => FindingSort::Newest,
        Some(s) => FindingSort::parse(s).unwrap_or_else(|| {
            invalid.add("sort", Reason::NotFound);
            FindingSort::Newest
        }),
    };
    let mut filter = FindingFilter {
        round: query.round,
        extension_requested,
        accountability_pending,
        sort,
        source: query.source,
        running_from,
        running_to,
        unit: query.unit,
        state: query.state,
        dimension: query.dimension,
        pattern: query
            .q
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(like_pattern),
        ..FindingFilter::default()
    };
    match reach(app, user).await? {
        Reach::All => {}
        Reach::RecordedBy(id) => filter.recorded_by = Some(id),
        Reach::Units { root, user, .. } => {
            filter.scope = Some(root);
            filter.hide_recorded = Some(user);
        }
    }
    Ok(filter)
}

/// Turns stored rows into findings, their due state computed for today.
pub(crate) async fn to_findings(
    app: &AppState,
    rows: Vec<Finding>,
) -> Result<Vec<Finding>, ApiError> {
    let calendar = calendar(app).await?;
    let today = app.today();
    Ok(rows
        .into_iter()
        .map(|row| with_due(row, &calendar, today))
        .collect())
}

/// Findings within the caller's reach, newest first unless `sort` says
/// otherwise, a page at a time.
#[utoipa::path(get, path = "/api/findings", tag = "findings", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Finding>),
    (status = 403, description = "Administrators do not see findings", body = ErrorResponse),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    user: CurrentUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Finding>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    let mut filter = filter_for(&app, &user, query, &mut invalid).await?;
    invalid.into_result()?;
    filter.after = page.after;
    filter.limit = page.fetch();
    let rows = app.store.list_findings(&filter).await?;
    let (rows, next) = page.finish(rows, |r| filter.sort.key(r));
    let mut items = to_findings(&app, rows).await?;
    if user.role == Role::Liaison {
        for finding in &mut items {
            access::conceal_before_feed_back(user.id(), finding, &mut [], &mut []);
        }
    }
    Ok(Json(Page { items, next }))
}

/// The office sets a finding's facts right (title, dimension, severity,
/// the day seen, the people, the description) with a reason, on the version
/// it saw: the timeline keeps each fact before and after, for everyone who
/// sees the finding.
#[utoipa::path(post, path = "/api/findings/{id}/corrections", tag = "findings", params(("id" = i64, Path)),
    request_body = FindingCorrection, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Corrected; the finding as it is now", body = FindingDetail),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 404, description = "No such finding", body = ErrorResponse),
    (status = 409, description = "Changed since read, or merged into another", body = ErrorResponse),
    (status = 422, description = "A fact or the reason is refused, or nothing changes", body = ErrorResponse),
))]
async fn correct(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    InReach(reach): InReach,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<FindingCorrection>,
) -> Result<Json<FindingDetail>, ApiError> {
    let current = load_finding(&app, &reach, id).await?;
    if current.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    if current.progress.state == FindingState::Merged {
        return Err(ErrorCode::WrongState.into());
    }
    req.validate(&current, app.today())?;
    let changes = req.changes(&current);
    app.store
        .correct_finding(
            id,
            &req,
            &changes,
            user.id(),
            origin.audit(&user, "correct", "finding"),
        )
        .await?
        .or_conflict()?;
    let finding = read_back(|| load_finding(&app, &reach, id)).await?;
    Ok(Json(detail_of(&app, &user, finding).await?))
}

/// One workflow step, on the version the caller saw.
#[utoipa::path(post, path = "/api/findings/{id}/actions", tag = "findings", params(("id" = i64, Path)),
    request_body = ActionRequest, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Done; the finding as it is now", body = FindingDetail),
    (status = 403, description = "The caller's role never takes this action", body = ErrorResponse),
    (status = 404, description = "No such finding within the caller's reach", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: not from this state", body = ErrorResponse),
    (status = 422, description = "A deadline or comment is missing or refused", body = ErrorResponse),
))]
async fn act(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Actors>,
    InReach(reach): InReach,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<ActionRequest>,
) -> Result<Json<FindingDetail>, ApiError> {
    let current = load_finding(&app, &reach, id).await?;
    if current.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    let next = current.progress.apply(&req, user.role, app.today())?;
    let merge = match req.into {
        Some(into) if req.action == ActionKind::Merge => {
            Some(merge_target(&app, &reach, &current, into).await?)
        }
        _ => None,
    };
    // As stored: both engines keep microseconds.
    let now = Utc::now().trunc_subsecs(6);
    let action = req.action.as_str();
    let step = FindingStep {
        at: now,
        actor_id: user.id(),
        action,
        from: current.progress,
        next,
        comment: req
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        deadline: req.deadline,
        merge,
    };
    let audit = origin
        .audit(&user, action, "finding")
        .at(now)
        .with_detail(serde_json::json!({
            "comment": step.comment, "deadline": step.deadline, "into": req.into,
        }));
    app.store
        .advance_finding(id, req.version, &step, audit)
        .await?
        .or_conflict()?;
    // The finding as written: no second read.
    let written = Finding {
        progress: next,
        updated_at: now,
        version: current.version + 1,
        ..current
    };
    let written = with_due(written, &*calendar(&app).await?, app.today());
    if !sees(&reach, &written) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(Json(detail_of(&app, &user, written).await?))
}
