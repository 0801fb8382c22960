//! Evidence files over HTTP on both engines: the type comes from the bytes,
//! the size is limited, the hash is kept, and only those who see the finding
//! see the file.

mod common;

use common::{Session, TestServer, error_of, expect_status, refused};
use reqwest::multipart::{Form, Part};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const DEMO: &str = "xiaoneng-demo";

both_engines!(
    evidence_is_sniffed_hashed_and_served_safely,
    evidence_refuses_bad_files_and_outsiders
);

/// The first bytes of a PNG are all the sniffing needs.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0u8..200).collect::<Vec<_>>());
    bytes
}

async fn finding(s: &TestServer, office: &Session) -> Value {
    let resp = office
        .on(s.post("/api/findings"), true)
        .json(&json!({
            "unit_id": 7, "source": "inspection", "dimension": "work_discipline", "severity": "minor",
            "title": "离岗未放告示牌", "description": "窗口无人", "observed_on": "2020-06-24",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json().await.unwrap()
}

async fn upload(s: &TestServer, who: &Session, finding: &Value, part: Part) -> reqwest::Response {
    who.on(
        s.post(&format!("/api/findings/{}/evidence", finding["id"])),
        true,
    )
    .multipart(Form::new().part("file", part))
    .send()
    .await
    .unwrap()
}

async fn evidence_is_sniffed_hashed_and_served_safely(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = finding(&s, &office).await;
    // The client claims a PDF; the bytes say PNG, and the bytes win.
    let part = Part::bytes(png())
        .file_name("C:\\\\相册\\\\窗口 照片.png")
        .mime_str("application/pdf")
        .unwrap();
    let resp = upload(&s, &office, &f, part).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let evidence: Value = resp.json().await.unwrap();
    assert_eq!(evidence["content_type"], "image/png");
    assert_eq!(evidence["file_name"], "窗口 照片.png");
    assert_eq!(evidence["size"], png().len());
    assert_eq!(evidence["sha256"], hex::encode(Sha256::digest(png())));
    assert_eq!(evidence["uploaded_by_name"], "效能办 陈晓岚");

    let file = office
        .on(s.get(&format!("/api/evidence/{}", evidence["id"])), false)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    let h = file.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "image/png");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let disposition = h[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("inline;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E7%AA%97%E5%8F%A3%20%E7%85%A7%E7%89%87.png"),
        "{disposition}"
    );
    assert_eq!(file.bytes().await.unwrap().to_vec(), png());

    let detail: Value = office
        .on(s.get(&format!("/api/findings/{}", f["id"])), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["evidence"][0]["id"], evidence["id"]);
    assert!(
        xiaoneng_server::audit::verify(&s.state.store)
            .await
            .unwrap()
            .is_ok()
    );
}

async fn evidence_refuses_bad_files_and_outsiders(s: TestServer) {
    let office = s.login("office", DEMO).await;
    let f = finding(&s, &office).await;

    let error = refused(
        upload(
            &s,
            &office,
            &f,
            Part::bytes(b"just text".to_vec()).file_name("a.png"),
        )
        .await,
    )
    .await;
    assert_eq!(
        error["fields"]["file"],
        "只接受照片（JPEG、PNG、WebP、HEIF）或 PDF 文件"
    );

    // A part the endpoint does not take is named, like an unknown JSON field.
    let resp = office
        .on(s.post(&format!("/api/findings/{}/evidence", f["id"])), true)
        .multipart(Form::new().text("note", "no file"))
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(resp).await;
    assert_eq!(
        (status, error["fields"]["note"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("此操作不需要填写此项")
        )
    );
    let resp = office
        .on(s.post(&format!("/api/findings/{}/evidence", f["id"])), true)
        .multipart(Form::new().part("file", Part::bytes(Vec::new()).file_name("empty.png")))
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(resp).await;
    assert_eq!(
        (status, error["fields"]["file"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("此项必填"))
    );

    let mut huge = png();
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let error = expect_status(
        upload(&s, &office, &f, Part::bytes(huge).file_name("big.png")).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "",
    )
    .await;
    assert_eq!(error["fields"]["file"], "文件不能超过 10 MB");

    let leader = s.login("leader", DEMO).await;
    expect_status(
        upload(&s, &leader, &f, Part::bytes(png()).file_name("x.png")).await,
        StatusCode::FORBIDDEN,
        "",
    )
    .await;

    let resp = upload(&s, &office, &f, Part::bytes(png()).file_name("ok.png")).await;
    let evidence: Value = resp.json().await.unwrap();
    let unit = s.login("liaison", DEMO).await;
    let path = format!("/api/evidence/{}", evidence["id"]);
    let hidden = unit.on(s.get(&path), false).send().await.unwrap();
    assert_eq!(
        hidden.status(),
        StatusCode::NOT_FOUND,
        "not before the finding is fed back"
    );
    expect_status(
        upload(&s, &unit, &f, Part::bytes(png()).file_name("x.png")).await,
        StatusCode::NOT_FOUND,
        "",
    )
    .await;
    office
        .on(s.post(&format!("/api/findings/{}/actions", f["id"])), true)
        .json(&json!({"action": "feed_back", "deadline": "2100-01-01", "version": f["version"]}))
        .send()
        .await
        .unwrap();
    let seen = unit.on(s.get(&path), false).send().await.unwrap();
    assert_eq!(seen.status(), StatusCode::OK);
    let refused = s.get(&path).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let detail: Value = office
        .on(s.get(&format!("/api/findings/{}", f["id"])), false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["evidence"].as_array().unwrap().len(),
        1,
        "refused uploads left nothing behind"
    );
}
