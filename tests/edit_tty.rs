//! `rsops edit` on a real terminal: tmux runs it with vi, and the test types
//! into vi as a user would. sops decrypts what was saved. Text that does not
//! parse brings the prompt; Enter reopens the editor on the same text,
//! Ctrl+C gives up without writing, and Ctrl+D (end of input) gives up and
//! keeps the text in a private file. tmux and vi come from
//! scripts/install-test-tools.sh.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::Scratch;

/// A tmux server of its own (private socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `script` (sh) in a detached 100x30 terminal.
    fn start(s: &Scratch, script: &Path) -> Tmux {
        let socket = format!(
            "rsops-edit-{}-{}",
            std::process::id(),
            script.file_name().unwrap().to_string_lossy()
        );
        let t = Tmux { socket };
        let status = t
            .cmd()
            .args([
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
            ])
            .arg(script)
            .current_dir(s.path(""))
            .status()
            .expect("tmux runs (scripts/install-test-tools.sh installs it)");
        assert!(status.success(), "tmux new-session failed");
        t
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    /// What the terminal shows.
    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        self.keys(&["-l", text]);
    }

    /// Sends tmux key names (`Enter`, `C-c`).
    fn keys(&self, keys: &[&str]) {
        let status = self
            .cmd()
            .args(["send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// In vi: runs an ex command.
    fn ex(&self, command: &str) {
        self.type_text(&format!(":{command}"));
        self.keys(&["Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .cmd()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// A script that runs `rsops edit FILE` with vi and writes its exit code to
/// `done`; the environment is spelled out because a tmux server has its own.
/// The shell catches SIGINT (Ctrl+C reaches it too) so that it lives to
/// write the code; rsops, started from it, gets the default disposition.
fn runner(s: &Scratch, name: &str, file: &Path) -> (PathBuf, PathBuf) {
    let done = s.path(&format!("{name}.done"));
    let run = s.path("run");
    std::fs::create_dir_all(&run).unwrap();
    let script = s.write(
        &format!("{name}.sh"),
        format!(
            "trap : INT\n\
             export HOME='{home}' SOPS_AGE_KEY_FILE='{key}' XDG_RUNTIME_DIR='{run}' TERM=xterm\n\
             unset SOPS_EDITOR SOPS_AGE_KEY SOPS_CONFIG\n\
             export EDITOR='vi -u NONE -n'\n\
             '{rsops}' edit '{file}'\n\
             echo $? > '{done}'\n",
            home = s.path("").display(),
            key = s.key_file.display(),
            run = run.display(),
            rsops = common::rsops_bin().display(),
            file = file.display(),
            done = done.display(),
        ),
    );
    (script, done)
}

/// The exit code the runner wrote, once it is there.
fn exit_code(done: &Path) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(done) {
            if text.ends_with('\n') {
                return text.trim().parse().unwrap();
            }
        }
        assert!(Instant::now() < deadline, "rsops edit never ended");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn encrypted_file(s: &Scratch) -> PathBuf {
    let plain = s.write(
        "plain.yaml",
        "# credentials\nuser: admin\npassword: hunter2 # keep safe\n",
    );
    s.write("secrets.yaml", common::encrypt(s, true, &plain))
}

fn no_workspace_left(s: &Scratch) {
    let left: Vec<_> = std::fs::read_dir(s.path("run")).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Starts `rsops edit` on `file` in vi, saves YAML that does not parse and
/// waits for rsops' prompt.
fn save_invalid_yaml(s: &Scratch, name: &str, file: &Path) -> (Tmux, PathBuf) {
    let (script, done) = runner(s, name, file);
    let tmux = Tmux::start(s, &script);
    tmux.wait_for("password: hunter2");
    tmux.ex("%s/hunter2/[oops/");
    tmux.ex("wq");
    tmux.wait_for("Press Enter to return to the editor");
    (tmux, done)
}

#[test]
fn vi_edits_a_value_and_sops_decrypts_it() {
    let s = Scratch::new();
    let file = encrypted_file(&s);
    let (script, done) = runner(&s, "edit", &file);
    let tmux = Tmux::start(&s, &script);
    tmux.wait_for("password: hunter2");
    tmux.wait_for("# keep safe");
    tmux.ex("%s/hunter2/hunter3/");
    tmux.ex("wq");
    assert_eq!(exit_code(&done), 0, "{}", tmux.screen());
    let shown = common::decrypt(&s, true, &file, &[]);
    let shown = String::from_utf8(shown).unwrap();
    assert!(shown.contains("password: hunter3"), "{shown}");
    assert!(
        shown.contains("user: admin") && shown.contains("keep safe"),
        "{shown}"
    );
    no_workspace_left(&s);
}

#[test]
fn invalid_yaml_prompts_and_the_editor_reopens_on_it() {
    let s = Scratch::new();
    let file = encrypted_file(&s);
    let (tmux, done) = save_invalid_yaml(&s, "fix", &file);
    let screen = tmux.screen();
    assert!(screen.contains("line 4, column 11"), "says where: {screen}");
    tmux.keys(&["Enter"]);
    // The same text comes back, to be fixed.
    tmux.wait_for("password: [oops");
    tmux.ex("%s/\\[oops/hunter4/");
    tmux.ex("wq");
    assert_eq!(exit_code(&done), 0, "{}", tmux.screen());
    let shown = String::from_utf8(common::decrypt(&s, true, &file, &[])).unwrap();
    assert!(shown.contains("password: hunter4"), "{shown}");
    no_workspace_left(&s);
}

#[test]
fn ctrl_c_at_the_prompt_gives_up_and_removes_the_plaintext() {
    let s = Scratch::new();
    let file = encrypted_file(&s);
    let before = std::fs::read(&file).unwrap();
    let (tmux, done) = save_invalid_yaml(&s, "cancel", &file);
    tmux.keys(&["C-c"]);
    assert_eq!(exit_code(&done), 128 + libc::SIGINT);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    no_workspace_left(&s);
}

#[test]
fn end_of_input_at_the_prompt_keeps_the_text() {
    let s = Scratch::new();
    let file = encrypted_file(&s);
    let before = std::fs::read(&file).unwrap();
    let (tmux, done) = save_invalid_yaml(&s, "eof", &file);
    tmux.keys(&["C-d"]);
    assert_eq!(exit_code(&done), 2, "{}", tmux.screen());
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let left: Vec<PathBuf> = std::fs::read_dir(s.path("run"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left.len(), 1, "only the kept text: {left:?}");
    let kept = std::fs::read_to_string(&left[0]).unwrap();
    assert!(kept.contains("password: [oops"), "{kept}");
    let mode = std::fs::metadata(&left[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
