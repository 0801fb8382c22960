//! A form's moving parts in one place: its refused fields (from the shared
//! rules in the browser or from the server), whether it is sending, what it
//! last did, and the error summary that takes focus when it is refused.

use leptos::html;
use leptos::prelude::*;

use crate::api::FieldErrors;
use crate::components::form::SummaryItem;

#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    pub busy: RwSignal<bool>,
    /// A short confirmation after success.
    pub done: RwSignal<Option<String>>,
    pub summary_ref: NodeRef<html::Div>,
    /// Field `f` is the input with id `{prefix}-{f}`.
    prefix: StoredValue<String>,
}

impl FormState {
    pub fn new(prefix: impl Into<String>) -> FormState {
        FormState {
            errors: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            done: RwSignal::new(None),
            summary_ref: NodeRef::new(),
            prefix: StoredValue::new(prefix.into()),
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
        Signal::derive(move || {
            self.errors
                .get()
                .into_iter()
                .map(|(f, message)| SummaryItem {
                    target: (f != "form").then(|| self.id(&f)),
                    message,
                })
                .collect()
        })
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
        if let Some(el) = self.summary_ref.get_untracked() {
            let _ = el.focus();
        }
    }

    pub fn succeed(self, message: impl Into<String>) {
        self.busy.set(false);
        self.errors.set(Vec::new());
        self.done.set(Some(message.into()));
    }
}
