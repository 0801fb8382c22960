//! End to end: the real server (in process, over a fresh SQLite file with
//! the demo data, serving the release build in `dist/`) and headless
//! Chromium through ChromeDriver. Elements are found the way a person finds
//! them — by label, role and visible text — and every step waits for a
//! condition, never for a fixed time. Screenshots land in `target/screenshots/`.
//!
//! Needs `dist/` (built by `cargo xtask test`, or `cargo xtask dist`).

#![cfg(not(target_arch = "wasm32"))]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dist() -> PathBuf {
    std::env::var_os("XIAONENG_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("dist"))
}

/// ChromeDriver on a free port, killed when dropped (even after a panic).
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let program =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {program}: {e} (cargo xtask test installs it)"));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut caps = Capabilities::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--lang=zh-CN", format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": { "intl.accept_languages": "zh-CN,zh" },
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

/// Chrome DevTools through ChromeDriver: exact viewports for screenshots.
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// What a person sees and does, phrased as they would.
struct Page<'c> {
    client: &'c Client,
}

impl Page<'_> {
    async fn wait_for(&self, what: &str, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("waiting for {what}: {e}"))
    }

    async fn heading(&self, text: &str) -> Element {
        self.wait_for(
            &format!("heading {text:?}"),
            &format!("//h1[normalize-space()={}]", lit(text)),
        )
        .await
    }

    async fn button(&self, text: &str) -> Element {
        self.wait_for(
            &format!("button {text:?}"),
            &format!("//button[normalize-space()={}]", lit(text)),
        )
        .await
    }

    async fn link(&self, text: &str) -> Element {
        self.wait_for(
            &format!("link {text:?}"),
            &format!("//a[normalize-space()={}]", lit(text)),
        )
        .await
    }

    /// The input a `<label>` with this text is for.
    async fn field(&self, label: &str) -> Element {
        let label_el = self
            .wait_for(
                &format!("label {label:?}"),
                &format!("//label[normalize-space()={}]", lit(label)),
            )
            .await;
        let id = label_el
            .attr("for")
            .await
            .unwrap()
            .expect("the label names its input");
        self.client
            .find(Locator::Id(&id))
            .await
            .expect("the labelled input")
    }

    async fn alert_saying(&self, text: &str) -> Element {
        self.wait_for(
            &format!("an alert saying {text:?}"),
            &format!(
                "//*[@role='alert'][contains(normalize-space(), {})]",
                lit(text)
            ),
        )
        .await
    }

    async fn text_anywhere(&self, text: &str) -> Element {
        self.wait_for(
            &format!("text {text:?}"),
            &format!(
                "//body//*[contains(normalize-space(text()), {})]",
                lit(text)
            ),
        )
        .await
    }

    async fn html_lang(&self) -> String {
        let v = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_owned()
    }

    async fn viewport(&self, width: u32, height: u32, mobile: bool) {
        self.client
            .issue_cmd(Cdp(json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile },
            })))
            .await
            .expect("setting the viewport");
    }

    async fn screenshot(&self, name: &str) {
        let dir = workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Page<'_> {
    /// Runs axe-core on the page as it is and fails on any serious or
    /// critical violation, naming the rule and the elements.
    async fn accessible(&self, what: &str) {
        let problems = self.violations().await;
        assert!(
            problems.is_empty(),
            "{what}: accessibility violations:\n{}",
            problems.join("\n")
        );
    }

    /// axe-core's serious and critical violations on the page as it is.
    async fn violations(&self) -> Vec<String> {
        let path = std::env::var("XIAONENG_AXE")
            .expect("XIAONENG_AXE names axe.min.js (cargo xtask test installs it)");
        let axe = std::fs::read_to_string(&path).expect("axe.min.js");
        self.client
            .execute(&format!("{axe}\nwindow.axe = axe; return true;"), vec![])
            .await
            .expect("loading axe-core");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, { resultTypes: ['violations'] }).then(r => done(
                     r.violations
                         .filter(v => v.impact === 'serious' || v.impact === 'critical')
                         .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))
                 ), e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("running axe-core");
        serde_json::from_value(found).expect("a list of violations")
    }
}

/// An XPath string literal (texts here have no double quotes).
fn lit(text: &str) -> String {
    assert!(!text.contains('"'));
    format!("\"{text}\"")
}

async fn start_server() -> (String, tokio::sync::oneshot::Sender<()>, tempfile::TempDir) {
    assert!(
        dist().join("index.html").exists(),
        "no built app in {}: run `cargo xtask test` (or `cargo xtask dist`) first",
        dist().display()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = xiaoneng_server::Config::new(
        format!("sqlite:{}", dir.path().join("e2e.db").display()),
        dist(),
    );
    config.demo = true;
    let state = xiaoneng_server::prepare(config)
        .await
        .expect("the server prepares");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(xiaoneng_server::serve(listener, state, async {
        let _ = rx.await;
    }));
    (url, tx, dir)
}

/// Runs a scenario in its own task so the browser is always closed, then
/// re-raises the scenario's panic.
async fn with_browser<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (url, stop, _db) = start_server().await;
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    let outcome = tokio::spawn(scenario(client.clone(), url)).await;
    if outcome.is_err() {
        Page { client: &client }.screenshot("failure").await;
        if let Ok(html) = client.source().await {
            let _ = std::fs::write(workspace().join("target/screenshots/failure.html"), html);
        }
    }
    let _ = client.close().await;
    let _ = stop.send(());
    drop(driver);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_and_sign_in_against_the_real_server() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        client.goto(&url).await.unwrap();

        // The first visit follows the browser's language (Chinese here).
        page.heading("机关效能督查").await;
        assert_eq!(page.html_lang().await, "zh-CN");
        page.screenshot("desktop-home-zh").await;

        page.button("English").await.click().await.unwrap();
        page.heading("Efficiency supervision").await;
        assert_eq!(page.html_lang().await, "en");
        let pressed = page
            .button("English")
            .await
            .attr("aria-pressed")
            .await
            .unwrap();
        assert_eq!(pressed.as_deref(), Some("true"));

        page.link("Staff sign in").await.click().await.unwrap();
        page.heading("Staff sign in").await;
        assert!(
            client.title().await.unwrap().starts_with("Staff sign in"),
            "the title names the page"
        );

        page.field("Username")
            .await
            .send_keys("office")
            .await
            .unwrap();
        page.field("Password")
            .await
            .send_keys("not the password")
            .await
            .unwrap();
        page.button("Sign in").await.click().await.unwrap();
        page.alert_saying("The username or password is not correct")
            .await;
        page.screenshot("desktop-login-error-en").await;

        let password = page.field("Password").await;
        password.clear().await.unwrap();
        password.send_keys("xiaoneng-demo").await.unwrap();
        page.button("Sign in").await.click().await.unwrap();
        page.heading("Dashboard").await;
        page.text_anywhere("效能办 陈晓岚").await;
        page.text_anywhere("Office staff").await;

        // A reload keeps the session and the chosen language.
        client.refresh().await.unwrap();
        page.heading("Dashboard").await;
        page.text_anywhere("效能办 陈晓岚").await;

        // On a phone the navigation folds into a menu.
        page.viewport(390, 844, true).await;
        let dashboard = page.link("Dashboard").await;
        assert!(
            !dashboard.is_displayed().await.unwrap(),
            "the menu starts closed on a phone"
        );
        page.button("Menu").await.click().await.unwrap();
        page.wait_for(
            "the menu to open",
            "//button[normalize-space()='Menu'][@aria-expanded='true']",
        )
        .await;
        assert!(dashboard.is_displayed().await.unwrap(), "the menu opens");
        page.screenshot("phone-menu-en").await;
        page.sign_out("Sign out").await;
        page.heading("Efficiency supervision").await;
        page.button("Menu").await.click().await.unwrap();
        page.wait_for(
            "the menu to open",
            "//button[normalize-space()='Menu'][@aria-expanded='true']",
        )
        .await;
        assert!(
            page.link("Staff sign in")
                .await
                .is_displayed()
                .await
                .unwrap()
        );

        page.button("中文").await.click().await.unwrap();
        page.heading("机关效能督查").await;
        page.screenshot("phone-home-zh").await;

        client.goto(&format!("{url}/no/such/page")).await.unwrap();
        page.heading("页面不存在").await;
    })
    .await;
}

