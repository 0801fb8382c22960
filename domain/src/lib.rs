//! The rules the browser and the server share: domain types, validation and
//! the words both sides show for them, in zh-CN and English.
//!
//! Nothing here does I/O, so it compiles for `wasm32-unknown-unknown` and for
//! the host alike; the app and the server depend on it and so can never
//! disagree about what is valid.

pub mod account;
pub mod accountability;
pub mod calendar;
pub mod error;
pub mod finding;
pub mod lang;
pub mod record;
pub mod role;
pub mod unit;
pub mod validation;

pub use account::{LoginRequest, Me, NewPassword};
pub use calendar::{Due, HolidayCalendar};
pub use error::{ErrorBody, ErrorCode, ErrorResponse};
pub use lang::Lang;
pub use role::Role;
pub use validation::{Invalid, Reason};
