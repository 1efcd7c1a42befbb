//! Server functions: thin wrappers that find the signed-in user and call a service.

pub mod admin;
pub mod approvals;
pub mod auth;
pub mod brain;
pub mod budget;
pub mod demo;
pub mod integrations;
pub mod mail;
pub mod policies;
pub mod rules;
pub mod sessions;
pub mod verification;
pub mod voice;
pub mod webhooks;

#[cfg(feature = "ssr")]
pub(crate) mod ctx;
#[cfg(feature = "ssr")]
mod form;

/// Where a sign-in goes when `next` is missing or not a safe local path.
pub const DEFAULT_NEXT: &str = "/clients";

/// Only same-site absolute paths may be redirect targets, so `next=` cannot send a user away.
pub fn safe_next(next: &str) -> String {
    if is_local_path(next) {
        next.to_string()
    } else {
        DEFAULT_NEXT.to_string()
    }
}

/// A path on this site, as a browser will read it: visible ASCII only (browsers drop tabs
/// and newlines, so `/\t/evil.example` would become `//evil.example`, another host), no
/// backslash (read as `/`), no `//` prefix (a host), and the same after percent-decoding
/// (a header value must never carry a decoded control character either).
fn is_local_path(next: &str) -> bool {
    let raw = next.as_bytes();
    let shape_ok = |p: &[u8]| p.first() == Some(&b'/') && p.get(1) != Some(&b'/');
    if !shape_ok(raw) || !raw.iter().all(|b| b.is_ascii_graphic() && *b != b'\\') {
        return false;
    }
    // Each round undoes one layer of encoding; a few cover any double-encoding trick that a
    // later decoder (a proxy, the browser) might apply. Decoded spaces and UTF-8 are fine.
    let Some(mut text) = percent_decode(raw) else {
        return false;
    };
    for _ in 0..4 {
        let bad_byte = |b: &u8| b.is_ascii_control() || *b == b'\\';
        if !shape_ok(&text) || text.iter().any(bad_byte) {
            return false;
        }
        match percent_decode(&text) {
            Some(decoded) if decoded != text => text = decoded,
            // Nothing left to decode (or a literal `%`, as in `/100%25`).
            _ => return true,
        }
    }
    false
}

/// `%XX` escapes decoded; `None` for a malformed escape.
fn percent_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            let hex = std::str::from_utf8(s.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `leptos_axum::redirect`, which panics on a value that is not a valid header; this one
/// logs and sends the user to the default page instead.
#[cfg(feature = "ssr")]
pub(crate) fn redirect(path: &str) {
    if http::HeaderValue::from_str(path).is_ok() {
        leptos_axum::redirect(path);
    } else {
        leptos::logging::warn!("refused a redirect target that is not a header value");
        leptos_axum::redirect(DEFAULT_NEXT);
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
    fn next_refuses_what_browsers_would_turn_into_another_host() {
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/%0A",
            "/%0d%0aSet-Cookie:x=1",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%252F/evil.example",
            "/%",
            "/%zz",
            "/%25%30A",
            "/a b",
            "/caf\u{e9}",
            "",
            "evil.example",
            "/\u{7f}",
        ] {
            assert_eq!(safe_next(bad), "/clients", "{bad:?}");
        }
    }

    #[test]
    fn next_keeps_ordinary_paths_and_queries() {
        for good in [
            "/",
            "/settings/integrations/autotask",
            "/clients?search=north+wind&page=2",
            "/clients?search=a%20b",
            "/activity?client=4#top",
            "/clients?search=100%25",
            "/clients?search=caf%C3%A9",
        ] {
            assert_eq!(safe_next(good), good);
        }
    }

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(form_encode(&[("e", "a b&c=d/é")]), "e=a+b%26c%3Dd%2F%C3%A9");
    }
}
