//! Accounts and roles (administrators): the list with its filters in the
//! URL, a new account with a temporary password, and per account an editor
//! (name, role, unit, may sign in) and a password reset.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use xiaoneng_domain::Role;
use xiaoneng_domain::account::{Account, AccountEdit, NewAccount, PasswordReset};
use xiaoneng_domain::unit::Unit;

use crate::api;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::choices::Choices;
use crate::hooks::paged::{Load, Paged};
use crate::hooks::url_filter::{use_filtered_list, use_url_filter};
use crate::paths;
use crate::staff::admin::units::ImportBox;
use crate::staff::auth::require_sign_in;
use crate::texts::{I18n, use_i18n};

const FILTERS: [&str; 3] = ["q", "role", "active"];

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.users_title);
    let filter = use_url_filter(&FILTERS);
    let list = use_filtered_list::<Account>(api::accounts::LIST, filter, move || {
        me.get().is_some_and(|m| m.role == Role::Admin)
    });
    let units = Choices::new(|| async { api::units::all().await });

    let q = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let active = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filter.get();
        let get = |k: &str| {
            f.iter()
                .find(|(key, _)| *key == k)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        q.set(get("q"));
        role.set(get("role"));
        active.set(get("active"));
    });
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("q", Some(q.get_untracked().trim().to_owned())),
            ("role", Some(role.get_untracked())),
            ("active", Some(active.get_untracked())),
        ];
        navigate(
            &format!("{}{}", paths::ADMIN_USERS, api::query(&pairs)),
            Default::default(),
        );
    };
    let Paged { items, load, .. } = list;

    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().users_title}</h1>
            <NewUserForm units=units on_created=Callback::new(move |_| list.reload()) />
            <ImportBox endpoint=api::accounts::import_contacts staff=false title=|a| a.import_contacts_title lead=|a| a.import_contacts_lead
                id="contacts-import" on_written=Callback::new(move |_| list.reload()) />
            <form class="filters" role="search" on:submit=search>
                <div class="field field--compact">
                    <label class="field__label" for="users-q">{move || i18n.a().search_users}</label>
                    <input class="field__input" id="users-q" type="search" prop:value=move || q.get()
                        on:input=move |ev| q.set(event_target_value(&ev)) />
                </div>
                <div class="field field--compact">
                    <label class="field__label" for="users-role">{move || i18n.a().role}</label>
                    <select class="field__input" id="users-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="">{move || i18n.a().any}</option>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r.as_str()>{move || r.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field--compact">
                    <label class="field__label" for="users-active">{move || i18n.a().status}</label>
                    <select class="field__input" id="users-active" on:change=move |ev| active.set(event_target_value(&ev))>
                        <option value="">{move || i18n.a().any}</option>
                        <option value="true" selected=move || active.get() == "true">{move || i18n.a().active}</option>
                        <option value="false" selected=move || active.get() == "false">{move || i18n.a().inactive}</option>
                    </select>
                </div>
                <div class="filters__actions">
                    <button type="submit" class="button">{move || i18n.a().show}</button>
                </div>
            </form>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=5 /> }.into_any(),
                Load::Failed(error) => view! { <LoadError error=error on_retry=Callback::new(move |_| list.reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => view! { <p class="empty-state">{move || i18n.a().no_users}</p> }.into_any(),
                Load::Ready => view! {
                    <ul class="account-list">
                        <For each=move || items.get() key=|a| (a.id, a.version) let:account>
                            <AccountItem account=account units=units on_saved=Callback::new(move |_| list.reload()) />
                        </For>
                    </ul>
                    {list.more_button()}
                }.into_any(),
            }}
        </div>
    }
}

/// The units a select offers (active ones), with one already chosen.
fn unit_options(units: Choices<Unit>, chosen: RwSignal<String>) -> impl IntoView {
    move || {
        units
            .get()
            .into_iter()
            .filter(|u| u.active)
            .map(|u| {
                let v = u.id.to_string();
                let selected = chosen.get_untracked() == v;
                view! { <option value=v selected=selected>{u.name}</option> }
            })
            .collect_view()
    }
}

fn role_options(chosen: RwSignal<Role>, i18n: I18n) -> impl IntoView {
    Role::ALL
        .into_iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=move || chosen.get() == r>{move || r.label(i18n.lang())}</option>
            }
        })
        .collect_view()
}

