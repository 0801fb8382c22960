//! The inbox: what asks the signed-in user to act, unread first, each
//! linking to its finding, citizen's report, visit or bulletin; marked read
//! one by one. Below it, how the user is reached by e-mail (address,
//! language, and per kind: immediately, in the daily digest, or not at all).

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::Lang;
use xiaoneng_domain::notification::{
    Delivery, Notification, NotificationKind, NotificationSettings, Preference,
};

use crate::components::form::{ErrorSummary, TextField, focus_by_id, summary_items};
use crate::hooks::loaded::Loaded;

use crate::api;
use crate::clock::beijing_day;
use crate::hooks::action::use_action;
use crate::hooks::paged::Paged;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.inbox_title);
    let list = Paged::<Notification>::new(api::notifications::page);
    Effect::new(move |_| {
        if me.get().is_some() {
            list.reload();
        }
    });
    let read = use_action(
        |id: &i64| api::notifications::mark_read(*id),
        move |_| list.reload(),
    );
    view! {
        <div class="container page">
            <h1>{move || i18n.s().inbox_title}</h1>
            <p class="lead">{move || i18n.s().inbox_lead}</p>
            {list.view("finding-list", move || i18n.s().inbox_empty, move |n: Notification| {
                let unread = n.read_at.is_none();
                let id = n.id;
                view! {
                    <li class="finding-item" class:finding-item--unread=unread>
                        <div class="finding-item__head">
                            {unread.then(|| view! {
                                <span class="tag tag--unread">{move || i18n.s().inbox_unread}</span>
                            })}
                            <span class="muted">
                                {move || i18n.s().inbox_received}" "{beijing_day(n.created_at)}
                            </span>
                        </div>
                        <p class="finding-item__title">{n.text.clone()}</p>
                        <p class="finding-item__meta">
                            {n.finding_id.map(|f| view! {
                                <A href=format!("{}/{f}", paths::FINDINGS)>{move || i18n.s().inbox_open_finding}</A>
                            })}
                            {n.report_id.map(|r| view! {
                                <A href=format!("{}/{r}", paths::REPORTS)>{move || i18n.s().inbox_open_report}</A>
                            })}
                            {n.visit_id.map(|v| view! {
                                <A href=format!("{}/{v}", paths::VISITS)>{move || i18n.s().inbox_open_visit}</A>
                            })}
                            {n.bulletin_id.map(|b| view! {
                                <A href=format!("{}/{b}", paths::STAFF_BULLETINS)>{move || i18n.s().inbox_open_bulletin}</A>
                            })}
                            {unread.then(|| view! {
                                " "
                                <button type="button" class="link-button--plain"
                                    on:click=move |_| { read.dispatch(id); }>
                                    {move || i18n.s().inbox_mark_read}
                                </button>
                            })}
                        </p>
                    </li>
                }
            })}
            <SettingsForm role=Signal::derive(move || me.get().map(|m| m.role)) />
        </div>
    }
}

