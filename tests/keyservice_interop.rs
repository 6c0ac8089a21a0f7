//! The key service against real sops 3.11, both ways: rsops as the client
//! of `sops keyservice`, and sops as the client of `rsops keyservice`, over
//! TCP on loopback and over a unix socket. The age identity and the PGP
//! secret key are given to the server process only; the clients have
//! neither, so every unwrap they do goes through the server.
#![cfg(all(unix, feature = "keyservice"))]

mod common;

use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::{fails, ok, rsops_bin, sops_bin, Gnupg, Scratch};

/// The fingerprint of testdata/pgp's throwaway key (no passphrase).
const PGP_FP: &str = "DFC5968E02F91A35C29B9509D8F3A5D49DE77DB7";
const PLAIN: &str = "password: hunter2\nlist:\n    - 1\n";

/// A key service process, killed when dropped.
struct Server {
    child: Child,
    uri: String,
    socket: Option<PathBuf>,
    _gnupg: Gnupg,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone, Copy, Debug)]
enum Network {
    Tcp,
    Unix,
}

/// A GnuPG home in `s`, holding the throwaway PGP key when `with_key`.
fn gnupg_home(s: &Scratch, name: &str, with_key: bool) -> Gnupg {
    let key = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pgp/spec-ed25519-throwaway-no-passphrase.sec.asc");
    Gnupg::new(s.path(name), with_key.then_some(key.as_path()))
}

/// A loopback port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `program keyservice` with the scratch's first age identity
/// (`age_key` true) and the PGP key, and waits until it accepts
/// connections.
fn start(s: &Scratch, program: &Path, network: Network, age_key: bool) -> Server {
    let name = program.file_name().unwrap().to_string_lossy().into_owned();
    let gnupg = gnupg_home(s, &format!("gnupg-{name}-{network:?}"), true);
    let mut c = s.command(program);
    c.env("GNUPGHOME", &gnupg.home)
        .arg("keyservice")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if !age_key {
        c.env("SOPS_AGE_KEY_FILE", &s.other_key_file);
    }
    let (uri, socket) = match network {
        Network::Tcp => {
            let address = format!("127.0.0.1:{}", free_port());
            c.args(["--network", "tcp", "--address", &address]);
            (format!("tcp://{address}"), None)
        }
        Network::Unix => {
            let socket = s.path(&format!("{name}.sock"));
            c.args(["--network", "unix", "--address"]).arg(&socket);
            (format!("unix://{}", socket.display()), Some(socket))
        }
    };
    let child = c.spawn().expect("the key service starts");
    let server = Server {
        child,
        uri,
        socket,
        _gnupg: gnupg,
    };
    server.wait_until_ready();
    server
}

impl Server {
    /// Polls until a connection succeeds; fails if the server exited.
    fn wait_until_ready(&self) {
        for _ in 0..600 {
            let up = match &self.socket {
                Some(path) => UnixStream::connect(path).is_ok(),
                None => TcpStream::connect(self.uri.trim_start_matches("tcp://")).is_ok(),
            };
            if up {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "the key service at {} never accepted a connection",
            self.uri
        );
    }
}

/// A client command: no age identity and an empty GnuPG home, so only the
/// server can unwrap.
fn client(s: &Scratch, program: &Path) -> Command {
    let mut c = s.command(program);
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env("GNUPGHOME", s.path("gnupg-client"));
    if program == sops_bin() {
        c.arg("--disable-version-check");
    }
    c
}

fn encrypt(s: &Scratch, program: &Path, server: &Server, keys: &[&str], name: &str) -> PathBuf {
    let plain = s.write(&format!("{name}.yaml"), PLAIN);
    let mut c = client(s, program);
    c.arg("encrypt")
        .args(keys)
        .args(["--keyservice", &server.uri])
        .arg(&plain);
    let encrypted = ok(c);
    s.write(&format!("{name}.enc.yaml"), encrypted)
}

fn decrypt(s: &Scratch, program: &Path, server: &Server, file: &Path, local: bool) -> Vec<u8> {
    let mut c = client(s, program);
    c.arg("decrypt").args(["--keyservice", &server.uri]);
    if !local {
        c.arg("--enable-local-keyservice=false");
    }
    c.arg(file);
    ok(c)
}

/// Files encrypted by each client (age only, PGP only) decrypt with both
/// clients through `server`, with and without the local key service.
fn round_trips(s: &Scratch, server: &Server, tag: &str) {
    let age = ["--age", s.recipient.as_str()];
    let pgp = ["--pgp", PGP_FP];
    let rsops = rsops_bin();
    let sops = sops_bin();
    for (writer, keys, name) in [
        (&rsops, &age[..], "rsops-age"),
        (&rsops, &pgp[..], "rsops-pgp"),
        (&sops, &age[..], "sops-age"),
        (&sops, &pgp[..], "sops-pgp"),
    ] {
        let file = encrypt(s, writer, server, keys, &format!("{tag}-{name}"));
        for reader in [&rsops, &sops] {
            for local in [true, false] {
                let plain = decrypt(s, reader, server, &file, local);
                assert_eq!(
                    String::from_utf8_lossy(&plain),
                    PLAIN,
                    "{name} read by {} (local key service: {local}) over {}",
                    reader.display(),
                    server.uri
                );
            }
        }
    }
}

/// Round trips through a key service run by `server`, over TCP and a unix
/// socket.
fn round_trips_with(server: &Path) {
    let s = Scratch::new();
    let _client = gnupg_home(&s, "gnupg-client", false);
    for network in [Network::Tcp, Network::Unix] {
        let server = start(&s, server, network, true);
        round_trips(&s, &server, &format!("{network:?}"));
    }
}

#[test]
fn sops_keyservice_serves_both_clients() {
    round_trips_with(&sops_bin());
}

#[test]
fn rsops_keyservice_serves_both_clients() {
    round_trips_with(&rsops_bin());
}

/// PLAIN encrypted by rsops for the scratch's age key, which only the
/// servers that are given it hold.
fn age_file(s: &Scratch) -> PathBuf {
    let file = s.write("plain.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&file);
    s.write("age.enc.yaml", ok(c))
}

/// Without the key service the clients have no key; with it, a server
/// that lacks the key fails the same way for sops and rsops clients.
#[test]
fn a_key_the_server_lacks_fails_as_in_sops() {
    let s = Scratch::new();
    let _client = gnupg_home(&s, "gnupg-client", false);
    let file = age_file(&s);
    for program in [sops_bin(), rsops_bin()] {
        let server = start(&s, &program, Network::Tcp, false);
        for reader in [sops_bin(), rsops_bin()] {
            let mut c = client(&s, &reader);
            c.args(["decrypt", "--enable-local-keyservice=false", "--keyservice"])
                .arg(&server.uri)
                .arg(&file);
            let err = fails(c, 128);
            assert!(
                err.contains(&s.recipient) && err.contains("code = Unknown"),
                "{} against {}: {err}",
                reader.display(),
                program.display()
            );
        }
    }
}

#[test]
fn local_key_service_off_and_no_service_fails() {
    let s = Scratch::new();
    let file = age_file(&s);
    // The identity is at hand, but the only service is switched off.
    let mut c = s.rsops();
    c.args(["decrypt", "--enable-local-keyservice=false"])
        .arg(&file);
    let err = fails(c, 128);
    assert!(err.contains("--enable-local-keyservice=false"), "{err}");
    let mut c = s.rsops();
    c.args(["decrypt", "--keyservice", "localhost:5000"])
        .arg(&file);
    let err = fails(c, 1);
    assert!(
        err.contains("--keyservice") && err.contains("\"localhost:5000\""),
        "{err}"
    );
}

#[test]
fn rsops_server_socket_is_private_and_removed_on_sigterm() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new();
    let mut server = start(&s, &rsops_bin(), Network::Unix, true);
    let socket = server.socket.clone().unwrap();
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "socket mode {mode:o}");
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "the key service exited with {exit}");
    assert!(!socket.exists(), "{} is left behind", socket.display());
    // Nothing else is left beside it (the private directory it was made in).
    let left: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rsops-keyservice"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Legacy mode (`-e`, `-d`), which sops also lets reach a key service: the
