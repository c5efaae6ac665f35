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
    let t = PaymentScalar::random(&mut rng);
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

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
