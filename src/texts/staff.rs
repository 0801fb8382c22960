//! The words of the staff pages, in zh-CN and English (written with
//! `texts!`, each text once with both languages side by side: a missing
//! translation is a compile error). Domain words —
//! states, dimensions, roles, validation reasons — come from the shared
//! crate, where the server uses them too.

use xiaoneng_domain::Lang;

texts! {
    pub struct StaffTexts {
        nav_people: "人员与岗位", "Staff and posts";
        findings_title: "问题台账", "Findings";
        findings_lead:
            "督查发现的问题及其核实、整改进度。筛选条件保存在网址中，可直接分享。",
            "What inspections found, and where its verification and rectification stand. The filters live in the address, so a filtered list can be shared.";
        filters: "筛选", "Filters";
        /// The button that unfolds a list's filters on a phone, with how many are set.
        filters_toggle(fn(usize) -> String):
            |n| if n == 0 { "筛选条件".to_owned() } else { format!("筛选条件（已设 {n} 项）") },
            |n| if n == 0 { "Filters".to_owned() } else { format!("Filters ({n} set)") };
        search: "搜索", "Search";
        search_hint: "编号、标题或情况描述中的文字", "Text in the code, title or description";
        any: "全部", "Any";
        state: "状态", "State";
        dimension: "问题类别", "Dimension";
        source: "来源", "Source";
        due: "期限", "Deadline";
        due_overdue: "已逾期（红牌）", "Overdue (red card)";
        due_soon: "临期（黄牌）", "Due soon (yellow card)";
        extension: "延期申请", "Extension request";
        extension_requested: "待决定", "Awaiting a decision";
        unit: "单位", "Unit";
        round: "督查轮次", "Round";
        sort: "排序", "Sort";
        sort_newest: "最新登记在前", "Newest first";
        sort_oldest: "最早登记在前", "Oldest first";
        sort_deadline: "期限最近在前", "Nearest deadline first";
        apply_filters: "筛选", "Apply filters";
        clear_filters: "清除筛选", "Clear filters";
        export_csv: "导出 CSV", "Export CSV";
        export_xlsx: "导出 Excel", "Export Excel";
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
                    "1 finding".to_owned()
                } else {
                    format!("{n} findings")
                }
            };
        no_findings: "暂无问题。", "No findings yet.";
        no_findings_filtered: "没有符合筛选条件的问题。", "No findings match these filters.";
        observed_on: "发现日期", "Observed";
        working_days_left(fn(u32) -> String):
            |n| format!("剩 {n} 个工作日"),
            |n| match n {
                1 => "1 working day left".to_owned(),
                n => format!("{n} working days left"),
            };
        working_days_over(fn(u32) -> String):
            |n| format!("逾期 {n} 个工作日"),
            |n| match n {
                1 => "1 working day over".to_owned(),
                n => format!("{n} working days over"),
            };
        finding_not_found_title: "找不到这条问题", "Finding not found";
        finding_not_found_text:
            "它不存在，或不在您的查看范围内。",
            "It does not exist, or it is outside what you may see.";
        back_to_findings: "返回问题台账", "Back to the findings";
        facts: "基本情况", "Facts";
        severity: "严重程度", "Severity";
        people: "涉及人员", "People involved";
        nobody_named: "未列明", "Nobody named";
        signed_letter(fn(i32, &str) -> String):
            |year, day| format!("已签订{year}年度承诺书（{day}）"),
            |year, day| format!("Signed the {year} commitment letter ({day})");
        not_signed_letter(fn(i32) -> String):
            |year| format!("未签订{year}年度承诺书"),
            |year| format!("Did not sign the {year} commitment letter");
        not_on_staff: "不在本单位人员名册中", "Not on the unit's staff list";
        verify_by: "核实期限", "Verify by";
        rectify_by: "整改期限", "Rectify by";
        extension_asked: "申请延期至", "Extension asked to";
        description: "情况描述", "Description";
        evidence: "证据材料", "Evidence";
        no_evidence: "暂无证据材料。", "No evidence attached.";
        open_full_size(fn(&str) -> String):
            |name| format!("查看原图：{name}"),
            |name| format!("Open full size: {name}");
        timeline: "办理过程", "Timeline";
        add_evidence: "添加证据材料", "Add evidence";
        report_photos: "整改后照片（选填，可多张）", "Photos of the site put right (optional, several allowed)";
        report_photos_hint:
            "随整改报告一并提交；照片在手机上压缩后再上传。",
            "They go with the report; photos are made smaller on the phone before they are sent.";
        /// While a report's photos go: which one of how many.
        sending_file(fn(usize, usize) -> String):
            |n, of| format!("正在上传第 {n} 个文件（共 {of} 个）…"),
            |n, of| format!("Sending file {n} of {of}…");
        add_evidence_hint:
            "照片（JPEG、PNG、WebP、HEIF）或 PDF，不超过 10 MB。手机上可直接拍照。",
            "A photo (JPEG, PNG, WebP, HEIF) or a PDF, at most 10 MB. On a phone you can take the photo now.";
        uploading: "正在上传…", "Uploading…";
        uploaded(fn(&str) -> String):
            |name| format!("已上传：{name}"),
            |name| format!("Uploaded: {name}");
        recorded_event: "登记问题", "Recorded";
        actions: "办理", "Actions";
        no_actions: "您目前无需办理此问题。", "There is nothing for you to do on this finding now.";
        comment: "意见", "Comment";
        comment_optional: "意见（选填）", "Comment (optional)";
        deadline: "期限", "Deadline";
        deadline_hint: "按工作日计算，节假日不计", "Counted in working days; public holidays do not count";
        set_by_working_days: "按工作日设定期限", "Set by working days";
        in_working_days(fn(u32) -> String):
            |n| format!("{n} 个工作日"),
            |n| format!("{n} working days");
        deadline_in(fn(&str, i64) -> String):
            |weekday, n| format!("{weekday}，距今 {n} 个工作日。"),
            |weekday, n| format!("A {weekday}, {n} working days from today.");
        not_a_working_day(fn(&str) -> String):
            |day| format!("{day}不是工作日。"),
            |day| format!("{day} is not a working day.");
        move_to_working_day(fn(&str) -> String):
            |day| format!("改为 {day}"),
            |day| format!("Move to {day}");
        calendar_unread: "未能读取节假日安排，无法核对工作日。", "The holiday calendar could not be read; working days are not checked.";
        merge_into: "并入", "Merge into";
        merge_none: "本单位没有其他尚未反馈的问题。", "The unit has no other finding that is not yet fed back.";
        cancel: "取消", "Cancel";
        working: "正在提交…", "Sending…";
        done(fn(&str) -> String): |what| format!("已完成：{what}"), |what| format!("Done: {what}");
        stale:
            "这条问题刚被其他人更新，下面是最新情况。您填写的内容仍保留，请确认后再提交。",
            "Someone else has just changed this finding; this is where it stands now. What you typed is kept: check it and send again.";
        decision_title: "问责决定", "Accountability decision";
        decision_lead:
            "对查实的问题作出问责决定。到基层再上岗默认期限三个月。",
            "Decide accountability for a substantiated finding. A reassignment lasts three months unless you say otherwise.";
        person_name: "被问责人姓名", "Name of the person held accountable";
        person_name_hint: "可从本单位人员名册中选择，也可直接输入", "Pick from the unit's staff list, or type a name";
        person_post: "职务（岗位）", "Post";
        measures: "问责方式（可多选）", "Measures (choose one or more)";
        place: "再上岗地点", "Where they serve";
        start: "开始日期", "Starts";
        end: "结束日期", "Ends";
        end_hint: "不填则为开始日期起三个月", "Leave empty for three months from the start";
        other_note: "其他问责方式说明", "What the other measure is";
        basis: "问责依据", "Basis";
        basis_hint:
            "如《合肥市效能建设问责办法》第十条",
            "For example, Article 10 of the city's accountability measures";
        decided_on: "决定日期", "Decided on";
        notes: "备注（选填）", "Notes (optional)";
        record_decision: "记录问责决定", "Record the decision";
        decision_recorded: "问责决定已记录。", "The decision is recorded.";
        open_visit: "开始检查", "Open the checklist";
        nav_bulletins: "通报管理", "Manage bulletins";
        bulletins_admin_title: "通报管理", "Bulletins";
        new_bulletin: "新建通报", "New bulletin";
        bulletin_edit_title: "编辑通报", "Edit bulletin";
        doc_number: "文号", "Document number";
        doc_number_pending: "签发时按年度顺序编号", "Numbered in the year's sequence at sign-off";
        submitted_by: "提交人", "Submitted by";
        signed_by: "签发人", "Signed off by";
        sign_off_note:
            "须由分管领导或指定签发人签发；提交人不能签发自己提交的通报。",
            "A leader or a named approver signs it off; whoever submitted a bulletin cannot sign it off.";
        bulletin_title: "标题", "Title";
        bulletin_kind: "类别", "Kind";
        bulletin_body: "正文", "Text";
        bulletin_body_hint:
            "可用 Markdown：空一行分段，“## ”开头为小标题，**加粗**，“- ”开头为列表，[文字](https://example.org) 为链接。HTML 会按原文显示，不会生效。",
            "Markdown: a blank line between paragraphs, \"## \" for a subheading, **bold**, \"- \" for a list, [text](https://…) for a link. HTML shows as typed and does nothing.";
        audience: "发布范围", "Audience";
        audience_public: "向社会公开", "Public";
        audience_internal: "仅限系统内部", "Internal only";
        linked_decisions: "关联问责决定", "Linked decisions";
        no_decisions: "暂无问责决定。", "No decisions yet.";
        show_names: "公开人员姓名（默认隐去，显示为“张某”）", "Show people's names (hidden by default, shown as 张某)";
        preview: "公众看到的内容", "What the public will see";
        preview_internal: "内部通报不对外公开。", "An internal bulletin is not published to the public.";
        save_draft: "保存草稿", "Save draft";
        saved: "已保存。", "Saved.";
        bulletin_state: "状态", "State";
        reason: "原因", "Reason";
        action_submit: "提交签发", "Submit for sign-off";
        action_return: "退回修改", "Return for changes";
        action_publish: "签发并发布", "Sign off and publish";
        action_retract: "撤回", "Retract";
        view_public: "在公众页面查看", "View on the public portal";
        no_bulletins: "暂无通报。", "No bulletins yet.";
        nav_planning: "督查计划", "Planning";
        planning_title: "督查计划", "Planning";
        planning_lead:
            "效能办的轮次、每周批次和督查任务仅效能办可见，被督查单位无从得知；各单位的自查、互查也列在这里，效能办只读。",
            "The office's rounds, weekly batches and visits are seen by the office alone; no unit ever learns of them. Units' own self- and mutual inspections are listed here too, read-only.";
        rounds: "轮次", "Rounds";
        new_round: "新建轮次", "New round";
        round_name: "轮次名称", "Round name";
        starts_on: "开始日期", "Starts";
        ends_on: "结束日期", "Ends";
        targets: "督查对象", "Units to visit";
        all_municipal: "全部市直单位（全覆盖）", "All municipal units (full coverage)";
        create: "创建", "Create";
        coverage: "覆盖率", "Coverage";
        coverage_of: "已督查 {v} / 应督查 {t} 个单位", "{v} of {t} units visited";
        todo_coverage: "本轮督查覆盖", "This round's coverage";
        unvisited_n(fn(usize) -> String):
            |n| format!("尚有 {n} 个单位未督查"),
            |n| format!("{n} units still to visit");
        round_findings: "本轮发现的问题", "Findings of this round";
        unvisited: "尚未督查", "Not yet visited";
        batches: "批次", "Batches";
        new_batch: "新增批次", "New batch";
        batch_name: "批次名称", "Batch name";
        visits: "督查任务", "Visits";
        new_visit: "新增督查任务", "New visit";
        batch: "批次", "Batch";
        planned_on: "计划日期", "Planned for";
        mode_label: "方式", "Mode";
        inspectors: "督查人员", "Inspectors";
        checklist: "检查表", "Checklist";
        no_rounds: "暂无轮次。", "No rounds yet.";
        choose_round: "选择一个轮次，查看其批次和任务。", "Choose a round to see its batches and visits.";
        nav_units_rounds: "自查互查", "Self-inspections";
        units_rounds_title: "自查互查", "Self- and mutual inspections";
        units_rounds_lead:
            "本单位及下属单位组织的自查、互查：建立轮次和批次，指派本单位及下属单位的人员检查，结果报效能办。效能办自己的督查计划不在此列。",
            "Inspections your unit runs inside its own tree: plan rounds and batches, assign people of your unit and the units below it, and the results go to the efficiency office. The office's own plans are not shown here.";
        round_kind: "类型", "Kind";
        owner_unit: "组织单位", "Run by";
        /// `{u}`: the unit running the round.
        units_round_read_only:
            "此轮次由{u}自行组织并报效能办；效能办可查看，不作修改。",
            "Run by {u} itself and reported to the office; the office reads it and does not change it.";
        units_inspectors: "检查人员", "Inspected by";
        created: "已创建。", "Created.";
        nav_ledger: "问责台账", "Accountability ledger";
        nav_reports: "群众举报", "Citizen reports";
        concealed_actor: "效能办", "The efficiency office";
        system_actor: "效能系统（自动）", "Xiaoneng (automatic)";
        supervised: "督办", "Supervised";
        supervised_hint:
            "逾期多日，已列入督办，建议通报批评。",
            "Long overdue: under supervision; circulating criticism is suggested.";
        inbox_title: "通知", "Inbox";
        inbox_lead:
            "需要您办理的事项：问题反馈、核实和整改报告、延期申请与决定。未读的在前。",
            "What asks you to act: findings fed back, verifications and rectification reports, extension requests and decisions. Unread first.";
        inbox_empty: "暂无通知。", "No notifications.";
        inbox_unread: "未读", "Unread";
        inbox_mark_read: "标为已读", "Mark as read";
        inbox_open_finding: "查看问题", "Open the finding";
        inbox_open_report: "查看举报", "Open the report";
        inbox_open_visit: "查看暗访任务", "Open the visit";
        inbox_open_bulletin: "查看通报", "Open the bulletin";
        settings_title: "通知设置", "Notification settings";
        settings_lead:
            "通知总会出现在这里；还可通过邮件发送给您。",
            "Notifications always appear here; they can also be sent to you by e-mail.";
        settings_email: "电子邮箱", "E-mail address";
        settings_mobile: "手机号码（选填）", "Mobile number (optional)";
        settings_mobile_hint:
            "用于接入政务短信平台等渠道。",
            "For the city's SMS platform and other channels connected to Xiaoneng.";
        settings_lang: "通知语言", "Language of messages";
        settings_kinds: "各类通知的发送方式", "How each kind of notification is sent";
        settings_kind: "通知类别", "Kind";
        settings_delivery: "邮件发送", "By e-mail";
        settings_cannot_off:
            "需要您办理的通知不能关闭，可改为每日汇总。",
            "Messages that ask you to act cannot be switched off; you can have them in the daily digest.";
        settings_save: "保存设置", "Save settings";
        settings_saved: "设置已保存。", "Settings saved.";
        inbox_received: "收到于", "Received";
        nav_admin: "系统管理", "Administration";
        staff_nav: "工作导航", "Staff navigation";
        reports_title: "群众举报", "Citizen reports";
        reports_lead:
            "群众在公开网站提交的问题线索。受理后转为一条问题进入督查流程；不予受理须写明理由，举报人凭查询码可以看到。",
            "Problems citizens reported on the public site. Accepting one makes it a finding in the usual workflow; declining needs a reason, which the citizen reads with their tracking code.";
        report_status: "处理状态", "Status";
        no_reports: "没有符合条件的举报。", "No reports match.";
        received_at: "收到时间", "Received";
        report_what: "反映的问题", "What happened";
        report_place: "地点", "Where";
        report_happened_on: "发生日期", "When";
        report_unit_named: "举报人所指单位", "Unit the citizen named";
        not_given: "未填写", "Not given";
        report_contact: "联系方式（仅效能办可见，绝不公开）", "Contact (the office only; never public)";
        anonymous: "匿名", "Anonymous";
        report_photo: "照片", "Photo";
        accept_report: "受理为问题", "Accept as a finding";
        accept_report_lead:
            "确定涉及单位、督查维度、严重程度和标题；举报内容和照片会一并转入问题。",
            "Choose the unit, dimension, severity and a title; the report's text and photo go into the finding.";
        finding_title: "问题标题", "Finding title";
        accept: "受理", "Accept";
        decline_report: "不予受理", "Decline";
        decline_reason: "理由（举报人可见）", "Reason (the citizen reads it)";
        became_finding: "已受理为问题", "Accepted as finding";
        declined_because: "不予受理的理由", "Declined because";
        back_to_reports: "返回举报列表", "Back to reports";
        report_not_found: "找不到这条举报", "No such report";
        choose_unit: "请选择单位", "Choose a unit";
        ledger_title: "问责台账", "Accountability ledger";
        ledger_lead:
            "每一项问责决定；同一人一年内再次被问责的标为“一年内再次问责”。",
            "Every accountability decision; a person held accountable again within a year is flagged.";
        ledger_person: "人员姓名", "Person";
        ledger_show: "查看", "Show";
        repeat_case: "一年内再次问责", "Again within a year";
        namesakes: "同名人员：请按岗位选择", "Namesakes: choose by post";
        appeal_files: "申诉证明材料", "Evidence given";
        appeal_no_files: "尚未提交证明材料。", "No files given yet.";
        appeal_attach: "添加证明材料", "Add a file";
        appeal_attach_hint: "照片或 PDF，单个不超过 10 MB，最多 10 份；复核结束后不能再添加。", "A photo or PDF of at most 10 MB, ten at most; none once reviewed.";
        person_name_short: "姓名", "Name";
        add_person: "增加人员", "Add a person";
        remove_person: "移除此人", "Remove this person";
        nav_reassignments: "再上岗跟踪", "Reassignments";
        todo_reassignments_ending: "再上岗即将期满", "Reassignments ending soon";
        todo_reassignments_overdue: "期满未登记返岗", "Terms over, no return recorded";
        reassignments_title: "到基层再上岗跟踪", "Reassignments to the grassroots";
        reassignments_lead:
            "谁在何处服务、何时期满；期满返岗时记录服务单位的考核意见。",
            "Who serves where and until when; at the end of the term, the return to post with the host unit's assessment.";
        reassignment_status: "状态", "Status";
        no_reassignments: "没有符合条件的再上岗记录。", "No reassignments match.";
        days_left(fn(i64) -> String):
            |n| format!("还有 {n} 天期满"),
            |n| format!("{n} days to go");
        returned_on: "返岗日期", "Back at their post on";
        host_grade: "服务单位考核等次", "Host unit's grade";
        host_assessment: "服务单位考核意见", "Host unit's assessment";
        record_return: "记录返岗与考核", "Record the return and assessment";
        decision_amend: "变更决定", "Amend the decision";
        decision_revoke: "撤销决定", "Revoke the decision";
        decision_change: "变更或撤销", "Amend or revoke";
        change_what: "处理方式", "What to do";
        change_reason: "变更或撤销的原因与依据", "Reason and basis for the change";
        change_reason_hint:
            "已公开通报此决定的，通报下方将刊登更正说明，含此原因。",
            "Where a published bulletin announced the decision, a correction notice with this reason appears on it.";
        on_staff_list: "已在本单位名册中找到此人，问责记入其个人记录。", "Found on the unit's staff list: the decision goes on their own record.";
        not_on_staff_list: "名册中没有此人，将按姓名记录。", "Not on the unit's staff list: recorded by name.";
        ladder_suggests: "按问责梯度，建议措施：", "The sanctions ladder suggests: ";
        case_in_year(fn(usize) -> String):
            |n| if n == 1 { "此人近一年内无问责记录，本次为第 1 次。".to_owned() } else { format!("此人近一年内已被问责 {} 次，本次为第 {n} 次：", n - 1) },
            |n| if n == 1 { "No decision about this person within the year: this is their first.".to_owned() } else { format!("Held accountable {} times within the year: this is case {n}.", n - 1) };
        take_suggestion: "采用建议", "Take the suggestion";
        no_ledger: "没有问责决定。", "No decisions.";
        findings_basis: "所涉问题", "Findings";
        view_ledger: "查看此人的问责台账", "This person's ledger";
        todo_triage: "待反馈（新登记）", "To feed back (newly recorded)";
        todo_decide: "待认定", "Awaiting your decision";
        todo_overdue: "已逾期", "Overdue";
        todo_due_soon: "临期", "Due soon";
        todo_reports: "整改报告待审", "Rectification reports to review";
        todo_extensions: "延期申请", "Extension requests";
        todo_accountability: "已查实待问责", "Substantiated, not yet accounted for";
        confirm_repeat:
            "确认再次记录：此人已就该问题被问责，本次为新的决定",
            "Record it all the same: this person has a decision on this finding already";
        accountability_filter: "问责", "Accountability";
        todo_verify: "待核实", "To verify";
        todo_rectify: "整改中", "To rectify";
        todo_empty: "没有待办事项。", "Nothing to do.";
        view_all: "查看全部", "View all";
        visit_mode: "方式", "Mode";
        figures_of(fn(i32) -> String): |y| format!("{y} 年数据概览"), |y| format!("Figures for {y}");
        year_label: "年份", "Year";
        by_month: "各月发现问题", "Findings by month";
        by_dimension: "按问题类别", "By dimension";
        rectified_on_time: "按期整改率", "Rectified on time";
        by_measure: "问责方式", "Accountability by measure";
        findings_count: "问题数", "Findings";
        month: "月份", "Month";
        nav_appeals: "申诉复核", "Appeals";
        correct_title: "更正问题事实", "Correct the facts";
        correct_lead:
            "更正后，原内容和更正内容都会记入办理过程，单位可以看到。",
            "The facts before and after, and the reason, go on the timeline, which the unit reads.";
        finding_title_label: "问题标题", "Title";
        correct_reason: "更正理由", "Reason for the correction";
        correct_send: "保存更正", "Save the correction";
        correct_done: "已更正。", "Corrected.";
        appeals_title: "申诉复核", "Appeals";
        appeals_lead:
            "被督查单位对问题认定或问责决定不服，可在规定的工作日内提出申诉；效能办（问责决定可由分管领导）在期限内复核，作出申诉成立或驳回的决定并说明理由。",
            "A unit may appeal a substantiation or an accountability decision within the set working days; the office (or, for decisions, a leader) reviews it in time and upholds or dismisses it, with reasons.";
        appeal_state: "状态", "Status";
        no_appeals: "没有符合条件的申诉。", "No appeals match.";
        appeal_not_found: "找不到这条申诉", "No such appeal";
        back_to_appeals: "返回申诉列表", "Back to appeals";
        appeal_grounds: "申诉理由", "Grounds";
        appeal_grounds_hint:
            "写明不服的事实和依据，如请假审批、值班安排等。",
            "Say what is wrong and on what evidence: a leave approval, a duty roster and so on.";
        appeal_lodge_finding: "对问题认定提出申诉", "Appeal the substantiation";
        appeal_lodge_decision: "对此决定提出申诉", "Appeal this decision";
        appeal_submit: "提交申诉", "Submit the appeal";
        appeal_lodged_at: "提出时间", "Lodged";
        appeal_lodged_by: "申诉人", "Lodged by";
        appeal_review_by: "复核期限", "To be reviewed by";
        appeal_outcome: "复核结果", "Outcome";
        appeal_reason: "复核理由", "Reasons";
        appeal_restored: "问题状态改为", "The finding returns to";
        appeal_decided_by: "复核人", "Reviewed by";
        appeal_review: "复核", "Review";
        appeal_action: "复核决定", "Decision";
        appeal_restore: "问题改为", "Return the finding to";
        appeal_send: "提交复核决定", "Record the review";
        appeal_about_finding: "所涉问题", "Finding";
        appeal_about_person: "被问责人", "Person";
        appeals_of_finding: "申诉", "Appeals";
        appeal_open: "查看申诉", "Open the appeal";
        decisions_of_finding: "已作出的问责决定", "Decisions made";
        no_decisions_of_finding: "尚未就此问题作出问责决定。", "No decision rests on this finding yet.";
        decision_revoked: "已撤销", "Revoked";
        decision_revoked_why: "撤销理由", "Why it was revoked";
        /// The password page (every signed-in role's).
        password_title: "修改密码", "Change password";
        password_lead_forced:
            "您正在使用临时密码。请先设置自己的密码，再继续使用系统。",
            "You signed in with a temporary password. Choose your own before you go on.";
        password_lead:
            "修改后，您在其他设备上的登录会话将结束。",
            "Your sessions on other devices end when you change it.";
        current_password: "当前密码", "Current password";
        new_password: "新密码", "New password";
        new_password_hint: "至少 12 个字符，不能与用户名相同。", "At least 12 characters, not your username.";
        confirm_password: "再次输入新密码", "New password again";
        password_changed: "密码已修改。", "Your password was changed.";
    }
}

