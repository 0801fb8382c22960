//! Checklists, rounds, batches, visits and inspections over HTTP on both
//! engines — and that no plan ever reaches the unit it concerns.

mod common;

use common::{
    Session, TestServer, error_of, expect, expect_error, expect_status, fixtures, ok_json, refused,
    send,
};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";
/// 市房产局, the demo liaison's unit; 合肥热电集团 is 12.
const UNIT: i64 = 7;

both_engines!(
    checklists_keep_the_version_an_inspection_used,
    an_inspection_records_a_finding_per_failed_item,
    plans_never_reach_the_unit,
    plans_refuse_what_does_not_fit,
    units_run_their_own_rounds_inside_their_tree,
    a_mutual_inspector_reads_the_unit_they_inspect,
    visits_list_by_round_batch_and_unit,
    a_photo_sent_again_is_stored_once
);

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(0u8..100);
    bytes
}

/// The ids of a page's items, in order.
fn ids(page: &Value) -> Vec<Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect()
}

async fn created(resp: reqwest::Response) -> Value {
    expect(resp, StatusCode::CREATED).await
}

async fn ok(resp: reqwest::Response) -> Value {
    expect(resp, StatusCode::OK).await
}

fn checklist() -> Value {
    fixtures::body(fixtures::checklist())
}

/// A round on unit 7 and 12, a batch, and an unannounced visit to unit 7 by `inspector`.
async fn plan(
    s: &TestServer,
    office: &Session,
    inspector: &Session,
) -> (Value, Value, Value, Value) {
    let p = fixtures::office_plan(s, office, inspector, UNIT).await;
    (p.checklist, p.round, p.batch, p.visit)
}

async fn save(
    s: &TestServer,
    who: &Session,
    visit: &Value,
    answers: Value,
    version: &Value,
) -> reqwest::Response {
    send(
        s,
        who,
        Method::PUT,
        &format!("/api/visits/{}/inspection", visit["id"]),
        json!({"answers": answers, "notes": "上午十时到达", "version": version}),
    )
    .await
}

