//! Reassignments followed to the end (the office and leaders): who serves
//! where and until when, by where they stand today (in the URL), and for
//! the office the return to post with the host unit's assessment.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use xiaoneng_domain::Role;
use xiaoneng_domain::reassignment::{HostGrade, Reassignment, ReassignmentReturn, ServingStatus};

use crate::api;
use crate::clock::today;
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::paged::{Load, Paged};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

fn status_tag(status: ServingStatus) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match status {
        ServingStatus::Upcoming => "muted",
        ServingStatus::Serving => "info",
        ServingStatus::EndingSoon => "due-soon",
        ServingStatus::Overdue => "due-overdue",
        ServingStatus::Returned => "success",
    };
    view! { <span class=format!("tag tag--{tone}")>{move || status.label(i18n.lang())}</span> }
}

#[component]
pub fn ReassignmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.reassignments_title);
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query.with(|q| {
            q.get("status")
                .filter(|s| ServingStatus::parse(s).is_some())
        })
    });
    let list = Paged::<Reassignment>::new(move |cursor| {
        api::accountability::reassignments_page(&[
            ("status", status.get_untracked()),
            ("cursor", cursor),
        ])
    });
    let Paged { items, load, .. } = list;
    Effect::new(move |_| {
        status.track();
        if me.get().is_some() {
            list.reload();
        }
    });
    let office = move || me.get().is_some_and(|m| m.role == Role::Office);
    let navigate = use_navigate();
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        navigate(
            &format!(
                "{}{}",
                paths::REASSIGNMENTS,
                api::query(&[("status", Some(value))])
            ),
            Default::default(),
        );
    };
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().reassignments_title}</h1>
            <p class="lead">{move || i18n.s().reassignments_lead}</p>
            <div class="filters">
                <div class="field field--compact">
                    <label class="field__label" for="reassignments-status">{move || i18n.s().reassignment_status}</label>
                    <select class="field__input" id="reassignments-status" on:change=choose>
                        <option value="" selected=move || status.get().is_none()>{move || i18n.s().any}</option>
                        {ServingStatus::ALL.iter().copied().map(|s| view! {
                            <option value=s.as_str() selected=move || status.get().as_deref() == Some(s.as_str())>
                                {move || s.label(i18n.lang())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=4 /> }.into_any(),
                Load::Failed(error) => view! { <LoadError error=error on_retry=Callback::new(move |_| list.reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => view! {
                    <p class="empty-state">{move || i18n.s().no_reassignments}</p>
                }.into_any(),
                Load::Ready => view! {
                    <ul class="finding-list">
                        <For each=move || items.get() key=|r| (r.id, r.version) let:r>
                            <ReassignmentItem r=r office=office() reload=Callback::new(move |_| list.reload()) />
                        </For>
                    </ul>
                    {list.more_button()}
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ReassignmentItem(r: Reassignment, office: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (status, days_left) = (r.status, r.days_left);
    let ledger = format!(
        "{}{}",
        paths::LEDGER,
        api::query(&[
            ("person", Some(r.person_name.clone())),
            ("unit", Some(r.person_unit_id.to_string()))
        ])
    );
    let open = office && r.returned_on.is_none() && status != ServingStatus::Upcoming;
    let for_form = r.clone();
    view! {
        <li class="finding-item">
            <div class="finding-item__head">
                {status_tag(status)}
                {matches!(status, ServingStatus::Serving | ServingStatus::EndingSoon).then(|| view! {
                    <span class="muted">{move || (i18n.s().days_left)(days_left)}</span>
                })}
            </div>
            <h2 class="finding-item__title">
                <leptos_router::components::A href=ledger>{r.person_name.clone()}</leptos_router::components::A>
                " · "{r.person_unit_name.clone()}" · "{r.person_post.clone()}
            </h2>
            <p class="finding-item__meta">
                {r.place.clone()}" · "{r.start.to_string()}" – "{r.end.to_string()}
            </p>
            {r.returned_on.map(|day| {
                let grade = r.host_grade;
                let words = r.host_assessment.clone().unwrap_or_default();
                view! {
                    <p>
                        {move || i18n.s().returned_on}{move || i18n.lang().colon()}{day.to_string()}
                        {grade.map(|g| view! { " · "{move || i18n.s().host_grade}{move || i18n.lang().colon()}{move || g.label(i18n.lang())} })}
                    </p>
                    <p class="muted">{words}</p>
                }
            })}
            {open.then(|| view! {
                <details class="panel">
                    <summary class="panel__summary">{move || i18n.s().record_return}</summary>
                    <ReturnForm r=for_form done=reload />
                </details>
            })}
        </li>
    }
}

#[component]
fn ReturnForm(r: Reassignment, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("return-{}", r.id));
    let on = today().min(r.end);
    let returned_on = RwSignal::new(on.to_string());
    let grade = RwSignal::new(HostGrade::Competent);
    let words = RwSignal::new(String::new());
    let (id, version, start) = (r.id, r.version, r.start);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = returned_on.get_untracked().parse().ok();
        let back = ReassignmentReturn {
            returned_on: day.unwrap_or(start),
            host_grade: grade.get_untracked(),
            host_assessment: words.get_untracked().trim().to_owned(),
            version,
        };
        // No date: refused on the field before anything is sent.
        let checked = match day {
            Some(_) => back.validate(start, today()),
            None => {
                let mut invalid = xiaoneng_domain::Invalid::default();
                invalid.add("returned_on", xiaoneng_domain::Reason::Required);
                invalid.into_result()
            }
        };
        form.send(
            checked,
            api::accountability::record_return(id),
            back,
            Some(done),
            move |_: Reassignment| done.run(()),
        );
    };
    let (day_id, grade_id, words_id) = (
        form.id("returned_on"),
        form.id("host_grade"),
        form.id("host_assessment"),
    );
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field" class:field--error=move || form.error("returned_on").get().is_some()>
                <label class="field__label" for=day_id.clone()>{move || i18n.s().returned_on}</label>
                {move || form.error("returned_on").get().map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input field__input--date" type="date" id=day_id max=today().to_string()
                    prop:value=move || returned_on.get() on:input=move |ev| returned_on.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field__label" for=grade_id.clone()>{move || i18n.s().host_grade}</label>
                <select class="field__input" id=grade_id
                    on:change=move |ev| if let Some(g) = HostGrade::parse(&event_target_value(&ev)) { grade.set(g) }>
                    {HostGrade::ALL.iter().copied().map(|g| view! {
                        <option value=g.as_str() selected=move || grade.get() == g>{move || g.label(i18n.lang())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field--error=move || form.error("host_assessment").get().is_some()>
                <label class="field__label" for=words_id.clone()>{move || i18n.s().host_assessment}</label>
                {move || form.error("host_assessment").get().map(|e| view! { <p class="field__error">{e}</p> })}
                <textarea class="field__input" id=words_id rows="3" prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.s().record_return}</button>
        </form>
    }
}
