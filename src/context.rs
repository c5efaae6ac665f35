//! The libsecp256k1 context ptlc owns, and the randomization policy of its
//! base-point multiplications (SPEC.md, "Security notes", "Context randomization").
//!
//! secp256k1 0.33's context-free functions copy a global context and
//! re-randomize it after every secret-key operation (a second base-point
//! multiplication), so each `k·G` costs about twice libsecp256k1's own. This
//! module keeps one context for the whole process, in static storage, and calls
//! `secp256k1_ec_pubkey_create` on it through `secp256k1::ffi` (secp256k1-sys,
//! the C library the `secp256k1` crate wraps). It is the only module of the
//! crate allowed to use `unsafe`.
//!
//! Randomization (the blinding of libsecp256k1's `ecmult_gen`, a defence in
//! depth against side channels such as power analysis):
//!
//! * The context is randomized once, when it is created: with the `std`
//!   feature from the operating system's randomness; else from the seed a
//!   caller gave to [`seed`] before the first secret-key operation; else from
//!   the first secret the crate multiplies by `G` (as secp256k1 does). Later
//!   calls share it read-only (this is Bitcoin Core's practice).
//! * With the `rerandomize` feature, every secret-key operation also
//!   re-randomizes the context afterwards, chaining the previous blinding
//!   with the secret it just used (secp256k1 0.33's policy, for hardware
//!   signers facing power analysis). The context is then taken under a
//!   try-lock; a caller that finds it taken (another thread, an interrupt)
//!   runs on secp256k1's own global context instead, with the same
//!   re-randomization, and never waits.
//!
//! Nothing here blocks: before the context exists without a seed (no `std`,
//! no [`seed`], only public inputs so far), or while another caller creates
//! it, an operation falls back to secp256k1's global context.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicPtr, AtomicU8, Ordering};

use secp256k1::ffi::{self, types::c_void, types::AlignedType, CPtr};
use secp256k1::{PublicKey, SecretKey};

/// Room for the context: libsecp256k1 0.6 (secp256k1-sys 0.14) needs about
/// 200 bytes on 64-bit targets; [`create`] checks the real size at run time.
const WORDS: usize = 32;

/// The state of [`STORAGE`].
const EMPTY: u8 = 0;
/// One caller is creating the context.
const CREATING: u8 = 1;
/// The context exists and nobody holds it exclusively.
const READY: u8 = 2;
/// A caller holds the context exclusively to re-randomize it (`rerandomize`).
const TAKEN: u8 = 3;
/// The context could not be created (the buffer is too small): every
/// operation uses secp256k1's global context.
const FAILED: u8 = 4;

/// The memory of the one context, written only by the caller that moves
/// [`STATE`] from `EMPTY` to `CREATING` and, with `rerandomize`, by the one
/// that moves it from `READY` to `TAKEN`.
struct Storage(UnsafeCell<[MaybeUninit<AlignedType>; WORDS]>);

// SAFETY: every access to the cell is ordered by `STATE`: it is written by
// `create` only while `STATE == CREATING`, which exactly one caller can
// reach (compare-exchange from `EMPTY`), and published with a `Release` store
// of `READY` that readers `Acquire`. From then on libsecp256k1 only reads it
// (every function but `secp256k1_context_randomize` takes a `const` context),
// except `secp256k1_context_randomize`, called only by the one caller that
// moved `STATE` from `READY` to `TAKEN` (compare-exchange, `Acquire`) and
// before it stores `READY` again (`Release`); no reader uses the context while
// `STATE` is `TAKEN`, since readers proceed only on `READY`, and with
// `rerandomize` every reader takes `TAKEN` first.
unsafe impl Sync for Storage {}

const UNINIT: MaybeUninit<AlignedType> = MaybeUninit::uninit();
static STORAGE: Storage = Storage(UnsafeCell::new([UNINIT; WORDS]));
static STATE: AtomicU8 = AtomicU8::new(EMPTY);
static CONTEXT: AtomicPtr<ffi::Context> = AtomicPtr::new(core::ptr::null_mut());

/// The context flags: a signing context (libsecp256k1 0.6 builds every
/// context the same way; the flag is its documented name for `ecmult_gen`).
const FLAGS: ffi::types::c_uint = ffi::SECP256K1_START_SIGN;

