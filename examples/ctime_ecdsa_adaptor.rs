//! Valgrind constant-time check of the ECDSA adaptor secret paths (x86_64).
//! Run: cargo build --profile ctime --example ctime_ecdsa_adaptor &&
//! valgrind --error-exitcode=1 target/ctime/examples/ctime_ecdsa_adaptor
#![allow(unsafe_code, clippy::unwrap_used)]

use std::hint::black_box;

use ptlc::ecdsa_adaptor::{adapt, presign};
use ptlc::secp256k1::SecretKey;
use ptlc::PaymentScalar;

#[cfg(target_arch = "x86_64")]
fn mark(addr: *const u8, len: usize, request: u64) {
    let args: [u64; 6] = [request, addr as u64, len as u64, 0, 0, 0];
    // SAFETY: valgrind's client-request magic sequence; a no-op outside valgrind.
    unsafe {
        core::arch::asm!(
            "rol rdi, 3", "rol rdi, 13", "rol rdi, 61", "rol rdi, 51", "xchg rbx, rbx",
            inout("rdx") 0u64 => _,
            in("rax") args.as_ptr(),
            inout("rdi") 0u64 => _,
            options(nostack),
        );
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn mark(_addr: *const u8, _len: usize, _request: u64) {}

const UNDEFINED: u64 = 0x4d43_0001;
const DEFINED: u64 = 0x4d43_0002;

fn main() {
    let sk = SecretKey::from_secret_bytes([0x11; 32]).unwrap();
    let t = PaymentScalar::from_bytes(&[0x22; 32]).unwrap();
    let pre = presign(&sk, &[0x33; 32], &t.point(), &[0x44; 32]);
    let t = black_box(t);
    let p = t.expose_secret().as_ptr();
    mark(p, 32, UNDEFINED);
    let sig = adapt(black_box(&pre), black_box(&t));
    mark(p, 32, DEFINED);
    black_box(sig.map(|s| s.serialize_compact()[0]).unwrap_or(0));

    if std::env::args().any(|a| a == "presign") {
        // presign with a secret key marked undefined.
        let mut sk = black_box(sk);
        let p = sk.as_secret_bytes().as_ptr();
        mark(p, 32, UNDEFINED);
        let pre = presign(black_box(&sk), &[0x33; 32], &t.point(), &[0x44; 32]);
        mark(p, 32, DEFINED);
        let b = pre.to_bytes();
        mark(b.as_ptr(), b.len(), DEFINED);
        black_box(b);
        sk.non_secure_erase();
    }
}
