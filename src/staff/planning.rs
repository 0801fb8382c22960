//! Planning: rounds with their period and target units (picked from the
//! unit tree, or every municipal unit for full coverage), weekly batches, and
//! visits with date, mode and inspectors; each round's coverage (visited ÷
//! targeted, and who is still to be visited) live.
//!
//! The office plans its own rounds here and reads the units' self- and
//! mutual inspections; a liaison plans their units' own (the server answers
//! them nothing else).

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use xiaoneng_domain::Role;
use xiaoneng_domain::planning::{
    Batch, NewBatch, Round, RoundInput, RoundKind, VisitInput, VisitMode,
};
use xiaoneng_domain::unit::{Unit, UnitKind};

use crate::api;
use crate::clock::today;
use crate::components::form::{ErrorSummary, Folded, use_summary};
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::Paged;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::staff::StaffTexts;
use crate::texts::{use_i18n, use_staff_title};

/// The period a form's two date fields give; without both, the form says
/// they are required.
fn dates_of(
    starts: RwSignal<String>,
    ends: RwSignal<String>,
    errors: RwSignal<Vec<(String, String)>>,
    lang: xiaoneng_domain::Lang,
) -> Option<(NaiveDate, NaiveDate)> {
    match (starts.get_untracked().parse(), ends.get_untracked().parse()) {
        (Ok(starts_on), Ok(ends_on)) => Some((starts_on, ends_on)),
        _ => {
            let message = xiaoneng_domain::Reason::Required.message(lang);
            errors.set(vec![
                ("starts_on".into(), message.clone()),
                ("ends_on".into(), message),
            ]);
            None
        }
    }
}

#[component]
pub fn PlanningPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    // A liaison plans inside their own unit's tree (self- and mutual inspections).
    let own_unit = Memo::new(move |_| {
        me.get()
            .filter(|m| m.role == Role::Liaison)
            .and_then(|m| m.unit_id)
    });
    let liaison = move || me.with(|m| m.as_ref().is_some_and(|m| m.role == Role::Liaison));
    use_staff_title(move |s| {
        if liaison() {
            s.units_rounds_title
        } else {
            s.planning_title
        }
    });
    let params = use_params_map();
    let selected =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let refresh = RwSignal::new(0u32);
    let rounds = Paged::<Round>::new(api::planning::rounds_page);
    Effect::new(move |_| {
        refresh.track();
        if me.get().is_some() {
            rounds.reload();
        }
    });
    let units = Choices::new(|| async { api::units::all().await });
    let unit_name = move |id: i64| {
        units
            .get()
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.name)
            .unwrap_or_default()
    };
    view! {
        <div class="container page page--wide">
            <h1>{move || if liaison() { i18n.s().units_rounds_title } else { i18n.s().planning_title }}</h1>
            <p class="lead">{move || if liaison() { i18n.s().units_rounds_lead } else { i18n.s().planning_lead }}</p>
            <div class="record-layout record-layout--planning">
                <section class="record-layout__main" aria-labelledby="rounds-title">
                    <h2 id="rounds-title">{move || i18n.s().rounds}</h2>
                    {rounds.view("finding-list", move || i18n.s().no_rounds, move |r: Round| {
                                    let pct = (r.coverage.ratio() * 100.0).round();
                                    let current = selected.get() == Some(r.id);
                                    let kind = r.kind;
                                    let owner = r.owner_unit_name.clone();
                                    view! {
                                        <li class="finding-item" class:is-current=current>
                                            <h3 class="finding-item__title">
                                                <A href=format!("{}/{}", paths::PLANNING, r.id)>{r.name.clone()}</A>
                                            </h3>
                                            <p class="finding-item__meta">
                                                {kind.is_units().then(|| view! {
                                                    <span class="tag">{move || kind.label(i18n.lang())}" · "{owner.clone()}</span>
                                                })}
                                                <span>{r.starts_on.to_string()}" – "{r.ends_on.to_string()}</span>
                                                <span>{move || i18n.s().coverage}" "{format!("{pct}%")}</span>
                                            </p>
                                            <progress max=r.coverage.targeted.max(1) value=r.coverage.visited
                                                aria-label=move || i18n.s().coverage></progress>
                                        </li>
                                    }
                    })}
                    {move || me.get().map(|_| view! {
                        <NewRound units=units own_unit=own_unit.get() on_created=Callback::new(move |_| refresh.update(|n| *n += 1)) />
                    })}
                </section>
                <section class="record-layout__side record-layout__side--wide" aria-live="polite">
                    {move || match selected.get() {
                        None => view! { <p class="muted">{move || i18n.s().choose_round}</p> }.into_any(),
                        Some(id) => view! { <RoundDetail id=id office=!liaison() unit_name=Callback::new(unit_name) /> }.into_any(),
                    }}
                </section>
            </div>
        </div>
    }
}

