//! The one error shape every endpoint answers with:
//! `{"error": {"code": "…", "message": "…", "fields": {"<field>": "<reason>"}}}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Invalid, Lang};

/// What went wrong, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// The body or query parsed but a field is refused (see `fields`).
    Validation,
    /// The body is not JSON, or has the wrong shape.
    BadRequest,
    UnsupportedMediaType,
    PayloadTooLarge,
    InvalidCredentials,
    /// No (or an expired) session.
    Unauthenticated,
    Forbidden,
    /// A state-changing request from a signed-in browser without the CSRF token.
    CsrfFailed,
    /// The user signed in with a temporary password and must choose their own first.
    PasswordChangeRequired,
    NotFound,
    MethodNotAllowed,
    /// The record changed since it was read (stale version).
    Conflict,
    /// A workflow action the record's current state does not allow.
    WrongState,
    /// A retry (same `Idempotency-Key`) of a request that was carried out,
    /// whose answer was lost: nothing was done again.
    AlreadyDone,
    /// A request with the same `Idempotency-Key` is still being carried out.
    InProgress,
    TooManyRequests,
    Internal,
    /// A dependency (the database) is not answering.
    Unavailable,
    /// A code this build does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code for an HTTP status that carries no code of its own
    /// (a rejection from the framework, a layer's refusal).
    pub fn from_status(status: u16) -> ErrorCode {
        match status {
            400 => ErrorCode::BadRequest,
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::Validation,
            429 => ErrorCode::TooManyRequests,
            503 => ErrorCode::Unavailable,
            _ => ErrorCode::Internal,
        }
    }

    /// The HTTP status that carries this code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Validation => 422,
            ErrorCode::BadRequest => 400,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::InvalidCredentials | ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden | ErrorCode::CsrfFailed | ErrorCode::PasswordChangeRequired => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict
            | ErrorCode::WrongState
            | ErrorCode::AlreadyDone
            | ErrorCode::InProgress => 409,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::Internal | ErrorCode::Unknown => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        use ErrorCode::*;
        match (self, lang) {
            (Validation, Lang::ZhCn) => "提交的内容有误，请按提示修改",
            (Validation, Lang::En) => "Some of the information is not valid",
            (BadRequest, Lang::ZhCn) => "请求格式不正确",
            (BadRequest, Lang::En) => "The request is malformed",
            (UnsupportedMediaType, Lang::ZhCn) => "请求内容类型不受支持",
            (UnsupportedMediaType, Lang::En) => "The request's content type is not supported",
            (PayloadTooLarge, Lang::ZhCn) => "提交的内容过大",
            (PayloadTooLarge, Lang::En) => "The request is too large",
            (InvalidCredentials, Lang::ZhCn) => "用户名或密码不正确",
            (InvalidCredentials, Lang::En) => "The username or password is not correct",
            (Unauthenticated, Lang::ZhCn) => "请先登录",
            (Unauthenticated, Lang::En) => "Please sign in first",
            (Forbidden, Lang::ZhCn) => "您没有执行此操作的权限",
            (Forbidden, Lang::En) => "You do not have permission to do this",
            (CsrfFailed, Lang::ZhCn) => "页面已过期，请刷新后重试",
            (CsrfFailed, Lang::En) => "This page has expired; reload it and try again",
            (PasswordChangeRequired, Lang::ZhCn) => "请先修改临时密码",
            (PasswordChangeRequired, Lang::En) => "Choose your own password first",
            (NotFound, Lang::ZhCn) => "未找到所请求的内容",
            (NotFound, Lang::En) => "Nothing was found at this address",
            (MethodNotAllowed, Lang::ZhCn) => "不支持此请求方法",
            (MethodNotAllowed, Lang::En) => "This method is not allowed here",
            (Conflict, Lang::ZhCn) => "该记录已被他人修改，请查看最新内容后重试",
            (Conflict, Lang::En) => {
                "Someone else changed this record; review the current version and try again"
            }
            (WrongState, Lang::ZhCn) => "当前状态下不能执行此操作",
            (WrongState, Lang::En) => "This action is not possible in the record's current state",
            (AlreadyDone, Lang::ZhCn) => "此操作已完成，请刷新查看结果",
            (AlreadyDone, Lang::En) => "This was already done; reload to see the result",
            (InProgress, Lang::ZhCn) => "同一操作正在处理中，请稍候",
            (InProgress, Lang::En) => "The same request is still being carried out; wait a moment",
            (TooManyRequests, Lang::ZhCn) => "尝试次数过多，请稍后再试",
            (TooManyRequests, Lang::En) => "Too many attempts; please try again later",
            (Unavailable, Lang::ZhCn) => "服务暂时不可用，请稍后再试",
            (Unavailable, Lang::En) => "The service is unavailable; try again later",
            (Internal | Unknown, Lang::ZhCn) => "服务器出现问题，请稍后再试",
            (Internal | Unknown, Lang::En) => "Something went wrong on the server; try again later",
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// For people, in the request's language.
    pub message: String,
    /// Refused fields and why, in the request's language.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// With `too_many_requests`: seconds until a retry may succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, lang: Lang) -> Self {
        ErrorBody {
            code,
            message: code.message(lang).to_owned(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    pub fn invalid(invalid: &Invalid, lang: Lang) -> Self {
        ErrorBody {
            fields: invalid.messages(lang),
            ..ErrorBody::new(ErrorCode::Validation, lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reason;

    #[test]
    fn has_the_documented_shape() {
        let mut inv = Invalid::default();
        inv.add("password", Reason::TooShort { min: 12 });
        let body = ErrorResponse {
            error: ErrorBody::invalid(&inv, Lang::En),
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": {
                "code": "validation",
                "message": "Some of the information is not valid",
                "fields": {"password": "Use at least 12 characters"}
            }})
        );
    }

    #[test]
    fn unknown_codes_still_parse() {
        let body: ErrorResponse =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"x"}}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::Unknown);
        assert!(body.error.fields.is_empty());
    }
}
