//! Keeps `api-get`/`api-post`/`api-patch` inside the zone's `/V1.0/` REST base (§5.5): the
//! input is a relative path of entity names and ids, never a URL; anything that could leave the
//! base (a scheme, another host, `..` plain or percent-encoded, a query string) is refused, and
//! so are the entities Relay itself depends on.

use reqwest::Method;

use super::ToolError;

const MAX_SEGMENTS: usize = 6;

fn refuse(why: &str) -> ToolError {
    ToolError::Refused(format!("path {why}; give a relative Autotask REST path like Tickets/41207 or /V1.0/Companies/query"))
}

fn is_entity_name(segment: &str) -> bool {
    let mut chars = segment.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && segment.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric())
}

fn is_id(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 18
        && segment.bytes().all(|b| b.is_ascii_digit())
        && segment.parse::<i64>().is_ok_and(|n| n > 0)
}

/// The checked path relative to the zone's `/V1.0/` base (segments joined by `/`).
pub fn checked(raw: &str, method: &Method) -> Result<String, ToolError> {
    let lower = raw.to_ascii_lowercase();
    if raw.contains("://") || raw.contains(':') {
        return Err(refuse("must not be a URL or name a scheme"));
    }
    if raw.starts_with("//") {
        return Err(refuse("must not name another host"));
    }
    if ["%2e", "%2f", "%5c"].iter().any(|e| lower.contains(e)) {
        return Err(refuse("must not contain percent-encoded '.', '/' or '\\'"));
    }
    if raw.contains('%') {
        return Err(refuse("must not contain percent escapes"));
    }
    if raw.contains("..") {
        return Err(refuse("must not contain '..'"));
    }
    if let Some(c) = raw.chars().find(|c| matches!(c, '\\' | '@' | '#' | '?')) {
        return Err(refuse(&format!("must not contain {c:?}")));
    }
    if raw
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
    {
        return Err(refuse(
            "must not contain spaces, control or non-ASCII characters",
        ));
    }
    let mut rest = raw.strip_prefix('/').unwrap_or(raw);
    if rest.len() >= 5 && rest[..5].eq_ignore_ascii_case("v1.0/") {
        rest = &rest[5..];
    }
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.len() > MAX_SEGMENTS {
        return Err(refuse(&format!("has more than {MAX_SEGMENTS} segments")));
    }
    if let Some(bad) = segments.iter().find(|s| !is_entity_name(s) && !is_id(s)) {
        return Err(refuse(&format!(
            "segment {bad:?} is neither an entity name nor an id"
        )));
    }
    if !is_entity_name(segments[0]) {
        return Err(refuse("must start with an entity name"));
    }
    // Loop prevention and the zone lookup are Relay's own: the agent may not touch them.
    if segments
        .iter()
        .any(|s| s.to_ascii_lowercase().contains("webhook"))
    {
        return Err(refuse("names a webhook entity, which Relay manages itself"));
    }
    if segments[0].eq_ignore_ascii_case("zoneInformation") {
        return Err(refuse("names zoneInformation, which Relay manages itself"));
    }
    if *method == Method::PATCH {
        if segments[0].eq_ignore_ascii_case("Resources") {
            return Err(refuse("would change a resource (technician account)"));
        }
        if segments.last().is_some_and(|s| is_id(s)) {
            return Err(refuse(
                "ends in an id: Autotask updates the collection (PATCH /V1.0/Tickets) with \"id\" in the body",
            ));
        }
    }
    Ok(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(path: &str) -> String {
        match checked(path, &Method::GET) {
            Err(ToolError::Refused(why)) => why,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn relative_paths_under_the_base_pass() {
        assert_eq!(
            checked("/V1.0/Tickets/41207", &Method::GET).unwrap(),
            "Tickets/41207"
        );
        assert_eq!(
            checked("v1.0/Tickets/query", &Method::GET).unwrap(),
            "Tickets/query"
        );
        assert_eq!(
            checked("Tickets/entityInformation/fields", &Method::GET).unwrap(),
            "Tickets/entityInformation/fields"
        );
        assert_eq!(
            checked("Tickets/41207/Notes", &Method::POST).unwrap(),
            "Tickets/41207/Notes"
        );
    }

    #[test]
    fn anything_that_could_leave_the_base_is_refused() {
        assert!(refused("https://evil.example/V1.0/Tickets").contains("URL"));
        assert!(
            refused("//evil.example/V1.0/Tickets").contains("URL")
                || refused("//evil.example/x").contains("host")
        );
        assert!(refused("//evil/Tickets").contains("host"));
        assert!(refused("/V1.0/../../admin").contains(".."));
        assert!(refused("/V1.0/%2e%2e/%2E%2E/admin").contains("percent-encoded"));
        assert!(refused("Tickets%2f..%2fx").contains("percent-encoded"));
        assert!(refused("Tickets/%41").contains("percent"));
        assert!(refused("Tickets\\1").contains("'\\\\'"));
        assert!(refused("Tickets?search=x").contains("'?'"));
        assert!(refused("user@evil.example/Tickets").contains("'@'"));
        assert!(refused("Tickets /1").contains("spaces"));
        assert!(refused("Tickets/-1").contains("\"-1\""));
        assert!(refused("ATServicesRest/V1.0/Tickets").contains("\"V1.0\""));
        assert!(refused("TicketWebhooks/1/Fields").contains("webhook"));
        assert!(refused("zoneInformation").contains("zoneInformation"));
        assert!(refused("a/b/c/d/e/f/g").contains("segments"));
        assert!(
            matches!(checked("Tickets/41207", &Method::PATCH), Err(ToolError::Refused(w)) if w.contains("collection"))
        );
        assert!(matches!(
            checked("Resources", &Method::PATCH),
            Err(ToolError::Refused(_))
        ));
    }
}
