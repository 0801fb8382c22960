//! The only module that speaks HTTP: one error type, the request helpers,
//! and, in the submodules by resource, every endpoint a page uses: a function
//! for each read, and for each write a [`Write`] that binds the path to the
//! body it takes and the answer it gives.

pub mod accountability;
pub mod accounts;
pub mod appeals;
pub mod calendar;
pub mod checklists;
pub mod findings;
pub mod notifications;
pub mod oversight;
pub mod planning;
pub mod reports;
pub mod units;

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use xiaoneng_domain::{ErrorBody, ErrorCode, ErrorResponse, Lang, LoginRequest, Me};

use crate::texts::Texts;

thread_local! {
    /// The session's CSRF token, sent with every state-changing request.
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
    static LANG: RefCell<Lang> = const { RefCell::new(Lang::ZhCn) };
    /// Told when the server says the session is gone (it expired, or ended elsewhere).
    static ON_SESSION_LOST: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// `lost` runs whenever an answer says the caller is not signed in (any
/// request but the sign-in itself and the first "who am I").
pub fn on_session_lost(lost: impl Fn() + 'static) {
    ON_SESSION_LOST.with(|l| *l.borrow_mut() = Some(Box::new(lost)));
}

/// Errors arrive in this language (the server reads `Accept-Language`).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| *l.borrow_mut() = lang);
}

/// A form's errors: each refused field with its message, in the order found.
pub type FieldErrors = Vec<(String, String)>;

/// What the shared rules refuse, as a form shows it (the same shape as
/// [`ApiError::field_errors`], so the browser's and the server's refusals
/// look alike).
pub fn invalid_fields(invalid: &xiaoneng_domain::Invalid, lang: Lang) -> FieldErrors {
    invalid
        .fields()
        .iter()
        .map(|(f, r)| (f.to_string(), r.message(lang)))
        .collect()
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("network: {0}")]
    Network(String),
    #[error("{}", .0.message)]
    Server(ErrorBody),
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server(body) => Some(body.code),
            ApiError::Network(_) => None,
        }
    }

    /// The reason the server gave for one field, if any.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            ApiError::Server(body) => body.fields.get(name).cloned(),
            ApiError::Network(_) => None,
        }
    }

    /// The server's refusal as a form shows it: each field with its reason,
    /// or, when no field is named, the whole error under `form`.
    pub fn field_errors(&self, t: &Texts, lang: Lang) -> FieldErrors {
        let mut list: FieldErrors = match self {
            ApiError::Server(body) => body
                .fields
                .iter()
                .map(|(f, m)| (f.clone(), m.clone()))
                .collect(),
            ApiError::Network(_) => Vec::new(),
        };
        if list.is_empty() {
            list.push(("form".to_owned(), self.describe(t, lang)));
        }
        list
    }

    /// The whole error in words, in `lang` where the code is known here.
    pub fn describe(&self, t: &Texts, lang: Lang) -> String {
        match self {
            ApiError::Network(_) => t.network_error.to_owned(),
            ApiError::Server(body) if body.code == ErrorCode::Unknown => body.message.clone(),
            ApiError::Server(body) => match body.retry_after {
                Some(secs) => format!("{} {}", body.code.message(lang), (t.retry_in)(secs)),
                None => body.code.message(lang).to_owned(),
            },
        }
    }
}

impl From<gloo_net::Error> for ApiError {
    fn from(e: gloo_net::Error) -> Self {
        ApiError::Network(e.to_string())
    }
}

fn with_headers(builder: RequestBuilder) -> RequestBuilder {
    let lang = LANG.with(|l| *l.borrow());
    let builder = builder.header("Accept-Language", lang.tag());
    match CSRF.with(|c| c.borrow().clone()) {
        Some(token) => builder.header("X-CSRF-Token", &token),
        None => builder,
    }
}

async fn error_of(resp: Response) -> ApiError {
    let error = match resp.json::<ErrorResponse>().await {
        Ok(body) => ApiError::Server(body.error),
        Err(_) => ApiError::Server(ErrorBody::new(
            ErrorCode::from_status(resp.status()),
            LANG.with(|l| *l.borrow()),
        )),
    };
    if error.code() == Some(ErrorCode::Unauthenticated) {
        ON_SESSION_LOST.with(|l| {
            if let Some(lost) = l.borrow().as_ref() {
                lost();
            }
        });
    }
    error
}

