//! Field validation: why a value is refused, said the same way in the form
//! and in the server's 422 answer.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::Lang;

/// Why one field's value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Required,
    /// Fewer than `min` characters (characters, not bytes: 12 汉字 count 12).
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// Characters outside what the field allows, e.g. spaces in a username.
    BadCharacters,
    /// A new password may not be the username.
    SameAsUsername,
    /// The same value twice where two must match (new password and its confirmation).
    Mismatch,
    /// The JSON value has the wrong type (a number where text belongs, …).
    WrongType,
    /// A date (a deadline) before today.
    InThePast,
    /// Names a record that does not exist (an unknown unit, state, …).
    NotFound,
    /// A number outside its range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// More items than allowed.
    TooMany {
        max: usize,
    },
    /// The same item twice.
    Duplicate,
    /// An end on or before its start.
    NotAfterStart,
    /// A finding that is not substantiated cannot ground a decision.
    NotSubstantiated,
    /// A file larger than the limit, in megabytes.
    FileTooLarge {
        max_mb: usize,
    },
    /// A file whose content is not one of the accepted kinds.
    FileTypeNotAccepted,
    /// Only a Saturday or Sunday can be a weekend worked instead.
    NotAWeekend,
    /// A date after today where only a past or present one makes sense.
    InTheFuture,
    /// A field this request does not take (a deadline on an action that sets none).
    NotExpected,
    /// An extension must move the deadline later.
    NotAfterCurrentDeadline,
    /// A date outside the period it belongs to (a visit outside its batch).
    OutsidePeriod,
    /// A unit the round does not target.
    NotATarget,
    /// A user who is not an inspector, assigned to a visit.
    NotAnInspector,
    /// A checklist item left without an answer.
    Unanswered,
    /// A failed item whose template asks for a photo has none.
    EvidenceRequired,
    /// A record that can no longer change (a submitted inspection, a published bulletin).
    Locked,
    /// A merge into a finding that is not a recorded finding of the same unit (or itself).
    NotMergeable,
    /// A value another record already uses (a username).
    Taken,
    /// A new password the same as the current one.
    Unchanged,
    /// A change that would lock an administrator out of their own account.
    OwnAccount,
    /// A unit moved below itself.
    InsideItself,
    /// A checklist version the office has not activated for new visits.
    NotActive,
    /// A unit (or a person of a unit) outside the tree of the unit that owns the round.
    OutsideOwnTree,
    /// In a mutual inspection, someone of the unit being inspected.
    InspectsOwnUnit,
    /// A document-number format without `{year}` and `{n}` once each.
    DocFormat,
    /// A name several people of the unit's staff list bear: say which one.
    Namesakes,
    /// A message that asks its reader to act, switched off.
    CannotBeSwitchedOff,
    /// Not an e-mail address (name@example.org).
    NotAnEmail,
    /// Not a mobile number (11 digits starting with 1, or + and 8–15 digits).
    NotAMobile,
    /// A person (an account) who is not of the unit concerned, or not active.
    NotOfThisUnit,
    /// The time allowed (to appeal, say) has passed.
    TooLate,
    /// A decision in force already names this person on this finding.
    DecidedAlready,
}

/// The longest e-mail address taken (RFC 5321's path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// Whether `s` is an address mail can be sent to: one `@`, a local part and
/// a dotted domain, no spaces or control characters, at most
/// [`EMAIL_MAX_CHARS`]. (The SMTP server has the last word.)
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.chars().count() <= EMAIL_MAX_CHARS
        && !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
}

/// The longest mobile number taken as typed (spaces and dashes included).
pub const MOBILE_MAX_CHARS: usize = 20;

/// Whether `s` is a mobile number: a mainland one (11 digits, starting with 1)
/// or an international one (`+` and 8–15 digits); spaces and dashes between
/// digits are allowed, up to [`MOBILE_MAX_CHARS`] characters in all.
pub fn is_mobile(s: &str) -> bool {
    if s.chars().count() > MOBILE_MAX_CHARS {
        return false;
    }
    let s = s.replace([' ', '-'], "");
    match s.strip_prefix('+') {
        Some(rest) => (8..=15).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit()),
        None => s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit()),
    }
}

