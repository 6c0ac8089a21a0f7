//! Catching the signals that end a process (SIGINT, SIGTERM, SIGHUP, …)
//! for a while, so that plaintext can be cleaned up first, and putting the
//! previous handling back. Used by atomic writes, `edit` and `exec-*`.

/// The current disposition of `sig`, or `None` when the signal is ignored
/// (a process started under `nohup` keeps ignoring SIGHUP) or cannot be
/// read: such a signal is left alone.
#[allow(unsafe_code)]
pub fn previous(sig: libc::c_int) -> Option<libc::sigaction> {
    // SAFETY: sigaction only reads into the zeroed plain-data struct.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        let read = libc::sigaction(sig, std::ptr::null(), &mut old) == 0;
        (read && old.sa_sigaction != libc::SIG_IGN).then_some(old)
    }
}

/// Installs `handler` for `sig`, with `SA_RESTART` when `restart` (so that
/// blocking reads in the waiting thread go on); whether it took.
#[allow(unsafe_code)]
pub fn install(sig: libc::c_int, handler: extern "C" fn(libc::c_int), restart: bool) -> bool {
    // SAFETY: a zeroed sigaction filled in before use; the handlers given
    // here only make async-signal-safe calls.
    unsafe {
        let mut new: libc::sigaction = std::mem::zeroed();
        new.sa_sigaction = handler as usize;
        if restart {
            new.sa_flags = libc::SA_RESTART;
        }
        libc::sigemptyset(&mut new.sa_mask);
        libc::sigaction(sig, &new, std::ptr::null_mut()) == 0
    }
}

/// Puts back a disposition [`previous`] returned. Async-signal-safe.
#[allow(unsafe_code)]
pub fn restore(sig: libc::c_int, old: &libc::sigaction) {
    // SAFETY: `old` is a disposition the system gave us.
    unsafe {
        libc::sigaction(sig, old, std::ptr::null_mut());
    }
}
