//! Custom root certificates: a private CA made at test time (rcgen) signs the certificate of a
//! TLS server on 127.0.0.1 (tokio-rustls); the default transport trusts it only when the CA is
//! added with `HttpConfig::with_root_certificate_pem`.
#![cfg(feature = "reqwest")]

use huaweicloud_sdk_runtime::{Client, Credentials, Error, HttpConfig, Operation, OperationMeta, RequestWriter, RetryPolicy};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

struct Ping;

impl Operation for Ping {
    type Output = serde_json::Value;
    const META: OperationMeta = OperationMeta { name: "Ping", method: "GET", path: "/v2/ping", errors: &[], retryable_codes: &["CBC.0250"], idempotent: true, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, _: &mut RequestWriter) -> Result<(), Error> {
        Ok(())
    }
}

/// A CA, and a server certificate for 127.0.0.1 signed by it: (CA PEM, server cert DER, key DER).
fn private_ca() -> (String, Vec<u8>, Vec<u8>) {
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "Test Corporate CA");
    ca.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    let ca = rcgen::CertifiedIssuer::self_signed(ca, rcgen::KeyPair::generate().unwrap()).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap().signed_by(&leaf_key, &ca).unwrap();
    (ca.pem(), leaf.der().to_vec(), leaf_key.serialize_der())
}

/// Serves `{"ok":true}` over TLS; counts the HTTP requests that got through the handshake.
async fn tls_server(cert: Vec<u8>, key: Vec<u8>) -> (String, Arc<AtomicU32>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.into()], rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()))
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicU32::new(0));
    let counter = served.clone();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else { return };
            let (acceptor, counter) = (acceptor.clone(), counter.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else { return };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let body = r#"{"ok":true}"#;
                let resp = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                let _ = tls.write_all(resp.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, served)
}

fn client(url: &str, http: HttpConfig) -> Result<Client, Error> {
    Client::builder().endpoint(url).credentials(Credentials::aksk("AK", "sk")).http_config(http).retry(RetryPolicy::none()).build()
}

#[tokio::test]
async fn a_custom_ca_is_trusted_only_when_added() {
    let (ca_pem, cert, key) = private_ca();
    let (url, served) = tls_server(cert, key).await;

    // Built-in roots only: the handshake fails, nothing reaches the server.
    let err = client(&url, HttpConfig::default()).unwrap().execute(&Ping).await.unwrap_err();
    assert!(err.as_transport().is_some(), "{err:?}");
    assert_eq!(served.load(Ordering::SeqCst), 0);

    // With the CA added: the call goes through.
    let trusted = client(&url, HttpConfig::default().with_root_certificate_pem(ca_pem)).unwrap();
    let answer = trusted.execute(&Ping).await.unwrap();
    assert_eq!(answer["ok"], true);
    assert_eq!(served.load(Ordering::SeqCst), 1);
}

#[test]
fn text_without_a_certificate_is_a_configuration_error() {
    let err = client("https://127.0.0.1:1", HttpConfig::default().with_root_certificate_pem("not a certificate")).unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("root_certificates_pem[0]")), "{err}");
}
