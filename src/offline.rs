//! The staff app with no connection. A service worker (`/staff-sw.js`,
//! written by Workbox at build: `xtask/js/generate.cjs`) keeps the app's own
//! files, so `/staff…` opens and reloads on a phone with no signal, and
//! keeps the last answer of what an inspector reads on site. While online,
//! the dashboard fetches the coming days' visits ahead ([`fetch_ahead`]):
//! each visit, its inspection (kept by `hooks::draft`), the unit's away
//! notices and posts. A new version of the app waits until the user moves
//! between pages, and never starts in the middle of an inspection.

use std::cell::Cell;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use xiaoneng_domain::planning::Visit;

use crate::{api, hooks::draft, paths};

/// The worker's address; its scope is the whole site (it acts on the staff
/// app's pages and their API calls only).
pub const WORKER: &str = "/staff-sw.js";
/// The worker's cache of API answers (`generate.cjs`'s `runtimeCaching`).
pub const FIELD_CACHE: &str = "xiaoneng-field-data";
/// How far ahead the phone keeps visits: a week.
pub const AHEAD_DAYS: i64 = 7;
/// Ask the server for a new version of the app at most this often (ms).
const CHECK_EVERY_MS: f64 = 30.0 * 60.0 * 1000.0;

/// Read the visits ahead again at most this often while the app runs (ms).
const AHEAD_AGAIN_MS: f64 = 5.0 * 60.0 * 1000.0;

thread_local! {
    static LAST_CHECK: Cell<f64> = const { Cell::new(0.0) };
    /// The last read ahead: when, of which visits, how many are on the phone.
    static LAST_AHEAD: std::cell::RefCell<Option<(f64, Vec<i64>, usize)>> =
        const { std::cell::RefCell::new(None) };
}

/// The browser's service workers, where it has them (not over plain HTTP
/// other than localhost, nor in some private modes).
fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Whether this browser can keep the app for use offline.
pub fn supported() -> bool {
    container().is_some()
}

/// Installs the worker (at the staff app's start). Without it the app works
/// as before, online only.
pub fn register() {
    let Some(container) = container() else {
        return;
    };
    let options = web_sys::RegistrationOptions::new();
    options.set_scope("/");
    let promise = container.register_with_options(WORKER, &options);
    spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            web_sys::console::warn_2(&"service worker not installed:".into(), &e);
        }
    });
}

async fn registration() -> Option<web_sys::ServiceWorkerRegistration> {
    let found = JsFuture::from(container()?.get_registration()).await.ok()?;
    found.dyn_into().ok()
}

/// Takes a new version of the app if one is waiting and the user is now at
/// `path`, between pages and not on a visit's checklist: the page loads
/// again under the new version (the router has already moved to `path`, so
/// nothing typed is lost). Otherwise asks the server for one, at most every
/// half hour.
///
/// A version waits only beside one that runs: on a device's first visit
/// the worker being installed is "waiting" for an instant on its way to
/// active, and taking it then reloaded the page a moment later — possibly
/// under the finger of an inspector tapping their first visit.
pub fn take_update(path: &str) {
    if paths::is_visit(path) {
        return;
    }
    spawn_local(async move {
        let Some(registration) = registration().await else {
            return;
        };
        let Some(container) = container() else {
            return;
        };
        let running = registration.active().is_some() && container.controller().is_some();
        if let (Some(waiting), true) = (registration.waiting(), running) {
            web_sys::console::info_1(&"a new version of the app is taken".into());
            let reload = Closure::once_into_js(|| {
                // Should the user have opened a checklist meanwhile, the
                // new version waits for the next page.
                let here = window().location().pathname().unwrap_or_default();
                if !paths::is_visit(&here) {
                    let _ = window().location().reload();
                }
            });
            container.set_oncontrollerchange(Some(reload.unchecked_ref()));
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = waiting.post_message(&message);
            return;
        }
        let now = js_sys::Date::now();
        if now - LAST_CHECK.with(Cell::get) >= CHECK_EVERY_MS {
            LAST_CHECK.with(|c| c.set(now));
            if let Ok(promise) = registration.update() {
                let _ = JsFuture::from(promise).await;
            }
        }
    });
}

