//! A list's filters kept in the URL's query, so deep links and the back
//! button work, and the paged list that follows them.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::de::DeserializeOwned;

use crate::api;
use crate::hooks::paged::Paged;

/// Each filter's value in the URL (`None` when absent or empty), in order.
pub type Filter = Memo<Vec<(&'static str, Option<String>)>>;

/// The URL's values of `names`.
pub fn use_url_filter(names: &'static [&'static str]) -> Filter {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            names
                .iter()
                .map(|k| (*k, q.get(k).filter(|v| !v.is_empty())))
                .collect()
        })
    })
}

/// `endpoint`'s list under the URL's filter, a page at a time, read again
/// whenever the filter changes while `ready` holds (the caller may read it).
pub fn use_filtered_list<T>(
    endpoint: &'static str,
    filter: Filter,
    ready: impl Fn() -> bool + 'static,
) -> Paged<T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let list = Paged::<T>::new(move |cursor| {
        let mut pairs = filter.get_untracked();
        pairs.push(("cursor", cursor));
        format!("{endpoint}{}", api::query(&pairs))
    });
    Effect::new(move |_| {
        filter.track();
        if ready() {
            list.reload();
        }
    });
    list
}
