//! SIGINT, SIGTERM and SIGHUP during an edit: they must not end the process
//! before the plaintext folder is removed, so while an edit session lives
//! they are caught and reported to it instead (sops 3.11 left the folder
//! behind; 3.12.2 fixed it).
//!
//! The handlers only write the signal's number to a pipe (the self-pipe
//! trick, async-signal-safe). The session waits on that pipe together with
//! the editor's exit or the terminal, so a signal wakes it at once; it then
//! passes the signal on to the editor, removes its folder and exits.

use std::io;
use std::process::{Child, ExitStatus};
use std::time::Duration;

/// What ended a wait.
#[derive(Debug)]
pub enum Waited<T> {
    Done(T),
    /// This signal arrived first.
    Signal(i32),
}

/// How long an editor that was passed a signal gets to exit (and write its
/// swap or backup files) before its folder is removed anyway.
#[cfg(unix)]
const GRACE: Duration = Duration::from_secs(2);

#[cfg(unix)]
pub use unix::Signals;

// Signal handlers, a pipe, poll(2) and kill(2): system calls, each with
// its SAFETY comment.
#[cfg(unix)]
#[allow(unsafe_code)]
mod unix {
    use super::*;
    use std::io::Read;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::sync::atomic::{AtomicI32, Ordering};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The write end of the live session's pipe, or -1.
    static WRITE_FD: AtomicI32 = AtomicI32::new(-1);

    /// One session at a time owns the handlers.
    static LOCK: Mutex<()> = Mutex::new(());

    /// The handlers, installed until dropped (the previous dispositions
    /// are then restored; a signal the process ignored stays ignored).
    pub struct Signals {
        read: OwnedFd,
        write: OwnedFd,
        previous: Vec<(libc::c_int, libc::sigaction)>,
        _lock: MutexGuard<'static, ()>,
    }

    extern "C" fn on_signal(sig: libc::c_int) {
        let fd = WRITE_FD.load(Ordering::SeqCst);
        if fd >= 0 {
            let byte = sig as u8;
            // SAFETY: write(2) is async-signal-safe; the buffer is one valid
            // byte. A full pipe (non-blocking) just drops this copy: the
            // session already has a signal to act on.
            unsafe {
                libc::write(fd, (&byte as *const u8).cast(), 1);
            }
        }
    }

    fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe(2) returns.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just created and are owned here.
        let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        for (fd, flags) in [
            (&read, 0),
            // The handler must never block.
            (&write, libc::O_NONBLOCK),
        ] {
            // SAFETY: fcntl on descriptors owned here. Close-on-exec keeps
            // them out of the editor.
            unsafe {
                libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC);
                let old = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
                libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, old | flags);
            }
        }
        Ok((read, write))
    }

    impl Signals {
        pub fn install() -> io::Result<Signals> {
            let lock = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            let (read, write) = pipe()?;
            WRITE_FD.store(write.as_raw_fd(), Ordering::SeqCst);
            let mut previous = Vec::new();
            for sig in SIGNALS {
                // The handler only calls write(2).
                if let Some(old) = crate::signal::previous(sig) {
                    if crate::signal::install(sig, on_signal, true) {
                        previous.push((sig, old));
                    }
                }
            }
            Ok(Signals {
                read,
                write,
                previous,
                _lock: lock,
            })
        }

        /// Waits for `child` to exit, or for a signal. A signal is passed
        /// on to the child, which gets [`GRACE`] to exit.
        pub fn wait(&self, mut child: Child) -> io::Result<Waited<ExitStatus>> {
            let pid = child.id();
            // The waiting thread says "exited" through its own end of the
            // pipe: if a signal makes the session leave first, the thread
            // may outlive `self` and must not write to a closed descriptor.
            let notify = self.write.try_clone()?;
            let waiter = std::thread::Builder::new()
                .name("rsops-editor".into())
                .spawn(move || {
                    let status = child.wait();
                    // SAFETY: one byte to a descriptor this thread owns.
                    unsafe {
                        libc::write(notify.as_raw_fd(), [0u8].as_ptr().cast(), 1);
                    }
                    status
                })?;
            match self.next_blocking()? {
                0 => {}
                sig => {
                    let sig = i32::from(sig);
                    if let Ok(pid) = libc::pid_t::try_from(pid) {
                        // SAFETY: kill(2) on our own child, not reaped yet
                        // (the waiter has not written its byte).
                        unsafe {
                            libc::kill(pid, sig);
                        }
                    }
                    // Until the editor exits or the grace period ends;
                    // more signals change nothing.
                    let deadline = std::time::Instant::now() + GRACE;
                    while let Some(left) =
                        deadline.checked_duration_since(std::time::Instant::now())
                    {
                        if self.next(Some(left))?.is_none_or(|b| b == 0) {
                            break;
                        }
                    }
                    return Ok(Waited::Signal(sig));
                }
            }
            match waiter.join() {
                Ok(status) => status.map(Waited::Done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }

        /// Waits for a line on standard input (the terminal): `Done(true)`
        /// for a line, `Done(false)` at the end of input.
        pub fn wait_for_line(&self) -> io::Result<Waited<bool>> {
            let mut stdin = io::stdin().lock();
            loop {
                let mut fds = [
                    libc::pollfd {
                        fd: self.read.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    },
                    libc::pollfd {
                        fd: libc::STDIN_FILENO,
                        events: libc::POLLIN,
                        revents: 0,
                    },
                ];
                if poll(&mut fds, None)? == 0 {
                    continue;
                }
                if fds[0].revents != 0 {
                    if let Some(sig) = self.next(Some(Duration::ZERO))?.filter(|&b| b != 0) {
                        return Ok(Waited::Signal(i32::from(sig)));
                    }
                }
                if fds[1].revents != 0 {
                    let mut byte = [0u8];
                    loop {
                        match stdin.read(&mut byte) {
                            Ok(0) => return Ok(Waited::Done(false)),
                            Ok(_) if byte[0] == b'\n' => return Ok(Waited::Done(true)),
                            Ok(_) => {}
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
            }
        }

        /// A signal that arrived since the last wait, if any.
        pub fn pending(&self) -> io::Result<Option<i32>> {
            while let Some(byte) = self.next(Some(Duration::ZERO))? {
                if byte != 0 {
                    return Ok(Some(i32::from(byte)));
                }
            }
            Ok(None)
        }

        /// The next byte from the pipe, however long it takes.
        fn next_blocking(&self) -> io::Result<u8> {
            loop {
                if let Some(byte) = self.next(None)? {
                    return Ok(byte);
                }
            }
        }

        /// The next byte from the pipe; `None` when `timeout` passes first.
        fn next(&self, timeout: Option<Duration>) -> io::Result<Option<u8>> {
            let mut fds = [libc::pollfd {
                fd: self.read.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            }];
            loop {
                if poll(&mut fds, timeout)? == 0 {
                    return Ok(None);
                }
                let mut byte = 0u8;
                // SAFETY: reads one byte into a valid buffer from our pipe,
                // which poll says is readable.
                let n =
                    unsafe { libc::read(self.read.as_raw_fd(), (&mut byte as *mut u8).cast(), 1) };
                match n {
                    1 => return Ok(Some(byte)),
                    _ => {
                        let e = io::Error::last_os_error();
                        if e.kind() != io::ErrorKind::Interrupted {
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    /// poll(2), retried when a signal interrupts it.
    fn poll(fds: &mut [libc::pollfd], timeout: Option<Duration>) -> io::Result<usize> {
        let ms = timeout.map_or(-1, |t| {
            libc::c_int::try_from(t.as_millis()).unwrap_or(libc::c_int::MAX)
        });
        loop {
            // SAFETY: `fds` is a valid array of pollfd of the given length.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
            if n >= 0 {
                return Ok(n as usize);
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }

    impl Drop for Signals {
        fn drop(&mut self) {
            WRITE_FD.store(-1, Ordering::SeqCst);
            for (sig, old) in &self.previous {
                crate::signal::restore(*sig, old);
            }
        }
    }
}

/// Without Unix signals the editor is simply waited for.
#[cfg(not(unix))]
pub struct Signals;

#[cfg(not(unix))]
impl Signals {
    pub fn install() -> io::Result<Signals> {
        Ok(Signals)
    }

    pub fn wait(&self, mut child: Child) -> io::Result<Waited<ExitStatus>> {
        child.wait().map(Waited::Done)
    }

    pub fn wait_for_line(&self) -> io::Result<Waited<bool>> {
        let mut line = String::new();
        io::stdin()
            .read_line(&mut line)
            .map(|n| Waited::Done(n > 0))
    }

    pub fn pending(&self) -> io::Result<Option<i32>> {
        Ok(None)
    }
}
