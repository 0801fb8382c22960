//! The query layer compiled for SQLite.
pub type DB = sqlx::Sqlite;
// Compiling one file once per engine is the point of this module.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod q;
pub use q::*;

/// How a write transaction begins (it takes the write lock at once).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// Claims outbox rows for delivery (SQLite writes one at a time: nothing to skip).
const SKIP_LOCKED: &str = "";
