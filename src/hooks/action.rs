//! Writes (and the odd read a write needs) the Leptos way: an
//! `Action::new_local` that sends what it is dispatched, is `pending()` while
//! in flight, ticks its `version()` with each answer (a resource showing what
//! it changed refetches on that), and hands each answer to the page as it
//! arrives.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiError;

/// An action sending its input with `send`; `answered` gets each answer.
pub fn use_action<I, T, Fu>(
    send: impl Fn(&I) -> Fu + 'static,
    answered: impl Fn(Result<T, ApiError>) + 'static,
) -> Action<I, ()>
where
    I: 'static,
    T: 'static,
    Fu: Future<Output = Result<T, ApiError>> + 'static,
{
    let answered = Rc::new(answered);
    Action::new_local(move |input: &I| {
        let sent = send(input);
        let answered = Rc::clone(&answered);
        async move { answered(sent.await) }
    })
}