/// Seeds the context's randomization before its first use; `true` if this
/// call created the context with `seed`, `false` if it existed already (its
/// randomization is then left as it is).
///
/// Without the `std` feature, call this once at start-up with 32 bytes from
/// the device's random number generator; otherwise the context is randomized
/// from the first secret the crate multiplies. With `std` the operating
/// system's randomness is mixed in as well. The seed need not be uniformly
/// random (libsecp256k1 hashes it), but it should be unpredictable.
///
/// ```
/// let fresh = [0x5eu8; 32]; // 32 bytes from a hardware RNG in real firmware
/// let first = ptlc::context::seed(&fresh);
/// assert!(!ptlc::context::seed(&fresh)); // the second call never seeds again
/// # let _ = first;
/// ```
pub fn seed(seed: &[u8; 32]) -> bool {
    if STATE
        .compare_exchange(EMPTY, CREATING, Ordering::Acquire, Ordering::Acquire)
        .is_err()
    {
        return false;
    }
    create(Some(seed)).is_some()
}

/// Creates the context in [`STORAGE`] and randomizes it (operating-system
/// randomness with `std`, then `seed` when given); stores `READY`, or `FAILED`
/// if the buffer is too small, or `EMPTY` again (nothing created) when there
/// is no randomness at all. Called only by the caller that moved `STATE` to
/// `CREATING`.
fn create(seed: Option<&[u8; 32]>) -> Option<NonNull<ffi::Context>> {
    #[cfg(feature = "std")]
    let mut os = {
        use rand_core::TryRngCore;
        let mut os = [0u8; 32];
        rand_core::OsRng.try_fill_bytes(&mut os).ok().map(|()| os)
    };
    #[cfg(not(feature = "std"))]
    let mut os: Option<[u8; 32]> = None;
    if os.is_none() && seed.is_none() {
        STATE.store(EMPTY, Ordering::Release);
        return None;
    }
    // SAFETY: a plain query of libsecp256k1, no pointer argument.
    let size = unsafe { ffi::secp256k1_context_preallocated_size(FLAGS) };
    let Some(buf) = NonNull::new(STORAGE.0.get().cast::<c_void>())
        .filter(|_| size != 0 && size <= core::mem::size_of::<[AlignedType; WORDS]>())
    else {
        STATE.store(FAILED, Ordering::Release);
        return None;
    };
    // SAFETY: `buf` is the static, 16-byte aligned (`AlignedType`) buffer of
    // `WORDS * 16` bytes, at least `size` as checked above, which is what
    // `secp256k1_context_preallocated_create` requires; it lives for the whole
    // program and nobody else touches it while `STATE == CREATING` (see
    // `Storage`). `FLAGS` is a valid context flag.
    let ctx = unsafe { ffi::secp256k1_context_preallocated_create(buf, FLAGS) };
    if let Some(os) = os.as_mut() {
        randomize(ctx, os);
        zeroize::Zeroize::zeroize(os);
    }
    if let Some(seed) = seed {
        randomize(ctx, seed);
    }
    CONTEXT.store(ctx.as_ptr(), Ordering::Relaxed);
    STATE.store(READY, Ordering::Release);
    Some(ctx)
}

/// Chains `seed` into the context's blinding (`secp256k1_context_randomize`).
fn randomize(ctx: NonNull<ffi::Context>, seed: &[u8; 32]) {
    // SAFETY: `ctx` is the context in `STORAGE` (created by `create`), and the
    // caller has exclusive access to it (`STATE` is `CREATING` or `TAKEN`, see
    // `Storage`); `seed` points to 32 readable bytes. The function returns 1
    // for every proper context, so its result carries no information.
    let _ = unsafe { ffi::secp256k1_context_randomize(ctx, seed.as_ptr()) };
}

