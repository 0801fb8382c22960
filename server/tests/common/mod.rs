//! A real server on 127.0.0.1:0 over a fresh database — a temporary SQLite
//! file, or a new PostgreSQL database made for the one test and dropped after.
//! Test bodies are written once and run on both engines by [`both_engines!`].

#![allow(dead_code)]

pub mod fixtures;
pub mod mail;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sqlx::{Connection, Executor, PgConnection};
use tokio::sync::oneshot;
use xiaoneng_server::{AppState, Config};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each named test body (an `async fn(TestServer)`) once per engine.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(server) = $crate::common::TestServer::start($crate::common::Engine::Sqlite).await {
                        super::$name(server).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(server) = $crate::common::TestServer::start($crate::common::Engine::Postgres).await {
                        super::$name(server).await;
                    }
                }
            )*
        }
    };
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    pub engine: Engine,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// `None` when the engine is PostgreSQL and `TEST_POSTGRES_URL` is unset
    /// (unless `XIAONENG_REQUIRE_POSTGRES` says it must run).
    pub async fn new(engine: Engine) -> Option<TestDb> {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite:{}", dir.path().join("test.db").display());
                Some(TestDb {
                    url,
                    engine,
                    _dir: Some(dir),
                    pg: None,
                })
            }
            Engine::Postgres => {
                let Some(admin) = std::env::var("TEST_POSTGRES_URL")
                    .ok()
                    .filter(|u| !u.is_empty())
                else {
                    assert!(
                        std::env::var_os("XIAONENG_REQUIRE_POSTGRES").is_none(),
                        "XIAONENG_REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not"
                    );
                    eprintln!("skipped: TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!(
                    "xn_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    chrono::Utc::now().timestamp_micros()
                );
                let mut conn = PgConnection::connect(&admin)
                    .await
                    .expect("connecting to TEST_POSTGRES_URL");
                conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                    .await
                    .expect("creating a test database");
                conn.close().await.ok();
                let url = with_database(&admin, &name);
                Some(TestDb {
                    url,
                    engine,
                    _dir: None,
                    pg: Some((admin, name)),
                })
            }
        }
    }
}

impl TestDb {
    /// A SQLite database in `dir`, a folder the test owns (a small
    /// filesystem it mounted, say); the test removes it.
    pub fn sqlite_in(dir: &std::path::Path) -> TestDb {
        TestDb {
            url: format!("sqlite:{}", dir.join("test.db").display()),
            engine: Engine::Sqlite,
            _dir: None,
            pg: None,
        }
    }

    /// The same database, for a server started again over it (after the
    /// first one stopped): the first keeps the duty of removing it.
    pub fn again(&self) -> TestDb {
        TestDb {
            url: self.url.clone(),
            engine: self.engine,
            _dir: None,
            pg: None,
        }
    }
}

/// The same server URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside any runtime we may block, so use a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let mut conn = PgConnection::connect(&admin).await.ok()?;
                    conn.execute(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    )))
                    .await
                    .ok()
                })
            })
            .join();
        }
    }
}

pub struct TestServer {
    pub url: String,
    pub state: AppState,
    pub client: Client,
    pub db: TestDb,
    pub dist: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    serving: Option<tokio::task::JoinHandle<()>>,
}

/// A fake built app: the portal's and the staff app's index.html, a hashed
/// script and its brotli copy.
pub const HASHED_SCRIPT: &str = "app-0123456789abcdef.js";

fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>效能</title><meta name=\"description\" content=\"门户\">\
         <body><div id=app data-app=portal><main id=\"main\" class=\"site-main\" tabindex=\"-1\">\
         <p class=\"muted\">正在加载… Loading…</p></main></div></body>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("staff-app")).unwrap();
    std::fs::write(
        dir.path().join("staff-app/index.html"),
        "<!doctype html><title>效能</title><div id=app data-app=staff></div>",
    )
    .unwrap();
    std::fs::write(dir.path().join(HASHED_SCRIPT), "console.log('app');").unwrap();
    std::fs::write(
        dir.path().join(format!("{HASHED_SCRIPT}.br")),
        b"\x0b\x08\x80fake-brotli\x03",
    )
    .unwrap();
    dir
}

