//! The holiday calendar (the office and administrators): a year's public
//! holidays and weekend days worked instead, and an example deadline that
//! the server computes over the calendar as it stands — so a day entered
//! here visibly moves it.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::calendar::{CalendarDay, DayInput};

use crate::api;
use crate::clock::today;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::admin::units::ImportBox;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.calendar_title);
    let year = RwSignal::new(today().year());
    // Bumped after every change, so the list and the example read again.
    let changed = RwSignal::new(0u32);
    let days = Loaded::new(move || {
        let (y, _) = (year.get(), changed.get());
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return None;
            }
            Some(api::calendar::year(y).await)
        }
    });

    let form = FormState::new("day");
    let day = RwSignal::new(String::new());
    let working = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let set_day = use_action(
        |entry: &CalendarDay| {
            let body = DayInput {
                working: entry.working,
                name: entry.name.clone(),
            };
            api::calendar::set_day(entry.day).call(body)
        },
        move |answer| match answer {
            Ok(saved) => {
                form.succeed(format!("{} {}", saved.day, saved.name));
                name.set(String::new());
                if saved.day.year() != year.get_untracked() {
                    year.set(saved.day.year());
                }
                changed.update(|c| *c += 1);
            }
            Err(e) => form.refuse(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(date) = NaiveDate::parse_from_str(&day.get_untracked(), "%Y-%m-%d") else {
            form.refuse(vec![(
                "day".into(),
                xiaoneng_domain::Reason::Required.message(i18n.lang()),
            )]);
            return;
        };
        let entry = CalendarDay {
            day: date,
            working: working.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
        };
        if let Err(invalid) = entry.validate() {
            form.refuse(api::invalid_fields(&invalid, i18n.lang()));
            return;
        }
        form.start();
        set_day.dispatch(entry);
    };
    let remove_day = use_action(
        |date: &NaiveDate| api::calendar::remove_day(*date),
        move |answer| {
            if answer.is_ok() {
                changed.update(|c| *c += 1);
            }
        },
    );
    let remove = move |date: NaiveDate| {
        remove_day.dispatch(date);
    };

    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().calendar_title}</h1>
            <p class="lead">{move || i18n.a().calendar_lead}</p>
            <DeadlineExampleBox changed=changed />
            <div class="filters">
                <div class="field field--compact">
                    <label class="field__label" for="calendar-year">{move || i18n.a().year}</label>
                    <select class="field__input" id="calendar-year"
                        on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                        {move || {
                            let now = today().year();
                            (2020..=now + 1).rev().map(|y| view! {
                                <option value=y.to_string() selected=move || year.get() == y>{y}</option>
                            }).collect_view()
                        }}
                    </select>
                </div>
            </div>
            {move || match days.get().flatten() {
                None => view! { <Skeleton rows=4 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| days.refetch()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty-state">{move || i18n.a().no_days}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{move || i18n.a().day}</th>
                            <th scope="col">{move || i18n.a().day_name}</th>
                            <th scope="col">{move || i18n.a().day_kind}</th>
                            <th scope="col"><span class="visually-hidden">{move || i18n.a().remove}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|d| {
                                let date = d.day;
                                let label = format!("{} {}", d.day, d.name);
                                view! {
                                    <tr>
                                        <td class="nowrap">{d.day.to_string()}</td>
                                        <td>{d.name.clone()}</td>
                                        <td>{move || if d.working { i18n.a().working_weekend } else { i18n.a().holiday }}</td>
                                        <td class="row-actions">
                                            <button type="button" class="link-button--plain" on:click=move |_| remove(date)>
                                                {move || i18n.a().remove}<span class="visually-hidden">" "{label.clone()}</span>
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <form class="action__form" on:submit=add novalidate>
                <h2>{move || i18n.a().add_day}</h2>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="day-day" label=Signal::derive(move || i18n.a().day) error=form.error("day")
                        value=day input_type="date" />
                    <div class="field">
                        <label class="field__label" for="day-working">{move || i18n.a().day_kind}</label>
                        <select class="field__input" id="day-working" on:change=move |ev| working.set(event_target_value(&ev) == "true")>
                            <option value="false" selected=move || !working.get()>{move || i18n.a().holiday}</option>
                            <option value="true" selected=move || working.get()>{move || i18n.a().working_weekend}</option>
                        </select>
                    </div>
                    <TextField id="day-name" label=Signal::derive(move || i18n.a().day_name)
                        hint=Signal::derive(move || i18n.a().day_name_hint) error=form.error("name") value=name />
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().add_day}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
            <ImportBox endpoint=api::calendar::import_days staff=false calendar=true
                title=|a| a.calendar_import_title lead=|a| a.calendar_import_lead id="calendar-import"
                on_written=Callback::new(move |_| changed.update(|c| *c += 1)) />
        </div>
    }
}

/// "N working days from D: the deadline is …", read again whenever the calendar changes.
#[component]
fn DeadlineExampleBox(changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(today().to_string());
    let count = RwSignal::new("10".to_owned());
    let example = Loaded::new(move || {
        let (f, n, _) = (from.get(), count.get(), changed.get());
        async move { api::calendar::deadline(&f, &n).await }
    });
    view! {
        <section class="example" aria-labelledby="example-title">
            <h2 id="example-title">{move || i18n.a().example_title}</h2>
            <div class="form-grid">
                <div class="field field--compact">
                    <label class="field__label" for="example-from">{move || i18n.a().example_from}</label>
                    <input class="field__input" id="example-from" type="date" prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div class="field field--compact">
                    <label class="field__label" for="example-days">{move || i18n.a().example_days}</label>
                    <input class="field__input" id="example-days" type="number" min="0" max="500" inputmode="numeric"
                        prop:value=move || count.get() on:input=move |ev| count.set(event_target_value(&ev)) />
                </div>
            </div>
            <p class="example__result" role="status" aria-live="polite">
                // A refused input says which field and why; a failed read says so.
                {move || example.get().map(|read| match read {
                    Ok(e) => (i18n.a().example_result)(&e.from.to_string(), e.working_days, &e.deadline.to_string()),
                    Err(e) => e
                        .field("working_days")
                        .or_else(|| e.field("from"))
                        .unwrap_or_else(|| e.describe(i18n.t(), i18n.lang())),
                })}
            </p>
        </section>
    }
}
