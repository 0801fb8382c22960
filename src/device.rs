//! Photos taken during a visit, kept on the device (IndexedDB) until the
//! server has them: a reload, a closed tab or a lost connection loses none.
//! IndexedDB keeps the `File` itself, however large; where the browser
//! offers no IndexedDB (some private modes) the photos live in memory only.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransactionMode};

const DB: &str = "xiaoneng";
const STORE: &str = "photos";

/// A photo's longer side once fitted for mobile data (pixels).
pub const LONG_SIDE: u32 = 2048;
/// The JPEG quality of a fitted photo.
const JPEG_QUALITY: f64 = 0.85;

/// A photo waiting for the server: its key on the device (`None` when kept
/// in memory only), the checklist item, the file, and the id the phone gave
/// it (sent with every try, so the server stores it once).
#[derive(Clone, Debug)]
pub struct KeptPhoto {
    pub key: Option<f64>,
    pub item: String,
    pub file: web_sys::File,
    pub client_id: String,
}

impl KeptPhoto {
    /// When it was taken: the file's time (the camera's, for a photo just
    /// taken), in RFC 3339.
    pub fn taken_at(&self) -> Option<String> {
        let ms = self.file.last_modified();
        (ms > 0.0)
            .then(|| chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms as i64))
            .flatten()
            .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }
}

/// A new id for a photo: a random UUID where the browser gives one.
fn new_client_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            let part = || format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
            format!("{}-{}-{}-{}", part(), part(), part(), part())
        })
}

/// Fits a photo for mobile data: a picture whose longer side is over
/// [`LONG_SIDE`] pixels is scaled down to it and saved as JPEG, keeping its
/// file time (when it was taken). Anything else — a smaller picture, a PDF,
/// a picture the browser cannot read — goes as it is.
pub async fn fit_for_upload(file: web_sys::File) -> web_sys::File {
    match scaled(&file).await {
        Ok(Some(smaller)) => smaller,
        _ => file,
    }
}

async fn scaled(file: &web_sys::File) -> Result<Option<web_sys::File>, JsValue> {
    if !file.type_().starts_with("image/") {
        return Ok(None);
    }
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let long = width.max(height);
    if long <= LONG_SIDE {
        bitmap.close();
        return Ok(None);
    }
    let scale = f64::from(LONG_SIDE) / f64::from(long);
    let (w, h) = (
        (f64::from(width) * scale).round().max(1.0) as u32,
        (f64::from(height) * scale).round().max(1.0) as u32,
    );
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(w),
        f64::from(h),
    )?;
    bitmap.close();
    let blob = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() {
                let _ = reject.call1(&JsValue::NULL, &"no image".into());
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        ) {
            web_sys::console::warn_1(&e);
        }
    });
    let blob = JsFuture::from(blob).await?;
    let stem = file
        .name()
        .rsplit_once('.')
        .map_or_else(|| file.name(), |(stem, _)| stem.to_owned());
    let options = web_sys::FilePropertyBag::new();
    options.set_type("image/jpeg");
    options.set_last_modified(file.last_modified());
    let parts = Array::of1(&blob);
    web_sys::File::new_with_blob_sequence_and_options(&parts, &format!("{stem}.jpg"), &options)
        .map(Some)
}

/// Resolves once `request` succeeds, with its result.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(resolve.unchecked_ref()));
        request.set_onerror(Some(reject.unchecked_ref()));
    });
    JsFuture::from(promise).await?;
    request.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let params = IdbObjectStoreParameters::new();
            params.set_auto_increment(true);
            let _ = db.create_object_store_with_optional_parameters(STORE, &params);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    done(&request).await?.dyn_into::<IdbDatabase>()
}

fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<web_sys::IdbObjectStore, JsValue> {
    db.transaction_with_str_and_mode(STORE, mode)?
        .object_store(STORE)
}

async fn try_keep(
    visit: i64,
    item: &str,
    file: &web_sys::File,
    client_id: &str,
) -> Result<f64, JsValue> {
    let db = open().await?;
    let value = Object::new();
    Reflect::set(&value, &"visit".into(), &JsValue::from_f64(visit as f64))?;
    Reflect::set(&value, &"item".into(), &item.into())?;
    Reflect::set(&value, &"file".into(), file)?;
    Reflect::set(&value, &"client_id".into(), &client_id.into())?;
    let key = done(&store(&db, IdbTransactionMode::Readwrite)?.add(&value)?).await?;
    key.as_f64().ok_or_else(|| JsValue::from_str("key"))
}

/// Keeps a photo on the device; answers it with its key (none when the
/// device could not keep it).
pub async fn keep(visit: i64, item: &str, file: web_sys::File) -> KeptPhoto {
    let client_id = new_client_id();
    KeptPhoto {
        key: try_keep(visit, item, &file, &client_id).await.ok(),
        item: item.to_owned(),
        file,
        client_id,
    }
}

/// Forgets a photo the server now has.
pub async fn forget(photo: &KeptPhoto) {
    if let Some(key) = photo.key {
        let forgotten = async {
            let db = open().await?;
            done(&store(&db, IdbTransactionMode::Readwrite)?.delete(&JsValue::from_f64(key))?).await
        };
        let _ = forgotten.await;
    }
}

/// The photos of `visit` still on the device, oldest first.
pub async fn waiting(visit: i64) -> Vec<KeptPhoto> {
    let read = async {
        let db = open().await?;
        let store = store(&db, IdbTransactionMode::Readonly)?;
        let keys: Array = done(&store.get_all_keys()?).await?.dyn_into()?;
        let values: Array = done(&store.get_all()?).await?.dyn_into()?;
        let mut out = Vec::new();
        for (key, value) in keys.iter().zip(values.iter()) {
            let of_visit = Reflect::get(&value, &"visit".into())?.as_f64() == Some(visit as f64);
            let item = Reflect::get(&value, &"item".into())?.as_string();
            let file = Reflect::get(&value, &"file".into())?.dyn_into::<web_sys::File>();
            // Kept before photos had ids: one made now still stops repeats from here on.
            let client_id = Reflect::get(&value, &"client_id".into())?
                .as_string()
                .unwrap_or_else(new_client_id);
            if let (true, Some(item), Ok(file)) = (of_visit, item, file) {
                out.push(KeptPhoto {
                    key: key.as_f64(),
                    item,
                    file,
                    client_id,
                });
            }
        }
        Ok::<_, JsValue>(out)
    };
    read.await.unwrap_or_default()
}
