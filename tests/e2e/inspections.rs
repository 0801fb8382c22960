//! An inspector records a visit on a phone through a lost connection, opens
//! it with no signal at all, and a photo whose answer was lost is stored once;
//! a new version of the app is taken between pages, never on a checklist.

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
        page.sent_to_server("a first save").await;

        // The connection drops: the form keeps working and says where things are.
        page.network(true).await;
        page.answer_first("不符合").await;
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
        page.sent_to_server("the draft to be sent").await;
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
                 const visit = location.pathname.split('/').pop();
                 const drafts = Object.keys(localStorage).filter(k => k === 'xiaoneng.inspection.' + visit).length;
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

/// The server's copy of the visit the page shows, read by the page itself.
async fn server_inspection(client: &Client) -> serde_json::Value {
    client
        .execute_async(
            "const done = arguments[0];
             const visit = location.pathname.split('/').pop();
             fetch('/api/visits/' + visit + '/inspection').then(r => r.json()).then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checklist_opens_and_reloads_with_no_signal() {
    with_browser_behind_link(|client, url, link| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "inspector").await;
        // Online, the dashboard puts the coming week's visits on the phone.
        page.text_anywhere("已在本机备好 7 天内的 3 项任务").await;
        page.screenshot("phone-inspector-ready-offline-zh").await;

        // No signal at all: the app itself opens, with the visits and their checklists.
        link.cut();
        client.goto(&format!("{url}/staff")).await.unwrap();
        let visits = "//section[.//h2[normalize-space()='我的督查任务']]//li//a";
        page.wait_for("the visits, read ahead", visits).await;
        let second = client.find_all(Locator::XPath(visits)).await.unwrap();
        assert!(second.len() >= 2, "the coming visits");
        second[1].click().await.unwrap();
        page.wait_for("the checklist", "//form[@class='checklist']")
            .await;
        page.text_anywhere("本单位离岗告示与 AB 岗").await;
        page.answer_first("符合").await;
        page.wait_for(
            "the offline indicator",
            "//p[@role='status'][normalize-space()='已保存在本机，联网后自动发送']",
        )
        .await;
        // Reloaded with no signal: the same checklist, the answer kept.
        client.refresh().await.unwrap();
        page.wait_for("the checklist again", "//form[@class='checklist']")
            .await;
        let deadline = Instant::now() + WAIT;
        loop {
            let checked = page.first_answer().await;
            if checked == json!("符合") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the answer was not kept: {checked}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        page.screenshot("phone-inspection-no-signal-zh").await;
        page.accessible("the checklist with no signal").await;

        // The signal is back: the answer goes by itself.
        link.restore();
        page.sent_to_server("the draft to be sent").await;
        let server = server_inspection(&client).await;
        let first = &server["answers"][0];
        assert_eq!(first["outcome"], "pass", "{server}");

        // A page whose app is not kept on the phone says, with no signal,
        // that it needs one, and offers to try again.
        link.cut();
        client.goto(&format!("{url}/staff/admin")).await.unwrap();
        page.alert_saying("无法打开此页面：需要网络连接").await;
        page.button("重试").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_sent_again_after_a_lost_answer_is_stored_once() {
    with_browser_behind_link(|client, url, link| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "inspector").await;
        page.open_first_visit().await;
        page.answer_first("不符合").await;
        page.sent_to_server("a first save").await;

        // A 4000×3000 photo from the camera, taken at 10:30 Beijing time;
        // its answer is lost on the way back.
        link.lose_answers(true);
        client
            .execute_async(
                "const done = arguments[0];
                 const canvas = document.createElement('canvas');
                 canvas.width = 4000; canvas.height = 3000;
                 const g = canvas.getContext('2d');
                 g.fillStyle = '#8ab'; g.fillRect(0, 0, 4000, 3000);
                 g.fillStyle = '#333'; g.fillRect(1000, 800, 2000, 1400);
                 canvas.toBlob(blob => {
                     const file = new File([blob], 'IMG_0001.jpg',
                         { type: 'image/jpeg', lastModified: Date.parse('2026-12-01T02:30:00Z') });
                     const input = document.querySelector('input[type=file][capture=environment]');
                     const list = new DataTransfer();
                     list.items.add(file);
                     input.files = list.files;
                     input.dispatchEvent(new Event('change', { bubbles: true }));
                     done(true);
                 }, 'image/jpeg', 0.9);",
                vec![],
            )
            .await
            .unwrap();
        let deadline = Instant::now() + WAIT;
        while !link.lost().iter().any(|l| l.contains("/inspection/photos")) {
            assert!(Instant::now() < deadline, "the upload never reached the server");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        link.lose_answers(false);
        page.wait_for(
            "the photo, sent again",
            "//ul[@class='thumbs']//img",
        )
        .await;
        page.text_anywhere("拍摄于 10:30").await;
        page.screenshot("phone-inspection-photo-once-zh").await;

        // Stored once, resized on the phone, with the time it was taken.
        let photos = client
            .execute_async(
                "const done = arguments[0];
                 const visit = location.pathname.split('/').pop();
                 fetch('/api/visits/' + visit + '/inspection').then(r => r.json()).then(async i => {
                     const p = i.photos[0];
                     const bitmap = await createImageBitmap(await (await fetch('/api/inspection-photos/' + p.id)).blob());
                     done([i.photos.length, bitmap.width, bitmap.height, p.taken_at, p.content_type]);
                 }, e => done(String(e)));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(photos, json!([1, 2048, 1536, "2026-12-01T02:30:00Z", "image/jpeg"]));
    })
    .await;
}

/// Asks the page about its service worker: `what` is a JS expression over
/// `registration` (the page's) and `sw` (`navigator.serviceWorker`).
async fn worker(client: &Client, what: &str) -> serde_json::Value {
    client
        .execute_async(
            &format!(
                "const done = arguments[0];
                 const sw = navigator.serviceWorker;
                 sw.getRegistration().then(registration => done({what}), () => done(null));"
            ),
            vec![],
        )
        .await
        .unwrap()
}

/// Waits until `condition` (as for [`worker`]) holds.
async fn until_worker(page: &Page<'_>, what: &str, condition: &str) {
    page.wait_until(what, || async {
        worker(page.client, condition).await == json!(true)
    })
    .await;
}

/// Whether the page still has the mark put on its window (it was not
/// loaded again since); a page being loaded has none.
async fn still_marked(client: &Client) -> bool {
    client
        .execute("return window.xiaonengMark === true;", vec![])
        .await
        .is_ok_and(|marked| marked == json!(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_version_is_taken_between_pages_never_on_a_checklist() {
    // The built app, its service worker copied (the rest linked) so that
    // this test can publish a new version of it.
    let served = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dist()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = served.path().join(&name);
        if name == "staff-sw.js" {
            std::fs::copy(entry.path(), &target).unwrap();
        } else if !name.starts_with("staff-sw.js.") {
            std::os::unix::fs::symlink(entry.path(), &target).unwrap();
        }
    }
    let published = served.path().join("staff-sw.js");
    with_browser_on(served.path().to_owned(), move |client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        page.sign_in(&url, "inspector").await;
        until_worker(
            &page,
            "the service worker to control the page",
            "!!(sw.controller && registration && registration.active)",
        )
        .await;

        // A new version is published. The page, loaded again, asks for one
        // when the inspector next moves between pages.
        let mut source = std::fs::read_to_string(&published).unwrap();
        source.push_str("\n// a new version\n");
        std::fs::write(&published, source).unwrap();
        client.refresh().await.unwrap();
        page.heading("工作台").await;
        // The page's own link back (the menu's is folded away on a phone).
        let back = "//main//a[normalize-space()='工作台']";
        page.open_first_visit().await;
        page.wait_for("the way back", back)
            .await
            .click()
            .await
            .unwrap();
        page.heading("工作台").await;
        until_worker(
            &page,
            "the new version to be waiting",
            "!!(registration && registration.waiting)",
        )
        .await;

        // On the checklist it waits: the page is not loaded again under the
        // inspector's answers.
        client
            .execute("window.xiaonengMark = true; return true;", vec![])
            .await
            .unwrap();
        page.open_first_visit().await;
        page.answer_first("不符合").await;
        page.sent_to_server("the answer to be sent").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(
            still_marked(&client).await,
            "the checklist was loaded again"
        );
        assert_eq!(
            worker(&client, "!!(registration && registration.waiting)").await,
            json!(true),
            "the new version was taken on the checklist"
        );

        // Back on the dashboard, the page loads again under the new version.
        page.wait_for("the way back", back)
            .await
            .click()
            .await
            .unwrap();
        page.wait_until("the page to load again", || async {
            !still_marked(&client).await
        })
        .await;
        page.heading("工作台").await;
        until_worker(
            &page,
            "the new version to run",
            "!!(sw.controller && registration && registration.active && !registration.waiting)",
        )
        .await;
        // The answer given on the checklist is kept.
        page.open_first_visit().await;
        page.wait_until("the first answer to read 不符合", || async {
            page.first_answer().await == json!("不符合")
        })
        .await;
    })
    .await;
}
