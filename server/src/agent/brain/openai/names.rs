//! Tool names on the wire. Relay's catalog names (`autotask:autotask-get-ticket`) hold a colon,
//! which OpenAI refuses (only `a-z A-Z 0-9 _ -`, at most 64 characters), so names are mapped
//! one way when sent and back when a reply names them.

use std::collections::HashMap;

/// The wire form of a tool name: disallowed characters become `_`, cut to 64 characters.
/// Deterministic, so earlier assistant turns replayed in the history use the same names.
pub(super) fn wire_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect()
}

/// Wire names of one request back to the names the runner knows.
#[derive(Debug, Default)]
pub(super) struct NameMap(HashMap<String, String>);

impl NameMap {
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut map = HashMap::new();
        for name in names {
            // First wins: two catalog names that collide on the wire cannot both be offered.
            map.entry(wire_name(name))
                .or_insert_with(|| name.to_string());
        }
        NameMap(map)
    }

    /// A name the model invented, or one not offered, is passed on as sent, so the gateway
    /// refuses it by name instead of the client guessing.
    pub(super) fn original(&self, wire: &str) -> String {
        self.0
            .get(wire)
            .cloned()
            .unwrap_or_else(|| wire.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_names_round_trip() {
        let map = NameMap::new(["autotask:autotask-get-ticket"]);
        let wire = wire_name("autotask:autotask-get-ticket");
        assert_eq!(wire, "autotask_autotask-get-ticket");
        assert_eq!(map.original(&wire), "autotask:autotask-get-ticket");
        assert_eq!(map.original("made_up"), "made_up");
        assert_eq!(wire_name(&"x".repeat(80)).len(), 64);
    }
}
