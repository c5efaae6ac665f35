//! Cross test against secp256k1-zkp's `ecdsa_adaptor` module (the C
//! reference, through the `secp256k1-zkp` crate, a dev-dependency only).
//!
//! 1000 random cases each way: ours verified, decrypted and recovered by zkp;
//! zkp's verified, adapted and extracted by ours; identical bytes for identical
//! inputs (including aux randomness); and identical verdicts on mutated
//! signatures. The two crates link different secp256k1 versions, so every value
//! crosses over as bytes.

use ptlc::ecdsa_adaptor::{adapt, extract, presign, verify, AdaptorSignature};
use ptlc::secp256k1 as ours;
use ptlc::{PaymentPoint, PaymentScalar};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use secp256k1_zkp as zkp;

const CASES: usize = 1000;

struct Case {
    sk: ours::SecretKey,
    zsk: zkp::SecretKey,
    pk: ours::PublicKey,
    zpk: zkp::PublicKey,
    t: PaymentScalar,
    zt: zkp::SecretKey,
    point: PaymentPoint,
    zpoint: zkp::PublicKey,
    msg: [u8; 32],
    aux: [u8; 32],
}

fn random_case(rng: &mut ChaCha20Rng) -> Case {
    let mut bytes = [0u8; 32];
    let sk = loop {
        rng.fill_bytes(&mut bytes);
        if let Ok(sk) = ours::SecretKey::from_secret_bytes(bytes) {
            break sk;
        }
    };
    let t = loop {
        rng.fill_bytes(&mut bytes);
        if let Ok(t) = PaymentScalar::from_bytes(&bytes) {
            break t;
        }
    };
    let mut msg = [0u8; 32];
    rng.fill_bytes(&mut msg);
    let mut aux = [0u8; 32];
    rng.fill_bytes(&mut aux);
    let pk = ours::PublicKey::from_secret_key(&sk);
    let point = t.point();
    Case {
        zsk: zkp::SecretKey::from_slice(&sk.to_secret_bytes()).unwrap(),
        zpk: zkp::PublicKey::from_slice(&pk.serialize()).unwrap(),
        zt: zkp::SecretKey::from_slice(t.expose_secret()).unwrap(),
        zpoint: zkp::PublicKey::from_slice(&point.to_bytes()).unwrap(),
        sk,
        pk,
        t,
        point,
        msg,
        aux,
    }
}

fn zkp_sig_to_ours(sig: &zkp::ecdsa::Signature) -> ours::ecdsa::Signature {
    ours::ecdsa::Signature::from_compact(&sig.serialize_compact()).unwrap()
}

fn ours_sig_to_zkp(sig: &ours::ecdsa::Signature) -> zkp::ecdsa::Signature {
    zkp::ecdsa::Signature::from_compact(&sig.serialize_compact()).unwrap()
}

fn negate_s(sig: &ours::ecdsa::Signature) -> ours::ecdsa::Signature {
    let mut c = sig.serialize_compact();
    let s = ours::SecretKey::from_secret_bytes(c[32..].try_into().unwrap()).unwrap();
    c[32..].copy_from_slice(&s.negate().to_secret_bytes());
    ours::ecdsa::Signature::from_compact(&c).unwrap()
}

#[test]
fn ours_checked_by_zkp_and_identical_bytes() {
    let secp = zkp::Secp256k1::new();
    let mut rng = ChaCha20Rng::seed_from_u64(0x6563_6473_6131);
    for i in 0..CASES {
        let c = random_case(&mut rng);
        let zmsg = zkp::Message::from_digest(c.msg);

        let pre = presign(&c.sk, &c.msg, &c.point, &c.aux);
        let theirs = zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
            &secp, &zmsg, &c.zsk, &c.zpoint, &c.aux,
        );
        assert_eq!(
            pre.to_bytes().as_slice(),
            theirs.as_ref(),
            "case {i}: bytes differ"
        );

        let as_zkp = zkp::EcdsaAdaptorSignature::from_slice(&pre.to_bytes()).unwrap();
        as_zkp.verify(&secp, &zmsg, &c.zpk, &c.zpoint).unwrap();

        let ours_sig = adapt(&pre, &c.t, &c.pk, &c.msg).unwrap();
        let zkp_sig = as_zkp.decrypt(&c.zt).unwrap();
        assert_eq!(
            ours_sig.serialize_compact(),
            zkp_sig.serialize_compact(),
            "case {i}"
        );

        let recovered = as_zkp
            .recover(&secp, &ours_sig_to_zkp(&ours_sig), &c.zpoint)
            .unwrap();
        assert_eq!(&recovered.secret_bytes(), c.t.expose_secret(), "case {i}");
        // zkp recovers from the high-s form as well.
        let high = ours_sig_to_zkp(&negate_s(&ours_sig));
        let recovered = as_zkp.recover(&secp, &high, &c.zpoint).unwrap();
        assert_eq!(&recovered.secret_bytes(), c.t.expose_secret(), "case {i}");
    }
}

