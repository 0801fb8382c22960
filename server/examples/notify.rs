//! The notification benchmark (`cargo xtask bench notify`), against the
//! release server binary it is given and the local SMTP server it is
//! given, on SQLite and on PostgreSQL when one is given:
//!
//! - the cost a notification adds to a finding action: requests per second
//!   of a step that tells someone (a unit asks for more time, the office
//!   refuses: each tells one reader) against a step that tells nobody (the
//!   office's note), on the same findings, same clients, in the same run —
//!   once with no channel (inbox only) and once with e-mail and the
//!   webhook configured (inbox and two outbox rows per step; this server
//!   only queues, `XIAONENG_DELIVER=false`);
//! - how many e-mails a minute one server's worker delivers to the SMTP
//!   server, from an outbox filled by the first part.
//!
//! Usage: `notify --bin target/release/xiaoneng --dir DIR --smtp-url URL --sink DIR [--postgres URL]`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const LISTEN: &str = "127.0.0.1:18192";
const PASSWORD: &str = "xiaoneng-demo";
/// Findings each client works on.
const PER_CLIENT: usize = 6;
const CLIENTS: usize = 4;
const SECONDS: u64 = 8;
/// E-mails the delivery part sends at most.
const MAILS: i64 = 2000;

struct Server(Child);

