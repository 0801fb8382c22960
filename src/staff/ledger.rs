//! The accountability ledger: every decision, for one person or one unit
//! (and its sub-units), newest first, with repeat cases within a year
//! flagged by the server over every decision (by staff record, else by
//! name and unit).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use xiaoneng_domain::accountability::Decision;

use crate::api;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::choices::Choices;
use crate::hooks::paged::{Load, Paged};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

#[component]
pub fn LedgerPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.ledger_title);
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("person").filter(|p| !p.is_empty()),
                q.get("unit").filter(|u| !u.is_empty()),
            )
        })
    });
    // Every decision of the filter, a page at a time.
    let decisions = Paged::<Decision>::new(move |cursor| {
        let (person, unit) = filter.get_untracked();
        api::accountability::decisions_page(&[
            ("person", person),
            ("unit", unit),
            ("limit", Some("100".into())),
            ("cursor", cursor),
        ])
    });
    Effect::new(move |_| {
        filter.track();
        if me.get().is_some() {
            decisions.reload();
        }
    });
    let units = Choices::new(|| async { api::units::all().await });
    let person = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    Effect::new(move |_| {
        let (p, u) = filter.get();
        person.set(p.unwrap_or_default());
        unit.set(u.unwrap_or_default());
    });
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("person", Some(person.get_untracked().trim().to_owned())),
            ("unit", Some(unit.get_untracked())),
        ];
        navigate(
            &format!("{}{}", paths::LEDGER, api::query(&pairs)),
            Default::default(),
        );
    };
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().ledger_title}</h1>
            <p class="lead">{move || i18n.s().ledger_lead}</p>
            <form class="filters" role="search" on:submit=submit>
                <div class="field field--compact">
                    <label class="field__label" for="ledger-person">{move || i18n.s().ledger_person}</label>
                    <input class="field__input" id="ledger-person" prop:value=move || person.get()
                        on:input=move |ev| person.set(event_target_value(&ev)) />
                </div>
                <div class="field field--compact">
                    <label class="field__label" for="ledger-unit">{move || i18n.s().unit}</label>
                    <select class="field__input" id="ledger-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{move || i18n.s().any}</option>
                        {move || units.get().into_iter().map(|u| {
                            let v = u.id.to_string();
                            let selected = unit.get_untracked() == v;
                            view! { <option value=v selected=selected>{u.name}</option> }
                        }).collect_view()}
                    </select>
                    {units.notice()}
                </div>
                <div class="filters__actions">
                    <button type="submit" class="button">{move || i18n.s().ledger_show}</button>
                </div>
            </form>
            {move || match decisions.load.get() {
                Load::Loading => view! { <Skeleton rows=4 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e on_retry=Callback::new(move |_| decisions.reload()) /> }.into_any(),
                Load::Ready if decisions.items.with(Vec::is_empty) => view! { <p class="empty-state">{move || i18n.s().no_ledger}</p> }.into_any(),
                Load::Ready => view! {
                    <table class="data-table ledger">
                        <thead><tr>
                            <th scope="col">{move || i18n.s().decided_on}</th>
                            <th scope="col">{move || i18n.s().ledger_person}</th>
                            <th scope="col">{move || i18n.s().unit}</th>
                            <th scope="col">{move || xiaoneng_domain::words::chrome::MEASURE.get(i18n.lang())}</th>
                            <th scope="col">{move || i18n.s().findings_basis}</th>
                        </tr></thead>
                        <tbody>
                            {move || decisions.items.get().into_iter().map(ledger_row).collect_view()}
                        </tbody>
                    </table>
                    {decisions.footer()}
                }
                .into_any(),
            }}
        </div>
    }
}

/// One decision as a row of the ledger, a repeat case marked.
fn ledger_row(d: Decision) -> impl IntoView {
    let repeat = d.repeat;
    let i18n = use_i18n();
    let measures = d.measures.clone();
    let href = format!(
        "{}{}",
        paths::LEDGER,
        api::query(&[
            ("person", Some(d.person_name.clone())),
            ("unit", Some(d.person_unit_id.to_string()))
        ])
    );
    view! {
        <tr>
            <td>{d.decided_on.to_string()}</td>
            <td>
                <A href=href>{d.person_name.clone()}</A>
                <br /><span class="muted">{d.person_post.clone()}</span>
                {repeat.then(|| view! { <br /><span class="tag tag--due-overdue">{move || i18n.s().repeat_case}</span> })}
            </td>
            <td>{d.person_unit_name.clone()}</td>
            // A reassignment with its place and dates.
            <td>{move || xiaoneng_domain::accountability::describe_measures(&measures, i18n.lang())}</td>
            <td>
                {d.findings.into_iter().map(|f| view! {
                    <A href=format!("{}/{}", paths::FINDINGS, f.id)>{f.code}</A>" "
                }).collect_view()}
            </td>
        </tr>
    }
}