#[test]
fn zkp_checked_by_ours() {
    let secp = zkp::Secp256k1::new();
    let mut rng = ChaCha20Rng::seed_from_u64(0x6563_6473_6132);
    for i in 0..CASES {
        let c = random_case(&mut rng);
        let zmsg = zkp::Message::from_digest(c.msg);
        // Every other case uses zkp's no-aux variant (NULL ndata): our parser
        // and verifier must take it too (we cannot produce it: our presign
        // always has aux_rand).
        let theirs = if i.is_multiple_of(2) {
            zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
                &secp, &zmsg, &c.zsk, &c.zpoint, &c.aux,
            )
        } else {
            zkp::EcdsaAdaptorSignature::encrypt_no_aux_rand(&secp, &zmsg, &c.zsk, &c.zpoint)
        };
        let pre = AdaptorSignature::from_slice(theirs.as_ref()).unwrap();
        verify(&pre, &c.pk, &c.msg, &c.point).unwrap();

        let zkp_sig = theirs.decrypt(&c.zt).unwrap();
        let ours_sig = adapt(&pre, &c.t, &c.pk, &c.msg).unwrap();
        assert_eq!(
            ours_sig.serialize_compact(),
            zkp_sig.serialize_compact(),
            "case {i}"
        );
        let as_ours = zkp_sig_to_ours(&zkp_sig);
        ours::ecdsa::verify(&as_ours, ours::Message::from_digest(c.msg), &c.pk).unwrap();

        assert_eq!(extract(&pre, &as_ours, &c.point).unwrap(), c.t, "case {i}");
        assert_eq!(
            extract(&pre, &negate_s(&as_ours), &c.point).unwrap(),
            c.t,
            "case {i}"
        );
    }
}

/// Mutated signatures, keys, messages and points: both implementations give
/// the same verdict (ours counts a parse failure as a rejection).
#[test]
fn same_verdicts_on_mutations() {
    let secp = zkp::Secp256k1::new();
    let mut rng = ChaCha20Rng::seed_from_u64(0x6563_6473_6133);
    let mut rejected = 0;
    for i in 0..CASES {
        let c = random_case(&mut rng);
        let pre = presign(&c.sk, &c.msg, &c.point, &c.aux);
        let mut sig = pre.to_bytes();
        let mut msg = c.msg;
        let mut pk = c.pk;
        let mut point = c.point;
        let r = rng.next_u32() as usize;
        match i % 5 {
            // one random byte of the signature
            0 | 1 => sig[r % 162] ^= (r >> 8) as u8 | 1,
            // one whole field replaced by random bytes
            2 => {
                let (start, len) = [(0, 33), (33, 33), (66, 32), (98, 32), (130, 32)][r % 5];
                rng.fill_bytes(&mut sig[start..start + len]);
                if len == 33 {
                    sig[start] = 2 | ((r >> 4) as u8 & 1);
                }
            }
            3 => msg[r % 32] ^= 1 << ((r >> 8) % 8),
            _ => {
                if r.is_multiple_of(2) {
                    pk = pk.negate();
                } else {
                    point = PaymentPoint::from_public_key(point.as_public_key().negate());
                }
            }
        }
        let ours_ok = AdaptorSignature::from_bytes(&sig)
            .map(|p| verify(&p, &pk, &msg, &point).is_ok())
            .unwrap_or(false);
        let zsig = zkp::EcdsaAdaptorSignature::from_slice(&sig).unwrap();
        let zpk = zkp::PublicKey::from_slice(&pk.serialize()).unwrap();
        let zpoint = zkp::PublicKey::from_slice(&point.to_bytes()).unwrap();
        let zkp_ok = zsig
            .verify(&secp, &zkp::Message::from_digest(msg), &zpk, &zpoint)
            .is_ok();
        assert_eq!(ours_ok, zkp_ok, "case {i}: verdicts differ");
        if !ours_ok {
            rejected += 1;
        }
    }
    // Every mutation changes something verification depends on.
    assert_eq!(rejected, CASES);
}
