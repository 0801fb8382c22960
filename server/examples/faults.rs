//! The fault benchmark (`cargo xtask bench faults`), against the release
//! server binary it is given, on SQLite and on PostgreSQL when one is given:
//!
//! - `kill -9` during 40 concurrent writers, 8 times: every finding the
//!   server acknowledged (201) is there after a restart, and the audit
//!   chain holds (`xiaoneng audit-verify`);
//! - 200 clients for 60 s on public and staff pages: how many requests,
//!   how many errors (any answer but 2xx, or no answer);
//! - SQLite only: the cost of `synchronous=FULL` (what the server runs)
//!   against NORMAL, in findings written per second by 8 writers.
//!
//! It prints the figures; it fails (non-zero) when a write is lost, the
//! chain is broken or a client saw an error.
//!
//! Usage: `faults --bin target/release/xiaoneng --dir DIR [--postgres URL]`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const LISTEN: &str = "127.0.0.1:18191";
const PASSWORD: &str = "xiaoneng-demo";

struct Server {
    child: Child,
}

impl Server {
    async fn start(bin: &Path, url: &str, dir: &Path, env: &[(&str, &str)]) -> Server {
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
            .stdout(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let server = Server {
            child: command.spawn().expect("starting the server"),
        };
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

    fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// A signed-in office user: the cookie header and the CSRF token.
async fn sign_in(client: &reqwest::Client) -> (String, String) {
    let resp = client
        .post(format!("http://{LISTEN}/api/auth/login"))
        .json(&json!({ "username": "office", "password": PASSWORD }))
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
    (cookie, me["csrf_token"].as_str().unwrap().to_owned())
}

fn finding(n: u64) -> Value {
    json!({
        "unit_id": 7, "source": "inspection", "dimension": "work_style", "severity": "minor",
        "title": format!("工作时间离岗 {n}"), "description": "暗访发现窗口无人值守。",
        "observed_on": "2026-11-20", "people": [],
    })
}

/// `writers` writers creating findings until `stop`; the acknowledged ids.
async fn write_until(
    writers: usize,
    session: &(String, String),
    stop: Arc<AtomicBool>,
) -> Vec<i64> {
    let mut set = tokio::task::JoinSet::new();
    let next = Arc::new(AtomicU64::new(0));
    for _ in 0..writers {
        let (cookie, csrf) = session.clone();
        let (stop, next) = (stop.clone(), next.clone());
        set.spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut acked = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let sent = client
                    .post(format!("http://{LISTEN}/api/findings"))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&finding(n))
                    .send()
                    .await;
                match sent {
                    Ok(resp) if resp.status() == reqwest::StatusCode::CREATED => {
                        if let Ok(body) = resp.json::<Value>().await
                            && let Some(id) = body["id"].as_i64()
                        {
                            acked.push(id);
                        }
                    }
                    Ok(_) => {}
                    // The server is gone (killed): this writer is done.
                    Err(_) => break,
                }
            }
            acked
        });
    }
    set.join_all().await.into_iter().flatten().collect()
}

