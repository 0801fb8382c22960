//! The query layer compiled for SQLite.
pub type DB = sqlx::Sqlite;
// Compiling one file once per engine is the point of this module.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod q;
pub use q::*;