impl TestServer {
    /// A server with the demo data (`admin`, `office`, … / `xiaoneng-demo`).
    /// The demo's units and logins only: tests make the records they need.
    pub async fn start(engine: Engine) -> Option<TestServer> {
        TestServer::start_with(engine, |c| {
            c.demo = true;
            c.demo_story = false;
        })
        .await
    }

    pub async fn start_with(
        engine: Engine,
        configure: impl FnOnce(&mut Config),
    ) -> Option<TestServer> {
        let db = TestDb::new(engine).await?;
        Some(TestServer::on(db, configure).await)
    }

    /// A server over an existing test database.
    pub async fn on(db: TestDb, configure: impl FnOnce(&mut Config)) -> TestServer {
        let dist = fake_dist();
        let mut config = Config::new(db.url.clone(), dist.path().to_path_buf());
        config.demo = false;
        // The server's secret lives beside the fake app, outside the database.
        config.secret_file = dist.path().join("secret.key");
        configure(&mut config);
        let state = xiaoneng_server::prepare(config)
            .await
            .expect("the server prepares");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let serving = state.clone();
        let serving = tokio::spawn(async move {
            xiaoneng_server::serve(listener, serving, async {
                let _ = rx.await;
            })
            .await
            .expect("the server runs");
        });
        TestServer {
            url,
            state,
            client: Client::builder().build().unwrap(),
            db,
            dist,
            shutdown: Some(tx),
            serving: Some(serving),
        }
    }

    /// A second server over the same database, as another replica of a
    /// city's deployment would be.
    pub async fn replica(&self) -> TestServer {
        let db = TestDb {
            url: self.db.url.clone(),
            engine: self.db.engine,
            _dir: None,
            // The first server's database: this one does not drop it.
            pg: None,
        };
        // Replicas of one deployment share its secret (the audit chain's key).
        let secret = self.state.config.secret_file.clone();
        TestServer::on(db, move |c| c.secret_file = secret).await
    }

    /// Another replica over the same database, configured by `configure`.
    pub async fn replica_with(&self, configure: impl FnOnce(&mut Config)) -> TestServer {
        let db = TestDb {
            url: self.db.url.clone(),
            engine: self.db.engine,
            _dir: None,
            pg: None,
        };
        let secret = self.state.config.secret_file.clone();
        TestServer::on(db, move |c| {
            c.secret_file = secret;
            configure(c);
        })
        .await
    }

