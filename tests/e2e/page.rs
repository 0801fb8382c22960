//! What every journey uses: the browser (ChromeDriver, Chromium), the real
//! server in process, and `Page`, which finds elements the way a person
//! does — by label, role and visible text — and waits for conditions.

pub use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
pub use fantoccini::{Client, ClientBuilder, Locator};
pub use serde_json::json;
use std::net::TcpListener;
pub use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
pub use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dist() -> PathBuf {
    std::env::var_os("XIAONENG_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("dist"))
}

/// ChromeDriver on a free port, killed when dropped (even after a panic).
pub struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    pub fn start() -> Driver {
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

pub async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
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
    // The console, for the account of a failure (`BrowserLog`).
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

/// Chrome DevTools through ChromeDriver: exact viewports for screenshots.
#[derive(Debug)]
pub struct Cdp(serde_json::Value);

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

/// ChromeDriver's console log since the last read (`goog:loggingPrefs`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// What a person sees and does, phrased as they would.
pub struct Page<'c> {
    pub client: &'c Client,
}

impl Page<'_> {
    pub async fn wait_for(&self, what: &str, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("waiting for {what}: {e}"))
    }

    pub async fn heading(&self, text: &str) -> Element {
        self.wait_for(
            &format!("heading {text:?}"),
            &format!("//h1[normalize-space()={}]", lit(text)),
        )
        .await
    }

    pub async fn button(&self, text: &str) -> Element {
        self.wait_for(
            &format!("button {text:?}"),
            &format!("//button[normalize-space()={}]", lit(text)),
        )
        .await
    }

    pub async fn link(&self, text: &str) -> Element {
        self.wait_for(
            &format!("link {text:?}"),
            &format!("//a[normalize-space()={}]", lit(text)),
        )
        .await
    }

    /// The input a `<label>` with this text is for.
    pub async fn field(&self, label: &str) -> Element {
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

    pub async fn alert_saying(&self, text: &str) -> Element {
        self.wait_for(
            &format!("an alert saying {text:?}"),
            &format!(
                "//*[@role='alert'][contains(normalize-space(), {})]",
                lit(text)
            ),
        )
        .await
    }

    pub async fn text_anywhere(&self, text: &str) -> Element {
        self.wait_for(
            &format!("text {text:?}"),
            &format!(
                "//body//*[contains(normalize-space(text()), {})]",
                lit(text)
            ),
        )
        .await
    }

    pub async fn html_lang(&self) -> String {
        let v = self
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_owned()
    }

    pub async fn viewport(&self, width: u32, height: u32, mobile: bool) {
        self.client
            .issue_cmd(Cdp(json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile },
            })))
            .await
            .expect("setting the viewport");
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Page<'_> {
    /// Runs axe-core on the page as it is and fails on any serious or
    /// critical violation, naming the rule and the elements.
    pub async fn accessible(&self, what: &str) {
        let problems = self.violations().await;
        assert!(
            problems.is_empty(),
            "{what}: accessibility violations:\n{}",
            problems.join("\n")
        );
    }

    /// Asserts that nothing a finger must hit on the page is too small
    /// ([`Page::small_touch_targets`]).
    pub async fn touch_friendly(&self, what: &str) {
        let small = self.small_touch_targets().await;
        assert!(
            small.is_empty(),
            "{what}: small touch targets on a phone:\n{}",
            small.join("\n")
        );
    }

    /// On a phone (a viewport up to 480 px wide), what a finger must hit
    /// and is under 44 px tall — or, for a button, narrow: a control, a
    /// summary, a link standing on its own. A link inside running text is
    /// exempt (WCAG 2.5.8's inline exception), as is anything hidden.
    pub async fn small_touch_targets(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                "if (window.innerWidth > 480) return [];
                 const small = [];
                 const targets = document.querySelectorAll(
                     'a[href], button, select, textarea, summary, [role=button], ' +
                     'input:not([type=hidden]):not([type=checkbox]):not([type=radio])');
                 for (const el of targets) {
                     const box = el.getBoundingClientRect();
                     const style = getComputedStyle(el);
                     if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
                     if (el.tagName === 'A' && style.display === 'inline') {
                         const block = el.parentElement.closest('p, li, dd, td, th, span, h1, h2, h3, label');
                         if (block && block.textContent.trim() !== el.textContent.trim()) continue;
                     }
                     if (el.closest('.skip-link')) continue;
                     const narrow = el.tagName === 'BUTTON' && box.width < 43.5;
                     if (box.height < 43.5 || narrow) {
                         const name = (el.getAttribute('aria-label') || el.textContent || el.id || el.tagName).trim().slice(0, 40);
                         small.push('touch target ' + Math.round(box.width) + '×' + Math.round(box.height) + ' px: ' + el.tagName.toLowerCase() + ' ' + JSON.stringify(name));
                     }
                 }
                 return small;",
                vec![],
            )
            .await
            .expect("measuring touch targets");
        serde_json::from_value(found).expect("a list of small targets")
    }

    /// The addresses this document fetched (Resource Timing): which app's
    /// wasm a page runs, or that it runs none.
    pub async fn fetched(&self) -> Vec<String> {
        let names = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name)",
                vec![],
            )
            .await
            .expect("reading Resource Timing");
        serde_json::from_value(names).expect("a list of addresses")
    }

    /// Where the browser stands, for a failure's report (CI keeps only the
    /// log): the address, the storage that picks an app, the service
    /// worker, the wasm fetched, the text on screen and the console.
    pub async fn account(&self) -> String {
        let state = self
            .client
            .execute(
                "const kept = s => Object.keys(s).map(k => k + '=' + s.getItem(k).slice(0, 80));
                 const sw = navigator.serviceWorker;
                 return [
                     'address: ' + location.href + ' (' + document.readyState + ')',
                     'title: ' + document.title,
                     'local storage: ' + kept(localStorage).join('; '),
                     'session storage: ' + kept(sessionStorage).join('; '),
                     'service worker: ' + (sw && sw.controller ? sw.controller.state : 'none controls'),
                     'wasm: ' + performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm')).join(', '),
                     'on screen: ' + document.body.innerText.slice(0, 1500),
                 ].join('\\n');",
                vec![],
            )
            .await
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|e| format!("the page did not answer: {e}"));
        let console = match self.client.issue_cmd(BrowserLog).await {
            Ok(serde_json::Value::Array(entries)) => entries
                .iter()
                .rev()
                .take(40)
                .rev()
                .map(|e| format!("  {} {}", e["level"], e["message"]))
                .collect::<Vec<_>>()
                .join("\n"),
            Ok(other) => other.to_string(),
            Err(e) => format!("no console log: {e}"),
        };
        format!("--- the browser at the failure ---\n{state}\nconsole:\n{console}\n---")
    }

    /// The wasm files this document fetched: which app draws the page.
    pub async fn wasm_fetched(&self) -> Vec<String> {
        let mut fetched = self.fetched().await;
        fetched.retain(|name| name.ends_with(".wasm"));
        fetched
    }

    /// axe-core's serious and critical violations on the page as it is.
    pub async fn violations(&self) -> Vec<String> {
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
pub fn lit(text: &str) -> String {
    assert!(!text.contains('"'));
    format!("\"{text}\"")
}

pub async fn start_server() -> (String, tokio::sync::oneshot::Sender<()>, tempfile::TempDir) {
    start_server_on(dist()).await
}

/// The server with the demo data, serving the built app from `served`.
async fn start_server_on(
    served: PathBuf,
) -> (String, tokio::sync::oneshot::Sender<()>, tempfile::TempDir) {
    assert!(
        served.join("index.html").exists(),
        "no built app in {}: run `cargo xtask test` (or `cargo xtask dist`) first",
        served.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = xiaoneng_server::Config::new(
        format!("sqlite:{}", dir.path().join("e2e.db").display()),
        served,
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
pub async fn with_browser<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (url, stop, _db) = start_server().await;
    run_in_browser(|client| scenario(client, url), || {}).await;
    let _ = stop.send(());
}

/// As [`with_browser`], the server serving the app from `served` (a copy
/// of the built one a test changes).
pub async fn with_browser_on<F, Fut>(served: PathBuf, scenario: F)
where
    F: FnOnce(Client, String) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (url, stop, _db) = start_server_on(served).await;
    run_in_browser(|client| scenario(client, url), || {}).await;
    let _ = stop.send(());
}

/// Runs `scenario` in a fresh browser in its own task; on failure runs
/// `before_looking` (say, restores the network), saves a screenshot and the
/// page; always closes the browser, then re-raises the scenario's panic.
async fn run_in_browser<F, Fut>(scenario: F, before_looking: impl FnOnce())
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    let outcome = tokio::spawn(scenario(client.clone())).await;
    if outcome.is_err() {
        before_looking();
        let page = Page { client: &client };
        page.screenshot("failure").await;
        eprintln!("{}", page.account().await);
        if let Ok(html) = client.source().await {
            let _ = std::fs::write(workspace().join("target/screenshots/failure.html"), html);
        }
    }
    let _ = client.close().await;
    drop(driver);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

impl Page<'_> {
    pub async fn sign_in(&self, url: &str, username: &str) {
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

    /// Signs out with the staff app's button, which loads the public portal's
    /// home page: waits for that page load to finish (the server paints the
    /// page whole and its boot script runs no app; should an app run there,
    /// until its boot script has set `wasmBindings`, so that no element is
    /// found in a view about to be replaced).
    pub async fn sign_out(&self, button: &str) {
        self.button(button).await.click().await.unwrap();
        let started = std::time::Instant::now();
        loop {
            let url = self.client.current_url().await.unwrap();
            let ready = self
                .client
                .execute(
                    // The home page is painted by the server (no app); its boot
                    // script has run once the document is complete.
                    "return document.readyState === 'complete' \
                     && (document.querySelector('[data-painted]') !== null || window.wasmBindings !== undefined)",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool());
            if url.path() == "/" && ready == Some(true) {
                break;
            }
            assert!(
                started.elapsed() < WAIT,
                "signing out did not load the portal"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Opens the first visit of 我的督查任务 on the dashboard; waits for its checklist.
    pub async fn open_first_visit(&self) {
        self.wait_for(
            "an assigned visit",
            "//section[.//h2[normalize-space()='我的督查任务']]//li//a",
        )
        .await
        .click()
        .await
        .unwrap();
        self.wait_for("the checklist", "//form[@class='checklist']")
            .await;
    }

    /// Answers the checklist's first item: 符合, 不符合 or 不适用.
    pub async fn answer_first(&self, outcome: &str) {
        self.client
            .find_all(Locator::XPath(&format!(
                "//label[normalize-space()={}]",
                lit(outcome)
            )))
            .await
            .unwrap()[0]
            .click()
            .await
            .unwrap();
    }

    /// The first item's answer on the checklist, as its checked button reads.
    pub async fn first_answer(&self) -> serde_json::Value {
        self.client
            .execute(
                "const group = document.querySelector('form.checklist [role=radiogroup]');
                 const on = group && group.querySelector('input:checked');
                 return on ? on.labels[0].textContent.trim() : null;",
                vec![],
            )
            .await
            .unwrap()
    }

    /// Waits until the checklist says the server has all of it.
    pub async fn sent_to_server(&self, what: &str) {
        self.wait_for(
            what,
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;
    }

    /// Waits until `check` holds (a property the DOM has no attribute for).
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !check().await {
            assert!(started.elapsed() < WAIT, "{what}: not within {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sets a date input the way a date picker does (typing into one
    /// depends on the browser's locale).
    pub async fn set_date(&self, input: &Element, day: &str) {
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

/// A small PNG on disk, for a file input.
pub fn photo_file(dir: &std::path::Path) -> PathBuf {
    // 1×1 white PNG.
    pub const PNG: &[u8] = &[
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

impl Page<'_> {
    pub async fn network(&self, offline: bool) {
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
    pub async fn block_uploads(&self, blocked: bool) {
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

impl Page<'_> {
    /// Opens a `<details>` panel by its summary.
    pub async fn open_panel(&self, summary: &str) {
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

/// The phone's connection to the server: a TCP relay in the test between
/// the browser and the server, which the test can cut (everything fails,
/// the service worker's own fetches too, as with no signal) or make lose
/// answers (a request reaches the server, its answer never comes back).
#[derive(Clone)]
pub struct Link {
    state: tokio::sync::watch::Sender<LinkState>,
    lost: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LinkState {
    Up,
    Cut,
    LosingAnswers,
}

impl Link {
    /// Relays `127.0.0.1:<new port>` to `server` (an `http://` URL);
    /// answers the link and the URL the browser should use.
    pub async fn start(server: &str) -> (Link, String) {
        let upstream = server.trim_start_matches("http://").to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (state, _) = tokio::sync::watch::channel(LinkState::Up);
        let link = Link {
            state,
            lost: Default::default(),
        };
        let relay = link.clone();
        tokio::spawn(async move {
            while let Ok((browser, _)) = listener.accept().await {
                let link = relay.clone();
                let upstream = upstream.clone();
                tokio::spawn(async move { link.relay(browser, &upstream).await });
            }
        });
        (link, url)
    }

    async fn relay(&self, mut browser: tokio::net::TcpStream, upstream: &str) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut state = self.state.subscribe();
        if *state.borrow() == LinkState::Cut {
            return; // dropped: the browser sees the connection fail
        }
        let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else {
            return;
        };
        let (mut from_browser, mut to_browser) = browser.split();
        let (mut from_server, mut to_server) = server.split();
        let mut up = vec![0u8; 64 * 1024];
        let mut down = vec![0u8; 64 * 1024];
        let mut last_request = String::new();
        loop {
            tokio::select! {
                read = from_browser.read(&mut up) => match read {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        let head = String::from_utf8_lossy(&up[..n.min(200)]).to_string();
                        if let Some(line) = head.lines().next().filter(|l| l.ends_with("HTTP/1.1")) {
                            last_request = line.to_owned();
                        }
                        if to_server.write_all(&up[..n]).await.is_err() {
                            return;
                        }
                    }
                },
                read = from_server.read(&mut down) => match read {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if *state.borrow() == LinkState::LosingAnswers {
                            // The answer is lost on the way: the connection drops.
                            self.lost.lock().unwrap().push(last_request.clone());
                            return;
                        }
                        if to_browser.write_all(&down[..n]).await.is_err() {
                            return;
                        }
                    }
                },
                changed = state.changed() => {
                    if changed.is_err() || *state.borrow() == LinkState::Cut {
                        return;
                    }
                }
            }
        }
    }

    /// No signal: every connection drops, new ones fail.
    pub fn cut(&self) {
        self.state.send_replace(LinkState::Cut);
    }

    /// The signal is back.
    pub fn restore(&self) {
        self.state.send_replace(LinkState::Up);
    }

    /// While on, requests reach the server but their answers are lost.
    pub fn lose_answers(&self, on: bool) {
        self.state.send_replace(if on {
            LinkState::LosingAnswers
        } else {
            LinkState::Up
        });
    }

    /// The request lines whose answers were lost.
    pub fn lost(&self) -> Vec<String> {
        self.lost.lock().unwrap().clone()
    }
}

/// [`with_browser`], with the browser reaching the server through a [`Link`].
pub async fn with_browser_behind_link<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String, Link) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (server, stop, _db) = start_server().await;
    let (link, url) = Link::start(&server).await;
    let restore = link.clone();
    run_in_browser(
        |client| scenario(client, url, link),
        move || restore.restore(),
    )
    .await;
    let _ = stop.send(());
}
