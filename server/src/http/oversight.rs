//! Special supervisors and commitment letters.
//!
//! The roster and the yearly grades are kept by the office (administrators
//! keep the roster too) and read by leaders; which visits a supervisor joins
//! is part of the plan and so the office's alone. A year's record counts
//! only visits planned up to today, so it tells nobody what is coming.
//!
//! The year's commitment letter is read by every signed-in user and written
//! by the office and administrators; signatures are recorded by them and by
//! a liaison for their own units, whose completion they alone of the units see.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::oversight::{
    Assessment, AssessmentInput, Assignment, Completion, Letter, LetterInput, NewAssignment,
    NewSignature, Signed, Supervisor, SupervisorInput, SupervisorRecord, UnitCompletion,
    check_year,
};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::staff::StaffRef;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason, Role};

use super::error::{ApiError, required};
use super::extract::{
    Allowed, AppJson, AppQuery, CurrentUser, Keepers, OfficeOnly, Origin, OversightKeepers,
    OversightReaders,
};
use super::paging::{PageRequest, like_pattern};
use crate::AppState;
use crate::db::{StaffSignatureRow, SupervisorRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_supervisors, create_supervisor))
        .routes(routes!(get_supervisor, update_supervisor))
        .routes(routes!(list_assignments, assign))
        .routes(routes!(get_assessment, grade))
        .routes(routes!(get_letter, save_letter))
        .routes(routes!(completion))
        .routes(routes!(sign))
}

fn to_supervisor(r: SupervisorRow) -> Result<Supervisor, ApiError> {
    Ok(Supervisor {
        kind: r.kind,
        id: r.id,
        name: r.name,
        affiliation: r.affiliation,
        areas: r.areas,
        phone: r.phone,
        term_start: r.term_start,
        term_end: r.term_end,
        active: r.active,
        version: r.version,
    })
}

async fn load(app: &AppState, id: i64) -> Result<SupervisorRow, ApiError> {
    app.store
        .supervisor(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))
}

fn year_of(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let mut invalid = Invalid::default();
    check_year(&mut invalid, "year", year);
    invalid.into_result()?;
    Ok((
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(ApiError::Code(ErrorCode::NotFound))?,
        NaiveDate::from_ymd_opt(year, 12, 31).ok_or(ApiError::Code(ErrorCode::NotFound))?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RosterQuery {
    /// Text in the name, affiliation or areas.
    q: Option<String>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// The roster, newest first.
#[utoipa::path(get, path = "/api/supervisors", tag = "oversight", params(RosterQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Supervisor>),
    (status = 403, description = "Only the office, administrators and leaders", body = ErrorResponse),
))]
async fn list_supervisors(
    State(app): State<AppState>,
    _user: Allowed<OversightReaders>,
    AppQuery(query): AppQuery<RosterQuery>,
) -> Result<Json<Page<Supervisor>>, ApiError> {
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let q = query
        .q
        .filter(|q| !q.trim().is_empty())
        .map(|q| like_pattern(&q));
    let rows = app.store.supervisors(q, page.after, page.fetch()).await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let items = rows
        .into_iter()
        .map(to_supervisor)
        .collect::<Result<_, _>>()?;
    Ok(Json(Page { items, next }))
}

/// Adds someone to the roster.
#[utoipa::path(post, path = "/api/supervisors", tag = "oversight", request_body = SupervisorInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Added", body = Supervisor),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn create_supervisor(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OversightKeepers>,
    origin: Origin,
    AppJson(input): AppJson<SupervisorInput>,
) -> Result<(StatusCode, Json<Supervisor>), ApiError> {
    let mut invalid = input.validate().err().unwrap_or_default();
    if input.version.is_some() {
        invalid.add("version", Reason::NotExpected);
    }
    invalid.into_result()?;
    let id = app
        .store
        .create_supervisor(&input, origin.audit(&user, "create", "supervisor"))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(to_supervisor(load(&app, id).await?)?),
    ))
}

/// One supervisor.
#[utoipa::path(get, path = "/api/supervisors/{id}", tag = "oversight", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The supervisor", body = Supervisor),
    (status = 403, description = "Only the office, administrators and leaders", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
))]
async fn get_supervisor(
    State(app): State<AppState>,
    _user: Allowed<OversightReaders>,
    Path(id): Path<i64>,
) -> Result<Json<Supervisor>, ApiError> {
    Ok(Json(to_supervisor(load(&app, id).await?)?))
}