async fn into_json<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    decode(&body_of(resp).await?)
}

/// A successful answer's body, or the error the answer says. The reading is
/// not generic: one copy of it serves every type a body decodes to (only
/// [`decode`] is compiled per type).
async fn body_of(resp: Response) -> Result<String, ApiError> {
    if resp.ok() {
        Ok(resp.text().await?)
    } else {
        Err(error_of(resp).await)
    }
}

/// A JSON body as `T`.
fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Network(e.to_string()))
}

fn remember(me: &Me) {
    CSRF.with(|c| *c.borrow_mut() = Some(me.csrf_token.clone()));
}

pub async fn login(req: LoginRequest) -> Result<Me, ApiError> {
    let resp = with_headers(Request::post("/api/auth/login"))
        .json(&req)?
        .send()
        .await?;
    let me: Me = into_json(resp).await?;
    remember(&me);
    Ok(me)
}

/// The signed-in user, or `None` when there is no session.
pub async fn me() -> Result<Option<Me>, ApiError> {
    let resp = with_headers(Request::get("/api/auth/me")).send().await?;
    if resp.status() == 401 {
        return Ok(None);
    }
    let me: Me = into_json(resp).await?;
    remember(&me);
    Ok(Some(me))
}

pub async fn logout() -> Result<(), ApiError> {
    let resp = with_headers(Request::post("/api/auth/logout"))
        .send()
        .await?;
    CSRF.with(|c| *c.borrow_mut() = None);
    if resp.ok() || resp.status() == 401 {
        Ok(())
    } else {
        Err(error_of(resp).await)
    }
}

/// `GET` a JSON resource.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(&get_body(path).await?)
}

async fn get_body(path: &str) -> Result<String, ApiError> {
    let resp = with_headers(Request::get(path)).send().await?;
    body_of(resp).await
}

/// Every item of a paged list, following its `next` cursor to the end (a
/// form's choices must not stop at the first page).
pub async fn get_all<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, ApiError> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            None => path.to_owned(),
            Some(c) => {
                let sep = if path.contains('?') { '&' } else { '?' };
                format!("{path}{sep}cursor={}", encode(c))
            }
        };
        let page: xiaoneng_domain::record::Page<T> = get(&url).await?;
        items.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(items),
        }
    }
}

/// `POST` (or `PUT`) a JSON body, reading the JSON answer.
pub async fn send<B: serde::Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    decode(&send_body(method, path, json).await?)
}

/// Sends a JSON body (not generic, as [`body_of`]).
async fn send_body(method: Method, path: &str, json: String) -> Result<String, ApiError> {
    let builder = match method {
        // The same creation sent again from this page (after a lost
        // answer, say) carries the same key: the server creates it once.
        Method::Post => {
            Request::post(path).header("Idempotency-Key", &idempotency_key(path, &json))
        }
        Method::Put => Request::put(path),
        Method::Ask => Request::post(path),
    };
    let resp = with_headers(builder)
        .header("Content-Type", "application/json")
        .body(json)?
        .send()
        .await?;
    body_of(resp).await
}

