//! The portal's pages the server paints whole (the home page, the
//! bulletins, the figures) on both engines: they show what the API answers,
//! page to the end by links, refuse a bad search in the page, speak the
//! reader's language and let no stored text through as markup.

mod common;

use common::{Session, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    the_pages_show_what_the_api_answers_and_page_to_the_end,
    a_bad_search_is_refused_in_the_page,
    a_database_fault_shows_in_the_page_with_a_retry,
    a_reports_receipt_and_status_are_pages_of_their_own,
    the_report_form_is_a_page_that_sends_once
);

async fn send(s: &TestServer, who: &Session, path: &str, body: Value) -> Value {
    let resp = who
        .on(s.request(Method::POST, path), true)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// A public bulletin titled `title`, written by the office and signed off by a leader.
async fn publish(s: &TestServer, office: &Session, leader: &Session, title: &str) -> Value {
    let draft = send(
        s,
        office,
        "/api/bulletins",
        json!({"title": title, "kind": "inspection_results", "body": "督查情况通报。", "audience": "public"}),
    )
    .await;
    let path = format!("/api/bulletins/{}/actions", draft["id"]);
    let review = send(
        s,
        office,
        &path,
        json!({"action": "submit", "version": draft["version"]}),
    )
    .await;
    send(
        s,
        leader,
        &path,
        json!({"action": "publish", "version": review["version"]}),
    )
    .await
}

async fn page(s: &TestServer, path: &str, lang: &str) -> (StatusCode, String) {
    let resp = s
        .get(path)
        .header(reqwest::header::ACCEPT_LANGUAGE, lang)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.text().await.unwrap())
}

/// The bulletin ids a painted list links to, in order.
fn linked_ids(html: &str, heading: &str) -> Vec<i64> {
    let open = format!("<{heading} class=\"bulletin-item__title\"><a href=\"/bulletins/");
    html.split(&open)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}

/// The href of the link marked `rel="next"`, its `&amp;` read back.
fn next_link(html: &str) -> Option<String> {
    let at = html.find("rel=\"next\"")?;
    let tag_start = html[..at].rfind("<a ")?;
    let tag = &html[tag_start..at];
    let href = tag.split("href=\"").nth(1)?;
    Some(href[..href.find('"')?].replace("&amp;", "&"))
}

async fn the_pages_show_what_the_api_answers_and_page_to_the_end(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    // More than a page (20) of bulletins; one title with markup in it.
    for n in 1..=22 {
        publish(&s, &office, &leader, &format!("第{n}号督查情况通报")).await;
    }
    publish(
        &s,
        &office,
        &leader,
        "关于<script>alert(1)</script>的通报 & 说明",
    )
    .await;
    let all: Value = s
        .get("/api/public/bulletins?limit=100")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect();
    assert_eq!(all.len(), 23);

    // The home page: painted, the three newest, this year's figures.
    let (status, home) = page(&s, "/", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("data-painted=\"home\""), "{home}");
    assert_eq!(linked_ids(&home, "h3"), all[..3].to_vec());
    assert!(
        home.contains("关于&lt;script&gt;alert(1)&lt;/script&gt;的通报 &amp; 说明"),
        "escaped: {home}"
    );
    assert!(!home.contains("<script>alert"), "{home}");
    let stats: Value = s
        .get("/api/public/stats")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        home.contains(&format!(
            "<li><strong>{}</strong>督查次数</li>",
            stats["inspections"]
        )),
        "{home}"
    );
    assert!(
        home.contains("<title>首页 - 效能 机关效能督查系统</title>"),
        "{home}"
    );

    // The bulletins, followed page by page to the end: every one, once, in order.
    let (mut seen, mut next, mut pages) = (Vec::new(), Some("/bulletins".to_owned()), 0);
    while let Some(path) = next {
        let (status, html) = page(&s, &path, "zh-CN").await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains("data-painted=\"bulletins\""), "{html}");
        seen.extend(linked_ids(&html, "h2"));
        next = next_link(&html);
        pages += 1;
        if pages > 1 {
            assert!(
                html.contains("<a class=\"pager__first\" href=\"/bulletins\">回到最新的通报</a>"),
                "{html}"
            );
        }
    }
    assert_eq!(seen, all);
    assert_eq!(pages, 2);

    // A search keeps its words in the form and in the next page's link.
    let (status, found) = page(&s, "/bulletins?q=%E7%AC%AC7%E5%8F%B7&year=&unit=", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linked_ids(&found, "h2").len(), 1, "{found}");
    assert!(found.contains("value=\"第7号\""), "{found}");
    let (_, none) = page(
        &s,
        "/bulletins?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%BA%9B%E5%AD%97",
        "zh-CN",
    )
    .await;
    assert!(none.contains("没有符合条件的通报。"), "{none}");

    // In English for an English reader, the navigation marking the page.
    let (_, english) = page(&s, "/bulletins", "en").await;
    assert!(
        english.contains("<h1>Accountability bulletins</h1>"),
        "{english}"
    );
    assert!(english.contains("Earlier bulletins"), "{english}");

    // The figures, with the same numbers as the API.
    let (status, figures) = page(&s, "/stats", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(figures.contains("data-painted=\"stats\""), "{figures}");
    assert!(
        figures.contains(&format!(
            "<li><strong>{}</strong>查实问题</li>",
            stats["substantiated"]
        )),
        "{figures}"
    );
    assert!(figures.contains("aria-label=\"按问题类别\""), "{figures}");
    assert!(figures.contains("只统计经核查属实的问题"), "{figures}");
}