/// A new round: name, period, and targets from the unit tree — for a
/// liaison (`own_unit`), a self- or mutual inspection run by a unit of their
/// tree, with targets from that unit's tree.
#[component]
fn NewRound(
    units: Choices<Unit>,
    own_unit: Option<i64>,
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(if own_unit.is_some() {
        RoundKind::SelfInspection
    } else {
        RoundKind::Office
    });
    let owner = RwSignal::new(own_unit);
    let name = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let (summary, summary_ref) = use_summary(errors, "round");
    let done = RwSignal::new(false);
    let error_for =
        move |f: &str| errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()));
    // Checking a unit checks its whole subtree.
    let subtree = move |root: i64| {
        let all = units.get_untracked();
        let mut ids = vec![root];
        let mut i = 0;
        while i < ids.len() {
            let parent = ids[i];
            ids.extend(
                all.iter()
                    .filter(|u| u.parent_id == Some(parent))
                    .map(|u| u.id),
            );
            i += 1;
        }
        ids
    };
    let create = use_action(
        |input: &RoundInput| api::planning::create_round().call(input.clone()),
        move |answer| match answer {
            Ok(_) => {
                done.set(true);
                name.set(String::new());
                chosen.set(Vec::new());
                on_created.run(());
            }
            Err(e) => errors.set(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((starts_on, ends_on)) = dates_of(starts, ends, errors, i18n.lang()) else {
            return;
        };
        let input = RoundInput {
            name: name.get_untracked().trim().to_owned(),
            starts_on,
            ends_on,
            unit_ids: chosen.get_untracked(),
            kind: kind.get_untracked(),
            owner_unit_id: owner.get_untracked(),
            version: None,
        };
        if let Err(inv) = input.validate() {
            errors.set(api::invalid_fields(&inv, i18n.lang()));
            return;
        }
        errors.set(Vec::new());
        create.dispatch(input);
    };
    let field = move |id: &'static str,
                      label: fn(&StaffTexts) -> &'static str,
                      kind: &'static str,
                      value: RwSignal<String>| {
        view! {
            <div class="field field--compact" class:field--error=move || error_for(id).is_some()>
                <label class="field__label" for=format!("round-{id}")>{move || label(i18n.s())}</label>
                {move || error_for(id).map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" type=kind id=format!("round-{id}")
                    prop:value=move || value.get() on:input=move |ev| { done.set(false); value.set(event_target_value(&ev)) } />
            </div>
        }
    };
    view! {
        <Folded summary=Signal::derive(move || i18n.s().new_round)>
            <form class="form" on:submit=submit novalidate>
                <ErrorSummary items=summary node_ref=summary_ref />
                {move || done.get().then(|| view! { <p class="notice" role="status">{move || i18n.s().created}</p> })}
                {field("name", |s| s.round_name, "text", name)}
                {own_unit.map(|root| view! {
                    <fieldset class="field field--compact">
                        <legend class="field__label">{move || i18n.s().round_kind}</legend>
                        <div class="checks">
                            {[RoundKind::SelfInspection, RoundKind::Mutual].into_iter().map(|k| {
                                let input_id = format!("round-kind-{}", k.as_str());
                                let for_id = input_id.clone();
                                view! {
                                    <div class="check">
                                        <input type="radio" name="round-kind" id=input_id
                                            prop:checked=move || kind.get() == k on:change=move |_| kind.set(k) />
                                        <label for=for_id>{move || k.label(i18n.lang())}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="field field--compact" class:field--error=move || error_for("owner_unit_id").is_some()>
                        <label class="field__label" for="round-owner_unit_id">{move || i18n.s().owner_unit}</label>
                        {move || error_for("owner_unit_id").map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="round-owner_unit_id" on:change=move |ev| {
                            owner.set(event_target_value(&ev).parse().ok());
                            // Targets lie in the running unit's tree.
                            chosen.set(Vec::new());
                        }>
                            {move || {
                                let tree = subtree(root);
                                units.get().into_iter()
                                    .filter(|u| u.active && tree.contains(&u.id))
                                    .map(|u| {
                                        let selected = owner.get_untracked() == Some(u.id);
                                        view! { <option value=u.id.to_string() selected=selected>{u.name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                })}
                {field("starts_on", |s| s.starts_on, "date", starts)}
                {field("ends_on", |s| s.ends_on, "date", ends)}
                <fieldset class="field" id="round-unit_ids" tabindex="-1" class:field--error=move || error_for("unit_ids").is_some()>
                    <legend class="field__label">{move || i18n.s().targets}</legend>
                    {move || error_for("unit_ids").map(|e| view! { <p class="field__error">{e}</p> })}
                    {own_unit.is_none().then(|| view! {
                        <button type="button" class="button button--secondary" on:click=move |_| {
                            let all = units.get_untracked();
                            chosen.set(all.iter().filter(|u| u.active && u.kind == UnitKind::MunicipalUnit).map(|u| u.id).collect());
                        }>{move || i18n.s().all_municipal}</button>
                    })}
                    {units.notice()}
                    <div class="checks unit-checks">
                        {move || {
                            // A unit's round targets only its own tree.
                            let tree = owner.get().map(subtree);
                            units.get().into_iter()
                                .filter(move |u| u.active && tree.as_ref().is_none_or(|t| t.contains(&u.id)))
                                .map(|u| {
                            let id = u.id;
                            let depth = {
                                let all = units.get_untracked();
                                let mut d = 0;
                                let mut parent = u.parent_id;
                                while let Some(p) = parent {
                                    d += 1;
                                    parent = all.iter().find(|x| x.id == p).and_then(|x| x.parent_id);
                                }
                                d
                            };
                            let input_id = format!("round-unit-{id}");
                            let for_id = input_id.clone();
                            view! {
                                <div class=format!("check depth-{}", depth.min(6))>
                                    <input type="checkbox" id=input_id
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let ids = subtree(id);
                                            chosen.update(|c| {
                                                c.retain(|x| !ids.contains(x));
                                                if on { c.extend(ids); }
                                            });
                                        } />
                                    <label for=for_id>{u.name.clone()}</label>
                                </div>
                            }
                        }).collect_view()
                        }}
                    </div>
                </fieldset>
                <button type="submit" class="button">{move || i18n.s().create}</button>
            </form>
        </Folded>
    }
}

/// A round's coverage, batches and visits; the forms to plan more where the
/// caller plans it (the office its own rounds, a liaison their units').
#[component]
fn RoundDetail(id: i64, office: bool, unit_name: Callback<i64, String>) -> impl IntoView {
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    let round = Loaded::new(move || {
        refresh.track();
        async move { api::planning::round(id).await }
    });
    let batches = Choices::new(move || {
        refresh.track();
        async move { api::planning::batches(id).await }
    });
    // Every visit of the round, however many pages.
    let visits = Choices::new(move || {
        refresh.track();
        async move { api::planning::visits_of(id).await }
    });
    let bump = Callback::new(move |_| refresh.update(|n| *n += 1));
    view! {
        {move || match round.get() {
            None => view! { <Skeleton rows=3 /> }.into_any(),
            Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| round.refetch()) /> }.into_any(),
            Some(Ok(r)) => {
                let coverage = move || {
                    i18n.s().coverage_of
                        .replace("{v}", &r.coverage.visited.to_string())
                        .replace("{t}", &r.coverage.targeted.to_string())
                };
                let unvisited: Vec<String> = r.unvisited.iter().map(|u| unit_name.run(*u)).collect();
                let targets = r.unit_ids.clone();
                let period = (r.starts_on, r.ends_on);
                let plans = !(office && r.kind.is_units());
                let kind = r.kind;
                let owner = r.owner_unit_name.clone().unwrap_or_default();
                let read_only = {
                    let owner = owner.clone();
                    move || i18n.s().units_round_read_only.replace("{u}", &owner)
                };
                view! {
                    <h2>{r.name.clone()}</h2>
                    {kind.is_units().then(|| view! {
                        <p>
                            <strong>{move || i18n.s().round_kind}{move || i18n.lang().colon()}</strong>{move || kind.label(i18n.lang())}
                            " · "<strong>{move || i18n.s().owner_unit}{move || i18n.lang().colon()}</strong>{owner.clone()}
                        </p>
                    })}
                    {(!plans).then(|| view! { <p class="notice" role="note">{read_only}</p> })}
                    <p><strong>{move || i18n.s().coverage}{move || i18n.lang().colon()}</strong>{coverage}</p>
                    {(!unvisited.is_empty()).then(|| view! {
                        <p class="muted">{move || i18n.s().unvisited}{move || i18n.lang().colon()}{unvisited.join("、")}</p>
                    })}
                    <h3>{move || i18n.s().batches}</h3>
                    {batches.notice()}
                    <ul class="plain-list">
                        {move || batches.get().into_iter().map(|b| view! {
                            <li>{b.name.clone()}" · "{b.starts_on.to_string()}" – "{b.ends_on.to_string()}" · "{b.visits}</li>
                        }).collect_view()}
                    </ul>
                    {plans.then(|| view! { <NewBatchForm round=id period=period on_created=bump /> })}
                    <h3>{move || i18n.s().visits}</h3>
                    {visits.notice()}
                    <ul class="plain-list">
                        {move || visits.get().into_iter().map(|v| {
                            let mode = v.mode;
                            let who = v.inspectors.iter().map(|i| i.name.clone()).collect::<Vec<_>>().join("、");
                            let status = v.status;
                            view! {
                                <li>
                                    <A href=format!("{}/{}", paths::VISITS, v.id)>
                                        <strong>{v.planned_on.to_string()}</strong>" "{v.unit_name.clone()}
                                    </A>
                                    <span class="muted">
                                        " · "{move || mode.label(i18n.lang())}" · "{who}" · "{v.batch_name.clone()}
                                        " · "{move || status.label(i18n.lang())}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {plans.then(|| view! {
                        <NewVisitForm round=id units_round=kind.is_units() targets=targets batches=batches unit_name=unit_name on_created=bump />
                    })}
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn NewBatchForm(
    round: i64,
    period: (chrono::NaiveDate, chrono::NaiveDate),
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let error_for =
        move |f: &str| errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()));
    let (summary, summary_ref) = use_summary(errors, "batch");
    let create = use_action(
        move |input: &NewBatch| api::planning::create_batch(round).call(input.clone()),
        move |answer| match answer {
            Ok(_) => {
                name.set(String::new());
                on_created.run(());
            }
            Err(e) => errors.set(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((starts_on, ends_on)) = dates_of(starts, ends, errors, i18n.lang()) else {
            return;
        };
        let new = NewBatch {
            name: name.get_untracked().trim().to_owned(),
            starts_on,
            ends_on,
        };
        if let Err(inv) = new.validate(period) {
            errors.set(api::invalid_fields(&inv, i18n.lang()));
            return;
        }
        errors.set(Vec::new());
        create.dispatch(new);
    };
    let field = move |id: &'static str,
                      label: fn(&StaffTexts) -> &'static str,
                      kind: &'static str,
                      value: RwSignal<String>| {
        view! {
            <div class="field field--compact" class:field--error=move || error_for(id).is_some()>
                <label class="field__label" for=format!("batch-{id}")>{move || label(i18n.s())}</label>
                {move || error_for(id).map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" type=kind id=format!("batch-{id}")
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <Folded summary=Signal::derive(move || i18n.s().new_batch)>
            <form class="form" on:submit=submit novalidate>
                <ErrorSummary items=summary node_ref=summary_ref />
                {field("name", |s| s.batch_name, "text", name)}
                {field("starts_on", |s| s.starts_on, "date", starts)}
                {field("ends_on", |s| s.ends_on, "date", ends)}
                <button type="submit" class="button">{move || i18n.s().create}</button>
            </form>
        </Folded>
    }
}

/// A new visit in a batch of round `round`: its inspectors are the office's
/// for the office's rounds, the unit's people for a unit's round (`units_round`).
#[component]
fn NewVisitForm(
    round: i64,
    units_round: bool,
    targets: Vec<i64>,
    batches: Choices<Batch>,
    unit_name: Callback<i64, String>,
    on_created: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let inspectors = Choices::new(move || async move { api::planning::inspectors(round).await });
    let checklists = Choices::new(|| async { api::checklists::active().await });
    let batch = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let day = RwSignal::new(today().to_string());
    // The office's visits are unannounced by default; a unit's own, open.
    let mode = RwSignal::new(if units_round {
        VisitMode::Open
    } else {
        VisitMode::Unannounced
    });
    let chosen = RwSignal::new(Vec::<i64>::new());
    let checklist = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let error_for =
        move |f: &str| errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()));
    let (summary, summary_ref) = use_summary(errors, "visit");
    let create = use_action(
        |input: &VisitInput| api::planning::create_visit().call(input.clone()),
        move |answer| match answer {
            Ok(_) => on_created.run(()),
            Err(e) => errors.set(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let required = xiaoneng_domain::Reason::Required.message(lang);
        let mut missing = Vec::new();
        let batch_id = batch.get_untracked().parse().ok();
        let unit_id = unit.get_untracked().parse().ok();
        let planned_on = day.get_untracked().parse().ok();
        let checklist_id = checklist
            .get_untracked()
            .parse()
            .ok()
            .or_else(|| checklists.get_untracked().first().map(|c| c.id));
        for (field, given) in [
            ("batch_id", batch_id.is_some()),
            ("unit_id", unit_id.is_some()),
            ("planned_on", planned_on.is_some()),
            ("checklist_id", checklist_id.is_some()),
        ] {
            if !given {
                missing.push((field.to_owned(), required.clone()));
            }
        }
        let (Some(batch_id), Some(unit_id), Some(planned_on), Some(checklist_id)) =
            (batch_id, unit_id, planned_on, checklist_id)
        else {
            errors.set(missing);
            return;
        };
        let input = VisitInput {
            batch_id,
            unit_id,
            planned_on,
            mode: mode.get_untracked(),
            inspector_ids: chosen.get_untracked(),
            checklist_id,
            version: None,
        };
        if let Err(inv) = input.validate() {
            errors.set(api::invalid_fields(&inv, lang));
            return;
        }
        errors.set(Vec::new());
        create.dispatch(input);
    };
    let select_field = move |id: &'static str,
                             label: fn(&StaffTexts) -> &'static str,
                             value: RwSignal<String>,
                             options: Signal<Vec<(String, String)>>| {
        view! {
            <div class="field field--compact" class:field--error=move || error_for(id).is_some()>
                <label class="field__label" for=format!("visit-{id}")>{move || label(i18n.s())}</label>
                {move || error_for(id).map(|e| view! { <p class="field__error">{e}</p> })}
                <select class="field__input" id=format!("visit-{id}") on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || options.get().into_iter().map(|(v, l)| {
                        let selected = value.get_untracked() == v;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let batch_options = Signal::derive(move || {
        batches
            .get()
            .into_iter()
            .map(|b| (b.id.to_string(), b.name))
            .collect()
    });
    let target_options = {
        let targets = targets.clone();
        Signal::derive(move || {
            targets
                .iter()
                .map(|u| (u.to_string(), unit_name.run(*u)))
                .collect()
        })
    };
    let checklist_options = Signal::derive(move || {
        checklists
            .get()
            .into_iter()
            .map(|c| (c.id.to_string(), format!("{} v{}", c.name, c.number)))
            .collect()
    });
    view! {
        <Folded summary=Signal::derive(move || i18n.s().new_visit)>
            <form class="form" on:submit=submit novalidate>
                <ErrorSummary items=summary node_ref=summary_ref />
                {batches.notice()}
                {checklists.notice()}
                {select_field("batch_id", |s| s.batch, batch, batch_options)}
                {select_field("unit_id", |s| s.unit, unit, target_options)}
                <div class="field field--compact" class:field--error=move || error_for("planned_on").is_some()>
                    <label class="field__label" for="visit-planned_on">{move || i18n.s().planned_on}</label>
                    {move || error_for("planned_on").map(|e| view! { <p class="field__error">{e}</p> })}
                    <input class="field__input" type="date" id="visit-planned_on"
                        prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
                </div>
                <fieldset class="field field--compact">
                    <legend class="field__label">{move || i18n.s().mode_label}</legend>
                    <div class="checks">
                        {VisitMode::ALL.iter().map(|m| {
                            let m = *m;
                            let input_id = format!("visit-mode-{}", m.as_str());
                            let for_id = input_id.clone();
                            view! {
                                <div class="check">
                                    <input type="radio" name="visit-mode" id=input_id prop:checked=move || mode.get() == m on:change=move |_| mode.set(m) />
                                    <label for=for_id>{move || m.label(i18n.lang())}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="field field--compact" id="visit-inspector_ids" tabindex="-1" class:field--error=move || error_for("inspector_ids").is_some()>
                    <legend class="field__label">{move || if units_round { i18n.s().units_inspectors } else { i18n.s().inspectors }}</legend>
                    {move || error_for("inspector_ids").map(|e| view! { <p class="field__error">{e}</p> })}
                    {inspectors.notice()}
                    <div class="checks">
                        {move || inspectors.get().into_iter().map(|u| {
                            let id = u.id;
                            let input_id = format!("visit-inspector-{id}");
                            let for_id = input_id.clone();
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=input_id prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                        } />
                                    <label for=for_id>{u.name.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                {select_field("checklist_id", |s| s.checklist, checklist, checklist_options)}
                <button type="submit" class="button">{move || i18n.s().create}</button>
            </form>
        </Folded>
    }
}