/// Edits a supervisor (term, areas, or ends their service with `active: false`), on version.
#[utoipa::path(put, path = "/api/supervisors/{id}", tag = "oversight", params(("id" = i64, Path)),
    request_body = SupervisorInput, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Supervisor),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
    (status = 409, description = "Changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn update_supervisor(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OversightKeepers>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(input): AppJson<SupervisorInput>,
) -> Result<Json<Supervisor>, ApiError> {
    load(&app, id).await?;
    input.validate()?;
    let version = required("version", input.version)?;
    app.store
        .update_supervisor(
            id,
            version,
            &input,
            origin.audit(&user, "update", "supervisor"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(to_supervisor(load(&app, id).await?)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    /// The year the visits were planned in.
    year: i32,
}

/// The visits a supervisor joins in a year (the office only: it is the plan).
#[utoipa::path(get, path = "/api/supervisors/{id}/assignments", tag = "oversight",
    params(("id" = i64, Path), YearQuery), security(("session" = [])), responses(
    (status = 200, description = "By planned date", body = Vec<Assignment>),
    (status = 403, description = "Only the office sees plans", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
))]
async fn list_assignments(
    State(app): State<AppState>,
    _user: Allowed<OfficeOnly>,
    Path(id): Path<i64>,
    AppQuery(query): AppQuery<YearQuery>,
) -> Result<Json<Vec<Assignment>>, ApiError> {
    let (from, to) = year_of(query.year)?;
    load(&app, id).await?;
    let rows = app.store.supervisor_visits(id, from, to).await?;
    Ok(Json(rows))
}

/// The supervisor joins a visit planned within their term.
#[utoipa::path(post, path = "/api/supervisors/{id}/assignments", tag = "oversight",
    params(("id" = i64, Path)), request_body = NewAssignment,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Assigned", body = Assignment),
    (status = 403, description = "Only the office plans", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
    (status = 422, description = "No such visit, outside the term, or already assigned", body = ErrorResponse),
))]
async fn assign(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(new): AppJson<NewAssignment>,
) -> Result<(StatusCode, Json<Assignment>), ApiError> {
    let supervisor = to_supervisor(load(&app, id).await?)?;
    let mut invalid = Invalid::default();
    let visit = app.store.visit(new.visit_id).await?;
    match &visit {
        None => invalid.add("visit_id", Reason::NotFound),
        Some(visit) if !supervisor.serves_on(visit.planned_on) => {
            invalid.add("visit_id", Reason::OutsidePeriod)
        }
        Some(_) => {}
    }
    let day = visit.map(|v| v.planned_on).unwrap_or_default();
    invalid.into_result()?;
    if !app
        .store
        .assign_supervisor(
            id,
            new.visit_id,
            origin.audit(&user, "assign", "supervisor"),
        )
        .await?
    {
        let mut invalid = Invalid::default();
        invalid.add("visit_id", Reason::Duplicate);
        return Err(invalid.into());
    }
    let visit = app
        .store
        .supervisor_visits(id, day, day)
        .await?
        .into_iter()
        .find(|a| a.visit_id == new.visit_id)
        .ok_or_else(|| anyhow::anyhow!("assignment to visit {} vanished", new.visit_id))?;
    Ok((StatusCode::CREATED, Json(visit)))
}

