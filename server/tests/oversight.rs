//! Special supervisors and commitment letters over HTTP on both engines.

mod common;

use chrono::{Datelike, Days, FixedOffset, NaiveDate, Utc};
use common::{Session, TestServer, error_of, expect, expect_status, refused, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_supervisor_joins_visits_and_is_assessed_on_the_record,
    commitment_letters_are_signed_per_person_and_counted_per_unit
);

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
}

/// A visit to unit 7 by `inspector`, planned on `day`.
async fn visit_on(s: &TestServer, office: &Session, inspector: &Session, day: NaiveDate) -> Value {
    let list = expect(send(s, office, Method::POST, "/api/checklists", json!({"name": "检查表", "items": [
        {"key": "presence", "dimension": "work_discipline", "text": "在岗在位", "answer_kind": "pass_fail",
         "weight": 1, "on_failure": "note"},
    ]})).await, StatusCode::CREATED).await;
    let (from, to) = (day - Days::new(3), day + Days::new(3));
    let round = expect(
        send(
            s,
            office,
            Method::POST,
            "/api/rounds",
            json!({
                "name": "督查轮次", "starts_on": from, "ends_on": to, "unit_ids": [7],
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let batch = expect(
        send(
            s,
            office,
            Method::POST,
            &format!("/api/rounds/{}/batches", round["id"]),
            json!({"name": "批次", "starts_on": from, "ends_on": to}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect(
        send(
            s,
            office,
            Method::POST,
            "/api/visits",
            json!({
                "batch_id": batch["id"], "unit_id": 7, "planned_on": day, "mode": "unannounced",
                "inspector_ids": [inspector.me["id"]], "checklist_id": list["id"],
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn a_supervisor_joins_visits_and_is_assessed_on_the_record(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let day = today() - Days::new(1);
    let year = day.year();
    let term = |start: NaiveDate, end: NaiveDate| {
        json!({
            "name": "周明", "kind": "media", "affiliation": "合肥日报社", "areas": "政务服务窗口",
            "phone": "0551-62600000", "term_start": start, "term_end": end,
        })
    };

    // The roster refuses what does not fit, field by field.
    let mut bad = term(day, day);
    bad["phone"] = json!("请打电话");
    let error = refused(send(&s, &office, Method::POST, "/api/supervisors", bad).await).await;
    assert!(error["fields"]["term_end"].is_string(), "{error}");
    assert!(error["fields"]["phone"].is_string(), "{error}");

    let start = day - Days::new(30);
    let supervisor = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/supervisors",
            term(start, day + Days::new(365)),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/supervisors/{}", supervisor["id"]);
    let found = expect(
        leader
            .on(s.get("/api/supervisors?q=%E6%97%A5%E6%8A%A5"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"][0]["name"], "周明", "search by affiliation");

    // A visit within the term: joined once; a second time says so.
    let visit = visit_on(&s, &office, &inspector, day).await;
    let assignments = format!("{path}/assignments");
    let joined = expect(
        send(
            &s,
            &office,
            Method::POST,
            &assignments,
            json!({"visit_id": visit["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (joined["unit_id"].as_i64(), joined["submitted_at"].is_null()),
        (Some(7), true)
    );
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            &assignments,
            json!({"visit_id": visit["id"]}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["visit_id"].is_string(), "{error}");
    refused(
        send(
            &s,
            &office,
            Method::POST,
            &assignments,
            json!({"visit_id": 999_999}),
        )
        .await,
    )
    .await;

    // After the term ends, the supervisor can no longer join that day's visit.
    let mut shorter = term(start, day - Days::new(1));
    shorter["version"] = supervisor["version"].clone();
    let edited = expect(
        send(&s, &office, Method::PUT, &path, shorter.clone()).await,
        StatusCode::OK,
    )
    .await;
    expect_status(
        send(&s, &office, Method::PUT, &path, shorter).await,
        StatusCode::CONFLICT,
        "a stale edit",
    )
    .await;
    let other = visit_on(&s, &office, &inspector, day).await;
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            &assignments,
            json!({"visit_id": other["id"]}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["visit_id"].is_string());
    let mut back = term(start, day + Days::new(365));
    back["version"] = edited["version"].clone();
    expect(
        send(&s, &office, Method::PUT, &path, back).await,
        StatusCode::OK,
    )
    .await;

    // Before the inspection: assigned, not made.
    let assessment = format!("{path}/assessments/{year}");
    let before = expect(
        leader.on(s.get(&assessment), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            before["record"]["visits_assigned"].as_i64(),
            before["record"]["visits_made"].as_i64()
        ),
        (Some(1), Some(0))
    );
    assert!(before["record"]["timeliness"].is_null() && before["grade"].is_null());

    // The inspection is submitted today (on time: by the day after the visit) with one failure.
    let inspection = format!("/api/visits/{}/inspection", visit["id"]);
    let answers = json!([{"item": "presence", "outcome": "fail", "note": "工作时间看视频"}]);
    let draft = expect(
        send(
            &s,
            &inspector,
            Method::PUT,
            &inspection,
            json!({"answers": answers, "version": 0}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let submitted = expect(
        send(
            &s,
            &inspector,
            Method::POST,
            &format!("{inspection}/submit"),
            json!({"version": draft["version"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let finding = submitted["findings"][0]["id"].as_i64().expect("a finding");
    let f = expect(
        office
            .on(s.get(&format!("/api/findings/{finding}")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    for step in [
        json!({"action": "feed_back", "deadline": today() + Days::new(30), "version": f["version"]}),
        json!({"action": "substantiate", "comment": "查实", "version": f["version"].as_i64().unwrap() + 1}),
    ] {
        expect(
            send(
                &s,
                &office,
                Method::POST,
                &format!("/api/findings/{finding}/actions"),
                step,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let after = expect(
        leader.on(s.get(&assessment), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let record = &after["record"];
    assert_eq!(
        (
            record["visits_made"].as_i64(),
            record["visits_on_time"].as_i64(),
            record["findings_raised"].as_i64(),
            record["findings_substantiated"].as_i64(),
            record["substantiated_share"].as_f64(),
            record["timeliness"].as_f64(),
        ),
        (Some(1), Some(1), Some(1), Some(1), Some(1.0), Some(1.0)),
        "{after}"
    );

    // The office grades; "not competent" needs a reason; a second first grade is stale.
    let (status, error) = error_of(
        send(
            &s,
            &office,
            Method::PUT,
            &assessment,
            json!({"grade": "not_competent"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["comment"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let graded = expect(
        send(
            &s,
            &office,
            Method::PUT,
            &assessment,
            json!({"grade": "excellent", "comment": "履职认真"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (graded["grade"].as_str(), graded["version"].as_i64()),
        (Some("excellent"), Some(1))
    );
    expect_status(
        send(
            &s,
            &office,
            Method::PUT,
            &assessment,
            json!({"grade": "competent"}),
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    let regraded = expect(
        send(
            &s,
            &office,
            Method::PUT,
            &assessment,
            json!({"grade": "competent", "version": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(regraded["grade"], "competent");

    // Leaders read the roster and grades, never the plan; the year is checked.
    expect_status(
        leader
            .on(s.get(&format!("{assignments}?year={year}")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
    refused(
        office
            .on(s.get(&format!("{path}/assessments/1900")), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let listed = expect(
        office
            .on(s.get(&format!("{assignments}?year={year}")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(listed[0]["submitted_at"].is_string(), "{listed}");

    let audit = s.state.store.recent_audit(50).await.unwrap();
    for action in ["grade", "assign"] {
        assert!(
            audit
                .iter()
                .any(|(a, entity, _)| entity == "supervisor" && a == action),
            "{action} audited: {audit:?}"
        );
    }
}

async fn commitment_letters_are_signed_per_person_and_counted_per_unit(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let inspector = s.login("inspector", DEMO).await;
    let year = 2020;
    let letter = format!("/api/commitments/{year}");

    // No letter yet: nothing to read or sign.
    expect_status(
        liaison.on(s.get(&letter), false).send().await.unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    let text = json!({"title": "2020年度作风建设承诺书", "text": "本人郑重承诺:严守工作纪律,不在工作时间炒股、看视频、玩游戏、网购。"});
    let error = refused(
        send(
            &s,
            &office,
            Method::PUT,
            &letter,
            json!({"title": "", "text": ""}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["title"].is_string() && error["fields"]["text"].is_string());
    let written = expect(
        send(&s, &office, Method::PUT, &letter, text.clone()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(written["version"], 1);
    expect_status(
        send(&s, &office, Method::PUT, &letter, text.clone()).await,
        StatusCode::CONFLICT,
        "a second first letter is stale",
    )
    .await;
    let mut edit = text.clone();
    edit["version"] = json!(1);
    edit["text"] = json!("本人郑重承诺:严守工作纪律。");
    expect(
        send(&s, &office, Method::PUT, &letter, edit).await,
        StatusCode::OK,
    )
    .await;
    let read = expect(
        liaison.on(s.get(&letter), false).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["version"], 2);

    // Two people at 市房产局 (7), one at 市委办公室 (1).
    let mut staff = Vec::new();
    for (unit, name) in [(7, "钱晓梅"), (7, "孙立"), (1, "赵强")] {
        let made = expect(
            send(
                &s,
                &office,
                Method::POST,
                &format!("/api/units/{unit}/staff"),
                json!({"name": name}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        staff.push(made["id"].as_i64().unwrap());
    }
    let signatures = format!("{letter}/signatures");
    let signed = expect(
        send(
            &s,
            &liaison,
            Method::POST,
            &signatures,
            json!({"staff_id": staff[0], "signed_on": "2020-02-10"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(signed["staff"]["name"], "钱晓梅");
    // Twice, out of reach, out of the year: each refused by field.
    for (body, field) in [
        (
            json!({"staff_id": staff[0], "signed_on": "2020-02-11"}),
            "staff_id",
        ),
        (
            json!({"staff_id": staff[2], "signed_on": "2020-02-11"}),
            "staff_id",
        ),
        (
            json!({"staff_id": staff[1], "signed_on": "2021-01-01"}),
            "signed_on",
        ),
    ] {
        let error = expect_status(
            send(&s, &liaison, Method::POST, &signatures, body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{body}"),
        )
        .await;
        assert!(error["fields"][field].is_string(), "{body}: {error}");
    }
    expect_status(
        send(
            &s,
            &inspector,
            Method::POST,
            &signatures,
            json!({"staff_id": staff[1], "signed_on": "2020-02-11"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;

    // The liaison sees their own units only; the office sees 市房产局 below 100 %.
    let mine = expect(
        liaison
            .on(s.get(&format!("{letter}/completion")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let units: Vec<i64> = mine["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit_id"].as_i64().unwrap())
        .collect();
    assert!(units.contains(&7) && !units.contains(&1), "{units:?}");
    let all = expect(
        office
            .on(s.get(&format!("{letter}/completion?unit_id=7")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let seven = all["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == 7)
        .unwrap();
    assert_eq!(
        (
            seven["rate"].as_f64(),
            seven["unsigned"][0]["name"].as_str()
        ),
        (Some(0.5), Some("孙立"))
    );
    assert!(all["incomplete"].as_array().unwrap().contains(&json!(7)));
    expect_status(
        liaison
            .on(s.get(&format!("{letter}/completion?unit_id=1")), false)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;

    // A finding naming both people says who signed that year's letter.
    let finding = expect(send(&s, &office, Method::POST, "/api/findings", json!({
        "unit_id": 7, "source": "inspection", "dimension": "work_discipline", "severity": "minor",
        "title": "工作时间看视频", "description": "窗口工作人员工作时间看视频", "observed_on": "2020-06-24",
        "people": [{"name": "钱晓梅", "post": "受理员"}, {"name": "孙立"}, {"name": "外单位人员"}],
    })).await, StatusCode::CREATED).await;
    let detail = expect(
        office
            .on(s.get(&format!("/api/findings/{}", finding["id"])), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let checks = detail["commitments"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(
        (checks[0]["signed_on"].as_str(), checks[0]["year"].as_i64()),
        (Some("2020-02-10"), Some(2020))
    );
    assert!(checks[1]["staff"].is_object() && checks[1]["signed_on"].is_null());
    assert!(checks[2]["staff"].is_null());
}
