//! A citizen reads a bulletin and reports a problem; the server's first view says what the app says.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_reads_a_bulletin_and_reports_a_problem() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        client.goto(&url).await.unwrap();
        page.heading("机关效能督查").await;

        // From the home page's latest bulletins to one bulletin.
        let latest = page
            .wait_for(
                "a latest bulletin",
                "//section[.//h2[normalize-space()='最新通报']]//li//a",
            )
            .await;
        let title = latest.text().await.unwrap();
        page.screenshot("phone-home-latest-zh").await;
        page.accessible("the home page").await;
        page.touch_friendly("the home page").await;
        // The check itself can fail: an unlabelled field is caught.
        client
            .execute(
                "const i = document.createElement('input'); i.id = 'axe-probe'; \
                 document.querySelector('main').appendChild(i); return true;",
                vec![],
            )
            .await
            .unwrap();
        let caught = page.violations().await;
        assert!(
            caught.iter().any(|v| v.starts_with("label")),
            "axe finds an input without a label: {caught:?}"
        );
        client
            .execute(
                "document.getElementById('axe-probe').remove(); return true;",
                vec![],
            )
            .await
            .unwrap();
        latest.click().await.unwrap();
        page.heading(&title).await;
        assert!(
            client.title().await.unwrap().contains(&title),
            "the page title names the bulletin"
        );
        page.screenshot("phone-bulletin-zh").await;
        page.accessible("a bulletin").await;
        page.touch_friendly("a bulletin").await;

        // Opened by its address (a shared link), the server paints it whole
        // and no app is fetched; the menu and the language buttons still
        // work, a language by a reload.
        let bulletin_url = client.current_url().await.unwrap().to_string();
        client.goto(&bulletin_url).await.unwrap();
        page.heading(&title).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let fetched = page.fetched().await;
        assert!(fetched.iter().any(|n| n.contains("/boot-")), "{fetched:?}");
        assert!(!fetched.iter().any(|n| n.ends_with(".wasm")), "{fetched:?}");
        page.screenshot("phone-bulletin-painted-zh").await;
        page.accessible("a bulletin opened by its address").await;
        page.touch_friendly("a bulletin opened by its address")
            .await;
        page.button("菜单").await.click().await.unwrap();
        page.button("English").await.click().await.unwrap();
        page.link("Back to the bulletins").await;
        page.heading(&title).await;
        page.button("Menu").await.click().await.unwrap();
        page.button("中文").await.click().await.unwrap();

        // The list: searching a word of the title finds it; the feed link is there.
        page.link("返回通报列表").await.click().await.unwrap();
        page.heading("问责通报").await;
        page.link("订阅（Atom）").await;
        let word: String = title.chars().take(4).collect();
        page.field("搜索通报").await.send_keys(&word).await.unwrap();
        page.button("搜索").await.click().await.unwrap();
        page.wait_for(
            "the bulletin in the results",
            &format!("//main//li//h2/a[normalize-space()={}]", lit(&title)),
        )
        .await;
        assert!(client.current_url().await.unwrap().as_str().contains("q="));
        // Narrowed to a unit it concerns, it is still there.
        let units = page
            .wait_for(
                "the units the bulletin concerns",
                &format!(
                    "//main//li[.//h2/a[normalize-space()={}]]/p[@class='muted']",
                    lit(&title)
                ),
            )
            .await
            .text()
            .await
            .unwrap();
        let unit = units.split('、').next().unwrap().to_owned();
        page.field("涉及单位")
            .await
            .select_by_label(&unit)
            .await
            .unwrap();
        page.button("搜索").await.click().await.unwrap();
        page.wait_for(
            "the bulletin among the unit's",
            &format!("//main//li//h2/a[normalize-space()={}]", lit(&title)),
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("unit=")
        );
        page.screenshot("phone-bulletins-zh").await;
        page.accessible("the bulletin list").await;
        page.touch_friendly("the bulletin list").await;
        // Painted by the server, searched by a plain form: no app is fetched.
        let fetched = page.fetched().await;
        assert!(!fetched.iter().any(|n| n.ends_with(".wasm")), "{fetched:?}");

        // The figures, with the method next to them.
        client.goto(&format!("{url}/stats")).await.unwrap();
        page.heading("效能督查数据公开").await;
        page.wait_for(
            "a chart",
            "//*[local-name()='svg'][@role='img'][@aria-label='按问题类别']",
        )
        .await;
        page.text_anywhere("只统计经核查属实的问题").await;
        page.screenshot("phone-stats-zh").await;
        page.accessible("the figures").await;
        page.touch_friendly("the figures").await;
        // Another year, by the form.
        page.field("年份")
            .await
            .select_by_label("2020")
            .await
            .unwrap();
        page.button("查看").await.click().await.unwrap();
        page.wait_for(
            "the figures of 2020",
            "//select[@id='stats-year']/option[@selected][normalize-space()='2020']",
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .ends_with("/stats?year=2020")
        );
        let fetched = page.fetched().await;
        assert!(!fetched.iter().any(|n| n.ends_with(".wasm")), "{fetched:?}");

        // A report with a photo; the code leads to its status.
        let files = tempfile::tempdir().unwrap();
        client.goto(&format!("{url}/report")).await.unwrap();
        page.heading("举报问题").await;
        page.accessible("the report form").await;
        page.touch_friendly("the report form").await;
        page.field("发生了什么")
            .await
            .send_keys("太短")
            .await
            .unwrap();
        page.button("提交举报").await.click().await.unwrap();
        page.alert_saying("至少 10 个字符").await;
        page.screenshot("phone-report-refused-zh").await;
        page.accessible("the report form, refused").await;
        // The form is painted by the server and sent as a plain form: no app.
        let fetched = page.fetched().await;
        assert!(!fetched.iter().any(|n| n.ends_with(".wasm")), "{fetched:?}");
        page.field("涉及单位（选填）")
            .await
            .send_keys("市房产局政务服务窗口")
            .await
            .unwrap();
        page.field("发生了什么")
            .await
            .send_keys(",窗口工作人员上班时间用手机看视频,群众排队无人办理")
            .await
            .unwrap();
        page.field("照片（选填）")
            .await
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        let sent_with = form_action(&page).await;
        page.button("提交举报").await.click().await.unwrap();
        page.heading("举报已收到").await;
        let code = page
            .wait_for("the tracking code", "//p[@class='receipt__code']")
            .await
            .text()
            .await
            .unwrap();
        assert!(code.starts_with("JB-"), "{code}");
        // The receipt is a page of its own, painted by the server: what
        // happens next, by which working day (the demo calendar has no
        // holiday this month), and a copy button; a reload keeps it.
        let receipt_url = client.current_url().await.unwrap();
        assert_eq!(receipt_url.path(), "/report/received");
        let by = answer_day();
        let first_step = format!(
            "效能办在 5 个工作日内审核，最迟于 {by}（{}）答复是否受理。",
            xiaoneng_domain::calendar::weekday_name(by, xiaoneng_domain::Lang::ZhCn)
        );
        page.wait_for(
            "the first of the next steps",
            &format!("//ol/li[normalize-space()={}]", lit(&first_step)),
        )
        .await;
        page.button("复制查询码").await.click().await.unwrap();
        page.wait_for(
            "the copy confirmed",
            "//*[@role='status'][normalize-space()='查询码已复制。']",
        )
        .await;
        client.refresh().await.unwrap();
        page.heading("举报已收到").await;
        page.text_anywhere(&code).await;
        page.text_anywhere("受理的举报转为督查问题").await;
        // Painted by the server: a reload (or the address kept) fetches no app.
        let fetched = page.fetched().await;
        assert!(!fetched.iter().any(|n| n.ends_with(".wasm")), "{fetched:?}");
        page.screenshot("phone-report-receipt-zh").await;
        page.accessible("the report receipt").await;
        page.touch_friendly("the report receipt").await;
        // Back from the receipt: a fresh form, with a key of its own (never
        // kept with the one sent, so a second report is not taken for the first).
        client.back().await.unwrap();
        page.heading("举报问题").await;
        let fresh = form_action(&page).await;
        assert!(
            fresh.starts_with("/report?key=") && fresh != sent_with,
            "{fresh} after {sent_with}"
        );
        client.forward().await.unwrap();
        page.heading("举报已收到").await;
        page.link("查看办理进度").await.click().await.unwrap();
        page.heading("查询举报办理进度").await;
        page.text_anywhere("已收到").await;
        page.text_anywhere(&code).await;
        page.text_anywhere(&by.to_string()).await;
        page.screenshot("phone-report-status-zh").await;
        page.accessible("the report's status").await;
        page.touch_friendly("the report's status").await;
        let status_url = client.current_url().await.unwrap().to_string();

        // The office finds it among the reports received and accepts it as a finding.
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("群众举报").await.click().await.unwrap();
        page.heading("群众举报").await;
        page.accessible("the office's reports").await;
        page.wait_for(
            "the new report in the list",
            &format!("//li[.//*[normalize-space()={}]]//h2/a", lit(&code)),
        )
        .await
        .click()
        .await
        .unwrap();
        page.heading(&format!("群众举报 {code}")).await;
        page.text_anywhere("群众排队无人办理").await;
        page.wait_for("the report's photo", "//figure//img[@alt='照片']")
            .await;
        page.screenshot("desktop-office-report-zh").await;
        page.accessible("a report").await;
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .expect("the unit list offers 市房产局");
        page.field("问题类别")
            .await
            .select_by_label("工作纪律")
            .await
            .unwrap();
        let title = page.field("问题标题").await;
        title.clear().await.unwrap();
        title.send_keys("窗口人员上班时间看视频").await.unwrap();
        page.button("受理").await.click().await.unwrap();
        page.text_anywhere("已受理为问题").await;
        page.link("问题台账").await;
        // The citizen's status page now says it is being handled.
        client.goto(&status_url).await.unwrap();
        page.heading("查询举报办理进度").await;
        page.text_anywhere("已受理，正在办理").await;
    })
    .await;
}

