//! The words of the portal's pages the app draws (a citizen's report, its
//! receipt and status), in zh-CN and English, written with `texts!`, side
//! by side. The pages the server paints take theirs from
//! `xiaoneng_domain::words`.

use xiaoneng_domain::Lang;
use xiaoneng_domain::words::chrome;

texts! {
    pub struct PublicTexts {
        nav_stats: chrome::NAV_STATS.zh, chrome::NAV_STATS.en;
        measure: chrome::MEASURE.zh, chrome::MEASURE.en;
        report_unit: "涉及单位（选填）", "Unit concerned (optional)";
        report_unit_hint:
            "输入单位名称的一部分，从列表中选择；不确定可不填",
            "Type part of the name and pick from the list; leave empty if unsure";
        report_what: "发生了什么", "What happened";
        report_what_hint:
            "请尽量具体：哪个窗口、什么情况（至少 10 个字）",
            "Be as specific as you can: which counter, what happened (at least 10 characters)";
        report_place: "地点（选填）", "Where (optional)";
        report_when: "日期（选填）", "When (optional)";
        report_photo: "照片（选填）", "Photo (optional)";
        report_photo_hint:
            "JPEG、PNG、WebP、HEIF 或 PDF，不超过 10 MB",
            "JPEG, PNG, WebP, HEIF or PDF, at most 10 MB";
        report_contact: "联系方式（选填）", "Contact (optional)";
        report_contact_hint:
            "默认匿名。留下电话或邮箱，仅效能办工作人员可见，只用于核实情况和告知结果，不会公开。",
            "Anonymous by default. A phone number or e-mail is seen only by the efficiency office, used only to verify and to tell you the outcome, and never published.";
        report_notify:
            "办理结果通过邮件告诉我（需在联系方式中填写邮箱）",
            "E-mail me when it is accepted, declined or closed (give an e-mail address as your contact)";
        report_send: "提交举报", "Send the report";
        report_sending: "正在提交…", "Sending…";
        status_title: "查询举报办理进度", "Check a report's status";
    }
}

pub fn public_texts(lang: Lang) -> &'static PublicTexts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}
