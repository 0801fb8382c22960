//! Accountability that follows through: the office follows the 2020
//! reassignments to their return, and keeps the sanctions ladder and the
//! document-number format, a bad format refused on its field.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_follows_reassignments_and_keeps_the_rules() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("再上岗跟踪").await.click().await.unwrap();
        page.heading("到基层再上岗跟踪").await;
        // The 2020 campaign's eight came back, each assessed by the traffic police.
        page.field("状态")
            .await
            .find(Locator::XPath(".//option[normalize-space()='已返岗']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        page.wait_for(
            "a returned reassignment with its host's grade",
            "//li[.//span[normalize-space()='已返岗']][.//p[contains(., '服务单位考核等次')]]",
        )
        .await;
        page.wait_for(
            "the place and term",
            "//p[contains(normalize-space(.), '市公安局交通警察支队（协助交通疏导） · 2020-07-10 – 2020-10-10')]",
        )
        .await;
        assert!(
            client.current_url().await.unwrap().query().unwrap_or_default().contains("status=returned"),
            "the filter is kept in the address"
        );
        page.screenshot("desktop-reassignments-zh").await;
        page.accessible("the reassignments page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-reassignments-zh").await;
        page.viewport(1280, 800, false).await;

        client
            .goto(&format!("{url}/staff/admin/rules"))
            .await
            .unwrap();
        page.heading("问责、申诉与通报规则").await;
        // A fourth step on the ladder, kept.
        page.button("增加一级").await.click().await.unwrap();
        page.field("一年内第 4 次").await;
        page.wait_for(
            "the ladder's save button",
            "//section[@aria-labelledby='sanctions-title']//button[normalize-space()='保存']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.wait_for(
            "the ladder saved",
            "//section[@aria-labelledby='sanctions-title']//p[normalize-space()='规则已保存。']",
        )
        .await;
        // A format without the number is refused on its field, and says how to write it.
        let format = page.field("文号格式").await;
        format.clear().await.unwrap();
        format.send_keys("合效办〔{year}〕号").await.unwrap();
        page.wait_for(
            "the format's save button",
            "//section[@aria-labelledby='doc-format-title']//button[normalize-space()='保存']",
        )
        .await
        .click()
        .await
        .unwrap();
        page.alert_saying("须各含一次 {year}（年份）和 {n}（序号）").await;
        page.screenshot("desktop-rules-zh").await;
        page.accessible("the rules page").await;
        client.refresh().await.unwrap();
        page.heading("问责、申诉与通报规则").await;
        page.field("一年内第 4 次").await;
    })
    .await;
}
