//! End to end: the real server (in process, over a fresh SQLite file with
//! the demo data, serving the release build in `dist/`) and headless
//! Chromium through ChromeDriver. Elements are found the way a person finds
//! them — by label, role and visible text — and every step waits for a
//! condition, never for a fixed time. Screenshots land in `target/screenshots/`.
//!
//! Needs `dist/` (built by `cargo xtask test`, or `cargo xtask dist`).

#![cfg(not(target_arch = "wasm32"))]

mod accountability;
mod administration;
mod appeals;
mod bulletins;
mod citizens;
mod findings;
mod inspections;
mod notifications;
mod page;
mod phone;
mod planning;
mod sign_in;
