//! The Bitcoin side of the async payment example: Taproot key-path and P2WPKH
//! outputs, spending transactions, BIP341 / BIP143 sighashes (via the `bitcoin`
//! crate) and verification by Bitcoin Core's consensus code (via
//! `bitcoinconsensus`).
//!
//! `ptlc` links `secp256k1` 0.33 while `bitcoin` 0.32 links 0.29; keys, hashes
//! and signatures cross between the two as bytes, which is exactly what goes on
//! the wire anyway.
#![allow(dead_code)]

use bitcoin::absolute::LockTime;
use bitcoin::hashes::Hash;
use bitcoin::key::{TapTweak, TweakedPublicKey, UntweakedPublicKey};
use bitcoin::sighash::{EcdsaSighashType, Prevouts, SighashCache, TapSighashType};
use bitcoin::transaction::Version;
use bitcoin::{
    Amount, CompressedPublicKey, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut, Txid,
    Witness,
};
use ptlc::secp256k1 as secp;

/// A Taproot key-path key: the internal key and the BIP341-tweaked key pair that
/// signs for the output (no script tree, so the tweak commits to the key alone).
pub struct TaprootKey {
    /// The tweaked key pair `d + H_TapTweak(P)`; it produces key-path signatures.
    pub tweaked: secp::Keypair,
    /// The output key `Q = P + H_TapTweak(P)·G`, x-only, as it appears in the output script.
    pub output_key: secp::XOnlyPublicKey,
}

/// Tweaks `internal` as BIP341 prescribes for a key-path-only output. The tweak
/// is computed by `bitcoin` and applied with `secp256k1` 0.33; both sides must
/// agree on the output key, which is checked.
pub fn taproot_key(internal: &secp::Keypair) -> TaprootKey {
    let secp_old = bitcoin::secp256k1::Secp256k1::verification_only();
    let (internal_x, _) = internal.x_only_public_key();
    let internal_old =
        UntweakedPublicKey::from_slice(&internal_x.to_byte_array()).expect("x-only key");
    let tweak = bitcoin::taproot::TapTweakHash::from_key_and_tweak(internal_old, None).to_scalar();
    let tweak = secp::Scalar::from_be_bytes(tweak.to_be_bytes()).expect("tweak below n");
    let tweaked = internal
        .add_xonly_tweak(&tweak)
        .expect("tweak does not cancel the key");
    let (output_key, _) = tweaked.x_only_public_key();
    let (expected, _) = internal_old.tap_tweak(&secp_old, None);
    assert_eq!(
        expected.serialize(),
        output_key.to_byte_array(),
        "bitcoin and secp256k1 agree on the BIP341 output key"
    );
    TaprootKey {
        tweaked,
        output_key,
    }
}

/// rust-bitcoin's BIP-341 output key for a key-path-only output with internal
/// key `internal`: the independent check on ptlc's MuSig2 Taproot tweak.
pub fn taproot_output_key(internal: &secp::XOnlyPublicKey) -> secp::XOnlyPublicKey {
    let secp_old = bitcoin::secp256k1::Secp256k1::verification_only();
    let internal_old =
        UntweakedPublicKey::from_slice(&internal.to_byte_array()).expect("x-only key");
    let (tweaked, _) = internal_old.tap_tweak(&secp_old, None);
    secp::XOnlyPublicKey::from_byte_array(tweaked.serialize()).expect("a tweaked key is a key")
}

/// `OP_1 <Q>`: a segwit v1 (Taproot) output script for the output key `Q`.
pub fn p2tr_script(output_key: &secp::XOnlyPublicKey) -> ScriptBuf {
    let key = bitcoin::secp256k1::XOnlyPublicKey::from_slice(&output_key.to_byte_array())
        .expect("valid x-only key");
    ScriptBuf::new_p2tr_tweaked(TweakedPublicKey::dangerous_assume_tweaked(key))
}

/// `OP_0 <HASH160(pk)>`: a segwit v0 P2WPKH output script.
pub fn p2wpkh_script(pk: &secp::PublicKey) -> ScriptBuf {
    let pk = CompressedPublicKey::from_slice(&pk.serialize()).expect("compressed key");
    ScriptBuf::new_p2wpkh(&pk.wpubkey_hash())
}

