//! Findings over HTTP on both engines: recording, who sees what, the
//! workflow with its deadlines, stale edits, filters and keyset paging.

mod common;

use chrono::{Days, FixedOffset, Utc};
use common::{Session, TestServer, error_of, expect, expect_error, expect_status, refused};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";
/// Demo units in the order they are loaded: 市委办公室 is 1, 市房产局 is 7 and its 办公室 8.
const PARTY_OFFICE: i64 = 1;
const HOUSING_BUREAU: i64 = 7;
const HOUSING_BUREAU_OFFICE: i64 = 8;

both_engines!(
    a_finding_goes_through_its_whole_life,
    units_see_only_their_own_fed_back_findings,
    roles_without_a_part_are_refused,
    stale_and_out_of_order_actions_change_nothing,
    bad_input_names_the_field,
    lists_filter_and_page,
    a_problem_recorded_twice_is_merged_into_one,
);

fn today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
}

fn in_days(n: u64) -> String {
    today().checked_add_days(Days::new(n)).unwrap().to_string()
}

fn new_finding(unit: i64, title: &str) -> Value {
    json!({
        "unit_id": unit,
        "source": "inspection",
        "dimension": "work_discipline",
        "severity": "serious",
        "title": title,
        "description": "上午10时，政务服务窗口2号位无人，未放置离岗告示牌。",
        "observed_on": today().to_string(),
    })
}

async fn record(s: &TestServer, who: &Session, body: Value) -> Value {
    let resp = who
        .on(s.post("/api/findings"), true)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json().await.unwrap()
}

