//! A unit's people (administrators, the office, and a liaison for their own
//! units): its staff, its posts with their A and B person — a post without
//! a B is flagged, since service stops when A is away — and the away-from-
//! post notices in force now, as an inspector will check them on a visit.

use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use xiaoneng_domain::staff::{AwayNotice, NewAwayNotice, Post, PostInput, Staff, StaffInput};

use crate::api;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

/// Beijing time as a `datetime-local` input shows it, and back.
fn to_input(at: DateTime<Utc>) -> String {
    crate::clock::beijing_time(at, crate::clock::Shown::Input)
}

fn from_input(value: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .ok()
        .map(xiaoneng_domain::beijing::from_local)
}

fn shown(at: DateTime<Utc>) -> String {
    crate::clock::beijing_time(at, crate::clock::Shown::DayAndTime)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.people_title);
    let query = use_query_map();
    let unit = Memo::new(move |_| {
        query
            .with(|q| q.get("unit").and_then(|u| u.parse::<i64>().ok()))
            .or_else(|| me.get().and_then(|m| m.unit_id))
    });
    let units = Choices::new(|| async { api::units::all().await });
    // Bumped after every change: the three lists read again.
    let changed = RwSignal::new(0u32);
    let data = Loaded::new(move || {
        let (unit, _, signed_in) = (unit.get(), changed.get(), me.get().is_some());
        async move {
            let unit = unit.filter(|_| signed_in)?;
            let staff = api::units::staff(unit).await;
            let posts = api::units::posts(unit).await;
            let notices = api::units::notices_in_force(unit).await;
            Some(match (staff, posts, notices) {
                (Ok(s), Ok(p), Ok(n)) => Ok((s, p, n)),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Err(e),
            })
        }
    });
    let navigate = use_navigate();
    let choose = move |ev: leptos::ev::Event| {
        navigate(
            &format!("{}?unit={}", paths::ADMIN_PEOPLE, event_target_value(&ev)),
            Default::default(),
        );
    };
    let reload = Callback::new(move |_| changed.update(|c| *c += 1));
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().people_title}</h1>
            <p class="lead">{move || i18n.a().people_lead}</p>
            <div class="filters">
                <div class="field field--compact">
                    <label class="field__label" for="people-unit">{move || i18n.a().unit}</label>
                    <select class="field__input" id="people-unit" on:change=choose>
                        <option value="" selected=move || unit.get().is_none()>{move || i18n.a().choose_unit}</option>
                        {move || units.get().into_iter().filter(|u| u.active).map(|u| {
                            let id = u.id;
                            view! { <option value=id.to_string() selected=move || unit.get() == Some(id)>{u.name}</option> }
                        }).collect_view()}
                    </select>
                    {units.notice()}
                </div>
            </div>
            {move || match (unit.get(), data.get().flatten()) {
                (None, _) => view! { <p class="empty-state">{move || i18n.a().choose_unit_first}</p> }.into_any(),
                (Some(_), None) => view! { <Skeleton rows=5 /> }.into_any(),
                (Some(_), Some(Err(e))) => view! { <LoadError error=e on_retry=reload /> }.into_any(),
                (Some(unit), Some(Ok((staff, posts, notices)))) => view! {
                    <StaffSection unit=unit staff=staff.clone() reload=reload />
                    <PostsSection unit=unit staff=staff.clone() posts=posts reload=reload />
                    <NoticesSection staff=staff notices=notices reload=reload />
                }.into_any(),
            }}
        </div>
    }
}

