//! MuSig2 multi-signatures (BIP-327) with adaptor signatures,
//! byte-compatible with secp256k1-zkp's `musig` module (SPEC.md, "MuSig2
//! adaptor signatures").
//!
//! The sub-modules follow BIP-327's sections: [`key_agg`] (KeySort, KeyAgg,
//! ApplyTweak), [`nonces`] (NonceGen, NonceAgg), [`session`] (the session
//! values, with an optional adaptor point) and [`signing`] (Sign,
//! PartialSigVerify, PartialSigAgg, DeterministicSign). Inputs that come from
//! other parties are taken as their wire bytes (33-byte keys, 66-byte nonces,
//! 32-byte partial signatures), so that an invalid one is reported with the
//! index of the party that sent it ([`MusigError::InvalidContribution`]).
//! Nothing allocates.
//!
//! A 2-of-2 adaptor session, end to end:
//!
//! ```
//! use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
//! use ptlc::secp256k1::{schnorr, Keypair};
//! use ptlc::{schnorr_adaptor, PaymentScalar};
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! let alice = Keypair::from_secret_bytes([0x11; 32]).expect("key");
//! let bob = Keypair::from_secret_bytes([0x22; 32]).expect("key");
//! let mut keys = [alice.public_key().serialize(), bob.public_key().serialize()];
//! ptlc::musig::key_agg::key_sort(&mut keys);
//! let ctx = KeyAggContext::new(&keys)?.taproot_tweak(None)?;
//! let msg = [0x42; 32];
//! let t = PaymentScalar::random(&mut rng)?;
//!
//! let (a_sec, a_pub) = nonces::nonce_gen(&mut rng, &alice.public_key(), Default::default())?;
//! let (b_sec, b_pub) = nonces::nonce_gen(&mut rng, &bob.public_key(), Default::default())?;
//! let aggnonce = nonces::nonce_agg(&[a_pub.to_bytes(), b_pub.to_bytes()])?;
//! let session = Session::new(&ctx, &aggnonce, &msg, Some(&t.point()))?;
//!
//! let a_sig = signing::sign(a_sec, &alice, &session)?;
//! let b_sig = signing::sign(b_sec, &bob, &session)?;
//! signing::partial_sig_verify(&session, &b_sig, &b_pub, &bob.public_key(), 1)?;
//! let pre = signing::partial_sig_agg_adaptor(&session, &[a_sig.to_bytes(), b_sig.to_bytes()])?;
//!
//! let key = ctx.x_only_public_key();
//! schnorr_adaptor::verify(&pre, &key, &msg, &t.point())?;
//! let sig = schnorr_adaptor::adapt(&pre, &t, &key, &msg)?;
//! assert!(schnorr::verify(&sig, &msg, &key).is_ok());
//! assert_eq!(schnorr_adaptor::extract(&pre, &sig, &t.point())?, t);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod error;
pub mod key_agg;
mod math;
pub mod nonces;
pub mod session;
pub mod signing;

pub use error::{Contribution, MusigError};