/// The caller's address, language and per-kind choices, saved to the server.
#[component]
fn SettingsForm(role: Signal<Option<xiaoneng_domain::Role>>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Loaded::new(api::notifications::settings);
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let lang = RwSignal::new(Lang::ZhCn);
    let choices = RwSignal::new(Vec::<Preference>::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let summary_ref = NodeRef::new();
    let fill = move |s: NotificationSettings| {
        email.set(s.email.unwrap_or_default());
        mobile.set(s.mobile.unwrap_or_default());
        lang.set(s.lang);
        choices.set(s.preferences);
    };
    Effect::new(move |_| {
        if let Some(Ok(s)) = loaded.get() {
            fill(s);
        }
    });
    let delivery_of = move |kind: NotificationKind| {
        choices.with(|c| {
            c.iter()
                .find(|p| p.kind == kind)
                .map_or(Delivery::Immediate, |p| p.delivery)
        })
    };
    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
        })
    };
    let summary = Signal::derive(move || {
        summary_items(errors.get(), |f| format!("settings-{f}"), i18n.lang())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = NotificationSettings {
            email: Some(email.get_untracked()),
            mobile: Some(mobile.get_untracked()),
            lang: lang.get_untracked(),
            preferences: choices.get_untracked(),
        }
        .normalized();
        saved.set(false);
        if let Err(invalid) = settings.validate() {
            errors.set(api::invalid_fields(&invalid, i18n.lang()));
            focus_by_id("settings-summary");
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::notifications::save_settings(&settings).await {
                Ok(s) => {
                    errors.set(Vec::new());
                    fill(s);
                    saved.set(true);
                }
                Err(e) => {
                    errors.set(e.field_errors(i18n.t(), i18n.lang()));
                    focus_by_id("settings-summary");
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">{move || i18n.s().settings_title}</h2>
            <p class="muted">{move || i18n.s().settings_lead}</p>
            {move || match loaded.get() {
                Some(Err(e)) => view! {
                    <p class="notice notice--warning" role="alert">{e.describe(i18n.t(), i18n.lang())}" "
                        <button type="button" class="link-button--plain" on:click=move |_| loaded.refetch()>
                            {move || i18n.t().retry}
                        </button>
                    </p>
                }.into_any(),
                _ => ().into_any(),
            }}
            <form on:submit=submit novalidate>
                <div id="settings-summary" tabindex="-1">
                    <ErrorSummary items=summary node_ref=summary_ref />
                </div>
                <TextField id="settings-email" label=Signal::derive(move || i18n.s().settings_email)
                    error=error_of("email") value=email input_type="email" autocomplete="email" />
                <TextField id="settings-mobile" label=Signal::derive(move || i18n.s().settings_mobile)
                    hint=Signal::derive(move || i18n.s().settings_mobile_hint)
                    error=error_of("mobile") value=mobile input_type="tel" autocomplete="tel" />
                <div class="field">
                    <label class="field__label" for="settings-lang">{move || i18n.s().settings_lang}</label>
                    <select class="field__input" id="settings-lang"
                        on:change=move |ev| lang.set(Lang::from_tag(&event_target_value(&ev)).unwrap_or_default())>
                        {Lang::ALL.into_iter().map(|l| view! {
                            <option value=l.tag() selected=move || lang.get() == l>{l.endonym()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <table class="data-table">
                    <caption>{move || i18n.s().settings_kinds}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.s().settings_kind}</th>
                        <th scope="col">{move || i18n.s().settings_delivery}</th>
                    </tr></thead>
                    <tbody>
                        {move || NotificationKind::ALL.iter().copied()
                            .filter(|k| role.get().is_some_and(|r| k.reaches(r)))
                            .map(|kind| {
                            let id = format!("settings-kind-{}", kind.as_str());
                            view! {
                                <tr>
                                    <th scope="row"><label for=id.clone()>{move || kind.label(i18n.lang())}</label></th>
                                    <td>
                                        <select class="field__input" id=id
                                            on:change=move |ev| {
                                                let chosen = Delivery::parse(&event_target_value(&ev)).unwrap_or(Delivery::Immediate);
                                                choices.update(|c| {
                                                    c.retain(|p| p.kind != kind);
                                                    if chosen != Delivery::Immediate {
                                                        c.push(Preference { kind, delivery: chosen });
                                                    }
                                                });
                                            }>
                                            {Delivery::ALL.iter().copied()
                                                .filter(|d| *d != Delivery::Off || !kind.asks_to_act())
                                                .map(|d| view! {
                                                    <option value=d.as_str() selected=move || delivery_of(kind) == d>
                                                        {move || d.label(i18n.lang())}
                                                    </option>
                                                }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="muted">{move || i18n.s().settings_cannot_off}</p>
                <button type="submit" class="button" disabled=move || busy.get()>{move || i18n.s().settings_save}</button>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || i18n.s().settings_saved}</p>
                </Show>
            </form>
        </section>
    }
}
