//! Accountability decisions: `POST /api/decisions` (office), `GET
//! /api/decisions` and `GET /api/decisions/{id}` (office and leaders see all;
//! a liaison sees decisions about people of their unit and its sub-units),
//! a person's record for the year with the measure the office's sanctions
//! ladder suggests (`GET /api/decisions/record`), and the ladder itself.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::access::{self, Reach};
use xiaoneng_domain::accountability::{
    Decision, DecisionChange, DecisionChangeKind, DecisionFinding, NewDecision, PersonKey,
    PersonRecord, SanctionLadder, may_be_decided_on, normalized, repeat_cases, within_year_before,
};
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::{ApiError, read_back};
use super::extract::{Allowed, Analysts, AppJson, AppQuery, CurrentUser, OfficeOnly, Origin};
use super::paging::PageRequest;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(record))
        .routes(routes!(detail))
        .routes(routes!(change))
        .routes(routes!(ladder, set_ladder))
}

/// `None`: every decision; `Some(unit)`: decisions about people of that unit's subtree.
/// The rule is the domain's (`access::decision_scope`).
fn reach(user: &CurrentUser) -> Result<Option<i64>, ApiError> {
    Ok(xiaoneng_domain::access::decision_scope(
        user.role,
        user.session.user.unit_id,
    )?)
}

/// The decision with its measures and the findings `user` may see.
async fn load(app: &AppState, user: &CurrentUser, row: Decision) -> Result<Decision, ApiError> {
    let reach = super::findings::reach(app, user).await?;
    let mut one = with_details(app, &reach, vec![row]).await?;
    Ok(one.pop().expect("one decision in, one out"))
}

/// Decisions with their findings and measures: two queries for every
/// [`DETAILS_AT_ONCE`] decisions, however many there are.
pub(crate) async fn with_details(
    app: &AppState,
    reach: &Reach,
    mut decisions: Vec<Decision>,
) -> Result<Vec<Decision>, ApiError> {
    for chunk in decisions.chunks_mut(DETAILS_AT_ONCE) {
        let ids: Vec<i64> = chunk.iter().map(|d| d.id).collect();
        let mut findings = app
            .store
            .findings_of_decisions(&ids)
            .await?
            .into_iter()
            .peekable();
        let mut measures = app
            .store
            .measures_of_decisions(&ids)
            .await?
            .into_iter()
            .peekable();
        let mut events = app
            .store
            .events_of_decisions(&ids)
            .await?
            .into_iter()
            .peekable();
        // Both come ordered by decision id; walk the chunk in that order.
        let mut order: Vec<usize> = (0..chunk.len()).collect();
        order.sort_by_key(|&i| chunk[i].id);
        for i in order {
            let d = &mut chunk[i];
            while let Some((_, id, code, title, unit_id, recorded_by, state)) =
                findings.next_if(|f| f.0 == d.id)
            {
                // A finding the caller may not see is not named to them.
                let facts = access::FindingFacts {
                    unit_id,
                    recorded_by,
                    state,
                };
                if access::finding(reach, facts).granted() {
                    d.findings.push(DecisionFinding { id, code, title });
                }
            }
            while let Some((_, m)) = measures.next_if(|m| m.0 == d.id) {
                d.measures.push(m);
            }
            while let Some((_, e)) = events.next_if(|e| e.0 == d.id) {
                d.history.push(e);
            }
        }
        mark_repeats(app, chunk).await?;
    }
    Ok(decisions)
}

