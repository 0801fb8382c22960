//! Staff sign in: posts to the server, shows its answer, goes back to the
//! page that asked for it (or the dashboard).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use xiaoneng_domain::LoginRequest;

use crate::api;
use crate::components::login_form::LoginForm;
use crate::staff::auth::{after_sign_in, use_auth};
use crate::texts::{use_i18n, use_page_title};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    use_page_title(|t| t.login_title);
    // What the phone kept of whoever signed in before goes first.
    let login = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move {
            crate::offline::forget_field_data().await;
            api::login(req).await
        }
    });
    let navigate = use_navigate();
    let query = use_query_map();
    Effect::new(move |_| {
        if let Some(Ok(me)) = login.value().get() {
            // Which app `/staff` opens on this device from now on (`field`).
            crate::field::remember(Some(me.role));
            auth.signed_in(me);
            // Back to the page that asked for a sign-in, or the dashboard.
            let next = query.with_untracked(|q| q.get("next"));
            navigate(&after_sign_in(next.as_deref()), Default::default());
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
