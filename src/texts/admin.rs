//! The words of the administration pages (accounts, the unit tree, imports,
//! the holiday calendar) and the password page, in zh-CN and English — written
//! with `texts!`, each text once with both languages side by side.

use xiaoneng_domain::Lang;

texts! {
    pub struct AdminTexts {
        admin_title: "系统管理", "Administration";
        admin_lead:
            "账户、单位、人员名单和节假日安排。每一项修改都记入审计日志。",
            "Accounts, units, staff lists and the holiday calendar. Every change is in the audit log.";
        users_title: "账户与角色", "Accounts and roles";
        users_text:
            "新建账户、分配角色和单位、停用账户、重置密码。",
            "Create accounts, assign roles and units, deactivate, reset passwords.";
        units_title: "单位", "Units";
        units_text:
            "单位树：新增、改名、调整上级、停用，或从 CSV 文件导入。",
            "The unit tree: add, rename, move, deactivate, or import from a CSV file.";
        staff_import_title: "导入人员", "Import staff";
        staff_import_text:
            "从 CSV 文件批量导入各单位工作人员。",
            "Add the staff of many units at once from a CSV file.";
        calendar_title: "节假日安排", "Holiday calendar";
        calendar_text:
            "法定节假日和调休上班日；所有期限按工作日计算。",
            "Public holidays and weekend days worked instead; every deadline counts working days.";
        back_to_admin: "返回系统管理", "Back to administration";
        user_email: "电子邮箱（选填，用于通知）", "E-mail (optional, for notifications)";
        user_mobile: "手机号码（选填）", "Mobile number (optional)";
        rules_title: "问责、申诉与通报规则", "Accountability rules";
        rules_text:
            "申诉期限、复核期限与复核人，问责梯度，通报文号的格式。",
            "How long a unit has to appeal and the review may take, who reviews, the sanctions ladder, and how document numbers read.";
        rules_appeals: "申诉与复核", "Appeals and review";
        rules_window: "申诉期限（工作日）", "Time to appeal (working days)";
        rules_review: "复核期限（工作日）", "Time to review (working days)";
        rules_days_hint: "1 至 60 个工作日", "1 to 60 working days";
        rules_leaders_review: "针对问责决定的申诉由分管领导复核", "Leaders review appeals against decisions";
        rules_ladder: "问责梯度", "The sanctions ladder";
        rules_ladder_lead:
            "同一人员一年内第几次被问责，记录问责决定时建议采用哪种措施；超过最后一级时按最后一级建议。",
            "The measure the decision form suggests for a person's first case within a year, their second, and so on; past the last step, the last.";
        rules_ladder_case(fn(usize) -> String):
            |n| format!("一年内第 {n} 次"),
            |n| format!("Case {n} within a year");
        rules_ladder_add: "增加一级", "Add a step";
        rules_doc_numbers: "通报文号", "Document numbers";
        rules_doc_numbers_lead:
            "通报签发时，按签发年度顺序编号，号码不重复、不复用，撤回的通报保留原号。",
            "A bulletin is numbered when it is signed off, in the sequence of that year; a number is never given twice, and a retracted bulletin keeps its own.";
        rules_doc_format: "文号格式", "Number format";
        rules_doc_format_hint: "{year} 为年份，{n} 为序号，各用一次", "{year} is the year and {n} the number, once each";
        rules_doc_example: "示例：", "For example: ";
        rules_saved: "规则已保存。", "Saved.";
        escalation_title: "催办与督办", "Reminders and escalation";
        escalation_text:
            "逾期后逐级催办的规则，以及发送失败的通知。",
            "How overdue findings are escalated, and messages that could not be sent.";
        escalation_lead:
            "每天的提醒在期限前3个和1个工作日、到期当天和逾期时发出；逾期后按下表逐级催办，天数按工作日计算。",
            "Each day's reminders go out 3 and 1 working days before a deadline, on the day and once it has passed; after that the ladder below is climbed, counting working days.";
        escalation_ladder: "逐级催办规则", "The escalation ladder";
        escalation_days: "逾期工作日数", "Working days overdue";
        escalation_step: "处理方式", "Step";
        escalation_add: "增加一级", "Add a rung";
        escalation_save: "保存规则", "Save the ladder";
        escalation_saved: "规则已保存。", "The ladder is saved.";
        failed_title: "发送失败的通知", "Messages not delivered";
        failed_lead:
            "多次重试仍未送达的邮件或接口消息。请核对收件地址或服务状态后重新发送。",
            "E-mails and webhook calls given up on after every retry. Check the address or the service, then send again.";
        failed_empty: "没有发送失败的通知。", "No message has failed.";
        failed_citizen: "举报群众", "A citizen";
        failed_retry: "重新发送", "Send again";
        channel_email: "邮件", "E-mail";
        channel_webhook: "接口推送", "Webhook";
        topic_digest: "每日汇总", "Daily digest";
        topic_report_status: "举报进展告知", "A citizen's report status";
        topic_notification: "通知", "Notification";
        failed_attempts(fn(i64) -> String): |n| format!("已尝试{n}次"), |n| format!("{n} attempts");
        search_users: "用户名或姓名", "Username or name";
        role: "角色", "Role";
        unit: "单位", "Unit";
        any: "不限", "Any";
        status: "状态", "Status";
        active: "启用", "Active";
        inactive: "已停用", "Deactivated";
        show: "查询", "Show";
        no_users: "没有符合条件的账户。", "No accounts match.";
        new_user: "新建账户", "New account";
        new_user_lead:
            "设置一个临时密码告知本人；首次登录时必须改为自己的密码。",
            "Set a temporary password and tell the person; they must choose their own at first sign-in.";
        username: "用户名", "Username";
        username_hint:
            "字母、数字、点、下划线或连字符，例如 liaison.wang",
            "Letters, digits, dots, underscores or hyphens, e.g. liaison.wang";
        display_name: "姓名", "Name";
        no_unit: "无", "None";
        unit_hint: "单位联络员必须选择所在单位。", "A unit liaison needs their unit.";
        temporary_password: "临时密码", "Temporary password";
        temporary_password_hint: "至少 12 个字符，不能与用户名相同。", "At least 12 characters, not the username.";
        create_user: "创建账户", "Create account";
        created_user(fn(&str) -> String):
            |u| format!("已创建账户 {u}。"),
            |u| format!("Account {u} created.");
        must_change: "待改密码", "Must change password";
        edit: "编辑", "Edit";
        close: "收起", "Close";
        can_sign_in: "允许登录（停用后其登录会话立即结束）", "May sign in (deactivating ends their sessions at once)";
        signs_bulletins: "签发人：可签发他人提交的通报（仅限效能办用户）", "Approver: signs off bulletins others submitted (office users only)";
        save: "保存", "Save";
        saved: "已保存。", "Saved.";
        reset_password: "重置密码", "Reset password";
        reset_password_hint:
            "新的临时密码；对方的登录会话立即结束，下次登录须修改密码。",
            "A new temporary password; their sessions end now and they must change it at next sign-in.";
        reset_done: "密码已重置。", "The password was reset.";
        unit_tree: "单位树", "Unit tree";
        new_unit: "新增单位", "Add a unit";
        unit_name: "单位名称", "Unit name";
        unit_kind: "单位类型", "Kind";
        parent_unit: "上级单位", "Parent unit";
        top_level: "（无，顶级单位）", "(none: top level)";
        add_unit: "新增", "Add";
        unit_active: "启用", "Active";
        unit_head: "单位负责人", "Head of unit";
        unit_head_hint:
            "催办通知和逾期升级会同时发给单位负责人。可选本单位在用的账号。",
            "Told of every 催办 and escalation, with the unit's liaisons. An active account of this unit.";
        no_head: "（未指定）", "(none)";
        deactivated: "已停用", "Deactivated";
        import_title: "从 CSV 文件导入", "Import from a CSV file";
        import_units_lead:
            "第一行为表头：名称、类型、上级单位（可空）。类型可写“市直单位”“处室”“局属单位”“服务窗口”“市属国有企业”。先检查，确认无误后再导入；有任何一行出错则一行也不写入。",
            "A header line, then one unit per line: name, kind, parent (may be empty). Kind is a label such as Municipal unit, Office or Service window. Check first; if any line is wrong, nothing is written.";
        import_contacts_title: "从 CSV 文件导入联系方式", "Import contacts from a CSV file";
        import_contacts_lead:
            "第一行为表头：用户名、电子邮箱、手机号码（后两列可只有其一）。表中有的列，空白即删除该联系方式；表中没有的列保持不变。先检查，确认无误后再导入；有任何一行出错则一行也不写入。",
            "A header line, then one account per line: username, email, mobile (either of the last two may be left out). In a column that is there, an empty cell removes that contact; a column left out changes nothing. Check first; if any line is wrong, nothing is written.";
        import_staff_lead:
            "第一行为表头：单位、姓名、职务（可空）。单位须是系统中已有的单位名称。先检查，确认无误后再导入；有任何一行出错则一行也不写入。",
            "A header line, then one person per line: unit, name, title (may be empty). The unit must be a unit's name in the system. Check first; if any line is wrong, nothing is written.";
        csv_file: "CSV 文件", "CSV file";
        csv_hint: "UTF-8 编码；Excel 可“另存为 CSV UTF-8”。", "UTF-8; Excel can \"Save as CSV UTF-8\".";
        calendar_file: "日历文件（.ics 或 CSV）", "Calendar file (.ics or CSV)";
        calendar_file_hint:
            "日历应用导出的 .ics 文件：名称含“班”的事件为调休上班日，其余为节假日。或 UTF-8 编码的 CSV 文件。",
            "An .ics file exported from a calendar application: events whose name says 班 (worked) are weekends worked instead, the rest are holidays. Or a CSV file in UTF-8.";
        calendar_import_title: "从文件导入一年的安排", "Import a year from a file";
        calendar_import_lead:
            "国务院办公厅每年公布放假安排后，可导入 .ics 日历文件，或 CSV 文件（表头：日期、类型、名称；类型写“休”或“班”）。文件中的日期覆盖已有的同一天，其余日期不变。先检查，确认无误后再导入；有任何一行出错则一行也不写入。",
            "Once the year's arrangement is published, import an .ics calendar file, or a CSV file (header: day, kind, name; kind is 休 for a holiday or 班 for a weekend worked). A day in the file replaces the same day already entered; other days stay as they are. Check first; if any line is wrong, nothing is written.";
        check_file: "检查文件", "Check the file";
        preview(fn(usize) -> String): |n| format!("共 {n} 行"), |n| format!("{n} rows");
        line: "行号", "Line";
        problems(fn(usize) -> String):
            |n| format!("发现 {n} 处问题，未写入任何内容"),
            |n| format!("{n} problems found; nothing was written");
        no_problems: "检查通过，可以导入。", "The file is fine and can be imported.";
        write_rows(fn(usize) -> String):
            |n| format!("导入这 {n} 行"),
            |n| format!("Import these {n} rows");
        written(fn(usize) -> String): |n| format!("已导入 {n} 行。"), |n| format!("{n} rows imported.");
        nothing_written: "有错误，未写入任何内容。", "There are errors; nothing was written.";
        /// A column's heading: `name` of a unit, `person` (a staff file's `name`), …
        column_label(fn(&str) -> &'static str):
            |c| match c {
                "name" => "名称",
                "day" => "日期",
                "person" => "姓名",
                "kind" => "类型",
                "parent" => "上级单位",
                "unit" => "单位",
                "title" => "职务",
                "username" => "用户名",
                "email" => "电子邮箱",
                "mobile" => "手机号码",
                _ => "文件",
            },
            |c| match c {
                "name" | "person" => "Name",
                "day" => "Date",
                "kind" => "Kind",
                "parent" => "Parent",
                "unit" => "Unit",
                "title" => "Title",
                "username" => "Username",
                "email" => "E-mail",
                "mobile" => "Mobile",
                _ => "File",
            };
        calendar_lead:
            "录入法定节假日和调休上班的周末。所有核实、整改期限按工作日计算，修改后立即生效。",
            "Enter public holidays and the weekend days worked instead. Every verification and rectification deadline counts working days, and changes apply at once.";
        year: "年份", "Year";
        day: "日期", "Date";
        day_kind: "类别", "Kind";
        holiday: "节假日（不上班）", "Holiday (day off)";
        working_weekend: "调休上班（周末上班）", "Weekend worked instead";
        day_name: "名称", "Name";
        day_name_hint: "例如：国庆节、国庆节调休", "For example: National Day, National Day (worked)";
        add_day: "添加", "Add";
        remove: "删除", "Remove";
        no_days: "这一年还没有录入节假日。", "No days entered for this year yet.";
        example_title: "期限计算示例", "Example deadline";
        example_from: "起算日（不计入）", "Starting day (not counted)";
        example_days: "工作日数", "Working days";
        example_result(fn(&str, u32, &str) -> String):
            |from, n, to| format!("从 {from} 起 {n} 个工作日，期限为 {to}。"),
            |from, n, to| format!("{n} working days from {from}: the deadline is {to}.");
        checklists_title: "检查表", "Checklists";
        checklists_text:
            "检查表模板：检查项、维度、答题方式、权重和不合格时的要求；版本与比较。",
            "Checklist templates: items, dimensions, answer kinds, weights and what a failure needs; versions compared.";
        checklists_lead:
            "每个模板显示其最新版本，新的督查任务使用最新版本。已被检查使用过的版本不会被修改：保存时会生成新版本，已完成的检查保留原版本。",
            "Each template at its newest version, which new visits use. A version an inspection has used is never changed: saving makes a new version, and past inspections keep theirs.";
        new_checklist: "新建检查表", "New checklist";
        new_checklist_name: "新检查表", "New checklist";
        version_n(fn(i64) -> String): |n| format!("第 {n} 版"), |n| format!("Version {n}");
        items_n(fn(usize) -> String): |n| format!("{n} 个检查项"), |n| format!("{n} items");
        in_use: "已被检查使用", "Used by inspections";
        active_version: "启用中", "Active";
        assignments: "参加的检查", "Visits joined";
        no_assignments: "本年度尚未安排参加检查。", "No visits this year yet.";
        visit_made: "已完成", "Made";
        visit_to_make: "待进行", "To make";
        join_visit: "安排参加检查", "Join a visit";
        join_visit_hint:
            "只列出任期内尚未进行的检查；检查安排只有督查室可见。",
            "Only visits not yet made within the term are listed; plans are seen by the office only.";
        pick_visit: "请选择检查", "Choose a visit";
        assign: "安排", "Assign";
        assigned_to(fn(&str, chrono::NaiveDate) -> String):
            |unit, day| format!("已安排参加 {day} 对{unit}的检查。"),
            |unit, day| format!("Assigned to the visit to {unit} on {day}.");
        not_active: "未启用", "Not active";
        not_active_note:
            "此版本未启用：新安排的检查使用启用中的版本，已安排的检查保留各自的版本。",
            "This version is not active: new visits take the active version; visits already planned keep theirs.";
        activate_version: "启用此版本", "Activate this version";
        activated: "已启用。新安排的检查将使用此版本。", "Activated. New visits will take this version.";
        back_to_checklists: "返回检查表", "Back to checklists";
        checklist_not_found: "找不到这张检查表", "No such checklist";
        saved_new_version(fn(i64) -> String):
            |n| {
                format!(
                    "该版本已被检查使用，已保存为第 {n} 版；已完成的检查保留原版本。确认无误后启用第 {n} 版，新的检查才会使用它。"
                )
            },
            |n| {
                format!(
                    "That version was used by inspections, so this was saved as version {n}; past inspections keep theirs. Activate version {n} when it is ready for new visits."
                )
            };
        in_use_note:
            "此版本已被检查使用。保存修改将生成新版本，已完成的检查不受影响。",
            "Inspections have used this version. Saving changes makes a new version; past inspections are not affected.";
        old_version_note:
            "这是旧版本，只能查看；请在最新版本上修改。",
            "This is an older version, shown read-only; edit the newest version.";
        checklist_name: "检查表名称", "Checklist name";
        add_item: "添加检查项", "Add an item";
        save_checklist: "保存检查表", "Save checklist";
        item_n(fn(usize) -> String): |n| format!("检查项 {n}"), |n| format!("Item {n}");
        move_up: "上移", "Move up";
        move_down: "下移", "Move down";
        item_text: "检查内容", "What to check";
        dimension: "问题类别", "Dimension";
        answer_kind: "答题方式", "Answer";
        answer_kind_label(fn(&str) -> &'static str):
            |k| match k {
                "number" => "数值",
                "text" => "文字",
                _ => "合格/不合格/不适用",
            },
            |k| match k {
                "number" => "A number",
                "text" => "Text",
                _ => "Pass / fail / n.a.",
            };
        on_failure: "不合格时须", "A failure needs";
        weight: "权重（1–100）", "Weight (1–100)";
        guidance: "检查指引（选填）", "Guidance (optional)";
        versions: "版本", "Versions";
        compare_from: "比较：从", "Compare from";
        compare_to: "到", "to";
        no_differences: "两个版本的检查项相同。", "The two versions have the same items.";
        comparing(fn(i64, i64) -> String):
            |a, b| format!("第 {a} 版与第 {b} 版的差别"),
            |a, b| format!("What changed from version {a} to version {b}");
        change: "变化", "Change";
        people_title: "人员与岗位", "Staff and posts";
        people_text:
            "各单位工作人员、A/B 岗设置和离岗告示；缺 B 角的岗位会被标出。",
            "Each unit's staff, A/B posts and away-from-post notices; posts without a B person are flagged.";
        people_lead:
            "单位的工作人员、A/B 岗和当前的离岗告示——督查员现场核对的就是这些内容。",
            "A unit's staff, its A/B posts and the away-from-post notices in force: what an inspector checks on a visit.";
        choose_unit: "请选择单位", "Choose a unit";
        choose_unit_first: "请先选择一个单位。", "Choose a unit first.";
        nobody: "（无）", "(nobody)";
        staff_title: "工作人员", "Staff";
        no_staff: "这个单位还没有登记工作人员。", "No staff recorded for this unit yet.";
        job_title: "职务", "Title";
        deactivate: "停用", "Deactivate";
        reactivate: "恢复", "Reactivate";
        add_staff: "添加工作人员", "Add a staff member";
        posts_title: "A/B 岗", "A/B posts";
        posts_without_b(fn(usize) -> String):
            |n| format!("有 {n} 个岗位没有 B 角：A 角离岗时无人顶岗。"),
            |n| format!("{n} posts have no B person: nobody covers when A is away.");
        no_posts: "这个单位还没有设置岗位。", "No posts set for this unit yet.";
        post: "岗位", "Post";
        a_person: "A 角", "A person";
        b_person: "B 角", "B person";
        no_b: "缺 B 角", "No B person";
        add_post: "添加岗位", "Add a post";
        notices_title: "当前离岗告示", "Away-from-post notices now";
        no_notices: "目前没有离岗告示。", "No one is away now.";
        add_notice: "发布离岗告示", "Post an away notice";
        who_is_away: "离岗人员", "Who is away";
        away_reason: "去向和事由", "Where and why";
        away_from: "离岗时间", "Away from";
        expected_return: "预计返岗时间", "Expected back";
        covered_by: "代岗人员", "Covered by";
        supervisors_title: "特邀监督员", "Special supervisors";
        supervisors_text:
            "监督员名册、任期和联系领域；年度履职记录与评议。",
            "The supervisors' roster, terms and areas; their yearly record and assessment.";
        supervisors_lead:
            "人大代表、政协委员、新闻媒体和市民代表参与明查暗访。年度履职记录由系统按其参加的督查任务计算，效能办据此评定等次。",
            "Deputies, CPPCC members, journalists and citizens join the visits. Their yearly record is computed from the visits they joined; the office grades them on it.";
        new_supervisor: "添加监督员", "Add a supervisor";
        no_supervisors: "名册中还没有监督员。", "No supervisors on the roster yet.";
        supervisor_kind: "身份", "Kind";
        affiliation: "工作单位", "Affiliation";
        areas: "联系领域", "Areas";
        phone: "联系电话", "Phone";
        term_start: "任期开始", "Term starts";
        term_end: "任期结束", "Term ends";
        assessment_of(fn(i32) -> String): |y| format!("{y} 年度评议"), |y| format!("Assessment {y}");
        visits_made: "参加督查（实到/安排）", "Visits made / assigned";
        on_time: "按时提交", "Submitted on time";
        findings_raised: "发现问题", "Findings raised";
        substantiated_share: "查实比例", "Share substantiated";
        grade: "评定等次", "Grade";
        grade_comment: "评语（评为不称职须写明理由）", "Comment (a reason is needed for not competent)";
        commitments_title: "效能承诺书", "Commitment letters";
        commitments_text:
            "年度承诺书文本、各单位签订完成率和未签人员。",
            "The year's letter, each unit's completion and who has not signed.";
        commitments_lead:
            "每年每位工作人员签订效能承诺书。完成率不足 100% 的单位排在前面；问题详情会显示当事人当年是否签订。",
            "Every staff member signs the year's commitment letter. Units below 100 % come first; a finding shows whether each person named signed that year.";
        no_letter: "这一年还没有承诺书文本。", "No letter for this year yet.";
        completion: "签订情况", "Completion";
        signed_rate: "完成率", "Signed";
        not_signed: "未签订人员", "Not yet signed";
        edit_letter: "编辑承诺书文本", "Edit the letter";
        letter_title: "标题", "Title";
        letter_text: "正文", "Text";
        record_signature: "登记签订", "Record signature";
        change_label(fn(&str) -> &'static str):
            |c| match c {
                "added" => "新增",
                "removed" => "删除",
                _ => "修改",
            },
            |c| match c {
                "added" => "Added",
                "removed" => "Removed",
                _ => "Changed",
            };
    }
}

pub fn admin_texts(lang: Lang) -> &'static AdminTexts {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}