/// Marks the decisions that are repeat cases, found among every decision in
/// force about the same people (by staff record, else by name and unit).
async fn mark_repeats(app: &AppState, decisions: &mut [Decision]) -> Result<(), ApiError> {
    let mut staff: Vec<i64> = decisions.iter().filter_map(|d| d.staff_id).collect();
    let mut names: Vec<String> = decisions
        .iter()
        .filter(|d| d.staff_id.is_none())
        .map(|d| d.person_name.clone())
        .collect();
    staff.sort_unstable();
    staff.dedup();
    names.sort();
    names.dedup();
    let peers: Vec<(i64, PersonKey, chrono::NaiveDate)> = app
        .store
        .peers_of_decisions(&staff, &names)
        .await?
        .into_iter()
        .map(|p| {
            let key = PersonKey::of(p.staff_id, &p.person_name, p.person_unit_id);
            (p.id, key, p.decided_on)
        })
        .collect();
    let repeats = repeat_cases(&peers);
    for d in decisions {
        d.repeat = repeats.contains(&d.id);
    }
    Ok(())
}

/// How many decisions' details one query reads (a bound value each).
const DETAILS_AT_ONCE: usize = 500;
/// Records a decision on substantiated findings.
#[utoipa::path(post, path = "/api/decisions", tag = "accountability", request_body = NewDecision,
    security(("session" = [], "csrf" = [])), responses(
    (status = 201, description = "Recorded", body = Decision),
    (status = 403, description = "Only the office decides", body = ErrorResponse),
    (status = 422, description = "A field is refused, or a finding is not substantiated", body = ErrorResponse),
))]
async fn create(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(new): AppJson<NewDecision>,
) -> Result<(StatusCode, Json<Decision>), ApiError> {
    let mut invalid = new.validate(app.today()).err().unwrap_or_default();
    if invalid.reason("finding_ids").is_none() {
        for id in &new.finding_ids {
            let state = app.store.finding(*id).await?.map(|f| f.progress.state);
            match state {
                None => invalid.add("finding_ids", Reason::NotFound),
                Some(state) if !may_be_decided_on(state) => {
                    invalid.add("finding_ids", Reason::NotSubstantiated)
                }
                Some(_) => {}
            }
        }
    }
    if !app.store.unit_exists(new.person_unit_id).await? {
        invalid.add("person_unit_id", Reason::NotFound);
    }
    // Named by staff record: the record's name, and a record of that unit.
    let mut new = new;
    if let Some(staff_id) = new.staff_id {
        match app.store.staff_member(staff_id).await? {
            None => invalid.add("staff_id", Reason::NotFound),
            Some(s) if s.unit_id != new.person_unit_id => {
                invalid.add("staff_id", Reason::NotOfThisUnit)
            }
            Some(s) => new.person_name = s.name,
        }
    } else {
        let name = new.person_name.trim();
        let named = app
            .store
            .staff_of(new.person_unit_id)
            .await?
            .iter()
            .filter(|s| s.active && s.name.trim() == name)
            .count();
        new.check_person(&mut invalid, named);
    }
    // A second decision for the same person on the same finding is asked
    // for explicitly (a revoked one does not count).
    if !new.confirm_repeat && invalid.reason("person_name").is_none() {
        for id in &new.finding_ids {
            let earlier = app
                .store
                .list_decisions(
                    &crate::db::DecisionFilter {
                        finding: Some(*id),
                        person: new
                            .staff_id
                            .is_none()
                            .then(|| new.person_name.trim().to_owned()),
                        staff: new.staff_id,
                        ..Default::default()
                    },
                    None,
                    1_000,
                )
                .await?;
            let key = PersonKey::of(new.staff_id, &new.person_name, new.person_unit_id);
            if earlier.iter().any(|d| {
                d.revoked_at.is_none()
                    && PersonKey::of(d.staff_id, &d.person_name, d.person_unit_id) == key
            }) {
                invalid.add("person_name", Reason::DecidedAlready);
                break;
            }
        }
    }
    invalid.into_result()?;
    let audit = origin.audit(&user, "create", "decision");
    let id = app
        .store
        .create_decision(&new, &new.normalized_measures(), user.id(), audit)
        .await?;
    let decision = read_back(|| async {
        let row = app
            .store
            .decision(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("decision {id} vanished"))?;
        load(&app, &user, row).await
    })
    .await?;
    Ok((StatusCode::CREATED, Json(decision)))
}

