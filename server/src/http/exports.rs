//! Exports of findings and decisions as CSV (UTF-8 with a BOM, so Excel
//! reads the Chinese) or XLSX, in the request's language, with exactly the
//! rows the caller may see: the same filters and reach as the lists.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::words::columns;
use xiaoneng_domain::{ErrorResponse, Invalid, Reason};

use super::error::{ApiError, request_lang};
use super::extract::{AppQuery, CurrentUser};
use super::findings::{ListQuery, filter_for, to_findings};
use crate::AppState;

/// At most this many rows in one export; narrow the filter for more.
pub const EXPORT_MAX_ROWS: usize = 50_000;
const BATCH: i64 = 1000;

/// More rows than one export holds: 422 on `format`.
fn too_many() -> ApiError {
    let mut invalid = Invalid::default();
    invalid.add(
        "format",
        Reason::TooMany {
            max: EXPORT_MAX_ROWS,
        },
    );
    invalid.into()
}

/// Every row of a list, read [`BATCH`] at a time by keyset: `page` reads
/// the rows after a key (none: the first), `key` is a row's key. Refuses
/// more than [`EXPORT_MAX_ROWS`].
async fn every_page<R, K, Fut>(
    page: impl Fn(Option<K>) -> Fut,
    key: impl Fn(&R) -> K,
) -> Result<Vec<R>, ApiError>
where
    Fut: std::future::Future<Output = sqlx::Result<Vec<R>>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let rows = page(after.take()).await?;
        let done = (rows.len() as i64) < BATCH;
        after = rows.last().map(&key);
        all.extend(rows);
        if all.len() > EXPORT_MAX_ROWS {
            return Err(too_many());
        }
        if done {
            return Ok(all);
        }
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(findings))
        .routes(routes!(decisions))
}

/// A sheet: a header row and the rows under it.
struct Table {
    name: &'static str,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum Format {
    Csv,
    Xlsx,
}

/// A cell as a spreadsheet will not run it: text that starts like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
/// Excel and LibreOffice show as plain text. Citizens and units write these
/// cells; `=HYPERLINK(…)` must stay words.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

impl Table {
    fn csv(&self) -> Result<Vec<u8>, ApiError> {
        let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        writer
            .write_record(&self.headers)
            .map_err(anyhow::Error::from)?;
        for row in &self.rows {
            for cell in row {
                writer
                    .write_field(inert(cell).as_bytes())
                    .map_err(anyhow::Error::from)?;
            }
            writer
                .write_record(None::<&[u8]>)
                .map_err(anyhow::Error::from)?;
        }
        Ok(writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
    }

    fn xlsx(&self) -> Result<Vec<u8>, ApiError> {
        use rust_xlsxwriter::{Format, Workbook};
        let fail = |e: rust_xlsxwriter::XlsxError| ApiError::from(anyhow::anyhow!("{e}"));
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(self.name).map_err(fail)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(fail)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32 + 1, c as u16, value)
                    .map_err(fail)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        sheet.autofit();
        book.save_to_buffer().map_err(fail)
    }