/// Watches the user move between pages and takes a waiting version then.
#[component]
pub fn TakeUpdates() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |before: Option<String>| {
        let path = location.pathname.get();
        if before.is_some_and(|b| b != path) {
            take_update(&path);
        }
        path
    });
}

/// Forgets what the phone keeps of the signed-in user's work (at sign-in
/// and sign-out, so the next person on the device reads none of it): the
/// worker's API answers and the inspections read ahead. Drafts with changes
/// the server does not have yet stay, to be sent.
pub async fn forget_field_data() {
    LAST_AHEAD.with_borrow_mut(|last| *last = None);
    draft::forget_read_ahead();
    if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
        let _ = JsFuture::from(caches.delete(FIELD_CACHE)).await;
    }
}

/// The visits of `all` to keep on the phone: those up to a week ahead
/// (overdue ones too: they are still to make).
pub fn coming(all: &[Visit], today: NaiveDate) -> Vec<Visit> {
    let last = today + chrono::Duration::days(AHEAD_DAYS);
    all.iter()
        .filter(|v| v.planned_on <= last)
        .cloned()
        .collect()
}

/// Resolves once the worker controls this page (so its cache sees the
/// reads that follow); `false` when there is no worker to wait for.
async fn controlled() -> bool {
    let Some(container) = container() else {
        return false;
    };
    if JsFuture::from(match container.ready() {
        Ok(ready) => ready,
        Err(_) => return false,
    })
    .await
    .is_err()
    {
        return false;
    }
    if container.controller().is_some() {
        return true;
    }
    // The first visit: the worker claims the page as it activates.
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let _ = container.add_event_listener_with_callback("controllerchange", &resolve);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10_000);
    });
    let _ = JsFuture::from(wait).await;
    container.controller().is_some()
}

/// Reads `visits` ahead, for use with no connection: each visit, its
/// inspection, the unit's away notices and posts. Answers how many visits
/// are fully on the phone.
pub async fn fetch_ahead(visits: &[Visit]) -> usize {
    if !controlled().await {
        return 0;
    }
    // Read again through the worker, which keeps them: on a first visit the
    // sign-in and the dashboard's list were read before it took charge.
    if api::me().await.is_err() || api::planning::open_visits().await.is_err() {
        return 0;
    }
    let mut ready = 0;
    for visit in visits {
        let (read, inspection, notices, posts) = read_one(visit).await;
        if read && inspection && notices && posts {
            ready += 1;
        }
    }
    ready
}

async fn read_one(visit: &Visit) -> (bool, bool, bool, bool) {
    let read = api::planning::visit(visit.id).await.is_ok();
    let inspection = draft::read_ahead(visit.id).await.is_ok();
    let notices = api::units::notices_in_force(visit.unit_id).await.is_ok();
    let posts = api::units::posts(visit.unit_id).await.is_ok();
    (read, inspection, notices, posts)
}

/// Tells the user, on the dashboard, whether the coming visits are on the
/// phone for use with no connection.
#[component]
pub fn FieldReady(visits: Vec<Visit>) -> impl IntoView {
    let i18n = crate::texts::use_i18n();
    let coming = coming(&visits, crate::clock::today());
    let total = coming.len();
    // Coming back to the dashboard within minutes reads nothing again.
    let ids: Vec<i64> = coming.iter().map(|v| v.id).collect();
    let fresh = LAST_AHEAD.with_borrow(|last| {
        last.as_ref()
            .filter(|(at, read, _)| js_sys::Date::now() - at < AHEAD_AGAIN_MS && *read == ids)
            .map(|(_, _, ready)| *ready)
    });
    let ready = RwSignal::new(fresh);
    let shown = supported() && total > 0;
    if shown && fresh.is_none() {
        spawn_local(async move {
            let n = fetch_ahead(&coming).await;
            LAST_AHEAD.with_borrow_mut(|last| *last = Some((js_sys::Date::now(), ids, n)));
            ready.try_set(Some(n));
        });
    }
    // The line is there from the start, so the list below never moves
    // under a finger when the answer comes.
    let text = move || {
        let s = i18n.f();
        match ready.get() {
            None => (s.offline_preparing)(total),
            Some(n) if n == total => (s.offline_ready)(n),
            Some(n) => (s.offline_partial)(n, total),
        }
    };
    shown.then(|| view! { <p class="field-ready" role="status">{text}</p> })
}