async fn a_bad_search_is_refused_in_the_page(s: TestServer) {
    // A year that is not a number, a year out of range, a word too long, an unknown kind.
    for (query, field) in [
        ("year=twenty", "年份"),
        ("year=1999", "年份"),
        ("kind=secret", "类别"),
        ("unit=x", "涉及单位"),
        ("cursor=not-a-cursor", "页码"),
    ] {
        let (status, html) = page(&s, &format!("/bulletins?{query}"), "zh-CN").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(html.contains("搜索条件有误"), "{query}: {html}");
        assert!(html.contains(&format!("{field}：")), "{query}: {html}");
        assert!(
            html.contains("<form class=\"filters\""),
            "the form stays: {html}"
        );
    }
    let long = "字".repeat(101);
    let (status, html) = page(&s, &format!("/bulletins?q={long}"), "zh-CN").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("搜索通报："), "{html}");
    // What was typed comes back escaped.
    let (_, html) = page(&s, "/bulletins?q=%22%3E%3Cscript%3E", "zh-CN").await;
    assert!(
        html.contains("value=\"&quot;&gt;&lt;script&gt;\""),
        "{html}"
    );
    // The figures of a year with no figures yet, or not a year.
    for query in ["year=1999", "year=abc", "year=99999999999"] {
        let (status, html) = page(&s, &format!("/stats?{query}"), "en").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(html.contains("Year: "), "{query}: {html}");
    }
}

async fn a_database_fault_shows_in_the_page_with_a_retry(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let leader = s.login("leader", DEMO).await;
    publish(&s, &office, &leader, "第1号督查情况通报").await;
    // The bulletins cannot be read (a fault the database answers with an error).
    s.raw_sql("ALTER TABLE bulletins RENAME TO bulletins_away")
        .await;
    let (status, home) = page(&s, "/", "zh-CN").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the rest of the home page still serves"
    );
    assert!(home.contains("暂时无法读取，请稍后重试。"), "{home}");
    assert!(home.contains("href=\"/\">重试</a>"), "{home}");
    assert!(home.contains("<a href=\"/report\">举报问题</a>"), "{home}");
    let (status, list) = page(&s, "/bulletins?q=%E7%AC%AC1%E5%8F%B7", "zh-CN").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        list.contains("href=\"/bulletins?q=%E7%AC%AC1%E5%8F%B7\">重试</a>"),
        "the retry asks the same again: {list}"
    );
    assert!(list.contains("<form class=\"filters\""), "{list}");
    // Mended: the same addresses show the bulletins again.
    s.raw_sql("ALTER TABLE bulletins_away RENAME TO bulletins")
        .await;
    let (status, list) = page(&s, "/bulletins?q=%E7%AC%AC1%E5%8F%B7", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(linked_ids(&list, "h2").len(), 1, "{list}");
}

async fn a_reports_receipt_and_status_are_pages_of_their_own(s: TestServer) {
    let resp = s
        .post("/api/public/reports")
        .json(&json!({"what": "窗口工作人员上班时间用手机看视频，群众排队无人办理"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let receipt: Value = resp.json().await.unwrap();
    let (code, by) = (
        receipt["code"].as_str().unwrap().to_owned(),
        receipt["answer_by"].as_str().unwrap().to_owned(),
    );

    // The receipt: the code, the copy button the boot script works, the answer day.
    let (status, html) = page(&s, &format!("/report/received?code={code}"), "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-painted=\"receipt\""), "{html}");
    assert!(
        html.contains(&format!(
            "<p class=\"receipt__code\" id=\"receipt-code\">{code}</p>"
        )),
        "{html}"
    );
    assert!(html.contains("data-copy=\"receipt-code\""), "{html}");
    assert!(
        html.contains(&format!(
            "效能办在 5 个工作日内审核，最迟于 <time class=\"nowrap\" datetime=\"{by}\">{by}（"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "href=\"/report/status?code={code}\">查看办理进度</a>"
        )),
        "{html}"
    );

    // The status, by the code as typed (lower case, spaces around).
    let typed = format!("%20{}%20", code.to_lowercase());
    let (status, html) = page(&s, &format!("/report/status?code={typed}"), "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Check a report's status</h1>"), "{html}");
    assert!(html.contains(&format!("<dd>{code}</dd>")), "{html}");
    assert!(html.contains("<dt>Answer due by</dt>"), "{html}");

    // No code: the form alone. An unknown code, or markup for one: not found, escaped.
    let (status, html) = page(&s, "/report/status", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("name=\"code\"") && !html.contains("role=\"alert\""),
        "{html}"
    );
    for path in [
        "/report/status?code=JB-AAAA-AAAA",
        "/report/received?code=JB-AAAA-AAAA",
        "/report/status?code=%22%3E%3Cscript%3E",
    ] {
        let (status, html) = page(&s, path, "zh-CN").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.contains("没有找到这个查询码，请核对后再试。"),
            "{path}: {html}"
        );
        assert!(!html.contains("<script>"), "{path}: {html}");
    }
}

