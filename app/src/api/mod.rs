//! Server functions: thin wrappers that find the signed-in user and call a service.

pub mod admin;
pub mod auth;
pub mod integrations;

#[cfg(feature = "ssr")]
pub(crate) mod ctx;
#[cfg(feature = "ssr")]
mod form;

/// Only same-site absolute paths may be redirect targets, so `next=` cannot send a user away.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if ok {
        next.to_string()
    } else {
        "/clients".to_string()
    }
}

/// Minimal `application/x-www-form-urlencoded` encoding for building query strings.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, k);
        out.push('=');
        push_encoded(&mut out, v);
    }
    out
}

fn push_encoded(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_kept_on_site() {
        assert_eq!(
            safe_next("/settings/integrations"),
            "/settings/integrations"
        );
        assert_eq!(safe_next("//evil.example/x"), "/clients");
        assert_eq!(safe_next("https://evil.example"), "/clients");
        assert_eq!(safe_next("/\\evil.example"), "/clients");
    }

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(form_encode(&[("e", "a b&c=d/é")]), "e=a+b%26c%3Dd%2F%C3%A9");
    }
}
