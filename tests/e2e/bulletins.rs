//! The office writes a bulletin with names masked and submits it; it cannot
//! sign it off itself; a leader signs it off, which numbers it, and
//! retracts it later.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_signs_off_the_offices_bulletin_with_names_masked_and_retracts_it() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "office").await;
        page.link("通报管理").await.click().await.unwrap();
        page.heading("通报管理").await;
        page.link("新建通报").await.click().await.unwrap();
        page.heading("新建通报").await;

        // Link a decision; its person's name will be masked in public.
        let decision = page
            .wait_for(
                "a decision to link",
                "//fieldset[.//legend[normalize-space()='关联问责决定']]//label",
            )
            .await;
        let name = decision
            .text()
            .await
            .unwrap()
            .split(" · ")
            .next()
            .unwrap()
            .to_owned();
        let masked = format!("{}某", name.chars().next().unwrap());
        decision.click().await.unwrap();
        page.field("标题")
            .await
            .send_keys("关于窗口工作人员违反工作纪律问题的通报")
            .await
            .unwrap();
        page.field("正文")
            .await
            .send_keys(&format!(
                "经查，{name}工作时间离岗且未放置告示牌。\n\n**现予以通报。**\n\n<b>标记不生效</b>"
            ))
            .await
            .unwrap();
        // Markdown in the preview as the public will see it (the server
        // renders it once typing pauses); typed HTML stays text.
        page.wait_for(
            "bold text in the preview",
            "//div[@class='preview']//p/strong[normalize-space()='现予以通报。']",
        )
        .await;
        let preview = page
            .wait_for("the preview", "//div[@class='preview']")
            .await;
        let seen = preview.text().await.unwrap();
        assert!(seen.contains(&masked) && !seen.contains(&name), "{seen}");
        assert!(seen.contains("<b>标记不生效</b>"), "{seen}");
        page.screenshot("desktop-bulletin-editor-zh").await;
        page.accessible("the bulletin editor").await;
        page.button("保存草稿").await.click().await.unwrap();
        page.button("提交签发").await.click().await.unwrap();
        // Whoever submitted it cannot sign it off: the page says who does.
        page.text_anywhere("提交人不能签发自己提交的通报").await;
        page.text_anywhere("签发时按年度顺序编号").await;
        assert!(
            client
                .find_all(Locator::XPath("//button[normalize-space()='签发并发布']"))
                .await
                .unwrap()
                .is_empty(),
            "the office is not offered the sign-off of its own bulletin"
        );
        let editor_url = client.current_url().await.unwrap().to_string();
        page.sign_out("退出登录").await;

        page.sign_in(&url, "leader").await;
        client.goto(&editor_url).await.unwrap();
        page.heading("编辑通报").await;
        page.button("签发并发布").await.click().await.unwrap();
        page.text_anywhere("已完成：签发并发布").await;
        let year = chrono::Datelike::year(&(chrono::Utc::now() + chrono::Duration::hours(8)));
        page.text_anywhere(&format!("合效办〔{year}〕1号")).await;
        page.text_anywhere("分管领导 许明远").await;
        page.screenshot("desktop-bulletin-signed-zh").await;
        page.accessible("a signed-off bulletin").await;
        page.link("在公众页面查看").await.click().await.unwrap();
        page.heading("关于窗口工作人员违反工作纪律问题的通报").await;
        page.wait_for(
            "bold text on the public page",
            "//div[@class='bulletin__body']/p/strong[normalize-space()='现予以通报。']",
        )
        .await;
        assert!(
            client
                .find_all(Locator::XPath("//div[@class='bulletin__body']//b"))
                .await
                .unwrap()
                .is_empty(),
            "typed HTML never becomes markup"
        );
        let public = client.source().await.unwrap();
        assert!(public.contains(&masked), "the public page names {masked}");
        assert!(
            !public.contains(&name),
            "the public page never shows {name}"
        );
        let bulletin_url = client.current_url().await.unwrap().to_string();
        let bulletin_path = client.current_url().await.unwrap().path().to_owned();

        // The list and the feed carry it too, masked; the feed links to its page.
        client.goto(&format!("{url}/bulletins")).await.unwrap();
        page.wait_for(
            "the bulletin in the public list",
            "//main//li//h2/a[normalize-space()='关于窗口工作人员违反工作纪律问题的通报']",
        )
        .await;
        assert!(!client.source().await.unwrap().contains(&name));
        client
            .goto(&format!("{url}/api/public/feed.atom"))
            .await
            .unwrap();
        let feed = client.source().await.unwrap();
        assert!(
            feed.contains("关于窗口工作人员违反工作纪律问题的通报")
                && feed.contains(&bulletin_path),
            "the feed lists the bulletin with a link to its page: {feed}"
        );
        assert!(!feed.contains(&name), "the feed never shows {name}");

        // Retracted: it stays at its URL with the notice.
        client.goto(&editor_url).await.unwrap();
        page.field("原因")
            .await
            .send_keys("文号有误,更正后重新发布")
            .await
            .unwrap();
        page.button("撤回").await.click().await.unwrap();
        page.text_anywhere("已完成：撤回").await;
        client.goto(&bulletin_url).await.unwrap();
        page.wait_for(
            "the retraction notice",
            "//section[@role='note']//h2[normalize-space()='此通报已撤回']",
        )
        .await;
        page.text_anywhere("文号有误,更正后重新发布").await;
        page.screenshot("desktop-bulletin-retracted-zh").await;
        page.accessible("a retracted bulletin").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-bulletin-retracted-zh").await;
    })
    .await;
}
