//! The SMTP sink spoken to over raw TCP, line by line, as a mail client would.

use relay_sim::smtp::SmtpSink;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Client {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Client {
    async fn connect(sink: &SmtpSink) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", sink.port()))
            .await
            .unwrap();
        let (r, writer) = stream.into_split();
        let mut c = Client {
            reader: BufReader::new(r),
            writer,
        };
        assert!(c.reply().await.starts_with("220 "));
        c
    }

    /// The last line of a (possibly multi-line) reply.
    async fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            if line.as_bytes().get(3) != Some(&b'-') {
                return line.trim_end().to_string();
            }
        }
    }

    async fn send(&mut self, line: &str) -> String {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        self.reply().await
    }
}

#[tokio::test]
async fn a_message_is_received_with_dots_unstuffed_and_auth_recorded() {
    let sink = SmtpSink::start().await.unwrap();
    let mut c = Client::connect(&sink).await;
    assert!(c.send("EHLO client.test").await.starts_with("250 "));
    // AUTH PLAIN with the initial response: "\0ada\0fake-password".
    assert!(c
        .send("AUTH PLAIN AGFkYQBmYWtlLXBhc3N3b3Jk")
        .await
        .starts_with("235"));
    assert!(
        c.send("RCPT TO:<x@y.test>").await.starts_with("503"),
        "MAIL first"
    );
    assert!(c
        .send("MAIL FROM:<relay@msp.test> SIZE=100")
        .await
        .starts_with("250"));
    assert!(c
        .send("RCPT TO:<Tech@Client.test>")
        .await
        .starts_with("250"));
    assert!(c.send("DATA").await.starts_with("354"));
    let body =
        "Subject: Hello\r\nFrom: Relay <relay@msp.test>\r\n\r\nline one\r\n..leading dot\r\n.\r\n";
    c.writer.write_all(body.as_bytes()).await.unwrap();
    assert!(c.reply().await.starts_with("250"));
    assert!(c.send("NOOP").await.starts_with("250"));
    assert!(c.send("RSET").await.starts_with("250"));
    assert!(c.send("QUIT").await.starts_with("221"));

    let got = sink.wait_for(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.from, "relay@msp.test");
    assert_eq!(m.to, vec!["Tech@Client.test".to_string()]);
    assert_eq!(m.auth_user.as_deref(), Some("ada"));
    assert_eq!(m.subject, "Hello");
    assert_eq!(m.text, "line one\n.leading dot");
    assert_eq!(sink.messages_to("tech@client.test").len(), 1);

    // The JSON list over HTTP shows the same message.
    let list: serde_json::Value = reqwest::get(format!("{}messages", sink.inbox_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["messages"][0]["subject"], "Hello");
    let page = reqwest::get(sink.inbox_url())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("leading dot"), "{page}");
}

#[tokio::test]
async fn refused_recipients_wrong_passwords_and_auth_login() {
    let sink = SmtpSink::start().await.unwrap();
    sink.reject_recipient("Gone@Client.test");
    sink.require_password(Some("right-fake-password"));
    let mut c = Client::connect(&sink).await;
    assert!(c.send("HELO client.test").await.starts_with("250"));
    // AUTH LOGIN: user "ada", password "wrong".
    assert!(c.send("AUTH LOGIN").await.starts_with("334"));
    assert!(c.send("YWRh").await.starts_with("334"));
    assert!(c.send("d3Jvbmc=").await.starts_with("535"));
    assert!(c
        .send("MAIL FROM:<relay@msp.test>")
        .await
        .starts_with("250"));
    assert!(c
        .send("RCPT TO:<gone@client.test>")
        .await
        .starts_with("550"));
    assert!(
        c.send("DATA").await.starts_with("503"),
        "no accepted recipient"
    );
    assert!(c.send("STARTTLS").await.starts_with("454"));
    assert!(c.send("QUIT").await.starts_with("221"));
    assert!(sink.messages().is_empty());
}
