//! Figures for a year: `GET /api/stats` for the office and leaders, `GET
//! /api/public/stats` for everyone. Leaders see the coverage of rounds
//! already over; the public sees only substantiated findings, inspections
//! already made, and no unit by name — no figure announces a visit.

use axum::Json;
use axum::extract::State;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::record::Dimension;
use xiaoneng_domain::stats::{
    Count, MIN_INSPECTIONS_FOR_RANKING, OfficeStats, OnTime, PublicStats, Ranking, RoundCoverage,
    count, substantiated,
};
use xiaoneng_domain::unit::UnitKind;
use xiaoneng_domain::validation::check_year;
use xiaoneng_domain::{ErrorResponse, Invalid, Role};

use super::error::ApiError;
use super::extract::{Allowed, Analysts, AppQuery};
use crate::AppState;
use crate::db::StatFindingRow;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(office_stats))
        .routes(routes!(public_stats))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct YearQuery {
    /// The year, this year by default.
    year: Option<i32>,
}

/// The year asked for and its first and last day + 1.
fn year_of(app: &AppState, query: &YearQuery) -> Result<(i32, NaiveDate, NaiveDate), ApiError> {
    let year = query.year.unwrap_or_else(|| app.today().year());
    let mut invalid = Invalid::default();
    let bounds = check_year(&mut invalid, "year", year)
        .then(|| {
            Some((
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
            ))
        })
        .flatten();
    let Some((from, to)) = bounds else {
        return Err(invalid.into());
    };
    Ok((year, from, to))
}

fn month(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn rectified(rows: &[StatFindingRow]) -> Result<OnTime, ApiError> {
    let mut on_time = OnTime::default();
    for row in rows {
        if row.state == FindingState::Closed {
            let submitted = row.report_at.map(xiaoneng_domain::beijing::day);
            on_time.add(submitted, row.rectify_by);
        }
    }
    Ok(on_time)
}

fn measures(rows: Vec<(String, i64)>) -> Vec<Count> {
    let mut counts: Vec<Count> = MeasureKind::ALL
        .iter()
        .map(|k| Count {
            key: k.as_str().to_owned(),
            count: 0,
        })
        .collect();
    for (kind, n) in rows {
        match counts.iter_mut().find(|c| c.key == kind) {
            Some(c) => c.count += n,
            None => counts.push(Count {
                key: kind,
                count: n,
            }),
        }
    }
    counts
}

fn months(year: i32) -> Vec<String> {
    (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .map(month)
        .collect()
}

/// The office's figures for a year: findings by dimension, state, unit and
/// month; rectified on time; accountability by measure; coverage per round;
/// and a unit ranking that leaves out units with too few inspections.
#[utoipa::path(get, path = "/api/stats", tag = "statistics", params(YearQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The figures", body = OfficeStats),
    (status = 403, description = "Only the office and leaders", body = ErrorResponse),
    (status = 422, description = "A year out of range", body = ErrorResponse),
))]
async fn office_stats(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<Analysts>,
    AppQuery(query): AppQuery<YearQuery>,
) -> Result<Json<OfficeStats>, ApiError> {
    let (year, from, to) = year_of(&app, &query)?;
    let rows = app.store.stats_findings(from, to).await?;
    let dimensions: Vec<&str> = Dimension::ALL.iter().map(|d| d.as_str()).collect();
    let states: Vec<&str> = FindingState::ALL.iter().map(|s| s.as_str()).collect();
    let month_keys: Vec<String> = rows.iter().map(|r| month(r.observed_on)).collect();
    let all_months = months(year);
    let month_order: Vec<&str> = all_months.iter().map(String::as_str).collect();

    let ended_before = (user.role == Role::Leader).then(|| app.today());
    let mut coverage = Vec::new();
    for round in app.store.rounds_between(from, to, ended_before).await? {
        let targets = app.store.round_targets(round.id).await?;
        let visited = app.store.round_visited(round.id).await?;
        coverage.push(RoundCoverage {
            round_id: round.id,
            name: round.name,
            starts_on: round.starts_on,
            ends_on: round.ends_on,
            targeted: targets.len() as i64,
            visited: visited.len() as i64,
        });
    }

    let (start, end) = (
        xiaoneng_domain::beijing::midnight(from),
        xiaoneng_domain::beijing::midnight(to),
    );
    let inspections = app.store.stats_inspections(start, end).await?;
    let mut records: Vec<(i64, String, i64, i64)> = inspections
        .into_iter()
        .map(|(unit, name, n)| (unit, name, n, 0))
        .collect();
    for row in &rows {
        if substantiated(row.state) {
            match records.iter_mut().find(|r| r.0 == row.unit_id) {
                Some(r) => r.3 += 1,
                None => records.push((row.unit_id, row.unit_name.clone(), 0, 1)),
            }
        }
    }

    Ok(Json(OfficeStats {
        year,
        findings: rows.len() as i64,
        by_dimension: count(rows.iter().map(|r| r.dimension.as_str()), &dimensions),
        by_state: count(rows.iter().map(|r| r.state.as_str()), &states),
        by_unit: count(rows.iter().map(|r| r.unit_name.as_str()), &[]),
        by_month: count(month_keys.iter().map(String::as_str), &month_order),
        rectified: rectified(&rows)?,
        by_measure: measures(app.store.stats_measures(from, to).await?),
        coverage,
        ranking: Ranking::of(records, MIN_INSPECTIONS_FOR_RANKING),
    }))
}

