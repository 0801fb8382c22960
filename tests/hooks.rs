//! The shared hooks in a real browser (wasm-bindgen-test in headless
//! Chromium): a form's choices say when they failed and read again on a
//! retry; a paged list loads more, says how many it shows, and shows the
//! same items again when one comes back to it; the sign-in guard sends the
//! signed-out to sign in and brings them back to the page they asked for.
//! The pages here come from the test (the runner serves no API); the real
//! server's answers are the end-to-end tests' part.

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use xiaoneng_app::api::ApiError;
use xiaoneng_app::hooks::choices::Choices;
use xiaoneng_app::hooks::paged::Paged;
use xiaoneng_app::staff::auth::{Auth, SignInGuard, after_sign_in};
use xiaoneng_app::texts::I18n;
use xiaoneng_domain::record::Page;
use xiaoneng_domain::{Lang, Me, Role};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets the browser run what is queued (tasks, timers, frames).
async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `ready` holds (at most about five seconds), failing with `what`.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..1000 {
        leptos::task::tick().await;
        if ready() {
            return;
        }
        pause().await;
    }
    panic!("never: {what}");
}

fn text(root: &HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

fn buttons(root: &HtmlElement, label: &str) -> Vec<HtmlElement> {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .filter(|b| b.text_content().unwrap_or_default().trim() == label)
        .collect()
}

fn items(root: &HtmlElement) -> Vec<String> {
    let all = root.query_selector_all("li").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn choices_say_a_failed_read_and_read_again_on_retry() {
    let root = container();
    let reads = Rc::new(Cell::new(0));
    let counted = reads.clone();
    let _app = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::ZhCn));
        let counted = counted.clone();
        let units = Choices::new(move || {
            let n = counted.get();
            counted.set(n + 1);
            async move {
                if n == 0 {
                    Err(ApiError::Network("offline".into()))
                } else {
                    Ok(vec!["市房产局".to_owned(), "合肥热电集团".to_owned()])
                }
            }
        });
        view! {
            <ul>{move || units.get().into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul>
            {units.notice()}
        }
    });
    until("the failure is shown", || text(&root).contains("加载失败")).await;
    assert!(items(&root).is_empty(), "no choices after a failure");
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(
        alert.text_content().unwrap().contains("网络"),
        "says what failed"
    );

    buttons(&root, "重试")[0].click();
    until("the choices after the retry", || items(&root).len() == 2).await;
    assert_eq!(reads.get(), 2);
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "the alert is gone"
    );
}

/// A list of 25 in pages of 10, read from memory; counts the reads.
fn twenty_five(reads: Rc<Cell<u32>>) -> Paged<String> {
    Paged::reading(
        |cursor| format!("/test/list?cursor={}", cursor.unwrap_or_default()),
        Box::new(move |path: String| {
            reads.set(reads.get() + 1);
            Box::pin(async move {
                let start: usize = path.rsplit('=').next().unwrap().parse().unwrap_or(0);
                let end = (start + 10).min(25);
                Ok(Page {
                    items: (start..end).map(|i| format!("问题 {}", i + 1)).collect(),
                    next: (end < 25).then(|| end.to_string()),
                })
            }) as Pin<Box<dyn Future<Output = Result<Page<String>, ApiError>>>>
        }),
    )
}

#[wasm_bindgen_test]
async fn a_paged_list_loads_more_and_is_kept_for_the_way_back() {
    let root = container();
    let reads = Rc::new(Cell::new(0));
    let mount = |reads: Rc<Cell<u32>>| {
        leptos::mount::mount_to(root.clone(), move || {
            provide_context(I18n::new(Lang::ZhCn));
            let list = twenty_five(reads.clone());
            Effect::new(move |_| list.reload());
            list.view("list", || "没有", |item: String| view! { <li>{item}</li> })
        })
    };
    let app = mount(reads.clone());
    until("the first page", || items(&root).len() == 10).await;
    assert!(
        text(&root).contains("已显示 10 条，还有更多"),
        "{}",
        text(&root)
    );
    buttons(&root, "加载更多")[0].click();
    until("the second page", || items(&root).len() == 20).await;
    buttons(&root, "加载更多")[0].click();
    until("the last page", || items(&root).len() == 25).await;
    assert!(text(&root).contains("共 25 条"), "{}", text(&root));
    assert!(
        buttons(&root, "加载更多").is_empty(),
        "nothing more to load"
    );
    assert_eq!(reads.get(), 3);

    // Leaving the list (another page) and coming back shows what was loaded.
    drop(app);
    root.set_inner_html("");
    let _back = mount(reads.clone());
    until("the list as it was", || items(&root).len() == 25).await;
    assert_eq!(items(&root)[24], "问题 25");
    assert_eq!(reads.get(), 3, "coming back reads nothing anew");
}

fn someone() -> Me {
    Me {
        id: 7,
        username: "office".into(),
        display_name: "周明".into(),
        role: Role::Office,
        unit_id: None,
        unit_name: None,
        must_change_password: false,
        signs_bulletins: false,
        csrf_token: "t".into(),
    }
}

fn here() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

#[wasm_bindgen_test]
async fn the_sign_in_guard_sends_to_sign_in_and_back() {
    let root = container();
    let auth = Auth::known(Some(someone()));
    window()
        .history()
        .unwrap()
        .push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("/staff/findings?state=recorded"),
        )
        .unwrap();
    let _app = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::ZhCn));
        provide_context(auth);
        view! {
            <Router>
                <SignInGuard />
                <Routes fallback=|| "其他页面">
                    <Route path=path!("/staff/findings") view=|| "问题台账" />
                    <Route path=path!("/login") view=|| "工作人员登录" />
                </Routes>
            </Router>
        }
    });
    until("the page asked for", || text(&root).contains("问题台账")).await;

    // The session ends mid-action (the server answers 401).
    auth.session_lost();
    until("the sign-in page", || text(&root).contains("工作人员登录")).await;
    let asked = here();
    assert!(
        asked.starts_with("/login?next=") && asked.contains("staff%2Ffindings%3Fstate%3Drecorded"),
        "{asked}"
    );
    let next = web_sys::UrlSearchParams::new_with_str(&window().location().search().unwrap())
        .unwrap()
        .get("next");
    assert_eq!(
        after_sign_in(next.as_deref()),
        "/staff/findings?state=recorded"
    );

    // Only a page of this app is a way back.
    for elsewhere in [
        "//evil.example/staff",
        "https://evil.example/staff",
        "/staffing\\..\\x",
        "/login",
    ] {
        assert_eq!(after_sign_in(Some(elsewhere)), "/staff", "{elsewhere}");
    }
    assert_eq!(after_sign_in(None), "/staff");
}
