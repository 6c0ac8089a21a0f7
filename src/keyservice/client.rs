//! The client side: a key service at a `--keyservice` address, called
//! synchronously. Its tokio runtime and connection are made on the first
//! call, so a command whose keys the local service unwraps never starts
//! either.

use std::sync::OnceLock;
use std::time::Duration;

use tonic::transport::{Channel, Endpoint};
use zeroize::Zeroizing;

use super::proto::key_service_client::KeyServiceClient;
use super::proto::{DecryptRequest, EncryptRequest};
use super::{convert, Address};
use crate::keys::{KeyError, MasterKey};

/// How long a connection may take before the call fails, as gRPC-Go's
/// default (sops sets none of its own).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// A remote key service.
pub struct Remote {
    address: Address,
    connection: OnceLock<std::io::Result<Connection>>,
}

struct Connection {
    runtime: tokio::runtime::Runtime,
    client: KeyServiceClient<Channel>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Remote").field(&self.address).finish()
    }
}

impl Remote {
    /// A key service at `address`; nothing connects yet.
    pub fn new(address: Address) -> Self {
        Remote {
            address,
            connection: OnceLock::new(),
        }
    }

    /// Wraps `secret` with `key` on the service; returns the key's new `enc`.
    pub fn encrypt(&self, key: &MasterKey, secret: &[u8]) -> Result<String, KeyError> {
        let connection = self.connection()?;
        let request = EncryptRequest {
            key: Some(convert::to_proto(key)),
            plaintext: secret.to_vec(),
        };
        let mut client = connection.client.clone();
        let reply = connection
            .runtime
            .block_on(client.encrypt(request))
            .map_err(|status| self.failed(&status))?;
        String::from_utf8(reply.into_inner().ciphertext).map_err(|_| KeyError::Remote {
            service: self.address.to_string(),
            code: "Internal".into(),
            message: format!(
                "the encrypted data key for {} is not UTF-8 text",
                key.identifier()
            ),
        })
    }

    /// Unwraps `key`'s data key on the service.
    pub fn decrypt(&self, key: &MasterKey) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let connection = self.connection()?;
        let request = DecryptRequest {
            key: Some(convert::to_proto(key)),
            ciphertext: key.enc().as_bytes().to_vec(),
        };
        let mut client = connection.client.clone();
        let reply = connection
            .runtime
            .block_on(client.decrypt(request))
            .map_err(|status| self.failed(&status))?;
        Ok(Zeroizing::new(reply.into_inner().plaintext))
    }

    fn failed(&self, status: &tonic::Status) -> KeyError {
        KeyError::Remote {
            service: self.address.to_string(),
            // gRPC's code names, as sops prints them.
            code: format!("{:?}", status.code()),
            message: status.message().to_owned(),
        }
    }

    fn connection(&self) -> Result<&Connection, KeyError> {
        self.connection
            .get_or_init(|| connect(&self.address))
            .as_ref()
            .map_err(|e| KeyError::Remote {
                service: self.address.to_string(),
                code: "Unavailable".into(),
                message: format!("cannot start the key service client: {e}"),
            })
    }
}

/// A current-thread runtime and a channel that connects on first use.
fn connect(address: &Address) -> std::io::Result<Connection> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The channel's worker task is spawned on the runtime it is made in.
    let _entered = runtime.enter();
    let channel = match address {
        Address::Tcp(host_port) => Endpoint::from_shared(format!("http://{host_port}"))
            .map_err(std::io::Error::other)?
            .connect_timeout(CONNECT_TIMEOUT)
            .connect_lazy(),
        #[cfg(unix)]
        Address::Unix(path) => {
            let path = path.clone();
            // The URI only names the service in HTTP/2; the connector
            // below decides where to connect.
            Endpoint::from_static("http://localhost")
                .connect_timeout(CONNECT_TIMEOUT)
                .connect_with_connector_lazy(tower::service_fn(move |_| {
                    let path = path.clone();
                    async move {
                        let stream = tokio::net::UnixStream::connect(path).await?;
                        Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
                    }
                }))
        }
        #[cfg(not(unix))]
        Address::Unix(path) => {
            return Err(std::io::Error::other(format!(
                "unix://{}: unix sockets need a unix system",
                path.display()
            )))
        }
    };
    drop(_entered);
    Ok(Connection {
        runtime,
        client: KeyServiceClient::new(channel),
    })
}
