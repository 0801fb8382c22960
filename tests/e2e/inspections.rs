//! An inspector records a visit on a phone through a lost connection.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_records_a_visit_through_a_lost_connection() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        let files = tempfile::tempdir().unwrap();
        page.sign_in(&url, "inspector").await;
        let visit = page
            .wait_for(
                "an assigned visit",
                "//section[.//h2[normalize-space()='我的督查任务']]//li//a",
            )
            .await;
        page.screenshot("phone-inspector-dashboard-zh").await;
        page.accessible("the inspector dashboard").await;
        visit.click().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        page.text_anywhere("本单位离岗告示与 AB 岗").await;

        // Everything passes but the first item.
        let passes = client
            .find_all(Locator::XPath("//label[normalize-space()='符合']"))
            .await
            .unwrap();
        assert!(passes.len() >= 2, "a checklist of several items");
        for pass in &passes[1..] {
            pass.click().await.unwrap();
        }
        page.wait_for(
            "a first save",
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;

        // The connection drops: the form keeps working and says where things are.
        page.network(true).await;
        client
            .find_all(Locator::XPath("//label[normalize-space()='不符合']"))
            .await
            .unwrap()[0]
            .click()
            .await
            .unwrap();
        page.wait_for(
            "the offline indicator",
            "//p[@role='status'][normalize-space()='已保存在本机，联网后自动发送']",
        )
        .await;
        let note = page.field("情况说明").await;
        note.send_keys("窗口无人,离岗告示牌写“外出开会”,实际在休息室")
            .await
            .unwrap();
        page.field("总体情况（选填）").await.click().await.unwrap();
        page.screenshot("phone-inspection-offline-zh").await;
        page.accessible("the checklist").await;

        // Back online: what waited is sent by itself.
        page.network(false).await;
        page.wait_for(
            "the draft to be sent",
            "//p[@role='status'][normalize-space()='已发送到服务器']",
        )
        .await;
        // The photo cannot reach the server yet; it stays on the phone
        // through a reload, and goes once it can.
        page.block_uploads(true).await;
        client
            .find(Locator::XPath(
                "//input[@type='file'][@capture='environment']",
            ))
            .await
            .unwrap()
            .send_keys(photo_file(files.path()).to_str().unwrap())
            .await
            .unwrap();
        page.wait_for(
            "one photo waiting",
            "//p[@role='status'][normalize-space()='1 张照片待上传']",
        )
        .await;
        client.refresh().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        page.wait_for(
            "one photo waiting",
            "//p[@role='status'][normalize-space()='1 张照片待上传']",
        )
        .await;
        page.block_uploads(false).await;
        client.refresh().await.unwrap();
        page.wait_for("the photo", "//ul[@class='thumbs']//img")
            .await;
        page.button("提交检查结果").await.click().await.unwrap();
        page.wait_for("the submission", "//h2[normalize-space()='检查结果已提交']")
            .await;
        // Sent for good: the phone keeps no copy of the draft or the photo.
        let left = client
            .execute_async(
                "const done = arguments[0];
                 const drafts = Object.keys(localStorage).filter(k => k.startsWith('xiaoneng.inspection.')).length;
                 const open = indexedDB.open('xiaoneng', 1);
                 open.onsuccess = () => {
                     const all = open.result.transaction('photos').objectStore('photos').count();
                     all.onsuccess = () => done([drafts, all.result]);
                 };
                 open.onerror = () => done([drafts, -1]);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(left, json!([0, 0]), "drafts and photos left on the device");
        let created = page
            .wait_for(
                "a finding it made",
                "//section//li/a[starts-with(normalize-space(), 'XN-')]",
            )
            .await;
        page.screenshot("phone-inspection-submitted-zh").await;
        created.click().await.unwrap();
        page.text_anywhere("窗口无人,离岗告示牌写").await;
    })
    .await;
}
