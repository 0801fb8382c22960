//! A list read a page at a time, for the list pages: keyset cursors from
//! the API's `next`, "load more", and a generation on every request so an
//! answer to an older filter never overwrites a newer one. Leaving a list
//! keeps what it had loaded and where it was scrolled: coming back to the
//! same list (the back button) shows it again there, without reading it anew.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use xiaoneng_domain::record::Page;

use crate::api::{self, ApiError};
use crate::components::status::{LoadError, Skeleton};
use crate::texts::use_i18n;

#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Failed(ApiError),
    Ready,
}

/// Builds a page's request path from the cursor (none: the first page).
type PathFor = Box<dyn Fn(Option<String>) -> String>;

/// Reads one page by its path (the API, or a test's pages).
pub type ReadPage<T> =
    Box<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>>;

/// A list left behind, by its first page's path: the items, the cursor of
/// the next page, and the scroll position.
struct Left {
    items: Box<dyn Any>,
    next: Option<String>,
    scroll: f64,
}

thread_local! {
    static LEFT: RefCell<HashMap<String, Left>> = RefCell::new(HashMap::new());
}

/// How many lists are kept for the way back; past it, one makes room.
const LEFT_KEPT: usize = 8;

pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    pub load: RwSignal<Load>,
    /// A further page is on its way.
    pub more_loading: RwSignal<bool>,
    generation: StoredValue<u32>,
    path: StoredValue<PathFor, LocalStorage>,
    read: StoredValue<ReadPage<T>, LocalStorage>,
    /// The first page's path of what is shown (the key it is kept by).
    shown: StoredValue<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Paged<T> {
    /// `path` builds the request for a cursor; it may read the current
    /// filter (untracked: call [`Paged::reload`] when the filter changes).
    pub fn new(path: impl Fn(Option<String>) -> String + 'static) -> Paged<T> {
        Paged::reading(
            path,
            Box::new(|path: String| {
                Box::pin(async move { api::get::<Page<T>>(&path).await })
                    as Pin<Box<dyn Future<Output = _>>>
            }),
        )
    }
}

impl<T: Clone + Send + Sync + 'static> Paged<T> {
    /// A list whose pages `read` reads (the API for [`Paged::new`]).
    pub fn reading(
        path: impl Fn(Option<String>) -> String + 'static,
        read: ReadPage<T>,
    ) -> Paged<T> {
        let paged = Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            load: RwSignal::new(Load::Loading),
            more_loading: RwSignal::new(false),
            generation: StoredValue::new(0),
            path: StoredValue::new_local(Box::new(path) as PathFor),
            read: StoredValue::new_local(read),
            shown: StoredValue::new(None),
        };
        on_cleanup(move || paged.leave());
        paged
    }

    /// Keeps what is shown for the way back.
    fn leave(&self) {
        let (Some(key), Some(Load::Ready)) = (
            self.shown.try_get_value().flatten(),
            self.load.try_get_untracked(),
        ) else {
            return;
        };
        let (Some(items), Some(next)) = (
            self.items.try_get_untracked(),
            self.next.try_get_untracked(),
        ) else {
            return;
        };
        let scroll = window().scroll_y().unwrap_or(0.0);
        LEFT.with(|left| {
            let mut left = left.borrow_mut();
            if left.len() >= LEFT_KEPT
                && let Some(oldest) = left.keys().next().cloned()
            {
                left.remove(&oldest);
            }
            left.insert(
                key,
                Left {
                    items: Box::new(items),
                    next,
                    scroll,
                },
            );
        });
    }

    /// Reads the first page again (a new filter, a retry). The first read of
    /// a list left behind shows it again as it was instead.
    pub fn reload(&self) {
        self.generation.update_value(|g| *g += 1);
        let key = self.path.with_value(|p| p(None));
        let kept = LEFT.with(|left| left.borrow_mut().remove(&key));
        let first_read = self.shown.get_value().is_none();
        self.shown.set_value(Some(key));
        if first_read
            && let Some(kept) = kept
            && let Ok(items) = kept.items.downcast::<Vec<T>>()
        {
            self.items.set(*items);
            self.next.set(kept.next);
            self.load.set(Load::Ready);
            // Once the restored items are drawn.
            request_animation_frame(move || {
                request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, kept.scroll));
            });
            return;
        }
        self.load.set(Load::Loading);
        self.fetch(None);
    }

    /// Appends the next page.
    pub fn more(&self) {
        self.more_loading.set(true);
        self.fetch(self.next.get_untracked());
    }

    /// The list as a page shows it: a skeleton while the first page loads,
    /// the failure with a retry, `empty` when there is nothing, else the
    /// items (each drawn by `item` inside `<ul class=list_class>`), how many
    /// are shown, and "load more" while there is more.
    pub fn view<V: IntoView + 'static>(
        self,
        list_class: &'static str,
        empty: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
        item: impl Fn(T) -> V + Copy + Send + Sync + 'static,
    ) -> impl IntoView {
        move || match self.load.get() {
            Load::Loading => view! { <Skeleton rows=3 /> }.into_any(),
            Load::Failed(error) => view! {
                <LoadError error=error on_retry=Callback::new(move |_| self.reload()) />
            }
            .into_any(),
            Load::Ready if self.items.with(Vec::is_empty) => {
                view! { <p class="empty-state">{empty}</p> }.into_any()
            }
            Load::Ready => view! {
                <ul class=list_class>
                    {move || self.items.get().into_iter().map(item).collect_view()}
                </ul>
                {self.footer()}
            }
            .into_any(),
        }
    }

    /// Under a list: how many are shown, and "load more" while there is more.
    pub fn footer(self) -> impl IntoView {
        let i18n = use_i18n();
        view! {
            <p class="list-count" role="status">
                {move || (i18n.t().shown)(self.items.with(Vec::len), self.next.with(Option::is_some))}
            </p>
            {self.more_button()}
        }
    }

    /// "Load more", while there is more (for a list that says its count elsewhere).
    pub fn more_button(self) -> impl IntoView {
        let i18n = use_i18n();
        view! {
            <Show when=move || self.next.with(Option::is_some)>
                <button type="button" class="button button--secondary list-more"
                    disabled=move || self.more_loading.get() on:click=move |_| self.more()>
                    {move || if self.more_loading.get() { i18n.t().loading_more } else { i18n.t().load_more }}
                </button>
            </Show>
        }
    }

    fn fetch(&self, cursor: Option<String>) {
        let this = *self;
        let path = self.path.with_value(|p| p(cursor.clone()));
        let asked = self.generation.get_value();
        let reading = self.read.with_value(|read| read(path));
        spawn_local(async move {
            let answer = reading.await;
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
