//! Tests of connections through a proxy, and the fake proxy they use.

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::*;
use crate::transport::Transport;

mod client;
mod routing;

/// A proxy on loopback that answers `CONNECT` and then, inside the tunnel, one request
/// itself (`pong`); a plain request gets `pong` too. It keeps each request head it read.
async fn proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let head = read_head(&mut stream).await;
                let tunnel = head.starts_with("CONNECT ");
                seen.lock().unwrap().push(head);
                if tunnel {
                    stream
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await
                        .unwrap();
                    let first = stream.read_u8().await.unwrap();
                    if first == 0x16 {
                        // A TLS handshake: this proxy has no server behind it, so it hangs up.
                        seen.lock().unwrap().push("TLS".to_owned());
                        return;
                    }
                    let inner = format!("{}{}", first as char, read_head(&mut stream).await);
                    seen.lock().unwrap().push(inner);
                }
                let pong = b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\npong";
                stream.write_all(pong).await.unwrap();
            });
        }
    });
    (port, heads)
}

async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(stream.read_u8().await.unwrap());
    }
    String::from_utf8(head).unwrap()
}

async fn get(transport: &Transport, url: &str) -> Bytes {
    let request = Request::get(url).body(Full::new(Bytes::new())).unwrap();
    let response = transport.clone().oneshot(request).await.unwrap();
    response.into_body().collect().await.unwrap().to_bytes()
}
