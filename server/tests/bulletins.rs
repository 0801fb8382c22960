//! Bulletins and the public portal's API over HTTP on both engines: the
//! workflow, redaction everywhere the public can look, retraction notices,
//! the Atom feed, and citizen reports by tracking code.

mod common;

use common::{
    Session, TestServer, error_of, expect, expect_error, expect_status, ok_json, refused, send,
};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";
const NAME: &str = "王建国";

both_engines!(
    a_bulletin_is_published_redacted_and_retracted_in_public,
    the_bulletin_workflow_refuses_what_it_must,
    an_approver_signs_off_and_numbers_never_repeat,
    citizen_reports_are_tracked_by_code,
    report_floods_are_throttled,
    the_preview_is_the_published_rendering
);

async fn public_text(s: &TestServer, path: &str) -> (StatusCode, String) {
    let resp = s.get(path).send().await.unwrap();
    (resp.status(), resp.text().await.unwrap())
}

/// A substantiated finding naming `NAME` and a reassignment decision about them.
async fn case(s: &TestServer, office: &Session) -> (Value, Value) {
    let mut f = expect(send(s, office, Method::POST, "/api/findings", json!({
        "unit_id": 11, "source": "inspection", "dimension": "work_discipline", "severity": "serious",
        "title": "窗口工作人员上班时间网购", "description": format!("{NAME}在工作时间使用电脑网购"),
        "observed_on": "2020-06-24", "people": [{"name": NAME, "post": "窗口工作人员"}],
    })).await, StatusCode::CREATED).await;
    for step in [
        json!({"action": "feed_back", "deadline": "2100-01-01"}),
        json!({"action": "substantiate", "comment": "查实"}),
    ] {
        let mut step = step;
        step["version"] = f["version"].clone();
        f = expect(
            send(
                s,
                office,
                Method::POST,
                &format!("/api/findings/{}/actions", f["id"]),
                step,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let d = expect(send(s, office, Method::POST, "/api/decisions", json!({
        "finding_ids": [f["id"]], "person_name": NAME, "person_unit_id": 11, "person_post": "窗口工作人员",
        "measures": [{"kind": "reassignment", "place": "市公安局交警支队", "start": "2020-07-10"}],
        "basis": "《合肥市效能建设问责办法》第十条", "decided_on": "2020-07-10",
    })).await, StatusCode::CREATED).await;
    (f, d)
}

fn bulletin(f: &Value, d: &Value) -> Value {
    json!({
        "title": format!("关于{NAME}等同志问责情况的通报"),
        "kind": "accountability",
        "body": format!("经查，市房产局政务服务窗口工作人员{NAME}上班时间网购。\n\n给予{NAME}到基层再上岗处理。\n\n## 整改要求\n\n- **立即**整改\n- <script>alert('{NAME}')</script>"),
        "audience": "public",
        "finding_ids": [f["id"]],
        "decision_ids": [d["id"]],
    })
}

async fn act(
    s: &TestServer,
    office: &Session,
    b: &Value,
    action: &str,
    reason: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({"action": action, "version": b["version"]});
    if let Some(reason) = reason {
        body["reason"] = reason.into();
    }
    send(
        s,
        office,
        Method::POST,
        &format!("/api/bulletins/{}/actions", b["id"]),
        body,
    )
    .await
}

async fn a_bulletin_is_published_redacted_and_retracted_in_public(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let (f, d) = case(&s, &office).await;
    let draft = expect(
        send(
            &s,
            &office,
            Method::POST,
            "/api/bulletins",
            bulletin(&f, &d),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // The office sees the real text and, beside it, exactly what the public will read.
    assert!(draft["body"].as_str().unwrap().contains(NAME));
    assert_eq!(draft["public_title"], "关于王某等同志问责情况的通报");
    assert!(!draft["public_body"].as_str().unwrap().contains(NAME));
    assert_eq!(draft["measures"][0]["person"], "王某");
    assert_eq!(draft["actions"], json!(["submit"]));

    // Not public yet.
    let (status, _) = public_text(&s, &format!("/api/public/bulletins/{}", draft["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let review = expect(
        act(&s, &office, &draft, "submit", None).await,
        StatusCode::OK,
    )
    .await;
    // Whoever may sign it off is told; not the one who submitted it.
    let leader = s.login("leader", DEMO).await;
    let draft_id = draft["id"].clone();
    let told = |who: Session| {
        let req = who.on(s.get("/api/notifications"), false);
        let draft_id = draft_id.clone();
        async move {
            let page: Value = req.send().await.unwrap().json().await.unwrap();
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == "bulletin_in_review" && n["bulletin_id"] == draft_id)
                .count()
        }
    };
    assert_eq!(told(leader.clone()).await, 1);
    assert_eq!(told(office.clone()).await, 0);
    // Whoever submitted it cannot sign it off; a leader can.
    assert_eq!(review["actions"], json!(["return"]));
    expect_status(
        act(&s, &office, &review, "publish", None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let seen = ok_json(leader.on(s.get(&format!("/api/bulletins/{}", review["id"])), false)).await;
    assert_eq!(seen["actions"], json!(["return", "publish"]));
    assert_eq!(seen["doc_number"], Value::Null, "numbered at sign-off");
    let published = expect(
        act(&s, &leader, &review, "publish", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["state"], "published");
    assert!(published["published_at"].is_string());
    assert_eq!(
        (
            published["submitted_by"].as_str(),
            published["signed_by"].as_str()
        ),
        (Some("效能办 陈晓岚"), Some("分管领导 许明远")),
        "{published}"
    );
    let number = format!("合效办〔{}〕1号", this_year());
    assert_eq!(published["doc_number"], number.as_str());

    // Staff outside the office read it as citizens do: names masked, no links.
    for who in ["liaison", "inspector"] {
        let reader = s.login(who, DEMO).await;
        for path in [
            format!("/api/bulletins/{}", published["id"]),
            "/api/bulletins".to_owned(),
        ] {
            let resp = reader.on(s.get(&path), false).send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{who} {path}");
            let text = resp.text().await.unwrap();
            assert!(text.contains("王某"), "{who} {path}: {text}");
            assert!(
                !text.contains(NAME),
                "{who} reads the masked name through {path}"
            );
        }
    }

    let id = published["id"].clone();
    let (status, text) = public_text(&s, &format!("/api/public/bulletins/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["doc_number"], number.as_str());
    assert!(
        public["body"]
            .as_str()
            .unwrap()
            .contains("给予王某到基层再上岗处理")
    );
    // Markdown becomes HTML; typed HTML is shown as text, masked like the rest.
    let html = public["body_html"].as_str().unwrap();
    assert!(
        html.contains("<h2>整改要求</h2>") && html.contains("<li><strong>立即</strong>整改</li>"),
        "{html}"
    );
    assert!(
        !html.contains("<script") && html.contains("&lt;script&gt;alert('王某')"),
        "{html}"
    );
    assert!(
        public["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("经查，市房产局政务服务窗口工作人员王某上班时间网购。 给予王某"),
        "{public}"
    );
    assert_eq!(public["measures"][0]["kind"], "reassignment");
    assert_eq!(public["measures"][0]["place"], "市公安局交警支队");
    assert_eq!(public["measures"][0]["end"], "2020-10-10");
    assert_eq!(public["units"], json!(["市房产局政务服务窗口"]));

    // The name is nowhere the public can look, and searching for it finds nothing.
    let q = urlencode(NAME);
    for path in [
        format!("/api/public/bulletins/{id}"),
        // The page itself, with the bulletin in its head and shell.
        format!("/bulletins/{id}"),
        "/api/public/bulletins".to_owned(),
        "/api/public/feed.atom".to_owned(),
        format!("/api/public/bulletins?q={q}"),
    ] {
        let (status, text) = public_text(&s, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !text.contains(NAME),
            "the redacted name leaks through {path}"
        );
    }
    // A path the portal has no page for answers 404 (the shell, with the app's own notice).
    for (path, status) in [
        ("/bulletins", StatusCode::OK),
        ("/stats", StatusCode::OK),
        ("/no-such-page", StatusCode::NOT_FOUND),
        ("/bulletins/3/extra", StatusCode::NOT_FOUND),
    ] {
        let (got, _) = public_text(&s, path).await;
        assert_eq!(got, status, "{path}");
    }
    let (_, page) = public_text(&s, &format!("/bulletins/{id}")).await;
    assert!(
        page.contains(&format!("<title>{number} ")) && page.contains("给予王某到基层再上岗处理"),
        "the page carries the bulletin for link previews and a first paint: {page}"
    );
    let (_, found) = public_text(&s, &format!("/api/public/bulletins?q={q}")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&found).unwrap()["items"],
        json!([])
    );
    let (_, found) = public_text(
        &s,
        &format!(
            "/api/public/bulletins?q={}&year=2026&measure=reassignment&unit=11",
            urlencode("王某")
        ),
    )
    .await;
    let found: Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["items"][0]["id"], id, "{found}");
    let (_, other_year) = public_text(&s, "/api/public/bulletins?year=2019").await;
    assert_eq!(
        serde_json::from_str::<Value>(&other_year).unwrap()["items"],
        json!([])
    );

    // The feed lists it, linking to its page.
    let resp = s.get("/api/public/feed.atom").send().await.unwrap();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed = resp.text().await.unwrap();
    assert!(
        feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{feed}"
    );
    assert!(feed.contains(&format!("/bulletins/{id}\"")), "{feed}");
    assert!(feed.contains("关于王某等同志问责情况的通报"), "{feed}");
    assert!(
        feed.contains("<content type=\"html\">") && feed.contains("&lt;h2&gt;整改要求&lt;/h2&gt;"),
        "the feed carries the text as escaped HTML: {feed}"
    );

    // Retracted: still at its URL, with the notice instead of the text.
    let retracted = expect(
        act(
            &s,
            &office,
            &published,
            "retract",
            Some("文号有误,重新印发"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(retracted["state"], "retracted");
    let (_, text) = public_text(&s, &format!("/api/public/bulletins/{id}")).await;
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["body"], Value::Null);
    assert_eq!(public["measures"], json!([]));
    assert_eq!(public["retraction"]["reason"], "文号有误,重新印发");
    assert_eq!(public["title"], "关于王某等同志问责情况的通报");
    let (_, list) = public_text(&s, "/api/public/bulletins").await;
    assert_eq!(
        serde_json::from_str::<Value>(&list).unwrap()["items"][0]["retraction"]["reason"],
        "文号有误,重新印发"
    );
    let feed = s
        .get("/api/public/feed.atom")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(feed.contains("撤回原因：文号有误,重新印发"), "{feed}");

    // Every step is in the audit log.
    let log = s.state.store.recent_audit(20).await.unwrap();
    let steps: Vec<&str> = log
        .iter()
        .filter(|(_, e, _)| e == "bulletin")
        .map(|(a, _, _)| a.as_str())
        .collect();
    assert_eq!(steps, ["retract", "publish", "submit", "create"]);
}

/// The year in Beijing now: the year a bulletin signed off today is numbered in.
fn this_year() -> i32 {
    use chrono::Datelike;
    (chrono::Utc::now() + chrono::Duration::hours(8)).year()
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn the_bulletin_workflow_refuses_what_it_must(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let liaison = s.login("liaison", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let (f, d) = case(&s, &office).await;
    let mut input = bulletin(&f, &d);
    input["audience"] = "internal".into();
    let draft = expect(
        send(&s, &office, Method::POST, "/api/bulletins", input.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    // Internal bulletins show names to the system.
    assert_eq!(draft["measures"][0]["person"], NAME);

    let _error = expect_error(
        act(&s, &leader, &draft, "publish", None).await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;
    let (status, error) =
        error_of(act(&s, &office, &draft, "submit", Some("no reason needed")).await).await;
    assert_eq!(
        (status, error["fields"]["reason"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );

    // Drafts are the office's and leaders'.
    expect_status(
        liaison
            .on(s.get(&format!("/api/bulletins/{}", draft["id"])), false)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    expect(
        leader
            .on(s.get(&format!("/api/bulletins/{}", draft["id"])), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;

    // Edits: drafts only, on the version read.
    input["version"] = draft["version"].clone();
    input["title"] = "关于问责情况的通报".into();
    let edited = expect(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/bulletins/{}", draft["id"]),
            input.clone(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let _error = expect_error(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/bulletins/{}", draft["id"]),
            input.clone(),
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let review = expect(
        act(&s, &office, &edited, "submit", None).await,
        StatusCode::OK,
    )
    .await;
    input["version"] = review["version"].clone();
    let _error = expect_error(
        send(
            &s,
            &office,
            Method::PUT,
            &format!("/api/bulletins/{}", draft["id"]),
            input,
        )
        .await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;

    // Returned with a reason, then published; a retraction needs its reason.
    let (status, error) = error_of(act(&s, &office, &review, "return", None).await).await;
    assert_eq!(
        (status, error["fields"]["reason"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let back = expect(
        act(&s, &office, &review, "return", Some("请补充问责依据")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (back["state"].as_str(), back["return_reason"].as_str()),
        (Some("draft"), Some("请补充问责依据"))
    );
    let review = expect(
        act(&s, &office, &back, "submit", None).await,
        StatusCode::OK,
    )
    .await;
    let published = expect(
        act(&s, &leader, &review, "publish", None).await,
        StatusCode::OK,
    )
    .await;
    refused(act(&s, &office, &published, "retract", Some(" ")).await).await;

    // Published internally: staff read it, the public never sees it.
    let seen = expect(
        liaison
            .on(s.get("/api/bulletins"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["items"][0]["id"], published["id"]);
    assert_eq!(seen["items"][0]["actions"], json!([]));
    // The office filters the list by state and by audience.
    for (query, listed) in [
        ("state=published", true),
        ("state=draft", false),
        ("audience=internal", true),
        ("audience=public", false),
        ("state=published&audience=internal", true),
    ] {
        let page = ok_json(office.on(s.get(&format!("/api/bulletins?{query}")), false)).await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(
            items.iter().any(|b| b["id"] == published["id"]),
            listed,
            "{query}"
        );
        for (field, value) in query.split('&').filter_map(|kv| kv.split_once('=')) {
            assert!(items.iter().all(|b| b[field] == value), "{query}: {page}");
        }
    }
    let (status, _) = public_text(&s, &format!("/api/public/bulletins/{}", published["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = public_text(&s, "/api/public/bulletins").await;
    assert_eq!(
        serde_json::from_str::<Value>(&list).unwrap()["items"],
        json!([])
    );

    // Bad input names its fields.
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/bulletins",
            json!({
                "title": "标题", "kind": "gossip", "body": "正文", "audience": "public",
            }),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["kind"].is_string(), "{error}");
    let error = refused(
        send(
            &s,
            &office,
            Method::POST,
            "/api/bulletins",
            json!({
                "title": " ", "kind": "accountability", "body": "正文", "audience": "public",
                "decision_ids": [999999], "finding_ids": [1, 1],
            }),
        )
        .await,
    )
    .await;
    for field in ["title", "finding_ids"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    // The number is the sequence's to give, never the writer's.
    let (status, _) = error_of(send(&s, &office, Method::POST, "/api/bulletins", json!({
        "doc_number": "合效办〔2020〕13号", "title": "标题", "kind": "accountability", "body": "正文", "audience": "public",
    })).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, error) = error_of(
        send(
            &s,
            &office,
            Method::POST,
            "/api/bulletins",
            json!({
                "title": "标题", "kind": "accountability", "body": "正文", "audience": "public",
                "decision_ids": [999999],
            }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["fields"]["decision_ids"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
}

/// A draft submitted by `by`, answered in review.
async fn submitted(s: &TestServer, by: &Session, title: &str) -> Value {
    let draft = expect(
        send(
            s,
            by,
            Method::POST,
            "/api/bulletins",
            json!({
                "title": title, "kind": "inspection_results", "body": "正文", "audience": "public",
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect(act(s, by, &draft, "submit", None).await, StatusCode::OK).await
}

/// The administrator names an approver among the office's users; they sign
/// off what another submitted, never their own. Numbers come from the
/// year's sequence in the office's format, in parallel too, and a retracted
/// bulletin's number is never given again.
async fn an_approver_signs_off_and_numbers_never_repeat(s: TestServer) {
    let admin = s.login("admin", DEMO).await;
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    let temporary = "temporary-pass-2026";
    // Only an office user is named approver.
    let error = refused(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/users",
            json!({
                "username": "leader2", "display_name": "分管领导 乙", "role": "leader",
                "password": temporary, "signs_bulletins": true,
            }),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["signs_bulletins"].is_string(), "{error}");
    let approver = expect(
        send(
            &s,
            &admin,
            Method::POST,
            "/api/users",
            json!({
                "username": "office.approver", "display_name": "效能办 签发人", "role": "office",
                "password": temporary, "signs_bulletins": true,
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(approver["signs_bulletins"], true);
    let session = s.login("office.approver", temporary).await;
    let changed = send(&s, &session, Method::POST, "/api/auth/password", json!({
        "current": temporary, "password": "approver-passphrase-1", "confirm": "approver-passphrase-1",
    })).await;
    let signer = common::Session::from_login(changed).await;
    let me = ok_json(signer.on(s.get("/api/auth/me"), false)).await;
    assert_eq!(me["signs_bulletins"], true);

    // The office's format.
    let error = refused(
        send(
            &s,
            &office,
            Method::PUT,
            "/api/settings/bulletins",
            json!({"doc_format": "合效办〔2026〕号"}),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["doc_format"].is_string(), "{error}");
    expect_status(
        send(
            &s,
            &leader,
            Method::PUT,
            "/api/settings/bulletins",
            json!({"doc_format": "效通〔{year}〕{n}号"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "leaders read the format, the office sets it",
    )
    .await;
    expect(
        send(
            &s,
            &office,
            Method::PUT,
            "/api/settings/bulletins",
            json!({"doc_format": "效通〔{year}〕{n}号"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let settings = ok_json(leader.on(s.get("/api/settings/bulletins"), false)).await;
    assert_eq!(settings["doc_format"], "效通〔{year}〕{n}号");

    // The approver signs off the office's bulletin, not their own.
    let own = submitted(&s, &signer, "签发人自己提交的通报").await;
    assert_eq!(own["actions"], json!(["return"]));
    expect_status(
        act(&s, &signer, &own, "publish", None).await,
        StatusCode::FORBIDDEN,
        "whoever submitted it cannot sign it off",
    )
    .await;
    let theirs = submitted(&s, &office, "效能办提交的通报").await;
    let seen = ok_json(signer.on(s.get(&format!("/api/bulletins/{}", theirs["id"])), false)).await;
    assert_eq!(seen["actions"], json!(["return", "publish"]));
    let year = this_year();
    let first = expect(
        act(&s, &signer, &seen, "publish", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first["doc_number"], format!("效通〔{year}〕1号"));
    assert_eq!(first["signed_by"], "效能办 签发人");

    // Ten signed off at once: ten numbers, none twice, none skipped.
    let mut waiting = Vec::new();
    for i in 0..10 {
        waiting.push(submitted(&s, &office, &format!("第{i}份")).await);
    }
    let mut signing = tokio::task::JoinSet::new();
    for b in waiting {
        let (url, leader) = (s.url.clone(), leader.clone());
        signing.spawn(async move {
            let resp = leader
                .on(
                    reqwest::Client::new().post(format!("{url}/api/bulletins/{}/actions", b["id"])),
                    true,
                )
                .json(&json!({"action": "publish", "version": b["version"]}))
                .send()
                .await
                .unwrap();
            let b = expect(resp, StatusCode::OK).await;
            b["doc_number"].as_str().unwrap().to_owned()
        });
    }
    let mut numbers = signing.join_all().await;
    numbers.sort();
    numbers.dedup();
    let mut expected: Vec<String> = (2..=11).map(|n| format!("效通〔{year}〕{n}号")).collect();
    expected.sort();
    assert_eq!(numbers, expected);

    // A retracted bulletin keeps its number, and the next is new.
    expect(
        act(&s, &office, &first, "retract", Some("内容有误")).await,
        StatusCode::OK,
    )
    .await;
    let next = submitted(&s, &office, "重新印发的通报").await;
    let next = expect(
        act(&s, &leader, &next, "publish", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(next["doc_number"], format!("效通〔{year}〕12号"));
    let retracted =
        ok_json(office.on(s.get(&format!("/api/bulletins/{}", first["id"])), false)).await;
    assert_eq!(retracted["doc_number"], format!("效通〔{year}〕1号"));

    // A number typed by hand before the sequence is passed over, not repeated.
    s.raw_sql(&format!(
        "UPDATE bulletins SET doc_number = '效通〔{year}〕13号' WHERE id = {}",
        own["id"]
    ))
    .await;
    let after = submitted(&s, &office, "又一份").await;
    let after = expect(
        act(&s, &leader, &after, "publish", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["doc_number"], format!("效通〔{year}〕14号"));
    let log = s.state.store.recent_audit(5).await.unwrap();
    assert!(
        log.iter()
            .any(|(a, e, _)| a == "publish" && e == "bulletin"),
        "{log:?}"
    );
}

/// A real 2×2 PNG (a citizen's photo is parsed to take its metadata out).
fn png() -> Vec<u8> {
    include_bytes!("data/pixel.png").to_vec()
}

/// The same PNG saying where it was taken, as a phone's would.
fn png_with_place() -> Vec<u8> {
    use img_parts::png::{Png, PngChunk};
    let mut png = Png::from_bytes(png().into()).unwrap();
    let place = PngChunk::new(*b"tEXt", "Comment\0GPS 31.8206N 117.2272E".into());
    let end = png.chunks().len() - 1;
    png.chunks_mut().insert(end, place);
    png.encoder().bytes().to_vec()
}

fn report() -> Value {
    json!({
        "unit_id": 7,
        "what": "周一上午十点,政务服务窗口无人值守,等了半小时",
        "place": "市房产局政务服务大厅3号窗口",
        "happened_on": "2026-11-23",
        "contact": "138 0000 0000",
    })
}

async fn citizen_reports_are_tracked_by_code(s: TestServer) {
    use chrono::Datelike;
    let office = s.login("office", DEMO).await;
    // The office answers within 5 working days on its calendar: with the
    // next two weekdays made holidays, the day moves past them.
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let weekdays_after = |from: chrono::NaiveDate| {
        from.iter_days()
            .skip(1)
            .filter(|d| !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun))
    };
    let off: Vec<chrono::NaiveDate> = weekdays_after(today).take(2).collect();
    for day in &off {
        let put = office
            .on(
                s.request(Method::PUT, &format!("/api/calendar/days/{day}")),
                true,
            )
            .json(&json!({"working": false, "name": "临时放假"}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), StatusCode::OK);
    }
    let answer_by = weekdays_after(today)
        .filter(|d| !off.contains(d))
        .nth(4)
        .unwrap()
        .to_string();
    // JSON, and a form with a photo.
    let receipt = expect(
        s.post("/api/public/reports")
            .json(&report())
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let code = receipt["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("JB-") && code.len() == 12, "{code}");
    assert_eq!(receipt["answer_by"].as_str(), Some(answer_by.as_str()));
    let form = Form::new()
        .text(
            "report",
            json!({"what": "热电集团客服电话一直无人接听,拨打了十次"}).to_string(),
        )
        .part(
            "photo",
            Part::bytes(png_with_place()).file_name("通话记录.png"),
        );
    let with_photo = expect(
        s.post("/api/public/reports")
            .multipart(form)
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;

    // The status shows what happened, never the contact.
    let (status, text) =
        public_text(&s, &format!("/api/public/reports/{}", code.to_lowercase())).await;
    assert_eq!(status, StatusCode::OK);
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (view["status"].as_str(), view["outcome"].clone()),
        (Some("received"), Value::Null)
    );
    assert_eq!(view["answer_by"].as_str(), Some(answer_by.as_str()));
    assert!(!text.contains("138"), "{text}");
    for missing in ["JB-2222-2222", "../../etc", "x"] {
        let (status, _) = public_text(&s, &format!("/api/public/reports/{missing}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
    }

    // The office reads reports with the contact and the photo.
    let list = expect(
        office
            .on(s.get("/api/reports?status=received"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    let first = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code.as_str())
        .unwrap()
        .clone();
    assert_eq!(first["contact"], "138 0000 0000");
    let second = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == with_photo["code"])
        .unwrap()
        .clone();
    assert_eq!(second["photo"]["content_type"], "image/png");
    let photo = office
        .on(
            s.get(&format!("/api/reports/{}/photo", second["id"])),
            false,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), StatusCode::OK);
    assert_eq!(
        photo.bytes().await.unwrap().to_vec(),
        png(),
        "the picture is kept, where it was taken is not"
    );

    // Accepted as a finding, with the photo as its evidence.
    let (status, error) = error_of(send(&s, &office, Method::POST, &format!("/api/reports/{}/accept", second["id"]), json!({
        "unit_id": 12, "dimension": "service_attitude", "severity": "minor", "title": "", "version": second["version"],
    })).await).await;
    assert_eq!(
        (status, error["fields"]["title"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let accepted = expect(send(&s, &office, Method::POST, &format!("/api/reports/{}/accept", second["id"]), json!({
        "unit_id": 12, "dimension": "service_attitude", "severity": "minor", "title": "客服电话无人接听", "version": second["version"],
    })).await, StatusCode::OK).await;
    let finding = expect(
        office
            .on(
                s.get(&format!("/api/findings/{}", accepted["finding_id"])),
                false,
            )
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (finding["source"].as_str(), finding["unit_id"].as_i64()),
        (Some("citizen_report"), Some(12))
    );
    assert_eq!(finding["evidence"].as_array().map(Vec::len), Some(1));
    let evidence_name = finding["evidence"][0]["file_name"].as_str().unwrap();
    assert!(
        !evidence_name.contains(with_photo["code"].as_str().unwrap()),
        "the unit cannot follow the citizen's tracking code: {evidence_name}"
    );
    let (_, text) = public_text(
        &s,
        &format!(
            "/api/public/reports/{}",
            with_photo["code"].as_str().unwrap()
        ),
    )
    .await;
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (view["status"].as_str(), view["outcome"].as_str()),
        (Some("accepted"), Some("being_handled"))
    );

    // Declined with the reason the citizen reads; decided once.
    let declined = expect(
        send(
            &s,
            &office,
            Method::POST,
            &format!("/api/reports/{}/decline", first["id"]),
            json!({
                "reason": "经核实,当日窗口人员在岗,系系统故障暂停办理", "version": first["version"],
            }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let _error = expect_error(
        send(
            &s,
            &office,
            Method::POST,
            &format!("/api/reports/{}/decline", first["id"]),
            json!({
                "reason": "再次", "version": declined["version"],
            }),
        )
        .await,
        StatusCode::CONFLICT,
        "wrong_state",
    )
    .await;
    let (_, text) = public_text(&s, &format!("/api/public/reports/{code}")).await;
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        view["declined_reason"],
        "经核实,当日窗口人员在岗,系系统故障暂停办理"
    );

    // Bad reports change nothing and say why.
    let error = refused(s.post("/api/public/reports").json(&json!({
        "unit_id": 999999, "what": "太短", "happened_on": "2999-01-01", "contact": "x".repeat(101),
    })).send().await.unwrap()).await;
    for field in ["unit_id", "what", "happened_on", "contact"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let form = Form::new().text("report", report().to_string()).part(
        "photo",
        Part::bytes(b"MZ not a photo".to_vec()).file_name("a.jpg"),
    );
    let (status, error) = error_of(
        s.post("/api/public/reports")
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["fields"]["photo"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let form = Form::new().text("report", "not json");
    let (status, error) = error_of(
        s.post("/api/public/reports")
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["fields"]["report"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let all = expect(
        office
            .on(s.get("/api/reports"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    // A page at a time, newest first, each report once.
    let first = expect(
        office
            .on(s.get("/api/reports?limit=1"), false)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let cursor = first["next"].as_str().expect("a second page").to_owned();
    let second = expect(
        office
            .on(
                s.get(&format!("/api/reports?limit=1&cursor={cursor}")),
                false,
            )
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            first["items"][0]["id"].clone(),
            second["items"][0]["id"].clone()
        ),
        (all["items"][0]["id"].clone(), all["items"][1]["id"].clone())
    );
    assert_eq!(second["next"], Value::Null);
}

async fn report_floods_are_throttled(s: TestServer) {
    for _ in 0..5 {
        expect(
            s.post("/api/public/reports")
                .json(&report())
                .send()
                .await
                .unwrap(),
            StatusCode::CREATED,
        )
        .await;
    }
    let resp = s
        .post("/api/public/reports")
        .json(&report())
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("retry-after"));
    let error = expect_error(resp, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    assert!(
        error["retry_after"].as_u64().is_some_and(|s| s > 0),
        "{error}"
    );
}

/// The editor's preview: the published page's renderer, typed HTML shown as
/// text, a text too long refused by name, and nothing written.
async fn the_preview_is_the_published_rendering(s: TestServer) {
    let leader = s.login("leader", DEMO).await;
    let before = s.state.store.recent_audit(1).await.unwrap();
    let body = "经查，**窗口**存在问题。\n\n<script>alert(1)</script>\n\n- 脱岗";
    let preview = expect(
        send(
            &s,
            &leader,
            Method::POST,
            "/api/bulletins/preview",
            json!({ "body": body }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let html = preview["html"].as_str().unwrap();
    assert_eq!(html, xiaoneng_domain::markdown::to_html(body));
    assert!(html.contains("<strong>窗口</strong>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "{html}"
    );
    assert!(html.contains("<li>脱岗</li>"), "{html}");
    let empty = expect(
        send(
            &s,
            &leader,
            Method::POST,
            "/api/bulletins/preview",
            json!({ "body": "" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(empty["html"], "");
    let too_long = "字".repeat(xiaoneng_domain::bulletin::BODY_MAX_CHARS + 1);
    let error = refused(
        send(
            &s,
            &leader,
            Method::POST,
            "/api/bulletins/preview",
            json!({ "body": too_long }),
        )
        .await,
    )
    .await;
    assert!(error["fields"]["body"].is_string(), "{error}");
    // A preview changes nothing: the audit log's latest entry is the same.
    let after = s.state.store.recent_audit(1).await.unwrap();
    assert_eq!(format!("{before:?}"), format!("{after:?}"));
}
