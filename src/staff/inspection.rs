//! The checklist on a phone: items grouped by dimension, pass / fail / not
//! applicable with large targets, a note and photos per item, the unit's
//! away notices and A/B posts at hand. Every change is kept on the device
//! at once (it survives a reload, a closed tab and a lost connection) and
//! sent when the connection allows; the indicator says which. Submitting
//! is checked by the shared rule first and shows the findings it made.
//! The keeping and sending is the draft's own (`hooks::draft`): answers in
//! local storage, photos in IndexedDB (`device`), each sent in order.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;
use xiaoneng_domain::checklist::{
    AnswerKind, FailureNeeds, InspectionDraft, InspectionState, Outcome,
};
use xiaoneng_domain::record::Dimension;

use crate::api;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::draft::{Form, Sync};
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

#[component]
pub fn InspectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    let params = use_params_map();
    let visit = params
        .with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
        .unwrap_or(0);
    let form = Form::new(visit, i18n);
    let visit_info = Loaded::new(move || async move { api::planning::visit(visit).await });
    {
        let form = form.clone();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || me.get().is_none() {
                return done.unwrap_or(false);
            }
            form.open();
            true
        });
    }
    // When the connection is back, send what waits.
    {
        let form = form.clone();
        let handle = window_event_listener(leptos::ev::online, move |_| {
            form.resume();
        });
        on_cleanup(move || handle.remove());
    }
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            i18n.f().inspection_title,
            t.product,
            t.product_full
        ));
    });

    let content = {
        let form = form.clone();
        move || {
            if let Some(e) = form.failed_load.get() {
                return view! {
                    <LoadError error=e on_retry=Callback::new(move |_| { let _ = window().location().reload(); }) />
                }
                .into_any();
            }
            match form.inspection.get().map(|i| i.state) {
                None => view! { <Skeleton rows=5 /> }.into_any(),
                Some(InspectionState::Submitted) => {
                    view! { <Submitted form=form.clone() /> }.into_any()
                }
                Some(InspectionState::Draft) => {
                    view! { <Checklist form=form.clone() /> }.into_any()
                }
            }
        }
    };

    view! {
        <div class="container page inspection">
            <p class="back-link"><A href=paths::DASHBOARD>{move || i18n.t().dashboard_title}</A></p>
            <h1>
                {move || i18n.f().inspection_title}
                {move || visit_info.get().and_then(Result::ok).map(|v| format!(" · {}", v.unit_name))}
            </h1>
            // The checklist below works from the phone's copy even when this fails.
            {move || visit_info.get().map(|read| match read {
                Ok(v) => {
                    let mode = v.mode;
                    view! {
                        <p class="muted">{v.planned_on.to_string()}" · "{move || mode.label(i18n.lang())}" · "{v.round_name.clone()}</p>
                        <AtHand unit=v.unit_id />
                    }
                    .into_any()
                }
                Err(error) => view! {
                    <LoadError error=error on_retry=Callback::new(move |_| visit_info.refetch()) />
                }
                .into_any(),
            })}
            {content}
        </div>
    }
}