impl Page<'_> {
    async fn sign_in(&self, url: &str, username: &str) {
        self.client.goto(&format!("{url}/login")).await.unwrap();
        self.field("用户名")
            .await
            .send_keys(username)
            .await
            .unwrap();
        self.field("密码")
            .await
            .send_keys("xiaoneng-demo")
            .await
            .unwrap();
        self.button("登录").await.click().await.unwrap();
        self.heading("工作台").await;
    }

    /// Signs out with the staff app's button, which loads the public portal:
    /// waits for that page load to finish before anything looks at the page.
    async fn sign_out(&self, button: &str) {
        self.button(button).await.click().await.unwrap();
        let started = std::time::Instant::now();
        loop {
            let url = self.client.current_url().await.unwrap();
            let ready = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            if url.path() == "/" && ready.as_deref() == Some("complete") {
                break;
            }
            assert!(
                started.elapsed() < WAIT,
                "signing out did not load the portal"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Sets a date input the way a date picker does (typing into one
    /// depends on the browser's locale).
    async fn set_date(&self, input: &Element, day: &str) {
        self.client
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                vec![serde_json::to_value(input).unwrap(), json!(day)],
            )
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_feeds_a_finding_back_and_another_unit_cannot_open_it() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        // A deep link opened signed out: sign in, and land where it pointed.
        let deep = "/staff/findings?state=recorded";
        client.goto(&format!("{url}{deep}")).await.unwrap();
        page.heading("工作人员登录").await;
        page.field("用户名")
            .await
            .send_keys("office")
            .await
            .unwrap();
        page.field("密码")
            .await
            .send_keys("xiaoneng-demo")
            .await
            .unwrap();
        page.button("登录").await.click().await.unwrap();
        page.heading("问题台账").await;
        let landed = client.current_url().await.unwrap();
        assert!(landed.as_str().ends_with(deep), "{landed}");
        client.goto(&format!("{url}/staff")).await.unwrap();
        page.heading("工作台").await;
        // The office's to-do: yesterday's findings wait to be fed back.
        page.wait_for(
            "the triage card",
            "//section[.//h2[normalize-space()='待反馈（新登记）']]//li//a",
        )
        .await;
        // This round's coverage, with the plan and the round's findings a click away.
        page.wait_for(
            "the coverage card",
            "//section[.//h2[normalize-space()='本轮督查覆盖']]//progress",
        )
        .await;
        page.screenshot("desktop-office-dashboard-zh").await;
        page.accessible("the office dashboard").await;
        page.link("本轮发现的问题").await.click().await.unwrap();
        page.heading("问题台账").await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("round="),
            "the round's findings: {}",
            client.current_url().await.unwrap()
        );
        page.wait_for("the list or its empty state", "//main//ul[@class='finding-list'] | //main//p[@class='empty-state']")
            .await;

        page.link("问题台账").await.click().await.unwrap();
        page.heading("问题台账").await;
        // Nearest deadline first: the demo's overdue finding leads.
        page.field("排序")
            .await
            .select_by_label("期限最近在前")
            .await
            .unwrap();
        page.button("筛选").await.click().await.unwrap();
        page.wait_for(
            "the overdue finding first",
            "(//main//ul[@class='finding-list']/li)[1][.//span[contains(@class, 'tag--due-overdue')]]",
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("sort=deadline"),
            "the order lives in the URL"
        );
        let state = page.field("状态").await;
        state
            .select_by_label("已登记")
            .await
            .expect("the state filter offers 已登记");
        page.button("筛选").await.click().await.unwrap();
        page.wait_for(
            "the filtered list",
            "//main//li[.//*[normalize-space()='已登记']]//h2/a",
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("state=recorded"),
            "the filter lives in the URL"
        );
        // Every finding listed is recorded.
        let states = client
            .find_all(Locator::XPath(
                "//main//li//span[contains(@class, 'tag--')][1]",
            ))
            .await
            .unwrap();
        assert!(!states.is_empty());
        page.screenshot("desktop-findings-zh").await;
        page.accessible("the findings list").await;

        let first = page.wait_for("the first finding", "//main//li//h2/a").await;
        let title = first.text().await.unwrap();
        first.click().await.unwrap();
        page.heading(&title).await;
        let finding_url = client.current_url().await.unwrap().to_string();

        // Feeding back needs a deadline: the browser says so before sending.
        page.button("反馈单位核实").await.click().await.unwrap();
        let send = page
            .wait_for(
                "the form's send button",
                "//aside//form//button[@type='submit']",
            )
            .await;
        send.click().await.unwrap();
        page.alert_saying("此项必填").await;
        let deadline = page.field("期限").await;
        let day = (chrono::Utc::now() + chrono::Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        page.set_date(&deadline, &day).await;
        page.field("意见（选填）")
            .await
            .send_keys("请于期限内核实并报送情况")
            .await
            .unwrap();
        send.click().await.unwrap();
        page.text_anywhere("已完成：反馈单位核实").await;
        page.wait_for(
            "the new state",
            "//header//span[normalize-space()='已反馈待核实']",
        )
        .await;
        page.text_anywhere("请于期限内核实并报送情况").await;
        // Now the office's next steps, and no longer the one just taken.
        page.button("认定属实").await;
        let again = client
            .find_all(Locator::XPath("//button[normalize-space()='反馈单位核实']"))
            .await
            .unwrap();
        assert!(again.is_empty(), "feeding back is done");
        page.screenshot("desktop-finding-zh").await;
        page.accessible("a finding").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-finding-zh").await;

        // A liaison of another unit cannot open it by its URL.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        page.sign_in(&url, "liaison").await;
        page.wait_for(
            "the liaison's to-do",
            "//section//h2[normalize-space()='待核实']",
        )
        .await;
        page.screenshot("desktop-liaison-dashboard-zh").await;
        page.accessible("the liaison dashboard").await;
        client.goto(&finding_url).await.unwrap();
        page.heading("找不到这条问题").await;
    })
    .await;
}

/// A small PNG on disk, for a file input.
fn photo_file(dir: &std::path::Path) -> PathBuf {
    // 1×1 white PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8,
        0xff, 0xff, 0x3f, 0x00, 0x05, 0xfe, 0x02, 0xfe, 0xdc, 0xcc, 0x59, 0xe7, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let path = dir.join("整改后现场.png");
    std::fs::write(&path, PNG).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_rectifies_and_the_office_accepts_and_decides() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        let files = tempfile::tempdir().unwrap();

        // The liaison of 市房产局 opens what their units must rectify.
        page.sign_in(&url, "liaison").await;
        let overdue = page
            .wait_for(
                "a finding to rectify",
                "//section[.//h2[normalize-space()='整改中']]//li//a",
            )
            .await;
        let title = overdue.text().await.unwrap();
        overdue.click().await.unwrap();
        page.heading(&title).await;
        let finding_url = client.current_url().await.unwrap().to_string();

        // A photo of the rectified site, from the phone.
        page.field("添加证据材料")
            .await
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        page.text_anywhere("已上传：整改后现场.png").await;
        page.wait_for("the photo in the gallery", "//img[@alt='整改后现场.png']")
            .await;
        page.button("提交整改报告").await.click().await.unwrap();
        page.field("意见")
            .await
            .send_keys("已重新制作离岗告示牌,窗口人员离岗必须放置,科室每日检查")
            .await
            .unwrap();
        page.wait_for(
            "the form's send button",
            "//aside//form//button[@type='submit']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.wait_for(
            "the report to be in",
            "//header//span[normalize-space()='整改报告待审']",
        )
        .await;
        page.screenshot("phone-liaison-finding-zh").await;

        // The office accepts it and decides a reassignment.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        page.sign_in(&url, "office").await;
        client.goto(&finding_url).await.unwrap();
        page.heading(&title).await;
        page.button("验收销号").await.click().await.unwrap();
        page.wait_for(
            "the form's send button",
            "//aside//form//button[@type='submit']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.wait_for(
            "the finding to close",
            "//header//span[normalize-space()='已销号']",
        )
        .await;

        page.heading(&title).await;
        page.wait_for("the decision form", "//h2[normalize-space()='问责决定']")
            .await;
        page.button("记录问责决定").await.click().await.unwrap();
        // Nothing chosen yet: the shared rules say what is missing.
        page.alert_saying("此项必填").await;
        let name = page.field("被问责人姓名").await;
        name.clear().await.unwrap();
        name.send_keys("钱晓梅").await.unwrap();
        let post = page.field("职务（岗位）").await;
        post.clear().await.unwrap();
        post.send_keys("窗口受理员").await.unwrap();
        page.field("到基层再上岗").await.click().await.unwrap();
        page.field("再上岗地点")
            .await
            .send_keys("市公安局交警支队")
            .await
            .unwrap();
        let start = page.field("开始日期").await;
        page.set_date(&start, "2020-07-10").await;
        page.text_anywhere("不填则为开始日期起三个月（2020-10-10）")
            .await;
        page.field("问责依据")
            .await
            .send_keys("《合肥市效能建设问责办法》第十条")
            .await
            .unwrap();
        page.button("记录问责决定").await.click().await.unwrap();
        page.text_anywhere("问责决定已记录。").await;
        page.screenshot("desktop-office-decision-zh").await;
        page.accessible("a finding with the decision form").await;
        page.link("查看此人的问责台账").await.click().await.unwrap();
        page.heading("问责台账").await;
        page.wait_for(
            "the decision in the person's ledger",
            "//table//tr[.//a[normalize-space()='钱晓梅']][.//td[contains(., '到基层再上岗')]]",
        )
        .await;
        page.screenshot("desktop-ledger-zh").await;
        page.accessible("the ledger").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_reads_a_bulletin_and_reports_a_problem() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        client.goto(&url).await.unwrap();
        page.heading("机关效能督查").await;

        // From the home page's latest bulletins to one bulletin.
        let latest = page
            .wait_for(
                "a latest bulletin",
                "//section[.//h2[normalize-space()='最新通报']]//li//a",
            )
            .await;
        let title = latest.text().await.unwrap();
        page.screenshot("phone-home-latest-zh").await;
        page.accessible("the home page").await;
        // The check itself can fail: an unlabelled field is caught.
        client
            .execute(
                "const i = document.createElement('input'); i.id = 'axe-probe'; \
                 document.querySelector('main').appendChild(i); return true;",
                vec![],
            )
            .await
            .unwrap();
        let caught = page.violations().await;
        assert!(
            caught.iter().any(|v| v.starts_with("label")),
            "axe finds an input without a label: {caught:?}"
        );
        client
            .execute(
                "document.getElementById('axe-probe').remove(); return true;",
                vec![],
            )
            .await
            .unwrap();
        latest.click().await.unwrap();
        page.heading(&title).await;
        assert!(
            client.title().await.unwrap().contains(&title),
            "the page title names the bulletin"
        );
        page.screenshot("phone-bulletin-zh").await;
        page.accessible("a bulletin").await;

        // The list: searching a word of the title finds it; the feed link is there.
        page.link("返回通报列表").await.click().await.unwrap();
        page.heading("问责通报").await;
        page.link("订阅（Atom）").await;
        let word: String = title.chars().take(4).collect();
        page.field("搜索通报").await.send_keys(&word).await.unwrap();
        page.button("搜索").await.click().await.unwrap();
        page.wait_for(
            "the bulletin in the results",
            &format!("//main//li//h2/a[normalize-space()={}]", lit(&title)),
        )
        .await;
        assert!(client.current_url().await.unwrap().as_str().contains("q="));
        // Narrowed to a unit it concerns, it is still there.
        let units = page
            .wait_for(
                "the units the bulletin concerns",
                &format!(
                    "//main//li[.//h2/a[normalize-space()={}]]/p[@class='muted']",
                    lit(&title)
                ),
            )
            .await
            .text()
            .await
            .unwrap();
        let unit = units.split('、').next().unwrap().to_owned();
        page.field("涉及单位")
            .await
            .select_by_label(&unit)
            .await
            .unwrap();
        page.button("搜索").await.click().await.unwrap();
        page.wait_for(
            "the bulletin among the unit's",
            &format!("//main//li//h2/a[normalize-space()={}]", lit(&title)),
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("unit=")
        );
        page.screenshot("phone-bulletins-zh").await;
        page.accessible("the bulletin list").await;

        // The figures, with the method next to them.
        client.goto(&format!("{url}/stats")).await.unwrap();
        page.heading("效能督查数据公开").await;
        page.wait_for(
            "a chart",
            "//*[local-name()='svg'][@role='img'][@aria-label='按问题类别']",
        )
        .await;
        page.text_anywhere("只统计经核查属实的问题").await;
        page.screenshot("phone-stats-zh").await;
        page.accessible("the figures").await;

        // A report with a photo; the code leads to its status.
        let files = tempfile::tempdir().unwrap();
        client.goto(&format!("{url}/report")).await.unwrap();
        page.heading("举报问题").await;
        page.accessible("the report form").await;
        page.field("发生了什么")
            .await
            .send_keys("太短")
            .await
            .unwrap();
        page.button("提交举报").await.click().await.unwrap();
        page.alert_saying("至少 10 个字符").await;
        page.field("涉及单位（选填）")
            .await
            .send_keys("市房产局政务服务窗口")
            .await
            .unwrap();
        page.field("发生了什么")
            .await
            .send_keys(",窗口工作人员上班时间用手机看视频,群众排队无人办理")
            .await
            .unwrap();
        page.field("照片（选填）")
            .await
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        page.button("提交举报").await.click().await.unwrap();
        page.heading("举报已收到").await;
        let code = page
            .wait_for("the tracking code", "//p[@class='receipt__code']")
            .await
            .text()
            .await
            .unwrap();
        assert!(code.starts_with("JB-"), "{code}");
        page.screenshot("phone-report-receipt-zh").await;
        page.accessible("the report receipt").await;
        page.link("查看办理进度").await.click().await.unwrap();
        page.heading("查询举报办理进度").await;
        page.text_anywhere("已收到").await;
        page.text_anywhere(&code).await;
        page.screenshot("phone-report-status-zh").await;
        page.accessible("the report's status").await;
        let status_url = client.current_url().await.unwrap().to_string();

        // The office finds it among the reports received and accepts it as a finding.
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("群众举报").await.click().await.unwrap();
        page.heading("群众举报").await;
        page.accessible("the office's reports").await;
        page.wait_for(
            "the new report in the list",
            &format!("//li[.//*[normalize-space()={}]]//h2/a", lit(&code)),
        )
        .await
        .click()
        .await
        .unwrap();
        page.heading(&format!("群众举报 {code}")).await;
        page.text_anywhere("群众排队无人办理").await;
        page.wait_for("the report's photo", "//figure//img[@alt='照片']")
            .await;
        page.screenshot("desktop-office-report-zh").await;
        page.accessible("a report").await;
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .expect("the unit list offers 市房产局");
        page.field("问题类别")
            .await
            .select_by_label("工作纪律")
            .await
            .unwrap();
        let title = page.field("问题标题").await;
        title.clear().await.unwrap();
        title.send_keys("窗口人员上班时间看视频").await.unwrap();
        page.button("受理").await.click().await.unwrap();
        page.text_anywhere("已受理为问题").await;
        page.link("问题台账").await;
        // The citizen's status page now says it is being handled.
        client.goto(&status_url).await.unwrap();
        page.heading("查询举报办理进度").await;
        page.text_anywhere("已受理，正在办理").await;
    })
    .await;
}

