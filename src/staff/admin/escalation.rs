//! Reminders and escalation (the office): the ladder the daily pass climbs
//! when a deadline has passed, and the messages that could not be sent,
//! each of which can be sent again.

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::notification::FailedDelivery;
use xiaoneng_domain::reminder::{Ladder, LadderStep, Rung, check_ladder};

use crate::api;
use crate::clock::beijing_day;
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::Paged;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

#[component]
pub fn EscalationPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.escalation_title);
    let loaded = Loaded::new(move || {
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            Some(api::notifications::ladder().await)
        }
    });
    let rungs = RwSignal::new(Vec::<Rung>::new());
    Effect::new(move |_| {
        if let Some(Some(Ok(ladder))) = loaded.get() {
            rungs.set(ladder.rungs);
        }
    });
    let form = FormState::new("ladder");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ladder = Ladder {
            rungs: rungs.get_untracked(),
        };
        form.send(
            check_ladder(&ladder.rungs),
            api::notifications::save_ladder(),
            ladder,
            None,
            move |saved: Ladder| {
                rungs.set(saved.rungs);
                form.succeed(i18n.a().escalation_saved);
            },
        );
    };
    let failed = Paged::<FailedDelivery>::new(api::notifications::failed_page);
    Effect::new(move |_| {
        if me.get().is_some() {
            failed.reload();
        }
    });
    let retry = use_action(
        |id: &i64| api::notifications::retry(*id),
        move |_| failed.reload(),
    );
    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().escalation_title}</h1>
            <p class="lead">{move || i18n.a().escalation_lead}</p>
            {move || match loaded.get().flatten() {
                None => view! { <Skeleton rows=3 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| loaded.refetch()) /> }.into_any(),
                Some(Ok(_)) => view! {
                    <form on:submit=save novalidate>
                        <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                        <table class="data-table">
                            <caption>{move || i18n.a().escalation_ladder}</caption>
                            <thead><tr>
                                <th scope="col">{move || i18n.a().escalation_days}</th>
                                <th scope="col">{move || i18n.a().escalation_step}</th>
                                <th scope="col"><span class="visually-hidden">{move || i18n.a().remove}</span></th>
                            </tr></thead>
                            <tbody>
                                {move || (0..rungs.with(Vec::len)).map(|i| {
                                    let days_id = form.id(&format!("rungs[{i}].days"));
                                    let days_error = Signal::derive(move || {
                                        let key = format!("rungs[{i}].days");
                                        form.errors.with(|e| e.iter().find(|(f, _)| *f == key).map(|(_, m)| m.clone()))
                                    });
                                    let step_id = form.id(&format!("rungs[{i}].step"));
                                    view! {
                                        <tr>
                                            <td>
                                                <label class="visually-hidden" for=days_id.clone()>{move || i18n.a().escalation_days}</label>
                                                <input class="field__input field__input--short" type="number" min="1" max="60" id=days_id
                                                    aria-invalid=move || days_error.with(Option::is_some).then_some("true")
                                                    prop:value=move || rungs.with(|r| r.get(i).map(|r| r.days.to_string()).unwrap_or_default())
                                                    on:input=move |ev| {
                                                        let days = event_target_value(&ev).trim().parse().unwrap_or(0);
                                                        rungs.update(|r| if let Some(r) = r.get_mut(i) { r.days = days });
                                                    } />
                                                {move || days_error.get().map(|e| view! { <p class="field__error">{e}</p> })}
                                            </td>
                                            <td>
                                                <label class="visually-hidden" for=step_id.clone()>{move || i18n.a().escalation_step}</label>
                                                <select class="field__input" id=step_id
                                                    on:change=move |ev| if let Some(step) = LadderStep::parse(&event_target_value(&ev)) {
                                                        rungs.update(|r| if let Some(r) = r.get_mut(i) { r.step = step });
                                                    }>
                                                    {LadderStep::ALL.iter().copied().map(|s| view! {
                                                        <option value=s.as_str() selected=move || rungs.with(|r| r.get(i).map(|r| r.step)) == Some(s)>
                                                            {move || s.label(i18n.lang())}
                                                        </option>
                                                    }).collect_view()}
                                                </select>
                                            </td>
                                            <td>
                                                <button type="button" class="link-button--plain"
                                                    on:click=move |_| rungs.update(|r| { if i < r.len() { r.remove(i); } })>
                                                    {move || i18n.a().remove}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p>
                            <button type="button" class="button button--secondary"
                                on:click=move |_| rungs.update(|r| {
                                    let days = r.iter().map(|x| x.days).max().unwrap_or(0) + 2;
                                    r.push(Rung { days, step: LadderStep::Supervise });
                                })>
                                {move || i18n.a().escalation_add}
                            </button>
                        </p>
                        <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().escalation_save}</button>
                        {move || form.done.get().map(|d| view! { <p class="notice" role="status">{d}</p> })}
                    </form>
                }.into_any(),
            }}
            <h2>{move || i18n.a().failed_title}</h2>
            <p class="muted">{move || i18n.a().failed_lead}</p>
            {failed.view("finding-list", move || i18n.a().failed_empty, move |d: FailedDelivery| {
                let id = d.id;
                let what = match (d.kind, &d.code) {
                    (Some(kind), Some(code)) => format!("{} {code}", kind.label(i18n.lang())),
                    (Some(kind), None) => kind.label(i18n.lang()).to_owned(),
                    (None, Some(code)) => format!("{} {code}", topic_label(&d.topic, i18n.a())),
                    (None, None) => topic_label(&d.topic, i18n.a()).to_owned(),
                };
                let channel = if d.channel == "webhook" { i18n.a().channel_webhook } else { i18n.a().channel_email };
                view! {
                    <li class="finding-item">
                        <p class="finding-item__title">{what}</p>
                        <p class="finding-item__meta">
                            {d.recipient.clone().unwrap_or_else(|| i18n.a().failed_citizen.to_owned())}
                            " · "{channel}" · "{beijing_day(d.created_at)}
                            " · "{move || (i18n.a().failed_attempts)(d.attempts)}
                        </p>
                        <p class="muted">{d.last_error.clone().unwrap_or_default()}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| { retry.dispatch(id); }>
                            {move || i18n.a().failed_retry}
                        </button>
                    </li>
                }
            })}
        </div>
    }
}

/// What a message without a notification of its own carries.
fn topic_label(topic: &str, a: &crate::texts::admin::AdminTexts) -> &'static str {
    match topic {
        "digest" => a.topic_digest,
        "report_status" => a.topic_report_status,
        _ => a.topic_notification,
    }
}
