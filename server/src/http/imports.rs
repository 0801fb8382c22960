//! CSV imports of units, staff and users' contacts: `write: false` checks the file and
//! previews it; `write: true` writes every row in one transaction, or —
//! if any row is refused — nothing, answering 422 with each bad cell named
//! `lines[N].column`. Columns are found by their header, in Chinese or English.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use xiaoneng_domain::account::tidy_contact;
use xiaoneng_domain::import::{IMPORT_MAX_ROWS, ImportReport, ImportRequest, ImportRow, RowError};
use xiaoneng_domain::staff::{NAME_MAX_CHARS, TITLE_MAX_CHARS};
use xiaoneng_domain::unit::{UNIT_NAME_MAX_CHARS, UnitKind};
use xiaoneng_domain::validation::{is_email, is_mobile};
use xiaoneng_domain::{ErrorResponse, Invalid, Lang, Reason};

use super::error::{ApiError, request_lang};
use super::extract::{AdminOnly, Allowed, AppJson, Origin, StaffImporters};
use crate::AppState;
use crate::db::{ImportedContact, ImportedUnit};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_units))
        .routes(routes!(import_staff))
        .routes(routes!(import_contacts))
}

/// A column: its key and the headers that name it.
pub(super) struct Column {
    pub(super) key: &'static str,
    pub(super) headers: &'static [&'static str],
    pub(super) required: bool,
}

const UNIT_COLUMNS: [Column; 3] = [
    Column {
        key: "name",
        headers: &["name", "名称", "单位名称"],
        required: true,
    },
    Column {
        key: "kind",
        headers: &["kind", "类型", "单位类型"],
        required: true,
    },
    Column {
        key: "parent",
        headers: &["parent", "上级单位", "上级"],
        required: false,
    },
];

const STAFF_COLUMNS: [Column; 3] = [
    Column {
        key: "unit",
        headers: &["unit", "单位", "所在单位"],
        required: true,
    },
    Column {
        key: "name",
        headers: &["name", "姓名"],
        required: true,
    },
    Column {
        key: "title",
        headers: &["title", "职务", "岗位"],
        required: false,
    },
];

const CONTACT_COLUMNS: [Column; 3] = [
    Column {
        key: "username",
        headers: &["username", "用户名", "账号"],
        required: true,
    },
    Column {
        key: "email",
        headers: &["email", "e-mail", "邮箱", "电子邮箱"],
        required: false,
    },
    Column {
        key: "mobile",
        headers: &["mobile", "手机", "手机号码"],
        required: false,
    },
];

/// The file read into rows of the known columns (`None`: the column is absent).
pub(super) struct Sheet {
    pub(super) columns: Vec<String>,
    /// Whether the header named each column (in `columns`' order).
    pub(super) present: Vec<bool>,
    pub(super) rows: Vec<(usize, Vec<Option<String>>)>,
}

/// Refused cells: (line, column, why).
pub(super) type Problems = Vec<(usize, String, Reason)>;

pub(super) fn read(text: &str, columns: &[Column], problems: &mut Problems) -> Sheet {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_lowercase()).collect(),
        Err(_) => {
            problems.push((1, "file".into(), Reason::WrongType));
            return Sheet {
                columns: vec![],
                present: vec![],
                rows: vec![],
            };
        }
    };
    let index: Vec<Option<usize>> = columns
        .iter()
        .map(|c| headers.iter().position(|h| c.headers.contains(&h.as_str())))
        .collect();
    for (c, i) in columns.iter().zip(&index) {
        if c.required && i.is_none() {
            problems.push((1, c.key.into(), Reason::Required));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            let line = rows.last().map_or(2, |(l, _): &(usize, _)| l + 1);
            problems.push((line, "file".into(), Reason::WrongType));
            break;
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells = index
            .iter()
            .map(|i| i.map(|i| record.get(i).unwrap_or_default().to_owned()))
            .collect();
        rows.push((line, cells));
    }
    if rows.len() > IMPORT_MAX_ROWS {
        problems.push((
            1,
            "file".into(),
            Reason::TooMany {
                max: IMPORT_MAX_ROWS,
            },
        ));
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push((1, "file".into(), Reason::Required));
    }
    Sheet {
        columns: columns.iter().map(|c| c.key.to_owned()).collect(),
        present: index.iter().map(Option::is_some).collect(),
        rows,
    }
}

