//! Changing one's own password — the first page after signing in with a
//! temporary one (the server refuses everything else until it is done).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use xiaoneng_domain::account::PasswordChange;

use crate::api;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::hooks::action::use_action;
use crate::paths;
use crate::staff::auth::{require_sign_in, use_auth};
use crate::texts::use_i18n;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    let auth = use_auth();
    crate::texts::use_staff_title(|s| s.password_title);
    let form = FormState::new("password");
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let forced = move || me.get().is_some_and(|m| m.must_change_password);
    let navigate = use_navigate();
    let change_action = use_action(
        |change: &PasswordChange| api::accounts::change_password().call(change.clone()),
        move |answer| match answer {
            Ok(updated) => {
                let was_forced = me.get_untracked().is_some_and(|m| m.must_change_password);
                form.succeed(i18n.s().password_changed);
                current.set(String::new());
                password.set(String::new());
                confirm.set(String::new());
                auth.signed_in(updated);
                if was_forced {
                    navigate(paths::DASHBOARD, Default::default());
                }
            }
            Err(e) => form.refuse(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(who) = me.get_untracked() else {
            return;
        };
        let change = PasswordChange {
            current: current.get_untracked(),
            password: password.get_untracked(),
            confirm: confirm.get_untracked(),
        };
        if let Err(invalid) = change.validate(&who.username) {
            form.refuse(api::invalid_fields(&invalid, i18n.lang()));
            return;
        }
        form.start();
        change_action.dispatch(change);
    };
    view! {
        <div class="container page page--narrow">
            <h1>{move || i18n.s().password_title}</h1>
            <p class="lead">{move || if forced() { i18n.s().password_lead_forced } else { i18n.s().password_lead }}</p>
            <form on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <TextField id="password-current" label=Signal::derive(move || i18n.s().current_password)
                    error=form.error("current") value=current input_type="password" autocomplete="current-password" />
                <TextField id="password-password" label=Signal::derive(move || i18n.s().new_password)
                    hint=Signal::derive(move || i18n.s().new_password_hint) error=form.error("password")
                    value=password input_type="password" autocomplete="new-password" />
                <TextField id="password-confirm" label=Signal::derive(move || i18n.s().confirm_password)
                    error=form.error("confirm") value=confirm input_type="password" autocomplete="new-password" />
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.f().change_password}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </div>
    }
}