    fn respond(&self, format: Format, file: &str) -> Result<Response, ApiError> {
        let (bytes, content_type, ext) = match format {
            Format::Csv => (self.csv()?, "text/csv; charset=utf-8", "csv"),
            Format::Xlsx => (
                self.xlsx()?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
        };
        let mut response = bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&format!("attachment; filename=\"{file}.{ext}\""))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(response)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct FindingExportQuery {
    /// `csv` or `xlsx`.
    #[param(inline)]
    format: Format,
    /// This unit and its sub-units.
    unit: Option<i64>,
    /// A workflow state.
    #[param(value_type = Option<xiaoneng_domain::finding::FindingState>, inline)]
    state: Option<String>,
    /// A dimension.
    #[param(value_type = Option<xiaoneng_domain::record::Dimension>, inline)]
    dimension: Option<String>,
    /// Text in the code, title or description.
    q: Option<String>,
    /// A source.
    #[param(value_type = Option<xiaoneng_domain::record::Source>, inline)]
    source: Option<String>,
    /// `overdue` or `due_soon`.
    due: Option<String>,
    /// A round (the office only).
    round: Option<i64>,
    /// `requested`: only findings with an extension request waiting.
    extension: Option<String>,
    /// `newest`, `oldest` or `deadline`, as the list.
    sort: Option<String>,
}

/// The findings of the list's filter that the caller may see, as a file.
#[utoipa::path(get, path = "/api/exports/findings", tag = "exports", params(FindingExportQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The file: CSV (UTF-8 with a byte-order mark) or an Excel workbook, as `format` asks", content(
        (String = "text/csv"),
        (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 403, description = "Administrators do not see findings", body = ErrorResponse),
    (status = 422, description = "A filter is refused, or more rows than one export holds", body = ErrorResponse),
))]
async fn findings(
    State(app): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    AppQuery(query): AppQuery<FindingExportQuery>,
) -> Result<Response, ApiError> {
    let lang = request_lang(&headers);
    let mut invalid = Invalid::default();
    let list = ListQuery {
        unit: query.unit,
        state: query.state,
        dimension: query.dimension,
        q: query.q,
        source: query.source,
        due: query.due,
        round: query.round,
        extension: query.extension,
        sort: query.sort,
        ..ListQuery::default()
    };
    let mut filter = filter_for(&app, &user, list, &mut invalid).await?;
    invalid.into_result()?;
    filter.limit = BATCH;
    let sort = filter.sort;
    let rows = every_page(
        |after| {
            let filter = crate::db::FindingFilter {
                after,
                ..filter.clone()
            };
            let store = app.store.clone();
            async move { store.list_findings(&filter).await }
        },
        |r| sort.key(r),
    )
    .await?;
    let findings = to_findings(&app, rows).await?;
    let table = Table {
        name: columns::FINDINGS.get(lang),
        headers: vec![
            columns::CODE.get(lang),
            columns::UNIT.get(lang),
            columns::SOURCE.get(lang),
            columns::DIMENSION.get(lang),
            columns::SEVERITY.get(lang),
            columns::TITLE.get(lang),
            columns::DESCRIPTION.get(lang),
            columns::OBSERVED_ON.get(lang),
            columns::STATE.get(lang),
            columns::VERIFY_BY.get(lang),
            columns::RECTIFY_BY.get(lang),
            columns::PEOPLE.get(lang),
        ],
        rows: findings
            .into_iter()
            .map(|f| {
                let date =
                    |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                vec![
                    f.code,
                    f.unit_name,
                    f.source.label(lang).to_owned(),
                    f.dimension.label(lang).to_owned(),
                    f.severity.label(lang).to_owned(),
                    f.title,
                    f.description,
                    f.observed_on.to_string(),
                    f.progress.state.label(lang).to_owned(),
                    date(f.progress.verify_by),
                    date(f.progress.rectify_by),
                    f.people
                        .iter()
                        .map(|p| format!("{} {}", p.name, p.post).trim().to_owned())
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    };
    table.respond(query.format, "findings")
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DecisionExportQuery {
    /// `csv` or `xlsx`.
    #[param(inline)]
    format: Format,
}

/// The decisions the caller may see, one row per measure, as a file.
#[utoipa::path(get, path = "/api/exports/decisions", tag = "exports", params(DecisionExportQuery),
    security(("session" = [])), responses(
    (status = 200, description = "The file: CSV (UTF-8 with a byte-order mark) or an Excel workbook, as `format` asks", content(
        (String = "text/csv"),
        (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 403, description = "Inspectors and administrators do not see decisions", body = ErrorResponse),
))]
async fn decisions(
    State(app): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    AppQuery(query): AppQuery<DecisionExportQuery>,
) -> Result<Response, ApiError> {
    let lang = request_lang(&headers);
    let scope = xiaoneng_domain::access::decision_scope(user.role, user.session.user.unit_id)?;
    let filter = crate::db::DecisionFilter {
        scope,
        ..Default::default()
    };
    let decisions = every_page(
        |after| {
            let (store, filter) = (app.store.clone(), filter.clone());
            async move { store.list_decisions(&filter, after, BATCH).await }
        },
        |d| (d.created_at, d.id),
    )
    .await?;
    let mut rows = Vec::new();
    let reach = super::findings::reach(&app, &user).await?;
    for d in super::decisions::with_details(&app, &reach, decisions).await? {
        let findings: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
        for m in d.measures.iter().cloned() {
            let kind = m.kind.label(lang).to_owned();
            rows.push(vec![
                d.decided_on.to_string(),
                d.person_name.clone(),
                d.person_unit_name.clone(),
                d.person_post.clone(),
                kind,
                m.place.unwrap_or_default(),
                m.start.map(|d| d.to_string()).unwrap_or_default(),
                m.end.map(|d| d.to_string()).unwrap_or_default(),
                d.basis.clone(),
                findings.join("; "),
            ]);
        }
    }
    if rows.len() > EXPORT_MAX_ROWS {
        return Err(too_many());
    }
    let table = Table {
        name: columns::DECISIONS.get(lang),
        headers: vec![
            columns::DECIDED_ON.get(lang),
            columns::NAME.get(lang),
            columns::UNIT.get(lang),
            columns::POST.get(lang),
            columns::MEASURE.get(lang),
            columns::PLACE.get(lang),
            columns::START.get(lang),
            columns::END.get(lang),
            columns::BASIS.get(lang),
            columns::FINDING_CODES.get(lang),
        ],
        rows,
    };
    table.respond(query.format, "decisions")
}