/// The context for one operation: exclusively (`rerandomize`) or shared.
/// `secret` is the secret the operation uses, if any: it seeds a context
/// created now when no other seed is at hand. `None` means "use secp256k1's
/// global context".
fn acquire(secret: Option<&[u8; 32]>) -> Option<NonNull<ffi::Context>> {
    let mut state = STATE.load(Ordering::Acquire);
    if state == EMPTY && (cfg!(feature = "std") || secret.is_some()) {
        if STATE
            .compare_exchange(EMPTY, CREATING, Ordering::Acquire, Ordering::Acquire)
            .is_ok()
        {
            create(secret)?;
        }
        state = STATE.load(Ordering::Acquire);
    }
    if state != READY {
        return None;
    }
    if cfg!(feature = "rerandomize")
        && STATE
            .compare_exchange(READY, TAKEN, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
    {
        return None;
    }
    NonNull::new(CONTEXT.load(Ordering::Relaxed))
}

/// Ends an operation started with [`acquire`]: with `rerandomize`, chains
/// `secret` into the blinding and gives the context back.
fn release(ctx: NonNull<ffi::Context>, secret: Option<&[u8; 32]>) {
    if cfg!(feature = "rerandomize") {
        if let Some(secret) = secret {
            randomize(ctx, secret);
        }
        STATE.store(READY, Ordering::Release);
    }
}

/// Runs `f` on a context: ours when it is available, else secp256k1's global
/// context (re-randomized afterwards with `secret` when one is given, as the
/// `secp256k1` crate does).
fn with_context<T>(secret: Option<&[u8; 32]>, f: impl FnOnce(NonNull<ffi::Context>) -> T) -> T {
    match acquire(secret) {
        Some(ctx) => {
            let out = f(ctx);
            release(ctx, secret);
            out
        }
        None => secp256k1::with_raw_global_context(f, secret),
    }
}

/// `k·G` for a 32-byte big-endian scalar `k` through libsecp256k1's
/// constant-time `ecmult_gen` (`secp256k1_ec_pubkey_create`); `None` if `k`
/// is 0 or not below n. `secret` says whether `k` is secret: only then does
/// the `rerandomize` feature re-randomize afterwards, and only a secret seeds
/// a context that does not exist yet.
///
/// The returned point is not declassified for the constant-time check: it is
/// the caller's to say the product is public.
pub(crate) fn ec_pubkey_create(k: &[u8; 32], secret: bool) -> Option<PublicKey> {
    let seed = if secret { Some(k) } else { None };
    let (mut ret, pk) = with_context(seed, |ctx| {
        // SAFETY: `ffi::PublicKey::new` is a zeroed 64-byte value, passed only
        // as the out-pointer (its documented safe use). `ctx` is a valid context for the whole call: ours (created by
        // `create`, never destroyed, not being randomized: `acquire` returned
        // it) or the secp256k1 crate's global one, which it lends for the
        // closure. Every libsecp256k1 context can run `ecmult_gen`. `pk` is a
        // live `ffi::PublicKey`, the 64-byte type the function writes through
        // its out-pointer, and `k` points to the 32 readable bytes it reads.
        unsafe {
            let mut pk = ffi::PublicKey::new();
            let ret = ffi::secp256k1_ec_pubkey_create(ctx.as_ptr(), &mut pk, k.as_ptr());
            (ret, pk)
        }
    });
    // Whether `k` was a valid scalar: public for every caller (a secret's type
    // keeps it in range; a public scalar is public). libsecp256k1 declassifies
    // its own such verdicts.
    crate::ctime_hooks::declassify(&mut ret);
    if ret == 1 {
        Some(PublicKey::from(pk))
    } else {
        None
    }
}

/// A valid `SecretKey` (the value 1) to copy secrets into, made once: the only
/// public `SecretKey` constructor from bytes, `SecretKey::from_secret_bytes`,
/// takes secp256k1's global context, which without `std` is re-created on
/// every call.
struct Template(UnsafeCell<MaybeUninit<SecretKey>>);

// SAFETY: the cell is written once, by the one caller that moves
// `TEMPLATE_STATE` from `EMPTY` to `CREATING` (compare-exchange), and read
// only after an `Acquire` load sees the `Release` store of `READY` that
// follows the write; it is never written again.
unsafe impl Sync for Template {}

static TEMPLATE: Template = Template(UnsafeCell::new(MaybeUninit::uninit()));
static TEMPLATE_STATE: AtomicU8 = AtomicU8::new(EMPTY);

fn template() -> Option<SecretKey> {
    if TEMPLATE_STATE.load(Ordering::Acquire) == READY {
        // SAFETY: `READY` is stored only after the cell was written with a
        // valid `SecretKey` (see `Template`), and the cell is never written
        // again; `SecretKey` is `Copy`.
        return Some(unsafe { (*TEMPLATE.0.get()).assume_init() });
    }
    let mut one = [0u8; 32];
    if let Some(last) = one.last_mut() {
        *last = 1;
    }
    let one = SecretKey::from_secret_bytes(one).ok()?;
    if TEMPLATE_STATE
        .compare_exchange(EMPTY, CREATING, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
    {
        // SAFETY: only this caller (it moved the state to `CREATING`) writes
        // the cell, and nobody reads it before `READY`.
        unsafe { (*TEMPLATE.0.get()).write(one) };
        TEMPLATE_STATE.store(READY, Ordering::Release);
    }
    Some(one)
}

/// `bytes` as a libsecp256k1 `SecretKey` if they are in `[1, n-1]`, checked in
/// constant time by `secp256k1_ec_seckey_verify` on libsecp256k1's static
/// context (the check needs no precomputation), without secp256k1's global
/// context. The verdict is declassified for the valgrind check: every caller's
/// verdict is public (a secret's type keeps it in range; a rejected input is
/// an error the caller sees), as in `SecretKey::from_secret_bytes`.
pub(crate) fn secret_key(bytes: &[u8; 32]) -> Option<SecretKey> {
    let Some(mut sk) = template() else {
        return SecretKey::from_secret_bytes(*bytes).ok();
    };
    // SAFETY: `sk.as_mut_c_ptr()` points to the 32 bytes of `sk`, a local
    // value we own, and `bytes` to 32 other readable bytes: the copy stays
    // within both. A `SecretKey` is plain bytes; until the check below passes
    // it is not handed to anyone. `secp256k1_context_static` is libsecp256k1's
    // read-only static context, valid for `secp256k1_ec_seckey_verify`, which
    // reads the 32 bytes at its pointer.
    let mut valid = unsafe {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), sk.as_mut_c_ptr(), 32);
        ffi::secp256k1_ec_seckey_verify(ffi::secp256k1_context_static, sk.as_c_ptr())
    };
    crate::ctime_hooks::declassify(&mut valid);
    if valid == 1 {
        Some(sk)
    } else {
        sk.non_secure_erase();
        None
    }
}

