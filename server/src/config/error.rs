//! Why configuration was refused, and where each value came from, so messages can point at it.

use std::fmt;
use std::path::PathBuf;

/// Where a value was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Env,
    CommandLine,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "file {}", path.display()),
            Origin::Env => f.write_str("env"),
            Origin::CommandLine => f.write_str("command line"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `name` is the key as spelled in its origin: `bind`, `RELAY_BIND` or `--bind`.
    /// `problem` already quotes the value, or leaves it out when it is a secret.
    #[error("invalid value for {name} ({origin}): {problem}")]
    Invalid {
        name: String,
        origin: Origin,
        problem: String,
    },
    #[error("unknown key {key:?} in config file {}; known keys: {known}", path.display())]
    UnknownFileKey {
        key: String,
        path: PathBuf,
        known: String,
    },
    #[error("cannot read config file {}: {error}", path.display())]
    ReadFile {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("config file {} is not valid TOML: {message}", path.display())]
    FileSyntax { path: PathBuf, message: String },
    /// `demo = true` in a binary built without the simulated tenant (`--no-default-features`).
    #[error(
        "{name} ({origin}) turns on demo, but this binary was built without the demo feature \
         (cargo build -p server --features demo); set demo = false"
    )]
    DemoNotBuilt { name: String, origin: Origin },
    #[error("unknown command-line argument {0:?}; see --help")]
    UnknownArgument(String),
    #[error("{0} needs a value; see --help")]
    MissingValue(String),
}
