//! The words of the field app's pages — a visit's checklist, the visits
//! to make, what the phone keeps for no signal — and the few the staff
//! shell shows around them, in zh-CN and English (written with `texts!`).
//! Apart from the staff pages' texts so that the field app, which draws
//! only these pages, carries none of the others.

use xiaoneng_domain::Lang;

texts! {
    pub struct FieldTexts {
        nav_findings: "问题台账", "Findings";
        inspection_title: "现场检查", "Inspection";
        at_hand: "本单位离岗告示与 AB 岗", "This unit's away notices and A/B posts";
        away_notices: "当前离岗告示", "Away notices in force";
        no_notices: "当前没有离岗告示。", "No away notice is in force.";
        covered_by: "代岗", "Covered by";
        posts: "AB 岗设置", "A/B posts";
        no_b: "未设 B 岗", "No B person";
        outcome_pass: "符合", "Pass";
        outcome_fail: "不符合", "Fail";
        outcome_na: "不适用", "Not applicable";
        item_note: "情况说明", "Note";
        item_value: "记录", "Value";
        take_photo: "拍照取证", "Take a photo";
        photos_pending: "张照片待上传", "photo(s) waiting to upload";
        uploading_photo: "照片上传进度", "Photo upload progress";
        uploaded_pct(fn(u32) -> String): |p| format!("正在上传 {p}%"), |p| format!("Uploading {p}%");
        needs_note: "不符合时须填写情况说明", "A failure needs a note";
        needs_evidence: "不符合时须拍照取证", "A failure needs a photo";
        needs_both: "不符合时须填写情况说明并拍照", "A failure needs a note and a photo";
        general_notes: "总体情况（选填）", "General notes (optional)";
        saved_here: "已保存在本机", "Saved on this phone";
        saved_waiting:
            "已保存在本机，联网后自动发送",
            "Saved on this phone; it will be sent when the connection is back";
        sending: "正在发送…", "Sending…";
        change_password: "修改密码", "Change password";
        taken_at(fn(&str) -> String): |t| format!("拍摄于 {t}"), |t| format!("Taken at {t}");
        offline_preparing(fn(usize) -> String):
            |n| format!("正在把 7 天内的 {n} 项任务备到本机……"),
            |n| format!("Putting the {n} visits of the coming 7 days on this phone…");
        offline_ready(fn(usize) -> String):
            |n| format!("已在本机备好 7 天内的 {n} 项任务：现场无信号时也能打开检查表。"),
            |n| match n {
                1 => "The visit of the coming 7 days is on this phone: its checklist opens with no signal.".to_owned(),
                n => format!("The {n} visits of the coming 7 days are on this phone: their checklists open with no signal."),
            };
        offline_partial(fn(usize, usize) -> String):
            |n, total| format!("7 天内的 {total} 项任务中，{n} 项已在本机备好；其余需联网后再打开一次。"),
            |n, total| format!("{n} of the {total} visits of the coming 7 days are on this phone; open the app online again for the rest.");
        sent: "已发送到服务器", "Sent";
        submit_inspection: "提交检查结果", "Submit the inspection";
        submitted_title: "检查结果已提交", "The inspection is submitted";
        created_findings: "据此登记的问题", "Findings it recorded";
        no_failures: "未发现问题。", "Nothing was found wanting.";
        units_visits_title: "自查互查任务", "Self-inspection visits";
        units_visits_empty: "暂无待完成的自查互查任务。", "No self-inspection visits to make.";
        nav_inbox: "通知", "Inbox";
        inbox_unread_n(fn(i64) -> String):
            |n| format!("{n}条未读"),
            |n| format!("{n} unread");
        on_site_title: "在岗核查", "Who was at their post";
        on_site_lead: "按检查开始时的离岗告示与AB岗核对，留存时间：", "Checked against the notices and A/B posts in force when the inspection started, kept at ";
        on_site_pending: "首次保存后，这里列出检查开始时的岗位人员和离岗告示。", "Once first saved, the people on post and the notices in force when the inspection started are listed here.";
        on_site_nobody: "检查开始时该单位没有登记岗位人员或离岗告示。", "The unit had no posts or notices on record when the inspection started.";
        declared: "告示：", "Notice: ";
        notice_late: "补报（晚于离岗时间发布）", "Posted late (after the absence began)";
        visits_title: "我的督查任务", "My inspection visits";
        visits_empty: "暂无分配给您的督查任务。", "No visits are assigned to you.";
    }
}

pub fn field_texts(lang: Lang) -> &'static FieldTexts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}
