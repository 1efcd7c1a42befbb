//! The client's address behind reverse proxies, from `X-Forwarded-For`.
//!
//! Each proxy appends the address it received the request from, so only the right end of
//! the list is written by proxies Relay trusts; anything to the left of them is whatever
//! the client chose to send. With `n` trusted proxies the client is the `n`-th entry from
//! the right.

use http::HeaderMap;
use std::net::IpAddr;

/// The client address the trusted proxies saw; `None` when no proxy is trusted or the
/// header is missing or unreadable there (the caller then uses the peer address).
pub fn forwarded_client(headers: &HeaderMap, trusted_proxies: usize) -> Option<IpAddr> {
    if trusted_proxies == 0 {
        return None;
    }
    // Several headers count as one list, in order.
    let mut hops: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        hops.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    // Fewer entries than trusted proxies: the request met fewer proxies than configured,
    // so every entry came from a trusted one and the leftmost is the furthest seen.
    let index = hops.len().saturating_sub(trusted_proxies);
    parse_hop(hops.get(index)?)
}

/// `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or `203.0.113.7:5000`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn client(values: &[&str], proxies: usize) -> Option<String> {
        forwarded_client(&headers(values), proxies).map(|ip| ip.to_string())
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_prepending() {
        // One proxy: it appended the real peer (198.51.100.4) after the forged entries.
        let forged = ["1.1.1.1, 2.2.2.2, 198.51.100.4"];
        assert_eq!(client(&forged, 1).as_deref(), Some("198.51.100.4"));
        // Two proxies: the second appended the first's address, the first the client's.
        let chain = ["6.6.6.6, 198.51.100.4, 10.0.0.2"];
        assert_eq!(client(&chain, 2).as_deref(), Some("198.51.100.4"));
    }

    #[test]
    fn no_trusted_proxy_ignores_the_header() {
        assert_eq!(client(&["198.51.100.4"], 0), None);
    }

    #[test]
    fn headers_join_in_order_and_ports_are_dropped() {
        assert_eq!(
            client(&["6.6.6.6", "198.51.100.4:5123"], 1).as_deref(),
            Some("198.51.100.4")
        );
        assert_eq!(
            client(&["[2001:db8::7]:443"], 1).as_deref(),
            Some("2001:db8::7")
        );
    }

    #[test]
    fn short_lists_and_garbage() {
        assert_eq!(
            client(&["198.51.100.4"], 3).as_deref(),
            Some("198.51.100.4")
        );
        assert_eq!(client(&["not-an-address"], 1), None);
        assert_eq!(client(&[], 1), None);
    }
}
