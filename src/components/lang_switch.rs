//! The language switch: one button per language, the current one pressed.

use leptos::prelude::*;
use xiaoneng_domain::Lang;

use crate::texts::use_i18n;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t().language>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set(lang)
                        >
                            {lang.endonym()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
