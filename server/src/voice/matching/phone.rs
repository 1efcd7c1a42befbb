//! Phone numbers as the index compares them: digits only, extension dropped, and the national
//! part kept (the last ten digits), so "+1 (555) 014-2232", "555.014.2232 x12" and
//! "15550142232" are one number, and "+44 20 7946 0000" meets "020 7946 0000".

/// Numbers shorter than this are extensions or typos, never a caller's number.
const MIN_DIGITS: usize = 7;
/// The national significant part compared across formats (NANP and most European numbers).
const KEEP_DIGITS: usize = 10;

/// The comparable form of `raw`, or `None` when it holds no usable number.
pub fn normalise(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    // Everything from an extension marker on belongs to the extension.
    let cut = ["ext", "x", "#", ";", ","]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()
        .unwrap_or(lower.len());
    let digits: String = lower[..cut].chars().filter(char::is_ascii_digit).collect();
    if digits.len() < MIN_DIGITS {
        return None;
    }
    let start = digits.len().saturating_sub(KEEP_DIGITS);
    Some(digits[start..].to_owned())
}

/// Every distinct normalised number among `raw`, space separated (the index's stored form).
pub fn join<'a>(raw: impl IntoIterator<Item = &'a str>) -> String {
    let mut out: Vec<String> = Vec::new();
    for number in raw.into_iter().filter_map(normalise) {
        if !out.contains(&number) {
            out.push(number);
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_meet() {
        let want = Some("5550142232".to_owned());
        assert_eq!(normalise("+1 (555) 014-2232"), want);
        assert_eq!(normalise("555.014.2232 x12"), want);
        assert_eq!(normalise("555-014-2232 ext. 7"), want);
        assert_eq!(normalise("15550142232"), want);
        assert_eq!(normalise("+44 20 7946 0000"), normalise("020 7946 0000"));
        assert_eq!(normalise("x12"), None);
        assert_eq!(normalise(""), None);
        assert_eq!(
            join(["555-014-2232", "+15550142232", "", "555-214-1001"]),
            "5550142232 5552141001"
        );
    }
}
