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
    pub fn new() -> Self {
        let sk = ours::SecretKey::from_secret_bytes([0x11; 32]).unwrap();
        let pk = ours::PublicKey::from_secret_key(&sk);
        let t = PaymentScalar::from_bytes(&[0x22; 32]).unwrap();
        let point = t.point();
        let msg = [0x33; 32];
        let aux = [0x44; 32];
        let pre = presign(&sk, &msg, &point, &aux);
        let bytes = pre.to_bytes();
        let sig = adapt(&pre, &t).unwrap();
        Fixture {
            secp: zkp::Secp256k1::new(),
            zsk: zkp::SecretKey::from_slice(&[0x11; 32]).unwrap(),
            zpk: zkp::PublicKey::from_slice(&pk.serialize()).unwrap(),
            zt: zkp::SecretKey::from_slice(&[0x22; 32]).unwrap(),
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
