//! The short plan code a person types in a reply (`R-7K2Q`), the plan hash over the exact
//! steps, and the link token.

use rand::rngs::OsRng;
use rand::Rng;
use serde_json::{json, Value};

use crate::crypto::{random_token, sha256_hex};

/// No 0/O, 1/I/L, U/V look-alikes: a code read off a note and typed on a phone survives.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";
const CODE_CHARS: usize = 4;

/// A fresh `R-XXXX` code (uniqueness among the MSP's pending plans is the store's index).
pub fn new_code() -> String {
    let mut rng = OsRng;
    let tail: String = (0..CODE_CHARS)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("R-{tail}")
}

/// The code as a person may have typed it (`r-7k2q`, `R7K2Q`) in its stored form, or `None`
/// if it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let upper = typed.trim().to_ascii_uppercase();
    let tail = upper
        .strip_prefix("R-")
        .or_else(|| upper.strip_prefix('R'))?;
    let valid = tail.len() == CODE_CHARS && tail.bytes().all(|b| ALPHABET.contains(&b));
    valid.then(|| format!("R-{tail}"))
}

/// SHA-256 hex over the canonical form of the steps: each step's tool and arguments, in order,
/// as compact JSON with sorted keys (serde_json's map is ordered), so the same steps always
/// hash the same and any change of a tool or argument changes the hash.
pub fn plan_hash(steps: &[(String, Value)]) -> String {
    let canonical: Vec<Value> = steps
        .iter()
        .map(|(tool, arguments)| json!({ "tool": tool, "arguments": arguments }))
        .collect();
    sha256_hex(&Value::Array(canonical).to_string())
}

/// A link token (256 random bits) and the hash it is stored as.
pub fn new_token() -> (String, String) {
    let token = random_token(32);
    let hash = sha256_hex(&token);
    (token, hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_typable_and_normalise() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), 6);
            assert_eq!(
                normalise_code(&code.to_ascii_lowercase()),
                Some(code.clone())
            );
            assert_eq!(normalise_code(&code.replace('-', "")), Some(code));
        }
        assert_eq!(normalise_code("R-7K2Q"), Some("R-7K2Q".into()));
        assert_eq!(normalise_code("R-7K2"), None);
        assert_eq!(normalise_code("R-0K2Q"), None, "0 is not in the alphabet");
        assert_eq!(normalise_code("X-7K2Q"), None);
    }

    #[test]
    fn plan_hash_is_canonical_and_sensitive() {
        let a = vec![(
            "autotask:autotask-update-ticket".to_string(),
            json!({"status": 5, "priority": 2}),
        )];
        let b = vec![(
            "autotask:autotask-update-ticket".to_string(),
            serde_json::from_str::<Value>(r#"{"priority":2,"status":5}"#).unwrap(),
        )];
        assert_eq!(plan_hash(&a), plan_hash(&b), "key order does not matter");
        let c = vec![(
            "autotask:autotask-update-ticket".to_string(),
            json!({"status": 1, "priority": 2}),
        )];
        assert_ne!(plan_hash(&a), plan_hash(&c));
        assert_eq!(plan_hash(&a).len(), 64);
    }

    #[test]
    fn tokens_are_256_bits_and_stored_hashed() {
        let (token, hash) = new_token();
        assert_eq!(token.len(), 43);
        assert_eq!(hash, sha256_hex(&token));
        assert_ne!(new_token().0, token);
    }
}
