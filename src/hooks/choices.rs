//! The choices a form offers (units, staff, rounds, decisions…), read whole
//! — every page of a paged list — so no choice is missing. A failed read is
//! shown beside the field with a retry, never as an empty list.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::status::LoadError;
use crate::hooks::loaded::Loaded;

pub struct Choices<T: 'static> {
    read: Loaded<Result<Vec<T>, ApiError>>,
}

impl<T: 'static> Clone for Choices<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Choices<T> {}

impl<T: Clone + 'static> Choices<T> {
    /// Reads with `fetch` now, and again whenever a signal it reads changes.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Choices<T>
    where
        Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
    {
        Choices {
            read: Loaded::new(fetch),
        }
    }

    /// The choices (tracked): none while they load or when the read failed.
    pub fn get(&self) -> Vec<T> {
        match self.read.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        }
    }

    /// The choices once read (tracked): `None` while they load or after a
    /// failure, so "there are none" is said only when it is true.
    pub fn ready(&self) -> Option<Vec<T>> {
        self.read.get().and_then(Result::ok)
    }

    /// The choices, without tracking.
    pub fn get_untracked(&self) -> Vec<T> {
        match self.read.get_untracked() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        }
    }

    /// The read's error, if it failed (tracked).
    pub fn error(&self) -> Option<ApiError> {
        match self.read.get() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }

    /// Reads again.
    pub fn retry(&self) {
        self.read.refetch();
    }

    /// Nothing while the read is fine or under way; after a failure, what
    /// failed and a retry. Placed beside the field the choices are for.
    pub fn notice(self) -> impl IntoView {
        move || {
            self.error().map(|error| {
                view! { <LoadError error=error on_retry=Callback::new(move |_| self.retry()) /> }
            })
        }
    }
}