async fn kill_nine(bin: &Path, url: &str, dir: &Path) -> bool {
    let mut acked_total = 0;
    let mut lost_total = 0;
    for round in 1..=8 {
        let server = Server::start(bin, url, dir, &[]).await;
        let client = reqwest::Client::new();
        let session = sign_in(&client).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writing = tokio::spawn({
            let (session, stop) = (session.clone(), stop.clone());
            async move { write_until(40, &session, stop).await }
        });
        tokio::time::sleep(Duration::from_millis(700 + 150 * round)).await;
        server.kill9();
        stop.store(true, Ordering::Relaxed);
        let acked = writing.await.unwrap();
        let server = Server::start(bin, url, dir, &[]).await;
        let session = sign_in(&client).await;
        let mut lost = 0;
        for id in &acked {
            let resp = client
                .get(format!("http://{LISTEN}/api/findings/{id}"))
                .header("cookie", &session.0)
                .send()
                .await
                .unwrap();
            if resp.status() != reqwest::StatusCode::OK {
                lost += 1;
            }
        }
        server.stop();
        acked_total += acked.len();
        lost_total += lost;
    }
    let verify = Command::new(bin)
        .arg("audit-verify")
        .env("DATABASE_URL", url)
        .env("XIAONENG_SECRET_FILE", dir.join("secret.key"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout).trim().to_owned();
    println!(
        "  kill -9 during 40 writers, 8 times: {acked_total} findings acknowledged, {lost_total} lost; {}",
        if verify.status.success() {
            said
        } else {
            String::from_utf8_lossy(&verify.stderr).trim().to_owned()
        }
    );
    lost_total == 0 && verify.status.success()
}

async fn many_clients(bin: &Path, url: &str, dir: &Path, clients: usize, seconds: u64) -> bool {
    let server = Server::start(bin, url, dir, &[]).await;
    let client = reqwest::Client::new();
    let session = sign_in(&client).await;
    let paths = [
        ("/api/public/bulletins?limit=10", false),
        ("/api/public/stats", false),
        ("/api/findings?limit=20", true),
        ("/api/health", false),
    ];
    let until = Instant::now() + Duration::from_secs(seconds);
    let (done, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut set = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (done, errors, cookie) = (done.clone(), errors.clone(), session.0.clone());
        set.spawn(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap();
            let mut i = c;
            while Instant::now() < until {
                let (path, signed_in) = paths[i % paths.len()];
                i += 1;
                let mut req = client.get(format!("http://{LISTEN}{path}"));
                if signed_in {
                    req = req.header("cookie", &cookie);
                }
                match req.send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        });
    }
    set.join_all().await;
    server.stop();
    let (done, errors) = (done.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    println!(
        "  {clients} clients for {seconds} s: {done} answers ({:.0}/s), {errors} errors",
        done as f64 / seconds as f64
    );
    errors == 0
}

/// Findings written per second by 8 writers for `seconds`, on a fresh
/// SQLite database with `synchronous` as given.
async fn write_rate(bin: &Path, dir: &Path, synchronous: &str, seconds: u64) -> f64 {
    let db = dir.join(format!("sync-{synchronous}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let url = format!("sqlite:{}", db.display());
    let server = Server::start(
        bin,
        &url,
        dir,
        &[("XIAONENG_SQLITE_SYNCHRONOUS", synchronous)],
    )
    .await;
    let session = sign_in(&reqwest::Client::new()).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writing = tokio::spawn({
        let stop = stop.clone();
        async move { write_until(8, &session, stop).await }
    });
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let acked = writing.await.unwrap();
    server.stop();
    acked.len() as f64 / seconds as f64
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
    let bin = PathBuf::from(arg("--bin").expect("--bin PATH"));
    let dir = PathBuf::from(arg("--dir").expect("--dir DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ok = true;

    let sqlite = |name: &str| {
        let db = dir.join(format!("{name}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        format!("sqlite:{}", db.display())
    };
    println!("\nSQLite");
    ok &= kill_nine(&bin, &sqlite("kill9"), &dir).await;
    ok &= many_clients(&bin, &sqlite("clients"), &dir, 200, 60).await;
    // The same load, alternating, twice each: the machine is shared.
    let mut full = Vec::new();
    let mut normal = Vec::new();
    for _ in 0..2 {
        full.push(write_rate(&bin, &dir, "full", 10).await);
        normal.push(write_rate(&bin, &dir, "normal", 10).await);
    }
    let (full, normal) = (
        full.iter().sum::<f64>() / full.len() as f64,
        normal.iter().sum::<f64>() / normal.len() as f64,
    );
    println!(
        "  synchronous=FULL: {full:.0} findings/s; NORMAL: {normal:.0}/s (FULL is {:.2}× NORMAL)",
        full / normal
    );

    if let Some(pg) = arg("--postgres") {
        println!("\nPostgreSQL");
        ok &= kill_nine(&bin, &pg, &dir).await;
        ok &= many_clients(&bin, &pg, &dir, 200, 60).await;
    }
    if !ok {
        eprintln!("\nfaults: a write was lost, the audit chain broke or a client saw an error");
        std::process::exit(1);
    }
}
