//! What every resource stands on: who the client is, the one error shape, the extractors
//! (session, roles, bodies), the session layer, keyset paging, uploaded
//! files, request limits, and the built app with its server-painted pages.

pub mod assets;
pub mod bounds;
pub mod client;
pub mod error;
pub mod extract;
pub mod files;
pub mod idempotency;
pub mod limits;
pub mod metadata;
pub mod paging;
pub mod session;
pub mod shell;
