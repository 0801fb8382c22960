//! The few shared hooks through which pages read data: a paged list
//! (`paged`) and the choices a form offers (`choices`). Each shows a failed
//! read as an error with a retry, never as an empty list.

pub mod choices;
pub mod paged;
pub mod url_filter;
