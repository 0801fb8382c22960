//! The server through faults of the machine under it (issue 16): a full
//! disk under SQLite. What was acknowledged is kept; what was not saved is
//! answered 503 (never acknowledged); health says the database cannot
//! write; and once space is freed, writes resume without a restart.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestDb, TestServer, fixtures, send};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::task::JoinSet;

const DEMO: &str = "xiaoneng-demo";

/// A tmpfs of our own, unmounted when dropped (before its mount point,
/// the temporary folder, is removed).
struct SmallDisk(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl SmallDisk {
    fn mount() -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                "size=64m",
                "xiaoneng-test",
                path.to_str().unwrap(),
            ])
            .status()
            .expect("running mount");
        assert!(
            ok.success(),
            "the disk-full test mounts a small tmpfs: it needs root (CAP_SYS_ADMIN)"
        );
        SmallDisk(path, dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// Bytes in use on it.
    fn used(&self) -> u64 {
        let out = Command::new("df")
            .args(["--output=used", "-B1", self.0.to_str().unwrap()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    fn resize(&self, bytes: u64) {
        let ok = Command::new("mount")
            .args([
                "-o",
                &format!("remount,size={bytes}"),
                self.0.to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(ok.success(), "resizing the tmpfs to {bytes} bytes");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_a_full_disk_acknowledges_only_what_it_saved() {
    let disk = SmallDisk::mount();
    let db = TestDb::sqlite_in(disk.path());
    let again = db.again();
    let mut s = TestServer::on(db, |c| {
        c.demo = true;
        c.demo_story = false;
        c.health_min_free_mb = 1;
    })
    .await;
    let office = s.login("office", DEMO).await;
    assert_eq!(
        s.get("/api/health").send().await.unwrap().status(),
        StatusCode::OK
    );

    // Leave the database 1.5 MB to grow into, then write until it is full.
    disk.resize(disk.used() + 1536 * 1024);
    let mut writers = JoinSet::new();
    for w in 0..4 {
        let (url, office) = (s.url.clone(), office.clone());
        writers.spawn(async move {
            let client = reqwest::Client::new();
            let (mut saved, mut refused) = (Vec::new(), Vec::new());
            let mut refused_in_a_row = 0;
            for n in 0..3000 {
                let mut finding = fixtures::body(fixtures::finding(7, "窗口无人值守"));
                finding["description"] = Value::from(format!("写入者{w}的第{n}条：窗口无人值守"));
                let resp = office
                    .on(client.post(format!("{url}/api/findings")), true)
                    .json(&finding)
                    .send()
                    .await
                    .unwrap();
                let status = resp.status();
                if status == StatusCode::CREATED {
                    let body: Value = resp.json().await.unwrap();
                    saved.push(body["id"].as_i64().unwrap());
                    refused_in_a_row = 0;
                } else {
                    refused.push(status);
                    refused_in_a_row += 1;
                    if refused_in_a_row == 10 {
                        break;
                    }
                }
            }
            (saved, refused)
        });
    }
    let mut saved = Vec::new();
    let mut refused = Vec::new();
    for (s, r) in writers.join_all().await {
        saved.extend(s);
        refused.extend(r);
    }
    eprintln!(
        "acknowledged {} findings, refused {} writes on a full disk",
        saved.len(),
        refused.len()
    );
    assert!(saved.len() > 10, "some writes fit: {}", saved.len());
    assert!(!refused.is_empty(), "the disk filled up");
    assert!(
        refused
            .iter()
            .all(|s| *s == StatusCode::SERVICE_UNAVAILABLE),
        "a write that could not be saved answers 503: {refused:?}"
    );
    let health = s.get("/api/health").send().await.unwrap();
    assert_eq!(
        health.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "health says the database's disk is full"
    );
    assert!(health.headers().contains_key("retry-after"));

    // Space is freed: writes resume without a restart.
    disk.resize(64 * 1024 * 1024);
    let mut resumed = None;
    for _ in 0..20 {
        let finding = fixtures::body(fixtures::finding(7, "恢复之后"));
        let resp = send(&s, &office, Method::POST, "/api/findings", finding).await;
        if resp.status() == StatusCode::CREATED {
            let body: Value = resp.json().await.unwrap();
            resumed = body["id"].as_i64();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let resumed = resumed.expect("writes resume once there is space, without a restart");
    saved.push(resumed);
    assert_eq!(
        s.get("/api/health").send().await.unwrap().status(),
        StatusCode::OK
    );

    // After a restart every acknowledged finding is there, and the audit chain holds.
    s.stopped().await;
    let secret = s.state.config.secret_file.clone();
    let s2 = TestServer::on(again, move |c| {
        c.demo = true;
        c.demo_story = false;
        c.secret_file = secret;
    })
    .await;
    let office = s2.login("office", DEMO).await;
    let lost = s2.missing_findings(&office, &saved).await;
    assert!(
        lost.is_empty(),
        "acknowledged but lost: {lost:?} of {}",
        saved.len()
    );
    assert!(
        xiaoneng_server::audit::verify(&s2.state.store)
            .await
            .unwrap()
            .is_ok(),
        "the audit chain holds"
    );
    drop(s2);
    drop(s);
}
