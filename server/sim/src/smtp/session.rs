//! One SMTP conversation (RFC 5321, the part a submission client uses): EHLO/HELO, AUTH
//! PLAIN/LOGIN, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT. No STARTTLS:
//! the sink listens on loopback only.

use super::{auth::authenticate, decode, ReceivedMail, Shared};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A command line longer than this is refused (RFC 5321 allows 512 octets; AUTH lines more).
const MAX_LINE: u64 = 4096;
const MAX_MESSAGE: usize = 10 * 1024 * 1024;
/// A client silent this long is dropped.
const IDLE: Duration = Duration::from_secs(60);

pub(super) async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = Arc::clone(&shared);
                    tokio::spawn(async move {
                        if let Err(e) = converse(stream, shared).await {
                            tracing::debug!("SMTP session ended: {e}");
                        }
                    });
                }
                Err(e) => tracing::warn!("SMTP accept failed: {e}"),
            },
            _ = stop.wait_for(|v| *v) => return,
        }
    }
}

/// The envelope being built between MAIL FROM and the end of DATA.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<String>,
}

pub(super) struct Conn {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Conn {
    pub(super) async fn reply(&mut self, text: &str) -> std::io::Result<()> {
        self.writer.write_all(text.as_bytes()).await?;
        self.writer.write_all(b"\r\n").await
    }

    /// One line without its CRLF; None at end of stream.
    pub(super) async fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut buf = Vec::new();
        let read = tokio::time::timeout(
            IDLE,
            (&mut self.reader)
                .take(MAX_LINE)
                .read_until(b'\n', &mut buf),
        )
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "idle client"))??;
        if read == 0 {
            return Ok(None);
        }
        if !buf.ends_with(b"\n") {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "line too long",
            ));
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }
}

async fn converse(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, writer) = stream.into_split();
    let mut c = Conn {
        reader: BufReader::new(read),
        writer,
    };
    c.reply("220 relay-sim ESMTP simulated mail server").await?;
    let mut env = Envelope::default();
    let mut auth_user: Option<String> = None;
    while let Some(line) = c.line().await? {
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim().to_string()),
            None => (line.trim().to_ascii_uppercase(), String::new()),
        };
        match verb.as_str() {
            "EHLO" => {
                env = Envelope::default();
                c.reply(&format!("250-relay-sim greets {arg}")).await?;
                c.reply("250-8BITMIME").await?;
                c.reply(&format!("250-SIZE {MAX_MESSAGE}")).await?;
                c.reply("250 AUTH PLAIN LOGIN").await?;
            }
            "HELO" => {
                env = Envelope::default();
                c.reply("250 relay-sim").await?;
            }
            "AUTH" => match authenticate(&mut c, &shared, &arg).await? {
                Some(user) => {
                    auth_user = Some(user);
                    c.reply("235 2.7.0 Authentication successful").await?;
                }
                None => {
                    c.reply("535 5.7.8 Authentication credentials invalid")
                        .await?
                }
            },
            "MAIL" => match address(&arg, "FROM:") {
                Some(from) => {
                    env = Envelope {
                        from: Some(from),
                        to: Vec::new(),
                    };
                    c.reply("250 2.1.0 OK").await?;
                }
                None => c.reply("501 5.5.4 Syntax: MAIL FROM:<address>").await?,
            },
            "RCPT" => {
                let Some(to) = address(&arg, "TO:") else {
                    c.reply("501 5.5.4 Syntax: RCPT TO:<address>").await?;
                    continue;
                };
                if env.from.is_none() {
                    c.reply("503 5.5.1 MAIL first").await?;
                } else if shared.lock().rejected.contains(&to.to_ascii_lowercase()) {
                    c.reply("550 5.1.1 Mailbox unavailable").await?;
                } else {
                    env.to.push(to);
                    c.reply("250 2.1.5 OK").await?;
                }
            }
            "DATA" => {
                if env.from.is_none() || env.to.is_empty() {
                    c.reply("503 5.5.1 RCPT first").await?;
                    continue;
                }
                c.reply("354 End data with <CR><LF>.<CR><LF>").await?;
                let Some(raw) = read_data(&mut c).await? else {
                    c.reply("552 5.3.4 Message too big").await?;
                    env = Envelope::default();
                    continue;
                };
                let parsed = decode::parse(&raw);
                shared.store(ReceivedMail {
                    id: 0,
                    from: env.from.take().unwrap_or_default(),
                    to: std::mem::take(&mut env.to),
                    auth_user: auth_user.clone(),
                    subject: parsed.subject,
                    from_header: parsed.from,
                    text: parsed.text,
                    raw,
                    received_at: now_ms(),
                });
                c.reply("250 2.0.0 OK queued").await?;
            }
            "RSET" => {
                env = Envelope::default();
                c.reply("250 2.0.0 OK").await?;
            }
            "NOOP" => c.reply("250 2.0.0 OK").await?,
            "VRFY" => c.reply("252 2.1.5 Cannot verify, will accept").await?,
            "STARTTLS" => c.reply("454 4.7.0 TLS not available").await?,
            "QUIT" => {
                c.reply("221 2.0.0 Bye").await?;
                return Ok(());
            }
            _ => c.reply("502 5.5.2 Command not recognised").await?,
        }
    }
    Ok(())
}

/// `FROM:<a@b> SIZE=…` → `a@b`; the empty reverse path `<>` is allowed for MAIL.
fn address(arg: &str, prefix: &str) -> Option<String> {
    let head = arg.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = arg[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

/// The lines up to the lone dot, leading dots unstuffed; None past the size limit.
async fn read_data(c: &mut Conn) -> std::io::Result<Option<String>> {
    let mut raw = String::new();
    let mut too_big = false;
    loop {
        let Some(line) = c.line().await? else {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        };
        if line == "." {
            return Ok((!too_big).then_some(raw));
        }
        let line = line.strip_prefix('.').unwrap_or(&line);
        if raw.len() + line.len() > MAX_MESSAGE {
            too_big = true;
        }
        if !too_big {
            raw.push_str(line);
            raw.push_str("\r\n");
        }
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
