//! Checklist templates (the office keeps them; inspectors and leaders read):
//! the list of templates at their newest version, and the editor — add,
//! reorder, edit and remove items. Saving a version that an inspection has
//! used makes the next version (the inspections keep theirs) and says so;
//! two versions can be compared item by item. New visits take the version
//! the office has activated (any version, so it can also go back).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use xiaoneng_domain::checklist::{
    AnswerKind, Checklist, ChecklistActivation, ChecklistInput, ChecklistItem, FailureNeeds,
};
use xiaoneng_domain::record::Dimension;
use xiaoneng_domain::{ErrorCode, Role};

use crate::api;
use crate::clock::beijing_day;
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::admin::AdminTexts;
use crate::texts::use_i18n;

#[component]
pub fn ChecklistsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.checklists_title);
    let list = Loaded::new(move || {
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            Some(api::checklists::latest().await)
        }
    });
    let office = move || me.get().is_some_and(|m| m.role == Role::Office);
    let navigate = use_navigate();
    let create_action = use_action(
        |input: &ChecklistInput| api::checklists::create().call(input.clone()),
        move |answer| {
            if let Ok(c) = answer {
                navigate(
                    &format!("{}/{}", paths::CHECKLISTS, c.id),
                    Default::default(),
                );
            }
        },
    );
    let busy = create_action.pending();
    let create = move |_| {
        create_action.dispatch(ChecklistInput {
            name: i18n.a().new_checklist_name.to_owned(),
            items: vec![blank_item(1)],
            version: None,
        });
    };
    view! {
        <div class="container page">
            <h1>{move || i18n.a().checklists_title}</h1>
            <p class="lead">{move || i18n.a().checklists_lead}</p>
            <Show when=office>
                <p><button type="button" class="button" disabled=move || busy.get() on:click=create>{move || i18n.a().new_checklist}</button></p>
            </Show>
            {move || match list.get().flatten() {
                None => view! { <Skeleton rows=3 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="finding-list">
                        {items.into_iter().map(|c| view! {
                            <li class="finding-item">
                                <h2 class="finding-item__title"><A href=format!("{}/{}", paths::CHECKLISTS, c.id)>{c.name.clone()}</A></h2>
                                <p class="finding-item__meta">
                                    <span>{move || (i18n.a().version_n)(c.number)}</span>
                                    <span>{move || (i18n.a().items_n)(c.items.len())}</span>
                                    {c.in_use.then(|| view! { <span class="tag tag--info">{move || i18n.a().in_use}</span> })}
                                    {{
                                        let (class, text): (&str, fn(&AdminTexts) -> &'static str) = if c.active {
                                            ("tag tag--done", |t| t.active_version)
                                        } else {
                                            ("tag tag--muted", |t| t.not_active)
                                        };
                                        view! { <span class=class>{move || text(i18n.a())}</span> }
                                    }}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}

fn blank_item(n: usize) -> ChecklistItem {
    ChecklistItem {
        key: format!("item-{n}"),
        dimension: Dimension::WorkDiscipline,
        text: String::new(),
        guidance: String::new(),
        answer_kind: AnswerKind::PassFail,
        weight: 1,
        on_failure: FailureNeeds::Note,
    }
}

/// A key no item of `items` has yet.
fn fresh_key(items: &[ChecklistItem]) -> String {
    (items.len() + 1..)
        .map(|n| format!("item-{n}"))
        .find(|k| items.iter().all(|i| &i.key != k))
        .unwrap_or_default()
}

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.checklists_title);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let checklist = Loaded::new(move || {
        let (id, signed_in) = (id.get(), me.get().is_some());
        async move {
            match (id, signed_in) {
                (Some(id), true) => Some(api::checklists::one(id).await),
                _ => None,
            }
        }
    });
    let office = Signal::derive(move || me.get().is_some_and(|m| m.role == Role::Office));
    // Survives the move to a new version's page, to say why it happened.
    let flash = RwSignal::new(None::<String>);
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::CHECKLISTS>{move || i18n.a().back_to_checklists}</A></p>
            {move || flash.get().map(|m| view! { <p class="notice notice--success" role="status">{m}</p> })}
            {move || match checklist.get().flatten() {
                None => view! { <Skeleton rows=6 /> }.into_any(),
                Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! { <h1>{move || i18n.a().checklist_not_found}</h1> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| checklist.refetch()) /> }.into_any(),
                Some(Ok(c)) => {
                    let (template, current) = (c.template_id, c.id);
                    view! {
                        <ChecklistEditor checklist=c office=office flash=flash reload=Callback::new(move |_| checklist.refetch()) />
                        <Versions template=template current=current />
                    }.into_any()
                }
            }}
        </div>
    }
}

/// An item being edited: its own signal, so typing in one item redraws
/// nothing else; `uid` keys it while items move.
#[derive(Clone, Copy)]
struct Row {
    uid: usize,
    item: RwSignal<ChecklistItem>,
}

#[component]
fn ChecklistEditor(
    checklist: Checklist,
    office: Signal<bool>,
    flash: RwSignal<Option<String>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("checklist");
    let name = RwSignal::new(checklist.name.clone());
    let rows = RwSignal::new(
        checklist
            .items
            .iter()
            .cloned()
            .enumerate()
            .map(|(uid, item)| Row {
                uid,
                item: RwSignal::new(item),
            })
            .collect::<Vec<_>>(),
    );
    let next_uid = StoredValue::new(checklist.items.len());
    let latest = checklist.latest;
    let editable = Signal::derive(move || office.get() && latest);
    let (id, version, number, in_use, active, template_version) = (
        checklist.id,
        checklist.version,
        checklist.number,
        checklist.in_use,
        checklist.active,
        checklist.template_version,
    );
    let activation = FormState::new("activate");
    let activate = move |_| {
        activation.send(
            Ok(()),
            api::checklists::activate(id),
            ChecklistActivation { template_version },
            Some(reload),
            move |_: Checklist| {
                flash.set(Some(i18n.a().activated.to_owned()));
                reload.run(());
            },
        );
    };
    let navigate = use_navigate();
    let save_action = use_action(
        move |input: &ChecklistInput| api::checklists::update(id).call(input.clone()),
        move |answer| match answer {
            Ok(saved) if saved.id != id => {
                form.succeed(String::new());
                flash.set(Some((i18n.a().saved_new_version)(saved.number)));
                navigate(
                    &format!("{}/{}", paths::CHECKLISTS, saved.id),
                    Default::default(),
                );
            }
            Ok(_) => {
                flash.set(Some(i18n.a().saved.to_owned()));
                form.succeed(String::new());
                reload.run(());
            }
            Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                form.refuse(vec![("form".into(), i18n.t().stale_record.into())]);
                reload.run(());
            }
            Err(e) => form.refuse(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ChecklistInput {
            name: name.get_untracked().trim().to_owned(),
            items: rows.with_untracked(|r| r.iter().map(|row| row.item.get_untracked()).collect()),
            version: Some(version),
        };
        if let Err(invalid) = input.validate() {
            form.refuse(api::invalid_fields(&invalid, i18n.lang()));
            return;
        }
        form.start();
        save_action.dispatch(input);
    };
    let add = move |_| {
        let keys: Vec<ChecklistItem> =
            rows.with_untracked(|r| r.iter().map(|row| row.item.get_untracked()).collect());
        let mut item = blank_item(0);
        item.key = fresh_key(&keys);
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        rows.update(|r| {
            r.push(Row {
                uid,
                item: RwSignal::new(item),
            })
        });
    };
    view! {
        <h1>{move || name.get()}</h1>
        <p class="muted">
            {move || (i18n.a().version_n)(number)}" · "{beijing_day(checklist.created_at)}
            {in_use.then(|| view! { " · "<span class="tag tag--info">{move || i18n.a().in_use}</span> })}
            {active.then(|| view! { " · "<span class="tag tag--done">{move || i18n.a().active_version}</span> })}
        </p>
        {(!active).then(|| view! {
            <div class="notice">
                <p>{move || i18n.a().not_active_note}</p>
                <Show when=move || office.get()>
                    <p class="action__buttons">
                        <button type="button" class="button button--secondary" disabled=move || activation.busy.get() on:click=activate>
                            {move || i18n.a().activate_version}
                        </button>
                    </p>
                </Show>
                {move || activation.error("form").get().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
            </div>
        })}
        {move || match (editable.get(), in_use) {
            (true, true) => Some(view! { <p class="notice">{move || i18n.a().in_use_note}</p> }.into_any()),
            (false, _) if office.get() => Some(view! { <p class="notice">{move || i18n.a().old_version_note}</p> }.into_any()),
            _ => None,
        }}
        <form on:submit=save novalidate>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field" class:field--error=move || form.error("name").get().is_some()>
                <label class="field__label" for="checklist-name">{move || i18n.a().checklist_name}</label>
                {move || form.error("name").get().map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" id="checklist-name" prop:value=move || name.get() prop:readonly=move || !editable.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <ol class="checklist-items">
                <For each=move || rows.get() key=|row| row.uid let:row>
                    <ItemEditor row=row rows=rows form=form editable=editable />
                </For>
            </ol>
            <Show when=move || editable.get()>
                <div class="action__buttons">
                    <button type="button" class="button button--secondary" on:click=add>{move || i18n.a().add_item}</button>
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save_checklist}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </Show>
        </form>
    }
}

#[component]
fn ItemEditor(
    row: Row,
    rows: RwSignal<Vec<Row>>,
    form: FormState,
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Row { uid, item } = row;
    // Where the item stands now (items move): its number, and the key of its errors.
    let index = Memo::new(move |_| rows.with(|r| r.iter().position(|x| x.uid == uid).unwrap_or(0)));
    let count = Memo::new(move |_| rows.with(Vec::len));
    let error = move |name: &'static str| {
        move || {
            let key = format!("items[{}].{name}", index.get());
            form.errors
                .with(|e| e.iter().find(|(f, _)| *f == key).map(|(_, m)| m.clone()))
        }
    };
    // Ids follow the item's place, as the error summary links to them.
    let id = move |name: &'static str| move || format!("checklist-items[{}].{name}", index.get());
    let shift = move |by: isize| {
        rows.update(|r| {
            let from = index.get_untracked();
            let to = from as isize + by;
            if to >= 0 && (to as usize) < r.len() {
                r.swap(from, to as usize);
            }
        })
    };
    let label = move || (i18n.a().item_n)(index.get() + 1);
    let initial = item.get_untracked();
    view! {
        <li class="checklist-item">
            <div class="checklist-item__head">
                <h2 class="checklist-item__title">{label}</h2>
                <Show when=move || editable.get()>
                    <div class="checklist-item__tools">
                        <button type="button" class="button button--secondary button--small" disabled=move || index.get() == 0
                            on:click=move |_| shift(-1)>
                            {move || i18n.a().move_up}<span class="visually-hidden">" "{label}</span>
                        </button>
                        <button type="button" class="button button--secondary button--small" disabled=move || { index.get() + 1 >= count.get() }
                            on:click=move |_| shift(1)>
                            {move || i18n.a().move_down}<span class="visually-hidden">" "{label}</span>
                        </button>
                        <button type="button" class="button button--secondary button--small" disabled=move || count.get() <= 1
                            on:click=move |_| rows.update(|r| r.retain(|x| x.uid != uid))>
                            {move || i18n.a().remove}<span class="visually-hidden">" "{label}</span>
                        </button>
                    </div>
                </Show>
            </div>
            <div class="field" class:field--error=move || error("text")().is_some()>
                <label class="field__label" for=id("text")>{move || i18n.a().item_text}</label>
                {move || error("text")().map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" id=id("text") prop:value=initial.text.clone() prop:readonly=move || !editable.get()
                    on:input=move |ev| { let v = event_target_value(&ev); item.update(|it| it.text = v) } />
            </div>
            <div class="form-grid">
                <div class="field">
                    <label class="field__label" for=id("dimension")>{move || i18n.a().dimension}</label>
                    <select class="field__input" id=id("dimension") prop:disabled=move || !editable.get()
                        on:change=move |ev| if let Some(d) = Dimension::parse(&event_target_value(&ev)) { item.update(|it| it.dimension = d) }>
                        {Dimension::ALL.into_iter().map(|d| view! {
                            <option value=d.as_str() selected=initial.dimension == d>{move || d.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=id("answer_kind")>{move || i18n.a().answer_kind}</label>
                    <select class="field__input" id=id("answer_kind") prop:disabled=move || !editable.get()
                        on:change=move |ev| if let Some(k) = AnswerKind::parse(&event_target_value(&ev)) { item.update(|it| it.answer_kind = k) }>
                        {AnswerKind::ALL.iter().map(|k| { let k = *k; view! {
                            <option value=k.as_str() selected=initial.answer_kind == k>{move || (i18n.a().answer_kind_label)(k.as_str())}</option>
                        }}).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=id("on_failure")>{move || i18n.a().on_failure}</label>
                    <select class="field__input" id=id("on_failure") prop:disabled=move || !editable.get()
                        on:change=move |ev| if let Some(f) = FailureNeeds::parse(&event_target_value(&ev)) { item.update(|it| it.on_failure = f) }>
                        {FailureNeeds::ALL.iter().map(|f| { let f = *f; view! {
                            <option value=f.as_str() selected=initial.on_failure == f>{move || f.label(i18n.lang())}</option>
                        }}).collect_view()}
                    </select>
                </div>
                <div class="field" class:field--error=move || error("weight")().is_some()>
                    <label class="field__label" for=id("weight")>{move || i18n.a().weight}</label>
                    {move || error("weight")().map(|e| view! { <p class="field__error">{e}</p> })}
                    <input class="field__input" id=id("weight") type="number" min="1" max="100" inputmode="numeric"
                        prop:value=initial.weight.to_string() prop:readonly=move || !editable.get()
                        on:input=move |ev| { let w = event_target_value(&ev).parse().unwrap_or(0); item.update(|it| it.weight = w) } />
                </div>
            </div>
            <div class="field" class:field--error=move || error("guidance")().is_some()>
                <label class="field__label" for=id("guidance")>{move || i18n.a().guidance}</label>
                {move || error("guidance")().map(|e| view! { <p class="field__error">{e}</p> })}
                <textarea class="field__input" id=id("guidance") rows="2" prop:value=initial.guidance.clone() prop:readonly=move || !editable.get()
                    on:input=move |ev| { let v = event_target_value(&ev); item.update(|it| it.guidance = v) }></textarea>
            </div>
        </li>
    }
}

/// Every version of the template, and two of them compared item by item.
#[component]
fn Versions(template: i64, current: i64) -> impl IntoView {
    let i18n = use_i18n();
    let versions = Choices::new(move || async move { api::checklists::versions(current).await });
    let left = RwSignal::new(None::<i64>);
    let right = RwSignal::new(Some(current));
    let _ = template;
    let pick = move |side: RwSignal<Option<i64>>| {
        move |ev: leptos::ev::Event| side.set(event_target_value(&ev).parse().ok())
    };
    view! {
        <section class="versions" aria-labelledby="versions-title">
            <h2 id="versions-title">{move || i18n.a().versions}</h2>
            {versions.notice()}
            {move || {
                let all = versions.get();
                if left.get_untracked().is_none() && all.len() > 1 {
                    left.set(all.iter().filter(|v| v.id != current).map(|v| v.id).max());
                }
                let choices = all.clone();
                let options = move |side: RwSignal<Option<i64>>| choices.iter().map(|v| {
                    let (id, n) = (v.id, v.number);
                    view! { <option value=id.to_string() selected=move || side.get() == Some(id)>{move || (i18n.a().version_n)(n)}</option> }
                }).collect_view();
                view! {
                    <ul class="versions__list">
                        {all.iter().map(|v| {
                            let (id, n, day, used, active) = (v.id, v.number, beijing_day(v.created_at), v.in_use, v.active);
                            view! {
                                <li>
                                    <A href=format!("{}/{}", paths::CHECKLISTS, id)>{move || (i18n.a().version_n)(n)}</A>
                                    " · "{day}
                                    {used.then(|| view! { " · "<span class="tag tag--info">{move || i18n.a().in_use}</span> })}
                                    {active.then(|| view! { " · "<span class="tag tag--done">{move || i18n.a().active_version}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <div class="form-grid">
                        <div class="field field--compact">
                            <label class="field__label" for="compare-left">{move || i18n.a().compare_from}</label>
                            <select class="field__input" id="compare-left" on:change=pick(left)>{options(left)}</select>
                        </div>
                        <div class="field field--compact">
                            <label class="field__label" for="compare-right">{move || i18n.a().compare_to}</label>
                            <select class="field__input" id="compare-right" on:change=pick(right)>{options(right)}</select>
                        </div>
                    </div>
                }
            }}
            {move || {
                let all = versions.get();
                let find = |id: Option<i64>| id.and_then(|id| all.iter().find(|v| v.id == id).cloned());
                match (find(left.get()), find(right.get())) {
                    (Some(a), Some(b)) if a.id != b.id => view! { <Comparison a=a b=b /> }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </section>
    }
}

/// What changed between two versions, by item key.
#[component]
fn Comparison(a: Checklist, b: Checklist) -> impl IntoView {
    let i18n = use_i18n();
    let before: BTreeMap<&str, &ChecklistItem> =
        a.items.iter().map(|i| (i.key.as_str(), i)).collect();
    let after: BTreeMap<&str, &ChecklistItem> =
        b.items.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut rows: Vec<(&'static str, String, String)> = Vec::new();
    for item in &a.items {
        match after.get(item.key.as_str()) {
            None => rows.push(("removed", item.text.clone(), String::new())),
            Some(new) if *new != item => {
                rows.push(("changed", item.text.clone(), new.text.clone()))
            }
            Some(_) => {}
        }
    }
    for item in &b.items {
        if !before.contains_key(item.key.as_str()) {
            rows.push(("added", String::new(), item.text.clone()));
        }
    }
    let (na, nb) = (a.number, b.number);
    view! {
        {if rows.is_empty() {
            view! { <p class="notice">{move || i18n.a().no_differences}</p> }.into_any()
        } else {
            view! {
                <table class="data-table comparison">
                    <caption>{move || (i18n.a().comparing)(na, nb)}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.a().change}</th>
                        <th scope="col">{move || (i18n.a().version_n)(na)}</th>
                        <th scope="col">{move || (i18n.a().version_n)(nb)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(kind, old, new)| view! {
                            <tr class=format!("comparison__{kind}")>
                                <td>{move || (i18n.a().change_label)(kind)}</td>
                                <td>{old}</td>
                                <td>{new}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
