//! The checklist on a phone: items grouped by dimension, pass / fail / not
//! applicable with large targets, a note and photos per item, the unit's
//! away notices and A/B posts at hand. Every change is kept on the device
//! at once (it survives a reload, a closed tab and a lost connection) and
//! sent when the connection allows; the indicator says which. Submitting
//! is checked by the shared rule first and shows the findings it made.
//!
//! Not yet: photos taken while offline wait in memory (they survive a lost
//! connection, not a reload); the answers are what is kept on the device.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use xiaoneng_domain::ErrorCode;
use xiaoneng_domain::checklist::{
    Answer, AnswerKind, FailureNeeds, Inspection, InspectionDraft, InspectionPhoto,
    InspectionState, Outcome, Submission,
};
use xiaoneng_domain::record::Dimension;

use crate::api::{self, ApiError};
use crate::components::status::{LoadError, Skeleton};
use crate::device::{self, KeptPhoto};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::use_i18n;

/// What the device keeps of a visit's inspection.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Kept {
    answers: Vec<Answer>,
    notes: String,
    /// Changes not yet accepted by the server.
    dirty: bool,
    /// The last inspection read from the server (to open the form offline).
    inspection: Option<Inspection>,
}

fn key(visit: i64) -> String {
    format!("xiaoneng.inspection.{visit}")
}

fn read_kept(visit: i64) -> Option<Kept> {
    let storage = window().local_storage().ok().flatten()?;
    let text = storage.get_item(&key(visit)).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// The draft is on the server for good (submitted): the device lets it go.
fn forget_kept(visit: i64) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(&key(visit));
    }
}