/// The unit's away notices in force and its A/B posts, folded away; a list
/// that could not be loaded says so (it is not an empty one).
#[component]
fn AtHand(unit: i64) -> impl IntoView {
    let i18n = use_i18n();
    let notices = Loaded::new(move || async move { api::units::notices_in_force(unit).await });
    let posts = Loaded::new(move || async move { api::units::posts(unit).await });
    view! {
        <details class="at-hand">
            <summary>{move || i18n.f().at_hand}</summary>
            <h2>{move || i18n.f().away_notices}</h2>
            {move || match notices.get() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| notices.refetch()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="muted">{move || i18n.f().no_notices}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|n| {
                                let back = crate::clock::beijing_time(n.expected_return, crate::clock::Shown::MonthDayAndTime);
                                view! {
                                    <li>
                                        <strong>{n.staff.name.clone()}</strong>" · "{n.reason.clone()}" · → "{back}
                                        {n.late.then(|| view! { " "<span class="tag tag--due-overdue">{move || i18n.f().notice_late}</span> })}
                                        {n.covered_by.map(|c| view! { " · "{move || i18n.f().covered_by}" "{c.name} })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            <h2>{move || i18n.f().posts}</h2>
            {move || match posts.get() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| posts.refetch()) /> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|p| {
                            let a = p.a.map(|s| s.name).unwrap_or_else(|| "—".into());
                            let b = p.b.map(|s| s.name);
                            view! {
                                <li>
                                    <strong>{p.name.clone()}</strong>": A "{a}" · B "
                                    {match b {
                                        Some(b) => view! { <span>{b}</span> }.into_any(),
                                        None => view! { <span class="tag tag--due-soon">{move || i18n.f().no_b}</span> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </details>
    }
}

#[component]
fn Checklist(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let items = form
        .inspection
        .get_untracked()
        .map(|i| i.checklist.items)
        .unwrap_or_default();
    let indicator = {
        let form = form.clone();
        move || {
            let s = i18n.f();
            let (class, text) = match form.sync.get() {
                Sync::SavedHere => ("sync sync--here", s.saved_here),
                Sync::Waiting => ("sync sync--waiting", s.saved_waiting),
                Sync::Sending => ("sync sync--sending", s.sending),
                Sync::Sent => ("sync sync--sent", s.sent),
            };
            view! { <p class=class role="status" aria-live="polite">{text}</p> }
        }
    };
    let submit = {
        let form = form.clone();
        let items = items.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let lang = i18n.lang();
            let photos = form
                .inspection
                .get_untracked()
                .map(|i| i.photos)
                .unwrap_or_default();
            let draft = InspectionDraft {
                answers: form.answers.get_untracked(),
                notes: form.notes.get_untracked(),
                observations: form.observations.get_untracked(),
                version: form.version(),
            };
            if let Err(invalid) = draft.check_submission(&items, |key| {
                photos.iter().filter(|p| p.item == key).count()
            }) {
                form.errors.set(api::invalid_fields(&invalid, lang));
                if let Some(first) = form
                    .errors
                    .with_untracked(|e| e.first().map(|(f, _)| f.clone()))
                {
                    crate::components::form::focus_by_id(&format!(
                        "item-{}",
                        first.trim_start_matches("answers.")
                    ));
                }
                return;
            }
            form.errors.set(Vec::new());
            if form.sync.get_untracked() != Sync::Sent {
                form.push();
                return;
            }
            form.submit();
        }
    };
    let general_error = {
        let form = form.clone();
        move || {
            form.errors
                .with(|e| e.iter().find(|(f, _)| f == "form").map(|(_, m)| m.clone()))
        }
    };
    let notes = form.notes;
    let form_for_notes = form.clone();
    view! {
        {indicator}
        <form class="checklist" on:submit=submit novalidate>
            {move || general_error().map(|m| view! { <p class="load-error" role="alert">{m}</p> })}
            {Dimension::ALL.into_iter().filter(|d| items.iter().any(|i| i.dimension == *d)).map(|dimension| {
                let group: Vec<_> = items.iter().filter(|i| i.dimension == dimension).cloned().collect();
                view! {
                    <fieldset class="checklist__group">
                        <legend>{move || dimension.label(i18n.lang())}</legend>
                        {group.into_iter().map(|item| view! { <Item form=form.clone() item=item /> }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <OnSite form=form.clone() />
            <div class="field">
                <label class="field__label" for="inspection-notes">{move || i18n.f().general_notes}</label>
                <textarea class="field__input field__textarea" id="inspection-notes" rows="3"
                    prop:value=move || notes.get()
                    on:change=move |ev| { notes.set(event_target_value(&ev)); form_for_notes.changed(); }></textarea>
            </div>
            <button type="submit" class="button button--wide">{move || i18n.f().submit_inspection}</button>
        </form>
    }
}

/// Who was at their post, against what was declared when the inspection
/// started (the visit's snapshot): per person, present, away with an
/// accurate notice, or away without one.
#[component]
fn OnSite(form: Form) -> impl IntoView {
    use xiaoneng_domain::staff::{Observation, Seen};
    let i18n = use_i18n();
    let snapshot = {
        let form = form.clone();
        Memo::new(move |_| {
            form.inspection
                .with(|i| i.as_ref().and_then(|i| i.snapshot.clone()))
        })
    };
    let observations = form.observations;
    let choose = {
        let form = form.clone();
        move |staff_id: i64, seen: Seen, notice_id: Option<i64>| {
            observations.update(|list| {
                list.retain(|o| o.staff_id != staff_id);
                list.push(Observation {
                    staff_id,
                    seen,
                    notice_id,
                });
            });
            form.changed();
        }
    };
    view! {
        <fieldset class="checklist__group">
            <legend>{move || i18n.f().on_site_title}</legend>
            {move || match snapshot.get() {
                None => view! { <p class="muted">{move || i18n.f().on_site_pending}</p> }.into_any(),
                Some(s) if s.people().is_empty() => view! { <p class="muted">{move || i18n.f().on_site_nobody}</p> }.into_any(),
                Some(s) => {
                    let taken = crate::clock::beijing_time(s.taken_at, crate::clock::Shown::DayAndTime);
                    let choose = choose.clone();
                    view! {
                        <p class="muted">{move || i18n.f().on_site_lead}{taken.clone()}</p>
                        {s.people().into_iter().map(|person| {
                            let notice = s.notices.iter().find(|n| n.staff.id == person.id).cloned();
                            let pid = person.id;
                            let current = move || observations.with(|l| l.iter().find(|o| o.staff_id == pid).map(|o| o.seen));
                            let options: Vec<(Seen, Option<i64>)> = [
                                Some((Seen::Present, None)),
                                notice.as_ref().map(|n| (Seen::AwayWithNotice, Some(n.id))),
                                Some((Seen::AwayWithoutNotice, None)),
                            ].into_iter().flatten().collect();
                            let choose = choose.clone();
                            view! {
                                <fieldset class="item">
                                    <legend class="item__text">{person.name.clone()}</legend>
                                    {notice.map(|n| {
                                        let back = crate::clock::beijing_time(n.expected_return, crate::clock::Shown::MonthDayAndTime);
                                        view! {
                                            <p class="muted">
                                                {move || i18n.f().declared}{n.reason.clone()}" · → "{back}
                                                {n.late.then(|| view! { " "<span class="tag tag--due-overdue">{move || i18n.f().notice_late}</span> })}
                                            </p>
                                        }
                                    })}
                                    <div class="choices" role="radiogroup" aria-label=person.name.clone()>
                                        {options.into_iter().map(|(seen, notice_id)| {
                                            let id = format!("seen-{pid}-{}", seen.as_str());
                                            let for_id = id.clone();
                                            let tone = match seen {
                                                Seen::Present => "pass",
                                                Seen::AwayWithNotice => "not_applicable",
                                                Seen::AwayWithoutNotice => "fail",
                                            };
                                            let choose = choose.clone();
                                            view! {
                                                <label class=format!("choice choice--{tone}") for=for_id>
                                                    <input type="radio" name=format!("seen-{pid}") id=id
                                                        prop:checked=move || current() == Some(seen)
                                                        on:change=move |_| choose(pid, seen, notice_id) />
                                                    <span>{move || seen.label(i18n.lang())}</span>
                                                </label>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }
                        }).collect_view()}
                    }.into_any()
                }
            }}
        </fieldset>
    }
}

#[component]
fn Item(form: Form, item: xiaoneng_domain::checklist::ChecklistItem) -> impl IntoView {
    let i18n = use_i18n();
    let key = item.key.clone();
    let id = format!("item-{key}");
    let value_id = format!("{id}-value");
    let note_id = format!("{id}-note");
    let photo_id = format!("{id}-photo");
    let error = {
        let form = form.clone();
        let key = key.clone();
        move || {
            form.errors.with(|e| {
                e.iter()
                    .find(|(f, _)| *f == format!("answers.{key}"))
                    .map(|(_, m)| m.clone())
            })
        }
    };
    let outcome = {
        let form = form.clone();
        let key = key.clone();
        move || form.answer(&key).outcome
    };
    let choice = {
        let form = form.clone();
        let key = key.clone();
        let outcome = outcome.clone();
        let name = format!("outcome-{key}");
        move |value: Outcome, label: fn(&crate::texts::field::FieldTexts) -> &'static str| {
            let form = form.clone();
            let key = key.clone();
            let outcome = outcome.clone();
            let input_id = format!("{name}-{}", value.as_str());
            let for_id = input_id.clone();
            view! {
                <label class=format!("choice choice--{}", value.as_str()) for=for_id>
                    <input type="radio" id=input_id name=name.clone()
                        prop:checked=move || outcome() == Some(value)
                        on:change=move |_| form.set_answer(&key, |a| a.outcome = Some(value)) />
                    <span>{move || label(i18n.f())}</span>
                </label>
            }
        }
    };
    let needs = item.on_failure;
    let failed = {
        let outcome = outcome.clone();
        move || outcome() == Some(Outcome::Fail)
    };
    let note = {
        let form = form.clone();
        let key = key.clone();
        move || form.answer(&key).note.unwrap_or_default()
    };
    let value = {
        let form = form.clone();
        let key = key.clone();
        move || form.answer(&key).value.unwrap_or_default()
    };
    let photos = {
        let form = form.clone();
        let key = key.clone();
        move || {
            form.inspection
                .with(|i| {
                    i.as_ref().map(|i| {
                        i.photos
                            .iter()
                            .filter(|p| p.item == key)
                            .map(|p| (p.id, p.file_name.clone(), p.taken_at))
                            .collect::<Vec<_>>()
                    })
                })
                .unwrap_or_default()
        }
    };
    let waiting = {
        let form = form.clone();
        let key = key.clone();
        move || {
            form.pending
                .with(|p| p.iter().filter(|k| k.item == key).count())
        }
    };
    let on_photo = {
        let form = form.clone();
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(file) = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            {
                form.add_photo(key.clone(), file);
            }
            if let Some(input) = input {
                input.set_value("");
            }
        }
    };
    let kind = item.answer_kind;
    let set_note = {
        let form = form.clone();
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            form.set_answer(&key, |a| {
                a.note = Some(text).filter(|t| !t.trim().is_empty())
            });
        }
    };
    let set_value = {
        let form = form.clone();
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            form.set_answer(&key, |a| {
                a.value = Some(text).filter(|t| !t.trim().is_empty())
            });
        }
    };
    let needs_text = move || {
        let s = i18n.f();
        match needs {
            FailureNeeds::Note => Some(s.needs_note),
            FailureNeeds::Evidence => Some(s.needs_evidence),
            FailureNeeds::NoteAndEvidence => Some(s.needs_both),
            FailureNeeds::Nothing => None,
        }
    };
    view! {
        <div class="item" class:item--failed=failed.clone() class:field--error={let e = error.clone(); move || e().is_some()} id=id.clone() tabindex="-1">
            <p class="item__text">{item.text.clone()}</p>
            {(!item.guidance.is_empty()).then(|| view! { <p class="field__hint">{item.guidance.clone()}</p> })}
            {let e = error.clone(); move || e().map(|m| view! { <p class="field__error">{m}</p> })}
            {(kind != AnswerKind::PassFail).then(|| view! {
                <div class="field field--compact">
                    <label class="field__label" for=value_id.clone()>{move || i18n.f().item_value}</label>
                    <input class="field__input" id=value_id.clone()
                        inputmode=if kind == AnswerKind::Number { "decimal" } else { "text" }
                        prop:value=value.clone() on:change=set_value.clone() />
                </div>
            })}
            <div class="choices" role="radiogroup" aria-label=item.text.clone()>
                {choice(Outcome::Pass, |s| s.outcome_pass)}
                {choice(Outcome::Fail, |s| s.outcome_fail)}
                {choice(Outcome::NotApplicable, |s| s.outcome_na)}
            </div>
            <Show when=failed.clone()>
                {move || needs_text().map(|t| view! { <p class="field__hint">{t}</p> })}
                <div class="field field--compact">
                    <label class="field__label" for=note_id.clone()>{move || i18n.f().item_note}</label>
                    <textarea class="field__input field__textarea" id=note_id.clone() rows="3"
                        prop:value=note.clone() on:change=set_note.clone()></textarea>
                </div>
                <div class="field field--compact">
                    <label class="field__label button button--secondary photo-button" for=photo_id.clone()>
                        {move || i18n.f().take_photo}
                    </label>
                    <input class="visually-hidden" type="file" id=photo_id.clone() accept="image/*" capture="environment"
                        on:change=on_photo.clone() />
                    <ul class="thumbs">
                        {let photos = photos.clone(); move || photos().into_iter().map(|(pid, name, taken)| view! {
                            <li>
                                <img src=api::planning::photo_file(pid) alt=name loading="lazy" />
                                {taken.map(|at| view! {
                                    <span class="thumbs__time">{move || (i18n.f().taken_at)(&crate::clock::beijing_time(at, crate::clock::Shown::Time))}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    {let waiting = waiting.clone(); move || (waiting() > 0).then(|| view! {
                        <p class="muted" role="status">{waiting()}" "{move || i18n.f().photos_pending}</p>
                    })}
                    {let (progress, key) = (form.progress, key.clone()); move || progress.get().filter(|(item, _)| *item == key).map(|(_, pct)| view! {
                        <div class="upload-progress">
                            <progress max="100" value=pct.to_string() aria-label=move || i18n.f().uploading_photo></progress>
                            <span>{move || (i18n.f().uploaded_pct)(pct)}</span>
                        </div>
                    })}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn Submitted(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let findings = form
        .inspection
        .get_untracked()
        .map(|i| i.findings)
        .unwrap_or_default();
    view! {
        <section class="receipt" role="status">
            <h2>{move || i18n.f().submitted_title}</h2>
            {if findings.is_empty() {
                view! { <p>{move || i18n.f().no_failures}</p> }.into_any()
            } else {
                view! {
                    <h3>{move || i18n.f().created_findings}</h3>
                    <ul>
                        {findings.into_iter().map(|f| view! {
                            <li><A href=format!("{}/{}", paths::FINDINGS, f.id)>{f.code.clone()}</A></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
