//! The `server --help` text, generated from the settings table.

use std::fmt::Write;

use super::keys::{CONFIG_ENV, CONFIG_FLAG, SPECS};

pub(super) fn help_text() -> String {
    let mut out = String::from(
        "Relay: connects an Autotask PSA to AI agents.\n\
         \n\
         Usage: server [--config PATH] [--bind ADDR] [--data-dir DIR] [--database-url URL]\n\
         \x20             [--demo | --no-demo] [--help]\n\
         \n\
         Each setting comes from its default, then the config file, then the environment, then\n\
         the command line; later sources win. Empty environment variables count as unset.\n\
         \n\
         Options:\n",
    );
    // `write!` into a String cannot fail, so its results are ignored.
    let _ = writeln!(
        out,
        "  config file (TOML)\n      env {CONFIG_ENV} · flag {CONFIG_FLAG} PATH · default none\n      \
         Optional file holding any of the keys below, snake_case; unknown keys are refused.\n"
    );
    for spec in SPECS {
        let mut env = spec.env.to_owned();
        if let Some(fallback) = spec.fallback_env {
            let _ = write!(env, " (or {fallback})");
        }
        let flag = spec
            .flag
            .map(|f| format!(" · flag {f}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}\n      env {env}{flag} · default {}\n      {}\n",
            spec.key, spec.default, spec.help
        );
    }
    let _ = writeln!(out, "  --help, -h\n      Print this text and exit.");
    out
}
