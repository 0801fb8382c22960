//! How the server stores these types (the `sqlx` feature): closed sets as
//! their wire names (`stored_as_text!` in `lib.rs`), and lists and records
//! inside a row as JSON text ([`JsonText`]). Both engines keep JSON in TEXT
//! columns, so one SQL text reads and writes them on either.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

/// A value stored as JSON in a text column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonText<T>(pub T);

impl<T, DB: Database> Type<DB> for JsonText<T>
where
    str: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <str as Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <str as Type<DB>>::compatible(ty)
    }
}

impl<'q, T: Serialize, DB: Database> Encode<'q, DB> for JsonText<T>
where
    String: Encode<'q, DB>,
{
    fn encode_by_ref(&self, buf: &mut DB::ArgumentBuffer) -> Result<IsNull, BoxDynError> {
        serde_json::to_string(&self.0)?.encode(buf)
    }
}

impl<'r, T: DeserializeOwned, DB: Database> Decode<'r, DB> for JsonText<T>
where
    &'r str: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let stored = <&'r str as Decode<'r, DB>>::decode(value)?;
        Ok(JsonText(serde_json::from_str(stored)?))
    }
}

/// For `#[sqlx(try_from = "JsonText<Vec<…>>")]` on a field of a stored record.
impl<T> From<JsonText<Vec<T>>> for Vec<T> {
    fn from(stored: JsonText<Vec<T>>) -> Vec<T> {
        stored.0
    }
}
