//! The query layer compiled for SQLite.
pub type DB = sqlx::Sqlite;
#[path = "queries.rs"]
mod q;
pub use q::*;
