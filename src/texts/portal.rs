//! The words of the public pages (bulletins, reports), in zh-CN and
//! English, written with `texts!`, side by side.

use xiaoneng_domain::Lang;
use xiaoneng_domain::words::chrome;

texts! {
    pub struct PublicTexts {
        nav_stats: chrome::NAV_STATS.zh, chrome::NAV_STATS.en;
        stats_title: "效能督查数据公开", "Efficiency supervision in figures";
        stats_by_month: "各月查实问题", "Substantiated findings by month";
        stats_by_dimension: "按问题类别", "By dimension";
        stats_by_unit_kind: "按单位类型", "By kind of unit";
        method_title: "统计口径", "How these are counted";
        method_counts:
            "只统计经核查属实的问题和已完成的督查；不实、重复登记和尚在核实中的问题不计入。",
            "Only findings substantiated after verification and inspections already made count; unfounded, merged and unverified findings do not.";
        method_on_time:
            "按期整改率 = 整改报告在整改期限（含批准的延期）内提交并通过验收的问题 ÷ 已验收销号的问题。",
            "Rectified on time = findings whose rectification report came in by the deadline (an approved extension included) and was accepted ÷ findings closed.";
        method_no_plans:
            "督查计划和暗访安排不公开，任何数字都不反映尚未进行的督查。",
            "Plans and unannounced visits are never published; no figure reflects a visit that has not happened yet.";
        method_ranking(fn(i64) -> String):
            |n| {
                format!(
                    "单位排名只包括本年度被督查不少于 {n} 次的单位；少于 {n} 次的单位样本不足，不参加排名。"
                )
            },
            |n| {
                format!(
                    "Units are ranked only with at least {n} inspections in the year; with fewer the sample is too small and they are not ranked."
                )
            };
        latest: "最新通报", "Latest bulletins";
        all_bulletins: "全部通报", "All bulletins";
        figures_year: "今年以来", "This year so far";
        fig_inspections: "督查次数", "Inspections";
        fig_substantiated: "查实问题", "Findings substantiated";
        fig_on_time: "按期整改率", "Rectified on time";
        fig_measures: "问责人次", "Accountability measures";
        search: "搜索通报", "Search bulletins";
        search_hint: "文号、标题或正文中的文字", "Words in the number, title or text";
        year: "年份", "Year";
        kind: "类别", "Kind";
        measure: chrome::MEASURE.zh, chrome::MEASURE.en;
        unit: chrome::MEASURE_UNIT.zh, chrome::MEASURE_UNIT.en;
        any: "全部", "Any";
        apply: "搜索", "Search";
        clear: "清除条件", "Clear";
        published_on: chrome::PUBLISHED_ON.zh, chrome::PUBLISHED_ON.en;
        no_results: "没有符合条件的通报。", "No bulletins match.";
        measures_taken: chrome::MEASURES_TAKEN.zh, chrome::MEASURES_TAKEN.en;
        person: chrome::PERSON.zh, chrome::PERSON.en;
        post: "职务", "Post";
        place_period: chrome::PLACE_PERIOD.zh, chrome::PLACE_PERIOD.en;
        retracted_title: chrome::RETRACTED_TITLE.zh, chrome::RETRACTED_TITLE.en;
        retracted_on: chrome::RETRACTED_ON.zh, chrome::RETRACTED_ON.en;
        retracted_reason: chrome::RETRACTED_REASON.zh, chrome::RETRACTED_REASON.en;
        not_found_title: "找不到这份通报", "Bulletin not found";
        not_found_text: "它不存在，或尚未公开发布。", "It does not exist, or it has not been published.";
        back_to_list: chrome::BACK_TO_LIST.zh, chrome::BACK_TO_LIST.en;
        feed: "订阅（Atom）", "Subscribe (Atom feed)";
        print: "打印", "Print";
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
