//! Maps request paths to API targets: `/ATServicesRest/V1.0/...` in any letter case, optional
//! trailing slash, and the verbs each target accepts (reference §3.1).

use crate::schema::{Child, Entity};

#[derive(Clone, Copy, Debug)]
pub enum Target {
    Zone,
    Versions,
    Threshold,
    Collection(Entity),
    Query(Entity),
    QueryCount(Entity),
    QueryNext(Entity),
    Info(Entity),
    InfoFields(Entity),
    InfoUdfs(Entity),
    Item(Entity, i64),
    ChildList(Entity, i64, Child),
    ChildItem(Entity, i64, Child, i64),
}

pub fn parse(path: &str) -> Option<Target> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let is = |i: usize, word: &str| segs.get(i).is_some_and(|s| s.eq_ignore_ascii_case(word));
    if !is(0, "atservicesrest") {
        return None;
    }
    if is(1, "versioninformation") && segs.len() == 2 {
        return Some(Target::Versions);
    }
    if !is(1, "v1.0") {
        return None;
    }
    let rest = &segs[2..];
    let first = *rest.first()?;
    if rest.len() == 1 && first.eq_ignore_ascii_case("zoneInformation") {
        return Some(Target::Zone);
    }
    if rest.len() == 1 && first.eq_ignore_ascii_case("ThresholdInformation") {
        return Some(Target::Threshold);
    }
    let e = Entity::from_path(first)?;
    let word = |i: usize| rest.get(i).map(|s| s.to_ascii_lowercase());
    let id = |i: usize| rest.get(i).and_then(|s| s.parse::<i64>().ok());
    Some(match (rest.len(), word(1).as_deref(), word(2).as_deref()) {
        (1, _, _) => Target::Collection(e),
        (2, Some("query"), _) => Target::Query(e),
        (3, Some("query"), Some("count")) => Target::QueryCount(e),
        (3, Some("query"), Some("next")) => Target::QueryNext(e),
        (2, Some("entityinformation"), _) => Target::Info(e),
        (3, Some("entityinformation"), Some("fields")) => Target::InfoFields(e),
        (3, Some("entityinformation"), Some("userdefinedfields")) => Target::InfoUdfs(e),
        (2, _, _) => Target::Item(e, id(1)?),
        (3, _, _) => Target::ChildList(e, id(1)?, e.child(rest[2])?),
        (4, _, _) => Target::ChildItem(e, id(1)?, e.child(rest[2])?, id(3)?),
        _ => return None,
    })
}

impl Target {
    /// HTTP methods the target answers; anything else is a 405.
    pub fn methods(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        match *self {
            Target::Zone | Target::Versions | Target::Threshold => m.push("GET"),
            Target::Info(_) | Target::InfoFields(_) | Target::InfoUdfs(_) => m.push("GET"),
            Target::Query(_) | Target::QueryCount(_) | Target::QueryNext(_) => {
                m.extend(["GET", "POST"])
            }
            Target::Collection(e) => {
                let v = e.verbs();
                if v.create {
                    m.push("POST");
                }
                if v.update {
                    m.extend(["PATCH", "PUT"]);
                }
            }
            Target::Item(e, _) => {
                m.push("GET");
                if e.verbs().delete {
                    m.push("DELETE");
                }
            }
            Target::ChildList(_, _, c) => {
                m.extend(["GET", "POST"]);
                if c.update {
                    m.extend(["PATCH", "PUT"]);
                }
            }
            Target::ChildItem(_, _, c, _) => {
                m.push("GET");
                if c.delete {
                    m.push("DELETE");
                }
            }
        }
        m
    }

    /// The "object endpoint" half of the thread-limit key.
    pub fn limit_key(&self) -> &'static str {
        match *self {
            Target::Zone => "zoneInformation",
            Target::Versions => "versionInformation",
            Target::Threshold => "ThresholdInformation",
            Target::Collection(e)
            | Target::Query(e)
            | Target::QueryCount(e)
            | Target::QueryNext(e)
            | Target::Info(e)
            | Target::InfoFields(e)
            | Target::InfoUdfs(e)
            | Target::Item(e, _)
            | Target::ChildList(e, _, _)
            | Target::ChildItem(e, _, _, _) => e.path_name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_in_any_case_with_optional_trailing_slash() {
        for p in [
            "/ATServicesRest/V1.0/Tickets/query",
            "/atservicesrest/v1.0/tickets/QUERY/",
        ] {
            assert!(
                matches!(parse(p), Some(Target::Query(Entity::Tickets))),
                "{p}"
            );
        }
        assert!(matches!(
            parse("/atservicesrest/v1.0/Tickets/41207/notes"),
            Some(Target::ChildList(Entity::Tickets, 41207, _))
        ));
        assert!(parse("/atservicesrest/v1.0/Tickets/41207/Notes/query").is_none());
        assert!(parse("/atservicesrest/v1.0/Widgets/query").is_none());
        assert!(parse("/atservicesrest/v1.0/Tickets/abc").is_none());
    }
}
