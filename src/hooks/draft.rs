//! A visit's inspection draft, kept on the device and sent when the
//! connection allows: the answers in local storage at every change (they
//! survive a reload, a closed tab and a lost connection), the photos in
//! IndexedDB (`device`), each sent in order — the draft first, then the
//! photos one at a time — and sent again when the connection is back. A
//! queue that outlives any one request, so it runs its own tasks.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use xiaoneng_domain::ErrorCode;
use xiaoneng_domain::checklist::{
    Answer, Inspection, InspectionDraft, InspectionPhoto, InspectionState, Submission,
};

use xiaoneng_domain::staff::Observation;

use crate::api::{self, ApiError};
use crate::device::{self, KeptPhoto};

/// What the device keeps of a visit's inspection.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Kept {
    pub answers: Vec<Answer>,
    pub notes: String,
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// Changes not yet accepted by the server.
    dirty: bool,
    /// The last inspection read from the server (to open the form offline).
    pub inspection: Option<Inspection>,
}

/// Where the device keeps a visit's inspection in local storage.
const KEY_PREFIX: &str = "xiaoneng.inspection.";

/// How long to wait before sending again after the connection failed
/// (besides the browser's `online` event, which a lost answer never fires).
const RETRY_AFTER_MS: i32 = 5_000;

fn key(visit: i64) -> String {
    format!("{KEY_PREFIX}{visit}")
}

