//! The `rsops` binary; everything lives in the library.

/// The stack of the thread that does the work. Every walk over a document
/// (parse, encrypt, MAC, emit) recurses once per level of nesting, and JSON
/// may nest `rsops::stores::json::MAX_DEPTH` (10,000) levels, as in sops; an
/// unoptimised build uses a few KiB per level. Only the pages a deep file
/// touches are ever backed by memory.
const STACK_SIZE: usize = 256 << 20;

fn main() {
    no_core_dumps();
    let worker = std::thread::Builder::new()
        .name("rsops".into())
        .stack_size(STACK_SIZE)
        .spawn(|| rsops::cli::run(std::env::args_os()));
    let code = match worker {
        Ok(handle) => match handle.join() {
            Ok(code) => code,
            Err(panic) => std::panic::resume_unwind(panic),
        },
        Err(e) => {
            eprintln!("rsops: cannot start a thread with a {STACK_SIZE}-byte stack: {e}");
            1
        }
    };
    std::process::exit(code);
}

/// Plaintext and keys pass through this process's memory: keep them out of
/// core dumps, and other processes of the same user from reading it through
/// ptrace or /proc/PID/mem. The core size limit also holds for tools rsops
/// starts (gpg, age plugins). Failures are ignored: nothing else depends on
/// them, and the calls cannot fail with these arguments.
#[cfg(target_os = "linux")]
fn no_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls on this process, with valid arguments.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
}

/// Elsewhere at least the core size limit, where there is one.
#[cfg(all(unix, not(target_os = "linux")))]
fn no_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a plain system call on this process, with valid arguments.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
}

#[cfg(not(unix))]
fn no_core_dumps() {}
