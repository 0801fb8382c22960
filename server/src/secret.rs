//! The server's secret: 32 random bytes kept in a file outside the database
//! (`XIAONENG_SECRET_FILE`, made on first start when absent, readable by its
//! owner only). Whoever can write the database but not read this file can
//! neither recompute the audit chain's keyed hashes nor reverse the keyed
//! hashes of client addresses. Every replica of one deployment reads the
//! same file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Secret {
    key: [u8; 32],
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// Reads the secret at `path`, or makes one there (and its folder) if
    /// there is none.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Secret> {
        match std::fs::read_to_string(path) {
            Ok(text) => Secret::parse(&text)
                .with_context(|| format!("reading the secret in {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = Secret::random();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(path) {
                    Ok(mut file) => {
                        file.write_all(hex::encode(secret.key).as_bytes())?;
                        file.write_all(b"\n")?;
                        file.sync_all()?;
                        tracing::info!(path = %path.display(), "made a new server secret");
                        Ok(secret)
                    }
                    // Another replica made it a moment ago: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Secret::load_or_create(path)
                    }
                    Err(e) => Err(e).with_context(|| format!("writing {}", path.display())),
                }
            }
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    fn parse(text: &str) -> anyhow::Result<Secret> {
        let bytes = hex::decode(text.trim()).context("the secret is not hexadecimal")?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("the secret is not 32 bytes (64 hex digits)"))?;
        Ok(Secret { key })
    }

    pub fn random() -> Secret {
        Secret {
            key: rand::random(),
        }
    }

    /// A key for one purpose, so that no two uses share a key.
    fn key_for(&self, purpose: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A client address as it may be stored (throttle counts): its HMAC,
    /// which cannot be reversed by trying every address without the secret.
    pub fn address_hash(&self, bucket: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key_for("client address"))
            .expect("HMAC takes any key length");
        mac.update(bucket.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// The key of the audit chain's hashes.
    pub fn audit_key(&self) -> AuditKey {
        AuditKey(self.key_for("audit chain"))
    }
}

/// The key the audit chain's entries are hashed with (HMAC-SHA256).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AuditKey([u8; 32]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

impl AuditKey {
    pub fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/secret.key");
        let made = Secret::load_or_create(&path).unwrap();
        let read = Secret::load_or_create(&path).unwrap();
        assert_eq!(made.key, read.key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex").unwrap();
        assert!(Secret::load_or_create(&path).is_err());
    }

    #[test]
    fn hashes_depend_on_the_secret_and_purpose() {
        let a = Secret::random();
        let b = Secret::random();
        assert_eq!(a.address_hash("192.0.2.1"), a.address_hash("192.0.2.1"));
        assert_ne!(a.address_hash("192.0.2.1"), b.address_hash("192.0.2.1"));
        assert_ne!(a.address_hash("192.0.2.1"), a.address_hash("192.0.2.2"));
        assert_eq!(a.address_hash("x").len(), 32);
        assert_ne!(a.key_for("audit chain"), a.key_for("client address"));
    }
}