    pub fn engine(&self) -> Engine {
        self.db.engine
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.url))
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        self.post("/api/auth/login")
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns the session (cookie and CSRF token).
    pub async fn login(&self, username: &str, password: &str) -> Session {
        let resp = self.try_login(username, password).await;
        assert_eq!(resp.status(), StatusCode::OK, "login as {username}");
        Session::from_login(resp).await
    }

    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Stops the server and waits until `serve` has returned.
    pub async fn stopped(&mut self) {
        self.stop();
        if let Some(serving) = self.serving.take() {
            serving.await.expect("the server stops cleanly");
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A signed-in browser: the session cookie and the CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub set_cookie: String,
    pub csrf: String,
    pub me: Value,
}

impl Session {
    pub async fn from_login(resp: Response) -> Session {
        let set_cookie = resp
            .headers()
            .get(reqwest::header::SET_COOKIE)
            .expect("login sets a cookie")
            .to_str()
            .unwrap()
            .to_owned();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let me: Value = resp.json().await.unwrap();
        let csrf = me["csrf_token"].as_str().expect("a CSRF token").to_owned();
        Session {
            cookie,
            set_cookie,
            csrf,
            me,
        }
    }

    /// A request carrying the cookie (and, with `csrf`, the token).
    pub fn on(&self, req: RequestBuilder, csrf: bool) -> RequestBuilder {
        let req = req.header(reqwest::header::COOKIE, &self.cookie);
        if csrf {
            req.header("X-CSRF-Token", &self.csrf)
        } else {
            req
        }
    }
}

/// A JSON request from a signed-in browser (cookie and CSRF token).
pub async fn send(
    s: &TestServer,
    who: &Session,
    method: Method,
    path: &str,
    body: Value,
) -> reqwest::Response {
    who.on(s.request(method, path), true)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The answer's body, after checking its status.
pub async fn expect(resp: reqwest::Response, status: StatusCode) -> Value {
    let actual = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(actual, status, "{body}");
    body
}

/// Sends a request and answers its body, after checking it is 200 OK.
pub async fn ok_json(req: RequestBuilder) -> Value {
    expect(req.send().await.unwrap(), StatusCode::OK).await
}

/// Reads an error answer and checks it has the one documented shape.
pub async fn error_of(resp: Response) -> (StatusCode, Value) {
    let status = resp.status();
    let ct = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(
        ct.starts_with("application/json"),
        "an error answers JSON, not {ct:?}"
    );
    let body: Value = resp.json().await.unwrap();
    let error = &body["error"];
    assert!(error["code"].is_string(), "error.code in {body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error.message in {body}"
    );
    assert!(error["fields"].is_object(), "error.fields in {body}");
    (status, error.clone())
}

/// A refusal: checks the one error shape, the status and the code, and
/// answers the error (for its `fields`).
pub async fn expect_error(resp: Response, status: StatusCode, code: &str) -> Value {
    let (actual, error) = error_of(resp).await;
    assert_eq!(
        (actual, error["code"].as_str()),
        (status, Some(code)),
        "{error}"
    );
    error
}

/// A refusal with this status (`why` says what the check is about): checks
/// the one error shape and answers the error.
pub async fn expect_status(resp: Response, status: StatusCode, why: &str) -> Value {
    let (actual, error) = error_of(resp).await;
    assert_eq!(actual, status, "{why} {error}");
    error
}

/// A refusal of the input (422), which names the refused fields: answers
/// the error, whose `fields` the test then checks.
pub async fn refused(resp: Response) -> Value {
    expect_status(resp, StatusCode::UNPROCESSABLE_ENTITY, "a refused input").await
}

pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestServer {
    /// Runs SQL straight on the database, behind the application's back.
    pub async fn raw_sql(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.state.store.pool() {
            xiaoneng_server::db::Pool::Sqlite(pool) => pool.execute(sql).await.map(|_| ()),
            xiaoneng_server::db::Pool::Pg(pool) => pool.execute(sql).await.map(|_| ()),
        }
        .expect("raw SQL runs");
    }

    /// A number the database answers (`SELECT COUNT(*) …`).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.state.store.pool() {
            xiaoneng_server::db::Pool::Sqlite(pool) => {
                sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await
            }
            xiaoneng_server::db::Pool::Pg(pool) => {
                sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await
            }
        }
        .expect("the query answers a number")
    }

    /// The client address the newest audit entry records.
    pub async fn last_audited_address(&self) -> Option<String> {
        let (head, _) = self.state.store.audit_head().await.unwrap();
        self.state.store.audit_page(head - 1, 1).await.unwrap()[0]
            .address
            .clone()
    }

    /// Of the findings `ids`, those `who` cannot open (lost, for a write
    /// that was acknowledged).
    pub async fn missing_findings(&self, who: &Session, ids: &[i64]) -> Vec<i64> {
        let mut missing = Vec::new();
        for id in ids {
            let resp = who
                .on(self.get(&format!("/api/findings/{id}")), false)
                .send()
                .await
                .unwrap();
            if resp.status() != StatusCode::OK {
                missing.push(*id);
            }
        }
        missing
    }
}
