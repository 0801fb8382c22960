//! The staff dashboard: who is signed in. Each role's to-do list builds on this.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::use_auth;
use crate::i18n::{use_i18n, use_page_title};
use crate::paths;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    use_page_title(|t| t.dashboard_title);
    let navigate = use_navigate();
    // Someone who arrives without a session is sent to sign in. Only on arrival:
    // signing out from here navigates away by itself.
    Effect::new(move |decided: Option<bool>| {
        if decided == Some(true) || !auth.loaded() {
            return decided.unwrap_or(false);
        }
        if auth.me().is_none() {
            navigate(paths::LOGIN, Default::default());
        }
        true
    });

    view! {
        <div class="container page">
            <h1>{move || i18n.t().dashboard_title}</h1>
            {move || match auth.me() {
                None => view! { <p class="muted">{i18n.t().loading}</p> }.into_any(),
                Some(me) => {
                    let t = i18n.t();
                    view! {
                        <dl class="summary-list">
                            <div>
                                <dt>{t.signed_in_as}</dt>
                                <dd>{me.display_name.clone()}" ("{me.username.clone()}")"</dd>
                            </div>
                            <div>
                                <dt>{t.role}</dt>
                                <dd>{me.role.label(i18n.lang())}</dd>
                            </div>
                            {me.unit_name.clone().map(|unit| view! {
                                <div>
                                    <dt>{t.unit}</dt>
                                    <dd>{unit}</dd>
                                </div>
                            })}
                        </dl>
                        <p class="notice">{t.dashboard_next}</p>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
