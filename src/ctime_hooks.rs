//! Declassification hook for the constant-time check (`ci/ctime/`).
//!
//! libsecp256k1 marks values that become public inside a secret operation
//! (`secp256k1_declassify`) so that its valgrind check does not flag the
//! variable-time code that legitimately follows. This module is the same thing
//! for ptlc, without `unsafe`: the harness registers a function that tells
//! valgrind memcheck a range of memory is defined, and the crate calls
//! `declassify` on exactly the values the protocol makes public (a point
//! `k·G` that is published, a verdict the caller receives) right before it
//! branches on them or does variable-time work with them.
//!
//! The hook exists only when the crate is compiled with `--cfg ptlc_ctime`
//! (`ci/ctime/.cargo/config.toml` sets it for the check's own build); otherwise
//! `declassify` is an empty inline function and nothing here is public. It is a
//! `--cfg` flag rather than a Cargo feature on purpose: features unify across a
//! dependency graph, so any crate that turned a feature on would link `std` into
//! every no_std user and expose the hook, whereas a cfg flag is set only by
//! whoever builds the final binary, for that build.

/// The signature of a declassification hook: `(address, length)` of the
/// memory that now holds a public value.
#[cfg(ptlc_ctime)]
pub type DeclassifyHook = fn(*const u8, usize);

#[cfg(ptlc_ctime)]
static HOOK: std::sync::OnceLock<DeclassifyHook> = std::sync::OnceLock::new();

/// Registers the hook (once per process; later calls are ignored and return
/// `false`). Only the constant-time harness calls this.
///
/// ```
/// fn ignore(_: *const u8, _: usize) {}
/// # #[cfg(ptlc_ctime)]
/// ptlc::ctime_hooks::set_declassify_hook(ignore);
/// ```
#[cfg(ptlc_ctime)]
pub fn set_declassify_hook(hook: DeclassifyHook) -> bool {
    HOOK.set(hook).is_ok()
}

/// Marks `value` as public for the constant-time check. Taking `&mut` makes
/// the compiler reload the value from memory afterwards, so the branch that
/// follows sees the declassified copy and not a register copy.
#[cfg(ptlc_ctime)]
#[inline(never)]
pub(crate) fn declassify<T: ?Sized>(value: &mut T) {
    if let Some(hook) = HOOK.get() {
        hook(
            core::ptr::from_mut(value).cast::<u8>(),
            core::mem::size_of_val(value),
        );
    }
}

/// Marks `value` as public for the constant-time check (no-op in this build).
#[cfg(not(ptlc_ctime))]
#[inline(always)]
pub(crate) fn declassify<T: ?Sized>(_value: &mut T) {}