/// file round-trips through the server alone, as with the subcommands.
#[test]
fn legacy_mode_uses_the_key_service() {
    let s = Scratch::new();
    let _client = gnupg_home(&s, "gnupg-client", false);
    let server = start(&s, &sops_bin(), Network::Unix, true);
    let plain = s.write("legacy.yaml", PLAIN);
    let mut c = client(&s, &rsops_bin());
    c.args(["-e", "--pgp", PGP_FP, "--keyservice", &server.uri])
        .arg(&plain);
    let file = s.write("legacy.enc.yaml", ok(c));
    let mut c = client(&s, &rsops_bin());
    c.args([
        "-d",
        "--enable-local-keyservice=false",
        "--keyservice",
        &server.uri,
    ])
    .arg(&file);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    // Without the service the client has no key at all.
    let mut c = client(&s, &rsops_bin());
    c.arg("-d").arg(&file);
    fails(c, 128);
}

/// `--prompt`: the server asks before each answer (on its standard input
/// here, as on a terminal); "n" refuses with sops' PermissionDenied, which
/// both clients report as a failed key (exit 128), and "y" answers.
#[test]
fn rsops_server_prompt_refuses_on_n_and_answers_on_y() {
    use std::io::Write;
    let s = Scratch::new();
    let _client = gnupg_home(&s, "gnupg-client", false);
    let file = age_file(&s);
    let socket = s.path("prompt.sock");
    let mut c = s.rsops();
    c.args(["keyservice", "--prompt", "--network", "unix", "--address"])
        .arg(&socket)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = c.spawn().expect("the key service starts");
    let mut answers = child.stdin.take().unwrap();
    let server = Server {
        child,
        uri: format!("unix://{}", socket.display()),
        socket: Some(socket),
        _gnupg: gnupg_home(&s, "gnupg-server", false),
    };
    server.wait_until_ready();
    // An answer that is neither y nor n asks again.
    answers.write_all(b"maybe\nn\n").unwrap();
    for reader in [sops_bin(), rsops_bin()] {
        let mut c = client(&s, &reader);
        c.args(["decrypt", "--enable-local-keyservice=false", "--keyservice"])
            .arg(&server.uri)
            .arg(&file);
        if reader == rsops_bin() {
            answers.write_all(b"n\n").unwrap();
        }
        let err = fails(c, 128);
        // sops wraps its report at a fixed width, so only the start of the
        // server's message is sure to be on one line.
        assert!(
            err.contains("code = PermissionDenied desc = Request rejected"),
            "{}: {err}",
            reader.display()
        );
    }
    answers.write_all(b"y\n").unwrap();
    let mut c = client(&s, &rsops_bin());
    c.args(["decrypt", "--enable-local-keyservice=false", "--keyservice"])
        .arg(&server.uri)
        .arg(&file);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}
