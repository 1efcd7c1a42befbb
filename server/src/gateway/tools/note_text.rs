//! Splitting a note's text to Autotask's limits (§1.5): at most 32,000 characters of
//! description per note (counted in UTF-16 units, as .NET counts), split at paragraph, then
//! line, then word boundaries, each part carrying the Relay reference on its last line.

/// Autotask's `TicketNotes.description` limit.
pub const MAX_NOTE_TEXT: usize = 32_000;
/// Autotask's `TicketNotes.title` limit.
pub const MAX_NOTE_TITLE: usize = 250;

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The reference line for part `part` of `parts`; reconciliation searches for `ref_marker`.
pub fn ref_line(relay_ref: &str, part: usize, parts: usize) -> String {
    if parts == 1 {
        format!("Relay ref {relay_ref}")
    } else {
        format!("Relay ref {relay_ref} ({part}/{parts})")
    }
}

/// The text reconciliation searches notes for.
pub fn ref_marker(relay_ref: &str) -> String {
    format!("Relay ref {relay_ref}")
}

/// The longest prefix of `text` within `budget` UTF-16 units, preferring to end at a paragraph,
/// then a line, then a word boundary in the second half of the window.
fn take_part(text: &str, budget: usize) -> (&str, &str) {
    if units(text) <= budget {
        return (text, "");
    }
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    let window = &text[..end];
    let floor = end / 2;
    let cut = ["\n\n", "\n", " "]
        .iter()
        .find_map(|sep| {
            window
                .rfind(sep)
                .filter(|at| *at > floor)
                .map(|at| at + sep.len())
        })
        .unwrap_or(end);
    (&text[..cut], &text[cut..])
}

/// The note texts to post, in order, each ending with its reference line.
pub fn split(text: &str, relay_ref: &str) -> Vec<String> {
    // Room for "\n\n" and the longest reference line this split could need.
    let reserve = units(&ref_line(relay_ref, 9_999, 9_999)) + 2;
    let budget = MAX_NOTE_TEXT - reserve;
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (part, after) = take_part(rest, budget);
        parts.push(part.trim_end().to_owned());
        rest = after.trim_start();
    }
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| format!("{part}\n\n{}", ref_line(relay_ref, i + 1, count)))
        .collect()
}

/// The title of part `part` of `parts`, within Autotask's 250 characters.
pub fn part_title(title: &str, part: usize, parts: usize) -> String {
    if parts == 1 {
        return title.chars().take(MAX_NOTE_TITLE).collect();
    }
    let suffix = format!(" ({part}/{parts})");
    let room = MAX_NOTE_TITLE - suffix.chars().count();
    let base: String = title.chars().take(room).collect();
    format!("{base}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_note_with_the_reference_last() {
        let parts = split("Printer fixed.", "RLY-1-1-0");
        assert_eq!(
            parts,
            vec!["Printer fixed.\n\nRelay ref RLY-1-1-0".to_owned()]
        );
    }

    #[test]
    fn long_text_splits_in_order_at_boundaries_within_the_limit() {
        let paragraph = "word ".repeat(1_999) + "end";
        let text = vec![paragraph; 20].join("\n\n");
        let parts = split(&text, "RLY-7-2-1");
        assert!(parts.len() >= 7, "{}", parts.len());
        for (i, part) in parts.iter().enumerate() {
            assert!(units(part) <= MAX_NOTE_TEXT, "part {i}: {}", units(part));
            assert!(part.ends_with(&format!("Relay ref RLY-7-2-1 ({}/{})", i + 1, parts.len())));
            let body = part.rsplit_once("\n\nRelay ref").unwrap().0;
            assert!(body.ends_with("end"), "part {i} cut inside a paragraph");
        }
        let rejoined: Vec<&str> = parts
            .iter()
            .map(|p| p.rsplit_once("\n\nRelay ref").unwrap().0)
            .collect();
        assert_eq!(rejoined.join("\n\n"), text);
    }

    #[test]
    fn text_without_spaces_and_wide_characters_still_fits() {
        let text = "😀".repeat(20_000); // 40,000 UTF-16 units
        let parts = split(&text, "RLY-1-1-1");
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| units(p) <= MAX_NOTE_TEXT));
        assert_eq!(
            part_title(&"t".repeat(300), 2, 3).chars().count(),
            MAX_NOTE_TITLE
        );
    }
}
