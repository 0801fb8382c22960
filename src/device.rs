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

/// A photo waiting for the server: its key on the device (`None` when kept
/// in memory only), the checklist item, the file.
#[derive(Clone, Debug)]
pub struct KeptPhoto {
    pub key: Option<f64>,
    pub item: String,
    pub file: web_sys::File,
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

async fn try_keep(visit: i64, item: &str, file: &web_sys::File) -> Result<f64, JsValue> {
    let db = open().await?;
    let value = Object::new();
    Reflect::set(&value, &"visit".into(), &JsValue::from_f64(visit as f64))?;
    Reflect::set(&value, &"item".into(), &item.into())?;
    Reflect::set(&value, &"file".into(), file)?;
    let key = done(&store(&db, IdbTransactionMode::Readwrite)?.add(&value)?).await?;
    key.as_f64().ok_or_else(|| JsValue::from_str("key"))
}

/// Keeps a photo on the device; answers it with its key (none when the
/// device could not keep it).
pub async fn keep(visit: i64, item: &str, file: web_sys::File) -> KeptPhoto {
    KeptPhoto {
        key: try_keep(visit, item, &file).await.ok(),
        item: item.to_owned(),
        file,
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
            if let (true, Some(item), Ok(file)) = (of_visit, item, file) {
                out.push(KeptPhoto {
                    key: key.as_f64(),
                    item,
                    file,
                });
            }
        }
        Ok::<_, JsValue>(out)
    };
    read.await.unwrap_or_default()
}
