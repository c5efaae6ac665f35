//! A and S's Taproot channel (SPEC.md, "Pay-for-partial-signature"): the
//! funding output, a P2TR key-path output whose key is the BIP-341-tweaked
//! MuSig2 (BIP-327) aggregate of both channel keys, and the nonces S
//! pre-shares with A for payments A makes while S is not talking to it.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::fmt;

use bitcoin::{OutPoint, TxOut};
use ptlc::musig::key_agg::{key_sort, taproot_tweak_scalar, KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, NonceGenInputs, PubNonce, SecNonce};
use ptlc::pay_for_partial_signature::NonceId;
use ptlc::rand_core::{CryptoRng, RngCore};
use ptlc::secp256k1 as secp;

use crate::btc;
use crate::flow::{short, FlowError, Log};

/// The channel's funding output and the key context both parties share.
pub struct Channel {
    /// Both channel keys, in key-aggregation order (BIP-327 KeySort).
    pub keys: [secp::PublicKey; 2],
    /// The x-only BIP-341 tweak of the aggregate key (no script tree).
    pub tweak: [u8; 32],
    /// The key-aggregation context with the tweak applied.
    pub key_ctx: KeyAggContext,
    /// The output key `Q` in the funding output's script.
    pub output_key: secp::XOnlyPublicKey,
    /// The funding outpoint.
    pub funding: OutPoint,
    /// The funding output.
    pub coin: TxOut,
}

impl Channel {
    /// A and S open the channel: both keys sorted and aggregated, the
    /// aggregate tweaked for a key-path-only P2TR output, and a funding
    /// output of `value` sat locked to it. rust-bitcoin's BIP-341 tweak of
    /// the same internal key must give the same output key.
    pub fn open(
        a: &secp::PublicKey,
        s: &secp::PublicKey,
        value: u64,
        log: &mut Log,
    ) -> Result<Self, FlowError> {
        let mut sorted = [a.serialize(), s.serialize()];
        key_sort(&mut sorted);
        let untweaked = KeyAggContext::new(&sorted)?;
        let internal = untweaked.x_only_public_key();
        let tweak = taproot_tweak_scalar(&internal, None)?.to_be_bytes();
        let key_ctx = untweaked.apply_tweak(&Tweak::XOnly(tweak))?;
        let output_key = key_ctx.x_only_public_key();
        if btc::taproot_output_key(&internal) != output_key {
            return Err(FlowError::Protocol(
                "ptlc and rust-bitcoin disagree on the BIP-341 output key",
            ));
        }
        let keys = if sorted[0] == a.serialize() {
            [*a, *s]
        } else {
            [*s, *a]
        };
        let (_, funding, coin) = btc::fake_funding(btc::p2tr_script(&output_key), value, 0xc1);
        log.say(format!(
            "A+S channel funding {funding}: {value} sat to P2TR, MuSig2 key of (X_A, X_S) = {}, BIP-341-tweaked to Q = {}",
            short(&internal.to_byte_array()),
            short(&output_key.to_byte_array())
        ));
        Ok(Channel {
            keys,
            tweak,
            key_ctx,
            output_key,
            funding,
            coin,
        })
    }

    /// The index of `pk` in the key order (0 or 1).
    pub fn index_of(&self, pk: &secp::PublicKey) -> Option<u8> {
        self.keys.iter().position(|k| k == pk).map(|i| i as u8)
    }
}

/// Why S has no secret nonce for an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceSlotError {
    /// S never issued a nonce with this identifier.
    Unknown,
    /// The slot's nonce was consumed by an earlier signature (or discarded):
    /// signing with it again would leak S's channel key.
    AlreadyUsed,
}

impl fmt::Display for NonceSlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NonceSlotError::Unknown => "no pre-shared nonce has this identifier",
            NonceSlotError::AlreadyUsed => {
                "this pre-shared nonce was already used; a second signature with it would reveal the key"
            }
        })
    }
}

/// S's pre-shared nonces: one per payment slot, each secret nonce kept until
/// its single signature and then gone for good (SPEC.md, "Nonce
/// pre-sharing"). A real node keeps this table on disk, and marks a slot used
/// *before* it signs.
#[derive(Default)]
pub struct NonceSlots {
    live: HashMap<NonceId, (SecNonce, PubNonce)>,
    used: HashSet<NonceId>,
}

impl NonceSlots {
    /// NonceGen with fresh randomness for a new slot (S's key and the
    /// channel's output key as the optional inputs); returns the public nonce
    /// S hands A.
    pub fn issue<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
        keypair: &secp::Keypair,
        output_key: &secp::XOnlyPublicKey,
    ) -> Result<PubNonce, FlowError> {
        let sk = keypair.secret_key();
        let aggregate_key = output_key.to_byte_array();
        let inputs = NonceGenInputs {
            secret_key: Some(&sk),
            aggregate_key: Some(&aggregate_key),
            ..Default::default()
        };
        let (sec, public) = nonces::nonce_gen(rng, &keypair.public_key(), inputs)?;
        self.live.insert(NonceId::of(&public), (sec, public));
        Ok(public)
    }

    /// The public nonce of a live slot (B asks for it to check A's partial
    /// signature).
    pub fn public(&self, id: &NonceId) -> Result<PubNonce, NonceSlotError> {
        match self.live.get(id) {
            Some((_, public)) => Ok(*public),
            None => Err(self.why_missing(id)),
        }
    }

    /// Takes the slot's secret nonce out for its one signature: from here on
    /// the slot is used, whether or not the payment completes.
    pub fn take(&mut self, id: &NonceId) -> Result<(SecNonce, PubNonce), NonceSlotError> {
        match self.live.remove(id) {
            Some(slot) => {
                self.used.insert(*id);
                Ok(slot)
            }
            None => Err(self.why_missing(id)),
        }
    }

    fn why_missing(&self, id: &NonceId) -> NonceSlotError {
        if self.used.contains(id) {
            NonceSlotError::AlreadyUsed
        } else {
            NonceSlotError::Unknown
        }
    }
}
