//! What a hostile or careless client meets (issue 16, first part), on both
//! engines: dates far outside any record are refused with 422 instead of
//! overflowing the calendar; no answer of the API is kept by a cache;
//! a spreadsheet never runs what citizens and units wrote.

mod common;

use common::{TestServer, fixtures, refused, send};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    dates_outside_any_record_are_refused,
    no_cache_keeps_what_the_api_answers,
    an_export_never_runs_a_formula,
    postgresql_statements_have_a_time_limit,
    https_is_remembered_only_when_served_so,
    a_stalled_upload_does_not_hold_up_a_shutdown,
    a_unit_never_learns_who_inspected_covertly,
    contacts_are_erased_after_the_retention_period,
    connections_that_never_finish_do_not_block_service,
    work_past_its_bounds_is_shed_at_once,
    two_crossing_unit_moves_never_make_a_cycle
);

async fn dates_outside_any_record_are_refused(s: TestServer) {
    let office = s.login("office", DEMO).await;
    // This once overflowed the calendar and closed the connection unanswered.
    for from in ["%2B262142-12-31", "1999-12-31", "2101-01-01"] {
        let path = format!("/api/calendar/deadline?from={from}&working_days=1");
        let error = refused(office.on(s.get(&path), false).send().await.unwrap()).await;
        assert!(error["fields"]["from"].is_string(), "{from}: {error}");
    }
    let path = "/api/calendar/deadline?from=2100-12-01&working_days=5";
    let fine = office.on(s.get(path), false).send().await.unwrap();
    assert_eq!(fine.status(), StatusCode::OK, "the last year still counts");

    let day = json!({"working": false, "name": "节日"});
    let put = send(
        &s,
        &office,
        Method::PUT,
        "/api/calendar/days/+262142-01-01",
        day,
    )
    .await;
    assert!(refused(put).await["fields"]["day"].is_string());
    let delete = office
        .on(
            s.request(Method::DELETE, "/api/calendar/days/1000-01-01"),
            true,
        )
        .send()
        .await
        .unwrap();
    assert!(refused(delete).await["fields"]["day"].is_string());

    let mut far = fixtures::body(fixtures::finding(7, "很久以前"));
    far["observed_on"] = json!("1500-01-01");
    let error = refused(send(&s, &office, Method::POST, "/api/findings", far).await).await;
    assert!(error["fields"]["observed_on"].is_string(), "{error}");
    let mut far = fixtures::body(fixtures::round("远期轮次", &[7], None));
    far["ends_on"] = json!("+262142-12-31");
    let error = refused(send(&s, &office, Method::POST, "/api/rounds", far).await).await;
    assert!(error["fields"]["ends_on"].is_string(), "{error}");

    // A deadline set far ahead is refused too.
    let f = created(&s, &office, "截止日期过远").await;
    let step = json!({"action": "feed_back", "deadline": "+262142-12-31", "version": f["version"]});
    let path = format!("/api/findings/{}/actions", f["id"]);
    let error = refused(send(&s, &office, Method::POST, &path, step).await).await;
    assert!(error["fields"]["deadline"].is_string(), "{error}");
}

async fn created(s: &TestServer, office: &common::Session, title: &str) -> Value {
    let body = fixtures::body(fixtures::finding(7, title));
    let resp = send(s, office, Method::POST, "/api/findings", body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json::<Value>().await.unwrap()
}

async fn postgresql_statements_have_a_time_limit(s: TestServer) {
    let xiaoneng_server::db::Pool::Pg(pool) = s.state.store.pool() else {
        return; // SQLite runs in the process: nothing to wait on.
    };
    let limit: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(limit, xiaoneng_server::db::PG_STATEMENT_TIMEOUT);
}

async fn https_is_remembered_only_when_served_so(s: TestServer) {
    let plain = s.get("/api/health").send().await.unwrap();
    assert!(
        !plain
            .headers()
            .contains_key(header::STRICT_TRANSPORT_SECURITY),
        "a server on plain HTTP never asks for HTTPS"
    );
    let engine = s.engine();
    drop(s);
    let Some(s) = TestServer::start_with(engine, |c| {
        c.public_url = Some("https://xiaoneng.example.gov.cn".into());
    })
    .await
    else {
        return;
    };
    for path in ["/api/health", "/"] {
        let resp = s.get(path).send().await.unwrap();
        assert_eq!(
            resp.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000",
            "{path}"
        );
    }
}

async fn a_stalled_upload_does_not_hold_up_a_shutdown(s: TestServer) {
    use tokio::io::AsyncWriteExt;
    let engine = s.engine();
    drop(s);
    let Some(mut s) = TestServer::start_with(engine, |c| c.shutdown_seconds = 1).await else {
        return;
    };
    // A report that announces 100 KB and sends ten bytes, then nothing.
    let address = s.url.trim_start_matches("http://").to_owned();
    let mut stalled = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/public/reports HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"what\": \""
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let asked = std::time::Instant::now();
    tokio::time::timeout(std::time::Duration::from_secs(20), s.stopped())
        .await
        .expect("the server stops at its deadline, not when the upload ends");
    let took = asked.elapsed();
    assert!(
        took >= std::time::Duration::from_millis(900),
        "it waited for the request in flight first: {took:?}"
    );
    drop(stalled);
}

async fn no_cache_keeps_what_the_api_answers(s: TestServer) {
    let office = s.login("office", DEMO).await;
    for path in [
        "/api/findings",
        "/api/auth/me",
        "/api/public/bulletins",
        "/api/nowhere",
    ] {
        let resp = office.on(s.get(path), false).send().await.unwrap();
        assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
    // Evidence is read on shared office PCs: kept by no cache either.
    let f = created(&s, &office, "照片不留缓存").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR0123456789".to_vec();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(png).file_name("p.png"),
    );
    let path = format!("/api/findings/{}/evidence", f["id"]);
    let resp = office
        .on(s.post(&path), true)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let evidence: Value = resp.json().await.unwrap();
    let path = format!("/api/evidence/{}", evidence["id"]);
    let file = office.on(s.get(&path), false).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()[header::CACHE_CONTROL], "private, no-store");
}

