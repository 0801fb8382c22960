//! Staff, A/B posts and away-from-post notices over HTTP on both engines.

mod common;

use chrono::{Duration, Utc};
use common::{TestServer, error_of, expect, expect_status, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::json;

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_unit_keeps_its_posts_and_notices,
    a_visit_keeps_what_was_declared_when_its_inspection_started
);

async fn a_unit_keeps_its_posts_and_notices(s: TestServer) {
    let liaison = s.login("liaison", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    // The liaison keeps the staff of 市房产局 and its sub-units (11: its service window).
    let a = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/units/11/staff",
            json!({"name": "钱晓梅", "title": "受理员"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let b = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/units/11/staff",
            json!({"name": "孙立"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let post = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/units/11/posts",
            json!({"name": "不动产登记受理窗口", "a_staff_id": a["id"], "b_staff_id": null}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (post["missing_b"].as_bool(), post["a"]["name"].as_str()),
        (Some(true), Some("钱晓梅"))
    );
    let post = expect(send(&s, &liaison, Method::PUT, &format!("/api/posts/{}", post["id"]), json!({
        "name": "不动产登记受理窗口", "a_staff_id": a["id"], "b_staff_id": b["id"], "version": post["version"],
    })).await, StatusCode::OK).await;
    assert_eq!(post["missing_b"], false);
    expect_status(
        send(
            &s,
            &liaison,
            Method::PUT,
            &format!("/api/posts/{}", post["id"]),
            json!({
                "name": "x", "a_staff_id": a["id"], "b_staff_id": null, "version": 1,
            }),
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    let (status, error) = error_of(
        send(
            &s,
            &liaison,
            Method::POST,
            "/api/units/11/posts",
            json!({"name": "窗口", "a_staff_id": a["id"], "b_staff_id": a["id"]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["b_staff_id"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    // A notice: away now, back in an hour, covered by B.
    let now = Utc::now();
    let notice = expect(send(&s, &liaison, Method::POST, "/api/away-notices", json!({
        "staff_id": a["id"], "reason": "到市政务中心参加业务培训",
        "away_from": now - Duration::minutes(30), "expected_return": now + Duration::hours(1), "covered_by": b["id"],
    })).await, StatusCode::CREATED).await;
    assert_eq!(notice["covered_by"]["name"], "孙立");
    // The inspector on site sees the notices in force for the bureau's whole tree.
    let current = expect(
        inspector
            .on(s.get("/api/units/7/away-notices?current=true"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(current.as_array().map(Vec::len), Some(1));
    assert_eq!(current[0]["reason"], "到市政务中心参加业务培训");
    // Posted half an hour after the absence began: late, to whoever reads it.
    assert_eq!(
        (notice["late"].as_bool(), current[0]["late"].as_bool()),
        (Some(true), Some(true))
    );
    let ahead = expect(send(&s, &liaison, Method::POST, "/api/away-notices", json!({
        "staff_id": b["id"], "reason": "到档案馆调阅资料",
        "away_from": now + Duration::minutes(20), "expected_return": now + Duration::hours(2), "covered_by": a["id"],
    })).await, StatusCode::CREATED).await;
    assert_eq!(ahead["late"], false, "posted before it began");

    // Bad notices change nothing; another unit's staff are out of the liaison's reach.
    let error = refused(send(&s, &liaison, Method::POST, "/api/away-notices", json!({
        "staff_id": a["id"], "reason": "", "away_from": now, "expected_return": now - Duration::hours(1), "covered_by": a["id"],
    })).await).await;
    for field in ["reason", "expected_return", "covered_by"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let office = s.login("office", DEMO).await;
    let outsider = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/units/12/staff",
            json!({"name": "郑凯"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let (status, error) = error_of(send(&s, &liaison, Method::POST, "/api/away-notices", json!({
        "staff_id": outsider["id"], "reason": "外出", "away_from": now, "expected_return": now + Duration::hours(1),
    })).await).await;
    assert_eq!(
        (status, error["fields"]["staff_id"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    expect_status(
        liaison
            .on(s.get("/api/units/12/staff"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    expect_status(
        send(
            &s,
            &inspector,
            Method::POST,
            "/api/units/11/staff",
            json!({"name": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;

    // Deactivating keeps the person on record.
    let gone = expect(
        send(
            &s,
            &liaison,
            Method::PUT,
            &format!("/api/staff/{}", b["id"]),
            json!({"name": "孙立", "active": false, "version": b["version"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(gone["active"], false);
    let staff = expect(
        liaison
            .on(s.get("/api/units/11/staff"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(staff.as_array().map(Vec::len), Some(2));
}

/// The first save of an inspection keeps the unit's notices in force and
/// its A/B posts as they were; a notice posted afterwards is not in it, and
/// the inspector records per person what was seen against what was declared.
async fn a_visit_keeps_what_was_declared_when_its_inspection_started(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let plan = common::fixtures::office_plan(&s, &office, &inspector, 7).await;
    let staff = |name: &'static str| {
        let req = office
            .on(s.post("/api/units/7/staff"), true)
            .json(&json!({"name": name}));
        async move { expect(req.send().await.unwrap(), StatusCode::CREATED).await }
    };
    let (a, b) = (staff("周海燕").await, staff("吴俊").await);
    expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/units/7/posts",
            json!({"name": "综合受理窗口", "a_staff_id": a["id"], "b_staff_id": b["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let now = Utc::now();
    let notice = expect(send(&s, &office, Method::POST, "/api/away-notices", json!({
        "staff_id": b["id"], "reason": "到市政务中心开会",
        "away_from": now - Duration::minutes(20), "expected_return": now + Duration::hours(2),
    })).await, StatusCode::CREATED).await;

    let path = format!("/api/visits/{}/inspection", plan.visit["id"]);
    let first = expect(
        send(
            &s,
            &inspector,
            Method::PUT,
            &path,
            json!({
                "answers": [], "version": 0,
                "observations": [
                    {"staff_id": a["id"], "seen": "away_without_notice"},
                    {"staff_id": b["id"], "seen": "away_with_notice", "notice_id": notice["id"]},
                ],
            }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let snapshot = &first["snapshot"];
    assert_eq!(snapshot["notices"][0]["id"], notice["id"], "{first}");
    assert_eq!(snapshot["posts"][0]["a"]["name"], "周海燕");
    assert_eq!(first["observations"][0]["seen"], "away_without_notice");

    // A notice posted once the inspectors are in: not in the snapshot, and not evidence for it.
    let after = expect(send(&s, &office, Method::POST, "/api/away-notices", json!({
        "staff_id": a["id"], "reason": "临时外出办事",
        "away_from": now - Duration::minutes(40), "expected_return": now + Duration::hours(1),
    })).await, StatusCode::CREATED).await;
    assert_eq!(
        after["late"], true,
        "posted 40 minutes after the absence began"
    );
    let error = refused(send(&s, &inspector, Method::PUT, &path, json!({
        "answers": [], "version": first["version"],
        "observations": [{"staff_id": a["id"], "seen": "away_with_notice", "notice_id": after["id"]}],
    })).await).await;
    assert!(
        error["fields"]["observations[0].notice_id"].is_string(),
        "{error}"
    );
    let again = expect(
        send(
            &s,
            &inspector,
            Method::PUT,
            &path,
            json!({
                "answers": [], "version": first["version"],
                "observations": [{"staff_id": a["id"], "seen": "present"}],
            }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        again["snapshot"], first["snapshot"],
        "the snapshot is kept as first taken"
    );
    assert_eq!(
        again["observations"],
        json!([{"staff_id": a["id"], "seen": "present", "notice_id": null}])
    );
    let read = expect(
        inspector.on(s.get(&path), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["snapshot"]["notices"].as_array().unwrap().len(), 1);
}
