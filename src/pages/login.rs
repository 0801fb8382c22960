//! Staff sign in: posts to the server, shows its answer, goes to the dashboard.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use xiaoneng_domain::LoginRequest;

use crate::api;
use crate::auth::use_auth;
use crate::components::login_form::LoginForm;
use crate::i18n::{use_i18n, use_page_title};
use crate::paths;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    use_page_title(|t| t.login_title);
    let login = Action::new_local(|req: &LoginRequest| api::login(req.clone()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(me)) = login.value().get() {
            auth.signed_in(me);
            navigate(paths::DASHBOARD, Default::default());
        }
    });
    let server_error = Signal::derive(move || login.value().get().and_then(Result::err));

    view! {
        <div class="container page page--narrow">
            <h1>{move || i18n.t().login_title}</h1>
            <p class="lead">{move || i18n.t().login_lead}</p>
            <LoginForm
                pending=login.pending()
                server_error=server_error
                on_submit=Callback::new(move |req| {
                    login.dispatch(req);
                })
            />
        </div>
    }
}
