//! Real peers for the delivery tests: an SMTP server (Python's aiosmtpd
//! from PyPI, installed once into the target folder) and an HTTP receiver
//! for the webhook (axum), both on 127.0.0.1, both started by the test.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// aiosmtpd, pinned.
const AIOSMTPD: &str = "aiosmtpd==1.4.6";

static INSTALL: Mutex<()> = Mutex::new(());

/// The folder aiosmtpd is installed in (once).
fn aiosmtpd() -> PathBuf {
    let _once = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let lib = super::workspace_dir().join("../target/test-tools/aiosmtpd-1.4.6");
    let marker = lib.join(".installed");
    if !marker.exists() {
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&lib)
            .arg(AIOSMTPD)
            .status()
            .expect("python3 runs");
        assert!(status.success(), "installing {AIOSMTPD} from PyPI failed");
        std::fs::write(&marker, "").unwrap();
    }
    lib
}

/// A port free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An SMTP server that keeps what it receives; stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let lib = tokio::task::spawn_blocking(aiosmtpd).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut child = Command::new("python3")
            .arg(super::workspace_dir().join("tests/data/smtp_sink.py"))
            .arg(dir.path())
            .arg(port.to_string())
            .env("PYTHONPATH", &lib)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let stdout = child.stdout.take().unwrap();
        let ready = tokio::task::spawn_blocking(move || {
            use std::io::BufRead;
            let mut line = String::new();
            std::io::BufReader::new(stdout).read_line(&mut line).ok();
            line
        });
        let line = tokio::time::timeout(Duration::from_secs(30), ready)
            .await
            .expect("the SMTP server is ready within 30 s")
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server said {line:?}");
        SmtpSink { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// While refusing, every message is answered 451 (try again later).
    pub fn refuse(&self, refuse: bool) {
        let flag = self.dir.path().join("refuse");
        if refuse {
            std::fs::write(flag, "").unwrap();
        } else {
            let _ = std::fs::remove_file(flag);
        }
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// Waits until at least `n` messages arrived (at most `secs` seconds), then returns them all.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.received();
            if got.len() >= n || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One call the webhook receiver took: its headers and body.
#[derive(Debug, Clone)]
pub struct Call {
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

/// An HTTP server that keeps every POST it receives.
pub struct Receiver {
    pub url: String,
    pub calls: Arc<Mutex<Vec<Call>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let kept = calls.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                    let kept = kept.clone();
                    async move {
                        kept.lock().unwrap().push(Call {
                            headers,
                            body: body.to_vec(),
                        });
                        axum::http::StatusCode::NO_CONTENT
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver { url, calls, task }
    }

    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Call> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.calls.lock().unwrap().clone();
            if got.len() >= n || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
