//! Report a problem: anonymous by default, every field but the account of
//! what happened optional, checked by the shared rule before it is sent; on
//! success the receipt with the tracking code to keep, a page the server
//! paints (`/report/received`, as is the status page).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use xiaoneng_domain::report::{NewReport, ReportReceipt};

use crate::api;
use crate::clock::today;
use crate::components::form::{ErrorSummary, SummaryItem};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::paths;
use crate::texts::{use_i18n, use_page_title};

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.report_title);
    let units = Choices::new(|| async { api::units::public().await });
    let unit = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let notify = RwSignal::new(false);
    let photo = RwSignal::new_local(None::<web_sys::File>);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let summary_ref = NodeRef::<html::Div>::new();

    let error_for = move |field: &str| {
        errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    };
    let summary = Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(f, m)| SummaryItem::field(format!("report-{f}"), m, i18n.lang()))
            .collect::<Vec<_>>()
    });
    let focus_summary = move || crate::components::form::focus_summary(summary_ref);
    // The report, with its photo when one was chosen.
    let send = use_action(
        |(report, file): &(NewReport, Option<web_sys::File>)| {
            let (report, file) = (report.clone(), file.clone());
            async move {
                match file {
                    Some(file) => {
                        api::send_with_file::<_, ReportReceipt>(
                            api::public::REPORTS,
                            ("report", &report),
                            Some(("photo", &file)),
                        )
                        .await
                    }
                    None => api::public::report().call(report).await,
                }
            }
        },
        move |answer| match answer {
            // The receipt is a page of its own, painted by the server: it
            // survives a reload and can be bookmarked.
            Ok(r) => {
                let receipt = format!(
                    "{}{}",
                    paths::REPORT_RECEIVED,
                    api::query(&[("code", Some(r.code))])
                );
                let _ = window().location().assign(&receipt);
            }
            Err(e) => {
                errors.set(e.field_errors(i18n.t(), i18n.lang()));
                focus_summary();
            }
        },
    );
    let busy = send.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let named = unit.get_untracked().trim().to_owned();
        let list = units.get_untracked();
        let unit_id = list.iter().find(|u| u.name == named).map(|u| u.id);
        let mut local: Vec<(String, String)> = Vec::new();
        if !named.is_empty() && unit_id.is_none() {
            local.push((
                "unit_id".into(),
                xiaoneng_domain::Reason::NotFound.message(lang),
            ));
        }
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let report = NewReport {
            unit_id,
            what: text(what),
            place: text(place),
            happened_on: text(when).parse().ok(),
            contact: Some(text(contact)).filter(|c| !c.is_empty()),
            notify: notify.get_untracked(),
        };
        if let Err(invalid) = report.validate(today()) {
            local.extend(
                invalid
                    .fields()
                    .iter()
                    .map(|(f, r)| (f.to_string(), r.message(lang))),
            );
        }
        if !local.is_empty() {
            errors.set(local);
            focus_summary();
            return;
        }
        errors.set(Vec::new());
        send.dispatch((report, photo.get_untracked()));
    };
    let on_photo = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        photo.set(file);
    };

    let field = move |id: &'static str,
                      label: Signal<&'static str>,
                      hint: Option<Signal<&'static str>>,
                      control: AnyView| {
        view! {
            <div class="field" class:field--error=move || error_for(id).is_some()>
                <label class="field__label" for=format!("report-{id}")>{label}</label>
                {hint.map(|h| view! { <p class="field__hint" id=format!("report-{id}-hint")>{h}</p> })}
                {move || error_for(id).map(|e| view! { <p class="field__error">{e}</p> })}
                {control}
            </div>
        }
    };

    view! {
        <div class="container page">
            <h1>{move || i18n.t().report_title}</h1>
            <p class="lead">{move || i18n.t().report_lead}</p>
            <form class="form" on:submit=submit novalidate>
                <ErrorSummary items=summary node_ref=summary_ref />
                {field("unit_id", Signal::derive(move || i18n.p().report_unit), Some(Signal::derive(move || i18n.p().report_unit_hint)), view! {
                    <input class="field__input" id="report-unit_id" list="report-units" autocomplete="off"
                        prop:value=move || unit.get() on:input=move |ev| unit.set(event_target_value(&ev)) />
                    <datalist id="report-units">
                        {move || units.get().into_iter().map(|u| view! { <option value=u.name></option> }).collect_view()}
                    </datalist>
                    {units.notice()}
                }.into_any())}
                {field("what", Signal::derive(move || i18n.p().report_what), Some(Signal::derive(move || i18n.p().report_what_hint)), view! {
                    <textarea class="field__input field__textarea" id="report-what" rows="6"
                        prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev))></textarea>
                }.into_any())}
                {field("place", Signal::derive(move || i18n.p().report_place), None, view! {
                    <input class="field__input" id="report-place"
                        prop:value=move || place.get() on:input=move |ev| place.set(event_target_value(&ev)) />
                }.into_any())}
                {field("happened_on", Signal::derive(move || i18n.p().report_when), None, view! {
                    <input class="field__input field__input--date" type="date" id="report-happened_on" max=today().to_string()
                        prop:value=move || when.get() on:input=move |ev| when.set(event_target_value(&ev)) />
                }.into_any())}
                {field("photo", Signal::derive(move || i18n.p().report_photo), Some(Signal::derive(move || i18n.p().report_photo_hint)), view! {
                    <input class="field__file" type="file" id="report-photo" accept="image/*,application/pdf"
                        aria-describedby="report-photo-hint" on:change=on_photo />
                }.into_any())}
                {field("contact", Signal::derive(move || i18n.p().report_contact), Some(Signal::derive(move || i18n.p().report_contact_hint)), view! {
                    <input class="field__input" id="report-contact" autocomplete="tel" aria-describedby="report-contact-hint"
                        prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev)) />
                }.into_any())}
                <div class="check">
                    <input type="checkbox" id="report-notify"
                        prop:checked=move || notify.get() on:change=move |ev| notify.set(event_target_checked(&ev)) />
                    <label for="report-notify">{move || i18n.p().report_notify}</label>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.p().report_sending } else { i18n.p().report_send }}
                </button>
            </form>
            <p class="muted status-link"><a href=paths::REPORT_STATUS rel="external">{move || i18n.p().status_title}</a></p>
        </div>
    }
}
