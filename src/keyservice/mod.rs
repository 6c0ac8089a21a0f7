//! sops' key service: a gRPC service (`/KeyService/Encrypt` and
//! `/KeyService/Decrypt`, plaintext HTTP/2 over TCP or a unix socket) that
//! wraps and unwraps data keys with the master keys of the machine it runs
//! on. [`Remote`] is the client `--keyservice` uses; [`server::run`] is
//! `rsops keyservice`.
//!
//! The protocol has no authentication: whoever can reach the address can
//! use every key the server has.

#![doc(hidden)]

mod client;
mod convert;
#[cfg(unix)]
pub mod server;

#[allow(missing_docs, clippy::all, clippy::pedantic)]
#[rustfmt::skip]
mod proto;

use std::path::PathBuf;

pub use client::Remote;

/// Where a key service listens: `tcp://host:port` or `unix:///path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// A host (name, IPv4, or IPv6 in brackets) and port.
    Tcp(String),
    /// The path of a unix socket.
    Unix(PathBuf),
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Tcp(host_port) => write!(f, "tcp://{host_port}"),
            Address::Unix(path) => write!(f, "unix://{}", path.display()),
        }
    }
}

/// A key service URI that cannot be used; `flag` names the flag or
/// variable it came from.
#[derive(Debug, thiserror::Error)]
#[error("{flag} {uri:?}: {why}; use tcp://host:port or unix:///path/to/socket")]
pub struct UriError {
    flag: &'static str,
    uri: String,
    why: &'static str,
}

impl Address {
    /// Parses a `--keyservice` URI. sops takes the host and port of a
    /// `tcp` URI and the path of a `unix` URI, and nothing else of it.
    pub fn parse(uri: &str, flag: &'static str) -> Result<Self, UriError> {
        let fail = |why| UriError {
            flag,
            uri: uri.to_owned(),
            why,
        };
        let (scheme, rest) = uri.split_once("://").ok_or_else(|| fail("no scheme"))?;
        match scheme {
            "tcp" => {
                let host_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
                let host_port = host_port.rsplit('@').next().unwrap_or_default();
                let port = host_port
                    .rsplit_once(':')
                    .map(|(_, port)| port)
                    .filter(|port| !port.contains(']'));
                match port {
                    Some(port) if port.parse::<u16>().is_ok() => {
                        Ok(Address::Tcp(host_port.to_owned()))
                    }
                    _ => Err(fail("a tcp key service needs a host and a port")),
                }
            }
            "unix" => {
                if !rest.starts_with('/') || rest.len() < 2 {
                    return Err(fail(
                        "a unix key service needs the socket's absolute path (three slashes)",
                    ));
                }
                Ok(Address::Unix(PathBuf::from(rest)))
            }
            _ => Err(fail("the scheme is neither tcp nor unix")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcp_and_unix_uris() {
        let parse = |uri| Address::parse(uri, "--keyservice");
        assert_eq!(
            parse("tcp://localhost:5000").unwrap(),
            Address::Tcp("localhost:5000".into())
        );
        assert_eq!(
            parse("tcp://[::1]:5000").unwrap(),
            Address::Tcp("[::1]:5000".into())
        );
        assert_eq!(
            parse("unix:///run/sops.sock").unwrap(),
            Address::Unix("/run/sops.sock".into())
        );
        for bad in [
            "localhost:5000",
            "tcp://localhost",
            "tcp://[::1]",
            "tcp://host:99999",
            "http://host:5000",
            "unix://",
            "unix://run/sops.sock",
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.starts_with(&format!("--keyservice {bad:?}: ")), "{e}");
        }
    }
}
