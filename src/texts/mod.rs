//! Every word the app shows, in zh-CN and English, and the language state.
//!
//! The catalogue is a table written with [`texts!`]: each text once, its
//! Chinese and English side by side. It makes a struct with one field per
//! text and one constant per language, so a missing translation is a
//! compile error and a text is a field access (no lookup, no parsing at run
//! time). We measured
//! `leptos_i18n` at +21 KB gzip of wasm for the same job (TOOLCHAIN.md) and it
//! cannot serve the server's messages; those live in `xiaoneng_domain` and
//! are shared by both sides (the portal's words too: the server paints its
//! pages). The texts every app shows are here, the staff pages' in `staff`,
//! the field app's in `field` and the administration pages' in `admin`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use xiaoneng_domain::Lang;
use xiaoneng_domain::words::{chrome, portal};

/// A catalogue of texts, each written once with both languages side by
/// side: `name: "中文", "English";` for a plain text, or
/// `name(fn(i64) -> String): |n| …, |n| …;` for one of another type (one
/// that takes values).
/// Makes `pub struct $name` with one field per text, and the constants
/// `ZH_CN` and `EN`.
macro_rules! texts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$doc:meta])* $field:ident $(($ty:ty))? : $zh:expr, $en:expr; )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$doc])* pub $field: texts!(@type $($ty)?), )*
        }

        pub const ZH_CN: $name = $name { $( $field: $zh, )* };

        pub const EN: $name = $name { $( $field: $en, )* };
    };
    (@type) => { &'static str };
    (@type $ty:ty) => { $ty };
}

pub mod admin;
pub mod field;
pub mod staff;

const STORAGE_KEY: &str = "xiaoneng.lang";

texts! {
    /// The texts of one language.
    pub struct Texts {
        product: chrome::PRODUCT.zh, chrome::PRODUCT.en;
        product_full: chrome::PRODUCT_FULL.zh, chrome::PRODUCT_FULL.en;
        skip_to_content: chrome::SKIP_TO_CONTENT.zh, chrome::SKIP_TO_CONTENT.en;
        menu: chrome::MENU.zh, chrome::MENU.en;
        main_nav: chrome::MAIN_NAV.zh, chrome::MAIN_NAV.en;
        language: chrome::LANGUAGE.zh, chrome::LANGUAGE.en;
        nav_dashboard: "工作台", "Dashboard";
        public_site: "公开网站", "Public site";
        load_failed: "加载失败", "Could not load";
        retry: "重试", "Try again";
        as_table: "数据表", "As a table";
        sign_out: "退出登录", "Sign out";
        footer_org: chrome::FOOTER_ORG.zh, chrome::FOOTER_ORG.en;
        footer_note: chrome::FOOTER_NOTE.zh, chrome::FOOTER_NOTE.en;
        loading: "正在加载…", "Loading…";
        load_more: "加载更多", "Load more";
        loading_more: "正在加载…", "Loading…";
        /// How many items a list shows, and whether more can be loaded.
        shown(fn(usize, bool) -> String):
            |n, more| {
                if more {
                    format!("已显示 {n} 条，还有更多")
                } else {
                    format!("共 {n} 条")
                }
            },
            |n, more| {
                if more {
                    format!("{n} shown, more to load")
                } else if n == 1 {
                    "1 in all".to_owned()
                } else {
                    format!("{n} in all")
                }
            };
        login_title: "工作人员登录", "Staff sign in";
        login_lead: "请使用效能办分配的账号登录。", "Use the account the efficiency office gave you.";
        username: "用户名", "Username";
        username_hint: "由管理员分配，例如 office", "Given by your administrator, for example office";
        password: "密码", "Password";
        sign_in: "登录", "Sign in";
        signing_in: "正在登录…", "Signing in…";
        /// A form sent on a record someone else changed meanwhile (409).
        stale_record:
            "该记录已被他人修改，已显示最新内容，请重新操作。",
            "Someone else changed this record; it now shows the current version. Please try again.";
        error_summary_title: "请先解决以下问题", "There is a problem";
        network_error:
            "无法连接服务器，请检查网络后重试",
            "The server cannot be reached; check your connection and try again";
        retry_in(fn(u64) -> String):
            |secs| format!("请在 {} 分钟后再试", secs.div_ceil(60)),
            |secs| match secs.div_ceil(60) {
                1 => "Try again in a minute".to_owned(),
                n => format!("Try again in {n} minutes"),
            };
        dashboard_title: "工作台", "Dashboard";
        signed_in_as: "当前登录", "Signed in as";
        role: "角色", "Role";
        unit: "所属单位", "Unit";
        not_found_title: portal::NOT_FOUND_TITLE.zh, portal::NOT_FOUND_TITLE.en;
        not_found_text: portal::NOT_FOUND_TEXT.zh, portal::NOT_FOUND_TEXT.en;
        back_home: portal::BACK_HOME.zh, portal::BACK_HOME.en;
    }
}

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

    /// The field app's texts of the current language (tracked).
    pub fn f(&self) -> &'static crate::texts::field::FieldTexts {
        crate::texts::field::field_texts(self.lang.get())
    }

    /// The staff pages' texts of the current language (tracked).
    pub fn s(&self) -> &'static crate::texts::staff::StaffTexts {
        crate::texts::staff::staff_texts(self.lang.get())
    }

    /// The administration pages' texts of the current language (tracked).
    pub fn a(&self) -> &'static crate::texts::admin::AdminTexts {
        crate::texts::admin::admin_texts(self.lang.get())
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

pub use xiaoneng_domain::stats::percent;

/// The comma between items of a phrase, in the language's own punctuation.
pub fn comma(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "，",
        Lang::En => ", ",
    }
}

pub use xiaoneng_domain::calendar::day_and_weekday;

/// `text` in brackets after a name or a hint: Chinese brackets in Chinese
/// text (GB/T 15834), ASCII ones after a space in English.
pub fn in_brackets(lang: Lang, text: &str) -> String {
    lang.in_brackets(text)
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

    #[test]
    fn a_share_is_a_whole_percentage_rounded_half_up() {
        assert_eq!(percent(0.625), "63%");
        assert_eq!(percent(2.0 / 3.0), "67%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
    }
}
