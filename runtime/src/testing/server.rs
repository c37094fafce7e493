//! A loopback HTTP/1.1 server for tests and benchmarks: it records every request, can check its
//! SDK-HMAC-SHA256 signature with the runtime's own signer, and answers from a script that can
//! also misbehave (hang, stall or close mid-body, stream without end).

use crate::http::{is_secret_header, HttpRequest};
use crate::signing::sign_request;
use percent_encoding::percent_decode_str;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A request as the server read it off the socket.
#[derive(Clone, PartialEq, Eq)]
pub struct Received {
    /// The method, as sent.
    pub method: String,
    /// The raw path, as sent (percent-encoded).
    pub path: String,
    /// The raw query string, as sent, without `?` (empty when there is none).
    pub query: String,
    /// The headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
    /// The port of the server that received it.
    pub local_port: u16,
}

impl std::fmt::Debug for Received {
    // Credentials headers are never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(k, v)| (k.as_str(), if is_secret_header(k) { "<redacted>" } else { v.as_str() })).collect();
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What [`Received::verify_signature`] found in a request that verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The access key (AK) the request names.
    pub access: String,
    /// The signed header names, lower case, `;`-separated.
    pub signed_headers: String,
}

impl Received {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The query pairs, percent-decoded, in wire order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        self.query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The body as JSON.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// Recomputes the SDK-HMAC-SHA256 signature of this request with `sk`, from the raw request
    /// alone (method, path, query, the headers it says it signed, body), with the runtime's
    /// signer, and compares it with the `Authorization` header. The error says what differs;
    /// it shows the canonical request with credential header values blanked, never a secret.
    pub fn verify_signature(&self, sk: &str) -> Result<Verified, String> {
        let auth = self.header("authorization").ok_or("no Authorization header")?;
        let rest = auth.strip_prefix("SDK-HMAC-SHA256 ").ok_or("not SDK-HMAC-SHA256")?;
        let field = |name: &str| {
            rest.split(", ")
                .find_map(|p| p.strip_prefix(name).and_then(|p| p.strip_prefix('=')))
                .ok_or(format!("no {name} in Authorization"))
        };
        let (access, signed_headers, signature) = (field("Access")?, field("SignedHeaders")?, field("Signature")?);
        let host = self.header("host").ok_or("no Host header")?;
        let mut req = HttpRequest::new(&self.method, &format!("http://{host}"), &self.path);
        req.query = self.query_pairs();
        let signed: Vec<&str> = signed_headers.split(';').collect();
        req.headers = self.headers.iter().filter(|(k, _)| signed.contains(&k.to_ascii_lowercase().as_str())).cloned().collect();
        req.body = (!self.body.is_empty()).then(|| self.body.clone());
        let out = sign_request(&mut req, access, sk, None).map_err(|e| e.to_string())?;
        if out.signed_headers != signed_headers {
            return Err(format!("signed headers {} != {}", out.signed_headers, signed_headers));
        }
        if out.signature != signature {
            let canonical: Vec<String> = out
                .canonical_request
                .lines()
                .map(|l| match l.split_once(':') {
                    Some((name, _)) if is_secret_header(name) => format!("{name}:<redacted>"),
                    _ => l.to_string(),
                })
                .collect();
            return Err(format!("the signature does not verify with the given secret key; canonical request:\n{}", canonical.join("\n")));
        }
        Ok(Verified { access: access.to_string(), signed_headers: signed_headers.to_string() })
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Reply {
    /// An answer with a `Content-Length` body.
    Respond {
        /// HTTP status.
        status: u16,
        /// Headers besides `Content-Length`.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// An answer with a chunked body, one chunk per item.
    Chunked {
        /// HTTP status.
        status: u16,
        /// Headers besides `Transfer-Encoding`.
        headers: Vec<(String, String)>,
        /// The chunks, written one by one.
        chunks: Vec<Vec<u8>>,
    },
    /// A status-200 JSON answer of `total` bytes of spaces, written 64 KiB at a time (chunked,
    /// or announced by `Content-Length`) until done, the client hangs up, or 20 s have passed;
    /// [`TestServer::streamed_bytes`] counts what got out.
    Stream {
        /// Bytes to send.
        total: u64,
        /// Chunked encoding instead of `Content-Length: total`.
        chunked: bool,
    },
    /// Read the request and never answer.
    Hang,
    /// Send the head and `sent` bytes of a body announced as `declared` bytes, then stall.
    StallMidBody {
        /// The announced `Content-Length`.
        declared: usize,
        /// The part actually sent (shorter).
        sent: Vec<u8>,
    },
    /// Send the head and `sent` bytes of a body announced as `declared` bytes, then close.
    CloseMidBody {
        /// The announced `Content-Length`.
        declared: usize,
        /// The part actually sent (shorter).
        sent: Vec<u8>,
    },
    /// Close the connection without answering.
    Close,
    /// Wait, then reply.
    Delayed(Duration, Box<Reply>),
}

impl Reply {
    /// `status` with a JSON body, `Content-Type: application/json` and `X-Request-Id: rid-<status>`.
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::with_headers(status, &[("Content-Type", "application/json")], body)
    }

    /// `status` with these headers and body, plus `X-Request-Id: rid-<status>` unless the headers
    /// have one.
    pub fn with_headers(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> Reply {
        let mut headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("x-request-id")) {
            headers.push(("X-Request-Id".into(), format!("rid-{status}")));
        }
        Reply::Respond { status, headers, body: body.into().into_bytes() }
    }

    /// This reply after `delay`.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delayed(delay, Box::new(self))
    }
}

type Script = Arc<dyn Fn(usize, &Received) -> Reply + Send + Sync>;

#[derive(Default)]
struct Shared {
    seen: Mutex<Vec<Received>>,
    count: AtomicUsize,
    connections: AtomicU64,
    streamed: AtomicU64,
}

/// A loopback HTTP/1.1 server (keep-alive, `Content-Length` request bodies) on its own thread
/// and Tokio runtime, so it serves async and blocking clients alike. It answers request number
/// `n` (from 0, across connections) with what its script returns, and records the requests.
///
/// ```
/// use huaweicloud_sdk_runtime::testing::{Reply, TestServer};
///
/// let server = TestServer::start(|n, _request| Reply::json(200, format!(r#"{{"n":{n}}}"#)));
/// assert!(server.url.starts_with("http://127.0.0.1:"));
/// assert_eq!(server.request_count(), 0);
/// ```
#[derive(Clone)]
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The port it listens on.
    pub port: u16,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer").field("url", &self.url).field("requests", &self.request_count()).finish()
    }
}