/// Amends (变更) a decision's measures and basis, or revokes (撤销) it, with
/// the reason, on the version the office read. The change goes on the
/// decision's history and the audit log; each published bulletin that
/// announced it carries a correction notice.
#[utoipa::path(post, path = "/api/decisions/{id}/changes", tag = "accountability", params(("id" = i64, Path)),
    request_body = DecisionChange, security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Changed", body = Decision),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 404, description = "No such decision", body = ErrorResponse),
    (status = 409, description = "`conflict`: changed since read; `wrong_state`: revoked already", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
))]
async fn change(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    Path(id): Path<i64>,
    AppJson(req): AppJson<DecisionChange>,
) -> Result<Json<Decision>, ApiError> {
    let current = app
        .store
        .decision(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if current.revoked_at.is_some() {
        return Err(ErrorCode::WrongState.into());
    }
    if current.version != req.version {
        return Err(ErrorCode::Conflict.into());
    }
    req.validate()?;
    let after = match req.change {
        DecisionChangeKind::Amend => normalized(&req.measures),
        DecisionChangeKind::Revoke => vec![],
    };
    let row = crate::db::ChangeRow {
        change: req.change,
        after: &after,
        basis_after: req
            .basis
            .as_deref()
            .filter(|_| req.change == DecisionChangeKind::Amend),
        reason: &req.reason,
        by: Some(user.id()),
    };
    app.store
        .change_decision(
            id,
            req.version,
            &row,
            origin.audit(&user, req.change.as_str(), "decision"),
        )
        .await?
        .or_conflict()?;
    let decision = read_back(|| async {
        let row = app
            .store
            .decision(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("decision {id} vanished"))?;
        load(&app, &user, row).await
    })
    .await?;
    Ok(Json(decision))
}

/// One decision.
#[utoipa::path(get, path = "/api/decisions/{id}", tag = "accountability", params(("id" = i64, Path)),
    security(("session" = [])), responses(
    (status = 200, description = "The decision", body = Decision),
    (status = 404, description = "No such decision within the caller's reach", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Decision>, ApiError> {
    let scope = reach(&user)?;
    let row = app
        .store
        .decision(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    if let Some(unit) = scope
        && !app
            .store
            .unit_subtree(unit)
            .await?
            .contains(&row.person_unit_id)
    {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(Json(load(&app, &user, row).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// The person's unit and its sub-units.
    unit: Option<i64>,
    /// The person, by name as recorded (a ledger page).
    person: Option<String>,
    /// The person, by staff record.
    staff: Option<i64>,
    /// The decisions resting on this finding (the finding's page).
    finding: Option<i64>,
    /// `next` from the previous page.
    cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Decisions within the caller's reach, newest first.
#[utoipa::path(get, path = "/api/decisions", tag = "accountability", params(ListQuery),
    security(("session" = [])), responses(
    (status = 200, description = "A page", body = Page<Decision>),
    (status = 403, description = "Inspectors and administrators do not see decisions", body = ErrorResponse),
    (status = 422, description = "A bad cursor or limit", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    user: CurrentUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<Decision>>, ApiError> {
    let scope = reach(&user)?;
    let mut invalid = Invalid::default();
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let rows = app
        .store
        .list_decisions(
            &crate::db::DecisionFilter {
                scope,
                unit: query.unit,
                person: query.person.filter(|p| !p.trim().is_empty()),
                staff: query.staff,
                finding: query.finding,
            },
            page.after,
            page.fetch(),
        )
        .await?;
    let (rows, next) = page.finish(rows, |r| (r.created_at, r.id));
    let items = with_details(&app, &super::findings::reach(&app, &user).await?, rows).await?;
    Ok(Json(Page { items, next }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct RecordQuery {
    /// The person's staff record; or else `person` and `unit`.
    staff_id: Option<i64>,
    /// A name not on a staff list, with `unit`.
    person: Option<String>,
    unit: Option<i64>,
    /// The day of the decision to come (today by default).
    on: Option<chrono::NaiveDate>,
}

/// A person's decisions in force within the year before `on`, and the
/// measure the sanctions ladder suggests for their next case.
#[utoipa::path(get, path = "/api/decisions/record", tag = "accountability", params(RecordQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The record", body = PersonRecord),
    (status = 403, description = "Not the office or a leader", body = ErrorResponse),
    (status = 422, description = "Neither a staff record nor a name and unit", body = ErrorResponse),
))]
async fn record(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Analysts>,
    AppQuery(query): AppQuery<RecordQuery>,
) -> Result<Json<PersonRecord>, ApiError> {
    let mut invalid = Invalid::default();
    let person = query
        .person
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let key = match (query.staff_id, person, query.unit) {
        (Some(id), _, _) => PersonKey::Staff(id),
        (None, Some(name), Some(unit)) => PersonKey::Named(name.to_owned(), unit),
        (None, None, _) => {
            invalid.add("staff_id", Reason::Required);
            PersonKey::Staff(0)
        }
        (None, Some(_), None) => {
            invalid.add("unit", Reason::Required);
            PersonKey::Staff(0)
        }
    };
    if let Some(on) = query.on {
        xiaoneng_domain::validation::check_date(&mut invalid, "on", Some(on));
    }
    invalid.into_result()?;
    let on = query.on.unwrap_or_else(|| app.today());
    let filter = match &key {
        PersonKey::Staff(id) => crate::db::DecisionFilter {
            staff: Some(*id),
            ..Default::default()
        },
        PersonKey::Named(name, unit) => crate::db::DecisionFilter {
            person: Some(name.clone()),
            unit: Some(*unit),
            ..Default::default()
        },
    };
    // A person's decisions are few; a thousand is years of them.
    let rows = app.store.list_decisions(&filter, None, 1_000).await?;
    let rows: Vec<Decision> = rows
        .into_iter()
        .filter(|d| {
            d.revoked_at.is_none()
                && PersonKey::of(d.staff_id, &d.person_name, d.person_unit_id) == key
                && within_year_before(d.decided_on, on)
        })
        .collect();
    let cases = with_details(&app, &super::findings::reach(&app, &user).await?, rows).await?;
    let ladder = app.store.sanction_ladder().await?;
    Ok(Json(PersonRecord {
        next_case: cases.len() + 1,
        suggested: ladder.suggest(cases.len()),
        cases,
    }))
}

/// The office's sanctions ladder: the measure for a first case within a
/// year, a second, and so on.
#[utoipa::path(get, path = "/api/settings/sanctions", tag = "accountability",
    security(("session" = [])), responses(
    (status = 200, description = "The ladder", body = SanctionLadder),
    (status = 403, description = "Not the office or a leader", body = ErrorResponse),
))]
async fn ladder(
    State(app): State<AppState>,
    Allowed(_, _): Allowed<Analysts>,
) -> Result<Json<SanctionLadder>, ApiError> {
    Ok(Json(app.store.sanction_ladder().await?))
}

/// Sets the sanctions ladder (1–6 steps, none "other").
#[utoipa::path(put, path = "/api/settings/sanctions", tag = "accountability", request_body = SanctionLadder,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Saved", body = SanctionLadder),
    (status = 403, description = "Only the office", body = ErrorResponse),
    (status = 422, description = "A step is refused", body = ErrorResponse),
))]
async fn set_ladder(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<OfficeOnly>,
    origin: Origin,
    AppJson(new): AppJson<SanctionLadder>,
) -> Result<Json<SanctionLadder>, ApiError> {
    new.validate()?;
    app.store
        .set_sanction_ladder(&new, origin.audit(&user, "update", "sanctions"))
        .await?;
    Ok(Json(app.store.sanction_ladder().await?))
}
