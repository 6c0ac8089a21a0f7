//! The `rsops` binary; everything lives in the library.

/// The stack of the thread that does the work. Every walk over a document
/// (parse, encrypt, MAC, emit) recurses once per level of nesting, and JSON
/// may nest `rsops::stores::json::MAX_DEPTH` (10,000) levels, as in sops; an
/// unoptimised build uses a few KiB per level. Only the pages a deep file
/// touches are ever backed by memory.
const STACK_SIZE: usize = 256 << 20;

fn main() {
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
