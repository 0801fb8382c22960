//! A list read a page at a time, for the list pages: keyset cursors from
//! the API's `next`, "load more", and a generation on every request so an
//! answer to an older filter never overwrites a newer one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use xiaoneng_domain::record::Page;

use crate::api::{self, ApiError};

#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Failed(ApiError),
    Ready,
}

/// Builds a page's request path from the cursor (none: the first page).
type PathFor = Box<dyn Fn(Option<String>) -> String>;

pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    pub load: RwSignal<Load>,
    /// A further page is on its way.
    pub more_loading: RwSignal<bool>,
    generation: StoredValue<u32>,
    path: StoredValue<PathFor, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: DeserializeOwned + Send + Sync + 'static> Paged<T> {
    /// `path` builds the request for a cursor; it may read the current
    /// filter (untracked: call [`Paged::reload`] when the filter changes).
    pub fn new(path: impl Fn(Option<String>) -> String + 'static) -> Paged<T> {
        Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            load: RwSignal::new(Load::Loading),
            more_loading: RwSignal::new(false),
            generation: StoredValue::new(0),
            path: StoredValue::new_local(Box::new(path)),
        }
    }

    /// Reads the first page again (a new filter, a retry).
    pub fn reload(&self) {
        self.generation.update_value(|g| *g += 1);
        self.load.set(Load::Loading);
        self.fetch(None);
    }

    /// Appends the next page.
    pub fn more(&self) {
        self.more_loading.set(true);
        self.fetch(self.next.get_untracked());
    }

    fn fetch(&self, cursor: Option<String>) {
        let this = *self;
        let path = self.path.with_value(|p| p(cursor.clone()));
        let asked = self.generation.get_value();
        spawn_local(async move {
            let answer = api::get::<Page<T>>(&path).await;
            if this.generation.get_value() != asked {
                return;
            }
            this.more_loading.set(false);
            match answer {
                Ok(page) => {
                    if cursor.is_some() {
                        this.items.update(|list| list.extend(page.items));
                    } else {
                        this.items.set(page.items);
                    }
                    this.next.set(page.next);
                    this.load.set(Load::Ready);
                }
                Err(e) => this.load.set(Load::Failed(e)),
            }
        });
    }
}