impl Server {
    async fn start(bin: &Path, url: &str, dir: &Path, env: &[(&str, String)]) -> Server {
        let mut command = Command::new(bin);
        command
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("XIAONENG_LISTEN", LISTEN)
            .env("XIAONENG_DEMO", "true")
            .env("XIAONENG_DEMO_STORY", "false")
            .env("XIAONENG_SECRET_FILE", dir.join("secret.key"))
            .env("XIAONENG_DIST", dir.join("no-dist"))
            .env("XIAONENG_LOG", "error")
            .env("XIAONENG_MAX_REQUESTS", "4096")
            .stdout(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let server = Server(command.spawn().expect("starting the server"));
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client
                .get(format!("http://{LISTEN}/api/health"))
                .send()
                .await
                && r.status().is_success()
            {
                return server;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// A signed-in user: the cookie header and the CSRF token.
#[derive(Clone)]
struct Who(String, String);

async fn sign_in(client: &reqwest::Client, username: &str) -> Who {
    let resp = client
        .post(format!("http://{LISTEN}/api/auth/login"))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("signing in");
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let me: Value = resp.json().await.unwrap();
    Who(cookie, me["csrf_token"].as_str().unwrap().to_owned())
}

async fn post(client: &reqwest::Client, who: &Who, path: &str, body: Value) -> Value {
    let resp = client
        .post(format!("http://{LISTEN}{path}"))
        .header("cookie", &who.0)
        .header("x-csrf-token", &who.1)
        .json(&body)
        .send()
        .await
        .expect("an answer");
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// A finding of unit 7 brought to rectifying (its version and deadline).
async fn rectifying(client: &reqwest::Client, office: &Who, liaison: &Who, n: usize) -> Mine {
    let f = post(
        client,
        office,
        "/api/findings",
        json!({
            "unit_id": 7, "source": "inspection", "dimension": "work_style", "severity": "minor",
            "title": format!("窗口无人值守 {n}"), "description": "暗访发现窗口无人值守。",
            "observed_on": "2026-11-20", "people": [],
        }),
    )
    .await;
    let id = f["id"].as_i64().unwrap();
    let path = format!("/api/findings/{id}/actions");
    let later = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).date_naive();
    let mut v = f["version"].clone();
    for (who, step) in [
        (
            office,
            json!({ "action": "feed_back", "deadline": later(10) }),
        ),
        (
            liaison,
            json!({ "action": "report_verification", "comment": "情况属实。" }),
        ),
        (
            office,
            json!({ "action": "substantiate", "comment": "查实。" }),
        ),
        (
            office,
            json!({ "action": "order_rectification", "deadline": later(20) }),
        ),
    ] {
        let mut step = step;
        step["version"] = v;
        v = post(client, who, &path, step).await["version"].clone();
    }
    Mine {
        id,
        version: v.as_i64().unwrap(),
        asked: false,
    }
}

/// A finding a client works on: its version, and whether more time is asked.
#[derive(Clone, Copy)]
struct Mine {
    id: i64,
    version: i64,
    asked: bool,
}

/// Steps per second by `CLIENTS` clients for `SECONDS`, each on its own
/// findings: `notify` asks for more time and refuses it by turns (each
/// tells one reader); otherwise the office adds a note (tells nobody).
async fn rate(office: &Who, liaison: &Who, findings: &[Mine], notify: bool) -> (f64, Vec<Mine>) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let mut set = tokio::task::JoinSet::new();
    for mine in findings.chunks(PER_CLIENT) {
        let mut mine = mine.to_vec();
        let (office, liaison, stop, done) =
            (office.clone(), liaison.clone(), stop.clone(), done.clone());
        set.spawn(async move {
            let client = reqwest::Client::new();
            let far = (chrono::Utc::now() + chrono::Duration::days(60)).date_naive();
            let mut turn = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let f = &mut mine[turn % PER_CLIENT];
                let (who, step) = if !notify {
                    (&office, json!({ "action": "comment", "comment": "已电话督促。" }))
                } else if !f.asked {
                    (&liaison, json!({ "action": "request_extension", "deadline": far, "comment": "需采购设备。" }))
                } else {
                    (&office, json!({ "action": "reject_extension", "comment": "期限不变。" }))
                };
                let mut step = step;
                step["version"] = json!(f.version);
                let after = post(&client, who, &format!("/api/findings/{}/actions", f.id), step).await;
                f.version = after["version"].as_i64().unwrap();
                f.asked ^= notify;
                done.fetch_add(1, Ordering::Relaxed);
                turn += 1;
            }
            mine
        });
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(SECONDS)).await;
    stop.store(true, Ordering::Relaxed);
    let mut after = Vec::new();
    for mine in set.join_all().await {
        after.extend(mine);
    }
    (
        done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64(),
        after,
    )
}

/// Runs a statement on the database, behind the server's back.
async fn execute(url: &str, sql: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

/// A number the database answers.
async fn scalar(url: &str, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

fn mails_in(sink: &Path) -> usize {
    std::fs::read_dir(sink)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
        .unwrap_or(0)
}

async fn engine(name: &str, bin: &Path, url: &str, dir: &Path, smtp: &str, sink: &Path) {
    println!("{name}:");
    let client = reqwest::Client::new();
    let channels = vec![
        ("XIAONENG_SMTP_URL", smtp.to_owned()),
        ("XIAONENG_WEBHOOK_URL", "http://127.0.0.1:9/hook".to_owned()),
        ("XIAONENG_WEBHOOK_SECRET", "bench".to_owned()),
        ("XIAONENG_DELIVER", "false".to_owned()),
    ];
    let mut findings = Vec::new();
    for (label, env) in [
        ("inbox only", Vec::new()),
        ("inbox, e-mail and webhook queued", channels),
    ] {
        let server = Server::start(bin, url, dir, &env).await;
        let office = sign_in(&client, "office").await;
        let liaison = sign_in(&client, "liaison").await;
        if findings.is_empty() {
            for n in 0..CLIENTS * PER_CLIENT {
                findings.push(rectifying(&client, &office, &liaison, n).await);
            }
        }
        // Twice each, by turns: the machine is shared and noisy.
        let (mut quiet, mut telling) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            let (r, f) = rate(&office, &liaison, &findings, false).await;
            quiet.push(r);
            findings = f;
            let (r, f) = rate(&office, &liaison, &findings, true).await;
            telling.push(r);
            findings = f;
        }
        let (q, t) = (
            quiet.iter().sum::<f64>() / 2.0,
            telling.iter().sum::<f64>() / 2.0,
        );
        println!(
            "  {label}: a step that tells one reader {t:.0}/s, a note that tells nobody {q:.0}/s (baseline): {:.2}×",
            t / q
        );
        server.stop();
    }
    // Delivery: the outbox's e-mails (at most MAILS), by one server's worker.
    let pending = scalar(
        url,
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND channel = 'email'",
    )
    .await;
    let keep = pending.min(MAILS);
    let cut = format!(
        "DELETE FROM outbox WHERE channel = 'webhook' OR id NOT IN
           (SELECT id FROM outbox WHERE channel = 'email' ORDER BY id LIMIT {keep})"
    );
    execute(url, &cut).await;
    let before = mails_in(sink);
    let server = Server::start(bin, url, dir, &[("XIAONENG_SMTP_URL", smtp.to_owned())]).await;
    let started = Instant::now();
    while (mails_in(sink) - before) < keep as usize {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "delivery stalled"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    server.stop();
    println!(
        "  delivery: {keep} e-mails to the local SMTP server in {seconds:.1} s: {:.0} a minute",
        keep as f64 / seconds * 60.0
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let bin = PathBuf::from(arg("--bin").expect("--bin"));
    let dir = PathBuf::from(arg("--dir").expect("--dir"));
    let smtp = arg("--smtp-url").expect("--smtp-url");
    let sink = PathBuf::from(arg("--sink").expect("--sink"));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = format!("sqlite:{}", dir.join("notify.db").display());
    engine("SQLite", &bin, &sqlite, &dir, &smtp, &sink).await;
    if let Some(pg) = arg("--postgres") {
        engine("PostgreSQL", &bin, &pg, &dir, &smtp, &sink).await;
    }
}
