//! The office feeds a finding back (and another unit cannot open it); a unit rectifies and the office accepts and decides.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_feeds_a_finding_back_and_another_unit_cannot_open_it() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        // A deep link opened signed out: sign in, and land where it pointed.
        let deep = "/staff/findings?state=recorded";
        client.goto(&format!("{url}{deep}")).await.unwrap();
        page.heading("工作人员登录").await;
        page.field("用户名")
            .await
            .send_keys("office")
            .await
            .unwrap();
        page.field("密码")
            .await
            .send_keys("xiaoneng-demo")
            .await
            .unwrap();
        page.button("登录").await.click().await.unwrap();
        page.heading("问题台账").await;
        let landed = client.current_url().await.unwrap();
        assert!(landed.as_str().ends_with(deep), "{landed}");
        client.goto(&format!("{url}/staff")).await.unwrap();
        page.heading("工作台").await;
        // The office's to-do: yesterday's findings wait to be fed back.
        page.wait_for(
            "the triage card",
            "//section[.//h2[normalize-space()='待反馈（新登记）']]//li//a",
        )
        .await;
        // This round's coverage, with the plan and the round's findings a click away.
        page.wait_for(
            "the coverage card",
            "//section[.//h2[normalize-space()='本轮督查覆盖']]//progress",
        )
        .await;
        page.screenshot("desktop-office-dashboard-zh").await;
        page.accessible("the office dashboard").await;
        page.link("本轮发现的问题").await.click().await.unwrap();
        page.heading("问题台账").await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("round="),
            "the round's findings: {}",
            client.current_url().await.unwrap()
        );
        page.wait_for("the list or its empty state", "//main//ul[@class='finding-list'] | //main//p[@class='empty-state']")
            .await;

        page.link("问题台账").await.click().await.unwrap();
        page.heading("问题台账").await;
        // Nearest deadline first: the demo's overdue finding leads.
        page.field("排序")
            .await
            .select_by_label("期限最近在前")
            .await
            .unwrap();
        page.button("筛选").await.click().await.unwrap();
        page.wait_for(
            "the overdue finding first",
            "(//main//ul[@class='finding-list']/li)[1][.//span[contains(@class, 'tag--due-overdue')]]",
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("sort=deadline"),
            "the order lives in the URL"
        );
        let state = page.field("状态").await;
        state
            .select_by_label("已登记")
            .await
            .expect("the state filter offers 已登记");
        page.button("筛选").await.click().await.unwrap();
        page.wait_for(
            "the filtered list",
            "//main//li[.//*[normalize-space()='已登记']]//h2/a",
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .contains("state=recorded"),
            "the filter lives in the URL"
        );
        // Every finding listed is recorded.
        let states = client
            .find_all(Locator::XPath(
                "//main//li//span[contains(@class, 'tag--')][1]",
            ))
            .await
            .unwrap();
        assert!(!states.is_empty());
        page.screenshot("desktop-findings-zh").await;
        page.accessible("the findings list").await;

        let first = page.wait_for("the first finding", "//main//li//h2/a").await;
        let title = first.text().await.unwrap();
        first.click().await.unwrap();
        page.heading(&title).await;
        let finding_url = client.current_url().await.unwrap().to_string();

        // Feeding back needs a deadline: the browser says so before sending.
        page.button("反馈单位核实").await.click().await.unwrap();
        let send = page
            .wait_for(
                "the form's send button",
                "//aside//form//button[@type='submit']",
            )
            .await;
        send.click().await.unwrap();
        // The summary names the field and takes focus at the first refusal.
        page.alert_saying("期限：此项必填").await;
        let focused = client
            .execute("return document.activeElement.getAttribute('role')", vec![])
            .await
            .unwrap();
        assert_eq!(focused, json!("alert"), "the summary takes focus");
        let deadline = page.field("期限").await;
        // A Saturday (the demo's calendar names no day after 2020): a warning,
        // and the next working day offered.
        use chrono::Datelike;
        let today = xiaoneng_domain::beijing::day(chrono::Utc::now());
        let saturday = today
            .iter_days()
            .skip(3)
            .find(|d| d.weekday() == chrono::Weekday::Sat)
            .unwrap();
        page.set_date(&deadline, &saturday.to_string()).await;
        page.text_anywhere(&format!("{saturday}（星期六）不是工作日。"))
            .await;
        let monday = saturday + chrono::Days::new(2);
        page.button(&format!("改为 {monday}（星期一）"))
            .await
            .click()
            .await
            .unwrap();
        let input = &deadline;
        page.wait_until("the date moved to Monday", || async move {
            input.prop("value").await.unwrap().as_deref() == Some(monday.to_string().as_str())
        })
        .await;
        page.text_anywhere("星期一，距今").await;
        // Ten working days from today, at one press.
        page.button("10 个工作日").await.click().await.unwrap();
        let ten = {
            let mut day = today;
            let mut left = 10;
            while left > 0 {
                day = day.succ_opt().unwrap();
                if !matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
                    left -= 1;
                }
            }
            day
        };
        page.wait_until("ten working days set", || async move {
            input.prop("value").await.unwrap().as_deref() == Some(ten.to_string().as_str())
        })
        .await;
        page.text_anywhere("距今 10 个工作日。").await;
        page.screenshot("desktop-finding-deadline-zh").await;
        page.field("意见（选填）")
            .await
            .send_keys("请于期限内核实并报送情况")
            .await
            .unwrap();
        send.click().await.unwrap();
        page.text_anywhere("已完成：反馈单位核实").await;
        page.wait_for(
            "the new state",
            "//header//span[normalize-space()='已反馈待核实']",
        )
        .await;
        page.text_anywhere("请于期限内核实并报送情况").await;
        // Now the office's next steps, and no longer the one just taken.
        page.button("认定属实").await;
        let again = client
            .find_all(Locator::XPath("//button[normalize-space()='反馈单位核实']"))
            .await
            .unwrap();
        assert!(again.is_empty(), "feeding back is done");
        page.screenshot("desktop-finding-zh").await;
        page.accessible("a finding").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-finding-zh").await;

        // A liaison of another unit cannot open it by its URL.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        page.sign_in(&url, "liaison").await;
        page.wait_for(
            "the liaison's to-do",
            "//section//h2[normalize-space()='待核实']",
        )
        .await;
        page.screenshot("desktop-liaison-dashboard-zh").await;
        page.accessible("the liaison dashboard").await;
        // What asks the unit to act waits in its inbox, the count beside the link.
        let inbox = page
            .wait_for(
                "the inbox link with its unread count",
                "//nav//a[starts-with(normalize-space(), '通知')][.//span[contains(@class, 'badge')]]",
            )
            .await;
        inbox.click().await.unwrap();
        page.heading("通知").await;
        page.wait_for(
            "a notification leading to its finding",
            "//main//li//a[normalize-space()='查看问题']",
        )
        .await;
        page.screenshot("desktop-liaison-inbox-zh").await;
        page.accessible("the inbox").await;
        // The ledger's filters offer only what the unit can see: its own
        // units, and no finding merged into another.
        client.goto(&format!("{url}/staff/findings")).await.unwrap();
        let options = |label: &'static str| {
            let page = &page;
            async move {
                let select = page.field(label).await;
                let mut texts = Vec::new();
                for option in select.find_all(Locator::Css("option")).await.unwrap() {
                    texts.push(option.text().await.unwrap().trim().to_owned());
                }
                texts
            }
        };
        page.wait_until("the liaison's units in the unit filter", || async {
            options("单位").await.iter().any(|o| o == "市房产局政务服务窗口")
        })
        .await;
        let units = options("单位").await;
        assert!(units.iter().any(|o| o == "市房产局"), "{units:?}");
        assert!(!units.iter().any(|o| o.contains("热电")), "{units:?}");
        let states = options("状态").await;
        assert!(states.iter().any(|o| o == "已查实"), "{states:?}");
        assert!(!states.iter().any(|o| o == "已合并"), "{states:?}");
        // On a phone they fold behind a button; the search stays in sight.
        page.viewport(390, 844, true).await;
        assert!(!page.field("状态").await.is_displayed().await.unwrap());
        assert!(page.field("搜索").await.is_displayed().await.unwrap());
        page.button("筛选条件").await.click().await.unwrap();
        assert!(page.field("状态").await.is_displayed().await.unwrap());
        page.screenshot("phone-liaison-findings-filters-zh").await;
        page.touch_friendly("the findings list on a phone").await;
        page.viewport(1280, 800, false).await;
        client.goto(&finding_url).await.unwrap();
        page.heading("找不到这条问题").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_rectifies_and_the_office_accepts_and_decides() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        let files = tempfile::tempdir().unwrap();

        // The liaison of 市房产局 opens what their units must rectify.
        page.sign_in(&url, "liaison").await;
        let overdue = page
            .wait_for(
                "a finding to rectify",
                "//section[.//h2[normalize-space()='整改中']]//li//a",
            )
            .await;
        let title = overdue.text().await.unwrap();
        page.touch_friendly("the liaison's dashboard on a phone")
            .await;
        overdue.click().await.unwrap();
        page.heading(&title).await;
        page.touch_friendly("a finding on a phone").await;
        let finding_url = client.current_url().await.unwrap().to_string();

        // The report, with a photo of the rectified site taken in the same step.
        page.button("提交整改报告").await.click().await.unwrap();
        page.field("意见")
            .await
            .send_keys("已重新制作离岗告示牌,窗口人员离岗必须放置,科室每日检查")
            .await
            .unwrap();
        page.field("整改后照片（选填，可多张）")
            .await
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        page.wait_for(
            "the form's send button",
            "//aside//form//button[@type='submit']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.wait_for(
            "the report to be in",
            "//header//span[normalize-space()='整改报告待审']",
        )
        .await;
        page.wait_for("the photo in the gallery", "//img[@alt='整改后现场.png']")
            .await;
        page.screenshot("phone-liaison-finding-zh").await;

        // The office accepts it and decides a reassignment.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        page.sign_in(&url, "office").await;
        client.goto(&finding_url).await.unwrap();
        page.heading(&title).await;
        page.button("验收销号").await.click().await.unwrap();
        page.wait_for(
            "the form's send button",
            "//aside//form//button[@type='submit']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.wait_for(
            "the finding to close",
            "//header//span[normalize-space()='已销号']",
        )
        .await;

        page.heading(&title).await;
        page.wait_for("the decision form", "//h2[normalize-space()='问责决定']")
            .await;
        page.button("记录问责决定").await.click().await.unwrap();
        // Nothing chosen yet: the shared rules say what is missing.
        page.alert_saying("此项必填").await;
        let name = page.field("被问责人姓名").await;
        name.clear().await.unwrap();
        name.send_keys("钱晓梅").await.unwrap();
        let post = page.field("职务（岗位）").await;
        post.clear().await.unwrap();
        post.send_keys("窗口受理员").await.unwrap();
        page.field("到基层再上岗").await.click().await.unwrap();
        page.field("再上岗地点")
            .await
            .send_keys("市公安局交警支队")
            .await
            .unwrap();
        let start = page.field("开始日期").await;
        page.set_date(&start, "2020-07-10").await;
        page.text_anywhere("不填则为开始日期起三个月（2020-10-10）")
            .await;
        page.field("问责依据")
            .await
            .send_keys("《合肥市效能建设问责办法》第十条")
            .await
            .unwrap();
        page.button("记录问责决定").await.click().await.unwrap();
        page.text_anywhere("问责决定已记录。").await;
        page.screenshot("desktop-office-decision-zh").await;
        page.accessible("a finding with the decision form").await;
        page.link("查看此人的问责台账").await.click().await.unwrap();
        page.heading("问责台账").await;
        page.wait_for(
            "the decision in the person's ledger",
            "//table//tr[.//a[normalize-space()='钱晓梅']][.//td[contains(., '到基层再上岗')]]",
        )
        .await;
        page.screenshot("desktop-ledger-zh").await;
        page.accessible("the ledger").await;
    })
    .await;
}
