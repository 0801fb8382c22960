//! Components mounted in a real browser (wasm-bindgen-test in headless
//! Chromium): the sign-in form runs the shared rule before sending anything
//! and shows the server's answer; the language switch changes every text.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};
use xiaoneng_app::api::ApiError;
use xiaoneng_app::components::lang_switch::LangSwitch;
use xiaoneng_app::components::login_form::LoginForm;
use xiaoneng_app::texts::{I18n, use_i18n};
use xiaoneng_domain::{ErrorBody, ErrorCode, Lang, LoginRequest};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document to mount into.
fn container() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// The input a `<label>` with this text is for.
fn field(root: &HtmlElement, label: &str) -> HtmlInputElement {
    let labels = root.query_selector_all("label").unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlLabelElement>())
        .find(|l| l.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no label {label:?}"));
    document()
        .get_element_by_id(&label.html_for())
        .expect("the labelled input")
        .unchecked_into()
}

fn button(root: &HtmlElement, text: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

fn alert_text(root: &HtmlElement) -> String {
    root.query_selector("[role=alert]")
        .unwrap()
        .expect("an alert region")
        .text_content()
        .unwrap_or_default()
}

/// Resolves on the browser's next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_login_form_checks_input_before_sending() {
    let root = container();
    let sent = RwSignal::new(Vec::<LoginRequest>::new());
    let _app = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::ZhCn));
        view! {
            <LoginForm
                pending=false
                server_error=Signal::stored(None::<ApiError>)
                on_submit=Callback::new(move |req| sent.update(|s| s.push(req)))
            />
        }
    });

    button(&root, "登录").click();
    leptos::task::tick().await;
    let summary = alert_text(&root);
    assert!(summary.contains("请先解决以下问题"), "{summary}");
    assert!(summary.contains("用户名：此项必填"), "{summary}");
    assert!(summary.contains("密码：此项必填"), "{summary}");
    let username = field(&root, "用户名");
    assert_eq!(
        username.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Focus moves once the summary is drawn: on the next frame.
    next_frame().await;
    let active = document().active_element().map(|e| e.get_attribute("role"));
    assert_eq!(
        active,
        Some(Some("alert".into())),
        "the summary takes focus"
    );
    assert!(
        sent.get_untracked().is_empty(),
        "nothing is sent while input is refused"
    );

    type_into(&username, "  office ");
    type_into(&field(&root, "密码"), "xiaoneng-demo");
    button(&root, "登录").click();
    leptos::task::tick().await;
    assert_eq!(
        sent.get_untracked(),
        [LoginRequest {
            username: "office".into(),
            password: "xiaoneng-demo".into()
        }]
    );
    assert_eq!(username.get_attribute("aria-invalid"), None);
    assert!(!alert_text(&root).contains("此项必填"));
}

#[wasm_bindgen_test]
async fn the_login_form_shows_the_servers_answer() {
    let root = container();
    let error = RwSignal::new(None::<ApiError>);
    let _app = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n::new(Lang::En));
        view! { <LoginForm pending=false server_error=error on_submit=Callback::new(|_| {}) /> }
    });
    let mut body = ErrorBody::new(ErrorCode::TooManyRequests, Lang::ZhCn);
    body.retry_after = Some(900);
    error.set(Some(ApiError::Server(body)));
    leptos::task::tick().await;
    let summary = alert_text(&root);
    // Known codes are shown in the page's language, whatever language the server used.
    assert!(
        summary.contains("Too many attempts; please try again later"),
        "{summary}"
    );
    assert!(summary.contains("Try again in 15 minutes"), "{summary}");

    let mut body = ErrorBody::new(ErrorCode::Validation, Lang::En);
    body.fields.insert(
        "username".into(),
        "Use only letters, digits, dots, underscores and hyphens".into(),
    );
    error.set(Some(ApiError::Server(body)));
    leptos::task::tick().await;
    let username = field(&root, "Username");
    assert_eq!(
        username.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = username
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    let inline = document()
        .get_element_by_id("login-username-error")
        .expect("an inline error");
    assert!(described.contains("login-username-error"), "{described}");
    assert_eq!(
        inline.text_content().unwrap_or_default(),
        "Use only letters, digits, dots, underscores and hyphens"
    );
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_every_text_and_is_remembered() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || {
        provide_context(I18n::new(Lang::ZhCn));
        let i18n = use_i18n();
        view! {
            <LangSwitch />
            <p id="probe">{move || i18n.t().sign_in}</p>
        }
    });
    let probe = || {
        document()
            .get_element_by_id("probe")
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(probe(), "登录");
    assert_eq!(
        button(&root, "中文")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    button(&root, "English").click();
    leptos::task::tick().await;
    assert_eq!(probe(), "Sign in");
    assert_eq!(
        button(&root, "English")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        button(&root, "中文")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    let stored = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("xiaoneng.lang")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("en"));
    assert_eq!(
        I18n::detect().lang(),
        Lang::En,
        "the next visit starts in English"
    );
}
