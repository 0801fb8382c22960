//! How records stand and how loading goes: state and deadline tags (always
//! words with the colour, never colour alone), a skeleton while a list
//! loads, and an error with a retry button.

use leptos::prelude::*;
use xiaoneng_domain::Due;
use xiaoneng_domain::finding::FindingState;

use crate::api::ApiError;
use crate::texts::use_i18n;

#[component]
pub fn StateTag(state: FindingState) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match state {
        FindingState::Recorded | FindingState::Verified | FindingState::ReportSubmitted => "info",
        FindingState::FedBack | FindingState::Rectifying | FindingState::Substantiated => "active",
        FindingState::Closed => "done",
        FindingState::Unfounded | FindingState::Merged => "muted",
    };
    view! { <span class=format!("tag tag--{tone}")>{move || state.label(i18n.lang())}</span> }
}

/// The running deadline: on track, due soon (yellow card), overdue (red card).
#[component]
pub fn DueTag(due: Due) -> impl IntoView {
    let i18n = use_i18n();
    let (tone, days) = match due {
        Due::OnTrack { working_days_left } => ("ok", working_days_left),
        Due::DueSoon { working_days_left } => ("soon", working_days_left),
        Due::Overdue { working_days_over } => ("overdue", working_days_over),
    };
    let words = move || {
        let s = i18n.s();
        match due {
            // "Overdue by n working days" says it all.
            Due::Overdue { .. } => (s.working_days_over)(days),
            _ => format!(
                "{} · {}",
                due.label(i18n.lang()),
                (s.working_days_left)(days)
            ),
        }
    };
    view! { <span class=format!("tag tag--due-{tone}")>{words}</span> }
}

/// 督办: the escalation ladder's last step reached this finding.
#[component]
pub fn SupervisedTag() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="tag tag--due-overdue" title=move || i18n.s().supervised_hint>
            {move || i18n.s().supervised}
        </span>
    }
}

/// Grey blocks in the shape of a list, while it loads.
#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" aria-busy="true">
            <span class="visually-hidden" role="status">{move || i18n.t().loading}</span>
            {(0..rows).map(|_| view! { <div class="skeleton__row" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// What went wrong, in words, and a button to try again.
#[component]
pub fn LoadError(error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="load-error" role="alert">
            <p>
                <strong>{move || i18n.t().load_failed}</strong>
                {move || i18n.lang().colon()}
                {move || error.describe(i18n.t(), i18n.lang())}
            </p>
            <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
                {move || i18n.t().retry}
            </button>
        </div>
    }
}
