//! Any address the app does not know.

use leptos::prelude::*;

use crate::paths;
use crate::texts::{use_i18n, use_page_title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.not_found_title);
    view! {
        <div class="container page">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_text}</p>
            <p><a href=paths::HOME rel="external">{move || i18n.t().back_home}</a></p>
        </div>
    }
}
