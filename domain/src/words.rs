//! Words both sides show, written once: the portal's chrome, which the
//! server also writes into the first view it serves (the static shell and
//! the bulletin pages it renders), and the column titles of the exports.
//! The app's catalogue (`src/texts/`) takes these; everything else the app
//! says lives there.

use crate::Lang;

/// One word in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Word {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhCn => self.zh,
            Lang::En => self.en,
        }
    }
}

/// `NAME: "中文", "English";` makes `pub const NAME: Word`.
macro_rules! words {
    ($( $(#[$doc:meta])* $name:ident: $zh:expr, $en:expr; )*) => {
        $( $(#[$doc])* pub const $name: Word = Word { zh: $zh, en: $en }; )*
    };
}

/// The portal's frame and home page.
pub mod chrome {
    use super::Word;

    words! {
        PRODUCT: "效能", "Xiaoneng";
        PRODUCT_FULL: "机关效能督查系统", "Efficiency supervision";
        SKIP_TO_CONTENT: "跳到正文", "Skip to main content";
        MENU: "菜单", "Menu";
        MAIN_NAV: "主导航", "Main navigation";
        NAV_HOME: "首页", "Home";
        NAV_BULLETINS: "通报", "Bulletins";
        NAV_STATS: "数据公开", "Figures";
        NAV_REPORT: "举报问题", "Report a problem";
        NAV_SIGN_IN: "工作人员登录", "Staff sign in";
        LANGUAGE: "语言", "Language";
        FOOTER_ORG: "市效能建设工作领导小组办公室", "Municipal Efficiency Office";
        FOOTER_NOTE:
            "公开通报和举报渠道面向全体市民；督查计划与暗访安排不对外公开。",
            "Public bulletins and reporting are open to every citizen; inspection plans and unannounced visits are never published in advance.";
        BACK_TO_LIST: "返回通报列表", "Back to the bulletins";
        PUBLISHED_ON: "发布日期", "Published";
        CORRECTIONS: "更正说明", "Corrections";
        MEASURES_TAKEN: "问责情况", "Measures taken";
        PERSON: "人员", "Person";
        MEASURE_UNIT: "涉及单位", "Unit";
        MEASURE: "问责方式", "Measure";
        PLACE_PERIOD: "地点及期限", "Where and when";
        RETRACTED_TITLE: "此通报已撤回", "This bulletin has been retracted";
        RETRACTED_ON: "撤回日期", "Retracted on";
        RETRACTED_REASON: "撤回原因", "Reason";
        HOME_TITLE: "机关效能督查", "Efficiency supervision";
        HOME_LEAD:
            "市效能办对市直单位开展明查暗访，对发现的问题限期整改、严肃问责，并向社会公开通报结果。",
            "The efficiency office inspects municipal units, openly and unannounced, has every problem found rectified by a deadline, holds people accountable, and publishes the results.";
    }

    /// The static shell's words (`index.html` is written with the Chinese),
    /// in the order the server translates them.
    pub const SHELL: [Word; 15] = [
        PRODUCT,
        PRODUCT_FULL,
        SKIP_TO_CONTENT,
        MENU,
        MAIN_NAV,
        NAV_HOME,
        NAV_BULLETINS,
        NAV_STATS,
        NAV_REPORT,
        NAV_SIGN_IN,
        LANGUAGE,
        FOOTER_ORG,
        FOOTER_NOTE,
        BACK_TO_LIST,
        PUBLISHED_ON,
    ];
}

/// The sheets and column titles of the exports (CSV and Excel).
pub mod columns {
    use super::Word;

    words! {
        FINDINGS: "问题", "Findings";
        CODE: "编号", "Code";
        UNIT: "单位", "Unit";
        SOURCE: "来源", "Source";
        DIMENSION: "维度", "Dimension";
        SEVERITY: "严重程度", "Severity";
        TITLE: "标题", "Title";
        DESCRIPTION: "描述", "Description";
        OBSERVED_ON: "发现日期", "Observed on";
        STATE: "状态", "State";
        VERIFY_BY: "核实期限", "Verify by";
        RECTIFY_BY: "整改期限", "Rectify by";
        PEOPLE: "涉及人员", "People";
        DECISIONS: "问责", "Decisions";
        DECIDED_ON: "决定日期", "Decided on";
        NAME: "姓名", "Name";
        POST: "职务", "Post";
        MEASURE: "问责方式", "Measure";
        PLACE: "地点", "Place";
        START: "开始", "Start";
        END: "结束", "End";
        BASIS: "依据", "Basis";
        FINDING_CODES: "问题编号", "Findings";
    }
}
