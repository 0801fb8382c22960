//! Signing in, the language switch, and an account that must change its password first.

use crate::page::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_and_sign_in_against_the_real_server() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        client.goto(&url).await.unwrap();

        // The first visit follows the browser's language (Chinese here).
        page.heading("机关效能督查").await;
        assert_eq!(page.html_lang().await, "zh-CN");
        page.screenshot("desktop-home-zh").await;

        page.button("English").await.click().await.unwrap();
        page.heading("Efficiency supervision").await;
        assert_eq!(page.html_lang().await, "en");
        let pressed = page
            .button("English")
            .await
            .attr("aria-pressed")
            .await
            .unwrap();
        assert_eq!(pressed.as_deref(), Some("true"));

        page.link("Staff sign in").await.click().await.unwrap();
        page.heading("Staff sign in").await;
        assert!(
            client.title().await.unwrap().starts_with("Staff sign in"),
            "the title names the page"
        );

        page.field("Username")
            .await
            .send_keys("office")
            .await
            .unwrap();
        page.field("Password")
            .await
            .send_keys("not the password")
            .await
            .unwrap();
        page.button("Sign in").await.click().await.unwrap();
        page.alert_saying("The username or password is not correct")
            .await;
        page.screenshot("desktop-login-error-en").await;

        let password = page.field("Password").await;
        password.clear().await.unwrap();
        password.send_keys("xiaoneng-demo").await.unwrap();
        page.button("Sign in").await.click().await.unwrap();
        page.heading("Dashboard").await;
        page.text_anywhere("效能办 陈晓岚").await;
        page.text_anywhere("Office staff").await;

        // A reload keeps the session and the chosen language.
        client.refresh().await.unwrap();
        page.heading("Dashboard").await;
        page.text_anywhere("效能办 陈晓岚").await;

        // On a phone the navigation folds into a menu.
        page.viewport(390, 844, true).await;
        let dashboard = page.link("Dashboard").await;
        assert!(
            !dashboard.is_displayed().await.unwrap(),
            "the menu starts closed on a phone"
        );
        page.button("Menu").await.click().await.unwrap();
        page.wait_for(
            "the menu to open",
            "//button[normalize-space()='Menu'][@aria-expanded='true']",
        )
        .await;
        assert!(dashboard.is_displayed().await.unwrap(), "the menu opens");
        page.screenshot("phone-menu-en").await;
        page.sign_out("Sign out").await;
        page.heading("Efficiency supervision").await;
        page.button("Menu").await.click().await.unwrap();
        page.wait_for(
            "the menu to open",
            "//button[normalize-space()='Menu'][@aria-expanded='true']",
        )
        .await;
        assert!(
            page.link("Staff sign in")
                .await
                .is_displayed()
                .await
                .unwrap()
        );

        page.button("中文").await.click().await.unwrap();
        page.heading("机关效能督查").await;
        page.screenshot("phone-home-zh").await;

        client.goto(&format!("{url}/no/such/page")).await.unwrap();
        page.heading("页面不存在").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_creates_a_liaison_who_must_change_the_password() {
    with_browser(|client, url| async move {
        let page = Page { client: &client };
        page.viewport(1280, 800, false).await;
        page.sign_in(&url, "admin").await;
        page.link("系统管理").await.click().await.unwrap();
        page.heading("系统管理").await;
        // The administration pages are an app of their own, loaded when one is opened.
        let admin_wasm = page.wasm_fetched().await;
        assert!(
            admin_wasm.len() == 1 && admin_wasm[0].contains("/admin-app/"),
            "{admin_wasm:?}"
        );
        page.accessible("the administration hub").await;
        page.link("账户与角色").await.click().await.unwrap();
        page.heading("账户与角色").await;

        // A liaison without a unit is refused in the browser, by the shared rule.
        page.open_panel("新建账户").await;
        page.field("用户名")
            .await
            .send_keys("liaison.zhao")
            .await
            .unwrap();
        page.field("姓名").await.send_keys("赵敏").await.unwrap();
        page.field("角色")
            .await
            .select_by_label("单位联络员")
            .await
            .unwrap();
        page.field("临时密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.button("创建账户").await.click().await.unwrap();
        page.alert_saying("此项必填").await;
        page.field("单位")
            .await
            .select_by_label("市房产局")
            .await
            .unwrap();
        page.button("创建账户").await.click().await.unwrap();
        page.text_anywhere("已创建账户 liaison.zhao。").await;
        page.wait_for(
            "the new account, marked as having to change its password",
            "//li[.//*[normalize-space()='liaison.zhao']]//span[normalize-space()='待改密码']",
        )
        .await;
        page.screenshot("desktop-admin-users-zh").await;
        page.accessible("the accounts page").await;
        page.viewport(390, 844, true).await;
        page.screenshot("phone-admin-users-zh").await;
        page.viewport(1280, 800, false).await;
        // Back to the dashboard by the menu: the staff app draws it, and the
        // way back to the administration pages still works.
        page.link("工作台").await.click().await.unwrap();
        page.heading("工作台").await;
        let staff_wasm = page.wasm_fetched().await;
        assert!(
            staff_wasm.len() == 1 && staff_wasm[0].contains("/staff-app/"),
            "{staff_wasm:?}"
        );
        client.back().await.unwrap();
        page.heading("账户与角色").await;
        page.text_anywhere("liaison.zhao").await;

        // The new liaison signs in and must choose a password first.
        page.sign_out("退出登录").await;
        page.heading("机关效能督查").await;
        client.goto(&format!("{url}/login")).await.unwrap();
        page.field("用户名")
            .await
            .send_keys("liaison.zhao")
            .await
            .unwrap();
        page.field("密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.button("登录").await.click().await.unwrap();
        page.heading("修改密码").await;
        page.text_anywhere("您正在使用临时密码").await;
        page.accessible("the password page").await;
        // Another staff address leads back here until it is done.
        client.goto(&format!("{url}/staff/findings")).await.unwrap();
        page.heading("修改密码").await;
        page.field("当前密码")
            .await
            .send_keys("zhao-temporary-2026")
            .await
            .unwrap();
        page.field("新密码")
            .await
            .send_keys("zhao-own-passphrase")
            .await
            .unwrap();
        page.field("再次输入新密码")
            .await
            .send_keys("zhao-own-passphrasE")
            .await
            .unwrap();
        page.button("修改密码").await.click().await.unwrap();
        page.alert_saying("两次输入不一致").await;
        let confirm = page.field("再次输入新密码").await;
        confirm.clear().await.unwrap();
        confirm.send_keys("zhao-own-passphrase").await.unwrap();
        page.button("修改密码").await.click().await.unwrap();
        page.heading("工作台").await;
        page.text_anywhere("赵敏").await;
        page.link("问题台账").await.click().await.unwrap();
        page.heading("问题台账").await;
    })
    .await;
}
