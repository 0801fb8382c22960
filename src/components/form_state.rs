//! A form's moving parts in one place: its refused fields (from the shared
//! rules in the browser or from the server), whether it is sending, what it
//! last did, and the error summary that takes focus when it is refused.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;
use xiaoneng_domain::{ErrorCode, Invalid};

use crate::api::{self, FieldErrors, Write};
use crate::components::form::{SummaryItem, focus_summary, summary_items};
use crate::texts::{I18n, use_i18n};

#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    pub busy: RwSignal<bool>,
    /// A short confirmation after success.
    pub done: RwSignal<Option<String>>,
    pub summary_ref: NodeRef<html::Div>,
    /// Field `f` is the input with id `{prefix}-{f}`.
    prefix: StoredValue<String>,
    i18n: I18n,
}

impl FormState {
    pub fn new(prefix: impl Into<String>) -> FormState {
        FormState {
            errors: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            done: RwSignal::new(None),
            summary_ref: NodeRef::new(),
            prefix: StoredValue::new(prefix.into()),
            i18n: use_i18n(),
        }
    }

    /// The input id of `field`.
    pub fn id(self, field: &str) -> String {
        self.prefix.with_value(|p| format!("{p}-{field}"))
    }

    /// The message for `field`, if it is refused.
    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.errors
                .with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
        })
    }

    pub fn summary(self) -> Signal<Vec<SummaryItem>> {
        Signal::derive(move || summary_items(self.errors.get(), |f| self.id(f), self.i18n.lang()))
    }

    /// Starts sending: clears what was said before.
    pub fn start(self) {
        self.errors.set(Vec::new());
        self.done.set(None);
        self.busy.set(true);
    }

    /// Shows what is wrong and moves focus to the summary.
    pub fn refuse(self, errors: FieldErrors) {
        self.busy.set(false);
        self.errors.set(errors);
        focus_summary(self.summary_ref);
    }

    pub fn succeed(self, message: impl Into<String>) {
        self.busy.set(false);
        self.errors.set(Vec::new());
        self.done.set(Some(message.into()));
    }

    /// Sends `body` once the shared rule (`checked`) lets it: a refusal from
    /// the browser or the server shows on the form; a stale edit (409) says
    /// so and runs `stale`, which reads the record again; the answer goes to
    /// `done`.
    pub fn send<B, T>(
        self,
        checked: Result<(), Invalid>,
        write: Write<B, T>,
        body: B,
        stale: Option<Callback<()>>,
        done: impl FnOnce(T) + 'static,
    ) where
        B: Serialize + 'static,
        T: DeserializeOwned + 'static,
    {
        let i18n = self.i18n;
        if let Err(invalid) = checked {
            self.refuse(api::invalid_fields(&invalid, i18n.lang()));
            return;
        }
        self.start();
        spawn_local(async move {
            match write.send(&body).await {
                Ok(answer) => done(answer),
                // Changed since read, or moved on to another state: either way
                // someone else got there first.
                Err(e)
                    if matches!(e.code(), Some(ErrorCode::Conflict | ErrorCode::WrongState))
                        && stale.is_some() =>
                {
                    self.refuse(vec![("form".into(), i18n.t().stale_record.into())]);
                    if let Some(stale) = stale {
                        stale.run(());
                    }
                }
                Err(e) => self.refuse(e.field_errors(i18n.t(), i18n.lang())),
            }
        });
    }
}
