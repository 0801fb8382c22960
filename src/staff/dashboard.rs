//! The staff dashboard: each role's to-do list. The office sees what waits
//! for a decision and the deadlines running out; a liaison what their units
//! must verify and rectify, most urgent first; an inspector their visits;
//! a leader the figures. Each card links to the full, filtered list.

use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::Role;
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::record::{Dimension, Finding};

use crate::api;
use crate::components::chart::BarChart;
use crate::components::status::{DueTag, LoadError, Skeleton, SupervisedTag};
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::field::FieldTexts;
use crate::texts::staff::StaffTexts;
use crate::texts::{use_i18n, use_page_title};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_page_title(|t| t.dashboard_title);
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.t().dashboard_title}</h1>
            {move || match me.get() {
                None => view! { <Skeleton rows=2 /> }.into_any(),
                Some(me) => {
                    let who = format!(
                        "{} · {}{}",
                        me.display_name,
                        me.role.label(i18n.lang()),
                        me.unit_name.as_ref().map(|u| format!(" · {u}")).unwrap_or_default()
                    );
                    let body = match me.role {
                        Role::Office => view! { <OfficeTodo /> }.into_any(),
                        Role::Liaison => view! { <LiaisonTodo /> }.into_any(),
                        Role::Inspector => view! { <VisitsTodo title=|s| s.visits_title empty=|s| s.visits_empty /> }.into_any(),
                        Role::Leader => view! { <Figures /> }.into_any(),
                        Role::Admin => view! { <crate::staff::admin::AdminCards /> }.into_any(),
                    };
                    view! {
                        <p class="lead">
                            {move || i18n.t().signed_in_as}{move || i18n.lang().colon()}<strong>{who}</strong>" · "
                            <A href=crate::paths::PASSWORD>{move || i18n.s().password_title}</A>
                        </p>
                        {body}
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn OfficeTodo() -> impl IntoView {
    view! {
        <div class="todo-grid">
            <TodoCard title=|s| s.todo_overdue query="due=overdue" tone="overdue" />
            <TodoCard title=|s| s.todo_due_soon query="due=due_soon" tone="soon" />
            <TodoCard title=|s| s.todo_triage query="state=recorded" />
            <TodoCard title=|s| s.todo_decide query="state=verified" />
            <TodoCard title=|s| s.todo_reports query="state=report_submitted" />
            <TodoCard title=|s| s.todo_extensions query="state=rectifying&extension=requested" />
            <TodoCard title=|s| s.todo_accountability query="accountability=pending" />
            <ReassignmentsCard status="ending_soon" title=|s| s.todo_reassignments_ending tone="soon" />
            <ReassignmentsCard status="overdue" title=|s| s.todo_reassignments_overdue tone="overdue" />
            <CoverageCard />
        </div>
    }
}

/// Reassignments ending soon, or over with no return recorded: the first
/// page, each with its place and end, linking to the full list.
#[component]
fn ReassignmentsCard(
    status: &'static str,
    title: fn(&StaffTexts) -> &'static str,
    tone: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = Loaded::new(move || async move { api::accountability::reassignments(status).await });
    let href = format!("{}?status={status}", paths::REASSIGNMENTS);
    let id = format!("todo-reassignments-{status}");
    view! {
        <section class=format!("todo todo--{tone}") aria-labelledby=id.clone()>
            <div class="todo__head">
                <h2 id=id.clone()>{move || title(i18n.s())}</h2>
                <span class="todo__count">
                    {move || page.get().and_then(Result::ok).map(|p| {
                        format!("{}{}", p.items.len(), if p.next.is_some() { "+" } else { "" })
                    })}
                </span>
            </div>
            {move || match page.get() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| page.refetch()) /> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p class="muted">{move || i18n.s().todo_empty}</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <ul>
                        {p.items.into_iter().take(5).map(|r| view! {
                            <li>
                                {r.person_name.clone()}" · "{r.person_unit_name.clone()}
                                <br />
                                <span class="muted">{r.place.clone()}" · "{r.end.to_string()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <p class="more-link"><A href=href>{move || i18n.s().view_all}</A></p>
        </section>
    }
}

/// The office's round under way (or else the latest to start): units visited of
/// those targeted, with links to the plan and the round's findings.
#[component]
fn CoverageCard() -> impl IntoView {
    let i18n = use_i18n();
    // Every round of the office, however many pages.
    let rounds = Loaded::new(api::planning::office_rounds);
    let current = move || {
        rounds.get().map(|answer| {
            answer.map(|items| {
                let today = crate::clock::today();
                let running = items
                    .iter()
                    .filter(|r| r.starts_on <= today && today <= r.ends_on)
                    .max_by_key(|r| r.starts_on)
                    .cloned();
                running.or_else(|| {
                    items
                        .into_iter()
                        .filter(|r| r.starts_on <= today)
                        .max_by_key(|r| r.starts_on)
                })
            })
        })
    };
    view! {
        <section class="todo" aria-labelledby="todo-coverage">
            <div class="todo__head">
                <h2 id="todo-coverage">{move || i18n.s().todo_coverage}</h2>
            </div>
            {move || match current() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| rounds.refetch()) /> }.into_any(),
                Some(Ok(None)) => view! { <p class="muted">{move || i18n.s().no_rounds}</p> }.into_any(),
                Some(Ok(Some(r))) => {
                    let pct = (r.coverage.ratio() * 100.0).round();
                    let (visited, targeted) = (r.coverage.visited, r.coverage.targeted);
                    let left = r.unvisited.len();
                    view! {
                        <p><strong>{r.name.clone()}</strong><br />
                            <span class="muted">{format!("{} – {}", r.starts_on, r.ends_on)}</span></p>
                        <p>
                            {move || i18n.s().coverage_of.replace("{v}", &visited.to_string()).replace("{t}", &targeted.to_string())}
                            " · "{format!("{pct}%")}
                        </p>
                        <progress max=targeted.max(1) value=visited aria-label=move || i18n.s().coverage></progress>
                        {(left > 0).then(|| view! { <p class="muted">{move || (i18n.s().unvisited_n)(left)}</p> })}
                        <p>
                            <A href=paths::PLANNING>{move || i18n.s().nav_planning}</A>
                            " · "
                            <A href=format!("{}?round={}", paths::FINDINGS, r.id)>{move || i18n.s().round_findings}</A>
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn LiaisonTodo() -> impl IntoView {
    view! {
        <div class="todo-grid">
            <TodoCard title=|s| s.todo_verify query="state=fed_back" urgent_first=true />
            <TodoCard title=|s| s.todo_rectify query="state=rectifying" urgent_first=true />
            <VisitsTodo title=|s| s.units_visits_title empty=|s| s.units_visits_empty />
        </div>
    }
}

/// Up to five findings of a filter, with a link to all of them.
#[component]
fn TodoCard(
    title: fn(&StaffTexts) -> &'static str,
    query: &'static str,
    #[prop(default = "")] tone: &'static str,
    /// Sort by the running deadline, earliest first.
    #[prop(optional)]
    urgent_first: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = Loaded::new(move || async move { api::findings::first_page(query).await });
    let href = format!("{}?{query}", paths::FINDINGS);
    let id = format!("todo-{}", query.replace(['=', '_', '&'], "-"));
    let list = move || {
        page.get().map(|answer| {
            answer.map(|p| {
                let mut items: Vec<Finding> = p.items;
                if urgent_first {
                    items.sort_by_key(|f| f.progress.verify_by.or(f.progress.rectify_by));
                }
                (items, p.next.is_some())
            })
        })
    };
    view! {
        <section class=format!("todo todo--{tone}") aria-labelledby=id.clone()>
            <div class="todo__head">
                <h2 id=id.clone()>{move || title(i18n.s())}</h2>
                <span class="todo__count">
                    {move || list().and_then(Result::ok).map(|(items, more)| {
                        format!("{}{}", items.len(), if more { "+" } else { "" })
                    })}
                </span>
            </div>
            {move || match list() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| page.refetch()) /> }.into_any(),
                Some(Ok((items, _))) if items.is_empty() => view! { <p class="muted">{move || i18n.s().todo_empty}</p> }.into_any(),
                Some(Ok((items, _))) => view! {
                    <ul>
                        {items.into_iter().take(5).map(|f| view! {
                            <li>
                                <A href=format!("{}/{}", paths::FINDINGS, f.id)>{f.title.clone()}</A>
                                <br />
                                <span class="muted">{f.code.clone()}" · "{f.unit_name.clone()}</span>
                                " "
                                {f.due.map(|due| view! { <DueTag due=due /> })}
                {f.supervised_on.map(|_| view! { <SupervisedTag /> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <p class="more-link"><A href=href>{move || i18n.s().view_all}</A></p>
        </section>
    }
}

/// The visits still to make (today's, the coming ones, drafts not yet
/// submitted): an inspector's assigned visits, a liaison's units' own.
#[component]
pub(crate) fn VisitsTodo(
    title: fn(&FieldTexts) -> &'static str,
    empty: fn(&FieldTexts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    // Every visit of the caller's still to make, however many pages.
    let visits = Loaded::new(api::planning::open_visits);
    view! {
        <section class="todo" aria-labelledby="my-visits">
            <div class="todo__head"><h2 id="my-visits">{move || title(i18n.f())}</h2></div>
            {move || match visits.get() {
                None => view! { <Skeleton rows=2 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| visits.refetch()) /> }.into_any(),
                Some(Ok(open)) if open.is_empty() => {
                    view! { <p class="muted">{move || empty(i18n.f())}</p> }.into_any()
                }
                Some(Ok(mut items)) => {
                    items.sort_by_key(|v| v.planned_on);
                    let ahead = items.clone();
                    view! {
                        <crate::offline::FieldReady visits=ahead />
                        <ul>
                            {items.into_iter().map(|v| {
                                let mode = v.mode;
                                view! {
                                    <li>
                                        <A href=format!("{}/{}", paths::VISITS, v.id)>
                                            {v.planned_on.to_string()}" "{v.unit_name.clone()}
                                        </A>
                                        <br />
                                        <span class="muted">{move || mode.label(i18n.lang())}" · "{v.round_name.clone()}" · "{v.batch_name.clone()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The year's figures, drawn as SVG.
#[component]
fn Figures() -> impl IntoView {
    let i18n = use_i18n();
    let this_year = chrono::Datelike::year(&crate::clock::today());
    // Any year since the office began keeping records here, this year first.
    let year = RwSignal::new(this_year);
    let stats = Loaded::new(move || api::findings::stats(year.get()));
    view! {
        <div class="figures__head">
            <h2>{move || (i18n.s().figures_of)(year.get())}</h2>
            <div class="field field--compact">
                <label class="field__label" for="figures-year">{move || i18n.s().year_label}</label>
                <select class="field__input" id="figures-year"
                    on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                    {(xiaoneng_domain::validation::FIRST_YEAR..=this_year).rev().map(|y| view! {
                        <option value=y.to_string() selected=y == this_year>{y.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        {move || match stats.get() {
            None => view! { <Skeleton rows=3 /> }.into_any(),
            Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| stats.refetch()) /> }.into_any(),
            Some(Ok(s)) => {
                let months: Vec<(String, i64)> = s.by_month.iter().map(|c| (c.key.clone(), c.count)).collect();
                let dims = s.by_dimension.clone();
                let measures = s.by_measure.clone();
                let rate = s.rectified.rate();
                view! {
                    <div class="figures">
                        <section class="figure">
                            <h3>{move || i18n.s().by_month}</h3>
                            <BarChart title=Signal::derive(move || i18n.s().by_month.to_owned()) data=months value_label=Signal::derive(move || i18n.s().findings_count.to_owned()) />
                        </section>
                        <section class="figure">
                            <h3>{move || i18n.s().by_dimension}</h3>
                            <BarChart
                                title=Signal::derive(move || i18n.s().by_dimension.to_owned())
                                data=Signal::derive(move || dims.iter().map(|c| (
                                    Dimension::parse(&c.key).map(|d| d.label(i18n.lang()).to_owned()).unwrap_or_else(|| c.key.clone()),
                                    c.count,
                                )).collect())
                                value_label=Signal::derive(move || i18n.s().findings_count.to_owned())
                            />
                        </section>
                        <section class="figure">
                            <h3>{move || i18n.s().rectified_on_time}</h3>
                            <p class="figure__big">{rate.map(crate::texts::percent).unwrap_or_else(|| "—".into())}</p>
                            <p class="muted">{format!("{} / {}", s.rectified.on_time, s.rectified.closed)}</p>
                        </section>
                        <section class="figure">
                            <h3>{move || i18n.s().by_measure}</h3>
                            <BarChart
                                title=Signal::derive(move || i18n.s().by_measure.to_owned())
                                data=Signal::derive(move || measures.iter().map(|c| (
                                    MeasureKind::parse(&c.key).map(|m| m.label(i18n.lang()).to_owned()).unwrap_or_else(|| c.key.clone()),
                                    c.count,
                                )).collect())
                                value_label=Signal::derive(move || i18n.s().findings_count.to_owned())
                            />
                        </section>
                    </div>
                }
                .into_any()
            }
        }}
    }
}