impl Reason {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Required, Lang::ZhCn) => "此项必填".into(),
            (Reason::Required, Lang::En) => "This field is required".into(),
            (Reason::TooShort { min }, Lang::ZhCn) => format!("至少 {min} 个字符"),
            (Reason::TooShort { min }, Lang::En) => format!("Use at least {min} characters"),
            (Reason::TooLong { max }, Lang::ZhCn) => format!("不能超过 {max} 个字符"),
            (Reason::TooLong { max }, Lang::En) => format!("Use at most {max} characters"),
            (Reason::BadCharacters, Lang::ZhCn) => "只能使用字母、数字、点、下划线和连字符".into(),
            (Reason::BadCharacters, Lang::En) => {
                "Use only letters, digits, dots, underscores and hyphens".into()
            }
            (Reason::SameAsUsername, Lang::ZhCn) => "密码不能与用户名相同".into(),
            (Reason::SameAsUsername, Lang::En) => {
                "The password must not be the same as the username".into()
            }
            (Reason::Mismatch, Lang::ZhCn) => "两次输入不一致".into(),
            (Reason::Mismatch, Lang::En) => "The two entries do not match".into(),
            (Reason::WrongType, Lang::ZhCn) => "格式不正确".into(),
            (Reason::WrongType, Lang::En) => "This value has the wrong format".into(),
            (Reason::InThePast, Lang::ZhCn) => "日期不能早于今天".into(),
            (Reason::InThePast, Lang::En) => "The date must not be in the past".into(),
            (Reason::NotFound, Lang::ZhCn) => "所选内容不存在".into(),
            (Reason::NotFound, Lang::En) => "There is no such item".into(),
            (Reason::OutOfRange { min, max }, Lang::ZhCn) => format!("应在 {min} 到 {max} 之间"),
            (Reason::OutOfRange { min, max }, Lang::En) => {
                format!("Must be between {min} and {max}")
            }
            (Reason::TooMany { max }, Lang::ZhCn) => format!("最多 {max} 项"),
            (Reason::TooMany { max }, Lang::En) => format!("At most {max} items"),
            (Reason::Duplicate, Lang::ZhCn) => "有重复的项".into(),
            (Reason::Duplicate, Lang::En) => "An item appears twice".into(),
            (Reason::NotAfterStart, Lang::ZhCn) => "结束日期必须晚于开始日期".into(),
            (Reason::NotAfterStart, Lang::En) => "The end must be after the start".into(),
            (Reason::NotSubstantiated, Lang::ZhCn) => "只能对已查实的问题作出问责决定".into(),
            (Reason::NotSubstantiated, Lang::En) => {
                "Only substantiated findings can ground a decision".into()
            }
            (Reason::FileTooLarge { max_mb }, Lang::ZhCn) => format!("文件不能超过 {max_mb} MB"),
            (Reason::FileTooLarge { max_mb }, Lang::En) => {
                format!("The file must be at most {max_mb} MB")
            }
            (Reason::FileTypeNotAccepted, Lang::ZhCn) => {
                "只接受照片（JPEG、PNG、WebP、HEIF）或 PDF 文件".into()
            }
            (Reason::FileTypeNotAccepted, Lang::En) => {
                "Only photos (JPEG, PNG, WebP, HEIF) or PDF files are accepted".into()
            }
            (Reason::NotAWeekend, Lang::ZhCn) => "只有周六或周日可以设为调休上班日".into(),
            (Reason::NotAWeekend, Lang::En) => {
                "Only a Saturday or Sunday can be a working day instead".into()
            }
            (Reason::InTheFuture, Lang::ZhCn) => "日期不能晚于今天".into(),
            (Reason::InTheFuture, Lang::En) => "The date must not be in the future".into(),
            (Reason::NotExpected, Lang::ZhCn) => "此操作不需要填写此项".into(),
            (Reason::NotExpected, Lang::En) => "This action does not take this field".into(),
            (Reason::OutsidePeriod, Lang::ZhCn) => "日期不在所属的时间范围内".into(),
            (Reason::OutsidePeriod, Lang::En) => {
                "The date is outside the period it belongs to".into()
            }
            (Reason::NotATarget, Lang::ZhCn) => "该单位不在本轮次的检查对象中".into(),
            (Reason::NotATarget, Lang::En) => "This unit is not a target of the round".into(),
            (Reason::NotAnInspector, Lang::ZhCn) => "只能指派督查人员".into(),
            (Reason::NotAnInspector, Lang::En) => "Only inspectors can be assigned".into(),
            (Reason::Unanswered, Lang::ZhCn) => "此项尚未作答".into(),
            (Reason::Unanswered, Lang::En) => "This item has no answer yet".into(),
            (Reason::EvidenceRequired, Lang::ZhCn) => "不合格项须上传取证照片".into(),
            (Reason::EvidenceRequired, Lang::En) => {
                "A failed item needs a photo as evidence".into()
            }
            (Reason::NotMergeable, Lang::ZhCn) => "只能并入同一单位、尚未反馈的另一条问题".into(),
            (Reason::NotMergeable, Lang::En) => {
                "Only into another finding of the same unit that is not yet fed back".into()
            }
            (Reason::Locked, Lang::ZhCn) => "该记录已锁定，不能再修改".into(),
            (Reason::Locked, Lang::En) => "This record is locked and can no longer change".into(),
            (Reason::NotAfterCurrentDeadline, Lang::ZhCn) => "新的期限必须晚于当前期限".into(),
            (Reason::NotAfterCurrentDeadline, Lang::En) => {
                "The new date must be after the current deadline".into()
            }
            (Reason::Taken, Lang::ZhCn) => "已被使用，请换一个".into(),
            (Reason::Taken, Lang::En) => "This is already in use; choose another".into(),
            (Reason::Unchanged, Lang::ZhCn) => "新密码不能与当前密码相同".into(),
            (Reason::Unchanged, Lang::En) => {
                "The new password must differ from the current one".into()
            }
            (Reason::InsideItself, Lang::ZhCn) => "不能移到自身或其下级单位之下".into(),
            (Reason::InsideItself, Lang::En) => "A unit cannot move below itself".into(),
            (Reason::NotActive, Lang::ZhCn) => "此版本未启用，新的检查只能用启用中的版本".into(),
            (Reason::NotActive, Lang::En) => {
                "This version is not active; new visits use the active version".into()
            }
            (Reason::Namesakes, Lang::ZhCn) => "本单位名册中有同名人员，请选择是哪一位".into(),
            (Reason::Namesakes, Lang::En) => {
                "Several people on the unit's staff list bear this name: choose which one".into()
            }
            (Reason::DocFormat, Lang::ZhCn) => {
                "须各含一次 {year}（年份）和 {n}（序号），如 合效办〔{year}〕{n}号".into()
            }
            (Reason::DocFormat, Lang::En) => {
                "Use {year} (the year) and {n} (the number) once each, e.g. 合效办〔{year}〕{n}号"
                    .into()
            }
            (Reason::OutsideOwnTree, Lang::ZhCn) => "只能选择本单位及其下属单位".into(),
            (Reason::OutsideOwnTree, Lang::En) => {
                "Only the unit that runs the round and the units below it".into()
            }
            (Reason::CannotBeSwitchedOff, Lang::ZhCn) => {
                "需要您办理的通知不能关闭，可改为每日汇总".into()
            }
            (Reason::CannotBeSwitchedOff, Lang::En) => {
                "A message that asks you to act cannot be switched off; choose the daily digest"
                    .into()
            }
            (Reason::NotAnEmail, Lang::ZhCn) => {
                "请填写有效的电子邮箱地址，如 name@example.org".into()
            }
            (Reason::NotAnEmail, Lang::En) => {
                "Enter a valid e-mail address, such as name@example.org".into()
            }
            (Reason::DecidedAlready, Lang::ZhCn) => {
                "已就该问题对此人作出问责决定；如确需再次记录，请勾选确认".into()
            }
            (Reason::DecidedAlready, Lang::En) => {
                "This person already has a decision on this finding; tick the confirmation to record another".into()
            }
            (Reason::TooLate, Lang::ZhCn) => "已超过规定期限".into(),
            (Reason::TooLate, Lang::En) => "The time allowed has passed".into(),
            (Reason::NotOfThisUnit, Lang::ZhCn) => "只能选择本单位在用的账号".into(),
            (Reason::NotOfThisUnit, Lang::En) => "Choose an active account of this unit".into(),
            (Reason::NotAMobile, Lang::ZhCn) => "请填写11位手机号码".into(),
            (Reason::NotAMobile, Lang::En) => {
                "Enter a mobile number: 11 digits, or + and the country code".into()
            }
            (Reason::InspectsOwnUnit, Lang::ZhCn) => "互查须由其他单位的人员检查".into(),
            (Reason::InspectsOwnUnit, Lang::En) => {
                "In a mutual inspection, people from another unit inspect".into()
            }
            (Reason::OwnAccount, Lang::ZhCn) => "不能停用自己的账户或取消自己的管理员角色".into(),
            (Reason::OwnAccount, Lang::En) => {
                "You cannot deactivate your own account or give up your own administrator role"
                    .into()
            }
        }
    }
}

