//! Every staff page on a phone, as each role opens it: nothing a finger
//! must hit is under 44 px (the journeys check their own pages as they go;
//! this one walks the rest).

use std::time::Duration;

use crate::page::{Page, with_browser};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_page_on_a_phone_is_touch_friendly() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(390, 844, true).await;
        for (who, paths) in [
            (
                "inspector",
                &[
                    "/staff",
                    "/staff/visits/1",
                    "/staff/findings",
                    "/staff/inbox",
                ][..],
            ),
            (
                "office",
                &[
                    "/staff",
                    "/staff/findings/1",
                    "/staff/planning",
                    "/staff/ledger",
                    "/staff/reports",
                    "/staff/appeals",
                    "/staff/bulletins",
                    "/staff/bulletins/new",
                    "/staff/reassignments",
                    "/staff/inbox",
                    "/staff/admin",
                    "/staff/admin/rules",
                    "/staff/admin/escalation",
                    "/staff/checklists",
                    "/staff/admin/supervisors",
                ][..],
            ),
            (
                "admin",
                &["/staff/admin", "/staff/admin/users", "/staff/admin/units"][..],
            ),
            ("leader", &["/staff", "/staff/ledger", "/staff/appeals"][..]),
        ] {
            page.sign_in(&url, who).await;
            for path in paths {
                client.goto(&format!("{url}{path}")).await.unwrap();
                page.wait_for("the page's heading", "//main//h1").await;
                // Until what the page reads has arrived (skeletons gone).
                page.wait_until(&format!("{path} loaded"), || async {
                    client
                        .execute(
                            "return document.querySelector('[aria-busy=true]') === null",
                            vec![],
                        )
                        .await
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false)
                })
                .await;
                tokio::time::sleep(Duration::from_millis(300)).await;
                page.touch_friendly(&format!("{who} on {path}")).await;
            }
            client.delete_all_cookies().await.unwrap();
        }
    })
    .await;
}
