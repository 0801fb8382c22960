//! Password hashing with argon2id (19 MiB, 2 passes, 1 lane: OWASP's minimum),
//! behind a [`Gate`] that bounds how many run at once.

use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a blocking thread: argon2 takes tens of milliseconds on purpose.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

pub fn hash_now(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("encoding a salt: {e}"))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Checks `password` against a stored hash. With `None` (no such user) it
/// checks against a throwaway hash so the answer takes as long either way
/// and timing does not tell which usernames exist.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let found = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| anyhow::anyhow!("a stored hash is malformed: {e}"))?;
        let ok = argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(found && ok)
    })
    .await?
}

/// Bounds password work: at most one hash per core runs at a time (each
/// takes 19 MiB and tens of milliseconds), a few more wait their turn, and
/// beyond those the caller is told the server is busy instead of queueing
/// without end.
pub struct Gate {
    waiting: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

/// The gate was full: try again in a moment (503 with `Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl Gate {
    /// `running` at once, and up to `queued` more waiting.
    pub fn new(running: usize, queued: usize) -> Gate {
        Gate {
            waiting: Arc::new(Semaphore::new(running + queued)),
            running: Arc::new(Semaphore::new(running)),
        }
    }

    /// One per core, eight per core waiting.
    pub fn for_this_machine() -> Gate {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Gate::new(cores, 8 * cores)
    }

    /// A place in the line, taken before any other work is done for the
    /// request (so a refused one costs nothing), or [`Busy`].
    pub fn admit(&self) -> Result<Admitted, Busy> {
        let place = self.waiting.clone().try_acquire_owned().map_err(|_| Busy)?;
        Ok(Admitted {
            _place: place,
            running: self.running.clone(),
        })
    }
}

/// A request's place at the [`Gate`]: its password work runs one at a time
/// among the gate's cores.
pub struct Admitted {
    _place: tokio::sync::OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl Admitted {
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        let _turn = self.running.acquire().await?;
        verify(password, stored).await
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _turn = self.running.acquire().await?;
        hash(password).await
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("no user has this password").expect("hashing works"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_gate_refuses_beyond_its_line() {
        let gate = Gate::new(1, 1);
        let first = gate.admit().unwrap();
        let second = gate.admit().unwrap();
        assert_eq!(gate.admit().err(), Some(Busy));
        drop(first);
        let third = gate.admit().unwrap();
        // Both admitted ones get their turn, one at a time.
        let h = third.hash("correct horse battery".into()).await.unwrap();
        assert!(
            second
                .verify("correct horse battery".into(), Some(h))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id_parameters() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(
            verify("correct horse battery".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery".into(), Some(h)).await.unwrap());
        assert!(
            !verify("no user has this password".into(), None)
                .await
                .unwrap()
        );
    }
}
