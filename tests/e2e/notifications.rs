//! 催办: the office urges an overdue finding and looks at its escalation
//! page; the unit's liaison reads the 催办 on a phone, follows it to the
//! finding and chooses how messages reach them.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_urges_and_the_unit_reads_it_on_a_phone() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;

        // The demo's overdue finding (市房产局's window), urged by hand.
        client
            .goto(&format!("{url}/staff/findings?due=overdue"))
            .await
            .unwrap();
        page.heading("问题台账").await;
        let first = page
            .wait_for("an overdue finding", "//main//li//h2/a")
            .await;
        let title = first.text().await.unwrap();
        first.click().await.unwrap();
        page.heading(&title).await;
        page.button("催办").await.click().await.unwrap();
        page.field("意见（选填）")
            .await
            .send_keys("请于三个工作日内报送整改情况。")
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
        page.text_anywhere("已完成：催办").await;
        page.text_anywhere("请于三个工作日内报送整改情况。").await;
        page.screenshot("desktop-finding-urged-zh").await;

        // The ladder and the messages not delivered, on the office's page.
        client
            .goto(&format!("{url}/staff/admin/escalation"))
            .await
            .unwrap();
        page.heading("催办与督办").await;
        page.wait_for(
            "the ladder's first rung",
            "//form//label[normalize-space()='逾期工作日数']",
        )
        .await;
        page.wait_for(
            "the failed messages, or that there are none",
            "//h2[normalize-space()='发送失败的通知']",
        )
        .await;
        page.screenshot("desktop-escalation-zh").await;
        page.accessible("the escalation page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-escalation-zh").await;
        // On a phone the navigation folds away; sign out at desk width.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;

        // The unit's liaison, on a phone: the 催办 waits in the inbox.
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "liaison").await;
        client.goto(&format!("{url}/staff/inbox")).await.unwrap();
        page.heading("通知").await;
        let open = page
            .wait_for(
                "the 催办 with a link to its finding",
                "//main//li[.//p[starts-with(normalize-space(), '催办通知')]]//a[normalize-space()='查看问题']",
            )
            .await;
        page.screenshot("phone-liaison-inbox-zh").await;
        page.accessible("the inbox on a phone").await;
        open.click().await.unwrap();
        page.heading(&title).await;
        page.text_anywhere("请于三个工作日内报送整改情况。").await;
        client.back().await.unwrap();
        page.heading("通知").await;

        // How messages reach them: a bad address is named, a good one kept.
        let email = page.field("电子邮箱").await;
        email.clear().await.unwrap();
        email.send_keys("not-an-address").await.unwrap();
        page.button("保存设置").await.click().await.unwrap();
        page.alert_saying("请填写有效的电子邮箱地址").await;
        let email = page.field("电子邮箱").await;
        email.clear().await.unwrap();
        email.send_keys("fangchan@example.org").await.unwrap();
        page.field("问题反馈，请核实")
            .await
            .select_by_label("每日汇总")
            .await
            .unwrap();
        page.button("保存设置").await.click().await.unwrap();
        page.text_anywhere("设置已保存。").await;
        page.screenshot("phone-liaison-settings-zh").await;
        client.refresh().await.unwrap();
        page.heading("通知").await;
        // Read back from the server once the form has loaded.
        let started = std::time::Instant::now();
        loop {
            let read = client
                .execute(
                    "const s = document.getElementById('settings-kind-fed_back'); \
                     const e = document.getElementById('settings-email'); \
                     return s && e ? [e.value, s.options[s.selectedIndex].text] : null;",
                    vec![],
                )
                .await
                .unwrap();
            if read == serde_json::json!(["fangchan@example.org", "每日汇总"]) {
                break;
            }
            assert!(started.elapsed() < WAIT, "the settings were not kept: {read}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await;
}