/// An action's button, in the words of the person taking it.
pub fn action_label(action: xiaoneng_domain::finding::ActionKind, lang: Lang) -> &'static str {
    use xiaoneng_domain::finding::ActionKind::*;
    match (action, lang) {
        (FeedBack, Lang::ZhCn) => "反馈单位核实",
        (FeedBack, Lang::En) => "Feed back to the unit",
        (ReportVerification, Lang::ZhCn) => "报送核实情况",
        (ReportVerification, Lang::En) => "Report the verification",
        (Substantiate, Lang::ZhCn) => "认定属实",
        (Substantiate, Lang::En) => "Substantiate",
        (DeclareUnfounded, Lang::ZhCn) => "认定不实",
        (DeclareUnfounded, Lang::En) => "Declare unfounded",
        (OrderRectification, Lang::ZhCn) => "下达整改期限",
        (OrderRectification, Lang::En) => "Order rectification",
        (SubmitReport, Lang::ZhCn) => "提交整改报告",
        (SubmitReport, Lang::En) => "Submit the rectification report",
        (Accept, Lang::ZhCn) => "验收销号",
        (Accept, Lang::En) => "Accept and close",
        (Return, Lang::ZhCn) => "退回重新整改",
        (Return, Lang::En) => "Return for more work",
        (RequestExtension, Lang::ZhCn) => "申请延期",
        (RequestExtension, Lang::En) => "Request an extension",
        (ApproveExtension, Lang::ZhCn) => "批准延期",
        (ApproveExtension, Lang::En) => "Approve the extension",
        (RejectExtension, Lang::ZhCn) => "不同意延期",
        (RejectExtension, Lang::En) => "Reject the extension",
        (Comment, Lang::ZhCn) => "添加备注",
        (Comment, Lang::En) => "Add a note",
        (Merge, Lang::ZhCn) => "合并到另一条问题",
        (Merge, Lang::En) => "Merge into another finding",
        (Urge, Lang::ZhCn) => "催办",
        (Urge, Lang::En) => "Urge the unit",
        (Escalate, Lang::ZhCn) => "逾期督促（告知单位负责人和分管领导）",
        (Escalate, Lang::En) => "Escalated to the unit head and the leaders",
        (Supervise, Lang::ZhCn) => "列入督办",
        (Supervise, Lang::En) => "Placed under supervision",
        (Appeal, Lang::ZhCn) => "单位提出申诉",
        (Appeal, Lang::En) => "The unit appealed",
        (UpholdAppeal, Lang::ZhCn) => "申诉成立",
        (UpholdAppeal, Lang::En) => "Appeal upheld",
        (DismissAppeal, Lang::ZhCn) => "申诉驳回",
        (DismissAppeal, Lang::En) => "Appeal dismissed",
        (Reopen, Lang::ZhCn) => "重新打开（有新情况）",
        (Reopen, Lang::En) => "Reopen on new facts",
        (Correct, Lang::ZhCn) => "更正问题事实",
        (Correct, Lang::En) => "Facts corrected",
    }
}

pub fn staff_texts(lang: Lang) -> &'static StaffTexts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}
