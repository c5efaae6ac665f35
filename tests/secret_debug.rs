//! `Debug` of every secret type shows no secret byte, in any formatting mode.

use ptlc::{decorrelate_route, HopTweak, PaymentScalar};

/// Every way the secret could leak into a string: hex either case, and the
/// decimal byte list `[171, 205, ...]` that a derived `Debug` would print.
fn assert_no_secret(rendered: &str, secret: &[u8; 32]) {
    let lower: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let upper = lower.to_uppercase();
    let decimal = format!("{:?}", secret);
    let inner = decimal.trim_start_matches('[').trim_end_matches(']');
    for needle in [lower.as_str(), upper.as_str(), inner] {
        assert!(!rendered.contains(needle), "secret leaked in {rendered:?}");
    }
    // No 4-byte window of the secret either (catches partial dumps).
    for w in secret.windows(4) {
        let h: String = w.iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            !rendered.to_lowercase().contains(&h),
            "secret bytes leaked in {rendered:?}"
        );
    }
}

fn renderings<T: core::fmt::Debug>(v: &T) -> [String; 2] {
    [format!("{v:?}"), format!("{v:#?}")]
}

#[test]
fn payment_scalar_debug_is_redacted() {
    let t = PaymentScalar::from_bytes(&[0x5a; 32]).unwrap();
    for r in renderings(&t) {
        assert_no_secret(&r, t.expose_secret());
        assert!(r.contains("redacted"));
    }
}

#[test]
fn hop_tweak_and_route_state_debug_are_redacted() {
    let y = HopTweak::from_bytes(&[0x3c; 32]).unwrap();
    for r in renderings(&y) {
        assert_no_secret(&r, y.expose_secret());
        assert!(r.starts_with("HopTweak(") && r.contains("redacted"), "{r}");
    }
    let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    let t = PaymentScalar::random(&mut rng).unwrap();
    let (route, payer) = decorrelate_route(&t.point(), 3, &mut rng).unwrap();
    for hop in &route {
        for r in renderings(hop) {
            assert_no_secret(&r, hop.tweak.expose_secret());
            assert_no_secret(&r, t.expose_secret());
        }
    }
    for r in renderings(&payer) {
        assert!(r.starts_with("RoutePayer"), "{r}");
        assert_no_secret(&r, t.expose_secret());
        for hop in &route {
            assert_no_secret(&r, hop.tweak.expose_secret());
        }
    }
}

#[test]
fn package_debug_hides_the_signature_scalar() {
    use ptlc::package::SecretSignature;
    use ptlc::secp256k1::{Keypair, SecretKey};
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([0x21; 32]).unwrap());
    let mut sig = [0x11u8; 64];
    sig[32..].copy_from_slice(&[0x6e; 32]);
    let pkg = ptlc::Package {
        transaction: &[0xab; 40],
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array(sig),
        amount_msat: 5,
        expiry: 6,
        note: Some(b"n"),
    };
    let s: [u8; 32] = sig[32..].try_into().unwrap();
    for r in renderings(&pkg) {
        assert_no_secret(&r, &s);
        assert!(r.contains("redacted"));
        assert!(r.contains(&"11".repeat(32)), "nonce R is shown: {r}");
    }
}

/// Resolves only if `T` is not `Copy`: for a `Copy` type both impls apply and
/// `<T as NotCopy<_>>::CHECK` is ambiguous, which fails to compile.
trait NotCopy<A> {
    const CHECK: () = ();
}
impl<T: ?Sized> NotCopy<()> for T {}
impl<T: Copy> NotCopy<u8> for T {}

#[test]
fn secret_holding_package_types_are_not_copy_and_wipe_on_drop() {
    #[allow(clippy::let_unit_value)]
    let () = <ptlc::Package<'static> as NotCopy<_>>::CHECK;
    #[allow(clippy::let_unit_value)]
    let () = <ptlc::package::SecretSignature as NotCopy<_>>::CHECK;
    fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    wipes_on_drop::<ptlc::package::SecretSignature>();
    // open_to_vec hands the plaintext back in a wiping container.
    fn opened_type<F>(_: F)
    where
        F: Fn(
            &ptlc::secp256k1::Keypair,
            &[u8],
            &[u8],
        ) -> Result<zeroize::Zeroizing<Vec<u8>>, ptlc::BlobError>,
    {
    }
    opened_type(ptlc::blob::open_to_vec);
}

#[test]
fn secret_signature_debug_is_redacted() {
    let mut sig = [0x22u8; 64];
    sig[32..].copy_from_slice(&[0x7d; 32]);
    let s: [u8; 32] = sig[32..].try_into().unwrap();
    let sig = ptlc::package::SecretSignature::from_byte_array(sig);
    for r in renderings(&sig) {
        assert_no_secret(&r, &s);
        assert!(r.contains("redacted"));
        assert!(r.contains(&"22".repeat(32)), "nonce R is shown: {r}");
    }
}

/// The MuSig2 secrets: a secret nonce and the partial signature a package
/// carries are redacted, not `Copy`, and wiped on drop.
#[test]
fn musig_secrets_are_redacted_not_copy_and_wiped() {
    let pk = ptlc::secp256k1::Keypair::from_secret_bytes([3; 32])
        .unwrap()
        .public_key();
    let (secnonce, _) =
        ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default()).unwrap();
    for r in renderings(&secnonce) {
        assert_eq!(r, "SecNonce(<redacted>)");
    }
    let bytes = secnonce.dangerous_into_bytes();
    let k1: [u8; 32] = bytes[..32].try_into().unwrap();
    let restored = ptlc::musig::nonces::SecNonce::dangerous_from_bytes(&bytes).unwrap();
    for r in renderings(&restored) {
        assert_no_secret(&r, &k1);
    }
    let psig = ptlc::package::SecretPartialSignature::from_byte_array([0x6e; 32]);
    for r in renderings(&psig) {
        assert_no_secret(&r, &[0x6e; 32]);
        assert!(r.contains("redacted"));
    }
    #[allow(clippy::let_unit_value)]
    let () = <ptlc::musig::nonces::SecNonce as NotCopy<_>>::CHECK;
    #[allow(clippy::let_unit_value)]
    let () = <ptlc::package::SecretPartialSignature as NotCopy<_>>::CHECK;
    fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    wipes_on_drop::<ptlc::musig::nonces::SecNonce>();
    wipes_on_drop::<ptlc::package::SecretPartialSignature>();
}

/// The mailbox route's secrets are redacted in `Debug`.
#[test]
fn mailbox_route_secrets_are_redacted() {
    use ptlc::mailbox_route::blinded_path::{unblind, PathBlinder};
    use ptlc::secp256k1::{PublicKey, SecretKey};
    let mut blinder = PathBlinder::from_secret_bytes(&[0x4b; 32]).unwrap();
    for r in renderings(&blinder) {
        assert_eq!(r, "PathBlinder(<redacted>)");
    }
    let node = SecretKey::from_secret_bytes([0x4c; 32]).unwrap();
    let mut enc = [0u8; 18];
    let hop = blinder
        .blind_hop(&PublicKey::from_secret_key(&node), &[1, 0], &mut enc)
        .unwrap();
    let mut buf = [0u8; 18];
    let opened = unblind(&node, &hop.path_key, &enc, &mut buf).unwrap();
    let secret = *opened.blinded_secret.expose_secret();
    for r in renderings(&opened.blinded_secret) {
        assert_eq!(r, "BlindedNodeSecret(<redacted>)");
    }
    for r in renderings(&opened) {
        assert_no_secret(&r, &secret);
    }
}
