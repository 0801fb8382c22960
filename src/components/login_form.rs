//! The sign-in form. It checks input with the same rule the server runs
//! (`LoginRequest::validate`) before anything is sent.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use xiaoneng_domain::{Invalid, LoginRequest};

use crate::api::ApiError;
use crate::components::form::{ErrorSummary, SummaryItem, TextField, labelled};
use crate::texts::use_i18n;

/// Field ids in the page, by the field names the server and the rules use.
const FIELDS: [(&str, &str); 2] = [
    ("username", "login-username"),
    ("password", "login-password"),
];

fn field_id(field: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(f, _)| *f == field).map(|(_, id)| *id)
}

#[component]
pub fn LoginForm(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] server_error: Signal<Option<ApiError>>,
    #[prop(into)] on_submit: Callback<LoginRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // The browser-side verdict of the last submit; `None` once it passed.
    let local = RwSignal::new(None::<Invalid>);
    let summary_ref = NodeRef::<html::Div>::new();
    let focus_summary = move || crate::components::form::focus_summary(summary_ref);

    Effect::new(move |_| {
        if server_error.with(Option::is_some) {
            focus_summary();
        }
    });

    let field_error = move |field: &'static str| {
        Signal::derive(move || match local.get() {
            Some(invalid) => invalid.reason(field).map(|r| r.message(i18n.lang())),
            None => server_error.with(|e| e.as_ref().and_then(|e| e.field(field))),
        })
    };

    let summary = Signal::derive(move || {
        let lang = i18n.lang();
        if let Some(invalid) = local.get() {
            return invalid
                .fields()
                .iter()
                .map(|(field, reason)| SummaryItem {
                    target: field_id(field).map(str::to_owned),
                    message: labelled(lang, field_label(field, i18n), &reason.message(lang)),
                })
                .collect();
        }
        let Some(error) = server_error.get() else {
            return Vec::new();
        };
        let mut items = vec![SummaryItem {
            target: None,
            message: error.describe(i18n.t(), lang),
        }];
        for (field, id) in FIELDS {
            if let Some(reason) = error.field(field) {
                items.push(SummaryItem {
                    target: Some(id.to_owned()),
                    message: labelled(lang, field_label(field, i18n), &reason),
                });
            }
        }
        items
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let req = LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        match req.validate() {
            Err(invalid) => {
                local.set(Some(invalid));
                focus_summary();
            }
            Ok(()) => {
                local.set(None);
                on_submit.run(req);
            }
        }
    };

    view! {
        <form class="form" novalidate=true on:submit=submit>
            <ErrorSummary items=summary node_ref=summary_ref />
            <TextField
                id="login-username"
                label=Signal::derive(move || i18n.t().username)
                hint=Signal::derive(move || i18n.t().username_hint)
                error=field_error("username")
                value=username
                autocomplete="username"
            />
            <TextField
                id="login-password"
                label=Signal::derive(move || i18n.t().password)
                error=field_error("password")
                value=password
                input_type="password"
                autocomplete="current-password"
            />
            <button type="submit" class="button" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                {move || if pending.get() { i18n.t().signing_in } else { i18n.t().sign_in }}
            </button>
        </form>
    }
}

fn field_label(field: &str, i18n: crate::texts::I18n) -> &'static str {
    match field {
        "username" => i18n.t().username,
        "password" => i18n.t().password,
        _ => "",
    }
}
