//! Duo's v2 request signature: HMAC-SHA512 over the date, method, host, path and the sorted,
//! percent-encoded form parameters, sent as HTTP Basic `ikey:hex-signature` beside a `Date`
//! header carrying the exact date string that was signed.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha512;

/// Percent-encodes everything except `A–Z a–z 0–9 _ . - ~` (space becomes `%20`, not `+`),
/// as Duo's canonical form requires.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k=v&…` sorted by encoded key, then encoded value (Duo sorts repeated keys' values too).
pub fn canonical_params(params: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> =
        params.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The five lines Duo signs.
pub fn canonical(
    date: &str,
    method: &str,
    host: &str,
    path: &str,
    params: &[(&str, &str)],
) -> String {
    [
        date.to_string(),
        method.to_ascii_uppercase(),
        host.to_ascii_lowercase(),
        path.to_string(),
        canonical_params(params),
    ]
    .join("\n")
}

/// The `Authorization` header value for one request.
pub fn authorization(ikey: &str, skey: &str, canonical: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha512>::new_from_slice(skey.as_bytes()).expect("any key length");
    mac.update(canonical.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{ikey}:{hex}"));
    format!("Basic {basic}")
}

/// Duo's date format (RFC 2822 with a numeric zone), e.g. `Tue, 21 Aug 2012 17:29:18 -0000`.
pub fn rfc2822_now() -> String {
    // httpdate gives `Tue, 21 Aug 2012 17:29:18 GMT`; Duo's clients send the numeric zone.
    let http = httpdate::fmt_http_date(std::time::SystemTime::now());
    match http.strip_suffix("GMT") {
        Some(head) => format!("{head}-0000"),
        None => http,
    }
}

#[cfg(test)]
mod tests {
    //! Expected values were computed independently with Python's `hmac` and `urllib.parse`
    //! (the way Duo's own client signs), with this script:
    //!
    //! ```text
    //! import base64, hashlib, hmac, urllib.parse
    //! IKEY = "DIFAKEINTEGRATIONKEY0"
    //! SKEY = "fake-secret-key-for-relay-tests-only-0000"
    //! DATE = "Tue, 21 Aug 2012 17:29:18 -0000"
    //! def canon(method, host, path, params):
    //!     enc = sorted((urllib.parse.quote(k, "~"), urllib.parse.quote(v, "~")) for k, v in params)
    //!     return "\n".join([DATE, method.upper(), host.lower(), path,
    //!                       "&".join(k + "=" + v for k, v in enc)])
    //! for m, h, p, params in cases:   # the three cases below
    //!     c = canon(m, h, p, params)
    //!     sig = hmac.new(SKEY.encode(), c.encode(), hashlib.sha512).hexdigest()
    //!     print(repr(c)); print(sig)
    //!     print("Basic " + base64.b64encode((IKEY + ":" + sig).encode()).decode())
    //! ```
    use super::*;

    const IKEY: &str = "DIFAKEINTEGRATIONKEY0";
    const SKEY: &str = "fake-secret-key-for-relay-tests-only-0000";
    const DATE: &str = "Tue, 21 Aug 2012 17:29:18 -0000";

    fn sig_of(auth: &str) -> String {
        let b64 = auth.strip_prefix("Basic ").unwrap();
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        String::from_utf8(raw)
            .unwrap()
            .split_once(':')
            .unwrap()
            .1
            .to_string()
    }

    #[test]
    fn get_with_a_query_parameter_matches_python() {
        let c = canonical(
            DATE,
            "get",
            "API-FAKE1234.duosecurity.com",
            "/auth/v2/auth_status",
            &[("txid", "45f7c92b-f45f-4862-8545-e0f58e78075a")],
        );
        assert_eq!(
            c,
            "Tue, 21 Aug 2012 17:29:18 -0000\nGET\napi-fake1234.duosecurity.com\n/auth/v2/auth_status\ntxid=45f7c92b-f45f-4862-8545-e0f58e78075a"
        );
        let auth = authorization(IKEY, SKEY, &c);
        assert_eq!(sig_of(&auth), "6f5f951f6a8db496ab68f298e683928cab70e8222b7dd7e6a9e4deb332dd121c57f3c59373cd0223d8b7060a2ed591b5ad04a0340bf8dd875cc4682943b73207");
        assert_eq!(auth, "Basic RElGQUtFSU5URUdSQVRJT05LRVkwOjZmNWY5NTFmNmE4ZGI0OTZhYjY4ZjI5OGU2ODM5MjhjYWI3MGU4MjIyYjdkZDdlNmE5ZTRkZWIzMzJkZDEyMWM1N2YzYzU5MzczY2QwMjIzZDhiNzA2MGEyZWQ1OTFiNWFkMDRhMDM0MGJmOGRkODc1Y2M0NjgyOTQzYjczMjA3");
    }

    #[test]
    fn post_with_spaces_and_reserved_characters_matches_python() {
        let c = canonical(
            DATE,
            "POST",
            "api-fake1234.duosecurity.com",
            "/auth/v2/auth",
            &[
                ("username", "jane.doe@example.com"),
                ("factor", "push"),
                ("device", "auto"),
                ("async", "1"),
                ("type", "Relay: password reset"),
                ("pushinfo", "ticket=T20261130.0001&reason=a b/c?d"),
            ],
        );
        assert_eq!(
            c.lines().last().unwrap(),
            "async=1&device=auto&factor=push&pushinfo=ticket%3DT20261130.0001%26reason%3Da%20b%2Fc%3Fd&type=Relay%3A%20password%20reset&username=jane.doe%40example.com"
        );
        let auth = authorization(IKEY, SKEY, &c);
        assert_eq!(sig_of(&auth), "bc31cbbcb78f50cf7d3e2693c1497d112f362f683ca00caeda34c62e2601408ebbed965feffabd34a119a3b02eef1a5017ed53ea9732446e8bf15758eb207ef9");
        assert_eq!(auth, "Basic RElGQUtFSU5URUdSQVRJT05LRVkwOmJjMzFjYmJjYjc4ZjUwY2Y3ZDNlMjY5M2MxNDk3ZDExMmYzNjJmNjgzY2EwMGNhZWRhMzRjNjJlMjYwMTQwOGViYmVkOTY1ZmVmZmFiZDM0YTExOWEzYjAyZWVmMWE1MDE3ZWQ1M2VhOTczMjQ0NmU4YmYxNTc1OGViMjA3ZWY5");
    }

    #[test]
    fn get_without_parameters_signs_an_empty_last_line() {
        let c = canonical(
            DATE,
            "GET",
            "api-fake1234.duosecurity.com",
            "/auth/v2/check",
            &[],
        );
        assert!(c.ends_with("/auth/v2/check\n"));
        assert_eq!(sig_of(&authorization(IKEY, SKEY, &c)), "c0b04eb206e7545f7b212cf2b7155902d8b3f2db1e1575c322c355e019864f1774a007eb5bae3bcec6711f4c5c6ee7d21f9e62e44676992ec2cdd00a30494726");
    }

    #[test]
    fn dates_carry_a_numeric_zone() {
        assert!(rfc2822_now().ends_with(" -0000"));
    }
}