async fn act(s: &TestServer, who: &Session, finding: &Value, body: Value) -> reqwest::Response {
    let mut body = body;
    body["version"] = finding["version"].clone();
    who.on(
        s.post(&format!("/api/findings/{}/actions", finding["id"])),
        true,
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn ok(resp: reqwest::Response) -> Value {
    expect(resp, StatusCode::OK).await
}

async fn get(s: &TestServer, who: &Session, path: &str) -> (StatusCode, Value) {
    let resp = who.on(s.get(path), false).send().await.unwrap();
    (resp.status(), resp.json().await.unwrap())
}

async fn a_finding_goes_through_its_whole_life(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let unit = s.login("liaison", DEMO).await;
    let mut new = new_finding(HOUSING_BUREAU, "窗口离岗未放置告示牌");
    new["people"] = json!([{"name": "王某", "post": "政务服务窗口工作人员"}]);
    let f = record(&s, &office, new).await;
    assert_eq!(
        f["people"],
        json!([{"name": "王某", "post": "政务服务窗口工作人员"}])
    );
    let year = today().format("%Y");
    assert_eq!(f["code"], format!("XN-{year}-0001"));
    assert_eq!(f["state"], "recorded");
    assert_eq!(f["unit_name"], "市房产局");
    assert_eq!(f["actions"], json!(["feed_back", "comment", "merge"]));

    let f = ok(act(
        &s,
        &office,
        &f,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;
    assert_eq!(f["state"], "fed_back");
    assert_eq!(f["verify_by"], in_days(5));
    assert!(
        f["due"]["state"].is_string(),
        "a running deadline has a due state: {}",
        f["due"]
    );

    let (_, seen) = get(&s, &unit, &format!("/api/findings/{}", f["id"])).await;
    assert_eq!(seen["actions"], json!(["report_verification", "comment"]));
    let f = ok(act(
        &s,
        &unit,
        &seen,
        json!({"action": "report_verification", "comment": "经查属实，当事人已作书面检查"}),
    )
    .await)
    .await;
    let f = ok(act(
        &s,
        &office,
        &f,
        json!({"action": "substantiate", "comment": "查实"}),
    )
    .await)
    .await;
    let f = ok(act(
        &s,
        &office,
        &f,
        json!({"action": "order_rectification", "deadline": in_days(10)}),
    )
    .await)
    .await;
    assert_eq!(
        (f["state"].as_str(), f["rectify_by"].as_str()),
        (Some("rectifying"), Some(in_days(10).as_str()))
    );
    let f = ok(act(&s, &unit, &f, json!({"action": "request_extension", "deadline": in_days(15), "comment": "需重新制作告示牌"})).await).await;
    assert_eq!(f["extension_requested"], in_days(15));
    // The office's to-do asks the server for the requests waiting, not the
    // first page of rectifying findings.
    let waiting = |who| {
        let s = &s;
        async move {
            let (_, page) = get(
                s,
                who,
                "/api/findings?state=rectifying&extension=requested&limit=100",
            )
            .await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(waiting(&office).await, vec![f["id"].clone()]);
    let f = ok(act(&s, &office, &f, json!({"action": "approve_extension"})).await).await;
    assert!(
        waiting(&office).await.is_empty(),
        "an approved request waits no more"
    );
    let refused = expect_error(
        office
            .on(s.get("/api/findings?extension=maybe"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert!(refused["fields"]["extension"].is_string(), "{refused}");
    assert_eq!(
        (f["rectify_by"].as_str(), f["extension_requested"].as_null()),
        (Some(in_days(15).as_str()), Some(()))
    );
    let f = ok(act(
        &s,
        &unit,
        &f,
        json!({"action": "submit_report", "comment": "已设置离岗告示牌并组织学习"}),
    )
    .await)
    .await;
    let f = ok(act(
        &s,
        &office,
        &f,
        json!({"action": "return", "comment": "请补充整改照片"}),
    )
    .await)
    .await;
    let f = ok(act(
        &s,
        &unit,
        &f,
        json!({"action": "submit_report", "comment": "已补充照片"}),
    )
    .await)
    .await;
    let f = ok(act(&s, &office, &f, json!({"action": "accept"})).await).await;
    assert_eq!(f["state"], "closed");
    assert_eq!(
        f["due"],
        Value::Null,
        "a closed finding has no running deadline"
    );
    assert_eq!(
        f["actions"],
        json!(["reopen"]),
        "closed: the office may only reopen it on new facts"
    );

    let steps: Vec<&str> = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to_state"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "recorded",
            "fed_back",
            "verified",
            "substantiated",
            "rectifying",
            "rectifying",
            "rectifying",
            "report_submitted",
            "rectifying",
            "report_submitted",
            "closed"
        ]
    );
    assert_eq!(f["timeline"][1]["actor_name"], "效能办 陈晓岚");
    assert_eq!(f["timeline"][2]["comment"], "经查属实，当事人已作书面检查");
    let entries = xiaoneng_server::audit::verify(&s.state.store)
        .await
        .unwrap()
        .expect("the audit chain holds");
    assert!(entries > 11);
}

async fn units_see_only_their_own_fed_back_findings(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let unit = s.login("liaison", DEMO).await;
    let own = record(
        &s,
        &office,
        new_finding(HOUSING_BUREAU_OFFICE, "处室人员上班时间炒股"),
    )
    .await;
    let other = record(&s, &office, new_finding(PARTY_OFFICE, "别的单位的问题")).await;

    let (status, list) = get(&s, &unit, "/api/findings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"], json!([]), "nothing fed back yet");
    let (status, _) = get(&s, &unit, &format!("/api/findings/{}", own["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not before it is fed back");

    ok(act(
        &s,
        &office,
        &own,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;
    ok(act(
        &s,
        &office,
        &other,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;
    let (_, list) = get(&s, &unit, "/api/findings").await;
    let codes: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [own["code"].as_str().unwrap()],
        "its sub-unit's finding, not another unit's"
    );
    let (status, _) = get(&s, &unit, &format!("/api/findings/{}", other["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, filtered) = get(&s, &unit, &format!("/api/findings?unit={PARTY_OFFICE}")).await;
    assert_eq!(
        filtered["items"],
        json!([]),
        "a filter never widens the reach"
    );

    let leader = s.login("leader", DEMO).await;
    let (_, all) = get(&s, &leader, "/api/findings").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let inspector = s.login("inspector", DEMO).await;
    let (_, mine) = get(&s, &inspector, "/api/findings").await;
    assert_eq!(
        mine["items"],
        json!([]),
        "an inspector sees what they recorded"
    );
    let theirs = record(
        &s,
        &inspector,
        new_finding(PARTY_OFFICE, "服务窗口工作人员玩手机游戏"),
    )
    .await;
    let (_, mine) = get(&s, &inspector, "/api/findings").await;
    assert_eq!(mine["items"][0]["id"], theirs["id"]);
}

async fn roles_without_a_part_are_refused(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = record(&s, &office, new_finding(HOUSING_BUREAU, "问题")).await;
    let leader = s.login("leader", DEMO).await;
    let _error = expect_error(
        act(
            &s,
            &leader,
            &f,
            json!({"action": "feed_back", "deadline": in_days(3)}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_status(
        leader
            .on(s.post("/api/findings"), true)
            .json(&new_finding(1, "x"))
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "leaders change nothing",
    )
    .await;
    let admin = s.login("admin", DEMO).await;
    expect_status(
        admin
            .on(s.get("/api/findings"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
    let unit = s.login("liaison", DEMO).await;
    expect_status(
        unit.on(s.post("/api/findings"), true)
            .json(&new_finding(7, "x"))
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "",
    )
    .await;
    expect_status(
        s.get("/api/findings").send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "",
    )
    .await;
}

async fn stale_and_out_of_order_actions_change_nothing(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = record(&s, &office, new_finding(HOUSING_BUREAU, "问题")).await;
    let fed = ok(act(
        &s,
        &office,
        &f,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;
    // The first read is stale now.
    let _error = expect_error(
        act(
            &s,
            &office,
            &f,
            json!({"action": "feed_back", "deadline": in_days(9)}),
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let _error = expect_error(
        act(&s, &office, &fed, json!({"action": "accept"})).await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;
    let (_, now) = get(&s, &office, &format!("/api/findings/{}", f["id"])).await;
    assert_eq!(
        (now["version"].clone(), now["verify_by"].clone()),
        (fed["version"].clone(), json!(in_days(5)))
    );
    assert_eq!(now["timeline"].as_array().unwrap().len(), 2);
}

async fn bad_input_names_the_field(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let post = |body: Value| office.on(s.post("/api/findings"), true).json(&body).send();

    let mut long = new_finding(HOUSING_BUREAU, &"长".repeat(101));
    long["observed_on"] = json!(in_days(2));
    let error = refused(post(long).await.unwrap()).await;
    assert_eq!(error["fields"]["title"], "不能超过 100 个字符");
    assert_eq!(error["fields"]["observed_on"], "日期不能晚于今天");

    let (_, error) = error_of(post(new_finding(9999, "问题")).await.unwrap()).await;
    assert_eq!(error["fields"]["unit_id"], "所选内容不存在");
    let mut nameless = new_finding(HOUSING_BUREAU, "问题");
    nameless["people"] = json!([{"name": "", "post": "科员"}]);
    let (_, error) = error_of(post(nameless).await.unwrap()).await;
    assert_eq!(error["fields"]["people[0].name"], "此项必填");
    let mut extra = new_finding(HOUSING_BUREAU, "问题");
    extra["state"] = json!("closed");
    expect_status(
        post(extra).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused",
    )
    .await;
    let mut wrong = new_finding(HOUSING_BUREAU, "问题");
    wrong["dimension"] = json!("vibes");
    let error = refused(post(wrong).await.unwrap()).await;
    assert!(error["fields"]["dimension"].is_string(), "{error}");

    let f = record(&s, &office, new_finding(HOUSING_BUREAU, "问题")).await;
    let yesterday = today().pred_opt().unwrap().to_string();
    let error = refused(
        act(
            &s,
            &office,
            &f,
            json!({"action": "feed_back", "deadline": yesterday}),
        )
        .await,
    )
    .await;
    assert_eq!(error["fields"]["deadline"], "日期不能早于今天");
    let (_, error) = error_of(act(&s, &office, &f, json!({"action": "feed_back"})).await).await;
    assert_eq!(error["fields"]["deadline"], "此项必填");
    let (_, now) = get(&s, &office, &format!("/api/findings/{}", f["id"])).await;
    assert_eq!(now["state"], "recorded", "refused input changed nothing");

    let (_, error) = error_of(
        office
            .on(s.get("/api/findings?state=lost&limit=0"), false)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        error["fields"]["state"].is_string() && error["fields"]["limit"].is_string(),
        "{error}"
    );
}

async fn lists_filter_and_page(s: TestServer) {
    let office = s.login("office", DEMO).await;
    for n in 0..5 {
        record(
            &s,
            &office,
            new_finding(HOUSING_BUREAU, &format!("第{n}号 离岗")),
        )
        .await;
    }
    let mut odd = new_finding(PARTY_OFFICE, "AB岗 100% 缺位");
    odd["dimension"] = json!("service_quality");
    record(&s, &office, odd).await;

    let mut seen = Vec::new();
    let mut path = "/api/findings?limit=2".to_owned();
    loop {
        let (status, page) = get(&s, &office, &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|f| f["id"].as_i64().unwrap()));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/findings?limit=2&cursor={next}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first, each once");
    assert_eq!(seen.len(), 6);

    let (_, quality) = get(&s, &office, "/api/findings?dimension=service_quality").await;
    assert_eq!(quality["items"].as_array().unwrap().len(), 1);
    let (_, searched) = get(&s, &office, "/api/findings?q=%25").await;
    assert_eq!(
        searched["items"].as_array().unwrap().len(),
        1,
        "% is searched for, not a wildcard"
    );
    let (_, bureau) = get(
        &s,
        &office,
        &format!("/api/findings?unit={HOUSING_BUREAU}&q=离岗"),
    )
    .await;
    assert_eq!(bureau["items"].as_array().unwrap().len(), 5);
    let (_, none) = get(&s, &office, "/api/findings?state=closed").await;
    assert_eq!(none["items"], json!([]));

    // By source and by the running deadline: one fed back due in 2 days
    // (due soon), one in 30 (on track).
    let (_, reports) = get(&s, &office, "/api/findings?source=citizen_report").await;
    assert_eq!(reports["items"], json!([]));
    let (status, error) = get(&s, &office, "/api/findings?due=tomorrow&source=rumour").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        error["error"]["fields"]["due"].is_string()
            && error["error"]["fields"]["source"].is_string()
    );
    let soon = record(&s, &office, new_finding(HOUSING_BUREAU, "临期")).await;
    let soon = ok(act(
        &s,
        &office,
        &soon,
        json!({"action": "feed_back", "deadline": today()}),
    )
    .await)
    .await;
    let later = record(&s, &office, new_finding(HOUSING_BUREAU, "正常")).await;
    ok(act(
        &s,
        &office,
        &later,
        json!({"action": "feed_back", "deadline": in_days(30)}),
    )
    .await)
    .await;
    let (_, due) = get(&s, &office, "/api/findings?due=due_soon").await;
    let ids: Vec<&Value> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert_eq!(ids, [&soon["id"]]);
    assert_eq!(due["items"][0]["due"]["state"], "due_soon", "{due}");
    let (_, overdue) = get(&s, &office, "/api/findings?due=overdue").await;
    assert_eq!(overdue["items"], json!([]));

    // Sorted and paged a row at a time: each order visits every finding once.
    let walk = |sort: &'static str| {
        let (s, office) = (&s, &office);
        async move {
            let mut seen = Vec::new();
            let mut path = format!("/api/findings?limit=1&sort={sort}");
            loop {
                let (status, page) = get(s, office, &path).await;
                assert_eq!(status, StatusCode::OK, "{page}");
                seen.extend(
                    page["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f["id"].as_i64().unwrap()),
                );
                match page["next"].as_str() {
                    Some(next) => path = format!("/api/findings?limit=1&sort={sort}&cursor={next}"),
                    None => break seen,
                }
            }
        }
    };
    let oldest = walk("oldest").await;
    let mut ascending = oldest.clone();
    ascending.sort();
    assert_eq!((oldest.len(), &oldest), (8, &ascending), "oldest first");
    let by_deadline = walk("deadline").await;
    assert_eq!(
        by_deadline[..2],
        [soon["id"].as_i64().unwrap(), later["id"].as_i64().unwrap()],
        "soonest deadline first"
    );
    assert_eq!(by_deadline[2..], ascending[..6], "then those without one");
    let (status, error) = get(&s, &office, "/api/findings?sort=loudest").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["fields"]["sort"].is_string(), "{error}");
    // Rounds are the office's plan: a unit may not even ask.
    let liaison = s.login("liaison", DEMO).await;
    let (status, error) = get(&s, &liaison, "/api/findings?round=1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["error"]["fields"]["round"].is_string(), "{error}");
}

async fn a_problem_recorded_twice_is_merged_into_one(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let mut first = new_finding(HOUSING_BUREAU, "窗口2号位无人");
    first["people"] = json!([{"name": "钱晓梅"}]);
    let target = record(&s, &office, first).await;
    let mut second = new_finding(HOUSING_BUREAU, "离岗未放告示牌");
    second["people"] = json!([{"name": "钱晓梅"}, {"name": "孙立"}]);
    let source = record(&s, &office, second).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR0123456789".to_vec();
    let photo = office
        .on(
            s.post(&format!("/api/findings/{}/evidence", source["id"])),
            true,
        )
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png).file_name("现场.png"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), StatusCode::CREATED);
    let elsewhere = record(&s, &office, new_finding(PARTY_OFFICE, "另一单位")).await;
    let fed_back = ok(act(
        &s,
        &office,
        &record(&s, &office, new_finding(HOUSING_BUREAU, "已反馈")).await,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;

    // Merging needs a target: another recorded finding of the same unit.
    for (into, why) in [
        (None, "into is required"),
        (Some(source["id"].clone()), "not itself"),
        (Some(elsewhere["id"].clone()), "not another unit's"),
        (Some(fed_back["id"].clone()), "not one already fed back"),
        (Some(json!(999_999)), "not a finding that does not exist"),
    ] {
        let mut body = json!({"action": "merge", "comment": "同一问题重复登记"});
        if let Some(into) = into {
            body["into"] = into;
        }
        let error = expect_status(
            act(&s, &office, &source, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            why,
        )
        .await;
        assert!(error["fields"]["into"].is_string(), "{why}: {error}");
    }
    let (status, error) = error_of(
        act(
            &s,
            &office,
            &target,
            json!({"action": "comment", "comment": "备注", "into": source["id"]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["into"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    let merged = ok(act(
        &s,
        &office,
        &source,
        json!({"action": "merge", "comment": "同一问题重复登记", "into": target["id"]}),
    )
    .await)
    .await;
    assert_eq!(merged["state"], "merged");
    assert!(merged["actions"].as_array().unwrap().is_empty(), "{merged}");
    let (_, target) = get(&s, &office, &format!("/api/findings/{}", target["id"])).await;
    let names: Vec<&str> = target["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["钱晓梅", "孙立"]);
    assert_eq!(
        target["evidence"].as_array().unwrap().len(),
        1,
        "the photo moved along"
    );
    let last = target["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "merge");
    assert!(
        last["comment"]
            .as_str()
            .unwrap()
            .contains(source["code"].as_str().unwrap()),
        "{last}"
    );

    // A stale merge changes nothing; the unit never sees the merged one.
    expect_status(
        act(
            &s,
            &office,
            &source,
            json!({"action": "merge", "into": target["id"]}),
        )
        .await,
        StatusCode::CONFLICT,
        "",
    )
    .await;
    ok(act(
        &s,
        &office,
        &target,
        json!({"action": "feed_back", "deadline": in_days(5)}),
    )
    .await)
    .await;
    let (status, _) = get(&s, &liaison, &format!("/api/findings/{}", source["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, theirs) = get(&s, &liaison, "/api/findings?state=merged").await;
    assert!(theirs["items"].as_array().unwrap().is_empty(), "{theirs}");
}
