//! The inbox: what asks the signed-in user to act, unread first, each
//! linking to its finding or citizen's report; marked read one by one.

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::notification::Notification;

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
        </div>
    }
}
