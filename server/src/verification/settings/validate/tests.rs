//! The form rules one by one: what each field accepts and which field a refusal names.

use super::*;

fn field(r: Result<impl std::fmt::Debug, AppError>) -> String {
    r.unwrap_err().field.unwrap_or_default()
}

#[test]
fn duo_hostnames_become_https_urls() {
    assert_eq!(
        duo_url(" API-1a2b3c4d.duosecurity.com/ ").unwrap(),
        "https://api-1a2b3c4d.duosecurity.com"
    );
    assert_eq!(
        duo_url("api-1a2b3c4d.duosecurity.com:8443").unwrap(),
        "https://api-1a2b3c4d.duosecurity.com:8443"
    );
    assert_eq!(
        duo_url("http://127.0.0.1:4102").unwrap(),
        "http://127.0.0.1:4102"
    );
    for bad in [
        "",
        "duosecurity",
        "api_1.duosecurity.com",
        "api-1.duosecurity.com:0",
        "api-1.duosecurity.com:x",
        "http://api-1.duosecurity.com",
        "https://api-1.duosecurity.com/auth/v2",
    ] {
        assert_eq!(field(duo_url(bad)), "duo_host", "{bad:?}");
    }
}

#[test]
fn urls_timeouts_and_secrets() {
    assert_eq!(
        traceless_url("https://verify.example/api/").unwrap(),
        "https://verify.example/api"
    );
    assert_eq!(
        traceless_url("http://[::1]:9000").unwrap(),
        "http://[::1]:9000"
    );
    for bad in [
        "",
        "verify.example",
        "http://10.0.0.5",
        "https://verify.example/?x=1",
    ] {
        assert_eq!(field(traceless_url(bad)), "traceless_url", "{bad:?}");
    }
    assert_eq!(timeout_secs("30").unwrap(), 30);
    assert_eq!(timeout_secs("3600").unwrap(), 3600);
    assert_eq!(field(timeout_secs("-5")), "timeout_secs");
    assert_eq!(secret(" ", "duo_secret").unwrap(), None);
    assert_eq!(field(secret("a\tb", "duo_secret")), "duo_secret");
    assert_eq!(provider("none").unwrap(), None);
    assert_eq!(provider("duo").unwrap(), Some(VerifierKind::Duo));
    assert_eq!(field(provider("okta")), "provider");
}
