//! Calls ptlc's heap-free API from a `#![no_std]` crate with no allocator.
#![no_std]

use ptlc::{PaymentPoint, PaymentScalar, RoutePayer};

/// Deterministic stand-in for a hardware RNG (the check is about linking, not
/// randomness).
struct CounterRng(u64);

impl ptlc::rand_core::RngCore for CounterRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for b in dst {
            *b = (self.next_u64() >> 56) as u8;
        }
    }
}

impl ptlc::rand_core::CryptoRng for CounterRng {}

/// Builds a two-hop route, settles it, and returns 1 on success.
#[no_mangle]
pub extern "C" fn ptlc_nostd_check(seed: u64) -> i32 {
    let mut rng = CounterRng(seed);
    let Ok(t) = PaymentScalar::random(&mut rng) else {
        return 0;
    };
    let mut payer = RoutePayer::new(t.point());
    let (Ok(hop2), Ok(hop1)) = (payer.add_upstream_hop(&mut rng), payer.add_upstream_hop(&mut rng)) else {
        return 0;
    };
    let Ok(x2) = hop2.upstream_scalar(&t) else { return 0 };
    let Ok(x1) = hop1.upstream_scalar(&x2) else { return 0 };
    let parsed = PaymentPoint::from_bytes(&payer.first_point().to_bytes());
    match (parsed, payer.proof_of_payment(&x1)) {
        (Ok(p), Ok(proof)) if p == hop1.incoming && proof == t => 1,
        _ => 0,
    }
}

/// Seals a package to a fresh recipient key into stack buffers, opens it and
/// parses it back; returns 1 on success.
#[no_mangle]
pub extern "C" fn ptlc_nostd_blob_check(seed: u64) -> i32 {
    use ptlc::blob::{open, seal};
    use ptlc::package::{Package, SecretSignature};
    use ptlc::secp256k1::{Keypair, SecretKey};
    let mut rng = CounterRng(seed);
    let mut sk_bytes = [0u8; 32];
    ptlc::rand_core::RngCore::fill_bytes(&mut rng, &mut sk_bytes);
    let Ok(sk) = SecretKey::from_secret_bytes(sk_bytes) else { return 0 };
    let kp = Keypair::from_secret_key(&sk);
    let pk = kp.public_key();
    let pkg = Package {
        transaction: &[2, 0, 0, 0, 1, 0xab],
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array([7; 64]),
        amount_msat: 1_000,
        expiry: 2_000_000_000,
        note: None,
    };
    let mut tlv = [0u8; 256];
    let Ok(n) = pkg.encode(&mut tlv) else { return 0 };
    let mut blob = [0u8; 512];
    let Ok(m) = seal(&pk, b"mailbox", &tlv[..n], &mut rng, &mut blob) else { return 0 };
    let mut work = [0u8; 512];
    match open(&kp, b"mailbox", &blob[..m], &mut work).map(Package::parse) {
        Ok(Ok(p)) if p == pkg => 1,
        _ => 0,
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