/// Every refused field of one input, in the order the form shows them
/// (so an error summary can list them top to bottom).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invalid {
    fields: Vec<(Cow<'static, str>, Reason)>,
}

impl Invalid {
    /// Records `reason` for `field`, keeping only the first reason per field.
    pub fn add(&mut self, field: impl Into<Cow<'static, str>>, reason: Reason) {
        let field = field.into();
        if self.reason(&field).is_none() {
            self.fields.push((field, reason));
        }
    }

    pub fn reason(&self, field: &str) -> Option<&Reason> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, r)| r)
    }

    pub fn fields(&self) -> &[(Cow<'static, str>, Reason)] {
        &self.fields
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Ok(())` when nothing was refused.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The reasons in words, keyed by field, as the server sends them.
    pub fn messages(&self, lang: Lang) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .map(|(f, r)| (f.to_string(), r.message(lang)))
            .collect()
    }
}

/// The first and last year the API takes: a year of statistics, of the
/// holiday calendar, of bulletins, of letters and assessments.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// Checks a year lies in [`FIRST_YEAR`]–[`LAST_YEAR`]; answers whether it does.
pub fn check_year(invalid: &mut Invalid, field: &'static str, year: i32) -> bool {
    let fine = (FIRST_YEAR..=LAST_YEAR).contains(&year);
    if !fine {
        invalid.add(
            field,
            Reason::OutOfRange {
                min: FIRST_YEAR.into(),
                max: LAST_YEAR.into(),
            },
        );
    }
    fine
}

/// Checks a day, when given, lies in [`FIRST_YEAR`]–[`LAST_YEAR`]: no
/// record needs another, and a deadline counted from a far year would
/// overflow the calendar.
pub fn check_date(invalid: &mut Invalid, field: &'static str, day: Option<NaiveDate>) -> bool {
    day.is_none_or(|d| check_year(invalid, field, d.year()))
}

/// Checks a required, length-limited text; counts characters, not bytes.
pub fn text(
    invalid: &mut Invalid,
    field: impl Into<Cow<'static, str>>,
    value: &str,
    min: usize,
    max: usize,
) {
    let len = value.trim().chars().count();
    if len == 0 && min > 0 {
        invalid.add(field, Reason::Required);
    } else if len < min {
        invalid.add(field, Reason::TooShort { min });
    } else if len > max {
        invalid.add(field, Reason::TooLong { max });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_reason_per_field_in_order() {
        let mut inv = Invalid::default();
        inv.add("b", Reason::Required);
        inv.add("a", Reason::TooLong { max: 3 });
        inv.add("b", Reason::Mismatch);
        let fields: Vec<(&str, &Reason)> =
            inv.fields().iter().map(|(f, r)| (f.as_ref(), r)).collect();
        assert_eq!(
            fields,
            [("b", &Reason::Required), ("a", &Reason::TooLong { max: 3 })]
        );
        assert!(inv.into_result().is_err());
        assert!(Invalid::default().into_result().is_ok());
    }

    #[test]
    fn text_counts_characters_not_bytes() {
        let mut inv = Invalid::default();
        text(&mut inv, "name", "市房产局", 1, 4);
        assert!(inv.is_empty());
        text(&mut inv, "name", "市房产局办", 1, 4);
        assert_eq!(inv.reason("name"), Some(&Reason::TooLong { max: 4 }));
    }

    #[test]
    fn blank_is_required_not_short() {
        let mut inv = Invalid::default();
        text(&mut inv, "name", "   ", 2, 10);
        assert_eq!(inv.reason("name"), Some(&Reason::Required));
    }

    #[test]
    fn every_reason_speaks_both_languages() {
        let all = [
            Reason::Required,
            Reason::TooShort { min: 12 },
            Reason::TooLong { max: 64 },
            Reason::BadCharacters,
            Reason::SameAsUsername,
            Reason::Mismatch,
            Reason::WrongType,
            Reason::InThePast,
            Reason::InTheFuture,
            Reason::NotAWeekend,
            Reason::TooMany { max: 10 },
            Reason::Duplicate,
            Reason::NotAfterStart,
            Reason::NotSubstantiated,
            Reason::FileTooLarge { max_mb: 10 },
            Reason::FileTypeNotAccepted,
            Reason::NotFound,
            Reason::OutOfRange { min: 1, max: 100 },
            Reason::NotExpected,
            Reason::NotAfterCurrentDeadline,
            Reason::OutsidePeriod,
            Reason::NotATarget,
            Reason::NotAnInspector,
            Reason::Unanswered,
            Reason::EvidenceRequired,
            Reason::Locked,
            Reason::NotMergeable,
            Reason::Taken,
            Reason::Unchanged,
            Reason::OwnAccount,
            Reason::InsideItself,
            Reason::NotActive,
            Reason::OutsideOwnTree,
            Reason::InspectsOwnUnit,
            Reason::CannotBeSwitchedOff,
            Reason::NotAnEmail,
            Reason::NotAMobile,
            Reason::NotOfThisUnit,
            Reason::TooLate,
            Reason::DecidedAlready,
            Reason::DocFormat,
            Reason::Namesakes,
        ];
        for r in all {
            let zh = r.message(Lang::ZhCn);
            let en = r.message(Lang::En);
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{r:?}");
            assert!(
                !zh.is_ascii(),
                "zh-CN message for {r:?} is not Chinese: {zh}"
            );
        }
        assert_eq!(
            Reason::TooShort { min: 12 }.message(Lang::ZhCn),
            "至少 12 个字符"
        );
    }
}

#[cfg(test)]
mod contact_tests {
    use super::*;

    #[test]
    fn addresses_and_numbers() {
        for ok in ["liaison@example.org", "a.b+c@sub.example.cn"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "no-at.example.org",
            "@example.org",
            "a@b",
            "a@@b.org",
            "a b@c.org",
            "a@.org",
            "a@b..org",
            "<a@b.org>",
            "a@b.org,c@d.org",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(!is_email(&format!("{}@example.org", "a".repeat(65))));
        for ok in [
            "13800138000",
            "+8613800138000",
            "138-0013-8000",
            "138 0013 8000",
        ] {
            assert!(is_mobile(ok), "{ok}");
        }
        for bad in [
            "",
            "1380013800",
            "23800138000",
            "1 3 8 0 0 1 3 8 0 0 0",
            "+86",
            "+86a3800138000",
        ] {
            assert!(!is_mobile(bad), "{bad}");
        }
    }
}
