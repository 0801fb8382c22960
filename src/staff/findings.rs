//! The findings list (问题台账): filters that live in the URL (deep links and
//! the back button work), keyset paging with "load more", exports of the
//! current filter, and each finding's state and running deadline.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use xiaoneng_domain::access;
use xiaoneng_domain::planning::Round;
use xiaoneng_domain::record::{Dimension, Finding, Source};
use xiaoneng_domain::unit::Unit;
use xiaoneng_domain::{Me, Role};

use crate::api;
use crate::components::status::{DueTag, LoadError, Skeleton, StateTag, SupervisedTag};
use crate::hooks::choices::Choices;
use crate::hooks::paged::{Load, Paged};
use crate::hooks::url_filter::{use_filtered_list, use_url_filter};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

/// The filters the list understands, in the order of the form.
const FILTERS: [&str; 10] = [
    "q",
    "state",
    "dimension",
    "source",
    "due",
    "extension",
    "accountability",
    "unit",
    "round",
    "sort",
];

#[component]
pub fn FindingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.findings_title);
    let filter = use_url_filter(&FILTERS);
    let list =
        use_filtered_list::<Finding>(api::findings::LIST, filter, move || me.get().is_some());
    let Paged {
        items, next, load, ..
    } = list;
    let reload = move || list.reload();

    let units = Choices::new(|| async { api::units::all().await });

    let export = move |format: &str| {
        let mut pairs = filter.get();
        pairs.push(("format", Some(format.to_owned())));
        api::findings::export(&pairs)
    };
    let can_export = move || me.get().is_some_and(|m| m.role != Role::Admin);
    // Rounds are the office's plan: only the office filters by them.
    let office = Signal::derive(move || me.get().is_some_and(|m| m.role == Role::Office));
    let rounds = Choices::new(move || async move {
        if !office.get() {
            return Ok(Vec::new());
        }
        api::planning::rounds().await
    });

    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().findings_title}</h1>
            <p class="lead">{move || i18n.s().findings_lead}</p>
            <FilterForm filter=filter units=units rounds=rounds me=me />
            <div class="list-toolbar">
                <p class="list-count" role="status">
                    {move || match load.get() {
                        Load::Ready => (i18n.s().shown)(items.with(Vec::len), next.with(Option::is_some)),
                        _ => String::new(),
                    }}
                </p>
                <Show when=can_export>
                    <div class="list-toolbar__actions">
                        <a class="button button--secondary" href=move || export("csv") download="">{move || i18n.s().export_csv}</a>
                        <a class="button button--secondary" href=move || export("xlsx") download="">{move || i18n.s().export_xlsx}</a>
                    </div>
                </Show>
            </div>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=5 /> }.into_any(),
                Load::Failed(error) => view! { <LoadError error=error on_retry=Callback::new(move |_| reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => {
                    let filtered = filter.with(|f| f.iter().any(|(k, v)| *k != "sort" && v.is_some()));
                    view! {
                        <p class="empty-state">
                            {move || if filtered { i18n.s().no_findings_filtered } else { i18n.s().no_findings }}
                        </p>
                    }
                    .into_any()
                }
                Load::Ready => view! {
                    <ul class="finding-list">
                        <For each=move || items.get() key=|f| (f.id, f.version) let:finding>
                            <FindingItem finding=finding />
                        </For>
                    </ul>
                    {list.more_button()}
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn FindingItem(finding: Finding) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("{}/{}", paths::FINDINGS, finding.id);
    let dimension = finding.dimension;
    view! {
        <li class="finding-item">
            <div class="finding-item__head">
                <span class="finding-item__code">{finding.code.clone()}</span>
                <StateTag state=finding.progress.state />
                {finding.due.map(|due| view! { <DueTag due=due /> })}
                {finding.supervised_on.map(|_| view! { <SupervisedTag /> })}
            </div>
            <h2 class="finding-item__title"><A href=href>{finding.title.clone()}</A></h2>
            <p class="finding-item__meta">
                <span>{finding.unit_name.clone()}</span>
                <span>{move || dimension.label(i18n.lang())}</span>
                <span>{move || i18n.s().observed_on}" "{finding.observed_on.to_string()}</span>
            </p>
        </li>
    }
}

/// The filter form: submitting it puts the filters in the URL, which the list follows.
#[component]
fn FilterForm(
    filter: Memo<Vec<(&'static str, Option<String>)>>,
    units: Choices<Unit>,
    rounds: Choices<Round>,
    me: Signal<Option<Me>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let value = move |key: &str| {
        filter.with(|f| {
            f.iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    };
    let fields: Vec<_> = FILTERS
        .iter()
        .map(|k| (*k, RwSignal::new(String::new())))
        .collect();
    // The form shows what the URL says (after back/forward too).
    {
        let fields = fields.clone();
        Effect::new(move |_| {
            for (k, signal) in &fields {
                signal.set(value(k));
            }
        });
    }
    let get = {
        let fields = fields.clone();
        move |key: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, s)| *s)
                .expect("a filter field")
        }
    };
    let submit = {
        let fields = fields.clone();
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let pairs: Vec<(&str, Option<String>)> = fields
                .iter()
                .map(|(k, s)| (*k, Some(s.get_untracked().trim().to_owned())))
                .collect();
            navigate(
                &format!("{}{}", paths::FINDINGS, api::query(&pairs)),
                Default::default(),
            );
        }
    };
    let select = move |id: &'static str,
                       label: fn(&crate::texts::staff::StaffTexts) -> &'static str,
                       options: Signal<Vec<(String, String)>>,
                       signal: RwSignal<String>| {
        view! {
            <div class="field field--compact">
                <label class="field__label" for=format!("filter-{id}")>{move || label(i18n.s())}</label>
                <select
                    class="field__input"
                    id=format!("filter-{id}")
                    name=id
                    prop:value=move || signal.get()
                    on:change=move |ev| signal.set(event_target_value(&ev))
                >
                    <option value="">{move || i18n.s().any}</option>
                    {move || options.get().into_iter().map(|(v, l)| {
                        let selected = signal.get_untracked() == v;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    // Only what the caller can see: a liaison's own units, no merged
    // findings (and the least until the caller is known); rounds for the office.
    let role = move || me.with(|m| m.as_ref().map_or(Role::Liaison, |m| m.role));
    let office = move || role() == Role::Office;
    let states = Signal::derive(move || {
        let lang = i18n.lang();
        access::finding_states(role())
            .map(|s| (s.as_str().to_owned(), s.label(lang).to_owned()))
            .collect()
    });
    let dimensions = Signal::derive(move || {
        let lang = i18n.lang();
        Dimension::ALL
            .iter()
            .map(|d| (d.as_str().to_owned(), d.label(lang).to_owned()))
            .collect()
    });
    let sources = Signal::derive(move || {
        let lang = i18n.lang();
        Source::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label(lang).to_owned()))
            .collect()
    });
    let extensions = Signal::derive(move || {
        vec![(
            "requested".to_owned(),
            i18n.s().extension_requested.to_owned(),
        )]
    });
    let accountability = Signal::derive(move || {
        vec![(
            "pending".to_owned(),
            i18n.s().todo_accountability.to_owned(),
        )]
    });
    let dues = Signal::derive(move || {
        let s = i18n.s();
        vec![
            ("overdue".to_owned(), s.due_overdue.to_owned()),
            ("due_soon".to_owned(), s.due_soon.to_owned()),
        ]
    });
    let unit_options = Signal::derive(move || {
        let all = units.get();
        let tree: Vec<_> = all.iter().map(|u| (u.id, u.parent_id)).collect();
        let own = me.with(|m| m.as_ref().and_then(|m| m.unit_id));
        let reach = access::finding_units(role(), own, &tree);
        all.into_iter()
            .filter(|u| u.active && reach.contains(&u.id))
            .map(|u| (u.id.to_string(), u.name))
            .collect()
    });
    let round_options = Signal::derive(move || {
        rounds
            .get()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name))
            .collect()
    });
    let sort = get("sort");
    let sorts = move || {
        let s = i18n.s();
        [
            ("", s.sort_newest),
            ("oldest", s.sort_oldest),
            ("deadline", s.sort_deadline),
        ]
    };
    let q = get("q");
    // On a phone the filters other than the search fold behind a button
    // that says how many are set (CSS shows them all on a wider screen).
    let open = RwSignal::new(false);
    let set = move || {
        filter.with(|f| {
            f.iter()
                .filter(|(k, v)| !matches!(*k, "q" | "sort") && v.is_some())
                .count()
        })
    };
    view! {
        <form class="filters" class:filters--open=move || open.get() role="search" on:submit=submit aria-label=move || i18n.s().filters>
            <div class="field field--compact filters__search">
                <label class="field__label" for="filter-q">{move || i18n.s().search}</label>
                <input
                    class="field__input"
                    id="filter-q"
                    name="q"
                    type="search"
                    placeholder=move || i18n.s().search_hint
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                />
            </div>
            <button type="button" class="button button--secondary filters__toggle"
                aria-controls="filters-more" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || (i18n.s().filters_toggle)(set())}
            </button>
            <div class="filters__more" id="filters-more">
                {select("state", |s| s.state, states, get("state"))}
                {select("dimension", |s| s.dimension, dimensions, get("dimension"))}
                {select("source", |s| s.source, sources, get("source"))}
                {select("due", |s| s.due, dues, get("due"))}
                {select("extension", |s| s.extension, extensions, get("extension"))}
                {select("accountability", |s| s.accountability_filter, accountability, get("accountability"))}
                {select("unit", |s| s.unit, unit_options, get("unit"))}
                {units.notice()}
                <Show when=office>
                    {select("round", |s| s.round, round_options, get("round"))}
                    {rounds.notice()}
                </Show>
                <div class="field field--compact">
                    <label class="field__label" for="filter-sort">{move || i18n.s().sort}</label>
                    <select class="field__input" id="filter-sort" name="sort" prop:value=move || sort.get()
                        on:change=move |ev| sort.set(event_target_value(&ev))>
                        {move || sorts().into_iter().map(|(v, l)| {
                            let selected = sort.get_untracked() == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="filters__actions">
                <button type="submit" class="button">{move || i18n.s().apply_filters}</button>
                <A href=paths::FINDINGS attr:class="filters__clear">{move || i18n.s().clear_filters}</A>
            </div>
        </form>
    }
}
