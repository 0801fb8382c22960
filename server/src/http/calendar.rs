//! The office's holiday calendar: `GET /api/calendar?year=`, `PUT` and
//! `DELETE /api/calendar/days/{day}` (office and administrators), and
//! `GET /api/calendar/deadline?from=&working_days=` — a deadline counted
//! over the calendar, as every deadline in the workflow is.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use xiaoneng_domain::calendar::{CalendarDay, DeadlineExample};
use xiaoneng_domain::{ErrorCode, Invalid, Reason, Role};

use super::error::ApiError;
use super::extract::{AppJson, CurrentUser, Origin};
use crate::AppState;
use crate::db::{AuditEntry, CalendarDayRow};

/// A deadline counts at most this many working days (about two years).
const MAX_WORKING_DAYS: u32 = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/calendar", get(year))
        .route("/api/calendar/deadline", get(deadline))
        .route("/api/calendar/days/{day}", put(set_day).delete(remove_day))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    year: i32,
}

async fn year(
    State(app): State<AppState>,
    _user: CurrentUser,
    Query(q): Query<YearQuery>,
) -> Result<Json<Vec<CalendarDay>>, ApiError> {
    let bounds = NaiveDate::from_ymd_opt(q.year, 1, 1).zip(NaiveDate::from_ymd_opt(q.year, 12, 31));
    let Some((from, to)) = bounds.filter(|_| (2000..=2100).contains(&q.year)) else {
        let mut inv = Invalid::default();
        inv.add(
            "year",
            Reason::OutOfRange {
                min: 2000,
                max: 2100,
            },
        );
        return Err(inv.into());
    };
    let days = app.store.calendar_days(from, to).await?;
    Ok(Json(
        days.into_iter()
            .map(|d| CalendarDay {
                day: d.day,
                working: d.working,
                name: d.name,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineQuery {
    from: NaiveDate,
    working_days: u32,
}

async fn deadline(
    State(app): State<AppState>,
    _user: CurrentUser,
    Query(q): Query<DeadlineQuery>,
) -> Result<Json<DeadlineExample>, ApiError> {
    if q.working_days > MAX_WORKING_DAYS {
        let mut inv = Invalid::default();
        inv.add(
            "working_days",
            Reason::OutOfRange {
                min: 0,
                max: i64::from(MAX_WORKING_DAYS),
            },
        );
        return Err(inv.into());
    }
    let calendar = super::findings::calendar(&app).await?;
    Ok(Json(DeadlineExample {
        from: q.from,
        working_days: q.working_days,
        deadline: calendar.add_working_days(q.from, q.working_days),
    }))
}

fn may_edit(user: &CurrentUser) -> Result<(), ApiError> {
    match user.role {
        Role::Office | Role::Admin => Ok(()),
        _ => Err(ErrorCode::Forbidden.into()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayBody {
    working: bool,
    name: String,
}

async fn set_day(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(day): Path<NaiveDate>,
    AppJson(body): AppJson<DayBody>,
) -> Result<Json<CalendarDay>, ApiError> {
    may_edit(&user)?;
    let entry = CalendarDay {
        day,
        working: body.working,
        name: body.name.trim().to_owned(),
    };
    entry.validate()?;
    let audit = AuditEntry {
        request_id: origin.request_id,
        address: origin.address,
        ..AuditEntry::new(Utc::now(), Some(user.id()), "set", "calendar_day")
    };
    let row = CalendarDayRow {
        day,
        working: entry.working,
        name: entry.name.clone(),
    };
    app.store.put_calendar_day(&row, audit).await?;
    Ok(Json(entry))
}

async fn remove_day(
    State(app): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(day): Path<NaiveDate>,
) -> Result<StatusCode, ApiError> {
    may_edit(&user)?;
    let audit = AuditEntry {
        request_id: origin.request_id,
        address: origin.address,
        ..AuditEntry::new(Utc::now(), Some(user.id()), "delete", "calendar_day")
    };
    if app.store.delete_calendar_day(day, audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ErrorCode::NotFound.into())
    }
}
