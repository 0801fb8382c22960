//! Words both sides show, written once: the portal's chrome, which the
//! server also writes into the first view it serves (the static shell and
//! the bulletin pages it renders), the words of the pages it paints whole
//! (`portal`), and the column titles of the exports.
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

/// The pages the server paints whole for citizens (the home page, the
/// bulletins, the figures, a report's receipt and its status): no app runs
/// there, so their words are here.
pub mod portal {
    use super::Word;
    use crate::Lang;

    words! {
        HOME_BULLETINS_TEXT:
            "查看已公开的效能问责通报：发现了什么问题，如何整改，谁被问责。",
            "Read the published bulletins: what was found, how it was put right, and who was held accountable.";
        HOME_REPORT_TEXT:
            "在机关办事遇到推诿扯皮、脱岗离岗、服务态度差等问题，可以向我们反映。",
            "Tell us about buck-passing, empty posts, poor service or other problems you met at a government unit.";
        HOME_STAFF_TITLE: "工作人员入口", "For staff";
        HOME_STAFF_TEXT:
            "效能办、督查员、单位联络员和领导在此登录。",
            "Office staff, inspectors, unit liaisons and leaders sign in here.";
        HOME_HOW_TITLE: "一个问题的处理过程", "What happens to a problem";
        FIGURES_YEAR: "今年以来", "This year so far";
        FIG_INSPECTIONS: "督查次数", "Inspections";
        FIG_SUBSTANTIATED: "查实问题", "Findings substantiated";
        FIG_ON_TIME: "按期整改率", "Rectified on time";
        FIG_MEASURES: "问责人次", "Accountability measures";
        LATEST: "最新通报", "Latest bulletins";
        ALL_BULLETINS: "全部通报", "All bulletins";
        BULLETINS_TITLE: "问责通报", "Accountability bulletins";
        BULLETINS_LEAD: "市效能办公开发布的效能问责通报。", "Bulletins published by the municipal efficiency office.";
        SEARCH: "搜索通报", "Search bulletins";
        SEARCH_HINT: "文号、标题或正文中的文字", "Words in the number, title or text";
        YEAR: "年份", "Year";
        KIND: "类别", "Kind";
        ANY: "全部", "Any";
        APPLY: "搜索", "Search";
        CLEAR: "清除条件", "Clear";
        NO_RESULTS: "没有符合条件的通报。", "No bulletins match.";
        FEED: "订阅（Atom）", "Subscribe (Atom feed)";
        EARLIER: "更早的通报", "Earlier bulletins";
        NEWEST: "回到最新的通报", "Back to the newest";
        SEARCH_REFUSED: "搜索条件有误", "The search cannot be made";
        PAGE: "页码", "Page";
        STATS_TITLE: "效能督查数据公开", "Efficiency supervision in figures";
        STATS_BY_MONTH: "各月查实问题", "Substantiated findings by month";
        STATS_BY_DIMENSION: "按问题类别", "By dimension";
        STATS_BY_UNIT_KIND: "按单位类型", "By kind of unit";
        SHOW_YEAR: "查看", "Show";
        AS_TABLE: "数据表", "As a table";
        METHOD_TITLE: "统计口径", "How these are counted";
        METHOD_COUNTS:
            "只统计经核查属实的问题和已完成的督查；不实、重复登记和尚在核实中的问题不计入。",
            "Only findings substantiated after verification and inspections already made count; unfounded, merged and unverified findings do not.";
        METHOD_ON_TIME:
            "按期整改率 = 整改报告在整改期限（含批准的延期）内提交并通过验收的问题 ÷ 已验收销号的问题。",
            "Rectified on time = findings whose rectification report came in by the deadline (an approved extension included) and was accepted ÷ findings closed.";
        METHOD_NO_PLANS:
            "督查计划和暗访安排不公开，任何数字都不反映尚未进行的督查。",
            "Plans and unannounced visits are never published; no figure reflects a visit that has not happened yet.";
        REPORT_TITLE: "举报问题", "Report a problem";
        REPORT_LEAD:
            "您可以匿名反映机关单位的作风和效能问题。",
            "You can report problems with a government unit's conduct or service, anonymously if you wish.";
        REPORT_UNIT: "涉及单位（选填）", "Unit concerned (optional)";
        REPORT_UNIT_HINT:
            "输入单位名称的一部分，从列表中选择；不确定可不填",
            "Type part of the name and pick from the list; leave empty if unsure";
        REPORT_WHAT: "发生了什么", "What happened";
        REPORT_WHAT_HINT:
            "请尽量具体：哪个窗口、什么情况（至少 10 个字）",
            "Be as specific as you can: which counter, what happened (at least 10 characters)";
        REPORT_PLACE: "地点（选填）", "Where (optional)";
        REPORT_WHEN: "日期（选填）", "When (optional)";
        REPORT_PHOTO: "照片（选填）", "Photo (optional)";
        REPORT_PHOTO_HINT:
            "JPEG、PNG、WebP、HEIF 或 PDF，不超过 10 MB",
            "JPEG, PNG, WebP, HEIF or PDF, at most 10 MB";
        REPORT_PHOTO_AGAIN:
            "照片尚未保存：如需附上，请重新选择。",
            "The photo is not kept yet: to attach it, choose it again.";
        REPORT_CONTACT: "联系方式（选填）", "Contact (optional)";
        REPORT_CONTACT_HINT:
            "默认匿名。留下电话或邮箱，仅效能办工作人员可见，只用于核实情况和告知结果，不会公开。",
            "Anonymous by default. A phone number or e-mail is seen only by the efficiency office, used only to verify and to tell you the outcome, and never published.";
        REPORT_NOTIFY:
            "办理结果通过邮件告诉我（需在联系方式中填写邮箱）",
            "E-mail me when it is accepted, declined or closed (give an e-mail address as your contact)";
        REPORT_SEND: "提交举报", "Send the report";
        REPORT_SENDING: "正在提交…", "Sending…";
        ERROR_SUMMARY_TITLE: "请先解决以下问题", "There is a problem";
        REPORT_DONE_TITLE: "举报已收到", "Your report is received";
        REPORT_KEEP_CODE: "请保存查询码，凭它查看办理进度：", "Keep this tracking code to follow what happens:";
        REPORT_CHECK: "查看办理进度", "Check its status";
        RECEIPT_COPY: "复制查询码", "Copy the code";
        RECEIPT_COPIED: "查询码已复制。", "The code is copied.";
        RECEIPT_COPY_FAILED:
            "未能自动复制：查询码已选中，请长按或按 Ctrl+C 复制。",
            "It could not be copied for you: the code is selected, so copy it with a long press or Ctrl+C.";
        RECEIPT_NEXT: "接下来", "What happens next";
        RECEIPT_ACCEPTED:
            "受理的举报转为督查问题，反馈有关单位限期核实、整改；不予受理的，会说明原因。",
            "A report taken up becomes a finding: the unit concerned must verify it and put it right by a deadline. A report declined is given a reason.";
        RECEIPT_FOLLOW:
            "凭查询码随时查看办理进度；如果选择了邮件通知，办理结果也会发到您的邮箱。",
            "Follow it at any time with the code; if you asked for e-mail, the result is also sent to your address.";
        RECEIPT_STATE: "目前状态：", "Status now: ";
        STATUS_TITLE: "查询举报办理进度", "Check a report's status";
        STATUS_CODE: "查询码", "Tracking code";
        STATUS_CODE_HINT:
            "提交举报时得到的查询码，如 JB-7KQ2-M9XD",
            "The code you were given, e.g. JB-7KQ2-M9XD";
        STATUS_CHECK: "查询", "Check";
        STATUS_NOT_FOUND: "没有找到这个查询码，请核对后再试。", "No report has this code; check it and try again.";
        STATUS_RECEIVED_ON: "收到时间", "Received";
        STATUS_STATE: "办理状态", "Status";
        STATUS_OUTCOME: "结果", "Outcome";
        STATUS_REASON: "不予受理的原因", "Why it was declined";
        STATUS_UPDATED: "最后更新", "Last updated";
        STATUS_ANSWER_BY: "答复期限", "Answer due by";
        NOT_FOUND_TITLE: "页面不存在", "Page not found";
        NOT_FOUND_TEXT:
            "您访问的页面不存在，可能已被移动，或地址有误。",
            "There is no page at this address. It may have moved, or the address may be mistyped.";
        BACK_HOME: "返回首页", "Go to the home page";
        UNAVAILABLE:
            "暂时无法读取，请稍后重试。",
            "This cannot be read just now; please try again shortly.";
        RETRY: "重试", "Try again";
    }

