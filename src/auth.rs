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

/// For staff pages: who is signed in (`None` while unknown), sending
/// someone who arrives without a session to sign in. Only on arrival:
/// signing out from a staff page navigates away by itself.
pub fn require_sign_in() -> Signal<Option<Me>> {
    let auth = use_auth();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |decided: Option<bool>| {
        if decided == Some(true) || !auth.loaded() {
            return decided.unwrap_or(false);
        }
        match auth.me() {
            None => navigate(crate::paths::LOGIN, Default::default()),
            // The server answers nothing else until a temporary password is changed.
            Some(me) if me.must_change_password => {
                let here = window().location().pathname().unwrap_or_default();
                if here != crate::paths::PASSWORD {
                    navigate(crate::paths::PASSWORD, Default::default());
                }
            }
            Some(_) => {}
        }
        true
    });
    Signal::derive(move || auth.me())
}
