//! Requests per second of the generated BSS SDK on loopback (issue 9); `bench/rps.sh` runs it
//! together with the official Python SDK (`bench/rps/python_client.py`).
//!
//! ```text
//! rps server   [--port P] [--port-file FILE] [--threads T] [--verify on|off]
//! rps async    URL N [--warmup W] [--concurrency C] [--threads T]
//! rps blocking URL N [--warmup W]
//! ```
//!
//! `server` answers `GET /v2/accounts/customer-accounts/balances` (ShowCustomerAccountBalances)
//! with a fixed JSON body over HTTP/1.1 keep-alive, on the runtime's test kit server
//! (`testing::TestServer`). It verifies every request's SDK-HMAC-SHA256 signature with the fake
//! secret key below (with the kit's verifier) and rejects, with 401, one that does not verify
//! (`--verify off`: only one without an `Authorization: SDK-HMAC-SHA256 …` or `X-Sdk-Date`
//! header). It prints the port on stdout (and to `--port-file`), and on SIGINT/SIGTERM, on stderr,
//! how many connections it accepted and how many requests it answered and rejected
//! (`rps server: connections=C answered=A rejected=R`).
//!
//! `async` and `blocking` send N requests (after W untimed warm-up requests, default 100) with the
//! generated client to URL with fake AK/SK credentials, check every answer decodes to the fixed
//! body, and print one line: `RESULT client=… requests=N seconds=S rps=R cpu_seconds=C` (C: CPU
//! time of the client process, all threads, during the N requests). `async` sends them one
//! after another on a current-thread runtime, or with `--concurrency C` C at a time on a
//! multi-thread runtime of T workers (default 2).

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use huaweicloud_sdk_bss::runtime::testing::{Received, Reply, TestServer};
use huaweicloud_sdk_bss::runtime::{self, HttpConfig};
use huaweicloud_sdk_bss::{BssClient, Credentials};

/// The operation's path.
const PATH: &str = "/v2/accounts/customer-accounts/balances";

/// A realistic answer of ShowCustomerAccountBalances: two accounts (balance and credit), no debt.
/// Every field is one both SDKs know (`ShowCustomerAccountBalancesResponse`, `AccountBalanceV3`).
const BODY: &str = r#"{"account_balances":[{"account_id":"0b4ac4c2a1a84b7fa1d1f2a7c3e5d901","account_type":1,"amount":128456.73,"currency":"CNY","designated_amount":2000.00,"credit_amount":0,"measure_id":1},{"account_id":"7f3e9d21c0b54a8e9a6b3c2d1e0f4a17","account_type":2,"amount":50000.00,"currency":"CNY","designated_amount":0,"credit_amount":50000.00,"measure_id":1}],"debt_amount":0.00,"measure_id":1,"currency":"CNY"}"#;

const UNAUTHORIZED: &str =
    r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: no SDK-HMAC-SHA256 signature"}"#;
const NOT_FOUND: &str = r#"{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published"}"#;

/// A fixed request id, as the real service sends one with every answer.
const REQUEST_ID: &str = "5d0c3a7e9b1f4e2a8c6d0b9a7f3e1c25";

/// Fake credentials: the test server verifies signatures with them.
const FAKE_AK: &str = "RPSBENCHFAKEAK0000000";
const FAKE_SK: &str = "rpsbenchfakesk0000000000000000000000000000";
const FAKE_DOMAIN_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

const DEFAULT_WARMUP: u64 = 100;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("server") => server(&args[1..]),
        Some("async") => client_async(&args[1..]),
        Some("blocking") => client_blocking(&args[1..]),
        _ => Err(usage()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rps: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    "usage: rps server [--port P] [--port-file FILE] [--threads T] [--verify on|off]\n\
     \x20      rps async URL N [--warmup W] [--concurrency C] [--threads T]\n\
     \x20      rps blocking URL N [--warmup W]"
        .to_string()
}

/// Positional arguments and `--name value` options.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse(args: &[String], known: &[&str]) -> Result<Args, String> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if !known.contains(&name) {
                    return Err(format!("unknown option --{name}\n{}", usage()));
                }
                let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                options.push((name.to_string(), value.clone()));
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, options })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn number(&self, name: &str, default: u64) -> Result<u64, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{name}: `{v}` is not a number")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server: the runtime's test kit (`testing::TestServer`) with this benchmark's answers
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Counters {
    answered: AtomicU64,
    rejected: AtomicU64,
}