/// The report form as a browser sends it.
fn report_form(what: &str, unit: &str, photo: Option<(&str, Vec<u8>)>) -> reqwest::multipart::Form {
    use reqwest::multipart::{Form, Part};
    let form = Form::new()
        .text("unit", unit.to_owned())
        .text("what", what.to_owned())
        .text("place", "政务服务中心二楼".to_owned())
        .text("happened_on", String::new())
        .text("contact", String::new());
    match photo {
        Some((name, bytes)) => form.part("photo", Part::bytes(bytes).file_name(name.to_owned())),
        // A file input left empty: an empty part with an empty name.
        None => form.part("photo", Part::bytes(Vec::new()).file_name(String::new())),
    }
}

/// The key the painted form posts with (`action="/report?key=…"`).
fn form_key(html: &str) -> String {
    let at = html
        .find("action=\"/report?key=")
        .expect("the form's action")
        + 20;
    html[at..at + 32].to_owned()
}

async fn the_report_form_is_a_page_that_sends_once(s: TestServer) {
    let resp = s.get("/report").send().await.unwrap();
    assert_eq!(
        resp.headers()[reqwest::header::CACHE_CONTROL],
        "no-store",
        "a form with its key is never kept: back fetches a fresh one"
    );
    let (status, html) = page(&s, "/report", "zh-CN").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-painted=\"report\""), "{html}");
    assert!(
        html.contains("<option value=\"市房产局\">"),
        "the units to pick: {html}"
    );
    let key = form_key(&html);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    let reports = || s.scalar("SELECT COUNT(*) FROM reports");
    let before = reports().await;

    // Too short, an unknown unit: the form again, naming both, with what was typed.
    let resp = s
        .post(&format!("/report?key={key}"))
        .multipart(report_form("太短", "没有这个单位", None))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("<a href=\"#report-what\">发生了什么：至少 10 个字符"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#report-unit_id\">涉及单位（选填）："),
        "{html}"
    );
    assert!(html.contains(">太短</textarea>"), "{html}");
    assert_eq!(form_key(&html).len(), 32);
    assert!(
        html.contains("role=\"alert\" tabindex=\"-1\" autofocus"),
        "the summary takes focus: {html}"
    );
    assert!(html.contains("value=\"政务服务中心二楼\""), "{html}");
    assert_eq!(reports().await, before, "nothing kept");

    // A file that is no picture: named, the rest kept.
    let resp = s
        .post(&format!("/report?key={key}"))
        .multipart(report_form(
            "窗口工作人员上班时间用手机看视频，群众排队无人办理",
            "市房产局",
            Some(("照片.png", b"not a picture at all".to_vec())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains("<a href=\"#report-photo\">照片（选填）："),
        "{html}"
    );
    assert!(html.contains("value=\"市房产局\""), "{html}");
    assert_eq!(reports().await, before);

    // Right, with a photo: kept, and the browser sent on to the receipt.
    let photo =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pixel.png")).unwrap();
    let send = || {
        s.post(&format!("/report?key={key}"))
            .multipart(report_form(
                "窗口工作人员上班时间用手机看视频，群众排队无人办理",
                "市房产局",
                Some(("照片.png", photo.clone())),
            ))
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK, "followed to the receipt");
    let receipt = first.url().clone();
    assert_eq!(receipt.path(), "/report/received");
    let html = first.text().await.unwrap();
    assert!(html.contains("data-painted=\"receipt\""), "{html}");
    assert_eq!(reports().await, before + 1);
    assert_eq!(
        s.scalar("SELECT COUNT(*) FROM reports WHERE photo_type = 'image/png'")
            .await,
        1
    );

    // Sent again with the same key (a retry, a reload of the answer): the same receipt, kept once.
    let again = send().await.unwrap();
    assert_eq!(again.url(), &receipt);
    assert_eq!(reports().await, before + 1);
}
