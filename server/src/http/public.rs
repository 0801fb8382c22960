//! What anyone may read or send without signing in: published public
//! bulletins (redacted as decided), their Atom feed, and citizen reports
//! with their status by tracking code. Nothing here reads a draft, an
//! internal bulletin, a person's name that was redacted, or a plan.

use axum::Json;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::bulletin::{
    Audience, BulletinKind, BulletinState, PublicBulletin, Retraction,
};
use xiaoneng_domain::markdown;
use xiaoneng_domain::record::Page;
use xiaoneng_domain::report::{
    CODE_ALPHABET, NewReport, PublicOutcome, ReportReceipt, ReportStatusView, answer_by,
    is_tracking_code,
};
use xiaoneng_domain::validation::check_year;
use xiaoneng_domain::{ErrorCode, ErrorResponse, Invalid, Reason};

use super::bulletins::{masked as masked_measure, redacts};
use super::error::ApiError;
use super::extract::{AppJson, AppQuery, Origin};
use super::files::{Form, UPLOAD_LIMIT, Upload};
use super::paging::{PageRequest, like_pattern};
use crate::AppState;
use crate::auth::throttle::{self, Counted};
use crate::db::{NewReportRow, PublicBulletinRow, PublicFilter, ReportPhotoData};
use crate::http::infra::metadata;
use sha2::Digest;

/// Reports one address may send in `REPORT_WINDOW_MINUTES`.
pub const REPORTS_PER_WINDOW: i64 = 5;
pub const REPORT_WINDOW_MINUTES: i64 = 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(feed))
        .routes(routes!(report_status))
        .routes(routes!(units))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(submit_report))
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
}

/// Public bulletins from their rows, with the units and measures of all of
/// them read in two queries (not two per bulletin).
/// Whether bulletins go out with their text (a page, the feed) or only
/// with its excerpt (a list: a phone on a slow network downloads what it shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carry {
    Text,
    Excerpt,
}

async fn to_public(
    app: &AppState,
    rows: Vec<PublicBulletinRow>,
    carry: Carry,
) -> Result<Vec<PublicBulletin>, ApiError> {
    let live: Vec<i64> = rows
        .iter()
        .filter(|r| r.state == BulletinState::Published)
        .map(|r| r.id)
        .collect();
    let mut units = app.store.units_of_bulletins(&live).await?;
    let mut measures = app.store.measures_of_bulletins(&live).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let published_at = row
            .published_at
            .ok_or_else(|| anyhow::anyhow!("public bulletin {} has no publication time", row.id))?;
        let retraction = match (row.state, row.retracted_at, row.retraction_reason) {
            (BulletinState::Retracted, Some(at), Some(reason)) => Some(Retraction { at, reason }),
            (BulletinState::Published, _, _) => None,
            (state, ..) => {
                let why = format!(
                    "public bulletin {} is {state:?} or its retraction is lost",
                    row.id
                );
                return Err(anyhow::anyhow!(why).into());
            }
        };
        let masked = redacts(Audience::Public, row.show_names);
        let (body, its_units, its_measures) = if retraction.is_some() {
            (None, vec![], vec![])
        } else {
            let its_units = units
                .extract_if(.., |(b, _)| *b == row.id)
                .map(|(_, name)| name)
                .collect();
            let its_measures = measures
                .extract_if(.., |(b, _)| *b == row.id)
                .map(|(_, m)| masked_measure(m, masked))
                .collect();
            (row.public_body, its_units, its_measures)
        };
        let excerpt = match (&body, &retraction) {
            (_, Some(r)) => excerpt(&r.reason),
            (Some(text), None) => excerpt(&markdown::to_plain(text)),
            (None, None) => String::new(),
        };
        let body = body.filter(|_| carry == Carry::Text);
        let corrections = if carry == Carry::Text && retraction.is_none() {
            app.store.bulletin_corrections(row.id).await?
        } else {
            vec![]
        };
        out.push(PublicBulletin {
            corrections,
            body_html: body.as_deref().map(markdown::to_html),
            excerpt,
            id: row.id,
            doc_number: row.doc_number,
            title: row.public_title.unwrap_or_default(),
            kind: row.kind,
            published_at,
            body,
            units: its_units,
            measures: its_measures,
            retraction,
        });
    }
    Ok(out)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Words in the number, title or text.
    pub q: Option<String>,
    /// Published in this year.
    pub year: Option<i32>,
    /// Concerning this unit.
    pub unit: Option<i64>,
    /// `inspection_results`, `accountability` or `typical_cases`.
    #[param(value_type = Option<xiaoneng_domain::bulletin::BulletinKind>, inline)]
    pub kind: Option<String>,
    /// Listing this measure, e.g. `reassignment`.
    #[param(value_type = Option<xiaoneng_domain::accountability::MeasureKind>, inline)]
    pub measure: Option<String>,
    /// `next` from the previous page.
    pub cursor: Option<String>,
    /// 1–100, 20 by default.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// The first [`EXCERPT_CHARS`] characters, and an ellipsis when there were more.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

