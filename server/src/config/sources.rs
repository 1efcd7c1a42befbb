//! Reading raw values from the three sources: the TOML file, the environment and the flags.

use std::path::Path;

use super::error::{ConfigError, Origin};
use super::keys::{flag_key, spec, Kind, SPECS};
use super::values::Given;

/// The command line, split into what it asks for.
pub(super) struct Flags {
    pub help: bool,
    pub config: Option<String>,
    pub values: Vec<Given>,
}

/// `args` excludes the program name. Accepts `--flag value` and `--flag=value`.
pub(super) fn parse_flags(args: impl IntoIterator<Item = String>) -> Result<Flags, ConfigError> {
    let args: Vec<String> = args.into_iter().collect();
    let mut flags = Flags {
        // Help wins over anything else on the line, even arguments that would be refused.
        help: args.iter().any(|a| a == "--help" || a == "-h"),
        config: None,
        values: Vec::new(),
    };
    if flags.help {
        return Ok(flags);
    }
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "--demo" | "--no-demo" => {
                if inline.is_some() {
                    return Err(ConfigError::Invalid {
                        name: flag,
                        origin: Origin::CommandLine,
                        problem: "takes no value (use --demo or --no-demo)".into(),
                    });
                }
                flags.values.push(Given {
                    key: "demo",
                    value: (flag == "--demo").to_string(),
                    name: flag,
                    origin: Origin::CommandLine,
                });
            }
            "--config" => flags.config = Some(take_value(&flag, inline, &mut args)?),
            _ => {
                let Some(key) = flag_key(&flag) else {
                    return Err(ConfigError::UnknownArgument(arg));
                };
                let value = take_value(&flag, inline, &mut args)?;
                flags.values.push(Given {
                    key,
                    name: flag,
                    value,
                    origin: Origin::CommandLine,
                });
            }
        }
    }
    Ok(flags)
}

fn take_value(
    flag: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = String>,
) -> Result<String, ConfigError> {
    match inline {
        Some(value) => Ok(value),
        // A following flag is not a value: `--bind --demo` is a missing address.
        None => match rest.next() {
            Some(next) if !next.starts_with("--") => Ok(next),
            _ => Err(ConfigError::MissingValue(flag.to_owned())),
        },
    }
}

/// Values from the environment, the conventional fallback variable first so `RELAY_*` wins.
/// Empty variables count as unset, as container tooling often exports them blank.
pub(super) fn from_env(env: &impl Fn(&str) -> Option<String>) -> Vec<Given> {
    let mut out = Vec::new();
    for spec in SPECS {
        for name in spec.fallback_env.into_iter().chain([spec.env]) {
            if let Some(value) = env(name).filter(|v| !v.is_empty()) {
                out.push(Given {
                    key: spec.key,
                    name: name.to_owned(),
                    value,
                    origin: Origin::Env,
                });
            }
        }
    }
    out
}

/// Values from the TOML file at `path`; an unknown key or a value of the wrong type is refused.
pub(super) fn from_file(path: &Path) -> Result<Vec<Given>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::ReadFile {
        path: path.to_owned(),
        error,
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::FileSyntax {
        path: path.to_owned(),
        message: e.message().to_owned(),
    })?;
    let origin = Origin::File(path.to_owned());
    let mut out = Vec::new();
    for (name, value) in table {
        let Some(spec) = spec(&name) else {
            let known: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
            return Err(ConfigError::UnknownFileKey {
                key: name,
                path: path.to_owned(),
                known: known.join(", "),
            });
        };
        let text = match (spec.kind, &value) {
            (Kind::Text, toml::Value::String(s)) => s.clone(),
            (Kind::Integer, toml::Value::Integer(n)) => n.to_string(),
            (Kind::Bool, toml::Value::Boolean(b)) => b.to_string(),
            (kind, other) => {
                let expected = match kind {
                    Kind::Text => "a string",
                    Kind::Integer => "an integer",
                    Kind::Bool => "true or false",
                };
                return Err(ConfigError::Invalid {
                    name,
                    origin,
                    problem: format!("expected {expected}, found {}", other.type_str()),
                });
            }
        };
        out.push(Given {
            key: spec.key,
            name,
            value: text,
            origin: origin.clone(),
        });
    }
    Ok(out)
}
