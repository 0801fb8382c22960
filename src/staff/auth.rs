//! Who is signed in, shared through context and loaded once at start.

use leptos::prelude::*;
use leptos::task::spawn_local;
use xiaoneng_domain::Me;

use crate::api;

#[derive(Clone, Copy)]
pub struct Auth {
    /// `None` while the first `GET /api/auth/me` is in flight.
    state: RwSignal<Option<Option<Me>>>,
    /// The user signed out here (rather than the session being lost).
    left: RwSignal<bool>,
}

impl Auth {
    /// Asks the server whether this browser has a session.
    pub fn load() -> Auth {
        let auth = Auth {
            state: RwSignal::new(None),
            left: RwSignal::new(false),
        };
        spawn_local(async move {
            // A network error at start counts as signed out; the login page will say more.
            let me = api::me().await.ok().flatten();
            // A sign-in (or sign-out) answered meanwhile is newer than this read.
            if auth.state.with_untracked(Option::is_none) {
                auth.state.set(Some(me));
            }
        });
        auth
    }

    /// Someone known to be signed in or not (for tests and previews).
    pub fn known(me: Option<Me>) -> Auth {
        Auth {
            state: RwSignal::new(Some(me)),
            left: RwSignal::new(false),
        }
    }

    pub fn loaded(&self) -> bool {
        self.state.with(Option::is_some)
    }

    pub fn me(&self) -> Option<Me> {
        self.state.get().flatten()
    }

    pub fn signed_in(&self, me: Me) {
        self.left.set(false);
        self.state.set(Some(Some(me)));
    }

    /// The user signed out: the page navigates away by itself.
    pub fn signed_out(&self) {
        self.left.set(true);
        self.state.set(Some(None));
    }

    /// The server no longer knows the session (it expired, or was ended
    /// elsewhere): the guard sends the user to sign in and back.
    pub fn session_lost(&self) {
        if self.state.get_untracked().flatten().is_some() {
            self.state.set(Some(None));
        }
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The sign-in page's address that brings the user back to `here` after.
pub fn login_returning_to(here: &str) -> String {
    format!(
        "{}{}",
        crate::paths::LOGIN,
        api::query(&[("next", Some(here.to_owned()))])
    )
}

/// Where the sign-in page sends the user after: `next` if it names a staff
/// page of this app (never another site), else the dashboard.
pub fn after_sign_in(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with(crate::paths::DASHBOARD)
                && !next.contains("//")
                && !next.contains('\\') =>
        {
            next.to_owned()
        }
        _ => crate::paths::DASHBOARD.to_owned(),
    }
}

/// The one sign-in guard of the staff routes, inside the router: whoever is
/// on a staff page without a session — arriving signed out, or having their
/// session expire mid-action — goes to sign in, and comes back to the page
/// they were on after. A temporary password is changed before anything else.
#[component]
pub fn SignInGuard() -> impl IntoView {
    let auth = use_auth();
    let navigate = leptos_router::hooks::use_navigate();
    let location = leptos_router::hooks::use_location();
    api::on_session_lost(move || auth.session_lost());
    Effect::new(move |_| {
        let path = location.pathname.get();
        if !auth.loaded() || !path.starts_with(crate::paths::DASHBOARD) {
            return;
        }
        match auth.me() {
            None if !auth.left.get() => {
                // The router's `search` has no leading `?`.
                let search = location.search.get_untracked();
                let here = if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                };
                navigate(&login_returning_to(&here), Default::default());
            }
            // The server answers nothing else until a temporary password is changed.
            Some(me) if me.must_change_password && path != crate::paths::PASSWORD => {
                navigate(crate::paths::PASSWORD, Default::default());
            }
            _ => {}
        }
    });
}

/// For staff pages: who is signed in (`None` while unknown or signed out;
/// [`SignInGuard`] sends the signed-out to sign in). Told again of the same
/// user, a page is not drawn again: a list being tapped stays put.
pub fn require_sign_in() -> Signal<Option<Me>> {
    let auth = use_auth();
    Memo::new(move |_| auth.me()).into()
}