async fn an_export_never_runs_a_formula(s: TestServer) {
    let office = s.login("office", DEMO).await;
    for title in [
        "=HYPERLINK(\"http://evil.example\",\"点此\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ] {
        created(&s, &office, title).await;
    }
    let resp = office
        .on(s.get("/api/exports/findings?format=csv"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let csv = String::from_utf8(resp.bytes().await.unwrap().to_vec()).unwrap();
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let titles: Vec<String> = rows
        .records()
        .map(|r| r.unwrap().get(5).unwrap().to_owned())
        .collect();
    for written in [
        "=HYPERLINK(\"http://evil.example\",\"点此\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ] {
        assert!(
            titles.contains(&format!("'{written}")),
            "{written} is kept as text: {titles:?}"
        );
    }
    assert!(
        titles.iter().all(|t| !t.starts_with(['=', '+', '-', '@'])),
        "no cell starts a formula: {titles:?}"
    );
}

async fn a_unit_never_learns_who_inspected_covertly(s: TestServer) {
    let inspector = s.login("inspector", DEMO).await;
    let office = s.login("office", DEMO).await;
    let name = "林国栋";
    let finding = fixtures::body(fixtures::finding(7, "窗口无人值守"));
    let f = common::expect(
        send(&s, &inspector, Method::POST, "/api/findings", finding).await,
        StatusCode::CREATED,
    )
    .await;
    let step = json!({"action": "feed_back", "deadline": "2100-01-01", "comment": "请核实并说明", "version": f["version"]});
    let path = format!("/api/findings/{}/actions", f["id"]);
    common::expect(
        send(&s, &office, Method::POST, &path, step).await,
        StatusCode::OK,
    )
    .await;

    let path = format!("/api/findings/{}", f["id"]);
    let seen = office.on(s.get(&path), false).send().await.unwrap();
    assert!(
        seen.text().await.unwrap().contains(name),
        "the office sees who inspected"
    );
    let liaison = s.login("liaison", DEMO).await;
    let resp = liaison.on(s.get(&path), false).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    assert!(
        !text.contains(name),
        "the unit reads the covert inspector: {text}"
    );
    let detail: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(detail["recorded_by"], 0);
    let timeline = detail["timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["actor_name"], "效能办");
    // What the office wrote to the unit at feed-back, it reads.
    assert!(text.contains("请核实并说明"), "{text}");
}

async fn contacts_are_erased_after_the_retention_period(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let report = json!({
        "unit_id": 7, "what": "窗口无人值守,等了半小时", "place": "市房产局政务服务大厅",
        "happened_on": "2026-11-23", "contact": "138 0000 0000",
    });
    for _ in 0..2 {
        let resp = s
            .post("/api/public/reports")
            .json(&report)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let list = common::ok_json(office.on(s.get("/api/reports"), false)).await;
    let old = &list["items"][0];
    let step = json!({"reason": "不属于效能问题", "version": old["version"]});
    let path = format!("/api/reports/{}/decline", old["id"]);
    common::expect(
        send(&s, &office, Method::POST, &path, step).await,
        StatusCode::OK,
    )
    .await;
    // Declined long ago; the other is still open.
    s.raw_sql(&format!(
        "UPDATE reports SET updated_at = '2020-01-01T00:00:00Z' WHERE id = {}",
        old["id"]
    ))
    .await;
    xiaoneng_server::sweep(&s.state, chrono::Utc::now()).await;
    let list = common::ok_json(office.on(s.get("/api/reports"), false)).await;
    let contact_of = |id: &Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == *id)
            .unwrap()["contact"]
            .clone()
    };
    assert_eq!(contact_of(&old["id"]), Value::Null, "erased after a year");
    let open = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] != old["id"])
        .unwrap();
    assert_eq!(open["contact"], "138 0000 0000", "an open report keeps it");
    let audit = s.state.store.recent_audit(5).await.unwrap();
    assert_eq!(audit[0].0, "erase_contacts", "{audit:?}");
    // A second sweep erases nothing more and audits nothing.
    xiaoneng_server::sweep(&s.state, chrono::Utc::now()).await;
    let again = s.state.store.recent_audit(1).await.unwrap();
    assert_eq!(again[0], audit[0]);
}

