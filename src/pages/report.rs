//! Report a problem (the form itself comes with the public portal).

use leptos::prelude::*;

use crate::i18n::{use_i18n, use_page_title};

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.report_title);
    view! {
        <div class="container page">
            <h1>{move || i18n.t().report_title}</h1>
            <p class="lead">{move || i18n.t().report_lead}</p>
            <p class="notice">{move || i18n.t().report_not_yet}</p>
        </div>
    }
}