/// A year's record up to `today`, as [`SupervisorRecord`] describes it.
async fn record_of(
    app: &AppState,
    id: i64,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<SupervisorRecord, ApiError> {
    let to = to.min(app.today());
    if to < from {
        return Ok(SupervisorRecord::default());
    }
    let visits = app.store.supervisor_visits(id, from, to).await?;
    let made: Vec<_> = visits
        .iter()
        .filter_map(|v| Some((v.planned_on, v.submitted_at?)))
        .collect();
    let on_time = made
        .iter()
        .filter(|(planned, at)| {
            SupervisorRecord::on_time(*planned, xiaoneng_domain::beijing::day(*at))
        })
        .count();
    let mut raised = 0;
    let mut substantiated = 0;
    for state in app.store.supervisor_finding_states(id, from, to).await? {
        raised += 1;
        if xiaoneng_domain::stats::substantiated(state) {
            substantiated += 1;
        }
    }
    Ok(SupervisorRecord::new(
        visits.len() as i64,
        made.len() as i64,
        on_time as i64,
        raised,
        substantiated,
    ))
}

async fn assessment(app: &AppState, id: i64, year: i32) -> Result<Assessment, ApiError> {
    let record = record_of(app, id, year_of(year)?).await?;
    let graded = app.store.assessment(id, year).await?;
    Ok(match graded {
        None => Assessment {
            supervisor_id: id,
            year,
            record,
            grade: None,
            comment: String::new(),
            assessed_by: None,
            assessed_at: None,
            version: None,
        },
        Some(a) => Assessment {
            supervisor_id: id,
            year,
            record,
            grade: Some(a.grade),
            comment: a.comment,
            assessed_by: Some(a.assessed_by),
            assessed_at: Some(a.assessed_at),
            version: Some(a.version),
        },
    })
}

/// A supervisor's year: the record computed from the visits made so far, and the office's grade.
#[utoipa::path(get, path = "/api/supervisors/{id}/assessments/{year}", tag = "oversight",
    params(("id" = i64, Path), ("year" = i32, Path)), security(("session" = [])), responses(
    (status = 200, description = "The year", body = Assessment),
    (status = 403, description = "Only the office, administrators and leaders", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
    (status = 422, description = "A year outside 2000–2100", body = ErrorResponse),
))]
async fn get_assessment(
    State(app): State<AppState>,
    _user: Allowed<OversightReaders>,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<Json<Assessment>, ApiError> {
    load(&app, id).await?;
    Ok(Json(assessment(&app, id, year).await?))
}

/// Grades the year (excellent / competent / not competent, which needs a comment).
#[utoipa::path(put, path = "/api/supervisors/{id}/assessments/{year}", tag = "oversight",
    params(("id" = i64, Path), ("year" = i32, Path)), request_body = AssessmentInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Graded", body = Assessment),
    (status = 403, description = "Only the office grades", body = ErrorResponse),
    (status = 404, description = "No such supervisor", body = ErrorResponse),
    (status = 409, description = "Graded or changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn grade(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path((id, year)): Path<(i64, i32)>,
    AppJson(input): AppJson<AssessmentInput>,
) -> Result<Json<Assessment>, ApiError> {
    load(&app, id).await?;
    year_of(year)?;
    input.validate()?;
    app.store
        .save_assessment(
            id,
            year,
            &input,
            user.id(),
            origin.audit(&user, "grade", "supervisor"),
        )
        .await?
        .or_conflict()?;
    Ok(Json(assessment(&app, id, year).await?))
}

/// The year's commitment letter.
#[utoipa::path(get, path = "/api/commitments/{year}", tag = "oversight",
    params(("year" = i32, Path)), security(("session" = [])), responses(
    (status = 200, description = "The letter", body = Letter),
    (status = 404, description = "No letter for that year yet", body = ErrorResponse),
    (status = 422, description = "A year outside 2000–2100", body = ErrorResponse),
))]
async fn get_letter(
    State(app): State<AppState>,
    _user: CurrentUser,
    Path(year): Path<i32>,
) -> Result<Json<Letter>, ApiError> {
    year_of(year)?;
    let letter = app
        .store
        .letter(year)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    Ok(Json(letter))
}

/// Writes the year's letter: without `version` the first time, with it afterwards.
#[utoipa::path(put, path = "/api/commitments/{year}", tag = "oversight",
    params(("year" = i32, Path)), request_body = LetterInput,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = Letter),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 409, description = "Written or changed since read", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn save_letter(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OversightKeepers>,
    origin: Origin,
    Path(year): Path<i32>,
    AppJson(input): AppJson<LetterInput>,
) -> Result<Json<Letter>, ApiError> {
    year_of(year)?;
    input.validate()?;
    app.store
        .save_letter(
            year,
            &input,
            origin.audit(&user, "save", "commitment_letter"),
        )
        .await?
        .or_conflict()?;
    let letter = app
        .store
        .letter(year)
        .await?
        .ok_or_else(|| anyhow::anyhow!("letter {year} vanished"))?;
    Ok(Json(letter))
}