/// A previous transaction built in-process that creates one output of `value`
/// sats locked by `script`: the coin a party controls at the start. Its own
/// input is made up (`tag` makes each one distinct), so it is never verified;
/// only the transactions spending it are.
pub fn fake_funding(script: ScriptBuf, value: u64, tag: u8) -> (Transaction, OutPoint, TxOut) {
    let txout = TxOut {
        value: Amount::from_sat(value),
        script_pubkey: script,
    };
    let tx = Transaction {
        version: Version::TWO,
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint {
                txid: Txid::from_byte_array([tag; 32]),
                vout: 0,
            },
            script_sig: ScriptBuf::new(),
            sequence: Sequence::ENABLE_RBF_NO_LOCKTIME,
            witness: Witness::new(),
        }],
        output: vec![txout.clone()],
    };
    let outpoint = OutPoint {
        txid: tx.compute_txid(),
        vout: 0,
    };
    (tx, outpoint, txout)
}

/// An unsigned one-input, one-output transaction spending `prev` to `pay_to`.
pub fn spend_tx(prev: OutPoint, pay_to: ScriptBuf, value: u64) -> Transaction {
    Transaction {
        version: Version::TWO,
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: prev,
            script_sig: ScriptBuf::new(),
            sequence: Sequence::ENABLE_RBF_NO_LOCKTIME,
            witness: Witness::new(),
        }],
        output: vec![TxOut {
            value: Amount::from_sat(value),
            script_pubkey: pay_to,
        }],
    }
}

/// BIP341 key-path sighash (`SIGHASH_DEFAULT`) of input 0 of `tx`, which spends `spent`.
pub fn taproot_sighash(tx: &Transaction, spent: &TxOut) -> [u8; 32] {
    SighashCache::new(tx)
        .taproot_key_spend_signature_hash(0, &Prevouts::All(&[spent]), TapSighashType::Default)
        .expect("input 0 exists and its prevout is given")
        .to_byte_array()
}

/// BIP143 sighash (`SIGHASH_ALL`) of input 0 of `tx`, which spends the P2WPKH output `spent`.
pub fn p2wpkh_sighash(tx: &Transaction, spent: &TxOut) -> [u8; 32] {
    SighashCache::new(tx)
        .p2wpkh_signature_hash(0, &spent.script_pubkey, spent.value, EcdsaSighashType::All)
        .expect("a P2WPKH prevout")
        .to_byte_array()
}

/// Puts a 64-byte key-path signature (`SIGHASH_DEFAULT`) in input 0's witness.
pub fn set_taproot_witness(tx: &mut Transaction, sig: &secp::schnorr::Signature) {
    tx.input[0].witness = Witness::from_slice(&[sig.to_byte_array().as_slice()]);
}

/// Puts `<DER signature || SIGHASH_ALL> <pubkey>` in input 0's witness.
pub fn set_p2wpkh_witness(
    tx: &mut Transaction,
    sig: &secp::ecdsa::Signature,
    pk: &secp::PublicKey,
) {
    let mut der = sig.serialize_der().to_vec();
    der.push(EcdsaSighashType::All as u8);
    tx.input[0].witness = Witness::from_slice(&[der.as_slice(), pk.serialize().as_slice()]);
}

/// Serialized size of a transaction, with its weight in virtual bytes.
pub fn sizes(tx: &Transaction) -> (usize, usize) {
    (bitcoin::consensus::serialize(tx).len(), tx.vsize())
}

/// Verifies every input of `tx` with Bitcoin Core's consensus code
/// (libbitcoinconsensus 26), all soft forks up to Taproot enabled, given the
/// outputs it spends (`spent[i]` for input `i`; BIP341 needs all of them).
pub fn consensus_verify(tx: &Transaction, spent: &[TxOut]) -> Result<(), bitcoinconsensus::Error> {
    let raw = bitcoin::consensus::serialize(tx);
    let utxos: Vec<bitcoinconsensus::Utxo> = spent
        .iter()
        .map(|o| bitcoinconsensus::Utxo {
            script_pubkey: o.script_pubkey.as_bytes().as_ptr(),
            script_pubkey_len: o.script_pubkey.len() as u32,
            value: o.value.to_sat() as i64,
        })
        .collect();
    for (i, o) in spent.iter().enumerate() {
        bitcoinconsensus::verify_with_flags(
            o.script_pubkey.as_bytes(),
            o.value.to_sat(),
            &raw,
            Some(&utxos),
            i,
            bitcoinconsensus::VERIFY_ALL_PRE_TAPROOT | bitcoinconsensus::VERIFY_TAPROOT,
        )?;
    }
    Ok(())
}