const EXCERPT_CHARS: usize = 150;

/// A year, in Beijing time.
fn year_bounds(year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = |y| NaiveDate::from_ymd_opt(y, 1, 1).map(xiaoneng_domain::beijing::midnight);
    Some((start(year)?, start(year + 1)?))
}

/// Published public bulletins, newest first (retracted ones stay, with their
/// notice); each with its excerpt, not its whole text.
#[utoipa::path(get, path = "/api/public/bulletins", tag = "public", params(ListQuery), responses(
    (status = 200, description = "A page", body = Page<PublicBulletin>),
    (status = 422, description = "A filter is refused", body = ErrorResponse),
))]
async fn list(
    State(app): State<AppState>,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<Json<Page<PublicBulletin>>, ApiError> {
    Ok(Json(bulletins(&app, &query).await?))
}

/// A page of published public bulletins, as the API answers it and the
/// bulletins page shows it.
pub async fn bulletins(
    app: &AppState,
    query: &ListQuery,
) -> Result<Page<PublicBulletin>, ApiError> {
    let mut invalid = Invalid::default();
    if let Some(kind) = &query.kind
        && BulletinKind::parse(kind).is_none()
    {
        invalid.add("kind", Reason::NotFound);
    }
    if let Some(measure) = &query.measure
        && MeasureKind::parse(measure).is_none()
    {
        invalid.add("measure", Reason::NotFound);
    }
    let year = match query.year {
        Some(y) if check_year(&mut invalid, "year", y) => year_bounds(y),
        Some(_) => None,
        None => None,
    };
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
        invalid.add("q", Reason::TooLong { max: 100 });
    }
    let page = PageRequest::parse(query.cursor.as_deref(), query.limit, &mut invalid);
    invalid.into_result()?;
    let filter = PublicFilter {
        pattern: query
            .q
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(like_pattern),
        year,
        kind: query.kind.clone(),
        unit: query.unit,
        measure: query.measure.clone(),
        after: page.after,
        limit: page.fetch(),
    };
    let rows = app.store.public_bulletins(&filter).await?;
    let (rows, next) = page.finish(rows, |r| (r.published_at.unwrap_or_default(), r.id));
    let items = to_public(app, rows, Carry::Excerpt).await?;
    Ok(Page { items, next })
}

