//! UTC timestamps in Autotask's wire format (`YYYY-MM-DDTHH:MM:SS.fffZ`) and a lenient parser for
//! the date strings clients put in filters.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Autotask renders every datetime in UTC with exactly three fraction digits and a `Z`.
pub fn format_millis(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let secs = rem / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60,
        rem % 1000
    )
}

pub fn now_string() -> String {
    format_millis(now_millis())
}

/// `yyyymmdd` of a timestamp, used in ticket numbers.
pub fn ymd_compact(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}{m:02}{d:02}")
}

/// Accepts `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.f…]]` and `Z` or `±HH:MM`; a missing
/// offset means UTC, as Autotask documents for filter values.
pub fn parse_millis(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let mo: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) * 86_400_000;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(rest)?;
    let mut parts = clock.splitn(3, ':');
    let h: i64 = parts.next()?.parse().ok()?;
    let mi: i64 = parts.next()?.parse().ok()?;
    let (sec, frac) = match parts.next() {
        Some(sf) => match sf.split_once('.') {
            Some((s, f)) => (s.parse::<i64>().ok()?, f),
            None => (sf.parse::<i64>().ok()?, ""),
        },
        None => (0, ""),
    };
    if h > 23 || mi > 59 || sec > 60 || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac_ms = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |acc, c| acc * 10 + i64::from(c - b'0'));
    ms += ((h * 60 + mi) * 60 + sec) * 1000 + frac_ms;
    Some(ms - offset * 60_000)
}

/// Splits `HH:MM:SS.fff±HH:MM` / `…Z` into the clock part and the offset in minutes.
fn split_offset(s: &str) -> Option<(&str, i64)> {
    if let Some(c) = s.strip_suffix(['Z', 'z']) {
        return Some((c, 0));
    }
    if let Some(pos) = s.rfind(['+', '-']) {
        let (clock, off) = s.split_at(pos);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..].split_once(':').unwrap_or((&off[1..], "0"));
        return Some((
            clock,
            sign * (h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?),
        ));
    }
    Some((s, 0))
}

/// Proleptic Gregorian calendar conversion, days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_wire_format() {
        let s = "2025-03-11T16:05:12.407Z";
        assert_eq!(format_millis(parse_millis(s).unwrap()), s);
        assert_eq!(format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(ymd_compact(parse_millis("2024-02-29").unwrap()), "20240229");
    }

    #[test]
    fn parses_the_forms_clients_send() {
        let base = parse_millis("2025-03-01T00:00:00Z").unwrap();
        assert_eq!(parse_millis("2025-03-01"), Some(base));
        assert_eq!(parse_millis("2025-03-01T00:00:00"), Some(base));
        assert_eq!(parse_millis("2025-03-01T01:00:00+01:00"), Some(base));
        assert_eq!(parse_millis("2025-03-01T00:00:00.5Z"), Some(base + 500));
        assert_eq!(parse_millis("not a date"), None);
    }
}
