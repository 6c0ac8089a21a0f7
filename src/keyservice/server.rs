//! `rsops keyservice`: answers sops' Encrypt and Decrypt calls with the
//! master keys of this machine (age identities, PGP, cloud credentials),
//! until SIGINT or SIGTERM.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tonic::{Request, Response, Status};
use zeroize::Zeroizing;

use super::convert;
use super::proto::key_service_server::{KeyService, KeyServiceServer};
use super::proto::{self, DecryptRequest, DecryptResponse, EncryptRequest, EncryptResponse};
use crate::keys::{KeyContext, KeyError, MasterKey};

/// Where and how to serve.
#[derive(Clone, Debug)]
pub struct Options {
    pub network: Network,
    /// `host:port` for TCP, the socket's path for a unix socket.
    pub address: String,
    /// Ask on the terminal before answering each request.
    pub prompt: bool,
    /// Log each request: the operation and the key (never data).
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    Tcp,
    Unix,
}

/// Why the key service could not serve.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot start the key service: {0}")]
    Runtime(std::io::Error),
    #[error("cannot listen on tcp://{address}: {source}")]
    Tcp {
        address: String,
        source: std::io::Error,
    },
    #[error("cannot listen on unix://{}: {source}", path.display())]
    Unix {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on unix://{}: it exists; remove it if no key service is using it", path.display())]
    UnixExists { path: PathBuf },
    #[error("the key service stopped: {0}")]
    Serve(tonic::transport::Error),
}

/// Serves until SIGINT or SIGTERM, then removes the unix socket (if any).
pub fn run(options: &Options) -> Result<(), ServerError> {
    // One thread serves every connection: each key operation runs on a
    // thread of its own (see `blocking`).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    let handler = Handler {
        keys: Arc::new(KeyContext::default()),
        prompt: options.prompt.then(|| Arc::new(Mutex::new(()))),
        verbose: options.verbose,
    };
    runtime.block_on(serve(options, handler))
}

