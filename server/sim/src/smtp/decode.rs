//! Just enough MIME reading to show a received message: unfolded headers, encoded-word
//! subjects (RFC 2047) and a single text body in 7bit, 8bit, quoted-printable or base64.

use base64::Engine;

/// What the inbox shows of a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub subject: String,
    pub from: String,
    pub text: String,
}

pub(super) fn parse(raw: &str) -> Parsed {
    let (head, body) = match raw.split_once("\r\n\r\n") {
        Some((h, b)) => (h, b),
        None => (raw, ""),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let encoding = header("content-transfer-encoding").to_ascii_lowercase();
    let text = match encoding.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(body.split_whitespace().collect::<String>())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_else(|_| body.to_string()),
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    };
    Parsed {
        subject: encoded_words(&header("subject")),
        from: encoded_words(&header("from")),
        text: text.replace("\r\n", "\n").trim_end().to_string(),
    }
}

fn quoted_printable(body: &str) -> String {
    let mut out = Vec::new();
    let lines: Vec<&str> = body.split("\r\n").collect();
    for (i, line) in lines.iter().enumerate() {
        // A line ending in `=` continues on the next one (a soft break).
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (*line, false),
        };
        let bytes = line.as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            let escaped = (bytes[j] == b'=')
                .then(|| bytes.get(j + 1..j + 3).and_then(hex_byte))
                .flatten();
            match escaped {
                Some(b) => {
                    out.push(b);
                    j += 3;
                }
                None => {
                    out.push(bytes[j]);
                    j += 1;
                }
            }
        }
        if !soft && i + 1 < lines.len() {
            out.extend_from_slice(b"\r\n");
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(pair).ok()?;
    u8::from_str_radix(text, 16).ok()
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words decoded; whitespace between two words dropped.
fn encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, from) = rest.split_at(start);
        let Some(decoded) = one_word(from) else {
            out.push_str(before);
            out.push_str("=?");
            rest = &from[2..];
            last_was_word = false;
            continue;
        };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        out.push_str(&decoded.0);
        rest = &from[decoded.1..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

/// The decoded text and the length of the encoded word at the start of `text`.
fn one_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let mut parts = inner.splitn(3, '?');
    let charset = parts.next()?;
    let kind = parts.next()?;
    let tail = parts.next()?;
    let end = tail.find("?=")?;
    let payload = &tail[..end];
    let bytes = match kind {
        "b" | "B" => base64::engine::general_purpose::STANDARD
            .decode(payload)
            .ok()?,
        "q" | "Q" => quoted_printable(&payload.replace('_', " ")).into_bytes(),
        _ => return None,
    };
    let used = 2 + charset.len() + 1 + kind.len() + 1 + end + 2;
    Some((String::from_utf8_lossy(&bytes).into_owned(), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_bodies_are_decoded() {
        let raw = "Subject: =?utf-8?b?Q2/DsWRl?= =?utf-8?q?_ready?=\r\nFrom: Relay <r@x.test>\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 =\r\nau lait\r\n";
        let p = parse(raw);
        assert_eq!(p.subject, "Coñde ready");
        assert_eq!(p.from, "Relay <r@x.test>");
        assert_eq!(p.text, "Café au lait");
        let b64 = "Subject: plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8K\r\n";
        assert_eq!(parse(b64).text, "Hello");
    }
}