/// A key for one request's content, from this page load: the page's own
/// random number and a 64-bit FNV-1a hash of the path and the body.
fn idempotency_key(path: &str, body: &str) -> String {
    thread_local! {
        static PAGE: u64 = (web_sys::js_sys::Math::random() * u64::MAX as f64) as u64;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes().chain([0]).chain(body.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:016x}-{hash:016x}", PAGE.with(|p| *p))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
    /// A `POST` that changes nothing (a preview): sent without an
    /// idempotency key, so the server keeps nothing for it.
    Ask,
}

/// One write the server takes: its method and path, bound to the body it
/// takes (`B`) and what it answers (`T`), so a page cannot send one
/// endpoint the shape of another. Made by the resource modules.
pub struct Write<B, T> {
    method: Method,
    path: String,
    types: std::marker::PhantomData<fn(&B) -> T>,
}

impl<B: serde::Serialize, T: DeserializeOwned> Write<B, T> {
    fn post(path: impl Into<String>) -> Self {
        Write {
            method: Method::Post,
            path: path.into(),
            types: std::marker::PhantomData,
        }
    }

    fn put(path: impl Into<String>) -> Self {
        Write {
            method: Method::Put,
            path: path.into(),
            types: std::marker::PhantomData,
        }
    }

    fn ask(path: impl Into<String>) -> Self {
        Write {
            method: Method::Ask,
            path: path.into(),
            types: std::marker::PhantomData,
        }
    }

    pub async fn send(&self, body: &B) -> Result<T, ApiError> {
        send(self.method, &self.path, body).await
    }

    /// Sends `body`, owned: a future an `Action` can keep.
    pub async fn call(self, body: B) -> Result<T, ApiError> {
        self.send(&body).await
    }
}

/// `DELETE`, expecting no body back.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    let resp = with_headers(Request::delete(path)).send().await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(error_of(resp).await)
    }
}

/// `POST` with no body, expecting no body back (204).
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    let resp = with_headers(Request::post(path)).send().await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(error_of(resp).await)
    }
}

/// A query string from the pairs whose value is set, form-encoded.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

fn encode(v: &str) -> String {
    String::from(web_sys::js_sys::encode_uri_component(v))
}

/// `POST` text fields, then a file as `field`, as one multipart form,
/// telling `progress` how much of the file has gone
/// (0–100) as it goes: fetch cannot report an upload's progress, so this
/// one request goes through `XMLHttpRequest`.
pub async fn upload_with_progress<T: DeserializeOwned>(
    path: &str,
    texts: &[(&str, &str)],
    field: &str,
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<T, ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    let broken = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
    let form = web_sys::FormData::new().map_err(broken)?;
    for (name, value) in texts {
        form.append_with_str(name, value).map_err(broken)?;
    }
    form.append_with_blob_and_filename(field, file, &file.name())
        .map_err(broken)?;
    let xhr = web_sys::XmlHttpRequest::new().map_err(broken)?;
    xhr.open("POST", path).map_err(broken)?;
    let lang = LANG.with(|l| *l.borrow());
    xhr.set_request_header("Accept-Language", lang.tag())
        .map_err(broken)?;
    if let Some(token) = CSRF.with(|c| c.borrow().clone()) {
        xhr.set_request_header("X-CSRF-Token", &token)
            .map_err(broken)?;
    }
    let on_progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress((e.loaded() / e.total() * 100.0).round().clamp(0.0, 100.0) as u32);
            }
        });
    xhr.upload()
        .map_err(broken)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(resolve.unchecked_ref()));
        xhr.set_onerror(Some(reject.unchecked_ref()));
        xhr.set_onabort(Some(reject.unchecked_ref()));
        xhr.set_ontimeout(Some(reject.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(&form)).map_err(broken)?;
    let sent = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    sent.map_err(|_| ApiError::Network("upload".into()))?;
    let status = xhr.status().map_err(broken)?;
    let text = xhr.response_text().map_err(broken)?.unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|e| ApiError::Network(e.to_string()))
    } else {
        Err(match serde_json::from_str::<ErrorResponse>(&text) {
            Ok(body) => ApiError::Server(body.error),
            Err(_) => ApiError::Server(ErrorBody::new(ErrorCode::from_status(status), lang)),
        })
    }
}

/// `POST` a multipart form of a JSON part and an optional file part.
pub async fn send_with_file<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    (json_field, body): (&str, &B),
    file: Option<(&str, &web_sys::File)>,
) -> Result<T, ApiError> {
    let broken = |_| ApiError::Network("FormData".into());
    let form = web_sys::FormData::new().map_err(broken)?;
    let json = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    form.append_with_str(json_field, &json).map_err(broken)?;
    if let Some((field, file)) = file {
        form.append_with_blob_and_filename(field, file, &file.name())
            .map_err(broken)?;
    }
    let resp = with_headers(Request::post(path)).body(form)?.send().await?;
    into_json(resp).await
}