fn server(args: &[String]) -> Result<(), String> {
    let args = Args::parse(args, &["port", "port-file", "threads", "verify"])?;
    if !args.positional.is_empty() {
        return Err(usage());
    }
    let port = args.number("port", 0)?;
    let port = u16::try_from(port).map_err(|_| format!("--port {port} is out of range"))?;
    let threads = args.number("threads", 1)?.max(1) as usize;
    let verify = match args.get("verify").unwrap_or("on") {
        "on" => true,
        "off" => false,
        other => return Err(format!("--verify takes on or off, not `{other}`")),
    };
    let counters = Arc::new(Counters::default());
    let answers = counters.clone();
    let server = TestServer::builder()
        .port(port)
        .threads(threads)
        .keep_requests(false)
        .start(move |_, request| answer(request, verify, &answers))
        .map_err(|e| format!("cannot start the server on 127.0.0.1:{port}: {e}"))?;
    if let Some(file) = args.get("port-file") {
        // Written whole under a temporary name, so a reader never sees half a port.
        let tmp = format!("{file}.tmp");
        std::fs::write(&tmp, format!("{}\n", server.port)).map_err(|e| format!("cannot write {tmp}: {e}"))?;
        std::fs::rename(&tmp, file).map_err(|e| format!("cannot write {file}: {e}"))?;
    }
    println!("{}", server.port);
    let checks = if verify { "signatures verified" } else { "signatures NOT verified" };
    eprintln!("rps server: listening on {} ({checks})", server.url);

    // The server runs on its own threads; this one waits for SIGINT or SIGTERM.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the signal runtime: {e}"))?;
    rt.block_on(async {
        let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| format!("cannot watch SIGTERM: {e}"))?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = sigterm.recv() => {}
        }
        Ok::<(), String>(())
    })?;
    eprintln!(
        "rps server: connections={} answered={} rejected={}",
        server.connections(),
        counters.answered.load(Ordering::Relaxed),
        counters.rejected.load(Ordering::Relaxed)
    );
    Ok(())
}

fn answer(request: &Received, verify: bool, counters: &Counters) -> Reply {
    let (status, body) = if request.method != "GET" || request.path != PATH {
        (404, NOT_FOUND)
    } else if let Err(e) = check_signature(request, verify) {
        eprintln!("rps server: rejected: {e}");
        (401, UNAUTHORIZED)
    } else {
        (200, BODY)
    };
    let counter = if status == 200 { &counters.answered } else { &counters.rejected };
    counter.fetch_add(1, Ordering::Relaxed);
    Reply::with_headers(status, &[("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", REQUEST_ID)], body)
}