/// The secret key of `keypair` (`secp256k1_keypair_sec` on the static
/// context), without `Keypair::secret_key`'s detour through
/// `SecretKey::from_secret_bytes` and secp256k1's global context.
pub(crate) fn keypair_secret_key(keypair: &secp256k1::Keypair) -> Option<SecretKey> {
    let mut bytes = [0u8; 32];
    // SAFETY: `secp256k1_context_static` is valid for `secp256k1_keypair_sec`,
    // which writes 32 bytes to its output (`bytes`, 32 writable bytes) and reads
    // the keypair behind `keypair.as_c_ptr()`, a valid `ffi::Keypair` borrowed
    // for the call. Its return value is 1 for every valid keypair.
    let _ = unsafe {
        ffi::secp256k1_keypair_sec(
            ffi::secp256k1_context_static,
            bytes.as_mut_ptr(),
            keypair.as_c_ptr(),
        )
    };
    let sk = secret_key(&bytes);
    zeroize::Zeroize::zeroize(&mut bytes);
    sk
}

#[cfg(test)]
mod tests {
    use super::*;
    use secp256k1::SecretKey;

    #[test]
    fn matches_secp256k1_and_rejects_out_of_range() {
        for i in 1u8..=40 {
            let k = [i; 32];
            let want = PublicKey::from_secret_key(&SecretKey::from_secret_bytes(k).unwrap());
            assert_eq!(ec_pubkey_create(&k, true), Some(want));
            assert_eq!(ec_pubkey_create(&k, false), Some(want));
        }
        assert_eq!(ec_pubkey_create(&[0; 32], false), None);
        assert_eq!(ec_pubkey_create(&crate::arith::CURVE_ORDER, true), None);
        assert_eq!(ec_pubkey_create(&[0xff; 32], true), None);
        assert_eq!(
            secret_key(&[7; 32]),
            SecretKey::from_secret_bytes([7; 32]).ok()
        );
        assert_eq!(secret_key(&[0; 32]), None);
        let kp = secp256k1::Keypair::from_secret_bytes([9; 32]).unwrap();
        assert_eq!(keypair_secret_key(&kp), Some(kp.secret_key()));
        assert_eq!(secret_key(&crate::arith::CURVE_ORDER), None);
        // The context exists now (with `std` it is created on first use).
        assert!(!seed(&[1; 32]));
        assert_ne!(STATE.load(Ordering::Acquire), FAILED);
    }
}