#[component]
fn NewUserForm(units: Choices<Unit>, on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("new-user");
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Liaison);
    let unit = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let signs = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewAccount {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            unit_id: unit.get_untracked().parse().ok(),
            password: password.get_untracked(),
            email: Some(email.get_untracked()),
            mobile: Some(mobile.get_untracked()),
            signs_bulletins: signs.get_untracked(),
        };
        let checked = new.validate();
        form.send(
            checked,
            api::accounts::create(),
            new,
            None,
            move |account: Account| {
                form.succeed((i18n.a().created_user)(&account.username));
                username.set(String::new());
                display_name.set(String::new());
                password.set(String::new());
                email.set(String::new());
                mobile.set(String::new());
                signs.set(false);
                on_created.run(());
            },
        );
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">{move || i18n.a().new_user}</summary>
            <form class="panel__body" on:submit=submit novalidate>
                <p class="muted">{move || i18n.a().new_user_lead}</p>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="new-user-username" label=Signal::derive(move || i18n.a().username)
                        hint=Signal::derive(move || i18n.a().username_hint) error=form.error("username") value=username autocomplete="off" />
                    <TextField id="new-user-display_name" label=Signal::derive(move || i18n.a().display_name)
                        error=form.error("display_name") value=display_name autocomplete="off" />
                    <TextField id="new-user-email" label=Signal::derive(move || i18n.a().user_email)
                        error=form.error("email") value=email input_type="email" autocomplete="off" />
                    <TextField id="new-user-mobile" label=Signal::derive(move || i18n.a().user_mobile)
                        error=form.error("mobile") value=mobile input_type="tel" autocomplete="off" />
                    <div class="field">
                        <label class="field__label" for="new-user-role">{move || i18n.a().role}</label>
                        <select class="field__input" id="new-user-role"
                            on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                            {role_options(role, i18n)}
                        </select>
                    </div>
                    <div class="field" class:field--error=move || form.error("unit_id").get().is_some()>
                        <label class="field__label" for="new-user-unit_id">{move || i18n.a().unit}</label>
                        <p class="field__hint">{move || i18n.a().unit_hint}</p>
                        {move || form.error("unit_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="new-user-unit_id" on:change=move |ev| unit.set(event_target_value(&ev))>
                            <option value="">{move || i18n.a().no_unit}</option>
                            {unit_options(units, unit)}
                        </select>
                        {units.notice()}
                    </div>
                    <TextField id="new-user-password" label=Signal::derive(move || i18n.a().temporary_password)
                        hint=Signal::derive(move || i18n.a().temporary_password_hint) error=form.error("password")
                        value=password autocomplete="new-password" />
                </div>
                {move || (role.get() == Role::Office).then(|| view! { <SignsBulletins id="new-user-signs_bulletins".to_owned() signs=signs error=form.error("signs_bulletins") /> })}
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().create_user}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </details>
    }
}

#[component]
fn AccountItem(account: Account, units: Choices<Unit>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let role = account.role;
    let id = account.id;
    let inactive = !account.active;
    view! {
        <li class="account" class:account--inactive=inactive>
            <div class="account__head">
                <div class="account__who">
                    <span class="account__name">{account.display_name.clone()}</span>
                    <span class="account__username">{account.username.clone()}</span>
                </div>
                <div class="account__meta">
                    <span>{move || role.label(i18n.lang())}</span>
                    {account.unit_name.clone().map(|u| view! { <span class="muted">{u}</span> })}
                    {inactive.then(|| view! { <span class="tag tag--muted">{move || i18n.a().inactive}</span> })}
                    {account.must_change_password.then(|| view! { <span class="tag tag--info">{move || i18n.a().must_change}</span> })}
                </div>
                <button type="button" class="button button--secondary button--small"
                    aria-expanded=move || open.get().to_string() aria-controls=format!("account-{id}")
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { i18n.a().close } else { i18n.a().edit }}
                    <span class="visually-hidden">" "{account.username.clone()}</span>
                </button>
            </div>
            <Show when=move || open.get()>
                <div class="account__edit" id=format!("account-{id}")>
                    <AccountEditor account=account.clone() units=units on_saved=on_saved />
                    <PasswordResetForm account=account.clone() on_saved=on_saved />
                </div>
            </Show>
        </li>
    }
}

