//! The office's holiday calendar: `GET /api/calendar?year=`, `PUT` and
//! `DELETE /api/calendar/days/{day}` (office and administrators), and
//! `GET /api/calendar/deadline?from=&working_days=` — a deadline counted
//! over the calendar, as every deadline in the workflow is; `POST
//! /api/calendar/import` takes a year's days from an `.ics` or CSV file.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::calendar::{CalendarDay, DayInput, DeadlineExample};

use axum::http::HeaderMap;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
use xiaoneng_domain::import::{IMPORT_MAX_ROWS, ImportReport, ImportRequest};
use xiaoneng_domain::validation::{check_date, check_year};
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Lang, Reason};

use super::error::{ApiError, request_lang};
use super::extract::{Allowed, AppJson, AppQuery, CalendarKeepers, CurrentUser, Origin};
use super::imports::{Column, Problems, Sheet, check_text, finish, read};
use crate::AppState;

/// A deadline counts at most this many working days (about two years).
const MAX_WORKING_DAYS: u32 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(year))
        .routes(routes!(deadline))
        .routes(routes!(set_day, remove_day))
        .routes(routes!(import_days))
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
    check_date(&mut inv, "from", Some(q.from));
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
    check_date(&mut inv, "day", Some(day));
    inv.into_result()?;
    let audit = origin.audit(&user, "delete", "calendar_day");
    if app.store.delete_calendar_day(day, audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ErrorCode::NotFound.into())
    }
}

/// The columns of a calendar file in CSV; an `.ics` file is read into the same.
const CALENDAR_COLUMNS: [Column; 3] = [
    Column {
        key: "day",
        headers: &["day", "date", "日期"],
        required: true,
    },
    Column {
        key: "kind",
        headers: &["kind", "type", "类型", "休/班"],
        required: true,
    },
    Column {
        key: "name",
        headers: &["name", "名称", "节日", "说明"],
        required: true,
    },
];

/// An event of an `.ics` file spans at most this many days (the longest
/// public holiday, 春节, is nine).
const MAX_EVENT_DAYS: i64 = 31;

/// What a day is from the file's word: `Some(true)` a weekend worked instead
/// (班, 上班, 补班, 调休上班, working), `Some(false)` a public holiday (休, 假,
/// 节假日, holiday).
fn kind_of(word: &str) -> Option<bool> {
    let word = word.trim().to_lowercase();
    match word.as_str() {
        "班" | "上班" | "补班" | "调休上班" | "working" | "work" | "workday" => Some(true),
        "休" | "假" | "休假" | "放假" | "节假日" | "holiday" | "off" => Some(false),
        _ => None,
    }
}

/// The kind word written into the preview for an `.ics` event.
fn kind_word(working: bool, lang: Lang) -> &'static str {
    match (working, lang) {
        (true, Lang::ZhCn) => "班",
        (false, Lang::ZhCn) => "休",
        (true, Lang::En) => "working",
        (false, Lang::En) => "holiday",
    }
}

/// A day as a file writes it: 2027-02-06, 2027/2/6, 2027.2.6 or 20270206.
fn parse_day(cell: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(cell.trim(), f).ok())
}