/// One published public bulletin, at its permanent id.
#[utoipa::path(get, path = "/api/public/bulletins/{id}", tag = "public", params(("id" = i64, Path)), responses(
    (status = 200, description = "The bulletin (a retracted one carries its retraction instead of its text)", body = PublicBulletin),
    (status = 404, description = "No such public bulletin", body = ErrorResponse),
))]
async fn detail(
    State(app): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<PublicBulletin>, ApiError> {
    let row = app
        .store
        .public_bulletin(id)
        .await?
        .ok_or(ApiError::Code(ErrorCode::NotFound))?;
    let one = to_public(&app, vec![row], Carry::Text).await?.pop();
    Ok(Json(one.ok_or_else(|| {
        anyhow::anyhow!("bulletin {id} vanished")
    })?))
}

/// One public bulletin as the API answers it (`None`: not public, or no such bulletin).
pub async fn one_bulletin(app: &AppState, id: i64) -> Result<Option<PublicBulletin>, ApiError> {
    match app.store.public_bulletin(id).await? {
        Some(row) => Ok(to_public(app, vec![row], Carry::Text).await?.pop()),
        None => Ok(None),
    }
}

/// Where links in the feed point: the configured public URL, or the
/// request's own host, over HTTPS when the client came so (as a trusted
/// proxy says: `http::client`).
fn base_url(app: &AppState, headers: &HeaderMap, origin: &Origin) -> String {
    if let Some(url) = &app.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if origin.client.is_some_and(|c| c.https) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The 50 newest public bulletins as an Atom feed (RFC 4287).
#[utoipa::path(get, path = "/api/public/feed.atom", tag = "public", responses(
    (status = 200, description = "The feed", content_type = "application/atom+xml"),
))]
async fn feed(
    State(app): State<AppState>,
    origin: Origin,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let base = base_url(&app, &headers, &origin);
    let rows = app
        .store
        .public_bulletins(&PublicFilter {
            limit: 50,
            ..PublicFilter::default()
        })
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut newest: Option<DateTime<Utc>> = None;
    for bulletin in to_public(&app, rows, Carry::Text).await? {
        let updated = bulletin
            .retraction
            .as_ref()
            .map_or(bulletin.published_at, |r| r.at);
        newest = newest.max(Some(updated));
        let url = format!("{base}/bulletins/{}", bulletin.id);
        let mut entry = Entry::default();
        entry.set_id(format!("{base}/bulletins/{}", bulletin.id));
        entry.set_title(Text::plain(format!(
            "{} {}",
            bulletin.doc_number, bulletin.title
        )));
        entry.set_updated(updated.with_timezone(&xiaoneng_domain::beijing::zone()));
        entry.set_published(Some(
            bulletin
                .published_at
                .with_timezone(&xiaoneng_domain::beijing::zone()),
        ));
        entry.set_links(vec![Link {
            href: url,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }]);
        let content = match (&bulletin.retraction, &bulletin.body_html) {
            (Some(r), _) => Content {
                value: Some(format!(
                    "本通报已于{}撤回。撤回原因：{}",
                    r.at.with_timezone(&xiaoneng_domain::beijing::zone())
                        .format("%Y-%m-%d"),
                    r.reason
                )),
                content_type: Some("text".into()),
                ..Content::default()
            },
            // Escaped into the feed as RFC 4287 §3.1.1.2 asks.
            (None, html) => Content {
                value: Some(html.clone().unwrap_or_default()),
                content_type: Some("html".into()),
                ..Content::default()
            },
        };
        entry.set_summary(Some(Text::plain(bulletin.excerpt.clone())));
        entry.set_content(Some(content));
        entries.push(entry);
    }
    let mut feed = Feed::default();
    feed.set_id(format!("{base}/bulletins"));
    feed.set_title(Text::plain("效能建设通报 · Efficiency bulletins"));
    feed.set_lang(Some("zh-CN".to_owned()));
    feed.set_updated(
        newest
            .unwrap_or_else(|| DateTime::from_timestamp(0, 0).unwrap_or_default())
            .with_timezone(&xiaoneng_domain::beijing::zone()),
    );
    feed.set_authors(vec![Person {
        name: "市效能建设工作领导小组办公室".into(),
        ..Person::default()
    }]);
    feed.set_links(vec![
        Link {
            href: format!("{base}/bulletins"),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        },
        Link {
            href: format!("{base}/api/public/feed.atom"),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Link::default()
        },
    ]);
    feed.set_entries(entries);
    let mut response = feed.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

fn tracking_code() -> String {
    let mut rng = rand::rng();
    let mut pick = || CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char;
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("JB-{a}-{b}")
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ReportForm {
    /// The report as JSON (`NewReport`).
    report: String,
    /// An optional photo (JPEG, PNG, WebP, HEIF) or PDF, at most 10 MB.
    #[schema(value_type = Option<String>, format = Binary)]
    photo: Option<Vec<u8>>,
}

/// A citizen's report, as JSON or as a multipart form with the JSON in
/// `report` and an optional `photo`. Answers the tracking code to keep.
#[utoipa::path(post, path = "/api/public/reports", tag = "public",
    request_body(content(
        (NewReport = "application/json"),
        (ReportForm = "multipart/form-data"),
    )), responses(
    (status = 201, description = "Received", body = ReportReceipt),
    (status = 413, description = "The photo is over 10 MB", body = ErrorResponse),
    (status = 422, description = "A field is refused", body = ErrorResponse),
    (status = 429, description = "Too many reports from this address; `retry_after` says when to try again", body = ErrorResponse),
))]
async fn submit_report(
    State(app): State<AppState>,
    origin: Origin,
    request: Request,
) -> Result<(StatusCode, Json<ReportReceipt>), ApiError> {
    count_report(&app, &origin).await?;
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (report, photo) = if multipart {
        let form =
            Multipart::from_request(request, &app)
                .await
                .map_err(|e| ApiError::Malformed {
                    code: ErrorCode::BadRequest,
                    detail: e.body_text(),
                    field: None,
                })?;
        let form = Form::read(form, &["report", "photo"]).await?;
        let report: NewReport = serde_json::from_str(form.text("report").unwrap_or_default())
            .map_err(|e| {
                let mut invalid = Invalid::default();
                invalid.add("report", Reason::WrongType);
                tracing::debug!(error = %e, "report part does not parse");
                ApiError::Invalid(invalid)
            })?;
        (report, form.optional_file("photo")?)
    } else {
        let AppJson(report) = AppJson::<NewReport>::from_request(request, &app).await?;
        (report, None)
    };
    let receipt = store_report(&app, &origin, report, photo, Invalid::default()).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Counts a report from `origin`'s address, refused ones too, before a byte
/// of it is read: a flood costs the server one upsert per request.
pub async fn count_report(app: &AppState, origin: &Origin) -> Result<(), ApiError> {
    let bucket = origin
        .client
        .as_ref()
        .map_or_else(|| "unknown".to_owned(), |c| app.address_hash(c));
    if let Counted::Refused { retry_after, .. } = throttle::count(
        &app.store,
        &format!("report:{bucket}"),
        REPORTS_PER_WINDOW,
        chrono::Duration::minutes(REPORT_WINDOW_MINUTES),
        chrono::Duration::minutes(REPORT_WINDOW_MINUTES),
        Utc::now(),
    )
    .await?
    {
        return Err(ApiError::TooMany(retry_after));
    }
    Ok(())
}

/// Checks a report (by the shared rule, and that its unit exists; `invalid`
/// holds what the caller already found wrong) and keeps it with its photo
/// stripped of what it says of where and when: the receipt, or what is wrong.
pub async fn store_report(
    app: &AppState,
    origin: &Origin,
    report: NewReport,
    photo: Option<Upload>,
    mut invalid: Invalid,
) -> Result<ReportReceipt, ApiError> {
    let now = Utc::now();
    if let Err(found) = report.validate(app.today()) {
        for (field, reason) in found.fields() {
            invalid.add(field.clone(), reason.clone());
        }
    }
    if let Some(unit) = report.unit_id
        && !app.store.unit_exists(unit).await?
    {
        invalid.add("unit_id", Reason::NotFound);
    }
    invalid.into_result()?;

    // What the photo says of where, when and with what it was taken never
    // reaches the office or the unit: only the picture is kept.
    let photo = match photo {
        Some(p) => {
            let data = metadata::strip(p.content_type, &p.data).ok_or_else(|| {
                let mut invalid = Invalid::default();
                invalid.add("photo", Reason::FileTypeNotAccepted);
                ApiError::Invalid(invalid)
            })?;
            Some(ReportPhotoData {
                content_type: p.content_type.to_owned(),
                sha256: hex::encode(sha2::Sha256::digest(&data)),
                data,
            })
        }
        None => None,
    };
    for _ in 0..5 {
        let new = NewReportRow {
            code: tracking_code(),
            report: report.clone(),
            photo: photo.clone(),
        };
        // A citizen's address never reaches the audit log.
        let audit = Origin {
            address: None,
            ..origin.clone()
        }
        .audit_as(None, "create", "report")
        .at(now);
        if app.store.create_report(&new, audit).await? {
            let calendar = super::findings::calendar(app).await?;
            return Ok(ReportReceipt {
                code: new.code,
                received_at: now,
                answer_by: answer_by(now, &calendar),
            });
        }
    }
    Err(anyhow::anyhow!("no free tracking code in five draws").into())
}

/// What became of a report, by its tracking code: the status and outcome
/// only, never the unit's people or internal comments.
#[utoipa::path(get, path = "/api/public/reports/{code}", tag = "public", params(("code" = String, Path)), responses(
    (status = 200, description = "The status", body = ReportStatusView),
    (status = 404, description = "No report has this code", body = ErrorResponse),
))]
async fn report_status(
    State(app): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ReportStatusView>, ApiError> {
    let status = status_of_report(&app, &code).await?;
    Ok(Json(status.ok_or(ApiError::Code(ErrorCode::NotFound))?))
}

/// What became of the report with `code` (typed in any case, with spaces
/// around), as the API answers it and the receipt and status pages show
/// it; `None` when no report has that code.
pub async fn status_of_report(
    app: &AppState,
    code: &str,
) -> Result<Option<ReportStatusView>, ApiError> {
    let code = code.trim().to_uppercase();
    if !is_tracking_code(&code) {
        return Ok(None);
    }
    let Some(row) = app.store.report_by_code(&code).await? else {
        return Ok(None);
    };
    let outcome = row.finding_state.map(PublicOutcome::of);
    let report = row.report;
    let calendar = super::findings::calendar(app).await?;
    Ok(Some(ReportStatusView {
        code: report.code,
        answer_by: answer_by(report.received_at, &calendar),
        received_at: report.received_at,
        status: report.status,
        outcome,
        declined_reason: report.declined_reason,
        updated_at: report.updated_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_shape_the_status_page_accepts() {
        for _ in 0..100 {
            assert!(is_tracking_code(&tracking_code()));
        }
    }

    #[test]
    fn a_year_runs_in_beijing_time() {
        use chrono::Datelike;
        let (from, to) = year_bounds(2020).unwrap();
        assert_eq!(from.to_rfc3339(), "2019-12-31T16:00:00+00:00");
        assert_eq!(to.year(), 2020);
    }
}

/// The active units, by name: which unit a report concerns, or a bulletin is about.
#[utoipa::path(get, path = "/api/public/units", tag = "public", responses(
    (status = 200, description = "Every active unit", body = Vec<xiaoneng_domain::unit::PublicUnit>),
))]
async fn units(
    State(app): State<AppState>,
) -> Result<Json<Vec<xiaoneng_domain::unit::PublicUnit>>, ApiError> {
    Ok(Json(public_units(&app).await?))
}

/// The active units, by name (the report form's and the bulletins' choices).
pub async fn public_units(
    app: &AppState,
) -> Result<Vec<xiaoneng_domain::unit::PublicUnit>, ApiError> {
    let mut units: Vec<_> = app
        .store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| xiaoneng_domain::unit::PublicUnit {
            id: u.id,
            name: u.name,
        })
        .collect();
    units.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(units)
}
