//! The public statistics: this year's (or another year's) counts as SVG
//! charts, each with its table, and the method written next to them. Only
//! substantiated findings and inspections already made are counted; no
//! unit is named, and nothing tells of a visit to come.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::record::Dimension;
use xiaoneng_domain::unit::UnitKind;

use crate::api;
use crate::clock::today;
use crate::components::chart::BarChart;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::texts::use_i18n;

#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            i18n.p().stats_title,
            t.product,
            t.product_full
        ));
    });
    let this_year = chrono::Datelike::year(&today());
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()))
            .unwrap_or(this_year)
    });
    let stats = Loaded::new(move || {
        let y = year.get();
        async move { api::public::stats(Some(y)).await }
    });
    let navigate = use_navigate();
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.p().stats_title}</h1>
            <div class="field field--compact stats-year">
                <label class="field__label" for="stats-year">{move || i18n.p().year}</label>
                <select class="field__input" id="stats-year" on:change=move |ev| {
                    navigate(&format!("{}?year={}", paths::STATS, event_target_value(&ev)), Default::default());
                }>
                    {(2020..=this_year).rev().map(|y| view! {
                        <option value=y.to_string() selected=move || year.get() == y>{y}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || match stats.get() {
                None => view! { <Skeleton rows=4 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| stats.refetch()) /> }.into_any(),
                Some(Ok(s)) => {
                    let rate = s.rectified.rate().map(crate::texts::percent).unwrap_or_else(|| "—".into());
                    let months: Vec<(String, i64)> = s.by_month.iter().map(|c| (c.key.clone(), c.count)).collect();
                    let dims = s.by_dimension.clone();
                    let kinds = s.by_unit_kind.clone();
                    let measures = s.by_measure.clone();
                    let min = s.min_inspections_for_ranking;
                    let label = |f: fn(&crate::texts::portal::PublicTexts) -> &'static str| Signal::derive(move || f(i18n.p()).to_owned());
                    view! {
                        <ul class="home-figures">
                            <li><strong>{s.inspections}</strong>{move || i18n.p().fig_inspections}</li>
                            <li><strong>{s.substantiated}</strong>{move || i18n.p().fig_substantiated}</li>
                            <li><strong>{rate}</strong>{move || i18n.p().fig_on_time}
                                <span class="muted">" ("{s.rectified.on_time}" / "{s.rectified.closed}")"</span></li>
                        </ul>
                        <div class="figures">
                            <section class="figure">
                                <h2>{move || i18n.p().stats_by_month}</h2>
                                <BarChart title=label(|p| p.stats_by_month) data=months value_label=label(|p| p.fig_substantiated) />
                            </section>
                            <section class="figure">
                                <h2>{move || i18n.p().stats_by_dimension}</h2>
                                <BarChart title=label(|p| p.stats_by_dimension)
                                    data=Signal::derive(move || dims.iter().map(|c| (
                                        Dimension::parse(&c.key).map(|d| d.label(i18n.lang()).to_owned()).unwrap_or_else(|| c.key.clone()),
                                        c.count,
                                    )).collect())
                                    value_label=label(|p| p.fig_substantiated) />
                            </section>
                            <section class="figure">
                                <h2>{move || i18n.p().stats_by_unit_kind}</h2>
                                <BarChart title=label(|p| p.stats_by_unit_kind)
                                    data=Signal::derive(move || kinds.iter().map(|c| (
                                        UnitKind::parse(&c.key).map(|k| k.label(i18n.lang()).to_owned()).unwrap_or_else(|| c.key.clone()),
                                        c.count,
                                    )).collect())
                                    value_label=label(|p| p.fig_substantiated) />
                            </section>
                            <section class="figure">
                                <h2>{move || i18n.p().measure}</h2>
                                <BarChart title=label(|p| p.measure)
                                    data=Signal::derive(move || measures.iter().map(|c| (
                                        MeasureKind::parse(&c.key).map(|m| m.label(i18n.lang()).to_owned()).unwrap_or_else(|| c.key.clone()),
                                        c.count,
                                    )).collect())
                                    value_label=label(|p| p.fig_measures) />
                            </section>
                        </div>
                        <section class="method" aria-labelledby="method-title">
                            <h2 id="method-title">{move || i18n.p().method_title}</h2>
                            <ul>
                                <li>{move || i18n.p().method_counts}</li>
                                <li>{move || i18n.p().method_on_time}</li>
                                <li>{move || (i18n.p().method_ranking)(min)}</li>
                                <li>{move || i18n.p().method_no_plans}</li>
                            </ul>
                        </section>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