/// Recomputes the request's SDK-HMAC-SHA256 signature with the fake secret key (the kit's
/// verifier, on the runtime's signer); with `--verify off`, only checks that it has one.
fn check_signature(request: &Received, verify: bool) -> Result<(), String> {
    if !verify {
        let auth = request.header("authorization").unwrap_or("");
        let signed = auth.starts_with("SDK-HMAC-SHA256 ") && auth.contains("Signature=") && request.header("x-sdk-date").is_some();
        return if signed { Ok(()) } else { Err("no SDK-HMAC-SHA256 signature".into()) };
    }
    let verified = request.verify_signature(FAKE_SK)?;
    if verified.access != FAKE_AK {
        return Err(format!("signed with access key {}, not the benchmark's", verified.access));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

fn client(url: &str) -> Result<BssClient, String> {
    let credentials = Credentials::aksk(FAKE_AK, FAKE_SK).with_domain_id(FAKE_DOMAIN_ID);
    // Default retry policy and the default transport (reqwest, connection pool, keep-alive),
    // as an application would use it; a short timeout so a stuck server fails the run.
    let http = HttpConfig { connect_timeout: Duration::from_secs(5), timeout: Duration::from_secs(30), ..HttpConfig::default() };
    runtime::Client::builder()
        .endpoint(url)
        .credentials(credentials)
        .http_config(http)
        .build()
        .map(BssClient::from_runtime)
        .map_err(|e| format!("cannot build the client: {e}"))
}

/// Fails unless the answer is the server's fixed body, decoded.
fn check(resp: &huaweicloud_sdk_bss::models::ShowCustomerAccountBalancesResponse) -> Result<(), String> {
    let balances = resp.account_balances.as_deref().unwrap_or_default();
    // Field by field with plain types, so the check does not depend on how enums are generated.
    let ok = balances.len() == 2
        && balances[0].account_id == "0b4ac4c2a1a84b7fa1d1f2a7c3e5d901"
        && balances[0].amount.to_string() == "128456.73"
        && resp.currency.as_deref() == Some("CNY");
    if !ok {
        return Err(format!("unexpected answer: {resp:?}"));
    }
    Ok(())
}

struct RunArgs {
    url: String,
    requests: u64,
    warmup: u64,
    args: Args,
}

fn run_args(args: &[String], known: &[&str]) -> Result<RunArgs, String> {
    let args = Args::parse(args, known)?;
    let [url, n] = args.positional.as_slice() else { return Err(usage()) };
    let requests: u64 = n.parse().map_err(|_| format!("N: `{n}` is not a number"))?;
    if requests == 0 {
        return Err("N must be at least 1".into());
    }
    let warmup = args.number("warmup", DEFAULT_WARMUP)?;
    Ok(RunArgs { url: url.clone(), requests, warmup, args })
}

/// CPU time used by this process so far, all threads (user + system).
fn cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the kernel knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Starts timing: wall clock and process CPU time.
struct Timer {
    wall: Instant,
    cpu: Duration,
}

impl Timer {
    fn start() -> Timer {
        Timer { wall: Instant::now(), cpu: cpu_time() }
    }

    /// Prints the RESULT line: wall seconds, requests per second, and the client's CPU seconds
    /// (which a busy machine inflates much less than wall time).
    fn report(self, name: &str, requests: u64) {
        let secs = self.wall.elapsed().as_secs_f64();
        let cpu = (cpu_time() - self.cpu).as_secs_f64();
        println!(
            "RESULT client={name} requests={requests} seconds={secs:.4} rps={:.1} cpu_seconds={cpu:.4}",
            requests as f64 / secs
        );
    }
}

fn client_async(args: &[String]) -> Result<(), String> {
    let a = run_args(args, &["warmup", "concurrency", "threads"])?;
    let concurrency = a.args.number("concurrency", 1)?.max(1);
    let threads = a.args.number("threads", 2)?.max(1) as usize;
    let client = client(&a.url)?;
    let rt = if concurrency == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()
    }
    .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        if concurrency == 1 {
            for _ in 0..a.warmup {
                check(&client.show_customer_account_balances().send().await.map_err(|e| e.to_string())?)?;
            }
            let timer = Timer::start();
            for _ in 0..a.requests {
                check(&client.show_customer_account_balances().send().await.map_err(|e| e.to_string())?)?;
            }
            timer.report("async", a.requests);
        } else {
            concurrent(&client, a.warmup, concurrency).await?;
            let timer = Timer::start();
            concurrent(&client, a.requests, concurrency).await?;
            timer.report(&format!("async-c{concurrency}"), a.requests);
        }
        Ok(())
    })
}

/// Sends `total` requests with `concurrency` tasks pulling from one counter.
async fn concurrent(client: &BssClient, total: u64, concurrency: u64) -> Result<(), String> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.min(total) {
        let client = client.clone();
        let next = next.clone();
        tasks.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                check(&client.show_customer_account_balances().send().await.map_err(|e| e.to_string())?)?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| format!("a task failed: {e}"))??;
    }
    Ok(())
}

fn client_blocking(args: &[String]) -> Result<(), String> {
    let a = run_args(args, &["warmup"])?;
    let client = client(&a.url)?;
    for _ in 0..a.warmup {
        check(&client.show_customer_account_balances().send_blocking().map_err(|e| e.to_string())?)?;
    }
    let timer = Timer::start();
    for _ in 0..a.requests {
        check(&client.show_customer_account_balances().send_blocking().map_err(|e| e.to_string())?)?;
    }
    timer.report("blocking", a.requests);
    Ok(())
}