fn staff_options(staff: &[Staff], chosen: RwSignal<String>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let options = staff
        .iter()
        .filter(|s| s.active)
        .map(|s| {
            let v = s.id.to_string();
            let selected = chosen.get_untracked() == v;
            view! { <option value=v selected=selected>{s.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <option value="">{move || i18n.a().nobody}</option>
        {options}
    }
}

#[component]
fn StaffSection(unit: i64, staff: Vec<Staff>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("staff");
    let name = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = StaffInput {
            name: name.get_untracked().trim().to_owned(),
            title: title.get_untracked().trim().to_owned(),
            active: true,
            version: None,
        };
        let checked = input.validate();
        form.send(
            checked,
            api::units::add_staff(unit),
            input,
            None,
            move |s: Staff| {
                form.succeed(format!("{} ✓", s.name));
                name.set(String::new());
                title.set(String::new());
                reload.run(());
            },
        );
    };
    view! {
        <section class="people-section" aria-labelledby="staff-title">
            <h2 id="staff-title">{move || i18n.a().staff_title}</h2>
            {if staff.is_empty() {
                view! { <p class="empty-state">{move || i18n.a().no_staff}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{move || i18n.a().display_name}</th>
                            <th scope="col">{move || i18n.a().job_title}</th>
                            <th scope="col">{move || i18n.a().status}</th>
                            <th scope="col"><span class="visually-hidden">{move || i18n.a().edit}</span></th>
                        </tr></thead>
                        <tbody>
                            {staff.into_iter().map(|s| view! { <StaffRow person=s reload=reload /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <form class="action__form" on:submit=add novalidate>
                <h3>{move || i18n.a().add_staff}</h3>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="staff-name" label=Signal::derive(move || i18n.a().display_name) error=form.error("name") value=name />
                    <TextField id="staff-title" label=Signal::derive(move || i18n.a().job_title) error=form.error("title") value=title />
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().add_staff}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}

/// One person: edit their name and title in place, or (de)activate them;
/// a refusal shows under the row, a stale edit reloads the list.
#[component]
fn StaffRow(person: Staff, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("staff-{}", person.id));
    let editing = RwSignal::new(false);
    let name = RwSignal::new(person.name.clone());
    let title = RwSignal::new(person.title.clone());
    let (id, version, active) = (person.id, person.version, person.active);
    let save = move |input: StaffInput| {
        let checked = input.validate();
        form.send(
            checked,
            api::units::update_staff(id),
            input,
            Some(reload),
            move |_: Staff| reload.run(()),
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(StaffInput {
            name: name.get_untracked().trim().to_owned(),
            title: title.get_untracked().trim().to_owned(),
            active,
            version: Some(version),
        });
    };
    let (was_name, was_title) = (person.name.clone(), person.title.clone());
    let toggle = move |_| {
        save(StaffInput {
            name: was_name.clone(),
            title: was_title.clone(),
            active: !active,
            version: Some(version),
        })
    };
    let who = person.name.clone();
    view! {
        <tr>
            <td>{person.name.clone()}</td>
            <td>{person.title.clone()}</td>
            <td>{move || if active { i18n.a().active } else { i18n.a().inactive }}</td>
            <td class="row-actions">
                <EditToggle editing=editing who=who />
                <button type="button" class="link-button--plain" disabled=move || form.busy.get() on:click=toggle>
                    {move || if active { i18n.a().deactivate } else { i18n.a().reactivate }}
                    <span class="visually-hidden">" "{person.name.clone()}</span>
                </button>
            </td>
        </tr>
        {move || (!editing.get()).then(|| form.error("form").get()).flatten().map(|e| view! {
            <tr><td colspan="4"><p class="field__error" role="alert">{e}</p></td></tr>
        })}
        <EditorRow editing=editing form=form on_submit=Callback::new(submit)>
            <TextField id=form.id("name") label=Signal::derive(move || i18n.a().display_name) error=form.error("name") value=name />
            <TextField id=form.id("title") label=Signal::derive(move || i18n.a().job_title) error=form.error("title") value=title />
        </EditorRow>
    }
}

/// Opens and closes a row's own editor; says whose it is to a screen reader.
#[component]
fn EditToggle(editing: RwSignal<bool>, who: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="link-button--plain" aria-expanded=move || editing.get().to_string()
            on:click=move |_| editing.update(|e| *e = !*e)>
            {move || i18n.a().edit}<span class="visually-hidden">" "{who.clone()}</span>
        </button>
    }
}

/// A table row's editor, in a full-width row beneath it while open: the
/// fields (`children`), the error summary, save and cancel.
#[component]
fn EditorRow(
    editing: RwSignal<bool>,
    form: FormState,
    on_submit: Callback<leptos::ev::SubmitEvent>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || editing.get()>
            <tr class="row-editor">
                <td colspan="4">
                    <form class="action__form" on:submit=move |ev| on_submit.run(ev) novalidate>
                        <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                        <div class="form-grid">{children()}</div>
                        <div class="action__buttons">
                            <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                            <button type="button" class="button button--secondary" on:click=move |_| editing.set(false)>{move || i18n.s().cancel}</button>
                        </div>
                    </form>
                </td>
            </tr>
        </Show>
    }
}

/// One post: change its name or its A and B person (fill in a missing B).
#[component]
fn PostRow(post: Post, staff: StoredValue<Vec<Staff>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("post-{}", post.id));
    let editing = RwSignal::new(false);
    let name = RwSignal::new(post.name.clone());
    let id_of = |s: &Option<xiaoneng_domain::staff::StaffRef>| {
        s.as_ref().map(|s| s.id.to_string()).unwrap_or_default()
    };
    let a = RwSignal::new(id_of(&post.a));
    let b = RwSignal::new(id_of(&post.b));
    let (id, version) = (post.id, post.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PostInput {
            name: name.get_untracked().trim().to_owned(),
            a_staff_id: a.get_untracked().parse().ok(),
            b_staff_id: b.get_untracked().parse().ok(),
            version: Some(version),
        };
        let checked = input.validate();
        form.send(
            checked,
            api::units::update_post(id),
            input,
            Some(reload),
            move |_: Post| reload.run(()),
        );
    };
    let who = post.name.clone();
    let (a_id, b_id) = (form.id("a_staff_id"), form.id("b_staff_id"));
    view! {
        <tr>
            <td>{post.name.clone()}</td>
            <td>{post.a.map(|s| s.name)}</td>
            <td>
                {match post.b {
                    Some(s) => view! { <span>{s.name}</span> }.into_any(),
                    None => view! { <span class="tag tag--due-soon">{move || i18n.a().no_b}</span> }.into_any(),
                }}
            </td>
            <td class="row-actions">
                <EditToggle editing=editing who=who />
            </td>
        </tr>
        <EditorRow editing=editing form=form on_submit=Callback::new(submit)>
            <TextField id=form.id("name") label=Signal::derive(move || i18n.a().post) error=form.error("name") value=name />
            <div class="field">
                <label class="field__label" for=a_id.clone()>{move || i18n.a().a_person}</label>
                <select class="field__input" id=a_id.clone() on:change=move |ev| a.set(event_target_value(&ev))>
                    {staff.with_value(|s| staff_options(s, a))}
                </select>
            </div>
            <div class="field" class:field--error=move || form.error("b_staff_id").get().is_some()>
                <label class="field__label" for=b_id.clone()>{move || i18n.a().b_person}</label>
                {move || form.error("b_staff_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                <select class="field__input" id=b_id.clone() on:change=move |ev| b.set(event_target_value(&ev))>
                    {staff.with_value(|s| staff_options(s, b))}
                </select>
            </div>
        </EditorRow>
    }
}

#[component]
fn PostsSection(
    unit: i64,
    staff: Vec<Staff>,
    posts: Vec<Post>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("post");
    let name = RwSignal::new(String::new());
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PostInput {
            name: name.get_untracked().trim().to_owned(),
            a_staff_id: a.get_untracked().parse().ok(),
            b_staff_id: b.get_untracked().parse().ok(),
            version: None,
        };
        let checked = input.validate();
        form.send(
            checked,
            api::units::add_post(unit),
            input,
            None,
            move |p: Post| {
                form.succeed(format!("{} ✓", p.name));
                name.set(String::new());
                reload.run(());
            },
        );
    };
    let missing = posts.iter().filter(|p| p.missing_b).count();
    let everyone = StoredValue::new(staff.clone());
    view! {
        <section class="people-section" aria-labelledby="posts-title">
            <h2 id="posts-title">{move || i18n.a().posts_title}</h2>
            {(missing > 0).then(|| view! { <p class="notice notice--warning">{move || (i18n.a().posts_without_b)(missing)}</p> })}
            {if posts.is_empty() {
                view! { <p class="empty-state">{move || i18n.a().no_posts}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{move || i18n.a().post}</th>
                            <th scope="col">{move || i18n.a().a_person}</th>
                            <th scope="col">{move || i18n.a().b_person}</th>
                            <th scope="col"><span class="visually-hidden">{move || i18n.a().edit}</span></th>
                        </tr></thead>
                        <tbody>
                            {posts.into_iter().map(|p| view! { <PostRow post=p staff=everyone reload=reload /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <form class="action__form" on:submit=add novalidate>
                <h3>{move || i18n.a().add_post}</h3>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="post-name" label=Signal::derive(move || i18n.a().post) error=form.error("name") value=name />
                    <div class="field">
                        <label class="field__label" for="post-a_staff_id">{move || i18n.a().a_person}</label>
                        <select class="field__input" id="post-a_staff_id" on:change=move |ev| a.set(event_target_value(&ev))>
                            {staff_options(&staff, a)}
                        </select>
                    </div>
                    <div class="field" class:field--error=move || form.error("b_staff_id").get().is_some()>
                        <label class="field__label" for="post-b_staff_id">{move || i18n.a().b_person}</label>
                        {move || form.error("b_staff_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="post-b_staff_id" on:change=move |ev| b.set(event_target_value(&ev))>
                            {staff_options(&staff, b)}
                        </select>
                    </div>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().add_post}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}

#[component]
fn NoticesSection(
    staff: Vec<Staff>,
    notices: Vec<AwayNotice>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("notice");
    let who = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let now = Utc::now();
    let from = RwSignal::new(to_input(now));
    let back = RwSignal::new(to_input(now + chrono::Duration::hours(2)));
    let cover = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(staff_id) = who.get_untracked().parse::<i64>() else {
            form.refuse(vec![(
                "staff_id".into(),
                xiaoneng_domain::Reason::Required.message(i18n.lang()),
            )]);
            return;
        };
        let (away_from, expected_return) = (
            from_input(&from.get_untracked()),
            from_input(&back.get_untracked()),
        );
        // Each empty or unreadable time is named by its own field.
        let unread: Vec<(String, String)> = [
            ("away_from", away_from),
            ("expected_return", expected_return),
        ]
        .into_iter()
        .filter(|(_, at)| at.is_none())
        .map(|(f, _)| {
            (
                f.to_owned(),
                xiaoneng_domain::Reason::Required.message(i18n.lang()),
            )
        })
        .collect();
        let (Some(away_from), Some(expected_return)) = (away_from, expected_return) else {
            form.refuse(unread);
            return;
        };
        let notice = NewAwayNotice {
            staff_id,
            reason: reason.get_untracked().trim().to_owned(),
            away_from,
            expected_return,
            covered_by: cover.get_untracked().parse().ok(),
        };
        let checked = notice.validate();
        form.send(
            checked,
            api::units::post_notice(),
            notice,
            None,
            move |n: AwayNotice| {
                form.succeed(format!("{} ✓", n.staff.name));
                reason.set(String::new());
                reload.run(());
            },
        );
    };
    view! {
        <section class="people-section" aria-labelledby="notices-title">
            <h2 id="notices-title">{move || i18n.a().notices_title}</h2>
            {if notices.is_empty() {
                view! { <p class="empty-state">{move || i18n.a().no_notices}</p> }.into_any()
            } else {
                view! {
                    <ul class="notice-list">
                        {notices.into_iter().map(|n| view! {
                            <li class="notice">
                                <strong>{n.staff.name.clone()}</strong>" · "{n.reason.clone()}
                                {n.late.then(|| view! { " "<span class="tag tag--due-overdue">{move || i18n.f().notice_late}</span> })}
                                <br />
                                <span class="muted">
                                    {shown(n.away_from)}" – "{shown(n.expected_return)}
                                    {n.covered_by.map(|c| format!(" · {}", c.name))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="action__form" on:submit=add novalidate>
                <h3>{move || i18n.a().add_notice}</h3>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <div class="field" class:field--error=move || form.error("staff_id").get().is_some()>
                        <label class="field__label" for="notice-staff_id">{move || i18n.a().who_is_away}</label>
                        {move || form.error("staff_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="notice-staff_id" on:change=move |ev| who.set(event_target_value(&ev))>
                            {staff_options(&staff, who)}
                        </select>
                    </div>
                    <TextField id="notice-reason" label=Signal::derive(move || i18n.a().away_reason) error=form.error("reason") value=reason />
                    <TextField id="notice-away_from" label=Signal::derive(move || i18n.a().away_from) error=form.error("away_from") value=from input_type="datetime-local" />
                    <TextField id="notice-expected_return" label=Signal::derive(move || i18n.a().expected_return) error=form.error("expected_return") value=back input_type="datetime-local" />
                    <div class="field" class:field--error=move || form.error("covered_by").get().is_some()>
                        <label class="field__label" for="notice-covered_by">{move || i18n.a().covered_by}</label>
                        {move || form.error("covered_by").get().map(|e| view! { <p class="field__error">{e}</p> })}
                        <select class="field__input" id="notice-covered_by" on:change=move |ev| cover.set(event_target_value(&ev))>
                            {staff_options(&staff, cover)}
                        </select>
                    </div>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().add_notice}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}