async fn serve(options: &Options, handler: Handler) -> Result<(), ServerError> {
    let service = KeyServiceServer::new(handler);
    let server = tonic::transport::Server::builder().add_service(service);
    match options.network {
        Network::Tcp => {
            let listener = tokio::net::TcpListener::bind(&options.address)
                .await
                .map_err(|source| ServerError::Tcp {
                    address: options.address.clone(),
                    source,
                })?;
            eprintln!("rsops: key service listening on tcp://{}", options.address);
            let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
            server
                .serve_with_incoming_shutdown(incoming, stop())
                .await
                .map_err(ServerError::Serve)
        }
        Network::Unix => {
            let path = PathBuf::from(&options.address);
            let listener = bind_unix(&path)?;
            let _remove = RemoveOnDrop(&path);
            let listener = tokio::net::UnixListener::from_std(listener).map_err(|source| {
                ServerError::Unix {
                    path: path.clone(),
                    source,
                }
            })?;
            eprintln!("rsops: key service listening on unix://{}", path.display());
            let incoming = tokio_stream::wrappers::UnixListenerStream::new(listener);
            server
                .serve_with_incoming_shutdown(incoming, stop())
                .await
                .map_err(ServerError::Serve)
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn stop() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        // Without handlers the default action ends the process, as before.
        return std::future::pending().await;
    };
    std::future::poll_fn(|cx| {
        if interrupt.poll_recv(cx).is_ready() || terminate.poll_recv(cx).is_ready() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    eprintln!("rsops: key service shutting down");
}

/// Binds the socket readable and writable by this user only (anyone who
/// can connect can use every key here). It is made in a private directory
/// beside `path`, set to 0600 there, and only then linked at `path`, so
/// it is never reachable with wider permissions; the link fails when
/// `path` exists.
fn bind_unix(path: &Path) -> Result<std::os::unix::net::UnixListener, ServerError> {
    use std::os::unix::fs::PermissionsExt;
    let fail = |source| ServerError::Unix {
        path: path.to_owned(),
        source,
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let private = tempfile::Builder::new()
        .prefix(".rsops-keyservice")
        .tempdir_in(parent)
        .map_err(fail)?;
    let staged = private.path().join("socket");
    let listener = std::os::unix::net::UnixListener::bind(&staged).map_err(fail)?;
    std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
    std::fs::hard_link(&staged, path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            ServerError::UnixExists {
                path: path.to_owned(),
            }
        } else {
            fail(source)
        }
    })?;
    listener.set_nonblocking(true).map_err(fail)?;
    Ok(listener)
}

/// Removes the socket when the server stops, however it stops.
struct RemoveOnDrop<'a>(&'a Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

struct Handler {
    keys: Arc<KeyContext>,
    /// Held while asking, so that prompts for concurrent requests do not mix.
    prompt: Option<Arc<Mutex<()>>>,
    verbose: bool,
}

#[tonic::async_trait]
impl KeyService for Handler {
    async fn encrypt(
        &self,
        request: Request<EncryptRequest>,
    ) -> Result<Response<EncryptResponse>, Status> {
        let request = request.into_inner();
        let plaintext = Zeroizing::new(request.plaintext);
        let mut key = self.key(request.key, "encrypt")?;
        let prompt = self.prompt.clone();
        let ciphertext = blocking(move || {
            confirm(prompt.as_deref(), &key, "encrypt")?;
            key.wrap(&plaintext).map_err(status)?;
            Ok(key.enc().as_bytes().to_vec())
        })
        .await?;
        Ok(Response::new(EncryptResponse { ciphertext }))
    }

    async fn decrypt(
        &self,
        request: Request<DecryptRequest>,
    ) -> Result<Response<DecryptResponse>, Status> {
        let request = request.into_inner();
        let mut key = self.key(request.key, "decrypt")?;
        let enc = String::from_utf8(request.ciphertext)
            .map_err(|_| Status::invalid_argument("the encrypted data key is not UTF-8 text"))?;
        key.set_enc(enc);
        let prompt = self.prompt.clone();
        let keys = Arc::clone(&self.keys);
        let plaintext = blocking(move || {
            confirm(prompt.as_deref(), &key, "decrypt")?;
            let secret = key.unwrap(&keys).map_err(status)?;
            Ok(secret.to_vec())
        })
        .await?;
        Ok(Response::new(DecryptResponse { plaintext }))
    }
}

impl Handler {
    /// The master key a request names, or sops' status for none.
    fn key(&self, key: Option<proto::Key>, op: &str) -> Result<MasterKey, Status> {
        let Some(key_type) = key.and_then(|k| k.key_type) else {
            return Err(Status::not_found("Must provide a key"));
        };
        let key = convert::from_proto(key_type);
        if self.verbose {
            eprintln!(
                "rsops: key service: {op} request for {} key {}",
                key.key_type().id(),
                key.identifier()
            );
        }
        Ok(key)
    }
}

/// Runs a key operation (which may block on gpg, a cloud API or the
/// terminal, and may run its own runtime) on a thread of its own.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Status> + Send + 'static,
) -> Result<T, Status> {
    let (send, receive) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .await
        .map_err(|_| Status::internal("the key operation failed unexpectedly"))?
}

/// sops' statuses: a key type this build cannot use is `NotFound` (sops'
/// code for a key type it does not know); any other failure is `Unknown`
/// with the key's own message, as gRPC-Go sends a plain error.
fn status(error: KeyError) -> Status {
    match error {
        e @ KeyError::Unsupported { .. } => Status::not_found(e.to_string()),
        e => Status::unknown(e.to_string()),
    }
}

/// With `--prompt`, asks on the terminal (sops' question and answers) and
/// refuses with `PermissionDenied` on "n".
fn confirm(prompt: Option<&Mutex<()>>, key: &MasterKey, op: &str) -> Result<(), Status> {
    let Some(lock) = prompt else {
        return Ok(());
    };
    let _asking = lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let stdin = std::io::stdin();
    loop {
        print!(
            "\nReceived {op} request using {} key {}. Respond to request? (y/n): ",
            key.key_type().id(),
            key.identifier()
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        match stdin.lock().read_line(&mut answer) {
            Ok(0) | Err(_) => return Err(Status::unknown("no answer to the prompt")),
            Ok(_) => {}
        }
        match answer.trim() {
            "y" => return Ok(()),
            "n" => return Err(Status::permission_denied("Request rejected by user")),
            _ => {}
        }
    }
}