/// A cell's length, as the shared rules count it.
pub(super) fn check_text(
    problems: &mut Problems,
    line: usize,
    column: &str,
    value: &str,
    min: usize,
    max: usize,
) {
    let mut inv = Invalid::default();
    xiaoneng_domain::validation::text(&mut inv, "cell", value, min, max);
    if let Some(reason) = inv.reason("cell") {
        problems.push((line, column.into(), reason.clone()));
    }
}

/// The end of every import: the preview; or, writing, nothing at all if any
/// cell was refused (422, each bad cell named), else `store` — the rows in
/// one transaction — and the rows written.
pub(super) async fn finish<T, E, F>(
    sheet: Sheet,
    problems: Problems,
    write: bool,
    lang: Lang,
    store: impl FnOnce() -> F,
) -> Result<Json<ImportReport>, ApiError>
where
    F: Future<Output = Result<T, E>>,
    ApiError: From<E>,
{
    if write {
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        store().await?;
    }
    Ok(Json(report(sheet, problems, write, lang)))
}

/// What the file holds, cell by cell, and what was refused in it.
fn report(sheet: Sheet, mut problems: Problems, written: bool, lang: Lang) -> ImportReport {
    problems.sort_by_key(|(line, _, _)| *line);
    ImportReport {
        columns: sheet.columns,
        rows: sheet
            .rows
            .into_iter()
            .map(|(line, cells)| ImportRow {
                line,
                cells: cells.into_iter().map(Option::unwrap_or_default).collect(),
            })
            .collect(),
        errors: problems
            .into_iter()
            .map(|(line, column, reason)| RowError {
                line,
                column,
                message: reason.message(lang),
            })
            .collect(),
        written,
    }
}

fn refuse(problems: Problems) -> ApiError {
    let mut invalid = Invalid::default();
    for (line, column, reason) in problems {
        invalid.add(format!("lines[{line}].{column}"), reason);
    }
    ApiError::Invalid(invalid)
}

/// Checks (and with `write`, adds) units from a CSV file with the columns
/// 名称/name, 类型/kind (a code or label) and 上级单位/parent (an existing
/// unit's name, a unit earlier in the file, or empty for the top level).
#[utoipa::path(post, path = "/api/units/import", tag = "units", request_body = ImportRequest,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "The preview (`written: false`), or the rows written", body = ImportReport),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 422, description = "Writing refused: each bad cell as `lines[N].column`; nothing written", body = ErrorResponse),
))]
async fn import_units(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<ImportRequest>,
) -> Result<Json<ImportReport>, ApiError> {
    let mut problems = Problems::new();
    let sheet = read(&req.csv, &UNIT_COLUMNS, &mut problems);
    let existing: HashMap<String, i64> = app
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.name, u.id))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut units = Vec::new();
    for (i, (line, cells)) in sheet.rows.iter().enumerate() {
        let cell = |c: usize| cells[c].clone().unwrap_or_default();
        let (name, kind, parent) = (cell(0), cell(1), cell(2));
        let count = problems.len();
        check_text(&mut problems, *line, "name", &name, 1, UNIT_NAME_MAX_CHARS);
        if existing.contains_key(&name) {
            problems.push((*line, "name".into(), Reason::Taken));
        } else if seen.contains_key(&name) {
            problems.push((*line, "name".into(), Reason::Duplicate));
        }
        let kind = UnitKind::read(&kind);
        if kind.is_none() {
            problems.push((*line, "kind".into(), Reason::NotFound));
        }
        let (parent_id, parent_row) = match parent.as_str() {
            "" => (None, None),
            p => match (existing.get(p), seen.get(p)) {
                (Some(id), _) => (Some(*id), None),
                (None, Some(row)) => (None, Some(*row)),
                (None, None) => {
                    problems.push((*line, "parent".into(), Reason::NotFound));
                    (None, None)
                }
            },
        };
        seen.insert(name.clone(), i);
        if let (Some(kind), true) = (kind, problems.len() == count) {
            units.push(ImportedUnit {
                line: *line,
                name,
                kind,
                parent_id,
                parent_row,
            });
        }
    }
    let lang = request_lang(&headers);
    // A row's parent given as an earlier row is that row's index among the units written.
    finish(sheet, problems, req.write, lang, || {
        app.store
            .import_units(&units, origin.audit(&user, "import", "unit"))
    })
    .await
}

