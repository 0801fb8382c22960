//! Charts drawn as SVG by the app itself (no chart library, no JavaScript):
//! horizontal bars, labelled with their numbers, with the same numbers as a
//! table for screen readers and for copying.

use leptos::prelude::*;

use crate::texts::use_i18n;

/// One bar per `(label, value)`, longest first as given.
#[component]
pub fn BarChart(
    /// What the chart shows, e.g. 各月发现问题 (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    #[prop(into)] data: Signal<Vec<(String, i64)>>,
    /// The heading of the value column in the table.
    #[prop(into)]
    value_label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    const ROW: f64 = 26.0;
    const LABEL: f64 = 120.0;
    const WIDTH: f64 = 360.0;
    let svg = move || {
        let data = data.get();
        let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
        let height = ROW * data.len().max(1) as f64;
        let bars = data
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let y = i as f64 * ROW;
                let w = (WIDTH - LABEL - 40.0) * (*value as f64) / max;
                view! {
                    <g>
                        <text x=LABEL - 6.0 y=y + 17.0 text-anchor="end">{label.clone()}</text>
                        <rect class="bar" x=LABEL y=y + 5.0 width=w.max(1.0) height=ROW - 10.0 rx="2"></rect>
                        <text x=LABEL + w + 6.0 y=y + 17.0>{value.to_string()}</text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") width=WIDTH height=height
                role="img" aria-label=move || title.get()>
                {bars}
            </svg>
        }
    };
    view! {
        <div class="bar-chart">
            {svg}
            <details class="chart-table">
                <summary>{move || i18n.t().as_table}</summary>
                <table class="data-table">
                    <caption class="visually-hidden">{move || title.get()}</caption>
                    <thead><tr><th scope="col">""</th><th scope="col">{move || value_label.get()}</th></tr></thead>
                    <tbody>
                        {move || data.get().into_iter().map(|(label, value)| view! {
                            <tr><th scope="row">{label}</th><td class="num">{value}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </div>
    }
}
