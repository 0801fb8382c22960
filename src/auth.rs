//! Who is signed in, shared through context and loaded once at start.

use leptos::prelude::*;
use leptos::task::spawn_local;
use xiaoneng_domain::Me;

use crate::api;

#[derive(Clone, Copy)]
pub struct Auth {
    /// `None` while the first `GET /api/auth/me` is in flight.
    state: RwSignal<Option<Option<Me>>>,
}

impl Auth {
    /// Asks the server whether this browser has a session.
    pub fn load() -> Auth {
        let auth = Auth {
            state: RwSignal::new(None),
        };
        spawn_local(async move {
            // A network error at start counts as signed out; the login page will say more.
            let me = api::me().await.ok().flatten();
            auth.state.set(Some(me));
        });
        auth
    }

    /// Someone known to be signed in or not (for tests and previews).
    pub fn known(me: Option<Me>) -> Auth {
        Auth {
            state: RwSignal::new(Some(me)),
        }
    }

    pub fn loaded(&self) -> bool {
        self.state.with(Option::is_some)
    }

    pub fn me(&self) -> Option<Me> {
        self.state.get().flatten()
    }

    pub fn signed_in(&self, me: Me) {
        self.state.set(Some(Some(me)));
    }

    pub fn signed_out(&self) {
        self.state.set(Some(None));
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
