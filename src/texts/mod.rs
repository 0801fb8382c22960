//! Every word the app shows, in zh-CN and English, and the language state.
//!
//! The catalogue is a struct with one field per text and one constant per
//! language, so a missing translation is a compile error and a text is a
//! field access (no lookup, no parsing at run time). We measured
//! `leptos_i18n` at +21 KB gzip of wasm for the same job (TOOLCHAIN.md) and it
//! cannot serve the server's messages; those live in `xiaoneng_domain` and
//! are shared by both sides. The portal's texts are in `portal`, the staff
//! app's in `staff` and its administration pages' in `admin`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use xiaoneng_domain::Lang;

pub mod admin;
pub mod portal;
pub mod staff;

const STORAGE_KEY: &str = "xiaoneng.lang";

/// The texts of one language.
pub struct Texts {
    pub product: &'static str,
    pub product_full: &'static str,
    pub skip_to_content: &'static str,
    pub menu: &'static str,
    pub main_nav: &'static str,
    pub language: &'static str,
    pub nav_home: &'static str,
    pub nav_bulletins: &'static str,
    pub nav_report: &'static str,
    pub nav_sign_in: &'static str,
    pub nav_dashboard: &'static str,
    pub public_site: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub as_table: &'static str,
    pub sign_out: &'static str,
    pub footer_org: &'static str,
    pub footer_note: &'static str,
    pub loading: &'static str,
    pub load_more: &'static str,
    pub loading_more: &'static str,
    /// How many items a list shows, and whether more can be loaded.
    pub shown: fn(usize, bool) -> String,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_bulletins_title: &'static str,
    pub home_bulletins_text: &'static str,
    pub home_report_title: &'static str,
    pub home_report_text: &'static str,
    pub home_staff_title: &'static str,
    pub home_staff_text: &'static str,
    pub home_how_title: &'static str,
    pub home_how_steps: [&'static str; 4],

    pub bulletins_title: &'static str,
    pub bulletins_lead: &'static str,
    pub bulletins_empty: &'static str,

    pub report_title: &'static str,
    pub report_lead: &'static str,
    pub report_not_yet: &'static str,

    pub login_title: &'static str,
    pub login_lead: &'static str,
    pub username: &'static str,
    pub username_hint: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub error_summary_title: &'static str,
    pub network_error: &'static str,
    pub retry_in: fn(u64) -> String,

    pub dashboard_title: &'static str,
    pub signed_in_as: &'static str,
    pub role: &'static str,
    pub unit: &'static str,
    pub session_expired: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
}

pub const ZH_CN: Texts = Texts {
    product: "效能",
    product_full: "机关效能督查系统",
    skip_to_content: "跳到正文",
    menu: "菜单",
    main_nav: "主导航",
    language: "语言",
    nav_home: "首页",
    nav_bulletins: "通报",
    nav_report: "举报问题",
    nav_sign_in: "工作人员登录",
    nav_dashboard: "工作台",
    public_site: "公开网站",
    load_failed: "加载失败",
    retry: "重试",
    as_table: "数据表",
    sign_out: "退出登录",
    footer_org: "市效能建设工作领导小组办公室",
    footer_note: "公开通报和举报渠道面向全体市民；督查计划与暗访安排不对外公开。",
    loading: "正在加载…",
    load_more: "加载更多",
    loading_more: "正在加载…",
    shown: |n, more| {
        if more {
            format!("已显示 {n} 条，还有更多")
        } else {
            format!("共 {n} 条")
        }
    },

    home_title: "机关效能督查",
    home_lead: "市效能办对市直单位开展明查暗访，对发现的问题限期整改、严肃问责，并向社会公开通报结果。",
    home_bulletins_title: "问责通报",
    home_bulletins_text: "查看已公开的效能问责通报：发现了什么问题，如何整改，谁被问责。",
    home_report_title: "举报问题",
    home_report_text: "在机关办事遇到推诿扯皮、脱岗离岗、服务态度差等问题，可以向我们反映。",
    home_staff_title: "工作人员入口",
    home_staff_text: "效能办、督查员、单位联络员和领导在此登录。",
    home_how_title: "一个问题的处理过程",
    home_how_steps: [
        "督查发现问题，或收到群众举报",
        "反馈被查单位，限期调查核实",
        "查实的问题限期整改，逾期亮牌",
        "依照问责办法追责，公开通报",
    ],

    bulletins_title: "问责通报",
    bulletins_lead: "市效能办公开发布的效能问责通报。",
    bulletins_empty: "目前还没有公开发布的通报。",

    report_title: "举报问题",
    report_lead: "您可以匿名反映机关单位的作风和效能问题。",
    report_not_yet: "网上举报表单正在建设中，开通后将在此提供。",

    login_title: "工作人员登录",
    login_lead: "请使用效能办分配的账号登录。",
    username: "用户名",
    username_hint: "由管理员分配，例如 office",
    password: "密码",
    sign_in: "登录",
    signing_in: "正在登录…",
    error_summary_title: "请先解决以下问题",
    network_error: "无法连接服务器，请检查网络后重试",
    retry_in: |secs| format!("请在 {} 分钟后再试", secs.div_ceil(60)),

    dashboard_title: "工作台",
    signed_in_as: "当前登录",
    role: "角色",
    unit: "所属单位",
    session_expired: "登录已失效，请重新登录。",

    not_found_title: "页面不存在",
    not_found_text: "您访问的页面不存在，可能已被移动，或地址有误。",
    back_home: "返回首页",
};

pub const EN: Texts = Texts {
    product: "Xiaoneng",
    product_full: "Efficiency supervision",
    skip_to_content: "Skip to main content",
    menu: "Menu",
    main_nav: "Main navigation",
    language: "Language",
    nav_home: "Home",
    nav_bulletins: "Bulletins",
    nav_report: "Report a problem",
    nav_sign_in: "Staff sign in",
    nav_dashboard: "Dashboard",
    public_site: "Public site",
    load_failed: "Could not load",
    retry: "Try again",
    as_table: "As a table",
    sign_out: "Sign out",
    footer_org: "Municipal Efficiency Office",
    footer_note: "Public bulletins and reporting are open to every citizen; inspection plans and unannounced visits are never published in advance.",
    loading: "Loading…",
    load_more: "Load more",
    loading_more: "Loading…",
    shown: |n, more| {
        if more {
            format!("{n} shown, more to load")
        } else if n == 1 {
            "1 in all".to_owned()
        } else {
            format!("{n} in all")
        }
    },

    home_title: "Efficiency supervision",
    home_lead: "The efficiency office inspects municipal units, openly and unannounced, has every problem found rectified by a deadline, holds people accountable, and publishes the results.",
    home_bulletins_title: "Accountability bulletins",
    home_bulletins_text: "Read the published bulletins: what was found, how it was put right, and who was held accountable.",
    home_report_title: "Report a problem",
    home_report_text: "Tell us about buck-passing, empty posts, poor service or other problems you met at a government unit.",
    home_staff_title: "For staff",
    home_staff_text: "Office staff, inspectors, unit liaisons and leaders sign in here.",
    home_how_title: "What happens to a problem",
    home_how_steps: [
        "An inspection finds it, or a citizen reports it",
        "The unit is told and must verify it by a deadline",
        "A substantiated problem is rectified by a deadline; overdue ones are flagged",
        "People are held accountable and the result is published",
    ],

    bulletins_title: "Accountability bulletins",
    bulletins_lead: "Bulletins published by the municipal efficiency office.",
    bulletins_empty: "No bulletins have been published yet.",

    report_title: "Report a problem",
    report_lead: "You can report problems with a government unit's conduct or service, anonymously if you wish.",
    report_not_yet: "The online report form is being built and will appear here.",

    login_title: "Staff sign in",
    login_lead: "Use the account the efficiency office gave you.",
    username: "Username",
    username_hint: "Given by your administrator, for example office",
    password: "Password",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    error_summary_title: "There is a problem",
    network_error: "The server cannot be reached; check your connection and try again",
    retry_in: |secs| match secs.div_ceil(60) {
        1 => "Try again in a minute".to_owned(),
        n => format!("Try again in {n} minutes"),
    },

    dashboard_title: "Dashboard",
    signed_in_as: "Signed in as",
    role: "Role",
    unit: "Unit",
    session_expired: "Your session has ended; please sign in again.",

    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. It may have moved, or the address may be mistyped.",
    back_home: "Go to the home page",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The language stored from an earlier visit, else the browser's.
    pub fn detect() -> I18n {
        let stored = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Lang::from_tag(&tag));
        let browser = || {
            let nav = window().navigator();
            nav.languages()
                .iter()
                .filter_map(|v| v.as_string())
                .chain(nav.language())
                .find_map(|tag| Lang::from_tag(&tag))
        };
        I18n::new(stored.or_else(browser).unwrap_or_default())
    }