/// Five weekdays after today in Beijing: when the office answers a report
/// sent today, on a calendar with no holiday in the coming weeks.
fn answer_day() -> chrono::NaiveDate {
    use chrono::Datelike;
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    today
        .iter_days()
        .skip(1)
        .filter(|d| !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun))
        .nth(4)
        .unwrap()
}

/// The server writes the portal's frame from `index.html` (in Chinese),
/// putting it in English by its words (`http::shell`): they must be in it,
/// and the staff app's frame must say the same in both languages.
#[test]
fn the_portals_frame_says_what_the_staff_frame_says() {
    use xiaoneng_app::texts::{EN, ZH_CN};
    use xiaoneng_server::http::shell::SHELL_WORDS;

    let staff: Vec<(&str, &str)> = vec![
        (ZH_CN.product, EN.product),
        (ZH_CN.product_full, EN.product_full),
        (ZH_CN.skip_to_content, EN.skip_to_content),
        (ZH_CN.menu, EN.menu),
        (ZH_CN.main_nav, EN.main_nav),
    ];
    assert_eq!(SHELL_WORDS[..5].to_vec(), staff);
    assert_eq!(SHELL_WORDS[10], (ZH_CN.language, EN.language));
    assert_eq!(SHELL_WORDS[11], (ZH_CN.footer_org, EN.footer_org));
    assert_eq!(SHELL_WORDS[12], (ZH_CN.footer_note, EN.footer_note));
    // And `index.html`, the shell itself, is written with the Chinese words.
    let index = std::fs::read_to_string(workspace().join("portal/index.html")).unwrap();
    for (zh, _) in SHELL_WORDS.iter().take(13) {
        assert!(index.contains(zh), "index.html lacks {zh}");
    }
}

/// Where the report form posts: its address carries the key it is sent with.
async fn form_action(page: &Page<'_>) -> String {
    page.wait_for("the report form", "//form[@data-sending]")
        .await
        .attr("action")
        .await
        .unwrap()
        .expect("the form has an action")
}