fn write_kept(visit: i64, kept: &Kept) {
    if let (Some(storage), Ok(text)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(kept),
    ) {
        let _ = storage.set_item(&key(visit), &text);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sync {
    SavedHere,
    Waiting,
    Sending,
    Sent,
}

#[derive(Clone)]
struct Form {
    visit: i64,
    inspection: RwSignal<Option<Inspection>>,
    answers: RwSignal<Vec<Answer>>,
    notes: RwSignal<String>,
    sync: RwSignal<Sync>,
    /// Bumped on every change; a save covers the changes up to its own number.
    changes: StoredValue<u64>,
    saving: StoredValue<bool>,
    /// Photos on the device waiting for the server, oldest first.
    pending: RwSignal<Vec<KeptPhoto>, LocalStorage>,
    /// The photo being sent: its item and how much has gone (%).
    progress: RwSignal<Option<(String, u32)>>,
    /// An upload is under way (one at a time, in order).
    uploading: StoredValue<bool>,
    errors: RwSignal<Vec<(String, String)>>,
    failed_load: RwSignal<Option<ApiError>>,
    /// The language the user reads, for errors that arrive later.
    i18n: crate::texts::I18n,
}

impl Form {
    fn keep(&self, dirty: bool) {
        write_kept(
            self.visit,
            &Kept {
                answers: self.answers.get_untracked(),
                notes: self.notes.get_untracked(),
                dirty,
                inspection: self.inspection.get_untracked(),
            },
        );
    }

    fn changed(&self) {
        self.changes.update_value(|c| *c += 1);
        self.keep(true);
        self.sync.set(Sync::SavedHere);
        self.push();
    }

    fn version(&self) -> i64 {
        self.inspection
            .with_untracked(|i| i.as_ref().map_or(0, |i| i.version))
    }

    /// Sends the draft unless a save is under way (which sends again after).
    fn push(&self) {
        if self.saving.get_value() {
            return;
        }
        let submitted = self.inspection.with_untracked(|i| {
            i.as_ref()
                .is_some_and(|i| i.state == InspectionState::Submitted)
        });
        if submitted {
            return;
        }
        self.saving.set_value(true);
        self.sync.set(Sync::Sending);
        let form = self.clone();
        spawn_local(async move {
            let upto = form.changes.get_value();
            let draft = InspectionDraft {
                answers: form.answers.get_untracked(),
                notes: form.notes.get_untracked(),
                version: form.version(),
            };
            let answer = api::planning::save_inspection(form.visit)
                .send(&draft)
                .await;
            form.saving.set_value(false);
            match answer {
                Ok(saved) => {
                    form.inspection.set(Some(saved));
                    let clean = form.changes.get_value() == upto;
                    form.keep(!clean);
                    if clean {
                        form.sync.set(Sync::Sent);
                        form.upload_pending();
                    } else {
                        form.push();
                    }
                }
                Err(ApiError::Network(_)) => form.sync.set(Sync::Waiting),
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    // Saved elsewhere meanwhile (another tab): take its version, keep ours.
                    if let Ok(current) = api::planning::inspection(form.visit).await {
                        form.inspection.set(Some(current));
                        form.push();
                    } else {
                        form.sync.set(Sync::Waiting);
                    }
                }
                Err(e) => {
                    form.sync.set(Sync::SavedHere);
                    if let Ok(current) = api::planning::inspection(form.visit).await {
                        form.inspection.set(Some(current));
                    }
                    form.errors
                        .set(e.field_errors(form.i18n.t(), form.i18n.lang()));
                }
            }
        });
    }

    /// Uploads the photos waiting, once a draft is on the server.
    fn upload_pending(&self) {
        if self.version() == 0 || self.uploading.get_value() {
            return;
        }
        let Some(kept) = self.pending.with_untracked(|p| p.first().cloned()) else {
            return;
        };
        self.uploading.set_value(true);
        let form = self.clone();
        spawn_local(async move {
            let path = api::planning::photo_upload(form.visit);
            let item = kept.item.clone();
            form.progress.set(Some((item.clone(), 0)));
            let progress = form.progress;
            let shown = item.clone();
            let sent = api::upload_with_progress::<InspectionPhoto>(
                &path,
                &[("item", &item)],
                "file",
                &kept.file,
                move |pct| progress.set(Some((shown.clone(), pct))),
            )
            .await;
            form.progress.set(None);
            form.uploading.set_value(false);
            match sent {
                Ok(photo) => {
                    device::forget(&kept).await;
                    form.pending.update(|p| {
                        if !p.is_empty() {
                            p.remove(0);
                        }
                    });
                    form.inspection.update(|i| {
                        if let Some(i) = i {
                            i.photos.push(photo);
                        }
                    });
                    form.keep(form.sync.get_untracked() != Sync::Sent);
                    form.upload_pending();
                }
                Err(ApiError::Network(_)) => form.sync.set(Sync::Waiting),
                Err(e) => {
                    // Refused (too large, not an image): it will never go.
                    device::forget(&kept).await;
                    form.pending.update(|p| {
                        if !p.is_empty() {
                            p.remove(0);
                        }
                    });
                    form.errors.set(vec![(
                        format!("answers.{item}"),
                        e.field("file")
                            .unwrap_or_else(|| e.describe(form.i18n.t(), form.i18n.lang())),
                    )]);
                }
            }
        });
    }

    fn answer(&self, item: &str) -> Answer {
        self.answers
            .with(|a| a.iter().find(|a| a.item == item).cloned())
            .unwrap_or(Answer {
                item: item.to_owned(),
                outcome: None,
                value: None,
                note: None,
            })
    }

    fn set_answer(&self, item: &str, change: impl FnOnce(&mut Answer)) {
        self.answers.update(|list| {
            let i = match list.iter().position(|a| a.item == item) {
                Some(i) => i,
                None => {
                    list.push(Answer {
                        item: item.to_owned(),
                        outcome: None,
                        value: None,
                        note: None,
                    });
                    list.len() - 1
                }
            };
            change(&mut list[i]);
        });
        self.changed();
    }
}

#[component]
pub fn InspectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    let params = use_params_map();
    let visit = params
        .with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
        .unwrap_or(0);
    let form = Form {
        visit,
        inspection: RwSignal::new(None),
        answers: RwSignal::new(Vec::new()),
        notes: RwSignal::new(String::new()),
        sync: RwSignal::new(Sync::Sent),
        changes: StoredValue::new(0),
        saving: StoredValue::new(false),
        pending: RwSignal::new_local(Vec::new()),
        progress: RwSignal::new(None),
        uploading: StoredValue::new(false),
        errors: RwSignal::new(Vec::new()),
        failed_load: RwSignal::new(None),
        i18n,
    };
    let visit_info = LocalResource::new(move || async move { api::planning::visit(visit).await });
    {
        let form = form.clone();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) || me.get().is_none() {
                return done.unwrap_or(false);
            }
            let form = form.clone();
            spawn_local(async move {
                form.pending.set(device::waiting(visit).await);
                let kept = read_kept(visit);
                match api::planning::inspection(visit).await {
                    Ok(server) => {
                        match kept.filter(|k| k.dirty && server.state == InspectionState::Draft) {
                            Some(k) => {
                                form.answers.set(k.answers);
                                form.notes.set(k.notes);
                                form.inspection.set(Some(server));
                                form.changes.update_value(|c| *c += 1);
                                form.sync.set(Sync::SavedHere);
                                form.push();
                            }
                            None => {
                                form.answers.set(server.answers.clone());
                                form.notes.set(server.notes.clone());
                                form.inspection.set(Some(server));
                                form.keep(false);
                                form.upload_pending();
                            }
                        }
                    }
                    Err(ApiError::Network(e)) => match kept.filter(|k| k.inspection.is_some()) {
                        Some(k) => {
                            form.answers.set(k.answers);
                            form.notes.set(k.notes);
                            form.inspection.set(k.inspection);
                            form.sync
                                .set(if k.dirty { Sync::Waiting } else { Sync::Sent });
                        }
                        None => form.failed_load.set(Some(ApiError::Network(e))),
                    },
                    Err(e) => form.failed_load.set(Some(e)),
                }
            });
            true
        });
    }
    // When the connection is back, send what waits.
    {
        let form = form.clone();
        let handle = window_event_listener(leptos::ev::online, move |_| {
            form.push();
        });
        on_cleanup(move || handle.remove());
    }
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            i18n.s().inspection_title,
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
                {move || i18n.s().inspection_title}
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
    let notices =
        LocalResource::new(move || async move { api::units::notices_in_force(unit).await });
    let posts = LocalResource::new(move || async move { api::units::posts(unit).await });
    view! {
        <details class="at-hand">
            <summary>{move || i18n.s().at_hand}</summary>
            <h2>{move || i18n.s().away_notices}</h2>
            {move || match notices.get() {
                None => view! { <Skeleton rows=1 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| notices.refetch()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="muted">{move || i18n.s().no_notices}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|n| {
                                let back = crate::clock::beijing_time(n.expected_return, "%m-%d %H:%M");
                                view! {
                                    <li>
                                        <strong>{n.staff.name.clone()}</strong>" · "{n.reason.clone()}" · → "{back}
                                        {n.covered_by.map(|c| view! { " · "{move || i18n.s().covered_by}" "{c.name} })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            <h2>{move || i18n.s().posts}</h2>
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
                                        None => view! { <span class="tag tag--due-soon">{move || i18n.s().no_b}</span> }.into_any(),
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
            let s = i18n.s();
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
            let form = form.clone();
            spawn_local(async move {
                let submission = Submission {
                    version: form.version(),
                };
                match api::planning::submit_inspection(form.visit)
                    .send(&submission)
                    .await
                {
                    Ok(done) => {
                        form.inspection.set(Some(done));
                        forget_kept(form.visit);
                    }
                    Err(e) => {
                        form.errors.set(e.field_errors(i18n.t(), i18n.lang()));
                    }
                }
            });
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
            <div class="field">
                <label class="field__label" for="inspection-notes">{move || i18n.s().general_notes}</label>
                <textarea class="field__input field__textarea" id="inspection-notes" rows="3"
                    prop:value=move || notes.get()
                    on:change=move |ev| { notes.set(event_target_value(&ev)); form_for_notes.changed(); }></textarea>
            </div>
            <button type="submit" class="button button--wide">{move || i18n.s().submit_inspection}</button>
        </form>
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
        move |value: Outcome, label: fn(&crate::texts::staff::StaffTexts) -> &'static str| {
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
                    <span>{move || label(i18n.s())}</span>
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
                            .map(|p| (p.id, p.file_name.clone()))
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
                let (form, key) = (form.clone(), key.clone());
                spawn_local(async move {
                    let kept = device::keep(form.visit, &key, file).await;
                    form.pending.update(|p| p.push(kept));
                    if form.version() == 0 || form.sync.get_untracked() != Sync::Sent {
                        form.push();
                    } else {
                        form.upload_pending();
                    }
                });
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
        let s = i18n.s();
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
                    <label class="field__label" for=value_id.clone()>{move || i18n.s().item_value}</label>
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
                    <label class="field__label" for=note_id.clone()>{move || i18n.s().item_note}</label>
                    <textarea class="field__input field__textarea" id=note_id.clone() rows="3"
                        prop:value=note.clone() on:change=set_note.clone()></textarea>
                </div>
                <div class="field field--compact">
                    <label class="field__label button button--secondary photo-button" for=photo_id.clone()>
                        {move || i18n.s().take_photo}
                    </label>
                    <input class="visually-hidden" type="file" id=photo_id.clone() accept="image/*" capture="environment"
                        on:change=on_photo.clone() />
                    <ul class="thumbs">
                        {let photos = photos.clone(); move || photos().into_iter().map(|(pid, name)| view! {
                            <li><img src=api::planning::photo_file(pid) alt=name loading="lazy" /></li>
                        }).collect_view()}
                    </ul>
                    {let waiting = waiting.clone(); move || (waiting() > 0).then(|| view! {
                        <p class="muted" role="status">{waiting()}" "{move || i18n.s().photos_pending}</p>
                    })}
                    {let (progress, key) = (form.progress, key.clone()); move || progress.get().filter(|(item, _)| *item == key).map(|(_, pct)| view! {
                        <div class="upload-progress">
                            <progress max="100" value=pct.to_string() aria-label=move || i18n.s().uploading_photo></progress>
                            <span>{move || (i18n.s().uploaded_pct)(pct)}</span>
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
            <h2>{move || i18n.s().submitted_title}</h2>
            {if findings.is_empty() {
                view! { <p>{move || i18n.s().no_failures}</p> }.into_any()
            } else {
                view! {
                    <h3>{move || i18n.s().created_findings}</h3>
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
