//! The `rsops` binary; everything lives in the library.

fn main() {
    std::process::exit(rsops::cli::run(std::env::args_os()));
}
