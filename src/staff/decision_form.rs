//! Recording an accountability decision from a substantiated finding: the
//! person (typed, and found on the unit's staff list by name: a namesake is
//! chosen by post; someone not on the list is kept by name), their record
//! within the year with the measure the office's ladder suggests, one or
//! more measures (a reassignment with its place, start and end — three
//! months by default), the basis, the date. Checked in the browser by
//! `NewDecision::validate` and `check_person`, the server's own rules.

use leptos::html;
use leptos::prelude::*;
use xiaoneng_domain::accountability::{
    Decision, Measure, MeasureKind, NewDecision, PersonRecord, default_end,
};
use xiaoneng_domain::record::Finding;
use xiaoneng_domain::staff::Staff;

use crate::api;
use crate::clock::today;
use crate::components::form::{ErrorSummary, SummaryItem};
use crate::components::status::LoadError;
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::texts::use_i18n;

#[component]
pub fn DecisionForm(finding: Finding) -> impl IntoView {
    let i18n = use_i18n();
    let unit = finding.unit_id;
    let staff = Choices::new(move || async move { api::units::staff(unit).await });
    let first = finding.people.first().cloned();
    let name = RwSignal::new(first.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let post = RwSignal::new(first.map(|p| p.post).unwrap_or_default());
    // The active records bearing the name typed; among namesakes, the one picked.
    let named = Memo::new(move |_| {
        let typed = name.get();
        let typed = typed.trim();
        staff
            .get()
            .into_iter()
            .filter(|s| s.active && !typed.is_empty() && s.name.trim() == typed)
            .collect::<Vec<Staff>>()
    });
    let picked = RwSignal::new(None::<i64>);
    let staff_id = Memo::new(move |_| {
        let named = named.get();
        match named.as_slice() {
            [one] => Some(one.id),
            _ => picked.get().filter(|id| named.iter().any(|s| s.id == *id)),
        }
    });
    let chosen = RwSignal::new(Vec::<MeasureKind>::new());
    let place = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let other = RwSignal::new(String::new());
    let basis = RwSignal::new(String::new());
    let decided_on = RwSignal::new(today().to_string());
    let notes = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    // Asked for once the server says this person has a decision on the finding already.
    let confirm_repeat = RwSignal::new(false);
    let repeat_refused = Memo::new(move |_| {
        let said = xiaoneng_domain::Reason::DecidedAlready.message(i18n.lang());
        errors.with(|e| e.iter().any(|(f, m)| f == "person_name" && *m == said))
    });
    let ask_repeat = RwSignal::new(false);
    Effect::new(move |_| {
        if repeat_refused.get() {
            ask_repeat.set(true);
        }
    });
    let done = RwSignal::new(None::<Decision>);
    let summary_ref = NodeRef::<html::Div>::new();
    let decide = use_action(
        |new: &NewDecision| api::accountability::decide().call(new.clone()),
        move |answer| match answer {
            Ok(decision) => done.set(Some(decision)),
            Err(e) => {
                errors.set(e.field_errors(i18n.t(), i18n.lang()));
                crate::components::form::focus_summary(summary_ref);
            }
        },
    );
    let busy = decide.pending();

    // Measures are sent in the order they are listed; errors name them by index.
    let index_of = move |kind: MeasureKind| chosen.with(|c| c.iter().position(|k| *k == kind));
    let field_id = move |field: &str| -> String {
        match field.split_once('.') {
            Some((measure, part)) => {
                let i: usize = measure
                    .trim_start_matches("measures[")
                    .trim_end_matches(']')
                    .parse()
                    .unwrap_or(0);
                let kind = chosen.with_untracked(|c| c.get(i).copied());
                match (kind, part) {
                    (Some(MeasureKind::Other), _) => "decision-other".into(),
                    (_, "place") => "decision-place".into(),
                    (_, "end") => "decision-end".into(),
                    _ => "decision-start".into(),
                }
            }
            None => format!("decision-{field}"),
        }
    };
    let error_for = move |id: &str| {
        errors.with(|e| {
            e.iter()
                .find(|(f, _)| field_id(f) == id)
                .map(|(_, m)| m.clone())
        })
    };
    let summary = Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(f, m)| SummaryItem::field(field_id(&f), m, i18n.lang()))
            .collect::<Vec<_>>()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let measures = chosen
            .get_untracked()
            .into_iter()
            .map(|kind| match kind {
                MeasureKind::Reassignment => Measure {
                    kind,
                    place: Some(text(place)),
                    start: text(start).parse().ok(),
                    end: text(end).parse().ok(),
                    note: None,
                },
                MeasureKind::Other => Measure {
                    kind,
                    place: None,
                    start: None,
                    end: None,
                    note: Some(text(other)),
                },
                kind => Measure {
                    kind,
                    place: None,
                    start: None,
                    end: None,
                    note: None,
                },
            })
            .collect();
        let new = NewDecision {
            finding_ids: vec![finding.id],
            staff_id: staff_id.get_untracked(),
            person_name: text(name),
            person_unit_id: unit,
            person_post: text(post),
            measures,
            basis: text(basis),
            notes: Some(text(notes)).filter(|n| !n.is_empty()),
            decided_on: text(decided_on).parse().unwrap_or(today()),
            confirm_repeat: confirm_repeat.get_untracked(),
        };
        let lang = i18n.lang();
        let mut invalid = new.validate(today()).err().unwrap_or_default();
        new.check_person(&mut invalid, named.with_untracked(Vec::len));
        if let Err(invalid) = invalid.into_result() {
            errors.set(api::invalid_fields(&invalid, lang));
            crate::components::form::focus_summary(summary_ref);
            return;
        }
        errors.set(Vec::new());
        decide.dispatch(new);
    };

    // The person's record within the year before the decision, and the ladder's suggestion.
    let record = Loaded::new(move || {
        let (id, typed, on) = (staff_id.get(), name.get(), decided_on.get());
        async move {
            let typed = typed.trim().to_owned();
            if id.is_none() && typed.is_empty() {
                return None;
            }
            let on = on.parse::<chrono::NaiveDate>().ok();
            Some(api::accountability::person_record(id, &typed, unit, on).await)
        }
    });
    let end_hint = move || {
        let s = i18n.s();
        match start.get().parse() {
            Ok(day) => format!(
                "{}{}",
                s.end_hint,
                crate::texts::in_brackets(i18n.lang(), &default_end(day).to_string())
            ),
            Err(_) => s.end_hint.to_owned(),
        }
    };

    view! {
        <section class="decision" aria-labelledby="decision-title">
            <h2 id="decision-title">{move || i18n.s().decision_title}</h2>
            {move || match done.get() {
                Some(d) => {
                    let measures = d.measures.iter().map(|m| m.kind.label(i18n.lang())).collect::<Vec<_>>().join("、");
                    view! {
                        <p class="notice" role="status">
                            {move || i18n.s().decision_recorded}" "{d.person_name.clone()}{move || i18n.lang().colon()}{measures}
                        </p>
                        <p>
                            <leptos_router::components::A href=format!(
                                "{}{}",
                                crate::paths::LEDGER,
                                api::query(&[("person", Some(d.person_name.clone())), ("unit", Some(d.person_unit_id.to_string()))]),
                            )>{move || i18n.s().view_ledger}</leptos_router::components::A>
                        </p>
                    }
                    .into_any()
                }
                None => view! {
                    <p class="muted">{move || i18n.s().decision_lead}</p>
                    <form class="form" on:submit=submit novalidate>
                        <ErrorSummary items=summary node_ref=summary_ref />
                        <Field id="decision-person_name" label=|s| s.person_name error=Signal::derive(move || error_for("decision-person_name"))>
                            <p class="field__hint">{move || i18n.s().person_name_hint}</p>
                            <input class="field__input" id="decision-person_name" list="decision-staff" autocomplete="off"
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            <datalist id="decision-staff">
                                {move || staff.get().into_iter().filter(|s| s.active).map(|s| view! {
                                    <option value=s.name.clone()>{s.title.clone()}</option>
                                }).collect_view()}
                            </datalist>
                            {staff.notice()}
                        </Field>
                        {move || {
                            let named = named.get();
                            (named.len() > 1).then(|| view! {
                                <fieldset class="field" class:field--error=move || error_for("decision-staff_id").is_some()>
                                    <legend class="field__label">{move || i18n.s().namesakes}</legend>
                                    {move || error_for("decision-staff_id").map(|e| view! { <p class="field__error">{e}</p> })}
                                    <div id="decision-staff_id" tabindex="-1" class="checks">
                                        {named.into_iter().map(|s| {
                                            let id = format!("decision-staff-{}", s.id);
                                            let sid = s.id;
                                            let title = s.title.clone();
                                            view! {
                                                <div class="check">
                                                    <input type="radio" name="decision-staff" id=id.clone()
                                                        prop:checked=move || picked.get() == Some(sid)
                                                        on:change=move |_| {
                                                            picked.set(Some(sid));
                                                            post.set(title.clone());
                                                        } />
                                                    <label for=id>{format!("{} · {}", s.name, s.title)}</label>
                                                </div>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            })
                        }}
                        <p class="muted">{move || match (staff_id.get(), name.with(|n| n.trim().is_empty())) {
                            (Some(_), _) => i18n.s().on_staff_list,
                            (None, false) if named.with(Vec::is_empty) => i18n.s().not_on_staff_list,
                            _ => "",
                        }}</p>
                        {move || record.get().flatten().map(|answer| match answer {
                            Ok(r) => view! { <RecordPanel record=r chosen=chosen /> }.into_any(),
                            Err(e) => view! { <LoadError error=e on_retry=Callback::new(move |_| record.refetch()) /> }.into_any(),
                        })}
                        <Show when=move || ask_repeat.get()>
                            <div class="check">
                                <input type="checkbox" id="decision-confirm_repeat" prop:checked=move || confirm_repeat.get()
                                    on:change=move |ev| confirm_repeat.set(event_target_checked(&ev)) />
                                <label for="decision-confirm_repeat">{move || i18n.s().confirm_repeat}</label>
                            </div>
                        </Show>
                        <Field id="decision-person_post" label=|s| s.person_post error=Signal::derive(move || error_for("decision-person_post"))>
                            <input class="field__input" id="decision-person_post"
                                prop:value=move || post.get() on:input=move |ev| post.set(event_target_value(&ev)) />
                        </Field>
                        <fieldset class="field" class:field--error=move || error_for("decision-measures").is_some()>
                            <legend class="field__label">{move || i18n.s().measures}</legend>
                            {move || error_for("decision-measures").map(|e| view! { <p class="field__error">{e}</p> })}
                            <div id="decision-measures" tabindex="-1" class="checks">
                                {MeasureKind::ALL.iter().map(|kind| {
                                    let kind = *kind;
                                    let id = format!("decision-measure-{}", kind.as_str());
                                    view! {
                                        <div class="check">
                                            <input type="checkbox" id=id.clone()
                                                prop:checked=move || index_of(kind).is_some()
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|c| {
                                                        c.retain(|k| *k != kind);
                                                        if on { c.push(kind); }
                                                    });
                                                } />
                                            <label for=id>{move || kind.label(i18n.lang())}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                        <Show when=move || index_of(MeasureKind::Reassignment).is_some()>
                            <div class="subfields">
                                <Field id="decision-place" label=|s| s.place error=Signal::derive(move || error_for("decision-place"))>
                                    <input class="field__input" id="decision-place"
                                        prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev)) />
                                </Field>
                                <Field id="decision-start" label=|s| s.start error=Signal::derive(move || error_for("decision-start"))>
                                    <input class="field__input field__input--date" type="date" id="decision-start"
                                        prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev)) />
                                </Field>
                                <Field id="decision-end" label=|s| s.end error=Signal::derive(move || error_for("decision-end"))>
                                    <p class="field__hint">{end_hint}</p>
                                    <input class="field__input field__input--date" type="date" id="decision-end"
                                        prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev)) />
                                </Field>
                            </div>
                        </Show>
                        <Show when=move || index_of(MeasureKind::Other).is_some()>
                            <Field id="decision-other" label=|s| s.other_note error=Signal::derive(move || error_for("decision-other"))>
                                <input class="field__input" id="decision-other"
                                    prop:value=move || other.get() on:input=move |ev| other.set(event_target_value(&ev)) />
                            </Field>
                        </Show>
                        <Field id="decision-basis" label=|s| s.basis error=Signal::derive(move || error_for("decision-basis"))>
                            <p class="field__hint">{move || i18n.s().basis_hint}</p>
                            <input class="field__input" id="decision-basis"
                                prop:value=move || basis.get() on:input=move |ev| basis.set(event_target_value(&ev)) />
                        </Field>
                        <Field id="decision-decided_on" label=|s| s.decided_on error=Signal::derive(move || error_for("decision-decided_on"))>
                            <input class="field__input field__input--date" type="date" id="decision-decided_on" max=today().to_string()
                                prop:value=move || decided_on.get() on:input=move |ev| decided_on.set(event_target_value(&ev)) />
                        </Field>
                        <Field id="decision-notes" label=|s| s.notes error=Signal::derive(move || error_for("decision-notes"))>
                            <textarea class="field__input field__textarea" id="decision-notes" rows="3"
                                prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        </Field>
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {move || if busy.get() { i18n.s().working } else { i18n.s().record_decision }}
                        </button>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The person's decisions within the year and the measure the ladder
/// suggests for this one, with a button that ticks it.
#[component]
fn RecordPanel(record: PersonRecord, chosen: RwSignal<Vec<MeasureKind>>) -> impl IntoView {
    let i18n = use_i18n();
    let suggested = record.suggested;
    let next = record.next_case;
    view! {
        <div class="record-panel" role="status">
            <p><strong>{move || (i18n.s().case_in_year)(next)}</strong></p>
            {(!record.cases.is_empty()).then(|| view! {
                <ul class="plain-list">
                    {record.cases.iter().map(|d| {
                        let measures = d.measures.iter().map(|m| m.kind.label(i18n.lang())).collect::<Vec<_>>().join("、");
                        view! { <li>{d.decided_on.to_string()}" · "{measures}" · "{d.basis.clone()}</li> }
                    }).collect_view()}
                </ul>
            })}
            <p>
                {move || i18n.s().ladder_suggests}{move || suggested.label(i18n.lang())}" "
                <button type="button" class="button button--secondary"
                    disabled=move || chosen.with(|c| c.contains(&suggested))
                    on:click=move |_| chosen.update(|c| if !c.contains(&suggested) { c.push(suggested) })>
                    {move || i18n.s().take_suggestion}
                </button>
            </p>
        </div>
    }
}

/// A labelled field: the label, the inline error, then the control.
#[component]
fn Field(
    id: &'static str,
    label: fn(&crate::texts::staff::StaffTexts) -> &'static str,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="field__label" for=id>{move || label(i18n.s())}</label>
            {move || error.get().map(|e| view! { <p class="field__error">{e}</p> })}
            {children()}
        </div>
    }
}