    /// What happens to a problem, step by step (the home page).
    pub const HOME_HOW_STEPS: [Word; 4] = [
        Word {
            zh: "督查发现问题，或收到群众举报",
            en: "An inspection finds it, or a citizen reports it",
        },
        Word {
            zh: "反馈被查单位，限期调查核实",
            en: "The unit is told and must verify it by a deadline",
        },
        Word {
            zh: "查实的问题限期整改，逾期亮牌",
            en: "A substantiated problem is rectified by a deadline; overdue ones are flagged",
        },
        Word {
            zh: "依照问责办法追责，公开通报",
            en: "People are held accountable and the result is published",
        },
    ];

    /// The receipt's first step: within how many working days, and (between
    /// the two parts, kept on one line) by which day the office answers.
    pub fn receipt_answer(lang: Lang, n: u32) -> (String, &'static str) {
        match lang {
            Lang::ZhCn => (
                format!("效能办在 {n} 个工作日内审核，最迟于 "),
                "答复是否受理。",
            ),
            Lang::En => (
                format!("The office looks at it within {n} working days and says by "),
                " whether it takes it up.",
            ),
        }
    }

    /// Which units the ranking takes (the figures' method).
    pub fn method_ranking(lang: Lang, n: i64) -> String {
        match lang {
            Lang::ZhCn => format!(
                "单位排名只包括本年度被督查不少于 {n} 次的单位；少于 {n} 次的单位样本不足，不参加排名。"
            ),
            Lang::En => format!(
                "Units are ranked only with at least {n} inspections in the year; with fewer the sample is too small and they are not ranked."
            ),
        }
    }
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
