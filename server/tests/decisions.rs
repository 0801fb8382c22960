//! Accountability decisions over HTTP on both engines.

mod common;

use chrono::{FixedOffset, Utc};
use common::{Session, TestServer, error_of, expect_status, refused};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    a_decision_names_only_the_findings_its_reader_may_see,
    decisions_rest_on_substantiated_findings,
    liaisons_see_decisions_about_their_units_people,
    a_decision_tells_the_units_liaisons_and_nobody_else,
    substantiated_findings_not_yet_accounted_for_are_listed,
    the_ladder_suggests_by_staff_record_across_namesakes,
    a_decision_is_amended_then_revoked_and_its_bulletin_corrected,
    a_reassignment_is_followed_to_its_end
);

fn today() -> String {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
        .to_string()
}

async fn post(s: &TestServer, who: &Session, path: &str, body: Value) -> reqwest::Response {
    who.on(s.post(path), true).json(&body).send().await.unwrap()
}

/// A finding of `unit`, recorded and taken as far as `substantiate`.
async fn substantiated(s: &TestServer, office: &Session, unit: i64) -> Value {
    let f: Value = post(s, office, "/api/findings", json!({
        "unit_id": unit, "source": "inspection", "dimension": "work_discipline", "severity": "serious",
        "title": "上班时间炒股", "description": "工作时间使用办公电脑炒股", "observed_on": "2020-06-24",
    }))
    .await
    .json()
    .await
    .unwrap();
    let mut f = f;
    for step in [
        json!({"action": "feed_back", "deadline": "2100-01-01"}),
        json!({"action": "substantiate", "comment": "查实"}),
    ] {
        let mut step = step;
        step["version"] = f["version"].clone();
        let resp = post(
            s,
            office,
            &format!("/api/findings/{}/actions", f["id"]),
            step,
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
        f = resp.json().await.unwrap();
    }
    f
}

fn decision(finding_ids: Vec<Value>, unit: i64) -> Value {
    json!({
        "finding_ids": finding_ids,
        "person_name": "张某",
        "person_unit_id": unit,
        "person_post": "政务服务窗口工作人员",
        "measures": [
            {"kind": "written_self_examination"},
            {"kind": "reassignment", "place": "市公安局交警支队", "start": "2020-07-10"},
        ],
        "basis": "《合肥市效能建设问责办法》第十条",
        "decided_on": "2020-07-10",
    })
}

async fn decisions_rest_on_substantiated_findings(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let resp = post(
        &s,
        &office,
        "/api/decisions",
        decision(vec![f["id"].clone()], 7),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let d: Value = resp.json().await.unwrap();
    assert_eq!(d["findings"][0]["code"], f["code"]);
    assert_eq!(
        d["measures"][1]["end"], "2020-10-10",
        "three months of reassignment by default"
    );
    assert_eq!(d["person_unit_name"], "市房产局");
    assert_eq!(d["decided_by_name"], "效能办 陈晓岚");

    let (_, again) = (
        StatusCode::OK,
        office
            .on(s.get(&format!("/api/decisions/{}", d["id"])), false)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap(),
    );
    assert_eq!(again, d);

    // A finding only recorded cannot ground a decision; nothing is written.
    let recorded: Value = post(
        &s,
        &office,
        "/api/findings",
        json!({
            "unit_id": 7, "source": "other", "dimension": "work_style", "severity": "minor",
            "title": "未查实", "description": "尚未核实", "observed_on": today(),
        }),
    )
    .await
    .json()
    .await
    .unwrap();
    let error = refused(
        post(
            &s,
            &office,
            "/api/decisions",
            decision(vec![recorded["id"].clone()], 7),
        )
        .await,
    )
    .await;
    assert_eq!(
        error["fields"]["finding_ids"],
        "只能对已查实的问题作出问责决定"
    );
    let mut bad = decision(vec![f["id"].clone()], 7);
    bad["measures"] = json!([{"kind": "reassignment", "start": "2020-07-30", "end": "2020-07-01"}]);
    let (_, error) = error_of(post(&s, &office, "/api/decisions", bad).await).await;
    assert_eq!(error["fields"]["measures[0].place"], "此项必填");
    assert_eq!(
        error["fields"]["measures[0].end"],
        "结束日期必须晚于开始日期"
    );
    let page: Value = office
        .on(s.get("/api/decisions"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);

    let leader = s.login("leader", DEMO).await;
    expect_status(
        post(
            &s,
            &leader,
            "/api/decisions",
            decision(vec![f["id"].clone()], 7),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
    assert!(
        xiaoneng_server::audit::verify(&s.state.store)
            .await
            .unwrap()
            .is_ok()
    );
}

async fn liaisons_see_decisions_about_their_units_people(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let own = substantiated(&s, &office, 8).await;
    let other = substantiated(&s, &office, 1).await;
    let mine: Value = post(
        &s,
        &office,
        "/api/decisions",
        decision(vec![own["id"].clone()], 8),
    )
    .await
    .json()
    .await
    .unwrap();
    let theirs: Value = post(
        &s,
        &office,
        "/api/decisions",
        decision(vec![other["id"].clone()], 1),
    )
    .await
    .json()
    .await
    .unwrap();

    let unit = s.login("liaison", DEMO).await;
    let page: Value = unit
        .on(s.get("/api/decisions"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["id"])
        .collect();
    assert_eq!(ids, [&mine["id"]]);
    // A ledger: by the person's unit, and by the person's name.
    for (path, expected) in [
        ("/api/decisions?unit=1", &theirs["id"]),
        ("/api/decisions?unit=7", &mine["id"]),
    ] {
        let page: Value = office
            .on(s.get(path), false)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let ids: Vec<&Value> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["id"])
            .collect();
        assert_eq!(ids, [expected], "{path}");
    }
    let person = mine["person_name"].as_str().unwrap();
    let by_name: Value = office
        .on(s.get(&format!("/api/decisions?person={person}")), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        by_name["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["person_name"] == person),
        "{by_name}"
    );
    let hidden = unit
        .on(s.get(&format!("/api/decisions/{}", theirs["id"])), false)
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let inspector = s.login("inspector", DEMO).await;
    let refused = inspector
        .on(s.get("/api/decisions"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let mut seen = Vec::new();
    let mut path = "/api/decisions?limit=1".to_owned();
    loop {
        let page: Value = office
            .on(s.get(&path), false)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_i64().unwrap()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/decisions?limit=1&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [theirs["id"].as_i64().unwrap(), mine["id"].as_i64().unwrap()]
    );
}

async fn a_decision_names_only_the_findings_its_reader_may_see(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let own = substantiated(&s, &office, 8).await;
    let other = substantiated(&s, &office, 1).await;
    // About someone of the liaison's unit, resting on another unit's finding too.
    let both = vec![own["id"].clone(), other["id"].clone()];
    let resp = post(&s, &office, "/api/decisions", decision(both, 8)).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let made: Value = resp.json().await.unwrap();
    let codes = |d: &Value| -> Vec<Value> {
        let found = d["findings"].as_array().expect("findings").iter();
        found.map(|f| f["id"].clone()).collect()
    };
    assert_eq!(codes(&made), [own["id"].clone(), other["id"].clone()]);

    let liaison = s.login("liaison", DEMO).await;
    let path = format!("/api/decisions/{}", made["id"]);
    for (who, expected) in [
        (&office, vec![own["id"].clone(), other["id"].clone()]),
        (&liaison, vec![own["id"].clone()]),
    ] {
        let one: Value = who
            .on(s.get(&path), false)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(codes(&one), expected, "{}", who.me["username"]);
        let page: Value = who
            .on(s.get("/api/decisions"), false)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let listed = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == made["id"])
            .expect("the decision is listed");
        assert_eq!(
            codes(listed),
            expected,
            "{} in the list",
            who.me["username"]
        );
    }
}

/// Recording a decision tells the liaisons of the person's unit (in their
/// inbox, linking the finding) — not another unit, not the inspectors, not
/// the office user who recorded it.
async fn a_decision_tells_the_units_liaisons_and_nobody_else(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let told = |who: Session| {
        let s = &s;
        async move {
            let page: Value = who
                .on(s.get("/api/notifications?limit=100"), false)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == "decision_recorded")
                .cloned()
                .collect::<Vec<Value>>()
        }
    };
    let before: Vec<usize> = {
        let mut v = vec![];
        for who in ["liaison", "liaison2", "inspector", "office", "leader"] {
            v.push(told(s.login(who, DEMO).await).await.len());
        }
        v
    };
    let resp = post(
        &s,
        &office,
        "/api/decisions",
        decision(vec![f["id"].clone()], 7),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let mut after = vec![];
    for who in ["liaison", "liaison2", "inspector", "office", "leader"] {
        after.push(told(s.login(who, DEMO).await).await);
    }
    let counts: Vec<usize> = after.iter().map(Vec::len).collect();
    assert_eq!(
        counts,
        [before[0] + 1, before[1], before[2], before[3], before[4]],
        "only the unit's liaison is told"
    );
    let new = after[0]
        .iter()
        .find(|n| n["finding_id"] == f["id"])
        .expect("about the finding");
    assert!(new["text"].as_str().is_some_and(|t| !t.is_empty()), "{new}");
}

/// The office's list of substantiated findings no decision rests on.
async fn substantiated_findings_not_yet_accounted_for_are_listed(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = substantiated(&s, &office, 7).await;
    let pending = || async {
        let mut ids = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                None => "/api/findings?accountability=pending&limit=100".to_owned(),
                Some(c) => format!("/api/findings?accountability=pending&limit=100&cursor={c}"),
            };
            let page: Value = office
                .on(s.get(&path), false)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            ids.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["id"].clone()),
            );
            match page["next"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return ids,
            }
        }
    };
    assert!(
        pending().await.contains(&f["id"]),
        "substantiated, no decision yet"
    );
    let resp = post(
        &s,
        &office,
        "/api/decisions",
        decision(vec![f["id"].clone()], 7),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert!(!pending().await.contains(&f["id"]), "accounted for");
    let resp = office
        .on(s.get("/api/findings?accountability=soon"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Two people of one unit share a name: decisions name them by staff
/// record, so each has their own record, repeat cases and suggestion; the
/// office's ladder decides what is suggested, and a name alone is not
/// mistaken for either of them.
async fn the_ladder_suggests_by_staff_record_across_namesakes(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let mut namesakes = Vec::new();
    for title in ["受理员", "审核员"] {
        let staff: Value = post(
            &s,
            &office,
            "/api/units/11/staff",
            json!({"name": "王芳", "title": title}),
        )
        .await
        .json()
        .await
        .unwrap();
        namesakes.push(staff["id"].as_i64().unwrap());
    }
    let (first, second) = (namesakes[0], namesakes[1]);
    let record = |staff: i64, on: &str| {
        let req = leader.on(
            s.get(&format!("/api/decisions/record?staff_id={staff}&on={on}")),
            false,
        );
        async move {
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            resp.json::<Value>().await.unwrap()
        }
    };
    let empty = record(first, "2020-07-01").await;
    assert_eq!(
        (empty["next_case"].as_u64(), empty["suggested"].as_str()),
        (Some(1), Some("written_self_examination"))
    );

    // The first 王芳 twice, on the ladder's first two steps.
    for (on, kind) in [
        ("2020-07-01", "written_self_examination"),
        ("2020-08-01", "circulated_criticism"),
    ] {
        let f = substantiated(&s, &office, 11).await;
        let mut body = decision(vec![f["id"].clone()], 11);
        body["staff_id"] = first.into();
        body["person_name"] = "王 芳".into();
        body["decided_on"] = on.into();
        body["measures"] = json!([{"kind": kind}]);
        let resp = post(&s, &office, "/api/decisions", body).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        let d: Value = resp.json().await.unwrap();
        assert_eq!(d["person_name"], "王芳", "the record's name is kept");
        assert_eq!(d["staff_id"], first);
    }
    let third = record(first, "2020-09-01").await;
    assert_eq!(
        (third["next_case"].as_u64(), third["suggested"].as_str()),
        (Some(3), Some("reassignment")),
        "{third}"
    );
    assert_eq!(third["cases"].as_array().unwrap().len(), 2);
    // A year after the first, only the second counts.
    let later = record(first, "2021-07-15").await;
    assert_eq!(later["next_case"], 2);

    // The other 王芳 starts at the bottom of the ladder, which the office sets.
    let other = record(second, "2020-09-01").await;
    assert_eq!(
        (
            other["next_case"].as_u64(),
            other["cases"].as_array().map(Vec::len)
        ),
        (Some(1), Some(0))
    );
    let resp = leader
        .on(
            s.request(reqwest::Method::PUT, "/api/settings/sanctions"),
            true,
        )
        .json(&json!({"steps": ["admonishment_talk"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let error = refused(
        office
            .on(
                s.request(reqwest::Method::PUT, "/api/settings/sanctions"),
                true,
            )
            .json(&json!({"steps": ["admonishment_talk", "other"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(error["fields"]["steps[1]"].is_string(), "{error}");
    let resp = office
        .on(
            s.request(reqwest::Method::PUT, "/api/settings/sanctions"),
            true,
        )
        .json(&json!({"steps": ["admonishment_talk", "reassignment"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        record(second, "2020-09-01").await["suggested"],
        "admonishment_talk"
    );
    assert_eq!(
        record(first, "2020-09-01").await["suggested"],
        "reassignment"
    );

    // Repeat cases by record: the first 王芳's two are, the other's one is not,
    // nor is a 王芳 typed by name in the same unit.
    let f = substantiated(&s, &office, 11).await;
    let mut body = decision(vec![f["id"].clone()], 11);
    body["staff_id"] = second.into();
    body["decided_on"] = "2020-08-15".into();
    let resp = post(&s, &office, "/api/decisions", body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    // A name two records bear needs the record; once one is inactive, the name alone will do.
    let f = substantiated(&s, &office, 11).await;
    let mut body = decision(vec![f["id"].clone()], 11);
    body["person_name"] = "王芳".into();
    body["decided_on"] = "2020-08-20".into();
    let error = refused(post(&s, &office, "/api/decisions", body.clone()).await).await;
    assert!(error["fields"]["staff_id"].is_string(), "{error}");
    let resp = office
        .on(
            s.request(reqwest::Method::PUT, &format!("/api/staff/{second}")),
            true,
        )
        .json(&json!({"name": "王芳", "title": "审核员", "active": false, "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = post(&s, &office, "/api/decisions", body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let list: Value = office
        .on(s.get("/api/decisions?unit=11&limit=100"), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let repeat_of = |staff: Option<i64>| -> Vec<bool> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["person_name"] == "王芳" && d["staff_id"].as_i64() == staff)
            .map(|d| d["repeat"].as_bool().unwrap())
            .collect()
    };
    assert_eq!(repeat_of(Some(first)), [true, true]);
    assert_eq!(repeat_of(Some(second)), [false]);
    assert_eq!(repeat_of(None), [false]);
    // The record by name finds only the one typed by name.
    let by_name: Value = office
        .on(
            s.get("/api/decisions/record?person=%E7%8E%8B%E8%8A%B3&unit=11&on=2020-09-01"),
            false,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_name["next_case"], 2, "{by_name}");

    // A record of another unit is refused on the field; a liaison reads no records.
    let f = substantiated(&s, &office, 7).await;
    let mut body = decision(vec![f["id"].clone()], 7);
    body["staff_id"] = first.into();
    let error = refused(post(&s, &office, "/api/decisions", body).await).await;
    assert!(error["fields"]["staff_id"].is_string(), "{error}");
    expect_status(
        liaison
            .on(
                s.get(&format!("/api/decisions/record?staff_id={first}")),
                false,
            )
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "records are the office's and leaders'",
    )
    .await;
    let (status, _) = error_of(
        office
            .on(
                s.get("/api/decisions/record?person=%E7%8E%8B%E8%8A%B3"),
                false,
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a name needs its unit"
    );
}

/// The office amends a published decision and then revokes it: each change
/// on the decision's history and in the audit log, and the public bulletin
/// that announced it keeps its URL and text with a correction notice per
/// change, the name masked as the bulletin masks it.
async fn a_decision_is_amended_then_revoked_and_its_bulletin_corrected(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let f = substantiated(&s, &office, 11).await;
    let mut body = decision(vec![f["id"].clone()], 11);
    body["person_name"] = "王建国".into();
    let d: Value = post(&s, &office, "/api/decisions", body)
        .await
        .json()
        .await
        .unwrap();
    let b: Value = post(&s, &office, "/api/bulletins", json!({
        "title": "关于王建国问责情况的通报", "kind": "accountability", "body": "经查，王建国上班时间炒股。",
        "audience": "public", "decision_ids": [d["id"]],
    }))
    .await
    .json()
    .await
    .unwrap();
    let b: Value = post(
        &s,
        &office,
        &format!("/api/bulletins/{}/actions", b["id"]),
        json!({"action": "submit", "version": b["version"]}),
    )
    .await
    .json()
    .await
    .unwrap();
    let resp = post(
        &s,
        &leader,
        &format!("/api/bulletins/{}/actions", b["id"]),
        json!({"action": "publish", "version": b["version"]}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let public = |id: Value| {
        let req = s.get(&format!("/api/public/bulletins/{id}"));
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let before = public(b["id"].clone()).await;
    assert_eq!(before["measures"].as_array().unwrap().len(), 2, "{before}");
    assert_eq!(before["corrections"], json!([]));

    let changes = format!("/api/decisions/{}/changes", d["id"]);
    let amend = json!({
        "change": "amend", "measures": [{"kind": "written_self_examination"}],
        "basis": "《合肥市效能建设问责办法》第八条", "reason": "情节较轻，且已主动整改", "version": d["version"],
    });
    // Only the office; bad input names its fields; a stale version changes nothing.
    let resp = post(&s, &liaison, &changes, amend.clone()).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let error = refused(post(&s, &office, &changes, json!({
        "change": "revoke", "measures": [{"kind": "admonishment_talk"}], "reason": " ", "version": d["version"],
    })).await).await;
    for field in ["measures", "reason"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let mut stale = amend.clone();
    stale["version"] = 99.into();
    let (status, error) = error_of(post(&s, &office, &changes, stale).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict"))
    );

    let amended: Value = post(&s, &office, &changes, amend)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        amended["measures"],
        json!([{"kind": "written_self_examination", "place": null, "start": null, "end": null, "note": null}])
    );
    assert_eq!(amended["basis"], "《合肥市效能建设问责办法》第八条");
    let event = &amended["history"][0];
    assert_eq!(
        (
            event["change"].as_str(),
            event["before"][1]["kind"].as_str(),
            event["by_name"].as_str()
        ),
        (Some("amend"), Some("reassignment"), Some("效能办 陈晓岚")),
        "{amended}"
    );
    let corrected = public(b["id"].clone()).await;
    let notice = corrected["corrections"][0]["notice"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        notice.contains("王某")
            && !notice.contains("王建国")
            && notice.contains("变更为“书面检查”")
            && notice.contains("情节较轻，且已主动整改"),
        "{notice}"
    );
    assert_eq!(corrected["measures"][0]["kind"], "written_self_examination");
    assert_eq!(
        corrected["title"], before["title"],
        "the bulletin itself stays as published"
    );

    let revoke =
        json!({"change": "revoke", "reason": "复核认定证据不足", "version": amended["version"]});
    let revoked: Value = post(&s, &office, &changes, revoke.clone())
        .await
        .json()
        .await
        .unwrap();
    assert!(revoked["revoked_at"].is_string());
    assert_eq!(revoked["revoked_reason"], "复核认定证据不足");
    assert_eq!(revoked["history"].as_array().unwrap().len(), 2);
    let mut again = revoke;
    again["version"] = revoked["version"].clone();
    let (status, error) = error_of(post(&s, &office, &changes, again).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_state"))
    );
    let corrected = public(b["id"].clone()).await;
    assert_eq!(corrected["corrections"].as_array().unwrap().len(), 2);
    assert!(
        corrected["corrections"][1]["notice"]
            .as_str()
            .unwrap()
            .starts_with("撤销对")
    );
    assert_eq!(
        corrected["measures"],
        json!([]),
        "a revoked decision's measures are no longer announced"
    );
    let page = s
        .get(&format!("/bulletins/{}", b["id"]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("更正说明") && !page.contains("王建国"),
        "the first view carries the corrections"
    );
    // Staff read the same notices on the bulletin; the audit log has both changes.
    let staff_view: Value = office
        .on(s.get(&format!("/api/bulletins/{}", b["id"])), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(staff_view["corrections"].as_array().unwrap().len(), 2);
    let log = s.state.store.recent_audit(10).await.unwrap();
    let steps: Vec<&str> = log
        .iter()
        .filter(|(_, e, _)| e == "decision")
        .map(|(a, _, _)| a.as_str())
        .collect();
    assert_eq!(&steps[..2], ["revoke", "amend"], "{log:?}");
}

/// Reassignments by where they stand today — not started, serving, ending
/// soon, over with no return recorded — and the return to post recorded
/// once by the office, with the host unit's grade and assessment.
async fn a_reassignment_is_followed_to_its_end(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let today: chrono::NaiveDate = today().parse().unwrap();
    let days = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let mut ids = Vec::new();
    // Ending in about ten days (three months from 80 days ago), over long ago, starting next week.
    for (who, start) in [
        ("甲某", days(-80)),
        ("乙某", "2020-07-10".to_owned()),
        ("丙某", days(7)),
    ] {
        let f = substantiated(&s, &office, 11).await;
        let mut body = decision(vec![f["id"].clone()], 11);
        body["person_name"] = who.into();
        body["decided_on"] = today.to_string().into();
        body["measures"] =
            json!([{"kind": "reassignment", "place": "市公安局交通警察支队", "start": start}]);
        let resp = post(&s, &office, "/api/decisions", body).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        let d: Value = resp.json().await.unwrap();
        ids.push(d["id"].as_i64().unwrap());
    }
    let page = |who: &Session, status: &str| {
        let req = who.on(
            s.get(&format!("/api/reassignments?status={status}&limit=100")),
            false,
        );
        let status = status.to_owned();
        async move {
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{status}");
            let page: Value = resp.json().await.unwrap();
            page["items"].as_array().unwrap().clone()
        }
    };
    let named = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|r| r["person_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(named(&page(&leader, "ending_soon").await), ["甲某"]);
    assert_eq!(named(&page(&office, "serving").await), ["甲某"]);
    assert_eq!(named(&page(&office, "overdue").await), ["乙某"]);
    assert_eq!(named(&page(&office, "upcoming").await), ["丙某"]);
    let serving = page(&office, "serving").await[0].clone();
    assert_eq!(serving["place"], "市公安局交通警察支队");
    assert!(
        (0..=14).contains(&serving["days_left"].as_i64().unwrap()),
        "{serving}"
    );
    let resp = liaison
        .on(s.get("/api/reassignments"), false)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let (status, _) = error_of(
        office
            .on(s.get("/api/reassignments?status=somewhere"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The one long over comes back, assessed by the host unit.
    let over = page(&office, "overdue").await[0].clone();
    let path = format!("/api/reassignments/{}/return", over["id"]);
    let back = json!({
        "returned_on": "2020-10-12", "host_grade": "competent",
        "host_assessment": "服从管理，按时到岗，疏导认真", "version": over["version"],
    });
    let resp = post(&s, &leader, &path, back.clone()).await;
    assert_eq!(
        resp.status(),
        StatusCode::FORBIDDEN,
        "the office records the return"
    );
    let mut ahead = back.clone();
    ahead["returned_on"] = days(3).into();
    let error = refused(post(&s, &office, &path, ahead).await).await;
    assert!(error["fields"]["returned_on"].is_string(), "{error}");
    let mut stale = back.clone();
    stale["version"] = 99.into();
    let (status, error) = error_of(post(&s, &office, &path, stale).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict"))
    );
    let resp = post(&s, &office, &path, back.clone()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let returned: Value = resp.json().await.unwrap();
    assert_eq!(
        (
            returned["status"].as_str(),
            returned["host_grade"].as_str(),
            returned["returned_on"].as_str()
        ),
        (Some("returned"), Some("competent"), Some("2020-10-12"))
    );
    assert_eq!(returned["recorded_by_name"], "效能办 陈晓岚");
    let mut again = back;
    again["version"] = returned["version"].clone();
    let (status, error) = error_of(post(&s, &office, &path, again).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_state"))
    );
    assert_eq!(named(&page(&office, "returned").await), ["乙某"]);
    assert!(page(&office, "overdue").await.is_empty());
    let log = s.state.store.recent_audit(3).await.unwrap();
    assert!(
        log.iter()
            .any(|(a, e, _)| a == "return" && e == "reassignment"),
        "{log:?}"
    );
    // A revoked decision's reassignment is no longer followed.
    let d: Value = office
        .on(s.get(&format!("/api/decisions/{}", ids[0])), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resp = post(
        &s,
        &office,
        &format!("/api/decisions/{}/changes", ids[0]),
        json!({"change": "revoke", "reason": "复核撤销", "version": d["version"]}),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(page(&office, "serving").await.is_empty());
}