/// Reads `visit`'s inspection ahead, for use with no connection: the
/// server's copy is kept on the device unless the device has changes the
/// server lacks. With no connection, a copy already kept will do.
pub async fn read_ahead(visit: i64) -> Result<(), ApiError> {
    let kept = read_kept(visit);
    match api::planning::inspection(visit).await {
        Ok(server) => {
            if !kept.as_ref().is_some_and(|k| k.dirty) {
                if server.state == InspectionState::Submitted {
                    forget_kept(visit);
                } else {
                    write_kept(
                        visit,
                        &Kept {
                            answers: server.answers.clone(),
                            notes: server.notes.clone(),
                            observations: server.observations.clone(),
                            dirty: false,
                            inspection: Some(server),
                        },
                    );
                }
            }
            Ok(())
        }
        Err(ApiError::Network(_)) if kept.is_some_and(|k| k.inspection.is_some()) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Forgets the inspections kept only because they were read ahead (no
/// change of the device's own): at sign-in and sign-out.
pub fn forget_read_ahead() {
    let Some(storage) = window().local_storage().ok().flatten() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .collect();
    for key in keys {
        let dirty = storage
            .get_item(&key)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str::<Kept>(&text).ok())
            .is_some_and(|k| k.dirty);
        if !dirty {
            let _ = storage.remove_item(&key);
        }
    }
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
pub enum Sync {
    SavedHere,
    Waiting,
    Sending,
    Sent,
}

#[derive(Clone)]
pub struct Form {
    pub visit: i64,
    pub inspection: RwSignal<Option<Inspection>>,
    pub answers: RwSignal<Vec<Answer>>,
    pub notes: RwSignal<String>,
    /// Per person of the visit's snapshot: what the inspector saw.
    pub observations: RwSignal<Vec<Observation>>,
    pub sync: RwSignal<Sync>,
    /// Bumped on every change; a save covers the changes up to its own number.
    changes: StoredValue<u64>,
    saving: StoredValue<bool>,
    /// Photos on the device waiting for the server, oldest first.
    pub pending: RwSignal<Vec<KeptPhoto>, LocalStorage>,
    /// The photo being sent: its item and how much has gone (%).
    pub progress: RwSignal<Option<(String, u32)>>,
    /// An upload is under way (one at a time, in order).
    uploading: StoredValue<bool>,
    /// Changes the server has not accepted yet.
    unsent: StoredValue<bool>,
    /// A retry is planned ([`RETRY_AFTER_MS`]).
    retrying: StoredValue<bool>,
    pub errors: RwSignal<Vec<(String, String)>>,
    pub failed_load: RwSignal<Option<ApiError>>,
    /// The language the user reads, for errors that arrive later.
    i18n: crate::texts::I18n,
}

impl Form {
    /// An empty draft of `visit`'s inspection, until [`Form::open`] fills it.
    pub fn new(visit: i64, i18n: crate::texts::I18n) -> Form {
        Form {
            visit,
            inspection: RwSignal::new(None),
            answers: RwSignal::new(Vec::new()),
            notes: RwSignal::new(String::new()),
            observations: RwSignal::new(Vec::new()),
            sync: RwSignal::new(Sync::Sent),
            changes: StoredValue::new(0),
            saving: StoredValue::new(false),
            pending: RwSignal::new_local(Vec::new()),
            progress: RwSignal::new(None),
            uploading: StoredValue::new(false),
            unsent: StoredValue::new(false),
            retrying: StoredValue::new(false),
            errors: RwSignal::new(Vec::new()),
            failed_load: RwSignal::new(None),
            i18n,
        }
    }

    /// Reads the draft: the server's, or what the device kept when it has
    /// changes the server has not (then sent), or the device's alone with no
    /// connection; and the photos waiting on the device.
    pub fn open(&self) {
        let (form, visit) = (self.clone(), self.visit);
        spawn_local(async move {
            form.pending.set(device::waiting(visit).await);
            let kept = read_kept(visit);
            match api::planning::inspection(visit).await {
                Ok(server) => {
                    match kept.filter(|k| k.dirty && server.state == InspectionState::Draft) {
                        Some(k) => {
                            form.answers.set(k.answers);
                            form.notes.set(k.notes);
                            form.observations.set(k.observations);
                            form.inspection.set(Some(server));
                            form.changes.update_value(|c| *c += 1);
                            form.unsent.set_value(true);
                            form.sync.set(Sync::SavedHere);
                            form.push();
                        }
                        None => {
                            form.answers.set(server.answers.clone());
                            form.notes.set(server.notes.clone());
                            form.observations.set(server.observations.clone());
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
                        form.observations.set(k.observations);
                        form.inspection.set(k.inspection);
                        form.unsent.set_value(k.dirty);
                        if k.dirty || !form.pending.with_untracked(Vec::is_empty) {
                            form.wait_for_connection();
                        }
                    }
                    None => form.failed_load.set(Some(ApiError::Network(e))),
                },
                Err(e) => form.failed_load.set(Some(e)),
            }
        });
    }

    /// Submits the draft the server has (the page checks it first).
    pub fn submit(&self) {
        let form = self.clone();
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
                    form.errors
                        .set(e.field_errors(form.i18n.t(), form.i18n.lang()));
                }
            }
        });
    }

    /// Keeps a photo of `item` on the device, then sends it in its turn.
    pub fn add_photo(&self, item: String, file: web_sys::File) {
        let form = self.clone();
        spawn_local(async move {
            let file = device::fit_for_upload(file).await;
            let kept = device::keep(form.visit, &item, file).await;
            form.pending.update(|p| p.push(kept));
            if form.version() == 0 || form.sync.get_untracked() != Sync::Sent {
                form.push();
            } else {
                form.upload_pending();
            }
        });
    }

    pub fn keep(&self, dirty: bool) {
        write_kept(
            self.visit,
            &Kept {
                answers: self.answers.get_untracked(),
                notes: self.notes.get_untracked(),
                observations: self.observations.get_untracked(),
                dirty,
                inspection: self.inspection.get_untracked(),
            },
        );
    }

    pub fn changed(&self) {
        self.changes.update_value(|c| *c += 1);
        self.unsent.set_value(true);
        self.keep(true);
        self.sync.set(Sync::SavedHere);
        self.push();
    }

    pub fn version(&self) -> i64 {
        self.inspection
            .with_untracked(|i| i.as_ref().map_or(0, |i| i.version))
    }

    /// Sends the draft unless a save is under way (which sends again after).
    pub fn push(&self) {
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
                observations: form.observations.get_untracked(),
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
                        form.unsent.set_value(false);
                        form.sync.set(Sync::Sent);
                        form.upload_pending();
                    } else {
                        form.push();
                    }
                }
                Err(ApiError::Network(_)) => form.wait_for_connection(),
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    // Saved elsewhere meanwhile (another tab): take its version, keep ours.
                    if let Ok(current) = api::planning::inspection(form.visit).await {
                        form.inspection.set(Some(current));
                        form.push();
                    } else {
                        form.wait_for_connection();
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

    /// Sends what waits: the changes, then the photos (when the connection
    /// is back).
    pub fn resume(&self) {
        if self.unsent.get_value() {
            self.push();
        } else {
            self.upload_pending();
        }
    }

    /// The connection failed: says so, and tries again in a few seconds
    /// (and at once when the browser says it is online again).
    fn wait_for_connection(&self) {
        self.sync.set(Sync::Waiting);
        if self.retrying.get_value() {
            return;
        }
        self.retrying.set_value(true);
        let form = self.clone();
        let again = wasm_bindgen::closure::Closure::once_into_js(move || {
            if form.retrying.try_set_value(false).is_none() {
                form.resume();
            }
        });
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(&again),
            RETRY_AFTER_MS,
        );
    }

    /// Uploads the photos waiting, once a draft is on the server.
    pub fn upload_pending(&self) {
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
            let taken_at = kept.taken_at().unwrap_or_default();
            let mut fields = vec![
                ("item", item.as_str()),
                ("client_id", kept.client_id.as_str()),
            ];
            if !taken_at.is_empty() {
                fields.push(("taken_at", taken_at.as_str()));
            }
            let sent = api::upload_with_progress::<InspectionPhoto>(
                &path,
                &fields,
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
                        // Sent again after a lost answer, it may be there already.
                        if let Some(i) = i
                            .as_mut()
                            .filter(|i| i.photos.iter().all(|p| p.id != photo.id))
                        {
                            i.photos.push(photo);
                        }
                    });
                    form.keep(form.unsent.get_value());
                    form.upload_pending();
                }
                Err(ApiError::Network(_)) => form.wait_for_connection(),
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

    pub fn answer(&self, item: &str) -> Answer {
        self.answers
            .with(|a| a.iter().find(|a| a.item == item).cloned())
            .unwrap_or(Answer {
                item: item.to_owned(),
                outcome: None,
                value: None,
                note: None,
            })
    }

    pub fn set_answer(&self, item: &str, change: impl FnOnce(&mut Answer)) {
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
