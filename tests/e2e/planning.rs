//! The office plans a round, a batch and an unannounced visit; a unit plans its own mutual inspection.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_plans_a_round_a_batch_and_an_unannounced_visit() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("督查计划").await.click().await.unwrap();
        page.heading("督查计划").await;
        // The office's own pages are an app of their own, loaded when one is opened.
        let office_wasm = page.wasm_fetched().await;
        assert!(
            office_wasm.len() == 1 && office_wasm[0].contains("/office-app/"),
            "{office_wasm:?}"
        );
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let day = |n: i64| {
            (today + chrono::Duration::days(n))
                .format("%Y-%m-%d")
                .to_string()
        };

        page.wait_for(
            "the new-round form",
            "//summary[normalize-space()='新建轮次']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("轮次名称")
            .await
            .send_keys("专项督查：窗口作风")
            .await
            .unwrap();
        page.set_date(&page.field("开始日期").await, &day(1)).await;
        page.set_date(&page.field("结束日期").await, &day(20)).await;
        page.button("全部市直单位（全覆盖）")
            .await
            .click()
            .await
            .unwrap();
        page.button("创建").await.click().await.unwrap();
        page.link("专项督查：窗口作风").await.click().await.unwrap();
        page.wait_for("the round", "//h2[normalize-space()='专项督查：窗口作风']")
            .await;
        page.text_anywhere("已督查 0 / 应督查").await;

        page.wait_for(
            "the new-batch form",
            "//summary[normalize-space()='新增批次']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("批次名称")
            .await
            .send_keys("第一批")
            .await
            .unwrap();
        let form = "//details[.//summary[normalize-space()='新增批次']]";
        let starts = client
            .find(Locator::XPath(&format!(
                "{form}//input[@id='batch-starts_on']"
            )))
            .await
            .unwrap();
        page.set_date(&starts, &day(1)).await;
        let ends = client
            .find(Locator::XPath(&format!(
                "{form}//input[@id='batch-ends_on']"
            )))
            .await
            .unwrap();
        page.set_date(&ends, &day(7)).await;
        client
            .find(Locator::XPath(&format!("{form}//button[@type='submit']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("第一批").await;

        page.wait_for(
            "the new-visit form",
            "//summary[normalize-space()='新增督查任务']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.field("批次")
            .await
            .select_by_label("第一批")
            .await
            .unwrap();
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .unwrap();
        page.set_date(&page.field("计划日期").await, &day(2)).await;
        page.field("暗访").await.click().await.unwrap();
        page.field("督查员 林国栋").await.click().await.unwrap();
        let visit_form = "//details[.//summary[normalize-space()='新增督查任务']]";
        client
            .find(Locator::XPath(&format!(
                "{visit_form}//button[@type='submit']"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the planned visit",
            &format!("//li[a[strong[normalize-space()='{}']]]", day(2)),
        )
        .await;
        page.screenshot("desktop-planning-zh").await;
        page.accessible("planning").await;
    })
    .await;
}

/// A unit's liaison plans a mutual inspection inside their own tree (and
/// is told who may not inspect whom), makes their self-inspection visit on a
/// phone, and the office reads the unit's round without being able to change it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_plans_a_mutual_inspection_and_makes_its_own_visit() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "liaison").await;
        page.link("自查互查").await.click().await.unwrap();
        page.heading("自查互查").await;
        let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
        let day = |n: i64| {
            (today + chrono::Duration::days(n))
                .format("%Y-%m-%d")
                .to_string()
        };
        // The demo's self-inspection is the unit's own; nothing of the office's shows.
        page.link(&format!("{}市房产局窗口单位自查", today.format("%Y年%-m月")))
            .await;
        let office_rounds = client
            .find_all(Locator::XPath("//a[contains(., '全覆盖')]"))
            .await
            .unwrap();
        assert!(office_rounds.is_empty(), "an office round shows to the unit");

        page.open_panel("新建轮次").await;
        page.field("轮次名称")
            .await
            .send_keys("物业与窗口互查")
            .await
            .unwrap();
        page.field("互查").await.click().await.unwrap();
        page.set_date(&page.field("开始日期").await, &day(0)).await;
        page.set_date(&page.field("结束日期").await, &day(10)).await;
        page.field("市房产局物业管理处").await.click().await.unwrap();
        page.field("市房产局政务服务窗口").await.click().await.unwrap();
        page.button("创建").await.click().await.unwrap();
        page.link("物业与窗口互查").await.click().await.unwrap();
        page.wait_for("the round", "//h2[normalize-space()='物业与窗口互查']")
            .await;
        page.text_anywhere("已督查 0 / 应督查 2").await;

        page.open_panel("新增批次").await;
        page.field("批次名称")
            .await
            .send_keys("第一周")
            .await
            .unwrap();
        let form = "//details[.//summary[normalize-space()='新增批次']]";
        for (id, n) in [("batch-starts_on", 0), ("batch-ends_on", 6)] {
            let input = client
                .find(Locator::XPath(&format!("{form}//input[@id='{id}']")))
                .await
                .unwrap();
            page.set_date(&input, &day(n)).await;
        }
        client
            .find(Locator::XPath(&format!("{form}//button[@type='submit']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("第一周").await;

        page.open_panel("新增督查任务").await;
        page.field("批次")
            .await
            .select_by_label("第一周")
            .await
            .unwrap();
        page.field("单位")
            .await
            .select_by_label("市房产局物业管理处")
            .await
            .unwrap();
        page.set_date(&page.field("计划日期").await, &day(1)).await;
        // Someone of the unit visited: refused, and the form says why.
        let of_unit = |unit: &str| {
            format!("//fieldset[legend[normalize-space()='检查人员']]//label[contains(., '({unit})')]")
        };
        page.wait_for("a person of the unit visited", &of_unit("市房产局物业管理处"))
            .await
            .click()
            .await
            .unwrap();
        let visit_form = "//details[.//summary[normalize-space()='新增督查任务']]";
        let submit = format!("{visit_form}//button[@type='submit']");
        client
            .find(Locator::XPath(&submit))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.text_anywhere("互查须由其他单位的人员检查").await;
        page.screenshot("desktop-units-round-refused-zh").await;
        client
            .find(Locator::XPath(&of_unit("市房产局物业管理处")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::XPath(&of_unit("市房产局政务服务窗口")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::XPath(&submit))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the planned visit",
            &format!("//li[a[strong[normalize-space()='{}']]]", day(1)),
        )
        .await;
        page.screenshot("desktop-units-rounds-zh").await;
        page.accessible("the units' rounds").await;

        // On the phone: today's self-inspection visit, from the dashboard.
        page.viewport(390, 844, true).await;
        client.goto(&format!("{url}/staff")).await.unwrap();
        let visit = page
            .wait_for(
                "today's self-inspection",
                "//section[.//h2[normalize-space()='自查互查任务']]//li//a[contains(., '市房产局住房保障服务中心')]",
            )
            .await;
        page.screenshot("phone-liaison-dashboard-zh").await;
        visit.click().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        for pass in client
            .find_all(Locator::XPath("//label[normalize-space()='符合']"))
            .await
            .unwrap()
        {
            pass.click().await.unwrap();
        }
        page.sent_to_server("the draft sent").await;
        page.button("提交检查结果").await.click().await.unwrap();
        page.wait_for("the submission", "//h2[normalize-space()='检查结果已提交']")
            .await;
        page.screenshot("phone-liaison-inspection-submitted-zh").await;

        // The office reads the unit's round; it plans nothing in it.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;
        page.sign_in(&url, "office").await;
        page.link("督查计划").await.click().await.unwrap();
        page.link("物业与窗口互查").await.click().await.unwrap();
        page.wait_for(
            "the read-only note",
            "//p[@role='note'][starts-with(normalize-space(), '此轮次由市房产局自行组织')]",
        )
        .await;
        let forms = client
            .find_all(Locator::XPath("//summary[normalize-space()='新增批次']"))
            .await
            .unwrap();
        assert!(forms.is_empty(), "the office is offered to plan a unit's round");
        page.screenshot("desktop-office-reads-units-round-zh").await;
    })
    .await;
}
