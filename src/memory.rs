//! Plaintext in memory: moving it between owners without leaving copies.

use zeroize::{Zeroize, Zeroizing};

/// Moves a buffer out of its zeroizing wrapper; the caller now owns the
/// plaintext. For `Vec` and `String`, whose empty value owns no memory:
/// the emptied wrapper is forgotten rather than dropped, because zeroizing
/// an empty vector is a zero-length store through its dangling pointer,
/// which AVX-512 machines complete in a slow microcode assist (about 50 ns,
/// measured here as an eighth of the time to decrypt a value).
pub fn take_zeroizing<T: Zeroize + Default>(mut wrapper: Zeroizing<T>) -> T {
    let inner = std::mem::take(&mut *wrapper);
    std::mem::forget(wrapper);
    inner
}

/// A value on pages of its own that are kept out of swap (`mlock`) and out
/// of core dumps (`MADV_DONTDUMP`, Linux) while it lives, and zeroized when
/// it is dropped: for the data key.
/// Locking is best effort: when `RLIMIT_MEMLOCK` is reached the value is
/// still usable, and core dumps are off for the whole process anyway
/// (`main.rs`).
pub struct Locked<T: Zeroize + Default> {
    ptr: std::ptr::NonNull<T>,
    layout: std::alloc::Layout,
}

// SAFETY: `Locked` owns its value like a `Box` does.
#[allow(unsafe_code)]
unsafe impl<T: Zeroize + Default + Send> Send for Locked<T> {}
// SAFETY: shared access only hands out `&T`.
#[allow(unsafe_code)]
unsafe impl<T: Zeroize + Default + Sync> Sync for Locked<T> {}

const PAGE: usize = 4096;

impl<T: Zeroize + Default> Locked<T> {
    /// `T::default()` on locked pages, to be filled in place (so the
    /// secret never sits in an unlocked temporary).
    #[allow(unsafe_code)]
    pub fn new() -> Self {
        let size = std::mem::size_of::<T>().max(1).next_multiple_of(PAGE);
        let layout = std::alloc::Layout::from_size_align(size, PAGE.max(std::mem::align_of::<T>()))
            .expect("a page-sized layout is valid");
        // SAFETY: the layout has a non-zero size; the pointer is checked
        // for null and then initialised before any use.
        let ptr = unsafe {
            let raw = std::alloc::alloc(layout).cast::<T>();
            let Some(ptr) = std::ptr::NonNull::new(raw) else {
                std::alloc::handle_alloc_error(layout)
            };
            ptr.as_ptr().write(T::default());
            ptr
        };
        #[cfg(unix)]
        // SAFETY: the range is exactly the allocation made above.
        unsafe {
            libc::mlock(ptr.as_ptr().cast(), size);
            #[cfg(target_os = "linux")]
            libc::madvise(ptr.as_ptr().cast(), size, libc::MADV_DONTDUMP);
        }
        Locked { ptr, layout }
    }
}

impl<T: Zeroize + Default + Clone> Clone for Locked<T> {
    fn clone(&self) -> Self {
        let mut copy = Locked::<T>::new();
        (*copy).clone_from(&**self);
        copy
    }
}

impl<T: Zeroize + Default> std::ops::Deref for Locked<T> {
    type Target = T;
    #[allow(unsafe_code)]
    fn deref(&self) -> &T {
        // SAFETY: initialised in `new`, alive until drop.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: Zeroize + Default> std::ops::DerefMut for Locked<T> {
    #[allow(unsafe_code)]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: initialised in `new`, alive until drop, and `&mut self`
        // makes this the only reference.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T: Zeroize + Default> Drop for Locked<T> {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        (**self).zeroize();
        // SAFETY: the value was initialised in `new` and is dropped once;
        // the pages are ours alone (page-aligned, page-sized), so unlocking
        // them touches no other value; then the allocation is freed with
        // the layout it was made with.
        unsafe {
            std::ptr::drop_in_place(self.ptr.as_ptr());
            #[cfg(unix)]
            libc::munlock(self.ptr.as_ptr().cast(), self.layout.size());
            std::alloc::dealloc(self.ptr.as_ptr().cast(), self.layout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_values_are_page_aligned_and_usable() {
        let mut key = Locked::<[u8; 32]>::new();
        key.copy_from_slice(&[7; 32]);
        assert_eq!(key[31], 7);
        assert_eq!(&*key as *const [u8; 32] as usize % PAGE, 0);
    }
}
