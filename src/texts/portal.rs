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
        report_done_title: "举报已收到", "Your report is received";
        report_keep_code: "请保存查询码，凭它查看办理进度：", "Keep this tracking code to follow what happens:";
        report_check: "查看办理进度", "Check its status";
        receipt_copy: "复制查询码", "Copy the code";
        receipt_copied: "查询码已复制。", "The code is copied.";
        receipt_copy_failed:
            "未能自动复制：查询码已选中，请长按或按 Ctrl+C 复制。",
            "It could not be copied for you: the code is selected, so copy it with a long press or Ctrl+C.";
        receipt_next: "接下来", "What happens next";
        /// The first step: within how many working days, and (between the
        /// two parts, kept on one line) by which day.
        receipt_answer(fn(u32) -> (String, &'static str)):
            |n| (format!("效能办在 {n} 个工作日内审核，最迟于 "), "答复是否受理。"),
            |n| (format!("The office looks at it within {n} working days and says by "), " whether it takes it up.");
        receipt_accepted:
            "受理的举报转为督查问题，反馈有关单位限期核实、整改；不予受理的，会说明原因。",
            "A report taken up becomes a finding: the unit concerned must verify it and put it right by a deadline. A report declined is given a reason.";
        receipt_follow:
            "凭查询码随时查看办理进度；如果选择了邮件通知，办理结果也会发到您的邮箱。",
            "Follow it at any time with the code; if you asked for e-mail, the result is also sent to your address.";
        receipt_state: "目前状态：", "Status now: ";
        status_title: "查询举报办理进度", "Check a report's status";
        status_code: "查询码", "Tracking code";
        status_code_hint:
            "提交举报时得到的查询码，如 JB-7KQ2-M9XD",
            "The code you were given, e.g. JB-7KQ2-M9XD";
        status_check: "查询", "Check";
        status_not_found: "没有找到这个查询码，请核对后再试。", "No report has this code; check it and try again.";
        status_received_on: "收到时间", "Received";
        status_state: "办理状态", "Status";
        status_outcome: "结果", "Outcome";
        status_reason: "不予受理的原因", "Why it was declined";
        status_updated: "最后更新", "Last updated";
        status_answer_by: "答复期限", "Answer due by";
    }
}

pub fn public_texts(lang: Lang) -> &'static PublicTexts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}