/// An `.ics` file read into the CSV columns: each day of each event a row,
/// on the line of the event's `BEGIN:VEVENT`. An event is a working day
/// when its summary says 班 (补班, 调休上班) or "work"; else a holiday.
fn read_ics(text: &str, lang: Lang, problems: &mut Problems) -> Sheet {
    let mut sheet = Sheet {
        columns: CALENDAR_COLUMNS.iter().map(|c| c.key.to_owned()).collect(),
        present: vec![true; CALENDAR_COLUMNS.len()],
        rows: Vec::new(),
    };
    let unfolded = icalendar::parser::unfold(text);
    let calendar = match icalendar::parser::read_calendar(&unfolded) {
        Ok(parsed) => icalendar::Calendar::from(parsed),
        Err(_) => {
            problems.push((1, "file".into(), Reason::WrongType));
            return sheet;
        }
    };
    // Events are numbered by their BEGIN lines in the file as sent.
    let mut begins = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1);
    for event in calendar.events() {
        let line = begins.next().unwrap_or(1);
        let name = event.get_summary().unwrap_or_default().trim().to_owned();
        let working = name.contains('班') || name.to_lowercase().contains("work");
        let day_of = |d: DatePerhapsTime| match d {
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(at)) => {
                xiaoneng_domain::beijing::day(at)
            }
            other => other.date_naive(),
        };
        let Some(start) = event.get_start().map(day_of) else {
            problems.push((line, "day".into(), Reason::Required));
            continue;
        };
        // DTEND is the day after an all-day event (RFC 5545); none: one day.
        let days = event
            .get_end()
            .map(day_of)
            .map_or(1, |end| (end - start).num_days().max(1));
        if days > MAX_EVENT_DAYS {
            problems.push((
                line,
                "day".into(),
                Reason::OutOfRange {
                    min: 1,
                    max: MAX_EVENT_DAYS,
                },
            ));
            continue;
        }
        for day in start.iter_days().take(days as usize) {
            sheet.rows.push((
                line,
                vec![
                    Some(day.to_string()),
                    Some(kind_word(working, lang).to_owned()),
                    Some(name.clone()),
                ],
            ));
        }
        if sheet.rows.len() > IMPORT_MAX_ROWS {
            problems.push((
                1,
                "file".into(),
                Reason::TooMany {
                    max: IMPORT_MAX_ROWS,
                },
            ));
            break;
        }
    }
    if sheet.rows.is_empty() && problems.is_empty() {
        problems.push((1, "file".into(), Reason::Required));
    }
    sheet
}

/// Checks (and with `write`, sets) public holidays and weekends worked
/// instead from a file: an `.ics` calendar (`BEGIN:VCALENDAR`), or a CSV
/// file with the columns 日期/day, 类型/kind (休 or 班) and 名称/name. A day
/// already in the calendar takes the file's kind and name; days the file
/// does not name are left as they are.
#[utoipa::path(post, path = "/api/calendar/import", tag = "calendar", request_body = ImportRequest,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "The preview (`written: false`), or the days written", body = ImportReport),
    (status = 403, description = "Only the office and administrators", body = ErrorResponse),
    (status = 422, description = "Writing refused: each bad cell as `lines[N].column`; nothing written", body = ErrorResponse),
))]
async fn import_days(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<CalendarKeepers>,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<ImportRequest>,
) -> Result<Json<ImportReport>, ApiError> {
    let lang = request_lang(&headers);
    let mut problems = Problems::new();
    let text = req.csv.strip_prefix('\u{feff}').unwrap_or(&req.csv);
    let sheet = if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        read_ics(text, lang, &mut problems)
    } else {
        read(text, &CALENDAR_COLUMNS, &mut problems)
    };
    let mut seen = HashSet::new();
    let mut days = Vec::new();
    for (line, cells) in &sheet.rows {
        let cell = |c: usize| cells[c].clone().unwrap_or_default();
        let count = problems.len();
        let day = parse_day(&cell(0));
        let mut inv = Invalid::default();
        match day {
            None => problems.push((*line, "day".into(), Reason::WrongType)),
            Some(d) if !check_date(&mut inv, "day", Some(d)) => {
                let reason = inv.reason("day").cloned().unwrap_or(Reason::WrongType);
                problems.push((*line, "day".into(), reason));
            }
            Some(d) if !seen.insert(d) => problems.push((*line, "day".into(), Reason::Duplicate)),
            Some(_) => {}
        }
        let working = kind_of(&cell(1));
        if working.is_none() {
            problems.push((*line, "kind".into(), Reason::NotFound));
        }
        let name = cell(2);
        check_text(
            &mut problems,
            *line,
            "name",
            &name,
            1,
            CalendarDay::NAME_MAX_CHARS,
        );
        if let (Some(day), Some(working), true) = (day, working, problems.len() == count) {
            let entry = CalendarDay { day, working, name };
            match entry.validate() {
                Ok(()) => days.push(entry),
                Err(inv) => {
                    for (field, reason) in inv.fields() {
                        let column = if field == "working" {
                            "kind"
                        } else {
                            field.as_ref()
                        };
                        problems.push((*line, column.to_owned(), reason.clone()));
                    }
                }
            }
        }
    }
    finish(sheet, problems, req.write, lang, || {
        app.store
            .import_calendar(&days, origin.audit(&user, "import", "calendar_day"))
    })
    .await
}