/// Checks (and with `write`, adds) staff from a CSV file with the columns
/// 单位/unit (an active unit's name), 姓名/name and 职务/title.
#[utoipa::path(post, path = "/api/staff/import", tag = "staff", request_body = ImportRequest,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "The preview (`written: false`), or the rows written", body = ImportReport),
    (status = 403, description = "Only administrators and the office", body = ErrorResponse),
    (status = 422, description = "Writing refused: each bad cell as `lines[N].column`; nothing written", body = ErrorResponse),
))]
async fn import_staff(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<StaffImporters>,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<ImportRequest>,
) -> Result<Json<ImportReport>, ApiError> {
    let mut problems = Problems::new();
    let sheet = read(&req.csv, &STAFF_COLUMNS, &mut problems);
    let units: HashMap<String, i64> = app
        .store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.name, u.id))
        .collect();
    let mut seen = HashSet::new();
    let mut staff = Vec::new();
    for (line, cells) in &sheet.rows {
        let cell = |c: usize| cells[c].clone().unwrap_or_default();
        let (unit, name, title) = (cell(0), cell(1), cell(2));
        let count = problems.len();
        let unit_id = units.get(&unit).copied();
        if unit_id.is_none() {
            problems.push((*line, "unit".into(), Reason::NotFound));
        }
        check_text(&mut problems, *line, "name", &name, 1, NAME_MAX_CHARS);
        check_text(&mut problems, *line, "title", &title, 0, TITLE_MAX_CHARS);
        if !seen.insert((unit.clone(), name.clone())) {
            problems.push((*line, "name".into(), Reason::Duplicate));
        }
        if let (Some(unit_id), true) = (unit_id, problems.len() == count) {
            staff.push((unit_id, name, title, *line));
        }
    }
    let lang = request_lang(&headers);
    finish(sheet, problems, req.write, lang, || {
        app.store
            .import_staff(&staff, origin.audit(&user, "import", "staff"))
    })
    .await
}

/// Checks (and with `write`, sets) users' contacts from a CSV file with the
/// columns 用户名/username (an account's), 邮箱/email and 手机/mobile. A
/// column left out of the file leaves that contact as it is; an empty cell
/// in a column that is there removes it.
#[utoipa::path(post, path = "/api/contacts/import", tag = "users", request_body = ImportRequest,
    security(("session" = [], "csrf" = [])), responses(
    (status = 200, description = "The preview (`written: false`), or the rows written", body = ImportReport),
    (status = 403, description = "Only administrators", body = ErrorResponse),
    (status = 422, description = "Writing refused: each bad cell as `lines[N].column`; nothing written", body = ErrorResponse),
))]
async fn import_contacts(
    State(app): State<AppState>,
    Allowed(user, _): Allowed<AdminOnly>,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<ImportRequest>,
) -> Result<Json<ImportReport>, ApiError> {
    let mut problems = Problems::new();
    let sheet = read(&req.csv, &CONTACT_COLUMNS, &mut problems);
    // Columns 1 and 2: e-mail and mobile; a file naming neither sets nothing.
    let named = |i: usize| sheet.present.get(i).copied().unwrap_or(false);
    if !named(1) && !named(2) && !sheet.columns.is_empty() {
        problems.push((1, "email".into(), Reason::Required));
    }
    let usernames: HashMap<String, i64> = app.store.usernames().await?.into_iter().collect();
    let mut seen = HashSet::new();
    let mut contacts = Vec::new();
    for (line, cells) in &sheet.rows {
        let (username, email, mobile) = (
            cells[0].clone().unwrap_or_default(),
            cells[1].clone(),
            cells[2].clone(),
        );
        let count = problems.len();
        let user_id = usernames.get(&username).copied();
        if user_id.is_none() {
            problems.push((*line, "username".into(), Reason::NotFound));
        } else if !seen.insert(username.clone()) {
            problems.push((*line, "username".into(), Reason::Duplicate));
        }
        let email = email.map(|e| tidy_contact(Some(&e)));
        let mobile = mobile.map(|m| tidy_contact(Some(&m)));
        if let Some(Some(e)) = &email
            && !is_email(e)
        {
            problems.push((*line, "email".into(), Reason::NotAnEmail));
        }
        if let Some(Some(m)) = &mobile
            && !is_mobile(m)
        {
            problems.push((*line, "mobile".into(), Reason::NotAMobile));
        }
        if let (Some(user_id), true) = (user_id, problems.len() == count) {
            contacts.push(ImportedContact {
                line: *line,
                user_id,
                email,
                mobile,
            });
        }
    }
    let lang = request_lang(&headers);
    finish(sheet, problems, req.write, lang, || {
        app.store
            .import_contacts(&contacts, origin.audit(&user, "import", "contact"))
    })
    .await
}
