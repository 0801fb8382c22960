//! Amending (变更) or revoking (撤销) a decision on a finding's page (the
//! office): the measures and basis from now on, or nothing, and the reason
//! in either case. Checked by `DecisionChange::validate`, the server's rule;
//! the server puts the change on the decision's history and a correction
//! notice on the bulletins that announced it.

use leptos::prelude::*;
use xiaoneng_domain::accountability::{
    Decision, DecisionChange, DecisionChangeKind, DecisionEvent, Measure, MeasureKind,
    describe_measures,
};

use crate::api;
use crate::clock::beijing_day;
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::texts::use_i18n;

/// The decision's amendments and revocation, oldest first.
#[component]
pub fn DecisionHistory(history: Vec<DecisionEvent>) -> impl IntoView {
    let i18n = use_i18n();
    (!history.is_empty()).then(|| {
        view! {
            <ul class="plain-list decision-history">
                {history.into_iter().map(|e| {
                    let (change, day) = (e.change, beijing_day(e.at));
                    view! {
                        <li>
                            <strong>{move || change_label(change, i18n.s())}</strong>" · "{day}" · "{e.by_name.clone()}
                            <br />
                            {move || {
                                let lang = i18n.lang();
                                let colon = lang.colon();
                                match change {
                                    DecisionChangeKind::Amend => format!(
                                        "{}{colon}{} → {}",
                                        i18n.s().measures,
                                        describe_measures(&e.before, lang),
                                        describe_measures(&e.after, lang)
                                    ),
                                    DecisionChangeKind::Revoke => format!(
                                        "{}{colon}{}",
                                        i18n.s().measures,
                                        describe_measures(&e.before, lang)
                                    ),
                                }
                            }}
                            <br />
                            {move || i18n.s().change_reason}{move || i18n.lang().colon()}{e.reason.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

fn change_label(change: DecisionChangeKind, s: &crate::texts::staff::StaffTexts) -> &'static str {
    match change {
        DecisionChangeKind::Amend => s.decision_amend,
        DecisionChangeKind::Revoke => s.decision_revoke,
    }
}

/// The office's form to amend or revoke `decision`.
#[component]
pub fn DecisionChangeForm(decision: Decision, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = decision.id;
    let form = FormState::new(format!("change-{id}"));
    let change = RwSignal::new(DecisionChangeKind::Amend);
    let kinds = RwSignal::new(decision.measures.iter().map(|m| m.kind).collect::<Vec<_>>());
    let reassignment = decision
        .measures
        .iter()
        .find(|m| m.kind == MeasureKind::Reassignment)
        .cloned();
    let other = decision
        .measures
        .iter()
        .find(|m| m.kind == MeasureKind::Other)
        .and_then(|m| m.note.clone());
    let place = RwSignal::new(
        reassignment
            .as_ref()
            .and_then(|m| m.place.clone())
            .unwrap_or_default(),
    );
    let start = RwSignal::new(
        reassignment
            .as_ref()
            .and_then(|m| m.start)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let end = RwSignal::new(
        reassignment
            .as_ref()
            .and_then(|m| m.end)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(other.unwrap_or_default());
    let basis = RwSignal::new(decision.basis.clone());
    let reason = RwSignal::new(String::new());
    let version = decision.version;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let kind = change.get_untracked();
        let measures = match kind {
            DecisionChangeKind::Revoke => vec![],
            DecisionChangeKind::Amend => kinds
                .get_untracked()
                .into_iter()
                .map(|k| match k {
                    MeasureKind::Reassignment => Measure {
                        kind: k,
                        place: Some(text(place)),
                        start: text(start).parse().ok(),
                        end: text(end).parse().ok(),
                        note: None,
                    },
                    MeasureKind::Other => Measure {
                        kind: k,
                        place: None,
                        start: None,
                        end: None,
                        note: Some(text(note)),
                    },
                    k => Measure {
                        kind: k,
                        place: None,
                        start: None,
                        end: None,
                        note: None,
                    },
                })
                .collect(),
        };
        let req = DecisionChange {
            change: kind,
            measures,
            basis: (kind == DecisionChangeKind::Amend).then(|| text(basis)),
            reason: text(reason),
            version,
        };
        form.send(
            req.validate(),
            api::accountability::change_decision(id),
            req,
            Some(changed),
            move |_: Decision| changed.run(()),
        );
    };
    let field = move |name: &str| form.id(name);
    let amending = move || change.get() == DecisionChangeKind::Amend;
    let has = move |k: MeasureKind| kinds.with(|c| c.contains(&k));
    // Errors on a measure name it by index; the fields are by kind here.
    let measure_error = move |part: &'static str| {
        Signal::derive(move || {
            form.summary()
                .get()
                .into_iter()
                .find(|item| {
                    item.target
                        .as_deref()
                        .is_some_and(|t| t.ends_with(&format!(".{part}")))
                })
                .map(|item| item.message)
        })
    };
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <fieldset class="field">
                <legend class="field__label">{move || i18n.s().change_what}</legend>
                <div class="checks">
                    {[DecisionChangeKind::Amend, DecisionChangeKind::Revoke].into_iter().map(|k| {
                        let input_id = field(&format!("change-{}", k.as_str()));
                        view! {
                            <div class="check">
                                <input type="radio" name=field("change") id=input_id.clone()
                                    prop:checked=move || change.get() == k on:change=move |_| change.set(k) />
                                <label for=input_id>{move || change_label(k, i18n.s())}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <Show when=amending>
                <fieldset class="field" class:field--error=move || form.error("measures").get().is_some()>
                    <legend class="field__label">{move || i18n.s().measures}</legend>
                    {move || form.error("measures").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <div class="checks" id=field("measures") tabindex="-1">
                        {MeasureKind::ALL.into_iter().map(|k| {
                            let input_id = field(&format!("measure-{}", k.as_str()));
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=input_id.clone() prop:checked=move || has(k)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            kinds.update(|c| { c.retain(|x| *x != k); if on { c.push(k); } });
                                        } />
                                    <label for=input_id>{move || k.label(i18n.lang())}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <Show when=move || has(MeasureKind::Reassignment)>
                    <div class="subfields">
                        {[("place", place, "text", (|s| s.place) as Label), ("start", start, "date", |s| s.start), ("end", end, "date", |s| s.end)]
                            .into_iter().map(|(name, value, kind, label)| {
                                let input_id = field(name);
                                let error = measure_error(name);
                                view! {
                                    <div class="field" class:field--error=move || error.get().is_some()>
                                        <label class="field__label" for=input_id.clone()>{move || label(i18n.s())}</label>
                                        {move || error.get().map(|e| view! { <p class="field__error">{e}</p> })}
                                        <input class="field__input" type=kind id=input_id prop:value=move || value.get()
                                            on:input=move |ev| value.set(event_target_value(&ev)) />
                                    </div>
                                }
                            }).collect_view()}
                    </div>
                </Show>
                <Show when=move || has(MeasureKind::Other)>
                    {
                        let input_id = field("note");
                        let error = measure_error("note");
                        view! {
                            <div class="field" class:field--error=move || error.get().is_some()>
                                <label class="field__label" for=input_id.clone()>{move || i18n.s().other_note}</label>
                                {move || error.get().map(|e| view! { <p class="field__error">{e}</p> })}
                                <input class="field__input" id=input_id prop:value=move || note.get()
                                    on:input=move |ev| note.set(event_target_value(&ev)) />
                            </div>
                        }
                    }
                </Show>
                {
                    let input_id = field("basis");
                    view! {
                        <div class="field" class:field--error=move || form.error("basis").get().is_some()>
                            <label class="field__label" for=input_id.clone()>{move || i18n.s().basis}</label>
                            {move || form.error("basis").get().map(|e| view! { <p class="field__error">{e}</p> })}
                            <input class="field__input" id=input_id prop:value=move || basis.get()
                                on:input=move |ev| basis.set(event_target_value(&ev)) />
                        </div>
                    }
                }
            </Show>
            {
                let input_id = field("reason");
                view! {
                    <div class="field" class:field--error=move || form.error("reason").get().is_some()>
                        <label class="field__label" for=input_id.clone()>{move || i18n.s().change_reason}</label>
                        <p class="field__hint">{move || i18n.s().change_reason_hint}</p>
                        {move || form.error("reason").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <textarea class="field__input" id=input_id rows="3" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                }
            }
            <button type="submit" class="button" disabled=move || form.busy.get()>
                {move || if amending() { i18n.s().decision_amend } else { i18n.s().decision_revoke }}
            </button>
        </form>
    }
}

/// A label in the staff texts.
type Label = fn(&crate::texts::staff::StaffTexts) -> &'static str;
