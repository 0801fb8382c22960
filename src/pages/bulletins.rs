//! Published accountability bulletins (the list and search come with the public portal).

use leptos::prelude::*;

use crate::i18n::{use_i18n, use_page_title};

#[component]
pub fn BulletinsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.bulletins_title);
    view! {
        <div class="container page">
            <h1>{move || i18n.t().bulletins_title}</h1>
            <p class="lead">{move || i18n.t().bulletins_lead}</p>
            <p class="empty-state">{move || i18n.t().bulletins_empty}</p>
        </div>
    }
}
