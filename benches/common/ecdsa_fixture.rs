//! The inputs both ECDSA adaptor benches use, on our side and converted to
//! secp256k1-zkp's types (which come from an older secp256k1: through bytes).
#![allow(dead_code)]

use ptlc::ecdsa_adaptor::{adapt, presign, AdaptorSignature};
use ptlc::secp256k1 as ours;
use ptlc::PaymentScalar;
use secp256k1_zkp as zkp;

pub struct Fixture {
    pub sk: ours::SecretKey,
    pub pk: ours::PublicKey,
    pub t: PaymentScalar,
    pub point: ptlc::PaymentPoint,
    pub msg: [u8; 32],
    pub aux: [u8; 32],
    pub pre: AdaptorSignature,
    pub bytes: [u8; 162],
    pub sig: ours::ecdsa::Signature,
    pub secp: zkp::Secp256k1<zkp::All>,
    pub zsk: zkp::SecretKey,
    pub zpk: zkp::PublicKey,
    pub zt: zkp::SecretKey,
    pub zpoint: zkp::PublicKey,
    pub zmsg: zkp::Message,
    pub zpre: zkp::EcdsaAdaptorSignature,
    pub zsig: zkp::ecdsa::Signature,
}

impl Fixture {
    /// The fixed inputs of the criterion group.
    pub fn new() -> Self {
        Self::with_inputs([0x11; 32], [0x22; 32], [0x33; 32], [0x44; 32])
    }

    /// Random inputs from a seeded ChaCha20: `extract` is variable time in
    /// the public scalar `t = s'/s`, so ratios are taken over many of these.
    pub fn from_seed(seed: u64) -> Self {
        use rand_chacha::rand_core::{RngCore, SeedableRng};
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let mut draw = || {
            let mut b = [0u8; 32];
            rng.fill_bytes(&mut b);
            b
        };
        // A uniform 32-byte string is a valid scalar except with probability 2^-128.
        Self::with_inputs(draw(), draw(), draw(), draw())
    }

    fn with_inputs(sk: [u8; 32], t: [u8; 32], msg: [u8; 32], aux: [u8; 32]) -> Self {
        let sk_bytes = sk;
        let t_bytes = t;
        let sk = ours::SecretKey::from_secret_bytes(sk_bytes).unwrap();
        let pk = ours::PublicKey::from_secret_key(&sk);
        let t = PaymentScalar::from_bytes(&t_bytes).unwrap();
        let point = t.point();
        let pre = presign(&sk, &msg, &point, &aux);
        let bytes = pre.to_bytes();
        let sig = adapt(&pre, &t, &pk, &msg).unwrap();
        Fixture {
            secp: zkp::Secp256k1::new(),
            zsk: zkp::SecretKey::from_slice(&sk_bytes).unwrap(),
            zpk: zkp::PublicKey::from_slice(&pk.serialize()).unwrap(),
            zt: zkp::SecretKey::from_slice(&t_bytes).unwrap(),
            zpoint: zkp::PublicKey::from_slice(&point.to_bytes()).unwrap(),
            zmsg: zkp::Message::from_digest(msg),
            zpre: zkp::EcdsaAdaptorSignature::from_slice(&bytes).unwrap(),
            zsig: zkp::ecdsa::Signature::from_compact(&sig.serialize_compact()).unwrap(),
            sk,
            pk,
            t,
            point,
            msg,
            aux,
            pre,
            bytes,
            sig,
        }
    }
}
