//! The frame around every page: skip link, header with navigation (a menu
//! button on phones), the language switch, and the footer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::auth::use_auth;
use crate::components::lang_switch::LangSwitch;
use crate::i18n::use_i18n;
use crate::{api, paths};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let menu_open = RwSignal::new(false);
    // Following a link (or signing out) from the phone menu folds it away again.
    let close_on_follow = move |ev: leptos::ev::MouseEvent| {
        let followed = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a, .link-button").ok().flatten())
            .is_some();
        if followed {
            menu_open.set(false);
        }
    };
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signed out here whatever the server says: the session is gone or will expire.
            let _ = api::logout().await;
            // Leave the staff page before it sees the signed-out state (it would send us to login).
            navigate(paths::HOME, Default::default());
            auth.signed_out();
        });
    };

    view! {
        <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href=paths::HOME attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"效"</span>
                    <span class="brand__name">{move || i18n.t().product}</span>
                    <span class="brand__full">{move || i18n.t().product_full}</span>
                </A>
                <button
                    type="button"
                    class="menu-button"
                    aria-controls="site-nav"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    <span class="menu-button__icon" aria-hidden="true"></span>
                    {move || i18n.t().menu}
                </button>
                <nav
                    id="site-nav"
                    class="site-nav"
                    class:is-open=move || menu_open.get()
                    aria-label=move || i18n.t().main_nav
                    on:click=close_on_follow
                >
                    <ul>
                        <li><A href=paths::HOME exact=true>{move || i18n.t().nav_home}</A></li>
                        <li><A href=paths::BULLETINS>{move || i18n.t().nav_bulletins}</A></li>
                        <li><A href=paths::STATS>{move || i18n.p().nav_stats}</A></li>
                        <li><A href=paths::REPORT>{move || i18n.t().nav_report}</A></li>
                        <Show
                            when=move || auth.me().is_some()
                            fallback=move || view! {
                                <li><A href=paths::LOGIN>{move || i18n.t().nav_sign_in}</A></li>
                            }
                        >
                            <li><A href=paths::DASHBOARD exact=true>{move || i18n.t().nav_dashboard}</A></li>
                            <Show when=move || auth.me().is_some_and(|m| m.role != xiaoneng_domain::Role::Admin)>
                                <li><A href=paths::FINDINGS>{move || i18n.s().nav_findings}</A></li>
                            </Show>
                            <Show when=move || auth.me().is_some_and(|m| matches!(m.role, xiaoneng_domain::Role::Office | xiaoneng_domain::Role::Leader | xiaoneng_domain::Role::Liaison))>
                                <li><A href=paths::LEDGER>{move || i18n.s().nav_ledger}</A></li>
                            </Show>
                            <Show when=move || auth.me().is_some_and(|m| m.role == xiaoneng_domain::Role::Office)>
                                <li><A href=paths::PLANNING>{move || i18n.s().nav_planning}</A></li>
                            </Show>
                            <Show when=move || auth.me().is_some_and(|m| matches!(m.role, xiaoneng_domain::Role::Office | xiaoneng_domain::Role::Leader))>
                                <li><A href=paths::STAFF_BULLETINS>{move || i18n.s().nav_bulletins}</A></li>
                            </Show>
                            <li>
                                <button type="button" class="link-button" on:click=sign_out.clone()>
                                    {move || i18n.t().sign_out}
                                </button>
                            </li>
                        </Show>
                    </ul>
                    <LangSwitch />
                </nav>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p class="site-footer__org">{move || i18n.t().footer_org}</p>
                <p>{move || i18n.t().footer_note}</p>
            </div>
        </footer>
    }
}
