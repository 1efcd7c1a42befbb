//! URL slugs for clients: readable, ASCII, and unique within an MSP.

use std::collections::HashSet;

/// Longest slug base; numbered variants (`-2`, `-3`…) may add a few characters.
const MAX_BASE_LEN: usize = 60;

/// `"Acme Corp. (EU)"` -> `"acme-corp-eu"`. Accented Latin letters fold to their base letter
/// (company names are often German or French); anything else outside ASCII letters and digits
/// becomes a separator, so a slug is always safe in a URL path without escaping.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if slug.len() >= MAX_BASE_LEN {
            break;
        }
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if let Some(folded) = fold_latin(ch) {
            slug.push_str(folded);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "client".to_string()
    } else {
        slug.to_string()
    }
}

fn fold_latin(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à'..='å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è'..='ë' => "e",
        'ì'..='ï' => "i",
        'ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'ù'..='ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => return None,
    })
}

/// The first of `base`, `base-2`, `base-3`… that is not `taken`.
pub fn first_free(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| unreachable!("an unbounded range always yields a free slug"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_with_single_dashes() {
        assert_eq!(slugify("Acme Corp. (EU)"), "acme-corp-eu");
        assert_eq!(slugify("  --Müller & Söhne--  "), "muller-sohne");
        assert_eq!(slugify("Straße 日本"), "strasse");
        assert_eq!(slugify("!!!"), "client");
        assert_eq!(slugify(&"x".repeat(100)).len(), MAX_BASE_LEN);
    }

    #[test]
    fn first_free_appends_the_lowest_free_number() {
        let taken: HashSet<String> = ["acme", "acme-2", "acme-4"].map(String::from).into();
        assert_eq!(first_free("acme", &taken), "acme-3");
        assert_eq!(first_free("beta", &taken), "beta");
    }
}
