//! The office's rules for due process and bulletins: how many working days
//! a unit has to appeal and the review may take, who reviews appeals against
//! decisions, the sanctions ladder the decision form suggests from, and how
//! a bulletin's document number reads.

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::accountability::{MAX_LADDER_STEPS, MeasureKind, SanctionLadder};
use xiaoneng_domain::appeal::AppealSettings;
use xiaoneng_domain::bulletin::BulletinSettings;

use crate::api;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.rules_title);
    let loaded = Loaded::new(move || {
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            let appeals = api::appeals::settings().await;
            let ladder = api::accountability::sanction_ladder().await;
            let bulletins = api::accountability::bulletin_settings().await;
            Some(appeals.and_then(|a| ladder.and_then(|l| bulletins.map(|b| (a, l, b)))))
        }
    });
    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().rules_title}</h1>
            {move || match loaded.get().flatten() {
                None => view! { <Skeleton rows=4 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| loaded.refetch()) /> }.into_any(),
                Some(Ok((appeals, ladder, bulletins))) => view! {
                    <AppealRules settings=appeals />
                    <Ladder ladder=ladder />
                    <NumberFormat settings=bulletins />
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn AppealRules(settings: AppealSettings) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("appeal-rules");
    let window = RwSignal::new(settings.window_days.to_string());
    let review = RwSignal::new(settings.review_days.to_string());
    let leaders = RwSignal::new(settings.leader_reviews_decisions);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A number that does not parse is refused by the shared rule (0 is out of range).
        let days = |s: RwSignal<String>| s.get_untracked().trim().parse().unwrap_or(0);
        let new = AppealSettings {
            window_days: days(window),
            review_days: days(review),
            leader_reviews_decisions: leaders.get_untracked(),
        };
        form.send(
            new.validate(),
            api::appeals::save_settings(),
            new,
            None,
            move |saved: AppealSettings| {
                window.set(saved.window_days.to_string());
                review.set(saved.review_days.to_string());
                leaders.set(saved.leader_reviews_decisions);
                form.succeed(i18n.a().rules_saved);
            },
        );
    };
    let leaders_id = form.id("leader_reviews_decisions");
    view! {
        <section aria-labelledby="appeal-rules-title">
            <h2 id="appeal-rules-title">{move || i18n.a().rules_appeals}</h2>
            <form on:submit=save novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id=form.id("window_days") label=Signal::derive(move || i18n.a().rules_window)
                        hint=Signal::derive(move || i18n.a().rules_days_hint)
                        error=form.error("window_days") value=window input_type="number" />
                    <TextField id=form.id("review_days") label=Signal::derive(move || i18n.a().rules_review)
                        hint=Signal::derive(move || i18n.a().rules_days_hint)
                        error=form.error("review_days") value=review input_type="number" />
                </div>
                <div class="check">
                    <input type="checkbox" id=leaders_id.clone() prop:checked=move || leaders.get()
                        on:change=move |ev| leaders.set(event_target_checked(&ev)) />
                    <label for=leaders_id>{move || i18n.a().rules_leaders_review}</label>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Ladder(ladder: SanctionLadder) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("sanctions");
    let steps = RwSignal::new(ladder.steps);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = SanctionLadder {
            steps: steps.get_untracked(),
        };
        form.send(
            new.validate(),
            api::accountability::save_sanction_ladder(),
            new,
            None,
            move |saved: SanctionLadder| {
                steps.set(saved.steps);
                form.succeed(i18n.a().rules_saved);
            },
        );
    };
    // "Other" says nothing without a note: the ladder offers the rest.
    let kinds = || {
        MeasureKind::ALL
            .into_iter()
            .filter(|k| *k != MeasureKind::Other)
    };
    view! {
        <section aria-labelledby="sanctions-title">
            <h2 id="sanctions-title">{move || i18n.a().rules_ladder}</h2>
            <p class="muted">{move || i18n.a().rules_ladder_lead}</p>
            <form on:submit=save novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <ol class="ladder">
                    {move || (0..steps.with(Vec::len)).map(|i| {
                        let id = form.id(&format!("steps[{i}]"));
                        view! {
                            <li class="ladder__step">
                                <label class="field__label" for=id.clone()>{move || (i18n.a().rules_ladder_case)(i + 1)}</label>
                                <select class="field__input" id=id
                                    on:change=move |ev| if let Some(k) = MeasureKind::parse(&event_target_value(&ev)) {
                                        steps.update(|s| if let Some(step) = s.get_mut(i) { *step = k });
                                    }>
                                    {kinds().map(|k| view! {
                                        <option value=k.as_str() selected=move || steps.with(|s| s.get(i) == Some(&k))>
                                            {move || k.label(i18n.lang())}
                                        </option>
                                    }).collect_view()}
                                </select>
                                <button type="button" class="link-button--plain" disabled=move || steps.with(|s| s.len() <= 1)
                                    on:click=move |_| steps.update(|s| { if i < s.len() && s.len() > 1 { s.remove(i); } })>
                                    {move || i18n.a().remove}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p>
                    <button type="button" class="button button--secondary"
                        disabled=move || steps.with(|s| s.len() >= MAX_LADDER_STEPS)
                        on:click=move |_| steps.update(|s| {
                            let last = s.last().copied().unwrap_or(MeasureKind::WrittenSelfExamination);
                            s.push(last);
                        })>
                        {move || i18n.a().rules_ladder_add}
                    </button>
                </p>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}

#[component]
fn NumberFormat(settings: BulletinSettings) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("doc-format");
    let format = RwSignal::new(settings.doc_format);
    let example = move || {
        BulletinSettings {
            doc_format: format.get(),
        }
        .doc_number(chrono::Datelike::year(&crate::clock::today()), 1)
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = BulletinSettings {
            doc_format: format.get_untracked().trim().to_owned(),
        };
        form.send(
            new.validate(),
            api::accountability::save_bulletin_settings(),
            new,
            None,
            move |saved: BulletinSettings| {
                format.set(saved.doc_format);
                form.succeed(i18n.a().rules_saved);
            },
        );
    };
    view! {
        <section aria-labelledby="doc-format-title">
            <h2 id="doc-format-title">{move || i18n.a().rules_doc_numbers}</h2>
            <p class="muted">{move || i18n.a().rules_doc_numbers_lead}</p>
            <form on:submit=save novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <TextField id=form.id("doc_format") label=Signal::derive(move || i18n.a().rules_doc_format)
                    hint=Signal::derive(move || i18n.a().rules_doc_format_hint)
                    error=form.error("doc_format") value=format autocomplete="off" />
                <p>{move || i18n.a().rules_doc_example}{example}</p>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}
