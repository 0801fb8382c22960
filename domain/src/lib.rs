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

        stored_as_text!($name);
    };
}

/// With the `sqlx` feature, a closed set is a column type: stored as its
/// wire name in a text column, bound and read as itself on either engine.
/// A stored name this build does not know is a decoding error naming the
/// type and the value, as a corrupt row should be.
macro_rules! stored_as_text {
    ($($name:ty),+) => {$(
        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            &'static str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut DB::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'static str as sqlx::Encode<'q, DB>>::encode_by_ref(&self.as_str(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let stored = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                <$name>::parse(stored).ok_or_else(|| {
                    format!("a stored {} is unknown: {stored:?}", stringify!($name)).into()
                })
            }
        }
    )+};
}

pub mod access;
pub mod account;
pub mod accountability;
pub mod appeal;
pub mod beijing;
pub mod bulletin;
pub mod calendar;
pub mod checklist;
pub mod error;
pub mod finding;
pub mod import;
pub mod lang;
pub mod markdown;
pub mod notification;
pub mod oversight;
pub mod planning;
pub mod reassignment;
pub mod record;
pub mod reminder;
pub mod report;
pub mod role;
pub mod staff;
pub mod stats;
#[cfg(feature = "sqlx")]
pub mod stored;
pub mod unit;
pub mod validation;
pub mod words;

pub use account::{LoginRequest, Me, NewPassword};
pub use calendar::{Due, HolidayCalendar};
pub use error::{ErrorBody, ErrorCode, ErrorResponse};
pub use lang::Lang;
pub use role::Role;
pub use validation::{Invalid, Reason};

stored_as_text!(
    unit::UnitKind,
    role::Role,
    record::Dimension,
    record::Severity,
    record::Source,
    accountability::MeasureKind,
    finding::FindingState,
    finding::ActionKind
);
