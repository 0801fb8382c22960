//! Backups and the audit anchor (issue 16), on both engines: a backup taken
//! during concurrent writes restores into a fresh database with every write
//! acknowledged before it began, and its audit chain intact; an anchor kept
//! outside the database catches a chain rewritten even by someone holding
//! the key, and a tail cut off.

mod common;

use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{TestDb, TestServer, fixtures};
use reqwest::StatusCode;
use serde_json::Value;
use xiaoneng_server::audit::{Break, parse_anchors, verify, verify_anchored};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_backup_during_writes_restores_every_acknowledged_write,
    an_anchor_catches_a_rewritten_chain_and_a_cut_tail
);

/// Runs the `xiaoneng` binary over `url` with the server's secret.
async fn xiaoneng(s: &TestServer, url: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xiaoneng"));
    command
        .args(args)
        .env("DATABASE_URL", url)
        .env("XIAONENG_SECRET_FILE", &s.state.config.secret_file);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

async fn a_backup_during_writes_restores_every_acknowledged_write(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..4 {
        let (url, office) = (s.url.clone(), office.clone());
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        writers.spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let finding = fixtures::body(fixtures::finding(7, &format!("写入者{w}第{n}条")));
                let resp = office
                    .on(client.post(format!("{url}/api/findings")), true)
                    .json(&finding)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), StatusCode::CREATED);
                let body: Value = resp.json().await.unwrap();
                acknowledged
                    .lock()
                    .unwrap()
                    .push(body["id"].as_i64().unwrap());
            }
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xiaoneng.backup");
    let out = xiaoneng(&s, &s.db.url, &["backup", "--to", file.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", said(&out));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    writers.join_all().await;
    let total = acknowledged.lock().unwrap().len();
    eprintln!(
        "{} findings acknowledged before the backup began, {total} in all",
        before.len()
    );
    assert!(
        !before.is_empty() && total > before.len(),
        "writes went on around the backup"
    );

    // A backup never overwrites.
    let again = xiaoneng(&s, &s.db.url, &["backup", "--to", file.to_str().unwrap()]).await;
    assert!(!again.status.success());

    let fresh = TestDb::new(s.engine()).await.unwrap();
    let out = xiaoneng(
        &s,
        &fresh.url,
        &["restore", "--from", file.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("audit log intact"), "{}", said(&out));
    // Only into an empty database.
    let out = xiaoneng(
        &s,
        &fresh.url,
        &["restore", "--from", file.to_str().unwrap()],
    )
    .await;
    assert!(!out.status.success());
    assert!(said(&out).contains("not empty"), "{}", said(&out));

    let secret = s.state.config.secret_file.clone();
    let restored = TestServer::on(fresh, move |c| {
        c.demo = true;
        c.demo_story = false;
        c.secret_file = secret;
    })
    .await;
    let office = restored.login("office", DEMO).await;
    let missing = restored.missing_findings(&office, &before).await;
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing: {missing:?}"
    );
    assert!(verify(&restored.state.store).await.unwrap().is_ok());
}

async fn an_anchor_catches_a_rewritten_chain_and_a_cut_tail(s: TestServer) {
    let office = s.login("office", DEMO).await;
    for n in 0..3 {
        let finding = fixtures::body(fixtures::finding(7, &format!("锚定前{n}")));
        common::send(&s, &office, reqwest::Method::POST, "/api/findings", finding).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let anchors = dir.path().join("anchors.txt");
    let out = xiaoneng(
        &s,
        &s.db.url,
        &["audit-anchor", "--append", anchors.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success(), "{}", said(&out));
    let text = std::fs::read_to_string(&anchors).unwrap();
    let anchored = parse_anchors(&text).unwrap();
    assert_eq!(anchored.len(), 1);
    let (head, _) = s.state.store.audit_head().await.unwrap();
    assert_eq!(anchored[0].seq, head);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        text.trim(),
        "it prints what it appends"
    );
    // More work after the anchor is fine.
    let finding = fixtures::body(fixtures::finding(7, "锚定后"));
    common::send(&s, &office, reqwest::Method::POST, "/api/findings", finding).await;
    assert!(
        verify_anchored(&s.state.store, &anchored)
            .await
            .unwrap()
            .is_ok()
    );

    // Someone holding the key rewrites an anchored entry and every hash
    // after it: the chain holds by itself, but not against the anchor.
    let key = *s.state.store.audit_key();
    let page = s.state.store.audit_page(0, 100_000).await.unwrap();
    let target = anchored[0].seq - 1;
    let mut prev = page[(target - 2) as usize].hash.clone();
    for mut record in page.into_iter().skip((target - 1) as usize) {
        if record.id == target {
            record.detail = r#"{"rewritten":true}"#.into();
        }
        record.prev_hash = prev;
        record.hash = record.expected_hash(&key);
        s.raw_sql(&format!(
            "UPDATE audit_log SET detail = '{}', prev_hash = '{}', hash = '{}' WHERE id = {}",
            record.detail.replace('\'', "''"),
            record.prev_hash,
            record.hash,
            record.id
        ))
        .await;
        prev = record.hash;
    }
    s.raw_sql(&format!(
        "UPDATE audit_head SET hash = '{prev}' WHERE id = 1"
    ))
    .await;
    assert!(
        verify(&s.state.store).await.unwrap().is_ok(),
        "the key holder's chain holds"
    );
    assert_eq!(
        verify_anchored(&s.state.store, &anchored).await.unwrap(),
        Err(Break::Rewritten {
            seq: anchored[0].seq
        })
    );
    let out = xiaoneng(
        &s,
        &s.db.url,
        &["audit-verify", "--anchor", anchors.to_str().unwrap()],
    )
    .await;
    assert!(!out.status.success());
    assert!(said(&out).contains("rewritten"), "{}", said(&out));

    // The tail cut off at the anchor, the head moved back to match.
    let (head, _) = s.state.store.audit_head().await.unwrap();
    let keep = anchored[0].seq - 2;
    let page = s.state.store.audit_page(keep - 1, 1).await.unwrap();
    s.raw_sql(&format!("DELETE FROM audit_log WHERE id > {keep}"))
        .await;
    s.raw_sql(&format!(
        "UPDATE audit_head SET seq = {keep}, hash = '{}' WHERE id = 1",
        page[0].hash
    ))
    .await;
    assert!(head > keep);
    assert!(
        verify(&s.state.store).await.unwrap().is_ok(),
        "a cut chain holds by itself"
    );
    assert_eq!(
        verify_anchored(&s.state.store, &anchored).await.unwrap(),
        Err(Break::Cut {
            anchored: anchored[0].seq,
            last_id: keep
        })
    );
}