impl Page<'_> {
    async fn network(&self, offline: bool) {
        self.client
            .issue_cmd(Cdp(json!({ "cmd": "Network.enable", "params": {} })))
            .await
            .expect("enabling the network domain");
        self.client
            .issue_cmd(Cdp(json!({
                "cmd": "Network.emulateNetworkConditions",
                "params": { "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 },
            })))
            .await
            .expect("emulating the network");
    }
}

impl Page<'_> {
    /// Photo uploads fail as on a network that drops them (the rest works).
    async fn block_uploads(&self, blocked: bool) {
        let urls: Vec<&str> = if blocked {
            vec!["*inspection/photos*"]
        } else {
            vec![]
        };
        self.client
            .issue_cmd(Cdp(json!({ "cmd": "Network.enable", "params": {} })))
            .await
            .expect("enabling the network domain");
        self.client
            .issue_cmd(Cdp(
                json!({ "cmd": "Network.setBlockedURLs", "params": { "urls": urls } }),
            ))
            .await
            .expect("blocking uploads");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_records_a_visit_through_a_lost_connection() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        let files = tempfile::tempdir().unwrap();
        page.sign_in(&url, "inspector").await;
        let visit = page
            .wait_for(
                "an assigned visit",
                "//section[.//h2[normalize-space()='我的督查任务']]//li//a",
            )
            .await;
        page.screenshot("phone-inspector-dashboard-zh").await;
        page.accessible("the inspector dashboard").await;
        visit.click().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        page.text_anywhere("本单位离岗告示与 AB 岗").await;

        // Everything passes but the first item.
        let passes = client
            .find_all(Locator::XPath("//label[normalize-space()='符合']"))
            .await
            .unwrap();
        assert!(passes.len() >= 2, "a checklist of several items");
        for pass in &passes[1..] {
            pass.click().await.unwrap();
        }
        page.wait_for(
            "a first save",
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;

        // The connection drops: the form keeps working and says where things are.
        page.network(true).await;
        client
            .find_all(Locator::XPath("//label[normalize-space()='不符合']"))
            .await
            .unwrap()[0]
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the offline indicator",
            "//p[@role='status'][normalize-space()='已保存在本机，联网后自动发送']",
        )
        .await;
        let note = page.field("情况说明").await;
        note.send_keys("窗口无人,离岗告示牌写“外出开会”,实际在休息室")
            .await
            .unwrap();
        page.field("总体情况（选填）").await.click().await.unwrap();
        page.screenshot("phone-inspection-offline-zh").await;
        page.accessible("the checklist").await;

        // Back online: what waited is sent by itself.
        page.network(false).await;
        page.wait_for(
            "the draft to be sent",
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;
        // The photo cannot reach the server yet; it stays on the phone
        // through a reload, and goes once it can.
        page.block_uploads(true).await;
        client
            .find(Locator::XPath(
                "//input[@type='file'][@capture='environment']",
            ))
            .await
            .unwrap()
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        page.wait_for(
            "one photo waiting",
            "//p[@role='status'][normalize-space()='1 张照片待上传']",
        )
        .await;
        client.refresh().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        page.wait_for(
            "one photo waiting",
            "//p[@role='status'][normalize-space()='1 张照片待上传']",
        )
        .await;
        page.block_uploads(false).await;
        client.refresh().await.unwrap();
        page.wait_for("the photo", "//ul[@class='thumbs']//img")
            .await;
        page.button("提交检查结果").await.click().await.unwrap();
        page.wait_for("the submission", "//h2[normalize-space()='检查结果已提交']")
            .await;
        // Sent for good: the phone keeps no copy of the draft or the photo.
        let left = client
            .execute_async(
                "const done = arguments[0];
                 const drafts = Object.keys(localStorage).filter(k => k.startsWith('xiaoneng.inspection.')).length;
                 const open = indexedDB.open('xiaoneng', 1);
                 open.onsuccess = () => {
                     const all = open.result.transaction('photos').objectStore('photos').count();
                     all.onsuccess = () => done([drafts, all.result]);
                 };
                 open.onerror = () => done([drafts, -1]);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(left, json!([0, 0]), "drafts and photos left on the device");
        let created = page
            .wait_for(
                "a finding it made",
                "//section//li/a[starts-with(normalize-space(), 'XN-')]",
            )
            .await;
        page.screenshot("phone-inspection-submitted-zh").await;
        created.click().await.unwrap();
        page.text_anywhere("窗口无人,离岗告示牌写").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_publishes_a_bulletin_with_names_masked_and_retracts_it() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("通报管理").await.click().await.unwrap();
        page.heading("通报管理").await;
        page.link("新建通报").await.click().await.unwrap();
        page.heading("新建通报").await;

        // Link a decision; its person's name will be masked in public.
        let decision = page
            .wait_for(
                "a decision to link",
                "//fieldset[.//legend[normalize-space()='关联问责决定']]//label",
            )
            .await;
        let name = decision
            .text()
            .await
            .unwrap()
            .split(" · ")
            .next()
            .unwrap()
            .to_owned();
        let masked = format!("{}某", name.chars().next().unwrap());
        decision.click().await.unwrap();
        page.field("文号")
            .await
            .send_keys("合效办〔2026〕30号")
            .await
            .unwrap();
        page.field("标题")
            .await
            .send_keys("关于窗口工作人员违反工作纪律问题的通报")
            .await
            .unwrap();
        page.field("正文")
            .await
            .send_keys(&format!(
                "经查，{name}工作时间离岗且未放置告示牌。\n\n**现予以通报。**\n\n<b>标记不生效</b>"
            ))
            .await
            .unwrap();
        let preview = page
            .wait_for("the preview", "//div[@class='preview']")
            .await;
        let seen = preview.text().await.unwrap();
        assert!(seen.contains(&masked) && !seen.contains(&name), "{seen}");
        // Markdown in the preview as the public will see it; typed HTML stays text.
        page.wait_for(
            "bold text in the preview",
            "//div[@class='preview']//p/strong[normalize-space()='现予以通报。']",
        )
        .await;
        assert!(seen.contains("<b>标记不生效</b>"), "{seen}");
        page.screenshot("desktop-bulletin-editor-zh").await;
        page.accessible("the bulletin editor").await;
        page.button("保存草稿").await.click().await.unwrap();
        page.button("提交审核").await.click().await.unwrap();
        page.button("发布").await.click().await.unwrap();
        let editor_url = client.current_url().await.unwrap().to_string();
        page.link("在公众页面查看").await.click().await.unwrap();
        page.heading("关于窗口工作人员违反工作纪律问题的通报").await;
        page.wait_for(
            "bold text on the public page",
            "//div[@class='bulletin__body']/p/strong[normalize-space()='现予以通报。']",
        )
        .await;
        assert!(
            client
                .find_all(Locator::XPath("//div[@class='bulletin__body']//b"))
                .await
                .unwrap()
                .is_empty(),
            "typed HTML never becomes markup"
        );
        let public = client.source().await.unwrap();
        assert!(public.contains(&masked), "the public page names {masked}");
        assert!(
            !public.contains(&name),
            "the public page never shows {name}"
        );
        let bulletin_url = client.current_url().await.unwrap().to_string();
        let bulletin_path = client.current_url().await.unwrap().path().to_owned();

        // The list and the feed carry it too, masked; the feed links to its page.
        client.goto(&format!("{url}/bulletins")).await.unwrap();
        page.wait_for(
            "the bulletin in the public list",
            "//main//li//h2/a[normalize-space()='关于窗口工作人员违反工作纪律问题的通报']",
        )
        .await;
        assert!(!client.source().await.unwrap().contains(&name));
        client
            .goto(&format!("{url}/api/public/feed.atom"))
            .await
            .unwrap();
        let feed = client.source().await.unwrap();
        assert!(
            feed.contains("关于窗口工作人员违反工作纪律问题的通报")
                && feed.contains(&bulletin_path),
            "the feed lists the bulletin with a link to its page: {feed}"
        );
        assert!(!feed.contains(&name), "the feed never shows {name}");

        // Retracted: it stays at its URL with the notice.
        client.goto(&editor_url).await.unwrap();
        page.field("原因")
            .await
            .send_keys("文号有误,更正后重新发布")
            .await
            .unwrap();
        page.button("撤回").await.click().await.unwrap();
        page.text_anywhere("已完成：撤回").await;
        client.goto(&bulletin_url).await.unwrap();
        page.wait_for(
            "the retraction notice",
            "//section[@role='note']//h2[normalize-space()='此通报已撤回']",
        )
        .await;
        page.text_anywhere("文号有误,更正后重新发布").await;
        page.screenshot("desktop-bulletin-retracted-zh").await;
        page.accessible("a retracted bulletin").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-bulletin-retracted-zh").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_plans_a_round_a_batch_and_an_unannounced_visit() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("督查计划").await.click().await.unwrap();
        page.heading("督查计划").await;
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let day = |n: i64| {
            (today + chrono::Duration::days(n))
                .format("%Y-%m-%d")
                .to_string()
        };

        page.wait_for(
            "the new-round form",
            "//summary[normalize-space()='新建轮次']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("轮次名称")
            .await
            .send_keys("专项督查:窗口作风")
            .await
            .unwrap();
        page.set_date(&page.field("开始日期").await, &day(1)).await;
        page.set_date(&page.field("结束日期").await, &day(20)).await;
        page.button("全部市直单位（全覆盖）")
            .await
            .click()
            .await
            .unwrap();
        page.button("创建").await.click().await.unwrap();
        page.link("专项督查:窗口作风").await.click().await.unwrap();
        page.wait_for("the round", "//h2[normalize-space()='专项督查:窗口作风']")
            .await;
        page.text_anywhere("已督查 0 / 应督查").await;

        page.wait_for(
            "the new-batch form",
            "//summary[normalize-space()='新增批次']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("批次名称")
            .await
            .send_keys("第一批")
            .await
            .unwrap();
        let form = "//details[.//summary[normalize-space()='新增批次']]";
        let starts = client
            .find(Locator::XPath(&format!(
                "{form}//input[@id='batch-starts_on']"
            )))
            .await
            .unwrap();
        page.set_date(&starts, &day(1)).await;
        let ends = client
            .find(Locator::XPath(&format!(
                "{form}//input[@id='batch-ends_on']"
            )))
            .await
            .unwrap();
        page.set_date(&ends, &day(7)).await;
        client
            .find(Locator::XPath(&format!("{form}//button[@type='submit']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("第一批").await;

        page.wait_for(
            "the new-visit form",
            "//summary[normalize-space()='新增督查任务']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("批次")
            .await
            .select_by_label("第一批")
            .await
            .unwrap();
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .unwrap();
        page.set_date(&page.field("计划日期").await, &day(2)).await;
        page.field("暗访").await.click().await.unwrap();
        page.field("督查员 林国栋").await.click().await.unwrap();
        let visit_form = "//details[.//summary[normalize-space()='新增督查任务']]";
        client
            .find(Locator::XPath(&format!(
                "{visit_form}//button[@type='submit']"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the planned visit",
            &format!("//li[a[strong[normalize-space()='{}']]]", day(2)),
        )
        .await;
        page.screenshot("desktop-planning-zh").await;
        page.accessible("planning").await;
    })
    .await;
}

/// A unit's liaison plans a mutual inspection inside their own tree (and
/// is told who may not inspect whom), makes their self-inspection visit on a
/// phone, and the office reads the unit's round without being able to change it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_plans_a_mutual_inspection_and_makes_its_own_visit() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "liaison").await;
        page.link("自查互查").await.click().await.unwrap();
        page.heading("自查互查").await;
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let day = |n: i64| {
            (today + chrono::Duration::days(n))
                .format("%Y-%m-%d")
                .to_string()
        };
        // The demo's self-inspection is the unit's own; nothing of the office's shows.
        page.link(&format!("{}市房产局窗口单位自查", today.format("%Y年%-m月")))
            .await;
        let office_rounds = client
            .find_all(Locator::XPath("//a[contains(., '全覆盖')]"))
            .await
            .unwrap();
        assert!(office_rounds.is_empty(), "an office round shows to the unit");

        page.open_panel("新建轮次").await;
        page.field("轮次名称")
            .await
            .send_keys("物业与窗口互查")
            .await
            .unwrap();
        page.field("互查").await.click().await.unwrap();
        page.set_date(&page.field("开始日期").await, &day(0)).await;
        page.set_date(&page.field("结束日期").await, &day(10)).await;
        page.field("市房产局物业管理处").await.click().await.unwrap();
        page.field("市房产局政务服务窗口").await.click().await.unwrap();
        page.button("创建").await.click().await.unwrap();
        page.link("物业与窗口互查").await.click().await.unwrap();
        page.wait_for("the round", "//h2[normalize-space()='物业与窗口互查']")
            .await;
        page.text_anywhere("已督查 0 / 应督查 2").await;

        page.open_panel("新增批次").await;
        page.field("批次名称")
            .await
            .send_keys("第一周")
            .await
            .unwrap();
        let form = "//details[.//summary[normalize-space()='新增批次']]";
        for (id, n) in [("batch-starts_on", 0), ("batch-ends_on", 6)] {
            let input = client
                .find(Locator::XPath(&format!("{form}//input[@id='{id}']")))
                .await
                .unwrap();
            page.set_date(&input, &day(n)).await;
        }
        client
            .find(Locator::XPath(&format!("{form}//button[@type='submit']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("第一周").await;

        page.open_panel("新增督查任务").await;
        page.field("批次")
            .await
            .select_by_label("第一周")
            .await
            .unwrap();
        page.field("单位")
            .await
            .select_by_label("市房产局物业管理处")
            .await
            .unwrap();
        page.set_date(&page.field("计划日期").await, &day(1)).await;
        // Someone of the unit visited: refused, and the form says why.
        let of_unit = |unit: &str| {
            format!("//fieldset[legend[normalize-space()='检查人员']]//label[contains(., '({unit})')]")
        };
        page.wait_for("a person of the unit visited", &of_unit("市房产局物业管理处"))
            .await
            .click()
            .await
            .unwrap();
        let visit_form = "//details[.//summary[normalize-space()='新增督查任务']]";
        let submit = format!("{visit_form}//button[@type='submit']");
        client
            .find(Locator::XPath(&submit))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("互查须由其他单位的人员检查").await;
        page.screenshot("desktop-units-round-refused-zh").await;
        client
            .find(Locator::XPath(&of_unit("市房产局物业管理处")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::XPath(&of_unit("市房产局政务服务窗口")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::XPath(&submit))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the planned visit",
            &format!("//li[a[strong[normalize-space()='{}']]]", day(1)),
        )
        .await;
        page.screenshot("desktop-units-rounds-zh").await;
        page.accessible("the units' rounds").await;

        // On the phone: today's self-inspection visit, from the dashboard.
        page.viewport(390, 844, true).await;
        client.goto(&format!("{url}/staff")).await.unwrap();
        let visit = page
            .wait_for(
                "today's self-inspection",
                "//section[.//h2[normalize-space()='自查互查任务']]//li//a[contains(., '市房产局住房保障服务中心')]",
            )
            .await;
        page.screenshot("phone-liaison-dashboard-zh").await;
        visit.click().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        for pass in client
            .find_all(Locator::XPath("//label[normalize-space()='符合']"))
            .await
            .unwrap()
        {
            pass.click().await.unwrap();
        }
        page.wait_for(
            "the draft sent",
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;
        page.button("提交检查结果").await.click().await.unwrap();
        page.wait_for("the submission", "//h2[normalize-space()='检查结果已提交']")
            .await;
        page.screenshot("phone-liaison-inspection-submitted-zh").await;

        // The office reads the unit's round; it plans nothing in it.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.sign_in(&url, "office").await;
        page.link("督查计划").await.click().await.unwrap();
        page.link("物业与窗口互查").await.click().await.unwrap();
        page.wait_for(
            "the read-only note",
            "//p[@role='note'][starts-with(normalize-space(), '此轮次由市房产局自行组织')]",
        )
        .await;
        let forms = client
            .find_all(Locator::XPath("//summary[normalize-space()='新增批次']"))
            .await
            .unwrap();
        assert!(forms.is_empty(), "the office is offered to plan a unit's round");
        page.screenshot("desktop-office-reads-units-round-zh").await;
    })
    .await;
}

impl Page<'_> {
    /// Opens a `<details>` panel by its summary.
    async fn open_panel(&self, summary: &str) {
        self.wait_for(
            &format!("panel {summary:?}"),
            &format!("//summary[normalize-space()={}]", lit(summary)),
        )
        .await
        .click()
        .await
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_creates_a_liaison_who_must_change_the_password() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "admin").await;
        page.link("系统管理").await.click().await.unwrap();
        page.heading("系统管理").await;
        page.accessible("the administration hub").await;
        page.link("账户与角色").await.click().await.unwrap();
        page.heading("账户与角色").await;

        // A liaison without a unit is refused in the browser, by the shared rule.
        page.open_panel("新建账户").await;
        page.field("用户名")
            .await
            .send_keys("liaison.zhao")
            .await
            .unwrap();
        page.field("姓名").await.send_keys("赵敏").await.unwrap();
        page.field("角色")
            .await
            .select_by_label("单位联络员")
            .await
            .unwrap();
        page.field("临时密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.button("创建账户").await.click().await.unwrap();
        page.alert_saying("此项必填").await;
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .unwrap();
        page.button("创建账户").await.click().await.unwrap();
        page.text_anywhere("已创建账户 liaison.zhao。").await;
        page.wait_for(
            "the new account, marked as having to change its password",
            "//li[.//*[normalize-space()='liaison.zhao']]//span[normalize-space()='待改密码']",
        )
        .await;
        page.screenshot("desktop-admin-users-zh").await;
        page.accessible("the accounts page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-admin-users-zh").await;
        page.viewport(1280, 800, false).await;

        // The new liaison signs in and must choose a password first.
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        client.goto(&format!("{url}/login")).await.unwrap();
        page.field("用户名")
            .await
            .send_keys("liaison.zhao")
            .await
            .unwrap();
        page.field("密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.button("登录").await.click().await.unwrap();
        page.heading("修改密码").await;
        page.text_anywhere("您正在使用临时密码").await;
        page.accessible("the password page").await;
        // Another staff address leads back here until it is done.
        client.goto(&format!("{url}/staff/findings")).await.unwrap();
        page.heading("修改密码").await;
        page.field("当前密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.field("新密码")
            .await
            .send_keys("zhao-own-passphrase")
            .await
            .unwrap();
        page.field("再次输入新密码")
            .await
            .send_keys("zhao-own-passphrasE")
            .await
            .unwrap();
        page.button("修改密码").await.click().await.unwrap();
        page.alert_saying("两次输入不一致").await;
        let confirm = page.field("再次输入新密码").await;
        confirm.clear().await.unwrap();
        confirm.send_keys("zhao-own-passphrase").await.unwrap();
        page.button("修改密码").await.click().await.unwrap();
        page.heading("工作台").await;
        page.text_anywhere("赵敏").await;
        page.link("问题台账").await.click().await.unwrap();
        page.heading("问题台账").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_csv_row_writes_nothing_and_a_holiday_moves_a_deadline() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "admin").await;
        client
            .goto(&format!("{url}/staff/admin/units"))
            .await
            .unwrap();
        page.heading("单位").await;

        // A file with one bad row: the preview names the line, and nothing is written.
        let files = tempfile::tempdir().unwrap();
        let csv = files.path().join("units.csv");
        std::fs::write(
            &csv,
            "名称,类型,上级单位\n市审计局,市直单位,\n审计局窗口,服务窗口,不存在的单位\n",
        )
        .unwrap();
        page.field("CSV 文件")
            .await
            .send_keys(csv.to_str().unwrap())
            .await
            .unwrap();
        page.alert_saying("发现 1 处问题，未写入任何内容").await;
        page.text_anywhere("行号 3 · 上级单位").await;
        let write = client
            .find_all(Locator::XPath(
                "//button[starts-with(normalize-space(), '导入这')]",
            ))
            .await
            .unwrap();
        assert!(write.is_empty(), "a file with errors cannot be written");
        let written = client
            .find_all(Locator::XPath(
                "//ul[@class='unit-tree']//span[normalize-space()='市审计局']",
            ))
            .await
            .unwrap();
        assert!(written.is_empty(), "nothing was written");
        page.screenshot("desktop-admin-units-import-zh").await;
        page.accessible("the units page").await;

        // The file mended: checked, then written whole.
        // (Another file: choosing the same one again is no change to the browser.)
        let csv = files.path().join("units-mended.csv");
        std::fs::write(
            &csv,
            "名称,类型,上级单位\n市审计局,市直单位,\n审计局窗口,服务窗口,市审计局\n",
        )
        .unwrap();
        page.field("CSV 文件")
            .await
            .send_keys(csv.to_str().unwrap())
            .await
            .unwrap();
        page.button("导入这 2 行").await.click().await.unwrap();
        page.text_anywhere("已导入 2 行。").await;
        page.wait_for(
            "the imported unit in the tree",
            "//ul[@class='unit-tree']//span[normalize-space()='审计局窗口']",
        )
        .await;

        // A holiday entered moves the example deadline by a day.
        client
            .goto(&format!("{url}/staff/admin/calendar"))
            .await
            .unwrap();
        page.heading("节假日安排").await;
        let from = page.field("起算日（不计入）").await;
        page.set_date(&from, "2027-03-01").await;
        let days = page.field("工作日数").await;
        days.clear().await.unwrap();
        days.send_keys("5").await.unwrap();
        page.text_anywhere("从 2027-03-01 起 5 个工作日，期限为 2027-03-08。")
            .await;
        let day = page.field("日期").await;
        page.set_date(&day, "2027-03-03").await;
        page.field("名称")
            .await
            .send_keys("测试假日")
            .await
            .unwrap();
        page.button("添加").await.click().await.unwrap();
        page.text_anywhere("从 2027-03-01 起 5 个工作日，期限为 2027-03-09。")
            .await;
        page.wait_for(
            "the holiday in the year's list",
            "//table//td[normalize-space()='测试假日']",
        )
        .await;
        page.screenshot("desktop-admin-calendar-zh").await;
        page.accessible("the calendar page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-admin-calendar-zh").await;
        page.viewport(1280, 800, false).await;

        // A unit's people: the post without a B is flagged; an away notice goes up.
        client.goto(&format!("{url}/staff/admin/people")).await.unwrap();
        page.heading("人员与岗位").await;
        page.field("单位")
            .await
            .select_by_label("市房产局政务服务窗口")
            .await
            .unwrap();
        page.text_anywhere("有 1 个岗位没有 B 角").await;
        page.wait_for(
            "the post without a B",
            "//table//span[normalize-space()='缺 B 角']",
        )
        .await;
        page.field("离岗人员")
            .await
            .select_by_label("钱晓梅")
            .await
            .unwrap();
        page.field("去向和事由")
            .await
            .send_keys("到市政务中心开会")
            .await
            .unwrap();
        page.button("发布离岗告示").await.click().await.unwrap();
        page.wait_for(
            "the notice among those in force",
            "//ul[@class='notice-list']/li[contains(normalize-space(), '钱晓梅 · 到市政务中心开会')]",
        )
        .await;
        page.screenshot("desktop-admin-people-zh").await;
        page.accessible("a unit's people").await;

        // The post gets its B person from the row's own editor; the warning goes.
        page.wait_for(
            "the edit button of the post without a B",
            "//tr[td//span[normalize-space()='缺 B 角']]//button[starts-with(normalize-space(), '编辑')]",
        )
        .await
        .click()
        .await
        .unwrap();
        let a_person = page.field("A 角").await.prop("value").await.unwrap();
        let other = page
            .wait_for(
                "someone else for B",
                &format!(
                    "//label[normalize-space()='B 角']/following::select[1]/option[@value != '' and @value != {}]",
                    lit(a_person.as_deref().unwrap_or_default())
                ),
            )
            .await;
        let b_name = other.text().await.unwrap();
        page.field("B 角")
            .await
            .select_by_label(&b_name)
            .await
            .unwrap();
        page.button("保存").await.click().await.unwrap();
        let started = std::time::Instant::now();
        while !client
            .find_all(Locator::XPath("//table//span[normalize-space()='缺 B 角']"))
            .await
            .unwrap()
            .is_empty()
        {
            assert!(started.elapsed() < WAIT, "the post still has no B");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        page.wait_for(
            "the B person in the table",
            &format!("//table//td[normalize-space()={}]", lit(&b_name)),
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_edits_a_checklist_in_use_and_a_new_version_appears() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("系统管理").await.click().await.unwrap();
        page.link("检查表").await.click().await.unwrap();
        page.heading("检查表").await;
        page.link("机关效能建设暗访检查表").await.click().await.unwrap();
        page.heading("机关效能建设暗访检查表").await;
        page.text_anywhere("此版本已被检查使用").await;
        let old_url = client.current_url().await.unwrap().to_string();
        // Each item can move and go, and says which item it is to a screen reader.
        page.button("下移 检查项 1").await;
        page.button("删除 检查项 1").await;

        // Reword the first item and add one; the browser checks the new one first.
        let first = page.field("检查内容").await;
        first.clear().await.unwrap();
        first
            .send_keys("离岗告示牌信息准确、及时更新")
            .await
            .unwrap();
        page.button("添加检查项").await.click().await.unwrap();
        page.button("保存检查表").await.click().await.unwrap();
        page.alert_saying("此项必填").await;
        let texts = client
            .find_all(Locator::XPath("//li[@class='checklist-item']//input[starts-with(@id, 'checklist-items[')][contains(@id, '.text')]"))
            .await
            .unwrap();
        let added = texts.last().expect("the new item's text");
        added
            .send_keys("服务窗口公示办事指南")
            .await
            .unwrap();
        page.button("保存检查表").await.click().await.unwrap();
        page.text_anywhere("已保存为第 2 版").await;
        page.wait_for(
            "the new version's number",
            "//main//p[contains(normalize-space(), '第 2 版')]",
        )
        .await;
        assert_ne!(client.current_url().await.unwrap().to_string(), old_url);
        // New visits keep taking version 1 until the office activates version 2.
        page.text_anywhere("此版本未启用").await;
        page.button("启用此版本").await.click().await.unwrap();
        page.text_anywhere("已启用。新安排的检查将使用此版本。").await;
        page.wait_for(
            "version 2 marked active",
            "//main//p[contains(normalize-space(), '第 2 版')]/span[normalize-space()='启用中']",
        )
        .await;
        // The comparison with the version the inspections used.
        page.wait_for(
            "the added item in the comparison",
            "//table//tr[td[normalize-space()='新增']][td[normalize-space()='服务窗口公示办事指南']]",
        )
        .await;
        page.wait_for(
            "the changed item in the comparison",
            "//table//tr[td[normalize-space()='修改']][td[normalize-space()='离岗告示牌信息准确']]",
        )
        .await;
        page.screenshot("desktop-checklist-versions-zh").await;
        page.accessible("the checklist editor").await;

        // The old version is unchanged, read-only, and still the one inspections used.
        page.link("第 1 版").await.click().await.unwrap();
        page.text_anywhere("这是旧版本，只能查看").await;
        let old_text = page.field("检查内容").await;
        assert_eq!(
            old_text.prop("value").await.unwrap().as_deref(),
            Some("离岗告示牌信息准确")
        );
        page.viewport(390, 844, true).await;
        page.screenshot("phone-checklist-zh").await;
    })
    .await;
}

/// The server paints the portal's first view before the app arrives
/// (`http::shell`): its words must be the app's, in both languages.
#[test]
fn the_servers_first_view_says_what_the_app_says() {
    use xiaoneng_app::i18n::{EN, ZH_CN};
    use xiaoneng_app::public_texts::public_texts;
    use xiaoneng_domain::Lang;
    use xiaoneng_server::http::shell::{HOME_LEAD, HOME_TITLE, SHELL_WORDS};

    assert_eq!(HOME_TITLE, [ZH_CN.home_title, EN.home_title]);
    assert_eq!(HOME_LEAD, [ZH_CN.home_lead, EN.home_lead]);
    let (zp, ep) = (public_texts(Lang::ZhCn), public_texts(Lang::En));
    let app: Vec<(&str, &str)> = vec![
        (ZH_CN.product, EN.product),
        (ZH_CN.product_full, EN.product_full),
        (ZH_CN.skip_to_content, EN.skip_to_content),
        (ZH_CN.menu, EN.menu),
        (ZH_CN.main_nav, EN.main_nav),
        (ZH_CN.nav_home, EN.nav_home),
        (ZH_CN.nav_bulletins, EN.nav_bulletins),
        (zp.nav_stats, ep.nav_stats),
        (ZH_CN.nav_report, EN.nav_report),
        (ZH_CN.nav_sign_in, EN.nav_sign_in),
        (ZH_CN.language, EN.language),
        (ZH_CN.footer_org, EN.footer_org),
        (ZH_CN.footer_note, EN.footer_note),
        (zp.back_to_list, ep.back_to_list),
        (zp.published_on, ep.published_on),
    ];
    assert_eq!(SHELL_WORDS.to_vec(), app);
    // And `index.html`, the shell itself, is written with the Chinese words.
    let index = std::fs::read_to_string(workspace().join("index.html")).unwrap();
    for (zh, _) in SHELL_WORDS.iter().take(13) {
        assert!(index.contains(zh), "index.html lacks {zh}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_grades_a_supervisor_and_records_a_signature() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        client
            .goto(&format!("{url}/staff/admin/supervisors"))
            .await
            .unwrap();
        page.heading("特邀监督员").await;
        // The 2020 record, computed from the visits each supervisor joined.
        page.field("年份")
            .await
            .select_by_label("2020")
            .await
            .unwrap();
        page.wait_for(
            "a supervisor's assessment button",
            "//li[@class='account']//button[starts-with(normalize-space(), '2020 年度评议')]",
        )
        .await
        .click()
        .await
        .unwrap();
        page.text_anywhere("参加督查（实到/安排）").await;
        page.button("保存").await.click().await.unwrap();
        page.text_anywhere("已保存。").await;

        // The supervisor joins one of the visits planned for the coming days.
        let option = page
            .wait_for(
                "a visit still to make",
                "//label[normalize-space()='安排参加检查']/following::select[1]/option[2]",
            )
            .await;
        let label = option.text().await.unwrap();
        let (day, unit) = {
            let mut parts = label.split(" · ");
            (
                parts.next().unwrap().to_owned(),
                parts.next().unwrap().to_owned(),
            )
        };
        page.field("安排参加检查")
            .await
            .select_by_label(&label)
            .await
            .unwrap();
        page.button("安排").await.click().await.unwrap();
        page.text_anywhere(&format!("已安排参加 {day} 对{unit}的检查")).await;
        let this_year = day[..4].to_owned();
        page.field("年份")
            .await
            .select_by_label(&this_year)
            .await
            .unwrap();
        page.wait_for(
            "the visit among those the supervisor joins",
            &format!(
                "//section[h3[normalize-space()='参加的检查']]//li[contains(normalize-space(), {})][span[normalize-space()='待进行']]",
                lit(&format!("{day} · {unit}"))
            ),
        )
        .await;
        page.screenshot("desktop-admin-supervisors-zh").await;
        page.accessible("the supervisors page").await;

        // This year's letter: one person per unit has still to sign.
        client
            .goto(&format!("{url}/staff/admin/commitments"))
            .await
            .unwrap();
        page.heading("效能承诺书").await;
        let unsigned = "//table//button[starts-with(normalize-space(), '登记签订')]";
        let sign = page.wait_for("a person still to sign", unsigned).await;
        let who = sign.text().await.unwrap();
        let before = client
            .find_all(Locator::XPath(unsigned))
            .await
            .unwrap()
            .len();
        sign.click().await.unwrap();
        let started = std::time::Instant::now();
        while client
            .find_all(Locator::XPath(unsigned))
            .await
            .unwrap()
            .len()
            != before - 1
        {
            assert!(
                started.elapsed() < WAIT,
                "{who} is still listed as unsigned"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        page.screenshot("desktop-admin-commitments-zh").await;
        page.accessible("the commitment letters page").await;
    })
    .await;
}
