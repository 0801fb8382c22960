//! Citizen reports for the office: the incoming list (received first, by
//! status in the URL), and one report with its photo and contact, to accept
//! as a finding or decline with a reason the citizen will read.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use xiaoneng_domain::record::{Dimension, Severity};
use xiaoneng_domain::report::{AcceptReport, DeclineReport, Report, ReportStatus};
use xiaoneng_domain::unit::Unit;
use xiaoneng_domain::{ErrorCode, Role};

use crate::api;
use crate::clock::beijing_day;
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::{Load, Paged};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

/// The list shows the reports still to decide unless asked otherwise.
const DEFAULT_STATUS: &str = "received";

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.reports_title);
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query.with(|q| match q.get("status") {
            Some(s) if s == "all" => None,
            Some(s) if ReportStatus::parse(&s).is_some() => Some(s),
            _ => Some(DEFAULT_STATUS.to_owned()),
        })
    });
    let list = Paged::<Report>::new(move |cursor| {
        let pairs = [("status", status.get_untracked()), ("cursor", cursor)];
        api::reports::page(&pairs)
    });
    let Paged { items, load, .. } = list;
    Effect::new(move |_| {
        status.track();
        if me.get().is_some_and(|m| m.role == Role::Office) {
            list.reload();
        }
    });
    let navigate = use_navigate();
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let value = if value.is_empty() {
            "all".to_owned()
        } else {
            value
        };
        navigate(
            &format!(
                "{}{}",
                paths::REPORTS,
                api::query(&[("status", Some(value))])
            ),
            Default::default(),
        );
    };

    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().reports_title}</h1>
            <p class="lead">{move || i18n.s().reports_lead}</p>
            <div class="filters">
                <div class="field field--compact">
                    <label class="field__label" for="reports-status">{move || i18n.s().report_status}</label>
                    <select class="field__input" id="reports-status" on:change=choose>
                        <option value="" selected=move || status.get().is_none()>{move || i18n.s().any}</option>
                        {ReportStatus::ALL.iter().map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.as_str() selected=move || status.get().as_deref() == Some(s.as_str())>
                                    {move || s.label(i18n.lang())}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=4 /> }.into_any(),
                Load::Failed(error) => view! { <LoadError error=error on_retry=Callback::new(move |_| list.reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => view! {
                    <p class="empty-state">{move || i18n.s().no_reports}</p>
                }.into_any(),
                Load::Ready => view! {
                    <ul class="finding-list">
                        <For each=move || items.get() key=|r| (r.id, r.version) let:report>
                            <ReportItem report=report />
                        </For>
                    </ul>
                    {list.more_button()}
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ReportItem(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("{}/{}", paths::REPORTS, report.id);
    let summary: String = report.what.chars().take(40).collect();
    let more = report.what.chars().count() > 40;
    let status = report.status;
    view! {
        <li class="finding-item">
            <div class="finding-item__head">
                <span class="finding-item__code">{report.code.clone()}</span>
                <span class=move || format!("tag tag--report-{}", status.as_str())>{move || status.label(i18n.lang())}</span>
            </div>
            <h2 class="finding-item__title">
                <A href=href>{summary}{more.then_some("…")}</A>
            </h2>
            <p class="finding-item__meta muted">
                {move || i18n.s().received_at}" "{beijing_day(report.received_at)}
                {report.unit_name.clone().map(|u| format!(" · {u}"))}
            </p>
        </li>
    }
}

#[component]
pub fn ReportDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.reports_title);
    let params = use_params_map();
    let report = Loaded::new(move || {
        let id = params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
        let office = me.get().is_some_and(|m| m.role == Role::Office);
        async move {
            match (id, office) {
                (Some(id), true) => Some(api::reports::one(id).await),
                _ => None,
            }
        }
    });
    let units = Choices::new(|| async { api::units::all().await });
    let decided = Callback::new(move |_| report.refetch());

    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::REPORTS>{move || i18n.s().back_to_reports}</A></p>
            {move || match report.get().flatten() {
                None => view! { <Skeleton rows=5 /> }.into_any(),
                Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
                    <h1>{move || i18n.s().report_not_found}</h1>
                }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| report.refetch()) /> }.into_any(),
                Some(Ok(r)) => view! { <ReportView report=r units=units decided=decided /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ReportView(report: Report, units: Choices<Unit>, decided: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = report.status;
    // A missing answer reads "not given" in the current language.
    let given =
        move |v: Option<String>| move || v.clone().unwrap_or_else(|| i18n.s().not_given.to_owned());
    let photo = report
        .photo
        .as_ref()
        .map(|_| api::reports::photo(report.id));
    let code = report.code.clone();
    view! {
        <h1>{move || i18n.s().reports_title}" "{code.clone()}</h1>
        <p><span class=format!("tag tag--report-{}", status.as_str())>{move || status.label(i18n.lang())}</span></p>
        <dl class="summary-list">
            <div><dt>{move || i18n.s().received_at}</dt><dd>{beijing_day(report.received_at)}</dd></div>
            <div><dt>{move || i18n.s().report_what}</dt><dd class="prose">{report.what.clone()}</dd></div>
            <div><dt>{move || i18n.s().report_place}</dt><dd>{given(Some(report.place.clone()).filter(|p| !p.is_empty()))}</dd></div>
            <div><dt>{move || i18n.s().report_happened_on}</dt><dd>{given(report.happened_on.map(|d| d.to_string()))}</dd></div>
            <div><dt>{move || i18n.s().report_unit_named}</dt><dd>{given(report.unit_name.clone())}</dd></div>
            <div><dt>{move || i18n.s().report_contact}</dt><dd>{let contact = report.contact.clone(); move || contact.clone().unwrap_or_else(|| i18n.s().anonymous.to_owned())}</dd></div>
        </dl>
        {photo.map(|src| { let full = src.clone(); view! {
            <figure class="report-photo">
                <a href=full target="_blank" rel="noopener"><img src=src alt=move || i18n.s().report_photo /></a>
            </figure>
        }})}
        {match status {
            ReportStatus::Accepted => report.finding_id.map(|id| view! {
                <p class="notice notice--success">
                    {move || i18n.s().became_finding}" "
                    <A href=format!("{}/{}", paths::FINDINGS, id)>{move || i18n.s().findings_title}</A>
                </p>
            }).into_any(),
            ReportStatus::Declined => view! {
                <div class="notice">
                    <h2>{move || i18n.s().declined_because}</h2>
                    <p>{report.declined_reason.clone()}</p>
                </div>
            }.into_any(),
            ReportStatus::Received => view! {
                <div class="action-list">
                    <AcceptForm report=report.clone() units=units decided=decided />
                    <DeclineForm report=report decided=decided />
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn AcceptForm(report: Report, units: Choices<Unit>, decided: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let unit = RwSignal::new(report.unit_id.map(|u| u.to_string()).unwrap_or_default());
    let dimension = RwSignal::new(Dimension::WorkStyle);
    let severity = RwSignal::new(Severity::Minor);
    let title = RwSignal::new(report.what.chars().take(30).collect::<String>());
    let form = FormState::new("accept");
    let error_for = move |f: &'static str| form.error(f).get();
    let (id, version) = (report.id, report.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(unit_id) = unit.get_untracked().parse::<i64>() else {
            form.refuse(vec![("unit_id".into(), i18n.s().choose_unit.into())]);
            return;
        };
        let req = AcceptReport {
            unit_id,
            dimension: dimension.get_untracked(),
            severity: severity.get_untracked(),
            title: title.get_untracked(),
            version,
        };
        let checked = req.validate();
        form.send(
            checked,
            api::reports::accept(id),
            req,
            Some(decided),
            move |_: Report| decided.run(()),
        );
    };
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <h2>{move || i18n.s().accept_report}</h2>
            <p class="muted">{move || i18n.s().accept_report_lead}</p>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field" class:field--error=move || error_for("unit_id").is_some()>
                <label class="field__label" for="accept-unit_id">{move || i18n.s().unit}</label>
                {move || error_for("unit_id").map(|e| view! { <p class="field__error">{e}</p> })}
                <select class="field__input" id="accept-unit_id" on:change=move |ev| unit.set(event_target_value(&ev))>
                    <option value="">{move || i18n.s().choose_unit}</option>
                    {move || units.get().into_iter().filter(|u| u.active).map(|u| {
                        let v = u.id.to_string();
                        let selected = unit.get_untracked() == v;
                        view! { <option value=v selected=selected>{u.name}</option> }
                    }).collect_view()}
                </select>
                {units.notice()}
            </div>
            <div class="field">
                <label class="field__label" for="accept-dimension">{move || i18n.s().dimension}</label>
                <select class="field__input" id="accept-dimension"
                    on:change=move |ev| if let Some(d) = Dimension::parse(&event_target_value(&ev)) { dimension.set(d) }>
                    {Dimension::ALL.into_iter().map(|d| view! {
                        <option value=d.as_str() selected=move || dimension.get() == d>{move || d.label(i18n.lang())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="accept-severity">{move || i18n.s().severity}</label>
                <select class="field__input" id="accept-severity"
                    on:change=move |ev| if let Some(s) = Severity::parse(&event_target_value(&ev)) { severity.set(s) }>
                    {Severity::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || severity.get() == s>{move || s.label(i18n.lang())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field--error=move || error_for("title").is_some()>
                <label class="field__label" for="accept-title">{move || i18n.s().finding_title}</label>
                {move || error_for("title").map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" id="accept-title" prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.s().accept}</button>
        </form>
    }
}

#[component]
fn DeclineForm(report: Report, decided: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let form = FormState::new("decline");
    let error_for = move |f: &'static str| form.error(f).get();
    let (id, version) = (report.id, report.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = DeclineReport {
            reason: reason.get_untracked().trim().to_owned(),
            version,
        };
        let checked = req.validate();
        form.send(
            checked,
            api::reports::decline(id),
            req,
            Some(decided),
            move |_: Report| decided.run(()),
        );
    };
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <h2>{move || i18n.s().decline_report}</h2>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field" class:field--error=move || error_for("reason").is_some()>
                <label class="field__label" for="decline-reason">{move || i18n.s().decline_reason}</label>
                {move || error_for("reason").map(|e| view! { <p class="field__error">{e}</p> })}
                <textarea class="field__input" id="decline-reason" rows="3" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button button--secondary" disabled=move || form.busy.get()>{move || i18n.s().decline_report}</button>
        </form>
    }
}
