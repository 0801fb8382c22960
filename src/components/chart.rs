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
    // Whole units of the view box: attributes written from integers, with
    // no float formatting in the wasm.
    const ROW: i64 = 26;
    const LABEL: i64 = 120;
    const WIDTH: i64 = 360;
    let svg = move || {
        let data = data.get();
        let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let height = ROW * data.len().max(1) as i64;
        let bars = data
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let y = i as i64 * ROW;
                // Rounded to the nearest unit.
                let w = ((WIDTH - LABEL - 40) * *value + max / 2) / max;
                view! {
                    <g>
                        <text x=LABEL - 6 y=y + 17 text-anchor="end">{label.clone()}</text>
                        <rect class="bar" x=LABEL y=y + 5 width=w.max(1) height=ROW - 10 rx="2"></rect>
                        <text x=LABEL + w + 6 y=y + 17>{value.to_string()}</text>
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
