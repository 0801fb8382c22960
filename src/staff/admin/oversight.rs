//! Special supervisors and commitment letters (the office and
//! administrators keep them; leaders read). The roster with each person's
//! yearly record — computed by the server from the visits they joined — and
//! the office's grade; the year's commitment letter, its completion per unit
//! (units below 100 % listed first) and the signatures.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use xiaoneng_domain::oversight::{
    Assessment, AssessmentInput, Assignment, Grade, Letter, LetterInput, NewAssignment,
    NewSignature, Supervisor, SupervisorInput, SupervisorKind,
};
use xiaoneng_domain::planning::{Visit, VisitStatus};
use xiaoneng_domain::{ErrorCode, Invalid, Reason, Role};

use crate::api;
use crate::clock::today;
use crate::components::form::{ErrorSummary, TextField};
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::Paged;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), crate::texts::percent)
}

fn year_select(id: &'static str, year: RwSignal<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let now = today().year();
    view! {
        <div class="field field--compact">
            <label class="field__label" for=id>{move || i18n.a().year}</label>
            <select class="field__input" id=id on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                {(2020..=now).rev().map(|y| view! { <option value=y.to_string() selected=move || year.get() == y>{y}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn SupervisorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.supervisors_title);
    let year = RwSignal::new(today().year());
    let changed = RwSignal::new(0u32);
    let roster = Paged::<Supervisor>::new(api::oversight::supervisors_page);
    Effect::new(move |_| {
        changed.track();
        if me.get().is_some() {
            roster.reload();
        }
    });
    let keeps = Signal::derive(move || {
        me.get()
            .is_some_and(|m| matches!(m.role, Role::Office | Role::Admin))
    });
    let grades = Signal::derive(move || me.get().is_some_and(|m| m.role == Role::Office));
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().supervisors_title}</h1>
            <p class="lead">{move || i18n.a().supervisors_lead}</p>
            <Show when=move || keeps.get()>
                <NewSupervisorForm on_saved=Callback::new(move |_| changed.update(|c| *c += 1)) />
            </Show>
            <div class="filters">{year_select("supervisors-year", year)}</div>
            {roster.view("account-list", move || i18n.a().no_supervisors, move |s: Supervisor| {
                view! { <SupervisorItem supervisor=s year=year grades=grades /> }
            })}
        </div>
    }
}

#[component]
fn NewSupervisorForm(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("supervisor");
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(SupervisorKind::Deputy);
    let affiliation = RwSignal::new(String::new());
    let areas = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let start = RwSignal::new(today().to_string());
    let end = RwSignal::new(
        today()
            .with_year(today().year() + 2)
            .unwrap_or_else(today)
            .to_string(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date =
            |s: RwSignal<String>| NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").ok();
        let (term_start, term_end) = (date(start), date(end));
        // Each empty date is named by its own field.
        let unread: Vec<(String, String)> = [("term_start", term_start), ("term_end", term_end)]
            .into_iter()
            .filter(|(_, d)| d.is_none())
            .map(|(f, _)| {
                (
                    f.to_owned(),
                    xiaoneng_domain::Reason::Required.message(i18n.lang()),
                )
            })
            .collect();
        let (Some(term_start), Some(term_end)) = (term_start, term_end) else {
            form.refuse(unread);
            return;
        };
        let input = SupervisorInput {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            affiliation: affiliation.get_untracked().trim().to_owned(),
            areas: areas.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
            term_start,
            term_end,
            active: true,
            version: None,
        };
        let checked = input.validate();
        form.send(
            checked,
            api::oversight::add_supervisor(),
            input,
            None,
            move |s: Supervisor| {
                form.succeed(format!("{} ✓", s.name));
                name.set(String::new());
                on_saved.run(());
            },
        );
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">{move || i18n.a().new_supervisor}</summary>
            <form class="panel__body" on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="form-grid">
                    <TextField id="supervisor-name" label=Signal::derive(move || i18n.a().display_name) error=form.error("name") value=name />
                    <div class="field">
                        <label class="field__label" for="supervisor-kind">{move || i18n.a().supervisor_kind}</label>
                        <select class="field__input" id="supervisor-kind"
                            on:change=move |ev| if let Some(k) = SupervisorKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                            {SupervisorKind::ALL.iter().map(|k| { let k = *k; view! {
                                <option value=k.as_str() selected=move || kind.get() == k>{move || k.label(i18n.lang())}</option>
                            }}).collect_view()}
                        </select>
                    </div>
                    <TextField id="supervisor-affiliation" label=Signal::derive(move || i18n.a().affiliation) error=form.error("affiliation") value=affiliation />
                    <TextField id="supervisor-areas" label=Signal::derive(move || i18n.a().areas) error=form.error("areas") value=areas />
                    <TextField id="supervisor-phone" label=Signal::derive(move || i18n.a().phone) error=form.error("phone") value=phone input_type="tel" />
                    <TextField id="supervisor-term_start" label=Signal::derive(move || i18n.a().term_start) error=form.error("term_start") value=start input_type="date" />
                    <TextField id="supervisor-term_end" label=Signal::derive(move || i18n.a().term_end) error=form.error("term_end") value=end input_type="date" />
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().new_supervisor}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </details>
    }
}

#[component]
fn SupervisorItem(
    supervisor: Supervisor,
    year: RwSignal<i32>,
    grades: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let id = supervisor.id;
    let kind = supervisor.kind;
    let whole = StoredValue::new(supervisor.clone());
    view! {
        <li class="account">
            <div class="account__head">
                <div class="account__who">
                    <span class="account__name">{supervisor.name.clone()}</span>
                    <span class="account__username">{supervisor.affiliation.clone()}</span>
                </div>
                <div class="account__meta">
                    <span>{move || kind.label(i18n.lang())}</span>
                    <span class="muted">{format!("{} – {}", supervisor.term_start, supervisor.term_end)}</span>
                    {(!supervisor.areas.is_empty()).then(|| view! { <span class="muted">{supervisor.areas.clone()}</span> })}
                </div>
                <button type="button" class="button button--secondary button--small"
                    aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                    {move || (i18n.a().assessment_of)(year.get())}
                    <span class="visually-hidden">" "{supervisor.name.clone()}</span>
                </button>
            </div>
            <Show when=move || open.get()>
                <AssessmentBox id=id year=year grades=grades />
                <Show when=move || grades.get()>
                    <AssignmentsBox supervisor=whole.get_value() year=year />
                </Show>
            </Show>
        </li>
    }
}

/// The visits a supervisor joins in the year, and joining another one
/// (the office's: it is part of the plan, which only the office sees).
#[component]
fn AssignmentsBox(supervisor: Supervisor, year: RwSignal<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = supervisor.id;
    let form = FormState::new(format!("assign-{id}"));
    let changed = RwSignal::new(0u32);
    let assigned = Loaded::new(move || {
        let (y, _) = (year.get(), changed.get());
        async move { api::oversight::assignments(id, y).await }
    });
    // Visits still to be made within the term: the ones a supervisor can join.
    let planned = Choices::new(move || async move { api::planning::open_visits().await });
    let choices = Signal::derive(move || {
        let taken: Vec<i64> = assigned
            .get()
            .and_then(Result::ok)
            .map(|a| a.iter().map(|a| a.visit_id).collect())
            .unwrap_or_default();
        let mut visits: Vec<Visit> = planned
            .get()
            .into_iter()
            .filter(|v| {
                v.status == VisitStatus::Planned
                    && supervisor.serves_on(v.planned_on)
                    && !taken.contains(&v.id)
            })
            .collect();
        visits.sort_by_key(|v| (v.planned_on, v.id));
        visits
    });
    let visit = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = visit.get_untracked().parse::<i64>();
        let mut checked = Invalid::default();
        if picked.is_err() {
            checked.add("visit_id", Reason::Required);
        }
        form.send(
            checked.into_result(),
            api::oversight::assign(id),
            NewAssignment {
                visit_id: picked.unwrap_or_default(),
            },
            None,
            move |a: Assignment| {
                form.succeed((i18n.a().assigned_to)(&a.unit_name, a.planned_on));
                visit.set(String::new());
                changed.update(|c| *c += 1);
            },
        );
    };
    let select_id = form.id("visit_id");
    view! {
        <section class="account__edit" aria-label=move || i18n.a().assignments>
            <h3>{move || i18n.a().assignments}</h3>
            {move || match assigned.get() {
                None => view! { <Skeleton rows=2 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| assigned.refetch()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{move || i18n.a().no_assignments}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|a| {
                            let done = a.submitted_at.is_some();
                            view! {
                                <li>
                                    {a.planned_on.to_string()}" · "{a.unit_name}" "
                                    {if done {
                                        view! { <span class="tag tag--done">{move || i18n.a().visit_made}</span> }.into_any()
                                    } else {
                                        view! { <span class="tag tag--muted">{move || i18n.a().visit_to_make}</span> }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <form class="action__form" on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="field" class:field--error=move || form.error("visit_id").get().is_some()>
                    <label class="field__label" for=select_id.clone()>{move || i18n.a().join_visit}</label>
                    <p class="field__hint">{move || i18n.a().join_visit_hint}</p>
                    {move || form.error("visit_id").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <select class="field__input" id=select_id.clone() on:change=move |ev| visit.set(event_target_value(&ev))>
                        <option value="" selected=move || visit.get().is_empty()>{move || i18n.a().pick_visit}</option>
                        {move || choices.get().into_iter().map(|v| {
                            let value = v.id.to_string();
                            let label = format!("{} · {} · {}", v.planned_on, v.unit_name, v.mode.label(i18n.lang()));
                            view! { <option value=value.clone() selected=move || visit.get() == value>{label}</option> }
                        }).collect_view()}
                    </select>
                    {planned.notice()}
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button button--secondary" disabled=move || form.busy.get()>{move || i18n.a().assign}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </section>
    }
}

#[component]
fn AssessmentBox(id: i64, year: RwSignal<i32>, grades: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let assessment = Loaded::new(move || {
        let y = year.get();
        async move { api::oversight::assessment(id, y).await }
    });
    // Outlives the form, which is drawn again with the saved assessment.
    let note = RwSignal::new(None::<String>);
    view! {
        {move || note.get().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
        {move || match assessment.get() {
            None => view! { <Skeleton rows=2 /> }.into_any(),
            Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| assessment.refetch()) /> }.into_any(),
            Some(Ok(a)) => {
                let r = a.record.clone();
                view! {
                    <div class="account__edit">
                        <dl class="figures figures--small">
                            <div><dt>{move || i18n.a().visits_made}</dt><dd>{format!("{} / {}", r.visits_made, r.visits_assigned)}</dd></div>
                            <div><dt>{move || i18n.a().on_time}</dt><dd>{percent(r.timeliness)}</dd></div>
                            <div><dt>{move || i18n.a().findings_raised}</dt><dd>{r.findings_raised}</dd></div>
                            <div><dt>{move || i18n.a().substantiated_share}</dt><dd>{percent(r.substantiated_share)}</dd></div>
                        </dl>
                        <GradeForm id=id assessment=a grades=grades note=note on_saved=Callback::new(move |_| assessment.refetch()) />
                    </div>
                }.into_any()
            }
        }}
    }
}

#[component]
fn GradeForm(
    id: i64,
    assessment: Assessment,
    grades: Signal<bool>,
    note: RwSignal<Option<String>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(format!("grade-{id}"));
    let grade = RwSignal::new(assessment.grade.unwrap_or(Grade::Competent));
    let comment = RwSignal::new(assessment.comment.clone());
    let (year, version) = (assessment.year, assessment.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AssessmentInput {
            grade: grade.get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
            version,
        };
        let checked = input.validate();
        form.send(
            checked,
            api::oversight::grade(id, year),
            input,
            Some(on_saved),
            move |_: Assessment| {
                form.succeed(String::new());
                note.set(Some(i18n.a().saved.to_owned()));
                on_saved.run(());
            },
        );
    };
    let graded = assessment
        .grade
        .map(|g| (g, assessment.assessed_by.clone().unwrap_or_default()));
    let (grade_id, comment_id) = (form.id("grade"), form.id("comment"));
    view! {
        {graded.map(|(g, by)| view! { <p>{move || i18n.a().grade}{move || i18n.lang().colon()}<strong>{move || g.label(i18n.lang())}</strong>" · "{by.clone()}</p> })}
        <Show when=move || grades.get()>
            <form class="action__form" on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <div class="field">
                    <label class="field__label" for=grade_id.clone()>{move || i18n.a().grade}</label>
                    <select class="field__input" id=grade_id.clone()
                        on:change=move |ev| if let Some(g) = Grade::parse(&event_target_value(&ev)) { grade.set(g) }>
                        {Grade::ALL.iter().map(|g| { let g = *g; view! {
                            <option value=g.as_str() selected=move || grade.get() == g>{move || g.label(i18n.lang())}</option>
                        }}).collect_view()}
                    </select>
                </div>
                <div class="field" class:field--error=move || form.error("comment").get().is_some()>
                    <label class="field__label" for=comment_id.clone()>{move || i18n.a().grade_comment}</label>
                    {move || form.error("comment").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <textarea class="field__input" id=comment_id.clone() rows="2" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </Show>
    }
}

#[component]
pub fn CommitmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    crate::texts::use_admin_title(|a| a.commitments_title);
    let year = RwSignal::new(today().year());
    let changed = RwSignal::new(0u32);
    let letter = Loaded::new(move || {
        let (y, _, signed_in) = (year.get(), changed.get(), me.get().is_some());
        async move {
            if !signed_in {
                return None;
            }
            Some(api::oversight::letter(y).await)
        }
    });
    let completion = Loaded::new(move || {
        let (y, _, signed_in) = (year.get(), changed.get(), me.get().is_some());
        async move {
            if !signed_in {
                return None;
            }
            Some(api::oversight::completion(y).await)
        }
    });
    let keeps = Signal::derive(move || {
        me.get()
            .is_some_and(|m| matches!(m.role, Role::Office | Role::Admin))
    });
    let signs = Signal::derive(move || {
        me.get()
            .is_some_and(|m| matches!(m.role, Role::Office | Role::Admin | Role::Liaison))
    });
    let reload = Callback::new(move |_| changed.update(|c| *c += 1));
    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::ADMIN>{move || i18n.a().back_to_admin}</A></p>
            <h1>{move || i18n.a().commitments_title}</h1>
            <p class="lead">{move || i18n.a().commitments_lead}</p>
            <div class="filters">{year_select("commitments-year", year)}</div>
            {move || match letter.get().flatten() {
                None => view! { <Skeleton rows=3 /> }.into_any(),
                Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
                    <p class="empty-state">{move || i18n.a().no_letter}</p>
                    <Show when=move || keeps.get()><LetterForm year=year.get_untracked() letter=None on_saved=reload /></Show>
                }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=reload /> }.into_any(),
                Some(Ok(l)) => {
                    let shown = l.clone();
                    view! {
                        <article class="letter">
                            <h2>{shown.title.clone()}</h2>
                            <p class="prose">{shown.text.clone()}</p>
                        </article>
                        <Show when=move || keeps.get()>
                            <LetterForm year=l.year letter=Some(l.clone()) on_saved=reload />
                        </Show>
                    }.into_any()
                }
            }}
            <h2>{move || i18n.a().completion}</h2>
            {move || match completion.get().flatten() {
                None => view! { <Skeleton rows=4 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=reload /> }.into_any(),
                Some(Ok(c)) => {
                    let mut units = c.units.clone();
                    // Units below 100 % first (lowest first), then the complete ones;
                    // units with nobody on their staff list last.
                    units.sort_by(|a, b| {
                        let key = |u: &xiaoneng_domain::oversight::UnitCompletion| (u.rate.is_none(), u.rate.unwrap_or(1.0));
                        let (ka, kb) = (key(a), key(b));
                        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
                    });
                    let y = c.year;
                    view! {
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{move || i18n.a().unit}</th>
                                <th scope="col">{move || i18n.a().signed_rate}</th>
                                <th scope="col">{move || i18n.a().not_signed}</th>
                            </tr></thead>
                            <tbody>
                                {units.into_iter().map(|u| {
                                    let incomplete = !u.unsigned.is_empty();
                                    let unsigned = u.unsigned.clone();
                                    let unit_name = u.unit_name.clone();
                                    view! {
                                        <tr class:completion--incomplete=incomplete>
                                            <td>{u.unit_name.clone()}</td>
                                            <td>{format!("{} ({}/{})", percent(u.rate), u.signed.len(), u.signed.len() + u.unsigned.len())}</td>
                                            <td>
                                                {unsigned.into_iter().map(|s| {
                                                    let label = format!("{} {}", unit_name, s.name);
                                                    view! {
                                                        <span class="signer">
                                                            {s.name.clone()}
                                                            <Show when=move || signs.get()>
                                                                <SignButton year=y staff=s.id label=label.clone() on_signed=reload />
                                                            </Show>
                                                        </span>
                                                    }
                                                }).collect_view()}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn LetterForm(year: i32, letter: Option<Letter>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("letter");
    let title = RwSignal::new(letter.as_ref().map(|l| l.title.clone()).unwrap_or_default());
    let text = RwSignal::new(letter.as_ref().map(|l| l.text.clone()).unwrap_or_default());
    let version = letter.as_ref().map(|l| l.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = LetterInput {
            title: title.get_untracked().trim().to_owned(),
            text: text.get_untracked().trim().to_owned(),
            version,
        };
        let checked = input.validate();
        form.send(
            checked,
            api::oversight::save_letter(year),
            input,
            Some(on_saved),
            move |_: Letter| {
                form.succeed(i18n.a().saved);
                on_saved.run(());
            },
        );
    };
    view! {
        <details class="panel">
            <summary class="panel__summary">{move || i18n.a().edit_letter}</summary>
            <form class="panel__body" on:submit=submit novalidate>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <TextField id="letter-title" label=Signal::derive(move || i18n.a().letter_title) error=form.error("title") value=title />
                <div class="field" class:field--error=move || form.error("text").get().is_some()>
                    <label class="field__label" for="letter-text">{move || i18n.a().letter_text}</label>
                    {move || form.error("text").get().map(|e| view! { <p class="field__error">{e}</p> })}
                    <textarea class="field__input" id="letter-text" rows="6" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.a().save}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </details>
    }
}

/// Records today's signature of one person (a paper letter signed, entered here).
#[component]
fn SignButton(year: i32, staff: i64, label: String, on_signed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(None::<String>);
    let record = use_action(
        move |new: &NewSignature| api::oversight::sign(year).call(new.clone()),
        move |answer| match answer {
            Ok(_) => on_signed.run(()),
            Err(e) => failed.set(Some(e.describe(i18n.t(), i18n.lang()))),
        },
    );
    let busy = record.pending();
    let sign = move |_| {
        // A letter of a past year is signed on its last day at the latest.
        let day = today().min(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_else(today));
        record.dispatch(NewSignature {
            staff_id: staff,
            signed_on: day,
        });
    };
    view! {
        <button type="button" class="link-button--plain" disabled=move || busy.get() on:click=sign>
            {move || i18n.a().record_signature}<span class="visually-hidden">" "{label.clone()}</span>
        </button>
        {move || failed.get().map(|m| view! { <span class="field__error" role="alert">{m}</span> })}
    }
}
