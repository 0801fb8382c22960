//! The office's holiday calendar: `GET /api/calendar?year=`, `PUT` and
//! `DELETE /api/calendar/days/{day}` (office and administrators), and
//! `GET /api/calendar/deadline?from=&working_days=` — a deadline counted
//! over the calendar, as every deadline in the workflow is.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::calendar::{CalendarDay, DayInput, DeadlineExample};
use xiaoneng_domain::validation::check_year;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::error::ApiError;
use super::extract::{Allowed, AppJson, AppQuery, CalendarKeepers, CurrentUser, Origin};
use crate::AppState;

/// A deadline counts at most this many working days (about two years).
const MAX_WORKING_DAYS: u32 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(year))
        .routes(routes!(deadline))
        .routes(routes!(set_day, remove_day))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    /// 2000–2100.
    year: i32,
}

/// The days of one year that the calendar names.
#[utoipa::path(get, path = "/api/calendar", tag = "calendar", params(YearQuery), security(("session" = [])), responses(
    (status = 200, description = "Holidays and weekends worked", body = Vec<CalendarDay>),
    (status = 401, description = "No session", body = ErrorResponse),
    (status = 422, description = "A year out of range", body = ErrorResponse),
))]
async fn year(
    State(app): State<AppState>,
    _user: CurrentUser,
    AppQuery(q): AppQuery<YearQuery>,
) -> Result<Json<Vec<CalendarDay>>, ApiError> {
    let bounds = NaiveDate::from_ymd_opt(q.year, 1, 1).zip(NaiveDate::from_ymd_opt(q.year, 12, 31));
    let mut inv = Invalid::default();
    let Some((from, to)) = bounds.filter(|_| check_year(&mut inv, "year", q.year)) else {
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DeadlineQuery {
    /// The day the period starts (not counted).
    from: NaiveDate,
    /// 0–500.
    working_days: u32,
}

/// The deadline `working_days` working days after `from`, over the calendar.
#[utoipa::path(get, path = "/api/calendar/deadline", tag = "calendar", params(DeadlineQuery), security(("session" = [])), responses(
    (status = 200, description = "The deadline", body = DeadlineExample),
    (status = 401, description = "No session", body = ErrorResponse),
    (status = 422, description = "Too many working days", body = ErrorResponse),
))]
async fn deadline(
    State(app): State<AppState>,
    _user: CurrentUser,
    AppQuery(q): AppQuery<DeadlineQuery>,
) -> Result<Json<DeadlineExample>, ApiError> {
    let mut inv = Invalid::default();
    xiaoneng_domain::validation::check_date(&mut inv, "from", Some(q.from));
    if q.working_days > MAX_WORKING_DAYS {
        inv.add(
            "working_days",
            Reason::OutOfRange {
                min: 0,
                max: i64::from(MAX_WORKING_DAYS),
            },
        );
    }
    inv.into_result()?;
    let calendar = super::findings::calendar(&app).await?;
    Ok(Json(DeadlineExample {
        from: q.from,
        working_days: q.working_days,
        deadline: calendar.add_working_days(q.from, q.working_days),
    }))
}

/// Names a day: a public holiday, or a weekend day worked instead.
#[utoipa::path(put, path = "/api/calendar/days/{day}", tag = "calendar", request_body = DayInput,
    params(("day" = NaiveDate, Path, description = "YYYY-MM-DD")), security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "Set", body = CalendarDay),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 422, description = "A weekday cannot be worked instead; a name is needed", body = ErrorResponse),
))]
async fn set_day(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<CalendarKeepers>,
    origin: Origin,
    Path(day): Path<NaiveDate>,
    AppJson(body): AppJson<DayInput>,
) -> Result<Json<CalendarDay>, ApiError> {
    let entry = CalendarDay {
        day,
        working: body.working,
        name: body.name.trim().to_owned(),
    };
    entry.validate()?;
    let audit = origin.audit(&user, "set", "calendar_day");
    let row = CalendarDay {
        day,
        working: entry.working,
        name: entry.name.clone(),
    };
    app.store.put_calendar_day(&row, audit).await?;
    Ok(Json(entry))
}

/// Makes a day ordinary again.
#[utoipa::path(delete, path = "/api/calendar/days/{day}", tag = "calendar",
    params(("day" = NaiveDate, Path, description = "YYYY-MM-DD")), security(("session" = [], "csrf" = [])), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 404, description = "The calendar does not name this day", body = ErrorResponse),
    (status = 422, description = "A day outside 2000–2100", body = ErrorResponse),
))]
async fn remove_day(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<CalendarKeepers>,
    origin: Origin,
    Path(day): Path<NaiveDate>,
) -> Result<StatusCode, ApiError> {
    let mut inv = Invalid::default();
    xiaoneng_domain::validation::check_date(&mut inv, "day", Some(day));
    inv.into_result()?;
    let audit = origin.audit(&user, "delete", "calendar_day");
    if app.store.delete_calendar_day(day, audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ErrorCode::NotFound.into())
    }
}