/// Opens a connection and sends part of a request head, then nothing.
async fn stalled_connection(address: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!("GET /api/health HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

async fn connections_that_never_finish_do_not_block_service(s: TestServer) {
    use tokio::io::AsyncReadExt;
    let engine = s.engine();
    drop(s);
    let s = TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        c.max_connections = 32;
        c.header_timeout_seconds = 1;
    })
    .await
    .unwrap();
    let address = s.url.trim_start_matches("http://").to_owned();
    // Three times as many as the server serves at once.
    let mut stalled = Vec::new();
    for _ in 0..96 {
        stalled.push(stalled_connection(&address).await);
    }
    let asked = std::time::Instant::now();
    let resp = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        s.get("/api/health").send(),
    )
    .await
    .expect("a real client is served once the stalled ones are cut off")
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    eprintln!(
        "served after {:?} behind 96 stalled connections",
        asked.elapsed()
    );
    // The server closed the first stalled connection.
    let mut buf = [0u8; 256];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), stalled[0].read(&mut buf))
        .await
        .expect("the server ends a connection that never finishes its head");
    assert!(
        matches!(read, Ok(0) | Err(_)) || buf.starts_with(b"HTTP/1.1 408"),
        "{read:?}"
    );
}

async fn work_past_its_bounds_is_shed_at_once(s: TestServer) {
    use tokio::io::AsyncWriteExt;
    let engine = s.engine();
    drop(s);
    let s = TestServer::start_with(engine, |c| {
        c.demo = true;
        c.demo_story = false;
        c.max_uploads = 1;
        c.upload_timeout_seconds = 2;
    })
    .await
    .unwrap();
    // One upload in progress, stalled mid-body.
    let address = s.url.trim_start_matches("http://").to_owned();
    let mut first = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/public/reports HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: 100000\r\n\r\n--xx\r\n"
    );
    first.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // A second upload is refused at once, told when to come back.
    let form = reqwest::multipart::Form::new().text("report", "{}");
    let asked = std::time::Instant::now();
    let resp = s
        .post("/api/public/reports")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(asked.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(resp.headers().contains_key(header::RETRY_AFTER));
    // Other requests go on.
    assert_eq!(
        s.get("/api/health").send().await.unwrap().status(),
        StatusCode::OK
    );
    // The stalled upload runs out of time and frees its place.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let form = reqwest::multipart::Form::new().text("report", "{}");
    let resp = s
        .post("/api/public/reports")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_ne!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    drop(first);
}

async fn two_crossing_unit_moves_never_make_a_cycle(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    for round in 0..6 {
        let unit = |name: String| json!({"parent_id": null, "name": name, "kind": "office"});
        let a = common::expect(
            send(
                &s,
                &admin,
                Method::POST,
                "/api/units",
                unit(format!("甲单位{round}")),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let b = common::expect(
            send(
                &s,
                &admin,
                Method::POST,
                "/api/units",
                unit(format!("乙单位{round}")),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        // A below B and B below A, at the same moment: each alone is fine.
        let under = |me: &Value, parent: &Value| {
            let body = json!({
                "parent_id": parent["id"], "name": me["name"], "kind": "office",
                "active": true, "version": me["version"],
            });
            admin
                .on(
                    s.request(Method::PUT, &format!("/api/units/{}", me["id"])),
                    true,
                )
                .json(&body)
                .send()
        };
        let (first, second) = tokio::join!(under(&a, &b), under(&b, &a));
        let statuses = [first.unwrap().status(), second.unwrap().status()];
        assert_eq!(
            statuses.iter().filter(|s| **s == StatusCode::OK).count(),
            1,
            "one move wins, the other is refused: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| [
                StatusCode::OK,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY
            ]
            .contains(s)),
            "{statuses:?}"
        );
    }
    // Every tree query still ends.
    let tree = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        admin.on(s.get("/api/units"), false).send(),
    )
    .await
    .expect("the unit tree answers")
    .unwrap();
    assert_eq!(tree.status(), StatusCode::OK);
}
