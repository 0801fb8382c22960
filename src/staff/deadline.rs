//! A deadline's date input, as every deadline in the workflow counts:
//! buttons that set it N working days from today over the office's
//! calendar, the working days the chosen date leaves, and a warning (with
//! the next working day offered) when the date is not a working day. The
//! calendar is the server's (`GET /api/calendar`), counted by the shared
//! rules (`xiaoneng_domain::calendar`), so the browser and the server
//! agree on every date.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use xiaoneng_domain::calendar::{CalendarDay, HolidayCalendar, weekday_name};

use crate::api::{self, ApiError};
use crate::clock::today;
use crate::hooks::loaded::Loaded;
use crate::texts::{in_brackets, use_i18n};

/// The working-day counts offered as one press.
const QUICK: [u32; 4] = [5, 10, 15, 20];

/// The date input (`id`) of a deadline held in `value` as YYYY-MM-DD.
#[component]
pub fn DeadlineInput(id: String, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let start = today();
    let chosen = move || NaiveDate::parse_from_str(&value.get(), "%Y-%m-%d").ok();
    // This year and the next (where N working days may land), and the chosen date's.
    let years = Memo::new(move |_| {
        let mut years = vec![start.year(), start.year() + 1];
        if let Some(y) = chosen().map(|d| d.year())
            && (2000..=2100).contains(&y)
            && !years.contains(&y)
        {
            years.push(y);
        }
        years
    });
    let days = Loaded::new(move || {
        let years = years.get();
        async move {
            let mut all: Vec<CalendarDay> = Vec::new();
            for y in years {
                all.extend(api::calendar::year(y).await?);
            }
            Ok::<_, ApiError>(all)
        }
    });
    let calendar = move || {
        days.get()
            .and_then(Result::ok)
            .map(|d| (HolidayCalendar::from_days(&d), d))
    };
    let note_id = format!("{id}-note");
    let note = move || {
        let lang = i18n.lang();
        let day = chosen()?;
        let Some((cal, named)) = calendar() else {
            return days.get().and_then(Result::err).map(|e| {
                view! {
                    <span class="field__warning">
                        {i18n.s().calendar_unread}" "
                        <button type="button" class="link-button--plain" on:click=move |_| days.refetch()>{i18n.t().retry}</button>
                        <span class="visually-hidden">{e.describe(i18n.t(), lang)}</span>
                    </span>
                }
                .into_any()
            });
        };
        let weekday = weekday_name(day, lang);
        if cal.is_working_day(day) {
            let left = cal.working_days_between(start, day);
            return Some(view! { <span>{(i18n.s().deadline_in)(weekday, left)}</span> }.into_any());
        }
        let why = named.iter().find(|d| d.day == day).map_or_else(
            || weekday.to_owned(),
            |d| format!("{weekday}{}{}", crate::texts::comma(lang), d.name),
        );
        let next = cal.next_working_day(day);
        let next_label = crate::texts::day_and_weekday(next, lang);
        Some(
            view! {
                <span class="field__warning">
                    {(i18n.s().not_a_working_day)(&format!("{day}{}", in_brackets(lang, &why)))}" "
                    <button type="button" class="link-button--plain" on:click=move |_| value.set(next.to_string())>
                        {(i18n.s().move_to_working_day)(&next_label)}
                    </button>
                </span>
            }
            .into_any(),
        )
    };
    view! {
        <input class="field__input field__input--date" type="date" id=id.clone()
            min=start.to_string() aria-describedby=note_id.clone()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev)) />
        <div class="deadline-quick" role="group" aria-label=move || i18n.s().set_by_working_days>
            {QUICK.into_iter().map(|n| {
                let date = move || calendar().map(|(cal, _)| cal.add_working_days(start, n));
                view! {
                    <button type="button" class="button button--secondary"
                        disabled=move || date().is_none()
                        aria-pressed=move || (date().is_some() && date() == chosen()).to_string()
                        on:click=move |_| if let Some(d) = date() { value.set(d.to_string()) }>
                        {move || (i18n.s().in_working_days)(n)}
                    </button>
                }
            }).collect_view()}
        </div>
        <p class="field__note" id=note_id role="status" aria-live="polite">{note}</p>
    }
}
