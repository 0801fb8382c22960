//! A value read from the server for a page: read when the page opens, again
//! whenever a signal the reader reads (before its first `.await`) changes,
//! and again on `refetch` (a failed read's retry button). Until the first
//! answer `get` is `None`; a newer read replaces the value when it answers,
//! and an answer to a read that a newer one overtook is dropped.
//!
//! It does for the pages what Leptos's `LocalResource` did, and no more: no
//! `Suspense`, no tracking across `.await`. `LocalResource` compiled its
//! whole async machinery once per value type (46 KB of the portal's wasm
//! before wasm-opt, measured with twiggy); here the only code per type is
//! the signal that holds the value, and the reader's future is boxed, so one
//! effect and one spawn serve every page.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

type Run = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

pub struct Loaded<T: 'static> {
    value: RwSignal<Option<T>, LocalStorage>,
    again: Trigger,
}

impl<T: 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Loaded<T> {}

impl<T: 'static> Loaded<T> {
    /// Reads with `fetch` now, and again whenever a signal it reads changes.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Loaded<T>
    where
        Fut: Future<Output = T> + 'static,
    {
        let value = RwSignal::new_local(None);
        let again = Trigger::new();
        let latest = Rc::new(Cell::new(0u32));
        let run: Run = Box::new(move || {
            // Called inside the effect: what `fetch` reads here is tracked.
            let read = fetch();
            let this = latest.get().wrapping_add(1);
            latest.set(this);
            let latest = latest.clone();
            Box::pin(async move {
                let answer = read.await;
                if latest.get() == this {
                    // The page may have closed meanwhile: then nothing is set.
                    value.try_set(Some(answer));
                }
            })
        });
        start(again, run);
        Loaded { value, again }
    }

    /// Reads it again (a retry, or after a change the reader cannot see).
    pub fn refetch(&self) {
        self.again.notify();
    }
}

impl<T: Clone + 'static> Loaded<T> {
    /// The latest answer (tracked): `None` until the first one.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// The latest answer, without tracking.
    pub fn get_untracked(&self) -> Option<T> {
        self.value.get_untracked()
    }
}

/// The one effect every `Loaded` runs: whenever what `run` reads changes,
/// or `again` is notified, a new read starts.
fn start(again: Trigger, run: Run) {
    Effect::new(move |_| {
        again.track();
        spawn_local(run());
    });
}