/// The public figures for a year: substantiated findings by month,
/// dimension and kind of unit; inspections made; rectified on time;
/// accountability by measure.
#[utoipa::path(get, path = "/api/public/stats", tag = "public", params(YearQuery), responses(
    (status = 200, description = "The figures", body = PublicStats),
    (status = 422, description = "A year out of range", body = ErrorResponse),
))]
async fn public_stats(
    State(app): State<AppState>,
    AppQuery(query): AppQuery<YearQuery>,
) -> Result<Json<PublicStats>, ApiError> {
    Ok(Json(public_figures(&app, query.year).await?))
}

/// The public figures of `year` (this year by default), as the API answers
/// them and the figures page shows them.
pub async fn public_figures(app: &AppState, year: Option<i32>) -> Result<PublicStats, ApiError> {
    let (year, from, to) = year_of(app, &YearQuery { year })?;
    // Anyone may ask, as often as they like: the figures are worked out
    // once per year asked and per state of the data (the audit chain's
    // head moves with every write), and kept for a minute at most (the
    // day may turn).
    let (head, _) = app.store.audit_head().await?;
    let kept = app
        .public_stats
        .lock()
        .ok()
        .and_then(|kept| kept.get(&year).cloned())
        .filter(|(at_head, at, _)| *at_head == head && at.elapsed() < PUBLIC_STATS_FOR);
    if let Some((_, _, stats)) = kept {
        return Ok(stats);
    }
    let stats = work_out_public_stats(app, year, from, to).await?;
    if let Ok(mut kept) = app.public_stats.lock() {
        kept.insert(year, (head, std::time::Instant::now(), stats.clone()));
    }
    Ok(stats)
}

/// How long worked-out public figures are kept at most.
const PUBLIC_STATS_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// The public figures worked out, by year: (the audit head then, when, figures).
pub type KeptPublicStats =
    std::sync::Mutex<std::collections::HashMap<i32, (i64, std::time::Instant, PublicStats)>>;

async fn work_out_public_stats(
    app: &AppState,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PublicStats, ApiError> {
    let mut rows = Vec::new();
    for row in app.store.stats_findings(from, to).await? {
        if substantiated(row.state) {
            rows.push(row);
        }
    }
    let dimensions: Vec<&str> = Dimension::ALL.iter().map(|d| d.as_str()).collect();
    let kinds: Vec<&str> = UnitKind::ALL.into_iter().map(UnitKind::as_str).collect();
    let month_keys: Vec<String> = rows.iter().map(|r| month(r.observed_on)).collect();
    let all_months = months(year);
    let month_order: Vec<&str> = all_months.iter().map(String::as_str).collect();
    let (start, end) = (
        xiaoneng_domain::beijing::midnight(from),
        xiaoneng_domain::beijing::midnight(to),
    );
    let inspections = app
        .store
        .stats_inspections(start, end)
        .await?
        .iter()
        .map(|(_, _, n)| n)
        .sum();
    Ok(PublicStats {
        year,
        inspections,
        substantiated: rows.len() as i64,
        by_month: count(month_keys.iter().map(String::as_str), &month_order),
        by_dimension: count(rows.iter().map(|r| r.dimension.as_str()), &dimensions),
        by_unit_kind: count(rows.iter().map(|r| r.unit_kind.as_str()), &kinds),
        rectified: rectified(&rows)?,
        by_measure: measures(app.store.stats_measures(from, to).await?),
        min_inspections_for_ranking: MIN_INSPECTIONS_FOR_RANKING,
    })
}