/// Uploads a photo of `item` (a small PNG) with the form's other `fields`.
async fn upload(
    s: &TestServer,
    who: &Session,
    visit: &Value,
    item: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let form = fields
        .iter()
        .fold(Form::new().text("item", item.to_owned()), |form, (k, v)| {
            form.text(k.to_string(), v.to_string())
        })
        .part("file", Part::bytes(png()).file_name("现场.png"));
    who.on(
        s.post(&format!("/api/visits/{}/inspection/photos", visit["id"])),
        true,
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

async fn photo(s: &TestServer, who: &Session, visit: &Value, item: &str) -> reqwest::Response {
    upload(s, who, visit, item, &[]).await
}

/// A photo upload as a phone sends it: with its own id and when it was taken.
async fn photo_from_phone(
    s: &TestServer,
    who: &Session,
    visit: &Value,
    client_id: &str,
    taken_at: &str,
) -> reqwest::Response {
    upload(
        s,
        who,
        visit,
        "presence",
        &[("client_id", client_id), ("taken_at", taken_at)],
    )
    .await
}

async fn a_photo_sent_again_is_stored_once(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (_, _, _, visit) = plan(&s, &office, &inspector).await;
    ok(save(&s, &inspector, &visit, json!([]), &json!(0)).await).await;
    let id = "7f3c2a1e-5b6d-4c8e-9a0b-1d2e3f4a5b6c";

    let first =
        created(photo_from_phone(&s, &inspector, &visit, id, "2026-12-01T10:30:00+08:00").await)
            .await;
    assert_eq!(first["taken_at"], "2026-12-01T02:30:00Z");
    // The answer was lost; the phone sends it again, four times at once.
    let send = || photo_from_phone(&s, &inspector, &visit, id, "2026-12-01T10:30:00+08:00");
    let (a, b, c, d) = tokio::join!(send(), send(), send(), send());
    for resp in [a, b, c, d] {
        let kept = expect(resp, StatusCode::OK).await;
        assert_eq!(kept["id"], first["id"]);
    }
    // Another photo is another photo.
    let second = created(
        photo_from_phone(
            &s,
            &inspector,
            &visit,
            "second-photo",
            "2026-12-01T02:31:00Z",
        )
        .await,
    )
    .await;
    assert_ne!(second["id"], first["id"]);
    let inspection = ok(inspector
        .on(
            s.get(&format!("/api/visits/{}/inspection", visit["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        inspection["photos"].as_array().unwrap().len(),
        2,
        "{inspection}"
    );

    // Hostile or broken ids and times are refused, naming the field, and store nothing.
    for (client_id, taken_at, field) in [
        ("../../etc/passwd", "2026-12-01T02:30:00Z", "client_id"),
        (&"x".repeat(65)[..], "2026-12-01T02:30:00Z", "client_id"),
        ("good-id", "yesterday", "taken_at"),
        ("good-id", "2999-01-01T00:00:00Z", "taken_at"),
    ] {
        let (status, error) =
            error_of(photo_from_phone(&s, &inspector, &visit, client_id, taken_at).await).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{client_id} {taken_at}"
        );
        assert!(error["fields"][field].is_string(), "{error}");
    }
    let inspection = ok(inspector
        .on(
            s.get(&format!("/api/visits/{}/inspection", visit["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(inspection["photos"].as_array().unwrap().len(), 2);
}

async fn checklists_keep_the_version_an_inspection_used(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (list, _, _, visit) = plan(&s, &office, &inspector).await;
    assert_eq!(
        (list["number"].as_i64(), list["in_use"].as_bool()),
        (Some(1), Some(false))
    );

    // Not used yet: saved in place.
    let mut edit = checklist();
    edit["name"] = "窗口单位暗访检查表(修订)".into();
    edit["version"] = list["version"].clone();
    let saved = ok(send(
        &s,
        &office,
        Method::PUT,
        &format!("/api/checklists/{}", list["id"]),
        edit.clone(),
    )
    .await)
    .await;
    assert_eq!(
        (saved["id"].clone(), saved["number"].as_i64()),
        (list["id"].clone(), Some(1))
    );

    // A stale editor is refused.
    expect_error(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/checklists/{}", list["id"]),
            edit,
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // An inspection uses it: the next save makes version 2, and the old one stays as it was.
    ok(save(
        &s,
        &inspector,
        &visit,
        json!([{"item": "ab-post", "outcome": "pass"}]),
        &json!(0),
    )
    .await)
    .await;
    let mut edit = checklist();
    edit["items"][2]["text"] = "AB岗设置到位,B岗人员知晓职责".into();
    edit["version"] = saved["version"].clone();
    let resp = send(
        &s,
        &office,
        Method::PUT,
        &format!("/api/checklists/{}", list["id"]),
        edit.clone(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let v2: Value = resp.json().await.unwrap();
    assert_eq!(
        (v2["number"].as_i64(), v2["latest"].as_bool()),
        (Some(2), Some(true))
    );
    assert_ne!(v2["id"], list["id"]);
    let v1 = ok(office
        .on(s.get(&format!("/api/checklists/{}", list["id"])), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        (v1["in_use"].as_bool(), v1["latest"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(v1["items"][2]["text"], "AB岗设置到位");
    let inspection = ok(inspector
        .on(
            s.get(&format!("/api/visits/{}/inspection", visit["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        inspection["checklist"]["id"], list["id"],
        "the inspection keeps its version"
    );

    // Only the newest version can be edited; both versions are listed for comparison.
    expect_status(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/checklists/{}", list["id"]),
            edit,
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    let versions = ok(office
        .on(
            s.get(&format!("/api/checklists/{}/versions", v2["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    let latest = ok(inspector
        .on(s.get("/api/checklists"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(latest[0]["id"], v2["id"]);

    // New visits take the active version: still 1 until the office activates 2.
    assert_eq!(
        (v1["active"].as_bool(), v2["active"].as_bool()),
        (Some(true), Some(false))
    );
    let active = ok(office
        .on(s.get("/api/checklists?active=true"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(active[0]["id"], list["id"]);
    let batch_id = visit["batch_id"].clone();
    let next_visit = |checklist: &Value| {
        json!({
            "batch_id": batch_id, "unit_id": 12, "planned_on": "2026-11-27", "mode": "open",
            "inspector_ids": [inspector.me["id"]], "checklist_id": checklist,
        })
    };
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/visits",
            next_visit(&v2["id"]),
        )
        .await,
    )
    .await;
    assert_eq!(
        error["fields"]["checklist_id"],
        "此版本未启用，新的检查只能用启用中的版本"
    );
    let activate = |id: &Value, template_version: &Value| {
        let (path, body) = (
            format!("/api/checklists/{id}/activate"),
            json!({ "template_version": template_version }),
        );
        let (s, office) = (&s, &office);
        async move { send(s, office, Method::POST, &path, body).await }
    };
    let now = ok(activate(&v2["id"], &v2["template_version"]).await).await;
    assert_eq!(now["active"].as_bool(), Some(true));
    expect_status(
        activate(&list["id"], &v2["template_version"]).await,
        StatusCode::CONFLICT,
        "a stale activation changes nothing",
    )
    .await;
    created(
        send(
            &s,
            &office,
            Method::POST,
            "/api/visits",
            next_visit(&v2["id"]),
        )
        .await,
    )
    .await;
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/visits",
            next_visit(&list["id"]),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["checklist_id"].is_string(), "{error}");
    expect_status(
        send(
            &s,
            &inspector,
            Method::POST,
            &format!("/api/checklists/{}/activate", list["id"]),
            json!({ "template_version": now["template_version"] }),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;

    // Bad templates name the field.
    let mut bad = checklist();
    bad["items"][1]["key"] = "notice-board".into();
    bad["items"][0]["weight"] = 0.into();
    let error = refused(send(&s, &office, Method::POST, "/api/checklists", bad).await).await;
    assert!(error["fields"]["items[1].key"].is_string(), "{error}");
    assert!(error["fields"]["items[0].weight"].is_string(), "{error}");
    expect_status(
        send(&s, &inspector, Method::POST, "/api/checklists", checklist()).await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
}

async fn an_inspection_records_a_finding_per_failed_item(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (_, round, _, visit) = plan(&s, &office, &inspector).await;
    let path = format!("/api/visits/{}/inspection", visit["id"]);

    // A photo needs a saved draft first.
    expect_status(
        photo(&s, &inspector, &visit, "presence").await,
        StatusCode::CONFLICT,
        "",
    )
    .await;

    let answers = json!([
        {"item": "notice-board", "outcome": "fail", "note": ""},
        {"item": "presence", "outcome": "fail"},
    ]);
    let draft = ok(save(&s, &inspector, &visit, answers, &json!(0)).await).await;
    assert_eq!(
        (draft["state"].as_str(), draft["version"].as_i64()),
        (Some("draft"), Some(1))
    );
    let seen = ok(office
        .on(s.get(&format!("/api/visits/{}", visit["id"])), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(seen["status"], "in_progress");

    // Submitting says, per item, what is missing.
    let error = refused(
        send(
            &s,
            &inspector,
            Method::POST,
            &format!("{path}/submit"),
            json!({"version": 1}),
        )
        .await,
    )
    .await;
    assert!(
        error["fields"]["answers.notice-board"].is_string(),
        "{error}"
    );
    assert!(error["fields"]["answers.presence"].is_string(), "{error}");
    assert!(error["fields"]["answers.ab-post"].is_string(), "{error}");

    let (status, error) = error_of(photo(&s, &inspector, &visit, "no-such-item").await).await;
    assert_eq!(
        (status, error["fields"]["item"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let taken = created(photo(&s, &inspector, &visit, "presence").await).await;
    assert_eq!(taken["content_type"], "image/png");
    let answers = json!([
        {"item": "notice-board", "outcome": "fail", "note": "告示牌写“外出办事”,本人在休息室"},
        {"item": "presence", "outcome": "fail", "note": "工作人员在用手机看视频"},
        {"item": "ab-post", "outcome": "pass"},
    ]);
    // A stale draft is refused; the current one saves.
    expect_status(
        save(&s, &inspector, &visit, answers.clone(), &json!(0)).await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    ok(save(&s, &inspector, &visit, answers, &json!(1)).await).await;
    let done = ok(send(
        &s,
        &inspector,
        Method::POST,
        &format!("{path}/submit"),
        json!({"version": 2}),
    )
    .await)
    .await;
    assert_eq!(done["state"], "submitted");
    let findings = done["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "one finding per failed item: {done}");

    // The findings are the inspector's, from the inspection, with the photo as evidence.
    let presence = findings.iter().find(|f| f["item"] == "presence").unwrap();
    let finding = ok(inspector
        .on(s.get(&format!("/api/findings/{}", presence["id"])), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        (
            finding["source"].as_str(),
            finding["unit_id"].as_i64(),
            finding["state"].as_str()
        ),
        (Some("inspection"), Some(UNIT), Some("recorded"))
    );
    assert_eq!(finding["dimension"], "work_discipline");
    assert_eq!(finding["evidence"].as_array().map(Vec::len), Some(1));
    assert_eq!(finding["evidence"][0]["sha256"], taken["sha256"]);

    // The office lists a round's findings; another round has none of them.
    let of_round = |round: String| {
        let (s, office) = (&s, &office);
        async move {
            let page = ok(office
                .on(s.get(&format!("/api/findings?round={round}")), false)
                .send()
                .await
                .unwrap())
            .await;
            let mut ids: Vec<i64> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_i64().unwrap())
                .collect();
            ids.sort();
            ids
        }
    };
    let mut made: Vec<i64> = findings.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    made.sort();
    assert_eq!(of_round(round["id"].to_string()).await, made);
    assert_eq!(
        of_round((round["id"].as_i64().unwrap() + 1).to_string()).await,
        Vec::<i64>::new()
    );

    // Submitted once: no more saving, photos or submitting.
    expect_error(
        send(
            &s,
            &inspector,
            Method::POST,
            &format!("{path}/submit"),
            json!({"version": 3}),
        )
        .await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;
    expect_status(
        save(&s, &inspector, &visit, json!([]), &json!(3)).await,
        StatusCode::CONFLICT,
        "",
    )
    .await;

    // The round counts the unit as visited.
    let round = ok(office
        .on(s.get(&format!("/api/rounds/{}", round["id"])), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(round["coverage"], json!({"targeted": 2, "visited": 1}));
    assert_eq!(round["unvisited"], json!([12]));

    // Every step is in the audit log.
    let actions: Vec<(String, String, Option<i64>)> = s.state.store.recent_audit(6).await.unwrap();
    assert!(
        actions
            .iter()
            .any(|(a, e, _)| a == "submit" && e == "inspection"),
        "{actions:?}"
    );
    assert_eq!(
        actions
            .iter()
            .filter(|(a, e, _)| a == "create" && e == "finding")
            .count(),
        2
    );
}

async fn plans_never_reach_the_unit(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (list, round, batch, visit) = plan(&s, &office, &inspector).await;
    let liaison = s.login("liaison", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let admin = s.login("admin", DEMO).await;
    let other = s.login("inspector2", DEMO).await;

    let reads = [
        "/api/rounds".to_owned(),
        format!("/api/rounds/{}", round["id"]),
        format!("/api/rounds/{}/batches", round["id"]),
        format!("/api/inspectors?round={}", round["id"]),
        "/api/visits".to_owned(),
        format!("/api/visits/{}", visit["id"]),
        format!("/api/visits/{}/inspection", visit["id"]),
        // An id that does not exist answers exactly like one that does.
        "/api/visits/999999".to_owned(),
        "/api/rounds/999999".to_owned(),
    ];
    for who in [&leader, &admin] {
        for path in &reads {
            expect_error(
                who.on(s.get(path), false).send().await.unwrap(),
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
        }
    }
    // The unit's liaison plans its own rounds, so the lists answer — without
    // the office's — and the office's records answer as if they did not exist.
    for path in &reads {
        let resp = liaison.on(s.get(path), false).send().await.unwrap();
        if path == "/api/rounds" || path == "/api/visits" {
            let page = ok(resp).await;
            assert_eq!(page["items"], json!([]), "{path}");
        } else {
            expect_error(resp, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    // Nor can a liaison plan into the office's batch: it is no batch to them.
    let error = refused(send(&s, &liaison, Method::POST, "/api/visits", json!({
        "batch_id": batch["id"], "unit_id": UNIT, "planned_on": "2026-11-26", "mode": "open",
        "inspector_ids": [liaison.me["id"]], "checklist_id": list["id"],
    })).await).await;
    assert_eq!(error["fields"]["batch_id"], "所选内容不存在");

    // Another inspector: the visit does not exist for them, and is not in their list.
    expect_status(
        other
            .on(s.get(&format!("/api/visits/{}", visit["id"])), false)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    expect_status(
        save(&s, &other, &visit, json!([]), &json!(0)).await,
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    let theirs = ok(other.on(s.get("/api/visits"), false).send().await.unwrap()).await;
    assert_eq!(theirs["items"], json!([]));
    let mine = ok(inspector
        .on(s.get("/api/visits"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(mine["items"][0]["id"], visit["id"]);
    assert_eq!(mine["items"][0]["mode"], "unannounced");

    // After the visit, the unit sees the findings fed back to it — and nothing of the visit.
    ok(save(
        &s,
        &inspector,
        &visit,
        json!([
            {"item": "notice-board", "outcome": "fail", "note": "告示牌与实际不符"},
            {"item": "presence", "outcome": "pass"},
            {"item": "ab-post", "outcome": "pass"},
        ]),
        &json!(0),
    )
    .await)
    .await;
    let done = ok(send(
        &s,
        &inspector,
        Method::POST,
        &format!("/api/visits/{}/inspection/submit", visit["id"]),
        json!({"version": 1}),
    )
    .await)
    .await;
    // Made: no longer among the visits still to make, still among all.
    let open = ok(inspector
        .on(s.get("/api/visits?open=true"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert!(
        open["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["id"] != visit["id"]),
        "a submitted visit is not open: {open}"
    );
    let all = ok(inspector
        .on(s.get("/api/visits"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(all["items"][0]["id"], visit["id"]);
    assert_eq!(all["items"][0]["status"], "done");
    let id = done["findings"][0]["id"].clone();
    let f = ok(office
        .on(s.get(&format!("/api/findings/{id}")), false)
        .send()
        .await
        .unwrap())
    .await;
    // Titled by what failed, read as a problem.
    assert!(
        f["title"].as_str().unwrap().starts_with("不符合："),
        "{}",
        f["title"]
    );
    ok(send(
        &s,
        &office,
        Method::POST,
        &format!("/api/findings/{id}/actions"),
        json!({"action": "feed_back", "deadline": "2100-01-01", "version": f["version"]}),
    )
    .await)
    .await;
    for path in [format!("/api/findings/{id}"), "/api/findings".to_owned()] {
        let text = liaison
            .on(s.get(&path), false)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            text.contains("告示牌与实际不符"),
            "the liaison sees the finding: {text}"
        );
        for secret in [
            "unannounced",
            "visit",
            "round",
            "batch",
            "全覆盖",
            "第四批",
            "checklist",
        ] {
            assert!(
                !text.contains(secret),
                "{secret:?} leaks to the unit through {path}: {text}"
            );
        }
    }
}

async fn plans_refuse_what_does_not_fit(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (list, round, batch, visit) = plan(&s, &office, &inspector).await;

    let error = refused(send(&s, &office, Method::POST, "/api/rounds", json!({
        "name": "", "starts_on": "2026-12-31", "ends_on": "2026-12-01", "unit_ids": [UNIT, 999999],
    })).await).await;
    for field in ["name", "ends_on", "unit_ids"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let (status, error) = error_of(
        send(
            &s,
            &office,
            Method::POST,
            &format!("/api/rounds/{}/batches", round["id"]),
            json!({
                "name": "第五批", "starts_on": "2026-11-30", "ends_on": "2026-12-06",
            }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["ends_on"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/visits",
            json!({
                "batch_id": batch["id"], "unit_id": 1, "planned_on": "2026-11-20", "mode": "open",
                "inspector_ids": [office.me["id"]], "checklist_id": list["id"],
            }),
        )
        .await,
    )
    .await;
    for field in ["unit_id", "planned_on", "inspector_ids"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let (status, error) = error_of(send(&s, &office, Method::POST, "/api/visits", json!({
        "batch_id": batch["id"], "unit_id": UNIT, "planned_on": "2026-11-26", "mode": "sometimes",
        "inspector_ids": [inspector.me["id"]], "checklist_id": list["id"],
    })).await).await;
    assert_eq!(
        (status, error["fields"]["mode"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    // Rescheduling: on the version read, only before the inspection starts.
    let mut moved = json!({
        "batch_id": batch["id"], "unit_id": UNIT, "planned_on": "2026-11-27", "mode": "open",
        "inspector_ids": [inspector.me["id"]], "checklist_id": list["id"], "version": visit["version"],
    });
    let saved = ok(send(
        &s,
        &office,
        Method::PUT,
        &format!("/api/visits/{}", visit["id"]),
        moved.clone(),
    )
    .await)
    .await;
    assert_eq!(
        (saved["planned_on"].as_str(), saved["mode"].as_str()),
        (Some("2026-11-27"), Some("open"))
    );
    expect_status(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/visits/{}", visit["id"]),
            moved.clone(),
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    ok(save(&s, &inspector, &visit, json!([]), &json!(0)).await).await;
    moved["version"] = saved["version"].clone();
    expect_error(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/visits/{}", visit["id"]),
            moved,
        )
        .await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;

    // Answers must fit the checklist.
    refused(
        save(
            &s,
            &inspector,
            &visit,
            json!([
                {"item": "presence", "outcome": "maybe"},
            ]),
            &json!(1),
        )
        .await,
    )
    .await;
    let error = refused(save(&s, &inspector, &visit, json!([
        {"item": "nope", "outcome": "pass"}, {"item": "presence", "outcome": "pass", "value": "3"},
    ]), &json!(1)).await).await;
    assert!(error["fields"]["answers[0].item"].is_string(), "{error}");
    assert!(error["fields"]["answers[1].value"].is_string(), "{error}");
}

/// 市房产局 (7) runs a self-inspection of its offices (8, 11); 合肥热电集团
/// (12) a mutual inspection of its window (13) and itself. Each liaison plans
/// and inspects inside their own tree only; the office reads both and
/// changes neither; the office's figures count only the office's inspections.
async fn units_run_their_own_rounds_inside_their_tree(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (list, office_round, _, _) = plan(&s, &office, &inspector).await;
    let liaison = s.login("liaison", DEMO).await;
    let liaison2 = s.login("liaison2", DEMO).await;
    let round_of = |kind: &str, owner: i64, units: &[i64]| {
        json!({
            "name": "2026年11月自查", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
            "unit_ids": units, "kind": kind, "owner_unit_id": owner,
        })
    };
    let post = |who: &Session, path: &str, body: Value| {
        let (who, path) = (who.clone(), path.to_owned());
        let s = &s;
        async move { send(s, &who, Method::POST, &path, body).await }
    };

    // What each may plan.
    let refusals = [
        (
            &liaison,
            round_of("self", 12, &[13]),
            "owner_unit_id",
            "只能选择本单位及其下属单位",
        ),
        (
            &liaison,
            round_of("self", 7, &[8, 13]),
            "unit_ids",
            "只能选择本单位及其下属单位",
        ),
        (
            &liaison,
            json!({"name": "自查", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
                          "unit_ids": [8], "kind": "mutual"}),
            "owner_unit_id",
            "此项必填",
        ),
    ];
    for (who, body, field, message) in refusals {
        let error = refused(post(who, "/api/rounds", body).await).await;
        assert_eq!(error["fields"][field], message, "{error}");
    }
    for (who, body) in [
        // A liaison does not plan the office's rounds; the office does not plan a unit's.
        (
            &liaison,
            json!({"name": "轮次", "starts_on": "2026-11-01", "ends_on": "2026-11-30", "unit_ids": [8]}),
        ),
        (&office, round_of("self", 7, &[8])),
    ] {
        expect_status(
            post(who, "/api/rounds", body).await,
            StatusCode::FORBIDDEN,
            "",
        )
        .await;
    }
    let own = created(post(&liaison, "/api/rounds", round_of("self", 7, &[8, 11])).await).await;
    assert_eq!(
        (own["kind"].as_str(), own["owner_unit_name"].as_str()),
        (Some("self"), Some("市房产局"))
    );
    let mutual =
        created(post(&liaison2, "/api/rounds", round_of("mutual", 12, &[12, 13])).await).await;
    let batch_of = |who: &Session, round: &Value| {
        let path = format!("/api/rounds/{}/batches", round["id"]);
        let who = who.clone();
        let s = &s;
        async move {
            created(
                send(
                    s,
                    &who,
                    Method::POST,
                    &path,
                    json!({
                        "name": "第一周", "starts_on": "2026-11-23", "ends_on": "2026-11-29",
                    }),
                )
                .await,
            )
            .await
        }
    };
    let own_batch = batch_of(&liaison, &own).await;
    let mutual_batch = batch_of(&liaison2, &mutual).await;
    let visit_of = |batch: &Value, unit: i64, inspectors: Value| {
        json!({
            "batch_id": batch["id"], "unit_id": unit, "planned_on": "2026-11-26", "mode": "open",
            "inspector_ids": inspectors, "checklist_id": list["id"],
        })
    };

    // Who inspects: the unit's own people; in a mutual inspection, another unit's.
    let eligible = ok(liaison
        .on(
            s.get(&format!("/api/inspectors?round={}", own["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(eligible.as_array().map(Vec::len), Some(1), "{eligible}");
    assert_eq!(eligible[0]["id"], liaison.me["id"]);
    for (who, body, message) in [
        (
            &liaison,
            visit_of(&own_batch, 8, json!([inspector.me["id"]])),
            "只能选择本单位及其下属单位",
        ),
        (
            &liaison,
            visit_of(&own_batch, 8, json!([liaison2.me["id"]])),
            "只能选择本单位及其下属单位",
        ),
        (
            &liaison2,
            visit_of(&mutual_batch, 12, json!([liaison2.me["id"]])),
            "互查须由其他单位的人员检查",
        ),
    ] {
        let error = refused(post(who, "/api/visits", body).await).await;
        assert_eq!(error["fields"]["inspector_ids"], message, "{error}");
    }
    let own_visit = created(
        post(
            &liaison,
            "/api/visits",
            visit_of(&own_batch, 8, json!([liaison.me["id"]])),
        )
        .await,
    )
    .await;
    let mutual_visit = created(
        post(
            &liaison2,
            "/api/visits",
            visit_of(&mutual_batch, 13, json!([liaison2.me["id"]])),
        )
        .await,
    )
    .await;

    // Each liaison reaches their own unit's rounds and nothing else.
    for (who, round, visit) in [
        (&liaison, &own, &own_visit),
        (&liaison2, &mutual, &mutual_visit),
    ] {
        let rounds = ok(who.on(s.get("/api/rounds"), false).send().await.unwrap()).await;
        assert_eq!(ids(&rounds), [round["id"].clone()]);
        let visits = ok(who.on(s.get("/api/visits"), false).send().await.unwrap()).await;
        assert_eq!(ids(&visits), [visit["id"].clone()]);
    }
    for path in [
        format!("/api/rounds/{}", mutual["id"]),
        format!("/api/rounds/{}/batches", mutual["id"]),
        format!("/api/visits/{}", mutual_visit["id"]),
        format!("/api/visits/{}/inspection", mutual_visit["id"]),
    ] {
        expect_status(
            liaison.on(s.get(&path), false).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            &path,
        )
        .await;
    }
    // An inspector of the office does not reach them either.
    expect_status(
        inspector
            .on(s.get(&format!("/api/visits/{}", own_visit["id"])), false)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;

    // The office reads every round, can pick its own, and changes none of the units'.
    let all = ok(office.on(s.get("/api/rounds"), false).send().await.unwrap()).await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(3), "{all}");
    let its_own = ok(office
        .on(s.get("/api/rounds?kind=office"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(ids(&its_own), [office_round["id"].clone()]);
    let mut edit = round_of("self", 7, &[8]);
    edit["version"] = own["version"].clone();
    let resp = send(
        &s,
        &office,
        Method::PUT,
        &format!("/api/rounds/{}", own["id"]),
        edit.clone(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // …while the liaison can, but not turn it into another kind or unit.
    edit["kind"] = "mutual".into();
    let (status, error) = error_of(
        send(
            &s,
            &liaison,
            Method::PUT,
            &format!("/api/rounds/{}", own["id"]),
            edit.clone(),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["kind"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    edit["kind"] = "self".into();
    edit["unit_ids"] = json!([8, 11, 14]);
    let saved = ok(send(
        &s,
        &liaison,
        Method::PUT,
        &format!("/api/rounds/{}", own["id"]),
        edit,
    )
    .await)
    .await;
    assert_eq!(saved["unit_ids"], json!([8, 11, 14]));

    // The liaison makes the visit; the finding goes to the office to triage.
    let stats_before = ok(office
        .on(s.get("/api/public/stats?year=2026"), false)
        .send()
        .await
        .unwrap())
    .await;
    let draft = ok(save(
        &s,
        &liaison,
        &own_visit,
        json!([
            {"item": "notice-board", "outcome": "fail", "note": "告示牌未写明去向"},
            {"item": "presence", "outcome": "pass"},
            {"item": "ab-post", "outcome": "pass"},
        ]),
        &json!(0),
    )
    .await)
    .await;
    let resp = send(
        &s,
        &office,
        Method::POST,
        &format!("/api/visits/{}/inspection/submit", own_visit["id"]),
        json!({"version": draft["version"]}),
    )
    .await;
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "the office does not submit a unit's inspection"
    );
    let done = ok(send(
        &s,
        &liaison,
        Method::POST,
        &format!("/api/visits/{}/inspection/submit", own_visit["id"]),
        json!({"version": draft["version"]}),
    )
    .await)
    .await;
    let finding = ok(office
        .on(
            s.get(&format!("/api/findings/{}", done["findings"][0]["id"])),
            false,
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        (finding["unit_id"].as_i64(), finding["state"].as_str()),
        (Some(8), Some("recorded"))
    );
    // The liaison who recorded it follows the receipt's link to it, and
    // finds it in their list; another unit never learns of it.
    let path = format!("/api/findings/{}", done["findings"][0]["id"]);
    let own_view = ok(liaison.on(s.get(&path), false).send().await.unwrap()).await;
    assert!(
        own_view["title"].as_str().unwrap().starts_with("不符合："),
        "{own_view}"
    );
    let listed = ok(liaison
        .on(s.get("/api/findings?state=recorded"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == done["findings"][0]["id"]),
        "{listed}"
    );
    let other = s.login("liaison2", DEMO).await;
    let resp = other.on(s.get(&path), false).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let round = ok(liaison
        .on(s.get(&format!("/api/rounds/{}", own["id"])), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(round["coverage"], json!({"targeted": 3, "visited": 1}));
    let stats_after = ok(office
        .on(s.get("/api/public/stats?year=2026"), false)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        stats_before["inspections"], stats_after["inspections"],
        "a unit's own inspection is not one of the office's"
    );
}

/// In 市房产局's mutual inspection, the liaison of its window (11) inspects
/// its office (8): while the visit is open they read the office's posts and
/// away notices (what they check on site), never another unit's, never
/// write them, and not after the visit is submitted.
async fn a_mutual_inspector_reads_the_unit_they_inspect(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (list, _, _, _) = plan(&s, &office, &inspector).await;
    let admin = s.login("admin", DEMO).await;
    let temporary = "temporary-pass-2026";
    created(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/users",
            json!({
                "username": "liaison.window", "display_name": "联络员 朱平", "role": "liaison",
                "unit_id": 11, "password": temporary,
            }),
        )
        .await,
    )
    .await;
    let window = s.login("liaison.window", temporary).await;
    let changed = send(&s, &window, Method::POST, "/api/auth/password", json!({
        "current": temporary, "password": "window-passphrase-1", "confirm": "window-passphrase-1",
    })).await;
    assert_eq!(changed.status(), StatusCode::OK);
    // The session goes on under the new id the change gave it.
    let window = common::Session::from_login(changed).await;
    let liaison = s.login("liaison", DEMO).await;
    let round = created(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/rounds",
            json!({
                "name": "窗口与办公室互查", "starts_on": "2026-11-01", "ends_on": "2026-11-30",
                "unit_ids": [8, 11], "kind": "mutual", "owner_unit_id": UNIT,
            }),
        )
        .await,
    )
    .await;
    let batch = created(
        send(
            &s,
            &liaison,
            Method::POST,
            &format!("/api/rounds/{}/batches", round["id"]),
            json!({
                "name": "第一周", "starts_on": "2026-11-23", "ends_on": "2026-11-29",
            }),
        )
        .await,
    )
    .await;
    let visit = created(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/visits",
            json!({
                "batch_id": batch["id"], "unit_id": 8, "planned_on": "2026-11-26", "mode": "open",
                "inspector_ids": [window.me["id"]], "checklist_id": list["id"],
            }),
        )
        .await,
    )
    .await;

    let status = |path: &'static str| {
        let req = window.on(s.get(path), false);
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(status("/api/units/8/posts").await, StatusCode::OK);
    assert_eq!(
        status("/api/units/8/away-notices?current=true").await,
        StatusCode::OK
    );
    assert_eq!(status("/api/units/10/posts").await, StatusCode::NOT_FOUND);
    let write = send(
        &s,
        &window,
        Method::POST,
        "/api/units/8/staff",
        json!({"name": "孙立", "title": "科员"}),
    )
    .await;
    assert_eq!(write.status(), StatusCode::NOT_FOUND);

    let draft = ok(save(
        &s,
        &window,
        &visit,
        json!([
            {"item": "notice-board", "outcome": "pass"},
            {"item": "presence", "outcome": "pass"},
            {"item": "ab-post", "outcome": "pass"},
        ]),
        &json!(0),
    )
    .await)
    .await;
    ok(send(
        &s,
        &window,
        Method::POST,
        &format!("/api/visits/{}/inspection/submit", visit["id"]),
        json!({"version": draft["version"]}),
    )
    .await)
    .await;
    assert_eq!(status("/api/units/8/posts").await, StatusCode::NOT_FOUND);
}

async fn visits_list_by_round_batch_and_unit(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let (_, first_round, _, first) = plan(&s, &office, &inspector).await;
    let (_, _, second_batch, second) = plan(&s, &office, &inspector).await;
    let list = async |query: &str| {
        ids(&ok_json(office.on(s.get(&format!("/api/visits?{query}")), false)).await)
    };
    assert_eq!(
        list(&format!("round={}", first_round["id"])).await,
        [first["id"].clone()]
    );
    assert_eq!(
        list(&format!("batch={}", second_batch["id"])).await,
        [second["id"].clone()]
    );
    assert_eq!(
        list(&format!("unit={UNIT}")).await,
        [second["id"].clone(), first["id"].clone()],
        "newest first"
    );
    assert_eq!(list("unit=12").await, Vec::<Value>::new());
    assert_eq!(
        list(&format!("unit={UNIT}&batch={}", second_batch["id"])).await,
        [second["id"].clone()]
    );
    assert_eq!(
        list(&format!("unit={UNIT}&limit=1")).await,
        [second["id"].clone()]
    );
}