/// Options of a [`TestServer`]: port, worker threads, whether requests are kept.
#[derive(Debug, Clone)]
pub struct ServerBuilder {
    port: u16,
    threads: usize,
    keep_requests: bool,
}

impl Default for ServerBuilder {
    fn default() -> Self {
        ServerBuilder { port: 0, threads: 1, keep_requests: true }
    }
}

impl ServerBuilder {
    /// The port to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Worker threads of the server's runtime (default 1).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Whether to keep every request for [`TestServer::requests`] (default true); a benchmark
    /// server sending millions of answers only counts them.
    pub fn keep_requests(mut self, keep: bool) -> Self {
        self.keep_requests = keep;
        self
    }

    /// Starts the server.
    ///
    /// # Errors
    ///
    /// When the port cannot be bound or the runtime not started.
    pub fn start(self, script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> std::io::Result<TestServer> {
        let script: Script = Arc::new(script);
        let (tx, rx) = std::sync::mpsc::channel();
        let keep = self.keep_requests;
        std::thread::Builder::new().name("huaweicloud-test-server".into()).spawn(move || {
            let rt = if self.threads == 1 {
                tokio::runtime::Builder::new_current_thread().enable_all().build()
            } else {
                tokio::runtime::Builder::new_multi_thread().worker_threads(self.threads).enable_all().build()
            };
            let rt = match rt {
                Ok(rt) => rt,
                Err(e) => return drop(tx.send(Err(e))),
            };
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.and_then(|l| Ok((l.local_addr()?.port(), l))) {
                    Ok(l) => l,
                    Err(e) => return drop(tx.send(Err(e))),
                };
                let (port, listener) = listener;
                let shared = Arc::new(Shared::default());
                let server = TestServer { url: format!("http://127.0.0.1:{port}"), port, shared: shared.clone() };
                if tx.send(Ok(server)).is_err() {
                    return;
                }
                loop {
                    let Ok((socket, _)) = listener.accept().await else { continue };
                    let _ = socket.set_nodelay(true);
                    shared.connections.fetch_add(1, Ordering::Relaxed);
                    tokio::spawn(serve_connection(socket, shared.clone(), script.clone(), keep, port));
                }
            });
        })?;
        rx.recv().map_err(|_| std::io::Error::other("the test server thread stopped"))?
    }
}

