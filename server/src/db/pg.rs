//! The query layer compiled for PostgreSQL.
pub type DB = sqlx::Postgres;
#[path = "queries.rs"]
mod q;
pub use q::*;
