//! Messages that leave the system (issue 17), on both engines, against
//! real peers the tests start: an SMTP server (aiosmtpd) and an HTTP
//! receiver for the webhook. E-mail arrives in the reader's language; the
//! webhook's JSON is signed; a server that dies after the commit loses
//! nothing; two servers deliver each message once; a message refused
//! every time is shown to the office, who can send it again.

mod common;

use std::time::Duration;

use common::mail::{Receiver, SmtpSink};
use common::{Engine, Session, TestServer, error_of, expect, fixtures, ok_json, send};
use hmac::{KeyInit, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xiaoneng_server::Config;

const DEMO: &str = "xiaoneng-demo";
const SECRET: &str = "a-shared-webhook-secret";
const PUBLIC: &str = "https://xiaoneng.example.gov.cn";

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Engine::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Engine::Postgres).await })*
        }
    };
}

on_both!(
    mail_and_webhook_reach_exactly_the_readers,
    nothing_is_lost_and_nothing_sent_twice,
    a_message_refused_every_time_is_shown_to_the_office,
    a_citizen_who_asked_is_told_and_nobody_else
);

/// The demo's people, channels set as `configure` says, deliveries retried after 1 s.
async fn server(engine: Engine, configure: impl FnOnce(&mut Config)) -> Option<TestServer> {
    TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        c.public_url = Some(PUBLIC.into());
        c.delivery_backoff_seconds = 1;
        configure(c);
    })
    .await
}

async fn settings(s: &TestServer, who: &Session, body: Value) -> reqwest::Response {
    send(s, who, Method::PUT, "/api/me/notification-settings", body).await
}

async fn reachable(s: &TestServer, who: &Session, email: &str, lang: &str) {
    expect(
        settings(s, who, json!({ "email": email, "lang": lang })).await,
        StatusCode::OK,
    )
    .await;
}

/// A finding of unit 7 (the liaison's), fed back due in 20 days.
async fn fed_back(s: &TestServer, office: &Session, title: &str) -> Value {
    let deadline = (chrono::Utc::now() + chrono::Duration::days(20)).date_naive();
    fixtures::fed_back(s, office, 7, title, deadline).await
}