impl TestServer {
    /// A server on a free port answering as `script` says.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound.
    pub fn start(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> TestServer {
        ServerBuilder::default().start(script).expect("a loopback port for the test server")
    }

    /// Options before starting.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// Every request received so far (none when built with `keep_requests(false)`).
    pub fn requests(&self) -> Vec<Received> {
        self.shared.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// How many requests reached the server.
    pub fn request_count(&self) -> usize {
        self.shared.count.load(Ordering::SeqCst)
    }

    /// How many connections it accepted.
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Body bytes written by [`Reply::Stream`] answers.
    pub fn streamed_bytes(&self) -> u64 {
        self.shared.streamed.load(Ordering::SeqCst)
    }
}

/// Serves HTTP/1.1 requests (Content-Length bodies, keep-alive) on one connection.
async fn serve_connection(mut socket: TcpStream, shared: Arc<Shared>, script: Script, keep: bool, port: u16) {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut parts = lines.next().unwrap_or_default().split(' ');
        let (method, target) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
        let headers: Vec<(String, String)> =
            lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.to_string(), v.trim().to_string())).collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + 4 + len {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buf[head_end + 4..head_end + 4 + len].to_vec();
        buf.drain(..head_end + 4 + len);
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let received = Received { method, path: path.into(), query: query.into(), headers, body, local_port: port };
        let index = if keep {
            let mut seen = shared.seen.lock().unwrap_or_else(|p| p.into_inner());
            seen.push(received.clone());
            shared.count.store(seen.len(), Ordering::SeqCst);
            seen.len() - 1
        } else {
            shared.count.fetch_add(1, Ordering::SeqCst)
        };
        let mut reply = script(index, &received);
        while let Reply::Delayed(delay, inner) = reply {
            tokio::time::sleep(delay).await;
            reply = *inner;
        }
        if !write_reply(&mut socket, reply, &shared).await {
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn head(status: u16, headers: &[(String, String)], framing: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n{framing}\r\n", reason(status));
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn json_type() -> Vec<(String, String)> {
    vec![("Content-Type".into(), "application/json".into())]
}

/// Writes one reply; false when the connection is done.
async fn write_reply(socket: &mut TcpStream, reply: Reply, shared: &Shared) -> bool {
    match reply {
        Reply::Respond { status, headers, body } => {
            let mut out = head(status, &headers, &format!("Content-Length: {}", body.len()));
            out.extend_from_slice(&body);
            socket.write_all(&out).await.is_ok()
        }
        Reply::Chunked { status, headers, chunks } => {
            let mut out = head(status, &headers, "Transfer-Encoding: chunked");
            for c in chunks.iter().filter(|c| !c.is_empty()) {
                out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
                out.extend_from_slice(c);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
            socket.write_all(&out).await.is_ok()
        }
        Reply::Stream { total, chunked } => {
            let framing = if chunked { "Transfer-Encoding: chunked".to_string() } else { format!("Content-Length: {total}") };
            let mut headers = json_type();
            headers.push(("X-Request-Id".into(), "stream".into()));
            if socket.write_all(&head(200, &headers, &framing)).await.is_err() {
                return false;
            }
            let piece = vec![b' '; 64 * 1024];
            let started = Instant::now();
            let mut sent = 0u64;
            while sent < total && started.elapsed() < Duration::from_secs(20) {
                let n = piece.len().min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                let framed = if chunked { [format!("{n:x}\r\n").into_bytes(), piece[..n].to_vec(), b"\r\n".to_vec()].concat() } else { piece[..n].to_vec() };
                if socket.write_all(&framed).await.is_err() {
                    return false; // the client hung up
                }
                sent += n as u64;
                shared.streamed.fetch_add(n as u64, Ordering::SeqCst);
            }
            if chunked && sent >= total {
                return socket.write_all(b"0\r\n\r\n").await.is_ok();
            }
            sent >= total
        }
        Reply::Hang => std::future::pending().await,
        Reply::StallMidBody { declared, sent } | Reply::CloseMidBody { declared, sent } if sent.len() >= declared => {
            panic!("a partial body must be shorter than announced ({} >= {declared})", sent.len())
        }
        Reply::StallMidBody { declared, sent } => {
            let mut out = head(200, &json_type(), &format!("Content-Length: {declared}"));
            out.extend_from_slice(&sent);
            let _ = socket.write_all(&out).await;
            let _ = socket.flush().await;
            std::future::pending().await
        }
        Reply::CloseMidBody { declared, sent } => {
            let mut out = head(200, &json_type(), &format!("Content-Length: {declared}"));
            out.extend_from_slice(&sent);
            let _ = socket.write_all(&out).await;
            let _ = socket.shutdown().await;
            false
        }
        Reply::Close => {
            let _ = socket.shutdown().await;
            false
        }
        Reply::Delayed(..) => unreachable!("delays are waited for before writing"),
    }
}
