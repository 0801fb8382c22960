//! Report a problem: anonymous by default, every field but the account of
//! what happened optional, checked by the shared rule before it is sent; on
//! success the tracking code to keep. And the status page for that code.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;
use xiaoneng_domain::ErrorCode;
use xiaoneng_domain::report::{
    ANSWER_WORKING_DAYS, NewReport, ReportReceipt, ReportStatus, ReportStatusView,
};

use crate::api;
use crate::clock::{beijing_day, today};
use crate::components::form::{ErrorSummary, SummaryItem};
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::texts::{day_and_weekday, use_i18n, use_page_title};

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
    let navigate = use_navigate();
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
            // The receipt is a page of its own: it survives a reload and can be bookmarked.
            Ok(r) => navigate(
                &format!(
                    "{}{}",
                    paths::REPORT_RECEIVED,
                    api::query(&[("code", Some(r.code))])
                ),
                Default::default(),
            ),
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
            <p class="muted status-link"><A href=paths::REPORT_STATUS>{move || i18n.p().status_title}</A></p>
        </div>
    }
}

/// The receipt of a report just sent, by its tracking code (in the URL, so
/// it survives a reload and can be bookmarked): the code with a copy button,
/// what happens next and by which working day the office answers.
#[component]
pub fn ReportReceivedPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.report_title);
    let query = use_query_map();
    let code = Memo::new(move |_| {
        query
            .with(|q| q.get("code"))
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
    });
    let status = Loaded::new(move || {
        let code = code.get();
        async move {
            match code {
                Some(code) => Some(api::public::report_status(&code).await),
                None => None,
            }
        }
    });
    view! {
        <div class="container page">
            <div class="receipt">
                <h1>{move || i18n.p().report_done_title}</h1>
                {move || match status.get() {
                    None => view! { <Skeleton rows=3 /> }.into_any(),
                    Some(None) => view! { <NoSuchCode /> }.into_any(),
                    Some(Some(Err(e))) if unknown_code(&e) => view! { <NoSuchCode /> }.into_any(),
                    Some(Some(Err(error))) => view! {
                        <LoadError error=error on_retry=Callback::new(move |_| status.refetch()) />
                    }
                    .into_any(),
                    Some(Some(Ok(s))) => view! { <Receipt status=s /> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// Whether the server answered that no report has this code (or that it
/// is no code at all).
fn unknown_code(e: &api::ApiError) -> bool {
    matches!(e.code(), Some(ErrorCode::NotFound | ErrorCode::Validation))
}

/// A receipt's address without a code the server knows.
#[component]
fn NoSuchCode() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice" role="alert">{move || i18n.p().status_not_found}</p>
        <p class="more-link"><A href=paths::REPORT_STATUS>{move || i18n.p().status_title}</A></p>
    }
}

#[component]
fn Receipt(status: ReportStatusView) -> impl IntoView {
    let i18n = use_i18n();
    let code = status.code.clone();
    let copied = RwSignal::new(None::<bool>);
    let code_ref = NodeRef::<html::P>::new();
    let copy = {
        let code = code.clone();
        move |_| {
            let code = code.clone();
            leptos::task::spawn_local(async move {
                let done = copy_text(&code).await;
                if !done && let Some(el) = code_ref.get_untracked() {
                    select_text(&el);
                }
                copied.set(Some(done));
            });
        }
    };
    let answer_by = status.answer_by;
    let state = status.status;
    let status_href = format!(
        "{}{}",
        paths::REPORT_STATUS,
        api::query(&[("code", Some(code.clone()))])
    );
    view! {
        <p>{move || i18n.p().report_keep_code}</p>
        <p class="receipt__code" id="receipt-code" node_ref=code_ref>{code}</p>
        <div class="receipt__copy">
            <button type="button" class="button button--secondary" aria-describedby="receipt-code" on:click=copy>
                {move || i18n.p().receipt_copy}
            </button>
            <p class="receipt__copied" role="status">
                {move || copied.get().map(|done| if done { i18n.p().receipt_copied } else { i18n.p().receipt_copy_failed })}
            </p>
        </div>
        {(state != ReportStatus::Received).then(|| view! {
            <p>{move || i18n.p().receipt_state}<strong>{move || state.label(i18n.lang())}</strong></p>
        })}
        <h2>{move || i18n.p().receipt_next}</h2>
        <ol class="receipt__steps">
            <li>{move || {
                let (before, after) = (i18n.p().receipt_answer)(ANSWER_WORKING_DAYS);
                view! {
                    {before}
                    <time class="nowrap" datetime=answer_by.to_string()>{day_and_weekday(answer_by, i18n.lang())}</time>
                    {after}
                }
            }}</li>
            <li>{move || i18n.p().receipt_accepted}</li>
            <li>{move || i18n.p().receipt_follow}</li>
        </ol>
        <p class="more-link"><A href=status_href>{move || i18n.p().report_check}</A></p>
    }
}

/// Puts `text` on the clipboard; `false` where the browser will not (an
/// insecure page, a refused permission, an old browser).
async fn copy_text(text: &str) -> bool {
    use js_sys::{Function, Promise, Reflect};
    let navigator = window().navigator();
    let Ok(clipboard) = Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Some(write) = Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    match write.call1(&clipboard, &text.into()).map(Promise::from) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// Selects an element's text, for the reader to copy themselves.
fn select_text(el: &web_sys::HtmlElement) {
    if let Ok(Some(selection)) = window().get_selection() {
        let _ = selection.select_all_children(el);
    }
}

/// What happened to a report, by its tracking code (in the URL, so the
/// page can be bookmarked).
#[component]
pub fn ReportStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            i18n.p().status_title,
            t.product,
            t.product_full
        ));
    });
    let query = use_query_map();
    let code = Memo::new(move |_| {
        query
            .with(|q| q.get("code"))
            .filter(|c| !c.trim().is_empty())
    });
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(code.get().unwrap_or_default()));
    let status = Loaded::new(move || {
        let code = code.get();
        async move {
            match code {
                Some(code) => Some(api::public::report_status(&code.trim().to_uppercase()).await),
                None => None,
            }
        }
    });
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [("code", Some(typed.get_untracked().trim().to_owned()))];
        navigate(
            &format!("{}{}", paths::REPORT_STATUS, api::query(&pairs)),
            Default::default(),
        );
    };
    view! {
        <div class="container page">
            <h1>{move || i18n.p().status_title}</h1>
            <form class="form form--inline" on:submit=submit>
                <div class="field">
                    <label class="field__label" for="status-code">{move || i18n.p().status_code}</label>
                    <p class="field__hint">{move || i18n.p().status_code_hint}</p>
                    <input class="field__input" id="status-code" autocomplete="off" autocapitalize="characters"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button">{move || i18n.p().status_check}</button>
            </form>
            {move || match status.get() {
                None if code.get().is_some() => view! { <Skeleton rows=2 /> }.into_any(),
                None | Some(None) => ().into_any(),
                Some(Some(Err(e))) if unknown_code(&e) => {
                    view! { <p class="notice" role="alert">{move || i18n.p().status_not_found}</p> }.into_any()
                }
                Some(Some(Err(e))) => view! {
                    <p class="load-error" role="alert">{e.describe(i18n.t(), i18n.lang())}</p>
                }
                .into_any(),
                Some(Some(Ok(s))) => {
                    let state = s.status;
                    let outcome = s.outcome;
                    view! {
                        <dl class="summary-list" aria-live="polite">
                            <div><dt>{move || i18n.p().status_code}</dt><dd>{s.code.clone()}</dd></div>
                            <div><dt>{move || i18n.p().status_received_on}</dt><dd>{beijing_day(s.received_at)}</dd></div>
                            <div><dt>{move || i18n.p().status_state}</dt><dd><strong>{move || state.label(i18n.lang())}</strong></dd></div>
                            {outcome.map(|o| view! {
                                <div><dt>{move || i18n.p().status_outcome}</dt><dd>{move || o.label(i18n.lang())}</dd></div>
                            })}
                            {s.declined_reason.clone().map(|r| view! {
                                <div><dt>{move || i18n.p().status_reason}</dt><dd>{r}</dd></div>
                            })}
                            {(state == ReportStatus::Received).then(|| {
                                let by = s.answer_by;
                                view! {
                                    <div><dt>{move || i18n.p().status_answer_by}</dt><dd>{move || day_and_weekday(by, i18n.lang())}</dd></div>
                                }
                            })}
                            <div><dt>{move || i18n.p().status_updated}</dt><dd>{beijing_day(s.updated_at)}</dd></div>
                        </dl>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
