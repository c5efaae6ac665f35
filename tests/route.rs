//! Properties of route decorrelation (SPEC.md, "Route decorrelation").

use proptest::prelude::*;
use ptlc::{decorrelate_route, upstream_scalar, verify_hop, HopTweak, PaymentScalar, RouteError};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_routes_settle_end_to_end(seed in any::<[u8; 32]>(), hops in 1usize..=20) {
        let mut rng = ChaCha20Rng::from_seed(seed);
        let t = PaymentScalar::random(&mut rng).unwrap();
        let (route, payer) = decorrelate_route(&t.point(), hops, &mut rng).unwrap();
        prop_assert_eq!(route.len(), hops);
        prop_assert_eq!(route[0].incoming, payer.first_point());
        prop_assert_eq!(route[hops - 1].outgoing, t.point());

        // All points distinct: every hop's incoming point, and the payee's.
        let mut points: Vec<[u8; 33]> = route.iter().map(|h| h.incoming.to_bytes()).collect();
        points.push(t.point().to_bytes());
        let mut sorted = points.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), points.len());

        // Consecutive hops chain, and each hop's check passes.
        for pair in route.windows(2) {
            prop_assert_eq!(pair[0].outgoing, pair[1].incoming);
        }
        for hop in &route {
            prop_assert_eq!(hop.verify(), Ok(()));
        }

        // Settle backwards: every derived scalar opens that hop's incoming point.
        let mut scalar = t.clone();
        for hop in route.iter().rev() {
            scalar = hop.upstream_scalar(&scalar).unwrap();
            prop_assert!(scalar.opens(&hop.incoming));
        }
        prop_assert_eq!(payer.proof_of_payment(&scalar).unwrap(), t);
    }

    #[test]
    fn a_wrong_tweak_is_detected(seed in any::<[u8; 32]>(), hops in 1usize..=20, pick in any::<prop::sample::Index>()) {
        let mut rng = ChaCha20Rng::from_seed(seed);
        let t = PaymentScalar::random(&mut rng).unwrap();
        let (route, _) = decorrelate_route(&t.point(), hops, &mut rng).unwrap();
        let hop = &route[pick.index(hops)];
        let wrong = HopTweak::from_bytes(PaymentScalar::random(&mut rng).unwrap().expose_secret()).unwrap();
        prop_assert_eq!(verify_hop(&hop.incoming, &hop.outgoing, &wrong), Err(RouteError::TweakMismatch));
        // The hop refuses to derive an upstream scalar with the wrong tweak, too.
        prop_assert_eq!(
            upstream_scalar(&hop.incoming, &hop.outgoing, &wrong, &t).unwrap_err(),
            RouteError::TweakMismatch
        );
    }

    #[test]
    fn a_wrong_downstream_scalar_is_rejected(seed in any::<[u8; 32]>(), hops in 1usize..=5) {
        let mut rng = ChaCha20Rng::from_seed(seed);
        let t = PaymentScalar::random(&mut rng).unwrap();
        let (route, payer) = decorrelate_route(&t.point(), hops, &mut rng).unwrap();
        let bogus = PaymentScalar::random(&mut rng).unwrap();
        prop_assert_eq!(route[hops - 1].upstream_scalar(&bogus).unwrap_err(), RouteError::WrongScalar);
        prop_assert_eq!(payer.proof_of_payment(&bogus).unwrap_err(), RouteError::WrongScalar);
    }
}

/// A hop whose outgoing point is −y·G: `X_{i+1} + y·G` is infinity, which no
/// incoming point equals, so the hop reports a tweak mismatch (SPEC.md, hop
/// side, step 1), not a degenerate value.
#[test]
fn outgoing_minus_tweak_is_a_tweak_mismatch() {
    let y = HopTweak::from_bytes(&[7u8; 32]).unwrap();
    let minus_y_g = ptlc::PaymentPoint::from_public_key(
        PaymentScalar::from_bytes(&[7u8; 32])
            .unwrap()
            .point()
            .as_public_key()
            .negate(),
    );
    let incoming = PaymentScalar::from_bytes(&[9u8; 32]).unwrap().point();
    assert_eq!(
        ptlc::verify_hop(&incoming, &minus_y_g, &y),
        Err(ptlc::RouteError::TweakMismatch)
    );
}

/// `HopLock::verify` rejects a lock whose tweak was swapped or whose points
/// were swapped, and accepts the honest one.
#[test]
fn hop_lock_verify_rejects_a_wrong_tweak_or_points() {
    let t = PaymentScalar::from_bytes(&[5u8; 32]).unwrap();
    let mut payer = ptlc::RoutePayer::new(t.point());
    let hop = payer
        .add_upstream_hop_with_tweak(HopTweak::from_bytes(&[9u8; 32]).unwrap())
        .unwrap();
    assert_eq!(hop.verify(), Ok(()));
    let mut wrong = hop.clone();
    wrong.tweak = HopTweak::from_bytes(&[8u8; 32]).unwrap();
    assert_eq!(wrong.verify(), Err(RouteError::TweakMismatch));
    let mut swapped = hop.clone();
    std::mem::swap(&mut swapped.incoming, &mut swapped.outgoing);
    assert_eq!(swapped.verify(), Err(RouteError::TweakMismatch));
}

/// Tweak equality compares the values (in constant time).
#[test]
fn hop_tweak_equality_compares_values() {
    let a = HopTweak::from_bytes(&[9u8; 32]).unwrap();
    assert_eq!(a, HopTweak::from_bytes(&[9u8; 32]).unwrap());
    assert_ne!(a, HopTweak::from_bytes(&[8u8; 32]).unwrap());
}
