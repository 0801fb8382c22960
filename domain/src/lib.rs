//! The rules the browser and the server share: domain types, validation and
//! the words both sides show for them, in zh-CN and English.
//!
//! Nothing here does I/O, so it compiles for `wasm32-unknown-unknown` and for
//! the host alike; the app and the server depend on it and so can never
//! disagree about what is valid.

/// A closed set of values with fixed wire names: `ALL`, `as_str`, `parse`,
/// and serde in those names.
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:tt,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

pub mod access;
pub mod account;
pub mod accountability;
pub mod beijing;
pub mod bulletin;
pub mod calendar;
pub mod checklist;
pub mod error;
pub mod finding;
pub mod import;
pub mod lang;
pub mod markdown;
pub mod oversight;
pub mod planning;
pub mod record;
pub mod report;
pub mod role;
pub mod staff;
pub mod stats;
pub mod unit;
pub mod validation;

pub use account::{LoginRequest, Me, NewPassword};
pub use calendar::{Due, HolidayCalendar};
pub use error::{ErrorBody, ErrorCode, ErrorResponse};
pub use lang::Lang;
pub use role::Role;
pub use validation::{Invalid, Reason};
