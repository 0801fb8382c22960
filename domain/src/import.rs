//! Importing units and staff from a CSV file: what the browser sends, and
//! the report it gets back — a preview before anything is written, and the
//! same report when the rows are written (all of them or none).

use serde::{Deserialize, Serialize};

/// `POST /api/units/import` and `POST /api/staff/import`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRequest {
    /// The file's text: a header line, then one row per line (UTF-8; a BOM is fine).
    pub csv: String,
    /// `false`: only check and preview; `true`: write every row, or none if any is refused.
    pub write: bool,
}

/// At most this many rows in one file.
pub const IMPORT_MAX_ROWS: usize = 2_000;

/// One refused cell: the line in the file (1 is the header) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: usize,
    /// The column (`name`, `kind`, `parent`, `unit`, `title`), or `file`.
    pub column: String,
    pub message: String,
}

/// One row as it will be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    pub line: usize,
    /// The row's cells in the file's column order, trimmed.
    pub cells: Vec<String>,
}

/// The answer to an import: the rows read, every refused cell, and whether
/// the rows were written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub columns: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
    pub written: bool,
}
