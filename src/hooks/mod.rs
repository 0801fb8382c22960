//! The few shared hooks through which pages read and write: a value read
//! for a page (`loaded`), a paged list (`paged`), the choices a form offers
//! (`choices`), a list filtered by the URL (`url_filter`), and an action
//! whose answers a page handles
//! (`action`), and an inspection's draft kept on the device and synced
//! (`draft`). A failed read shows as an error with a retry, never as an
//! empty list; a write is an `Action`. These, the form state and the
//! sign-in guard are the only places that spawn tasks.

pub mod action;
pub mod choices;
pub mod draft;
pub mod loaded;
pub mod paged;
pub mod url_filter;
