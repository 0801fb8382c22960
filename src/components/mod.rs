//! Components that render: props in, events out. Pages own data and actions.

pub mod chart;
pub mod form;
pub mod form_state;
pub mod lang_switch;
pub mod layout;
pub mod login_form;
pub mod not_found;
pub mod status;
