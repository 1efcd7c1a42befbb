//! The end-of-call report's transcript as ticket notes: speaker turns from `artifact.messages`
//! (else the `artifact.transcript` text), split into notes within Autotask's 32,000-character
//! note limit at turn boundaries, a turn longer than a note split at a space.

use crate::store::VoiceReport;
use serde_json::{Map, Value};

/// Autotask's limit on a note's description.
pub const NOTE_LIMIT: usize = 32_000;
/// Room kept in every part for the part header and the recording link.
const HEADER_ROOM: usize = 600;

/// What Relay keeps of an end-of-call report.
pub fn report_of(message: &Map<String, Value>, caller: Option<String>) -> VoiceReport {
    let artifact = message.get("artifact");
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let recording = artifact.and_then(|a| {
        [
            a.pointer("/recording/stereoUrl"),
            a.pointer("/recording/mono/combinedUrl"),
            a.pointer("/recording/url"),
            a.get("recordingUrl"),
            a.get("stereoRecordingUrl"),
        ]
        .into_iter()
        .find_map(|v| text(v).filter(|u| u.starts_with("https://") || u.starts_with("http://")))
    });
    let analysis = message.get("analysis").cloned().unwrap_or(Value::Null);
    VoiceReport {
        caller,
        ended_reason: text(message.get("endedReason")),
        started_at: text(message.get("startedAt")).and_then(|t| parse_iso(&t)),
        ended_at: text(message.get("endedAt")).and_then(|t| parse_iso(&t)),
        transcript: transcript_of(artifact),
        recording_url: recording,
        report: serde_json::json!({ "analysis": analysis }).to_string(),
    }
}

/// "Caller: …" / "Agent: …" lines, one per turn.
fn transcript_of(artifact: Option<&Value>) -> String {
    let turns: Vec<String> = artifact
        .and_then(|a| a.get("messages"))
        .and_then(Value::as_array)
        .map(|messages| {
            messages
                .iter()
                .filter_map(|m| {
                    let speaker = match m.get("role").and_then(Value::as_str)? {
                        "user" | "customer" => "Caller",
                        "bot" | "assistant" => "Agent",
                        _ => return None,
                    };
                    let said = m.get("message").and_then(Value::as_str)?.trim();
                    (!said.is_empty()).then(|| format!("{speaker}: {said}"))
                })
                .collect()
        })
        .unwrap_or_default();
    if !turns.is_empty() {
        return turns.join("\n");
    }
    artifact
        .and_then(|a| a.get("transcript"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The transcript in parts of at most `limit` characters, each ending at a turn boundary
/// unless one turn alone is longer.
pub fn split(transcript: &str, limit: usize) -> Vec<String> {
    let limit = limit.saturating_sub(HEADER_ROOM).max(1);
    let mut parts = Vec::new();
    let mut current = String::new();
    for turn in transcript.lines().filter(|l| !l.trim().is_empty()) {
        for piece in pieces(turn, limit) {
            let needed = piece.chars().count() + usize::from(!current.is_empty());
            if current.chars().count() + needed > limit && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(&piece);
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// One turn in pieces of at most `limit` characters, cut at a space where there is one.
fn pieces(turn: &str, limit: usize) -> Vec<String> {
    let chars: Vec<char> = turn.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while chars.len() - start > limit {
        let window = &chars[start..start + limit];
        let cut = window
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|&p| p > 0)
            .unwrap_or(limit);
        out.push(chars[start..start + cut].iter().collect::<String>());
        start += cut;
        while chars.get(start) == Some(&' ') {
            start += 1;
        }
    }
    out.push(chars[start..].iter().collect());
    out
}

/// `2026-11-30T10:01:02.120Z` (or with an offset) to Unix milliseconds.
pub fn parse_iso(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (clock, offset_min) = match time.strip_suffix('Z') {
        Some(c) => (c, 0),
        None => {
            let at = time.rfind(['+', '-'])?;
            let (c, off) = time.split_at(at);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let (h, mm) = off[1..].split_once(':').unwrap_or((&off[1..3], &off[3..]));
            (
                c,
                sign * (h.parse::<i64>().ok()? * 60 + mm.parse::<i64>().ok()?),
            )
        }
    };
    let mut t = clock.split(':');
    let (h, min) = (
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
    );
    let secs: f64 = t.next().unwrap_or("0").parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = ((days * 86_400 + h * 3600 + min * 60 - offset_min * 60) as f64 + secs) * 1000.0;
    Some(ms.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn turns_from_messages_with_both_assistant_roles() {
        let msg = json!({"artifact": {"messages": [
            {"role": "system", "message": "prompt"},
            {"role": "bot", "message": "Hello, who is calling?"},
            {"role": "user", "message": "Jane Roe"},
            {"role": "assistant", "message": "Thanks Jane."}
        ], "recording": {"stereoUrl": "https://recordings.example/a.wav"}},
        "startedAt": "2026-11-30T10:01:02.120Z", "endedAt": "2026-11-30T10:05:40.883Z"});
        let report = report_of(msg.as_object().unwrap(), None);
        assert_eq!(
            report.transcript,
            "Agent: Hello, who is calling?\nCaller: Jane Roe\nAgent: Thanks Jane."
        );
        assert_eq!(
            report.recording_url.as_deref(),
            Some("https://recordings.example/a.wav")
        );
        assert_eq!(
            report.ended_at.unwrap() - report.started_at.unwrap(),
            278_763
        );
        assert_eq!(parse_iso("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_iso("1970-01-01T01:00:00+01:00"), Some(0));
    }

    #[test]
    fn split_keeps_turns_whole_and_in_order() {
        let turns: Vec<String> = (0..2000)
            .map(|i| {
                format!(
                    "{}: turn {i} {}",
                    if i % 2 == 0 { "Agent" } else { "Caller" },
                    "word ".repeat(5)
                )
            })
            .collect();
        let text = turns.join("\n");
        let parts = split(&text, NOTE_LIMIT);
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|p| p.chars().count() <= NOTE_LIMIT - 600));
        assert_eq!(parts.join("\n"), text, "nothing lost, nothing reordered");
        let long = format!("Caller: {}", "blah ".repeat(20_000));
        let parts = split(&long, NOTE_LIMIT);
        assert!(parts.len() >= 4 && parts.iter().all(|p| p.chars().count() <= NOTE_LIMIT));
    }
}