#[component]
fn AccountEditor(account: Account, units: Choices<Unit>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("edit-{}", account.id));
    let display_name = RwSignal::new(account.display_name.clone());
    let role = RwSignal::new(account.role);
    let unit = RwSignal::new(account.unit_id.map(|u| u.to_string()).unwrap_or_default());
    let active = RwSignal::new(account.active);
    let email = RwSignal::new(account.email.clone().unwrap_or_default());
    let mobile = RwSignal::new(account.mobile.clone().unwrap_or_default());
    let signs = RwSignal::new(account.signs_bulletins);
    let (id, version) = (account.id, account.version);
    let own = use_context::<crate::staff::auth::Auth>()
        .and_then(|a| a.me())
        .is_some_and(|m| m.id == id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = AccountEdit {
            display_name: display_name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            unit_id: unit.get_untracked().parse().ok(),
            active: active.get_untracked(),
            email: Some(email.get_untracked()),
            mobile: Some(mobile.get_untracked()),
            // Only an office user signs bulletins off: another role drops it.
            signs_bulletins: signs.get_untracked() && role.get_untracked() == Role::Office,
            version,
        };
        let checked = edit.validate(own);
        form.send(
            checked,
            api::accounts::update(id),
            edit,
            Some(on_saved),
            move |_: Account| {
                form.succeed(i18n.a().saved);
                on_saved.run(());
            },
        );
    };
    let (role_id, unit_id, active_id) = (form.id("role"), form.id("unit_id"), form.id("active"));
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="form-grid">
                <TextField id=form.id("display_name") label=Signal::derive(move || i18n.a().display_name)
                    error=form.error("display_name") value=display_name autocomplete="off" />
                <TextField id=form.id("email") label=Signal::derive(move || i18n.a().user_email)
                    error=form.error("email") value=email input_type="email" autocomplete="off" />
                <TextField id=form.id("mobile") label=Signal::derive(move || i18n.a().user_mobile)
                    error=form.error("mobile") value=mobile input_type="tel" autocomplete="off" />
                <div class="field" class:field--error=move || form.error("role").get().is_some()>
                    <label class="field__label" for=role_id.clone()>{move || i18n.a().role}</label>
                    {move || form.error("role").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <select class="field__input" id=role_id
                        on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                        {role_options(role, i18n)}
                    </select>
                </div>
                <div class="field" class:field--error=move || form.error("unit_id").get().is_some()>
                    <label class="field__label" for=unit_id.clone()>{move || i18n.a().unit}</label>
                    {move || form.error("unit_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <select class="field__input" id=unit_id on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="">{move || i18n.a().no_unit}</option>
                        {unit_options(units, unit)}
                    </select>
                    {units.notice()}
                </div>
            </div>
            <div class="check" class:field--error=move || form.error("active").get().is_some()>
                {move || form.error("active").get().map(|e| view! { <p class="field__error">{e}</p> })}
                <input type="checkbox" id=active_id.clone() prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev)) />
                <label for=active_id>{move || i18n.a().can_sign_in}</label>
            </div>
            {
                let signs_id = form.id("signs_bulletins");
                let error = form.error("signs_bulletins");
                move || (role.get() == Role::Office).then(|| view! { <SignsBulletins id=signs_id.clone() signs=signs error=error /> })
            }
            <div class="action__buttons">
                <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                <p class="form-done" role="status">{move || form.done.get()}</p>
            </div>
        </form>
    }
}

/// The approver checkbox, offered for an office user.
#[component]
fn SignsBulletins(
    id: String,
    signs: RwSignal<bool>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let for_id = id.clone();
    view! {
        <div class="check" class:field--error=move || error.get().is_some()>
            {move || error.get().map(|e| view! { <p class="field__error">{e}</p> })}
            <input type="checkbox" id=id prop:checked=move || signs.get()
                on:change=move |ev| signs.set(event_target_checked(&ev)) />
            <label for=for_id>{move || i18n.a().signs_bulletins}</label>
        </div>
    }
}

#[component]
fn PasswordResetForm(account: Account, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("reset-{}", account.id));
    let password = RwSignal::new(String::new());
    let (id, version, username) = (account.id, account.version, account.username.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reset = PasswordReset {
            password: password.get_untracked(),
            version,
        };
        let checked = reset.validate(&username);
        form.send(
            checked,
            api::accounts::reset_password(id),
            reset,
            Some(on_saved),
            move |_: Account| {
                form.succeed(i18n.a().reset_done);
                on_saved.run(());
            },
        );
    };
    view! {
        <form class="action__form" on:submit=submit novalidate>
            <h3>{move || i18n.a().reset_password}</h3>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <TextField id=form.id("password") label=Signal::derive(move || i18n.a().temporary_password)
                hint=Signal::derive(move || i18n.a().reset_password_hint) error=form.error("password")
                value=password autocomplete="new-password" />
            <div class="action__buttons">
                <button type="submit" class="button button--secondary" disabled=move || form.busy.get()>{move || i18n.a().reset_password}</button>
                <p class="form-done" role="status">{move || form.done.get()}</p>
            </div>
        </form>
    }
}
