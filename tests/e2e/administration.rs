//! Administration: a CSV import that refuses a bad row, holidays that move a deadline, checklist versions, a supervisor graded.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_csv_row_writes_nothing_and_a_holiday_moves_a_deadline() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "admin").await;
        client
            .goto(&format!("{url}/staff/admin/units"))
            .await
            .unwrap();
        page.heading("单位").await;

        // A file with one bad row: the preview names the line, and nothing is written.
        let files = tempfile::tempdir().unwrap();
        let csv = files.path().join("units.csv");
        std::fs::write(
            &csv,
            "名称,类型,上级单位\n市审计局,市直单位,\n审计局窗口,服务窗口,不存在的单位\n",
        )
        .unwrap();
        page.field("CSV 文件")
            .await
            .send_keys(csv.to_str().unwrap())
            .await
            .unwrap();
        page.alert_saying("发现 1 处问题，未写入任何内容").await;
        page.text_anywhere("行号 3 · 上级单位").await;
        let write = client
            .find_all(Locator::XPath(
                "//button[starts-with(normalize-space(), '导入这')]",
            ))
            .await
            .unwrap();
        assert!(write.is_empty(), "a file with errors cannot be written");
        let written = client
            .find_all(Locator::XPath(
                "//ul[@class='unit-tree']//span[normalize-space()='市审计局']",
            ))
            .await
            .unwrap();
        assert!(written.is_empty(), "nothing was written");
        page.screenshot("desktop-admin-units-import-zh").await;
        page.accessible("the units page").await;

        // The file mended: checked, then written whole.
        // (Another file: choosing the same one again is no change to the browser.)
        let csv = files.path().join("units-mended.csv");
        std::fs::write(
            &csv,
            "名称,类型,上级单位\n市审计局,市直单位,\n审计局窗口,服务窗口,市审计局\n",
        )
        .unwrap();
        page.field("CSV 文件")
            .await
            .send_keys(csv.to_str().unwrap())
            .await
            .unwrap();
        page.button("导入这 2 行").await.click().await.unwrap();
        page.text_anywhere("已导入 2 行。").await;
        page.wait_for(
            "the imported unit in the tree",
            "//ul[@class='unit-tree']//span[normalize-space()='审计局窗口']",
        )
        .await;

        // A holiday entered moves the example deadline by a day.
        client
            .goto(&format!("{url}/staff/admin/calendar"))
            .await
            .unwrap();
        page.heading("节假日安排").await;
        let from = page.field("起算日（不计入）").await;
        page.set_date(&from, "2027-03-01").await;
        let days = page.field("工作日数").await;
        days.clear().await.unwrap();
        days.send_keys("5").await.unwrap();
        page.text_anywhere("从 2027-03-01 起 5 个工作日，期限为 2027-03-08。")
            .await;
        let day = page.field("日期").await;
        page.set_date(&day, "2027-03-03").await;
        page.field("名称")
            .await
            .send_keys("测试假日")
            .await
            .unwrap();
        page.button("添加").await.click().await.unwrap();
        page.text_anywhere("从 2027-03-01 起 5 个工作日，期限为 2027-03-09。")
            .await;
        page.wait_for(
            "the holiday in the year's list",
            "//table//td[normalize-space()='测试假日']",
        )
        .await;
        // A year's arrangement from an .ics file: previewed, then written.
        let ics = workspace().join("server/tests/data/holidays-2026.ics");
        page.field("日历文件（.ics 或 CSV）")
            .await
            .send_keys(ics.to_str().unwrap())
            .await
            .unwrap();
        page.text_anywhere("检查通过，可以导入。").await;
        page.button("导入这 39 行").await.click().await.unwrap();
        page.text_anywhere("已导入 39 行。").await;
        page.field("年份")
            .await
            .select_by_label("2026")
            .await
            .unwrap();
        page.wait_for(
            "an imported weekend worked in the year's list",
            "//table//tr[td[normalize-space()='2026-10-10']]/td[normalize-space()='国庆节 补班']",
        )
        .await;
        page.screenshot("desktop-admin-calendar-zh").await;
        page.accessible("the calendar page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-admin-calendar-zh").await;
        page.viewport(1280, 800, false).await;

        // A unit's people: the post without a B is flagged; an away notice goes up.
        client.goto(&format!("{url}/staff/admin/people")).await.unwrap();
        page.heading("人员与岗位").await;
        page.field("单位")
            .await
            .select_by_label("市房产局政务服务窗口")
            .await
            .unwrap();
        page.text_anywhere("有 1 个岗位没有 B 角").await;
        page.wait_for(
            "the post without a B",
            "//table//span[normalize-space()='缺 B 角']",
        )
        .await;
        page.field("离岗人员")
            .await
            .select_by_label("钱晓梅")
            .await
            .unwrap();
        page.field("去向和事由")
            .await
            .send_keys("到市政务中心开会")
            .await
            .unwrap();
        page.button("发布离岗告示").await.click().await.unwrap();
        page.wait_for(
            "the notice among those in force",
            "//ul[@class='notice-list']/li[contains(normalize-space(), '钱晓梅 · 到市政务中心开会')]",
        )
        .await;
        page.screenshot("desktop-admin-people-zh").await;
        page.accessible("a unit's people").await;

        // The post gets its B person from the row's own editor; the warning goes.
        page.wait_for(
            "the edit button of the post without a B",
            "//tr[td//span[normalize-space()='缺 B 角']]//button[starts-with(normalize-space(), '编辑')]",
        )
        .await
        .click()
        .await
        .unwrap();
        let a_person = page.field("A 角").await.prop("value").await.unwrap();
        let other = page
            .wait_for(
                "someone else for B",
                &format!(
                    "//label[normalize-space()='B 角']/following::select[1]/option[@value != '' and @value != {}]",
                    lit(a_person.as_deref().unwrap_or_default())
                ),
            )
            .await;
        let b_name = other.text().await.unwrap();
        page.field("B 角")
            .await
            .select_by_label(&b_name)
            .await
            .unwrap();
        page.button("保存").await.click().await.unwrap();
        let started = std::time::Instant::now();
        while !client
            .find_all(Locator::XPath("//table//span[normalize-space()='缺 B 角']"))
            .await
            .unwrap()
            .is_empty()
        {
            assert!(started.elapsed() < WAIT, "the post still has no B");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        page.wait_for(
            "the B person in the table",
            &format!("//table//td[normalize-space()={}]", lit(&b_name)),
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_edits_a_checklist_in_use_and_a_new_version_appears() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("系统管理").await.click().await.unwrap();
        page.link("检查表").await.click().await.unwrap();
        page.heading("检查表").await;
        page.link("机关效能建设暗访检查表").await.click().await.unwrap();
        page.heading("机关效能建设暗访检查表").await;
        page.text_anywhere("此版本已被检查使用").await;
        let old_url = client.current_url().await.unwrap().to_string();
        // Each item can move and go, and says which item it is to a screen reader.
        page.button("下移 检查项 1").await;
        page.button("删除 检查项 1").await;

        // Reword the first item and add one; the browser checks the new one first.
        let first = page.field("检查内容").await;
        first.clear().await.unwrap();
        first
            .send_keys("离岗告示牌信息准确、及时更新")
            .await
            .unwrap();
        page.button("添加检查项").await.click().await.unwrap();
        page.button("保存检查表").await.click().await.unwrap();
        page.alert_saying("此项必填").await;
        let texts = client
            .find_all(Locator::XPath("//li[@class='checklist-item']//input[starts-with(@id, 'checklist-items[')][contains(@id, '.text')]"))
            .await
            .unwrap();
        let added = texts.last().expect("the new item's text");
        added
            .send_keys("服务窗口公示办事指南")
            .await
            .unwrap();
        page.button("保存检查表").await.click().await.unwrap();
        page.text_anywhere("已保存为第 2 版").await;
        page.wait_for(
            "the new version's number",
            "//main//p[contains(normalize-space(), '第 2 版')]",
        )
        .await;
        assert_ne!(client.current_url().await.unwrap().to_string(), old_url);
        // New visits keep taking version 1 until the office activates version 2.
        page.text_anywhere("此版本未启用").await;
        page.button("启用此版本").await.click().await.unwrap();
        page.text_anywhere("已启用。新安排的检查将使用此版本。").await;
        page.wait_for(
            "version 2 marked active",
            "//main//p[contains(normalize-space(), '第 2 版')]/span[normalize-space()='启用中']",
        )
        .await;
        // The comparison with the version the inspections used.
        page.wait_for(
            "the added item in the comparison",
            "//table//tr[td[normalize-space()='新增']][td[normalize-space()='服务窗口公示办事指南']]",
        )
        .await;
        page.wait_for(
            "the changed item in the comparison",
            "//table//tr[td[normalize-space()='修改']][td[normalize-space()='离岗告示牌信息准确']]",
        )
        .await;
        page.screenshot("desktop-checklist-versions-zh").await;
        page.accessible("the checklist editor").await;

        // The old version is unchanged, read-only, and still the one inspections used.
        page.link("第 1 版").await.click().await.unwrap();
        page.text_anywhere("这是旧版本，只能查看").await;
        let old_text = page.field("检查内容").await;
        assert_eq!(
            old_text.prop("value").await.unwrap().as_deref(),
            Some("离岗告示牌信息准确")
        );
        page.viewport(390, 844, true).await;
        page.screenshot("phone-checklist-zh").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_grades_a_supervisor_and_records_a_signature() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        client
            .goto(&format!("{url}/staff/admin/supervisors"))
            .await
            .unwrap();
        page.heading("特邀监督员").await;
        // The 2020 record, computed from the visits each supervisor joined.
        page.field("年份")
            .await
            .select_by_label("2020")
            .await
            .unwrap();
        page.wait_for(
            "a supervisor's assessment button",
            "//li[@class='account']//button[starts-with(normalize-space(), '2020 年度评议')]",
        )
        .await
        .click()
        .await
        .unwrap();
        page.text_anywhere("参加督查（实到/安排）").await;
        page.button("保存").await.click().await.unwrap();
        page.text_anywhere("已保存。").await;

        // The supervisor joins one of the visits planned for the coming days.
        let option = page
            .wait_for(
                "a visit still to make",
                "//label[normalize-space()='安排参加检查']/following::select[1]/option[2]",
            )
            .await;
        let label = option.text().await.unwrap();
        let (day, unit) = {
            let mut parts = label.split(" · ");
            (
                parts.next().unwrap().to_owned(),
                parts.next().unwrap().to_owned(),
            )
        };
        page.field("安排参加检查")
            .await
            .select_by_label(&label)
            .await
            .unwrap();
        page.button("安排").await.click().await.unwrap();
        page.text_anywhere(&format!("已安排参加 {day} 对{unit}的检查")).await;
        let this_year = day[..4].to_owned();
        page.field("年份")
            .await
            .select_by_label(&this_year)
            .await
            .unwrap();
        page.wait_for(
            "the visit among those the supervisor joins",
            &format!(
                "//section[h3[normalize-space()='参加的检查']]//li[contains(normalize-space(), {})][span[normalize-space()='待进行']]",
                lit(&format!("{day} · {unit}"))
            ),
        )
        .await;
        page.screenshot("desktop-admin-supervisors-zh").await;
        page.accessible("the supervisors page").await;

        // This year's letter: one person per unit has still to sign.
        client
            .goto(&format!("{url}/staff/admin/commitments"))
            .await
            .unwrap();
        page.heading("效能承诺书").await;
        let unsigned = "//table//button[starts-with(normalize-space(), '登记签订')]";
        let sign = page.wait_for("a person still to sign", unsigned).await;
        let who = sign.text().await.unwrap();
        let before = client
            .find_all(Locator::XPath(unsigned))
            .await
            .unwrap()
            .len();
        sign.click().await.unwrap();
        let started = std::time::Instant::now();
        while client
            .find_all(Locator::XPath(unsigned))
            .await
            .unwrap()
            .len()
            != before - 1
        {
            assert!(
                started.elapsed() < WAIT,
                "{who} is still listed as unsigned"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        page.screenshot("desktop-admin-commitments-zh").await;
        page.accessible("the commitment letters page").await;
    })
    .await;
}