fn verify(call: &common::mail::Call) -> Value {
    let header = |name: &str| call.headers[name].to_str().unwrap().to_owned();
    let timestamp = header("x-xiaoneng-timestamp");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(&call.body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(
        header("x-xiaoneng-signature"),
        expected,
        "the signature is the HMAC of the body"
    );
    let age = chrono::Utc::now().timestamp() - timestamp.parse::<i64>().unwrap();
    assert!((0..60).contains(&age), "a fresh timestamp: {age} s");
    serde_json::from_slice(&call.body).unwrap()
}

async fn mail_and_webhook_reach_exactly_the_readers(engine: Engine) {
    let sink = SmtpSink::start().await;
    let hook = Receiver::start().await;
    let (smtp, url) = (sink.url(), hook.url.clone());
    let Some(s) = server(engine, move |c| {
        c.smtp_url = Some(smtp);
        c.webhook_url = Some(url);
        c.webhook_secret = Some(SECRET.into());
    })
    .await
    else {
        return;
    };
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let liaison2 = s.login("liaison2", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    // Every other demo login has no address here: all mail is accounted for.
    for who in ["admin", "inspector2", "leader"] {
        let session = s.login(who, DEMO).await;
        expect(
            settings(&s, &session, json!({ "email": null })).await,
            StatusCode::OK,
        )
        .await;
    }

    // Bad settings are refused field by field and change nothing.
    let (status, error) = error_of(
        settings(
            &s,
            &liaison,
            json!({ "email": "not-an-address", "mobile": "12345",
            "preferences": [{ "kind": "fed_back", "delivery": "off" }] }),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["email", "mobile", "preferences[0]"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let kept = ok_json(liaison.on(s.get("/api/me/notification-settings"), false)).await;
    assert_eq!(
        kept["email"], "liaison@example.org",
        "the demo's address, unchanged"
    );

    // The liaison reads English, the office Chinese; everyone else has an address too.
    expect(
        settings(
            &s,
            &liaison,
            json!({ "email": "liaison@example.org", "mobile": "13800138000", "lang": "en" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    reachable(&s, &office, "office@example.org", "zh-CN").await;
    reachable(&s, &liaison2, "liaison2@example.org", "zh-CN").await;
    reachable(&s, &inspector, "inspector@example.org", "zh-CN").await;

    let f = fed_back(&s, &office, "窗口无人值守").await;
    let mails = sink.wait_for(1, 20).await;
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail["rcpt_tos"], json!(["liaison@example.org"]));
    assert_eq!(mail["subject"], "[Xiaoneng] Finding fed back: verify it");
    let code = f["code"].as_str().unwrap();
    let link = format!("{PUBLIC}/staff/findings/{}", f["id"]);
    for text in [&mail["text"], &mail["html"]] {
        let text = text.as_str().unwrap();
        assert!(text.contains(code) && text.contains(&link), "{text}");
        assert!(
            text.contains(f["verify_by"].as_str().unwrap()),
            "the deadline: {text}"
        );
    }

    // The webhook: one signed call, for the liaison, with their mobile.
    let calls = hook.wait_for(1, 20).await;
    assert_eq!(calls.len(), 1);
    let payload = verify(&calls[0]);
    assert_eq!(payload["kind"], "fed_back");
    assert_eq!(payload["recipient"]["username"], "liaison");
    assert_eq!(payload["recipient"]["mobile"], "13800138000");
    assert_eq!(payload["lang"], "en");
    assert_eq!(payload["link"], link);
    assert!(payload["text"].as_str().unwrap().starts_with("Finding "));

    // The unit's answer reaches the office, in Chinese.
    expect(
        send(
            &s,
            &liaison,
            Method::POST,
            &format!("/api/findings/{}/actions", f["id"]),
            json!({ "action": "report_verification", "comment": "情况属实，已约谈当事人。", "version": f["version"] }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mails = sink.wait_for(2, 20).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1]["rcpt_tos"], json!(["office@example.org"]));
    assert_eq!(mails[1]["subject"], "【效能】核实情况待认定");
    assert!(mails[1]["text"].as_str().unwrap().contains("请审核认定"));

    // A digest instead: nothing now, one message at the daily pass.
    expect(
        settings(
            &s,
            &liaison,
            json!({ "email": "liaison@example.org", "lang": "en",
            "preferences": [{ "kind": "fed_back", "delivery": "digest" }] }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    fed_back(&s, &office, "办事指南过期").await;
    fed_back(&s, &office, "咨询电话无人接听").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        sink.received().len(),
        2,
        "a digest reader is not mailed at once"
    );
    let today = xiaoneng_domain::beijing::day(chrono::Utc::now());
    let pass = xiaoneng_server::remind::pass(&s.state.store, &[3, 1], today, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(pass.digests, 1);
    let mails = sink.wait_for(3, 20).await;
    assert_eq!(mails.len(), 3);
    assert_eq!(mails[2]["rcpt_tos"], json!(["liaison@example.org"]));
    assert_eq!(
        mails[2]["subject"],
        "[Xiaoneng] Daily digest: 2 notifications"
    );
    // Nobody else was ever mailed or called: 4 webhook calls (the digest
    // reader's two are not sent by the webhook), each for the right person.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(sink.received().len(), 3);
    let calls = hook.calls.lock().unwrap().clone();
    let readers: Vec<String> = calls
        .iter()
        .map(|c| {
            verify(c)["recipient"]["username"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(readers, ["liaison", "office"], "{readers:?}");
}

async fn nothing_is_lost_and_nothing_sent_twice(engine: Engine) {
    let sink = SmtpSink::start().await;
    // First a server whose SMTP server is down: what it commits stays queued.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let Some(mut first) = server(engine, move |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{dead}"));
        c.delivery_attempts = 100;
    })
    .await
    else {
        return;
    };
    let office = first.login("office", DEMO).await;
    let liaison = first.login("liaison", DEMO).await;
    reachable(&first, &liaison, "liaison@example.org", "zh-CN").await;
    for i in 0..3 {
        fed_back(&first, &office, &format!("第{i}号问题：窗口无人")).await;
    }
    // Each attempt is recorded, none succeeds.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while first.scalar("SELECT COUNT(*) FROM outbox_attempts").await < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no attempt recorded"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        first
            .scalar("SELECT COUNT(*) FROM outbox_attempts WHERE ok")
            .await,
        0
    );
    // A worker claims the rows and dies holding them (its claim runs out in 2 s).
    let now = chrono::Utc::now();
    let held = first
        .state
        .store
        .claim_deliveries(
            now + chrono::Duration::seconds(5),
            now + chrono::Duration::seconds(2),
            100,
        )
        .await
        .unwrap();
    assert_eq!(held.len(), 3);
    first.stopped().await;
    assert!(sink.received().is_empty());

    // Two replicas over the same database, with the SMTP server up.
    let url = sink.url();
    let a = first
        .replica_with({
            let url = url.clone();
            move |c| {
                c.smtp_url = Some(url);
                c.public_url = Some(PUBLIC.into());
                c.delivery_backoff_seconds = 1;
            }
        })
        .await;
    let b = first
        .replica_with(move |c| {
            c.smtp_url = Some(url);
            c.public_url = Some(PUBLIC.into());
            c.delivery_backoff_seconds = 1;
        })
        .await;
    let office_a = a.login("office", DEMO).await;
    let office_b = b.login("office", DEMO).await;
    for i in 0..20 {
        let (s, who) = if i % 2 == 0 {
            (&a, &office_a)
        } else {
            (&b, &office_b)
        };
        fed_back(s, who, &format!("第{}号问题：电话无人接听", i + 3)).await;
    }
    let mails = sink.wait_for(23, 60).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = if mails.len() < 23 {
        mails
    } else {
        sink.received()
    };
    assert_eq!(mails.len(), 23, "every message once: {}", mails.len());
    let mut codes: Vec<String> = mails
        .iter()
        .map(|m| {
            let text = m["text"].as_str().unwrap();
            text.split("问题")
                .nth(1)
                .unwrap()
                .split('「')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 23, "no finding mailed twice");
    assert_eq!(
        a.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
            .await,
        23
    );
    assert_eq!(
        a.scalar("SELECT COUNT(*) FROM outbox_attempts WHERE ok")
            .await,
        23
    );
}

async fn a_message_refused_every_time_is_shown_to_the_office(engine: Engine) {
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    let smtp = sink.url();
    let Some(s) = server(engine, move |c| {
        c.smtp_url = Some(smtp);
        c.delivery_attempts = 2;
    })
    .await
    else {
        return;
    };
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    reachable(&s, &liaison, "liaison@example.org", "zh-CN").await;
    let f = fed_back(&s, &office, "窗口无人值守").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let failed = loop {
        let page = ok_json(office.on(s.get("/api/deliveries/failed"), false)).await;
        if page["items"].as_array().is_some_and(|i| !i.is_empty()) {
            break page["items"][0].clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "never given up");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(failed["attempts"], 2);
    assert_eq!(failed["code"], f["code"]);
    assert_eq!(failed["kind"], "fed_back");
    assert!(
        failed["last_error"].as_str().unwrap().contains("451"),
        "{failed}"
    );
    assert_eq!(
        s.scalar("SELECT COUNT(*) FROM outbox_attempts WHERE NOT ok")
            .await,
        2
    );
    // Only the office sees failed deliveries or sends one again.
    let resp = liaison
        .on(s.get("/api/deliveries/failed"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let path = format!("/api/deliveries/{}/retry", failed["id"]);
    let resp = send(&s, &liaison, Method::POST, &path, json!({})).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    sink.refuse(false);
    let resp = send(&s, &office, Method::POST, &path, json!({})).await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(sink.wait_for(1, 20).await.len(), 1);
    let resp = send(&s, &office, Method::POST, &path, json!({})).await;
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "a sent message is not retried"
    );
}

async fn a_citizen_who_asked_is_told_and_nobody_else(engine: Engine) {
    let sink = SmtpSink::start().await;
    let smtp = sink.url();
    let Some(s) = server(engine, move |c| c.smtp_url = Some(smtp)).await else {
        return;
    };
    let office = s.login("office", DEMO).await;
    // The office reads of reports in its inbox only here.
    expect(
        settings(&s, &office, json!({ "email": null })).await,
        StatusCode::OK,
    )
    .await;
    // Asking to be told needs an e-mail address.
    let resp = s
        .post("/api/public/reports")
        .json(&json!({ "what": "热电集团客服电话一直无人接听，拨打了十次", "contact": "139 5510 0000", "notify": true }))
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(resp).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["fields"]["contact"].is_string(), "{error}");
    let mut codes = Vec::new();
    for (contact, notify) in [("citizen@example.org", true), ("quiet@example.org", false)] {
        let receipt = expect(
            s.post("/api/public/reports")
                .json(&json!({ "what": "热电集团客服电话一直无人接听，拨打了十次", "contact": contact, "notify": notify }))
                .send()
                .await
                .unwrap(),
            StatusCode::CREATED,
        )
        .await;
        codes.push(receipt["code"].as_str().unwrap().to_owned());
    }
    let reports = ok_json(office.on(s.get("/api/reports"), false)).await;
    for r in reports["items"].as_array().unwrap() {
        let resp = send(
            &s,
            &office,
            Method::POST,
            &format!("/api/reports/{}/decline", r["id"]),
            json!({ "reason": "不属于效能监督范围，已转12345热线。", "version": r["version"] }),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let mails = sink.wait_for(1, 20).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mails = if mails.len() == 1 {
        sink.received()
    } else {
        mails
    };
    assert_eq!(mails.len(), 1, "only the citizen who asked: {mails:#?}");
    assert_eq!(mails[0]["rcpt_tos"], json!(["citizen@example.org"]));
    let text = mails[0]["text"].as_str().unwrap();
    assert!(
        text.contains(&codes[0]) && text.contains("不予受理") && text.contains("declined"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{PUBLIC}/report/status?code={}", codes[0])),
        "{text}"
    );
}
