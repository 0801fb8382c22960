//! The public home page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, use_page_title};
use crate::paths;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.nav_home);
    view! {
        <section class="hero">
            <div class="container">
                <h1>{move || i18n.t().home_title}</h1>
                <p class="lead">{move || i18n.t().home_lead}</p>
            </div>
        </section>
        <div class="container">
            <ul class="cards">
                <li class="card">
                    <h2><A href=paths::BULLETINS>{move || i18n.t().home_bulletins_title}</A></h2>
                    <p>{move || i18n.t().home_bulletins_text}</p>
                </li>
                <li class="card">
                    <h2><A href=paths::REPORT>{move || i18n.t().home_report_title}</A></h2>
                    <p>{move || i18n.t().home_report_text}</p>
                </li>
                <li class="card card--quiet">
                    <h2><A href=paths::LOGIN>{move || i18n.t().home_staff_title}</A></h2>
                    <p>{move || i18n.t().home_staff_text}</p>
                </li>
            </ul>
            <section class="steps" aria-labelledby="how-title">
                <h2 id="how-title">{move || i18n.t().home_how_title}</h2>
                <ol>
                    {move || i18n.t().home_how_steps.iter().map(|step| view! { <li>{*step}</li> }).collect_view()}
                </ol>
            </section>
        </div>
    }
}
