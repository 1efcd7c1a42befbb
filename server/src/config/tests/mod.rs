//! Tests of `Settings`: shared helpers here, then layering, refusals and output in submodules.

mod layering;
mod output;
mod refusals;

use std::collections::HashMap;
use std::path::PathBuf;

pub(super) use super::*;

/// An obviously fake key: base64 of 32 bytes of 0x42.
pub(super) const FAKE_KEY: &str = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";

pub(super) fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub(super) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |key| map.get(key).cloned()
}

/// Loads as a binary built with the demo tenant, so `demo` layers like any key whatever the
/// test build's features; `refusals.rs` covers a binary without it.
pub(super) fn load(list: &[&str], env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    match Settings::load_built(args(list), env_of(env), true)? {
        Load::Run(settings) => Ok(settings),
        Load::Help(_) => panic!("unexpected help"),
    }
}

pub(super) fn error(list: &[&str], env: &[(&str, &str)]) -> String {
    load(list, env).expect_err("should be refused").to_string()
}

pub(super) fn config_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