    pub fn new(lang: Lang) -> I18n {
        I18n {
            lang: RwSignal::new(lang),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The texts of the current language (tracked: views re-render on a switch).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// The staff pages' texts of the current language (tracked).
    pub fn s(&self) -> &'static crate::texts::staff::StaffTexts {
        crate::texts::staff::staff_texts(self.lang.get())
    }

    /// The administration pages' texts of the current language (tracked).
    pub fn a(&self) -> &'static crate::texts::admin::AdminTexts {
        crate::texts::admin::admin_texts(self.lang.get())
    }

    /// The public pages' texts of the current language (tracked).
    pub fn p(&self) -> &'static crate::texts::portal::PublicTexts {
        crate::texts::portal::public_texts(self.lang.get())
    }

    /// Switches language and remembers the choice on this device.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.tag());
        }
        // The server paints the portal's first view in this language too.
        if let Some(doc) = document().dyn_ref::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&format!(
                "xn_lang={}; path=/; max-age=31536000; samesite=lax",
                lang.tag()
            ));
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Names the page in the document title: "<page> - 效能".
pub fn use_page_title(page: fn(&Texts) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!("{} - {} {}", page(t), t.product, t.product_full));
    });
}

/// Names a staff page in the document title, from the staff texts.
pub fn use_admin_title(page: fn(&crate::texts::admin::AdminTexts) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            page(i18n.a()),
            t.product,
            t.product_full
        ));
    });
}

pub fn use_staff_title(page: impl Fn(&crate::texts::staff::StaffTexts) -> &'static str + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        document().set_title(&format!(
            "{} - {} {}",
            page(i18n.s()),
            t.product,
            t.product_full
        ));
    });
}

/// `text` in brackets after a name or a hint: Chinese brackets in Chinese
/// text (GB/T 15834), ASCII ones after a space in English.
pub fn in_brackets(lang: Lang, text: &str) -> String {
    match lang {
        Lang::ZhCn => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ_where_they_should() {
        assert_ne!(ZH_CN.sign_in, EN.sign_in);
        assert_eq!((ZH_CN.retry_in)(61), "请在 2 分钟后再试");
        assert_eq!((EN.retry_in)(60), "Try again in a minute");
        assert_eq!((EN.retry_in)(900), "Try again in 15 minutes");
    }
}
