//! Due process: the office records a decision; the unit's liaison appeals
//! it on a phone; the office dismisses the appeal with reasons, which the
//! liaison reads.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_liaison_appeals_a_decision_on_a_phone_and_reads_the_outcome() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;

        // A decision on the demo's overdue finding of 市房产局's window.
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
        let finding_url = client.current_url().await.unwrap().to_string();
        page.wait_for("the decision form", "//h2[normalize-space()='问责决定']")
            .await;
        let name = page.field("被问责人姓名").await;
        name.clear().await.unwrap();
        name.send_keys("周海燕").await.unwrap();
        let post = page.field("职务（岗位）").await;
        post.clear().await.unwrap();
        post.send_keys("窗口受理员").await.unwrap();
        page.field("书面检查").await.click().await.unwrap();
        page.field("问责依据")
            .await
            .send_keys("《合肥市效能建设问责办法》第八条")
            .await
            .unwrap();
        page.button("记录问责决定").await.click().await.unwrap();
        page.text_anywhere("问责决定已记录。").await;
        page.sign_out("退出登录").await;

        // The liaison, on a phone, appeals it from the finding's page.
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "liaison").await;
        client.goto(&finding_url).await.unwrap();
        page.heading(&title).await;
        page.wait_for(
            "the decision on the finding",
            "//section[.//h2[normalize-space()='已作出的问责决定']]//li[contains(., '周海燕')]",
        )
        .await;
        page.wait_for(
            "the appeal's fold",
            "//summary[normalize-space()='对此决定提出申诉']",
        )
        .await
        .click()
        .await
        .unwrap();
        // Grounds are needed: the shared rule says so before sending.
        page.button("提交申诉").await.click().await.unwrap();
        page.alert_saying("此项必填").await;
        page.field("申诉理由")
            .await
            .send_keys("当事人当日持有经批准的请假单，离岗有正当理由。")
            .await
            .unwrap();
        page.button("提交申诉").await.click().await.unwrap();
        page.heading("对问责决定的申诉").await;
        page.text_anywhere("待复核").await;
        page.screenshot("phone-liaison-appeal-zh").await;
        page.accessible("an appeal on a phone").await;
        let appeal_url = client.current_url().await.unwrap().to_string();
        // On a phone the navigation folds away; sign out at desk width.
        page.viewport(1280, 800, false).await;
        page.sign_out("退出登录").await;

        // The office reviews it from its list and dismisses it with reasons.
        page.sign_in(&url, "office").await;
        page.link("申诉复核").await.click().await.unwrap();
        page.heading("申诉复核").await;
        page.wait_for(
            "the appeal in the list",
            "//main//li[.//span[normalize-space()='待复核']]//h2/a",
        )
        .await
        .click()
        .await
        .unwrap();
        page.heading("对问责决定的申诉").await;
        page.screenshot("desktop-office-appeal-review-zh").await;
        page.accessible("an appeal with the review form").await;
        page.field("复核决定")
            .await
            .select_by_label("驳回申诉")
            .await
            .unwrap();
        page.field("复核理由")
            .await
            .send_keys("请假单系事后补办，离岗时未经批准，维持原决定。")
            .await
            .unwrap();
        page.button("提交复核决定").await.click().await.unwrap();
        page.wait_for(
            "the outcome",
            "//h2[normalize-space()='复核结果：申诉驳回']",
        )
        .await;
        page.sign_out("退出登录").await;

        // The liaison reads the outcome and why.
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "liaison").await;
        client.goto(&appeal_url).await.unwrap();
        page.wait_for(
            "the outcome",
            "//h2[normalize-space()='复核结果：申诉驳回']",
        )
        .await;
        page.text_anywhere("请假单系事后补办，离岗时未经批准，维持原决定。")
            .await;
        page.screenshot("phone-liaison-appeal-outcome-zh").await;
    })
    .await;
}