/// The units within the caller's reach: every unit, or a liaison's subtree.
async fn reach(app: &AppState, user: &CurrentUser) -> Result<Vec<i64>, ApiError> {
    match user.role {
        Role::Liaison => {
            let root = user.own_unit()?;
            Ok(app.store.unit_subtree(root).await?)
        }
        Role::Inspector => Err(ErrorCode::Forbidden.into()),
        Role::Office | Role::Admin | Role::Leader => Ok(app
            .store
            .units()
            .await?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| u.id)
            .collect()),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct CompletionQuery {
    /// Only this unit and its sub-units.
    unit_id: Option<i64>,
}

/// Who signed the year's letter, per unit, and the units below 100 %.
#[utoipa::path(get, path = "/api/commitments/{year}/completion", tag = "oversight",
    params(("year" = i32, Path), CompletionQuery), security(("session" = [])), responses(
    (status = 200, description = "Per unit, active staff only", body = Completion),
    (status = 403, description = "Inspectors keep no letters", body = ErrorResponse),
    (status = 404, description = "No such unit within reach", body = ErrorResponse),
    (status = 422, description = "A year outside 2000–2100", body = ErrorResponse),
))]
async fn completion(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(year): Path<i32>,
    AppQuery(query): AppQuery<CompletionQuery>,
) -> Result<Json<Completion>, ApiError> {
    let mut units = reach(&app, &user).await?;
    year_of(year)?;
    if let Some(unit) = query.unit_id {
        if !units.contains(&unit) {
            return Err(ErrorCode::NotFound.into());
        }
        let subtree = app.store.unit_subtree(unit).await?;
        units.retain(|u| subtree.contains(u));
    }
    let names: BTreeMap<i64, String> = app
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut per_unit: BTreeMap<i64, (Vec<Signed>, Vec<StaffRef>)> =
        units.iter().map(|u| (*u, Default::default())).collect();
    for StaffSignatureRow {
        unit_id,
        staff_id,
        name,
        signed_on,
    } in app
        .store
        .staff_signatures(year, None)
        .await?
        .into_iter()
        .filter(|r| units.contains(&r.unit_id))
    {
        let entry = per_unit.entry(unit_id).or_default();
        let staff = StaffRef { id: staff_id, name };
        match signed_on {
            Some(signed_on) => entry.0.push(Signed { staff, signed_on }),
            None => entry.1.push(staff),
        }
    }
    let units = per_unit
        .into_iter()
        .map(|(id, (signed, unsigned))| {
            let name = names.get(&id).cloned().unwrap_or_default();
            UnitCompletion::new(id, name, signed, unsigned)
        })
        .collect();
    Ok(Json(Completion::new(year, units)))
}

/// Records that a staff member signed the year's letter, on the date they signed.
#[utoipa::path(post, path = "/api/commitments/{year}/signatures", tag = "oversight",
    params(("year" = i32, Path)), request_body = NewSignature,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Recorded", body = Signed),
    (status = 403, description = "Inspectors and leaders record no signatures", body = ErrorResponse),
    (status = 404, description = "No letter for that year", body = ErrorResponse),
    (status = 422, description = "Not a staff member within reach, already signed, or a date outside the year", body = ErrorResponse),
))]
async fn sign(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Keepers>,
    origin: Origin,
    Path(year): Path<i32>,
    AppJson(new): AppJson<NewSignature>,
) -> Result<(StatusCode, Json<Signed>), ApiError> {
    year_of(year)?;
    if app.store.letter(year).await?.is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    let mut invalid = new.validate(year, app.today()).err().unwrap_or_default();
    let units = reach(&app, &user).await?;
    let staff = app
        .store
        .staff_member(new.staff_id)
        .await?
        .filter(|s| s.active && units.contains(&s.unit_id));
    if staff.is_none() {
        invalid.add("staff_id", Reason::NotFound);
    }
    invalid.into_result()?;
    let staff = staff.ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if !app
        .store
        .sign_letter(
            year,
            &new,
            user.id(),
            origin.audit(&user, "sign", "commitment_letter"),
        )
        .await?
    {
        let mut invalid = Invalid::default();
        invalid.add("staff_id", Reason::Duplicate);
        return Err(invalid.into());
    }
    Ok((
        StatusCode::CREATED,
        Json(Signed {
            staff: StaffRef {
                id: staff.id,
                name: staff.name,
            },
            signed_on: new.signed_on,
        }),
    ))
}

/// Whether each person a finding names signed the letter of the year the
/// finding was observed: matched by name against the unit's staff.
pub(crate) async fn commitment_checks(
    app: &AppState,
    unit: i64,
    observed_on: NaiveDate,
    names: impl Iterator<Item = String>,
) -> Result<Vec<xiaoneng_domain::oversight::CommitmentCheck>, ApiError> {
    let year = observed_on.year();
    let staff = app.store.staff_signatures(year, Some(unit)).await?;
    Ok(names
        .map(|name| {
            let found = staff.iter().find(|s| s.name == name.trim());
            xiaoneng_domain::oversight::CommitmentCheck {
                year,
                staff: found.map(|s| StaffRef {
                    id: s.staff_id,
                    name: s.name.clone(),
                }),
                signed_on: found.and_then(|s| s.signed_on),
                name,
            }
        })
        .collect())
}
