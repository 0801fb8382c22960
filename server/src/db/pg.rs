//! The query layer compiled for PostgreSQL.
pub type DB = sqlx::Postgres;
// Compiling one file once per engine is the point of this module.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod q;
pub use q::*;

/// How a write transaction begins (the audit head's row lock orders the writes).
const BEGIN_WRITE: &str = "BEGIN";

/// Claims outbox rows for delivery: another replica skips the rows locked here.
const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
