//! The unit tree (administrators): every unit under its parent, each with an
//! editor (rename, move — never below itself, by the shared rule — name the
//! unit's head, deactivate), a form to add one, and an import from a CSV file; and the staff
//! import page, which shares the import box.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;
use xiaoneng_domain::account::Account;
use xiaoneng_domain::import::{ImportReport, ImportRequest};
use xiaoneng_domain::unit::{Unit, UnitInput, UnitKind, is_within};

use crate::api::{self, ApiError, Write};
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

/// The tree in reading order: each unit after its parent, with its depth.
fn in_tree_order(units: &[Unit]) -> Vec<(usize, Unit)> {
    fn below(units: &[Unit], parent: Option<i64>, depth: usize, out: &mut Vec<(usize, Unit)>) {
        for u in units.iter().filter(|u| u.parent_id == parent) {
            out.push((depth, u.clone()));
            below(units, Some(u.id), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(units.len());
    below(units, None, 0, &mut out);
    out
}

#[component]
pub fn UnitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.units_title);
    let units = Loaded::new(move || {
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            Some(api::units::all().await)
        }
    });
    let reload = Callback::new(move |_| units.refetch());
    let all = Signal::derive(move || {
        units
            .get()
            .flatten()
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().units_title}</h1>
            <NewUnitForm units=all on_saved=reload />
            <ImportBox endpoint=api::units::import_units staff=false title=|a| a.import_title lead=|a| a.import_units_lead id="units-import" on_written=reload />
            <h2>{move || i18n.a().unit_tree}</h2>
            {move || match units.get().flatten() {
                None => view! { <Skeleton rows=6 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=reload /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="unit-tree">
                        {in_tree_order(&list).into_iter().map(|(depth, unit)| view! {
                            <UnitItem depth=depth unit=unit units=all on_saved=reload />
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}

/// The parent choices: every active unit but `except` and what lies below it.
fn parent_options(
    units: Signal<Vec<Unit>>,
    except: Option<i64>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let all = units.get();
        let tree: Vec<(i64, Option<i64>)> = all.iter().map(|u| (u.id, u.parent_id)).collect();
        let options = in_tree_order(&all)
            .into_iter()
            .filter(|(_, u)| u.active && except.is_none_or(|e| !is_within(&tree, u.id, e)))
            .map(|(depth, u)| {
                let v = u.id.to_string();
                let selected = chosen.get_untracked() == v;
                let label = format!("{}{}", "\u{3000}".repeat(depth), u.name);
                view! { <option value=v selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <option value="" selected=move || chosen.get_untracked().is_empty()>{move || i18n.a().top_level}</option>
            {options}
        }
    }
}

fn kind_options(chosen: RwSignal<UnitKind>) -> impl IntoView {
    let i18n = use_i18n();
    UnitKind::ALL
        .into_iter()
        .map(|k| view! {
            <option value=k.as_str() selected=move || chosen.get() == k>{move || k.label(i18n.lang())}</option>
        })
        .collect_view()
}

/// Sends a unit (new, or an edit of `id`) and reports the outcome on `form`.
fn save_unit(
    form: FormState,
    id: Option<i64>,
    input: UnitInput,
    tree: &[Unit],
    on_saved: Callback<()>,
) {
    let pairs: Vec<(i64, Option<i64>)> = tree.iter().map(|u| (u.id, u.parent_id)).collect();
    let checked = input.validate(id, &pairs);
    let write = match id {
        Some(id) => api::units::update(id),
        None => api::units::create(),
    };
    form.send(checked, write, input, Some(on_saved), move |unit: Unit| {
        form.succeed(format!("{} ✓", unit.name));
        on_saved.run(());
    });
}

#[component]
fn NewUnitForm(units: Signal<Vec<Unit>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("new-unit");
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(UnitKind::SubordinateUnit);
    let parent = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = UnitInput {
            parent_id: parent.get_untracked().parse().ok(),
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            active: true,
            head_user_id: None,
            version: None,
        };
        save_unit(form, None, input, &units.get_untracked(), on_saved);
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">{move || i18n.a().new_unit}</summary>
            <form class="panel__body" on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="new-unit-name" label=Signal::derive(move || i18n.a().unit_name) error=form.error("name") value=name />
                    <div class="field">
                        <label class="field__label" for="new-unit-kind">{move || i18n.a().unit_kind}</label>
                        <select class="field__input" id="new-unit-kind"
                            on:change=move |ev| if let Some(k) = UnitKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                            {kind_options(kind)}
                        </select>
                    </div>
                    <div class="field" class:field--error=move || form.error("parent_id").get().is_some()>
                        <label class="field__label" for="new-unit-parent_id">{move || i18n.a().parent_unit}</label>
                        {move || form.error("parent_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="new-unit-parent_id" on:change=move |ev| parent.set(event_target_value(&ev))>
                            {parent_options(units, None, parent)}
                        </select>
                    </div>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().add_unit}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </details>
    }
}

#[component]
fn UnitItem(
    depth: usize,
    unit: Unit,
    units: Signal<Vec<Unit>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let kind = unit.kind;
    let id = unit.id;
    // Indented by class: the CSP allows no inline style.
    let class = format!("unit-tree__item depth-{}", depth.min(6));
    let inactive = !unit.active;
    view! {
        <li class=class class:unit-tree__item--inactive=inactive>
            <div class="unit-tree__head">
                <span class="unit-tree__name">{unit.name.clone()}</span>
                <span class="muted">{move || kind.label(i18n.lang())}</span>
                {inactive.then(|| view! { <span class="tag tag--muted">{move || i18n.a().deactivated}</span> })}
                <button type="button" class="link-button--plain" aria-expanded=move || open.get().to_string()
                    aria-controls=format!("unit-{id}") on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { i18n.a().close } else { i18n.a().edit }}
                    <span class="visually-hidden">" "{unit.name.clone()}</span>
                </button>
            </div>
            <Show when=move || open.get()>
                <UnitEditor unit=unit.clone() units=units on_saved=on_saved />
            </Show>
        </li>
    }
}

#[component]
fn UnitEditor(unit: Unit, units: Signal<Vec<Unit>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = format!("unit-{}", unit.id);
    let form = FormState::new(prefix.clone());
    let name = RwSignal::new(unit.name.clone());
    let kind = RwSignal::new(unit.kind);
    let parent = RwSignal::new(unit.parent_id.map(|p| p.to_string()).unwrap_or_default());
    let active = RwSignal::new(unit.active);
    let head = RwSignal::new(unit.head_user_id.map(|h| h.to_string()).unwrap_or_default());
    let (id, version) = (unit.id, unit.version);
    // The head is chosen among the unit's active accounts.
    let people = Loaded::new(move || async move {
        api::get_all::<Account>(&format!("{}?unit={id}&active=true", api::accounts::LIST)).await
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = UnitInput {
            parent_id: parent.get_untracked().parse().ok(),
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            active: active.get_untracked(),
            head_user_id: head.get_untracked().parse().ok(),
            version: Some(version),
        };
        save_unit(form, Some(id), input, &units.get_untracked(), on_saved);
    };
    let name_id = form.id("name");
    let (kind_id, parent_id, active_id, head_id) = (
        form.id("kind"),
        form.id("parent_id"),
        form.id("active"),
        form.id("head_user_id"),
    );
    let head_hint = format!("{head_id}-hint");
    view! {
        <form class="action__form" id=prefix on:submit=submit novalidate>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="form-grid">
                <TextField id=name_id label=Signal::derive(move || i18n.a().unit_name) error=form.error("name") value=name />
                <div class="field">
                    <label class="field__label" for=kind_id.clone()>{move || i18n.a().unit_kind}</label>
                    <select class="field__input" id=kind_id
                        on:change=move |ev| if let Some(k) = UnitKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {kind_options(kind)}
                    </select>
                </div>
                <div class="field" class:field--error=move || form.error("parent_id").get().is_some()>
                    <label class="field__label" for=parent_id.clone()>{move || i18n.a().parent_unit}</label>
                    {move || form.error("parent_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <select class="field__input" id=parent_id on:change=move |ev| parent.set(event_target_value(&ev))>
                        {parent_options(units, Some(id), parent)}
                    </select>
                </div>
                <div class="field" class:field--error=move || form.error("head_user_id").get().is_some()>
                    <label class="field__label" for=head_id.clone()>{move || i18n.a().unit_head}</label>
                    <p class="field__hint" id=head_hint.clone()>{move || i18n.a().unit_head_hint}</p>
                    {move || form.error("head_user_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    {move || match people.get() {
                        Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| people.refetch()) /> }.into_any(),
                        loaded => {
                            let list = loaded.and_then(Result::ok).unwrap_or_default();
                            view! {
                                <select class="field__input" id=head_id.clone() aria-describedby=head_hint.clone()
                                    on:change=move |ev| head.set(event_target_value(&ev))>
                                    <option value="" selected=head.get_untracked().is_empty()>{move || i18n.a().no_head}</option>
                                    {list.into_iter().map(|a| {
                                        let v = a.id.to_string();
                                        let selected = head.get_untracked() == v;
                                        view! { <option value=v selected=selected>{format!("{}（{}）", a.display_name, a.username)}</option> }
                                    }).collect_view()}
                                </select>
                            }.into_any()
                        }
                    }}
                </div>
            </div>
            <div class="check">
                <input type="checkbox" id=active_id.clone() prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev)) />
                <label for=active_id>{move || i18n.a().unit_active}</label>
            </div>
            <div class="action__buttons">
                <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                <p class="form-done" role="status">{move || form.done.get()}</p>
            </div>
        </form>
    }
}

/// One of the administration texts.
type AdminText = fn(&crate::texts::admin::AdminTexts) -> &'static str;

/// Import from a CSV file (the calendar: an `.ics` file too): check (the server's preview, with every bad
/// cell by line), then write — all rows or none.
#[component]
pub fn ImportBox(
    endpoint: fn() -> Write<ImportRequest, ImportReport>,
    /// A staff file, whose `name` is a person's name.
    staff: bool,
    title: fn(&crate::texts::admin::AdminTexts) -> &'static str,
    lead: fn(&crate::texts::admin::AdminTexts) -> &'static str,
    id: &'static str,
    on_written: Callback<()>,
    /// A holiday calendar: an `.ics` file or a CSV one.
    #[prop(optional)]
    calendar: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (accept, file_label, file_hint): (_, AdminText, AdminText) = if calendar {
        (
            ".ics,.csv,text/calendar,text/csv",
            |a| a.calendar_file,
            |a| a.calendar_file_hint,
        )
    } else {
        (".csv,text/csv", |a| a.csv_file, |a| a.csv_hint)
    };
    let text = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<ImportReport>);
    let failed = RwSignal::new(None::<String>);
    let file_id = format!("{id}-file");
    let column_key = move |c: &str| -> String {
        if staff && c == "name" {
            "person".into()
        } else {
            c.into()
        }
    };
    let import = use_action(
        move |req: &ImportRequest| endpoint().call(req.clone()),
        move |answer| match answer {
            Ok(r) => {
                if r.written {
                    on_written.run(());
                }
                report.set(Some(r));
            }
            // Writing re-checks on the server; a refusal means the data changed since the check.
            Err(e) => failed.set(Some(e.describe(i18n.t(), i18n.lang()))),
        },
    );
    let busy = import.pending();
    let send = move |write: bool| {
        let Some(csv) = text.get_untracked() else {
            return;
        };
        failed.set(None);
        import.dispatch(ImportRequest { csv, write });
    };
    // The chosen file's text, then checked at once.
    let read = use_action(
        |file: &web_sys::File| {
            let read = wasm_bindgen_futures::JsFuture::from(file.text());
            async move { read.await.map_err(|e| ApiError::Network(format!("{e:?}"))) }
        },
        move |answer| match answer {
            Ok(value) => {
                text.set(value.as_string());
                send(false);
            }
            Err(_) => failed.set(Some(i18n.t().network_error.to_owned())),
        },
    );
    let choose = move |ev: leptos::ev::Event| {
        report.set(None);
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            text.set(None);
            return;
        };
        read.dispatch(file);
    };
    view! {
        <section class="panel import" aria-labelledby=format!("{id}-title")>
            <h2 class="panel__title" id=format!("{id}-title")>{move || title(i18n.a())}</h2>
            <div class="panel__body">
                <p class="muted">{move || lead(i18n.a())}</p>
                <div class="field">
                    <label class="field__label" for=file_id.clone()>{move || file_label(i18n.a())}</label>
                    <p class="field__hint">{move || file_hint(i18n.a())}</p>
                    <input class="field__file" id=file_id type="file" accept=accept on:change=choose />
                </div>
                {move || failed.get().map(|m| view! { <p class="field__error" role="alert">{m}</p> })}
                {move || report.get().map(|r| {
                    let count = r.rows.len();
                    let bad = r.errors.len();
                    let columns = r.columns.clone();
                    view! {
                        <div class="import__report">
                            {if r.written {
                                view! { <p class="notice notice--success" role="status">{move || (i18n.a().written)(count)}</p> }.into_any()
                            } else if bad > 0 {
                                view! {
                                    <div class="error-summary" role="alert">
                                        <h3 class="error-summary__title">{move || (i18n.a().problems)(bad)}</h3>
                                        <ul class="error-summary__list">
                                            {r.errors.iter().map(|e| {
                                                let (line, column, message) = (e.line, e.column.clone(), e.message.clone());
                                                let column = column_key(&column);
                                                view! { <li>{move || format!("{} {line} · {}: {message}", i18n.a().line, (i18n.a().column_label)(&column))}</li> }
                                            }).collect_view()}
                                        </ul>
                                    </div>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="notice" role="status">{move || i18n.a().no_problems}</p>
                                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| send(true)>
                                        {move || (i18n.a().write_rows)(count)}
                                    </button>
                                }.into_any()
                            }}
                            <table class="data-table import__rows">
                                <caption>{move || (i18n.a().preview)(count)}</caption>
                                <thead><tr>
                                    <th scope="col">{move || i18n.a().line}</th>
                                    {columns.iter().map(|c| { let c = column_key(c); view! { <th scope="col">{move || (i18n.a().column_label)(&c)}</th> } }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {r.rows.iter().map(|row| {
                                        let wrong = r.errors.iter().any(|e| e.line == row.line);
                                        view! {
                                            <tr class:import__row--wrong=wrong>
                                                <td>{row.line}</td>
                                                {row.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
            </div>
        </section>
    }
}

#[component]
pub fn StaffImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let _me = require_sign_in();
    crate::texts::use_admin_title(|a| a.staff_import_title);
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().staff_import_title}</h1>
            <ImportBox endpoint=api::units::import_staff staff=true title=|a| a.import_title lead=|a| a.import_staff_lead id="staff-import" on_written=Callback::new(|_| ()) />
        </div>
    }
}
