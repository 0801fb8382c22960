//! The public home page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::clock::beijing_day;
use crate::components::status::LoadError;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::texts::{use_i18n, use_page_title};

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
        // The ways in come first: the figures and the latest bulletins arrive
        // later and would push them down (a layout shift on a phone).
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
                    <h2><a href=paths::DASHBOARD rel="external">{move || i18n.t().home_staff_title}</a></h2>
                    <p>{move || i18n.t().home_staff_text}</p>
                </li>
            </ul>
            <HomeFigures />
            <LatestBulletins />
            <section class="steps" aria-labelledby="how-title">
                <h2 id="how-title">{move || i18n.t().home_how_title}</h2>
                <ol>
                    {move || i18n.t().home_how_steps.iter().map(|step| view! { <li>{*step}</li> }).collect_view()}
                </ol>
            </section>
        </div>
    }
}

/// This year's headline figures (what the public statistics count).
#[component]
fn HomeFigures() -> impl IntoView {
    let i18n = use_i18n();
    let stats = Loaded::new(|| api::public::stats(None));
    view! {
        {move || stats.get().map(|read| read.map(|s| {
            let rate = s.rectified.rate().map(crate::texts::percent).unwrap_or_else(|| "—".into());
            let measures: i64 = s.by_measure.iter().map(|c| c.count).sum();
            view! {
                <section aria-labelledby="figures-title">
                    <h2 id="figures-title">{move || i18n.p().figures_year}</h2>
                    <ul class="home-figures">
                        <li><strong>{s.inspections}</strong>{move || i18n.p().fig_inspections}</li>
                        <li><strong>{s.substantiated}</strong>{move || i18n.p().fig_substantiated}</li>
                        <li><strong>{rate}</strong>{move || i18n.p().fig_on_time}</li>
                        <li><strong>{measures}</strong>{move || i18n.p().fig_measures}</li>
                    </ul>
                    <p class="more-link"><A href=paths::STATS>{move || i18n.p().stats_title}</A></p>
                </section>
            }
            .into_any()
        }).unwrap_or_else(|error| view! {
            <LoadError error=error on_retry=Callback::new(move |_| stats.refetch()) />
        }.into_any()))}
    }
}

/// The three newest published bulletins.
#[component]
fn LatestBulletins() -> impl IntoView {
    let i18n = use_i18n();
    let latest = Loaded::new(|| api::public::latest_bulletins(3));
    view! {
        <section class="home-latest" aria-labelledby="latest-title">
            <h2 id="latest-title">{move || i18n.p().latest}</h2>
            {move || match latest.get() {
                Some(Err(error)) => Some(view! {
                    <LoadError error=error on_retry=Callback::new(move |_| latest.refetch()) />
                }),
                _ => None,
            }}
            <ol class="bulletin-list">
                {move || latest.get().and_then(Result::ok).map(|p| p.items.into_iter().map(|b| {
                    let day = beijing_day(b.published_at);
                    view! {
                        <li class="bulletin-item">
                            <p class="bulletin-item__meta"><span>{b.doc_number.clone()}</span><span>{day}</span></p>
                            <h3 class="bulletin-item__title">
                                <A href=format!("{}/{}", paths::BULLETINS, b.id)>{b.title.clone()}</A>
                            </h3>
                            // As the list marks it: the notice is what a reader finds there.
                            {b.retraction.is_some().then(|| view! {
                                <p><span class="tag tag--muted">{move || i18n.p().retracted_title}</span></p>
                            })}
                        </li>
                    }
                }).collect_view())}
            </ol>
            <p class="more-link"><A href=paths::BULLETINS>{move || i18n.p().all_bulletins}</A></p>
        </section>
    }
}
