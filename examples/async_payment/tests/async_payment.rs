//! The async payment example's flows, run as tests: every final transaction must
//! be accepted by Bitcoin Core's consensus code, and the failure paths must fail
//! with the crate's typed errors.

#[path = "../btc.rs"]
mod btc;

use ptlc::secp256k1 as secp;

fn keypair(seed: u8) -> secp::Keypair {
    secp::Keypair::from_secret_bytes([seed; 32]).unwrap()
}

/// The Bitcoin plumbing alone, with plain libsecp256k1 signatures: a Taproot
/// key-path spend and a P2WPKH spend that consensus accepts, and the same with
/// a wrong signature that it rejects.
#[test]
fn bitcoin_side_with_plain_signatures() {
    // Taproot key path.
    let a = btc::taproot_key(&keypair(1));
    let (_, prev, spent) = btc::fake_funding(btc::p2tr_script(&a.output_key), 100_000, 1);
    let mut tx = btc::spend_tx(
        prev,
        btc::p2tr_script(&keypair(2).x_only_public_key().0),
        99_000,
    );
    let msg = btc::taproot_sighash(&tx, &spent);
    let sig = secp::schnorr::sign_no_aux_rand(&msg, &a.tweaked);
    btc::set_taproot_witness(&mut tx, &sig);
    btc::consensus_verify(&tx, std::slice::from_ref(&spent)).unwrap();
    // Signed with the untweaked key: rejected.
    let bad = secp::schnorr::sign_no_aux_rand(&msg, &keypair(1));
    btc::set_taproot_witness(&mut tx, &bad);
    assert_eq!(
        btc::consensus_verify(&tx, std::slice::from_ref(&spent)),
        Err(bitcoinconsensus::Error::ERR_SCRIPT)
    );

    // P2WPKH.
    let s = keypair(3);
    let (_, prev, spent) = btc::fake_funding(btc::p2wpkh_script(&s.public_key()), 50_000, 2);
    let mut tx = btc::spend_tx(prev, btc::p2tr_script(&a.output_key), 49_000);
    let msg = btc::p2wpkh_sighash(&tx, &spent);
    let sig = secp::ecdsa::sign(secp::Message::from_digest(msg), &s.secret_key());
    btc::set_p2wpkh_witness(&mut tx, &sig, &s.public_key());
    btc::consensus_verify(&tx, std::slice::from_ref(&spent)).unwrap();
    let other = secp::ecdsa::sign(secp::Message::from_digest([9; 32]), &s.secret_key());
    btc::set_p2wpkh_witness(&mut tx, &other, &s.public_key());
    assert_eq!(
        btc::consensus_verify(&tx, std::slice::from_ref(&spent)),
        Err(bitcoinconsensus::Error::ERR_SCRIPT)
    );
}

#[path = "../channel.rs"]
mod channel;
#[path = "../flow.rs"]
mod flow;
#[path = "../musig_flow.rs"]
mod musig_flow;
#[path = "../route.rs"]
mod route;

use channel::{Channel, NonceSlotError, NonceSlots};
use flow::{ChannelKind, Config, Failure, FlowError, Log, PtlcKind};
use ptlc::ecdsa_adaptor::EcdsaAdaptorError;
use ptlc::pay_for_partial_signature::{NonceId, PayForPartialSignatureError};
use ptlc::pay_for_signature::{PayForSignatureError, SignatureOffer};
use ptlc::schnorr_adaptor::SchnorrAdaptorError;
use ptlc::PaymentScalar;
use rand_chacha::rand_core::SeedableRng;

const NOW: u64 = 1_764_000_000;
/// What `blob::open` says when one bit of the sealed blob changed.
const TAMPERED_BLOB_ERROR: ptlc::blob::BlobError = ptlc::blob::BlobError::AuthenticationFailed;
/// What `Package::check_expiry` says after the expiry.
const EXPIRED_ERROR: ptlc::package::PackageError = ptlc::package::PackageError::Expired;

fn run(
    ptlc: PtlcKind,
    failure: Option<Failure>,
    seed: u64,
) -> (Result<flow::Outcome, FlowError>, Log) {
    run_on(ChannelKind::SingleKey, ptlc, failure, seed)
}

fn run_on(
    channel: ChannelKind,
    ptlc: PtlcKind,
    failure: Option<Failure>,
    seed: u64,
) -> (Result<flow::Outcome, FlowError>, Log) {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    let mut log = Log::default();
    let cfg = Config {
        channel,
        ptlc,
        failure,
        now: NOW,
    };
    (flow::run(&cfg, &mut rng, &mut log), log)
}

/// Both transactions of a successful run are re-verified here, independently of
/// the flow, by libbitcoinconsensus; flipping one bit of a witness signature
/// makes it reject them, so the acceptance is not vacuous.
fn assert_consensus_accepts(outcome: &flow::Outcome) {
    assert_eq!(outcome.transactions.len(), 2);
    for v in &outcome.transactions {
        btc::consensus_verify(&v.tx, &v.spent)
            .unwrap_or_else(|e| panic!("{} rejected: {e:?}", v.name));
        let mut bad = v.tx.clone();
        let mut items: Vec<Vec<u8>> = bad.input[0].witness.iter().map(<[u8]>::to_vec).collect();
        items[0][10] ^= 1;
        bad.input[0].witness = bitcoin::Witness::from_slice(&items);
        assert_eq!(
            btc::consensus_verify(&bad, &v.spent),
            Err(bitcoinconsensus::Error::ERR_SCRIPT),
            "{} with a flipped signature bit",
            v.name
        );
    }
}

#[test]
fn schnorr_flow_is_accepted_by_bitcoin_consensus() {
    // Several seeds: nonces and keys of both y-parities go through the tweak,
    // the adaptor's R' = k·G + T and the completion.
    for seed in 0..8 {
        let (outcome, log) = run(PtlcKind::Schnorr, None, seed);
        let outcome = outcome.unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_consensus_accepts(&outcome);
        assert_eq!(outcome.adaptor_sig_len, 65);
        // Both final transactions are Taproot key-path spends (one 64-byte witness item).
        for v in &outcome.transactions {
            assert_eq!(v.tx.input[0].witness.len(), 1);
            assert_eq!(v.tx.input[0].witness.nth(0).map(<[u8]>::len), Some(64));
        }
        assert!(log
            .lines
            .iter()
            .any(|l| l.contains("byte for byte the one A made")));
    }
}

#[test]
fn ecdsa_flow_is_accepted_by_bitcoin_consensus() {
    for seed in 100..108 {
        let (outcome, _) = run(PtlcKind::Ecdsa, None, seed);
        let outcome = outcome.unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_consensus_accepts(&outcome);
        assert_eq!(outcome.adaptor_sig_len, 162);
        // The PTLC claim is a P2WPKH spend: <DER sig || SIGHASH_ALL> <33-byte key>.
        let claim = &outcome.transactions[0].tx;
        assert_eq!(claim.input[0].witness.len(), 2);
        assert!(outcome.transactions[0].spent[0].script_pubkey.is_p2wpkh());
        assert!(outcome.transactions[1].spent[0].script_pubkey.is_p2tr());
    }
}

/// The default adapt refuses a wrong scalar before anything is published; what
/// adapt_unchecked would have published is invalid on chain.
fn assert_refused_before_publishing(log: &Log) {
    assert!(log.lines.iter().any(|l| l.contains("B  adapt refuses")));
    assert!(!log.lines.iter().any(|l| l.contains("publishes the claim")));
    assert!(log
        .lines
        .iter()
        .any(|l| l.contains("rejected by libbitcoinconsensus: ERR_SCRIPT")));
}

#[test]
fn wrong_scalar_is_rejected_schnorr() {
    for seed in 200..204 {
        let (outcome, log) = run(PtlcKind::Schnorr, Some(Failure::WrongScalar), seed);
        assert_eq!(
            outcome.err(),
            Some(FlowError::SchnorrAdaptor(SchnorrAdaptorError::WrongScalar))
        );
        assert_refused_before_publishing(&log);
    }
}

#[test]
fn wrong_scalar_is_rejected_ecdsa() {
    for seed in 300..304 {
        let (outcome, log) = run(PtlcKind::Ecdsa, Some(Failure::WrongScalar), seed);
        assert_eq!(
            outcome.err(),
            Some(FlowError::EcdsaAdaptor(EcdsaAdaptorError::ScalarMismatch))
        );
        assert_refused_before_publishing(&log);
    }
}

#[test]
fn wrong_scalar_does_not_complete_the_offer() {
    let kp = flow::random_keypair(&mut rand_chacha::ChaCha20Rng::seed_from_u64(7));
    let (pk, _) = kp.x_only_public_key();
    let msg = [0x42; 32];
    let sig = secp::schnorr::sign_with_aux_rand(&msg, &kp, &[0; 32]);
    let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into().unwrap();
    let offer = SignatureOffer::new(pk, msg, nonce).unwrap();
    let s = ptlc::pay_for_signature::signature_scalar(&sig, &pk, &msg).unwrap();
    assert_eq!(offer.complete(&s).unwrap(), sig);
    let wrong = PaymentScalar::from_bytes(&[1; 32]).unwrap();
    assert_eq!(
        offer.complete(&wrong),
        Err(PayForSignatureError::WrongScalar)
    );
}

#[test]
fn tampered_blob_is_rejected() {
    for channel in [ChannelKind::Musig2, ChannelKind::SingleKey] {
        for kind in [PtlcKind::Schnorr, PtlcKind::Ecdsa] {
            let (outcome, log) = run_on(channel, kind, Some(Failure::TamperedBlob), 400);
            assert_eq!(outcome.err(), Some(FlowError::Blob(TAMPERED_BLOB_ERROR)));
            // Nothing after the blob was opened happened.
            assert!(!log.lines.iter().any(|l| l.starts_with("B  opens it")));
        }
    }
}

#[test]
fn expired_package_is_rejected() {
    for channel in [ChannelKind::Musig2, ChannelKind::SingleKey] {
        let (outcome, log) = run_on(channel, PtlcKind::Schnorr, Some(Failure::Expired), 500);
        assert_eq!(outcome.err(), Some(FlowError::Package(EXPIRED_ERROR)));
        assert!(!log.lines.iter().any(|l| l.starts_with("S  PTLC")));
    }
}

// The MuSig2 channel (pay-for-partial-signature).

/// A MuSig2-channel run with a Schnorr PTLC and `failure`, which must fail.
fn failing_musig2(failure: Failure, seed: u64) -> (FlowError, Log) {
    let (outcome, log) = run_on(ChannelKind::Musig2, PtlcKind::Schnorr, Some(failure), seed);
    match outcome {
        Ok(_) => panic!("seed {seed}: {failure:?} did not fail"),
        Err(e) => (e, log),
    }
}

fn says(log: &Log, text: &str) -> usize {
    log.lines.iter().filter(|l| l.contains(text)).count()
}

/// A's index in the channel's key order, as the flow reported it.
fn payer_index(log: &Log) -> usize {
    let line = log
        .lines
        .iter()
        .find(|l| l.starts_with("A  is signer "))
        .expect("A says which signer it is");
    line["A  is signer ".len()..][..1].parse().unwrap()
}

#[test]
fn musig2_flow_is_accepted_by_bitcoin_consensus() {
    // 8 seeds: both key orders (seeds 600..608 happen to put A second every
    // time, so the range starts at 608), and the parities of the aggregate
    // key, the tweaked key and the final nonce go through.
    let mut indices = std::collections::BTreeSet::new();
    for seed in 608..616 {
        let (outcome, log) = run_on(ChannelKind::Musig2, PtlcKind::Schnorr, None, seed);
        let outcome = outcome.unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_consensus_accepts(&outcome);
        assert_eq!(outcome.adaptor_sig_len, 65);
        for v in &outcome.transactions {
            assert_eq!(v.tx.input[0].witness.len(), 1);
            assert_eq!(v.tx.input[0].witness.nth(0).map(<[u8]>::len), Some(64));
            assert!(v.spent[0].script_pubkey.is_p2tr());
        }
        // S made exactly one partial signature with the slot's nonce.
        assert_eq!(says(&log, "takes the slot's secret nonce"), 1);
        assert_eq!(says(&log, "A's partial signature verifies"), 1);
        indices.insert(payer_index(&log));
    }
    assert_eq!(indices.len(), 2, "A was first and second in key order");
}

#[test]
fn musig2_flow_with_an_ecdsa_ptlc_is_accepted() {
    for seed in 700..704 {
        let (outcome, _) = run_on(ChannelKind::Musig2, PtlcKind::Ecdsa, None, seed);
        let outcome = outcome.unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_consensus_accepts(&outcome);
        assert_eq!(outcome.adaptor_sig_len, 162);
        assert!(outcome.transactions[0].spent[0].script_pubkey.is_p2wpkh());
        assert!(outcome.transactions[1].spent[0].script_pubkey.is_p2tr());
    }
}

#[test]
fn wrong_partial_signature_is_not_offered() {
    for seed in 800..808 {
        let (error, log) = failing_musig2(Failure::WrongPartialSignature, seed);
        let signer = payer_index(&log);
        assert_eq!(
            error,
            FlowError::PayForPartialSignature(
                PayForPartialSignatureError::InvalidPartialSignature { signer }
            )
        );
        assert_eq!(says(&log, "B refuses to offer it"), 1);
        // B never offered: S took no nonce and locked no PTLC.
        assert_eq!(says(&log, "B → S: offer"), 0);
        assert_eq!(says(&log, "S  PTLC"), 0);
    }
}

#[test]
fn wrong_scalar_is_rejected_musig2() {
    for seed in 900..908 {
        let (error, log) = failing_musig2(Failure::WrongScalar, seed);
        assert_eq!(
            error,
            FlowError::SchnorrAdaptor(SchnorrAdaptorError::WrongScalar)
        );
        assert_refused_before_publishing(&log);
        assert_eq!(
            says(
                &log,
                "PartialSignatureOffer::complete says PayForPartialSignatureError::WrongScalar"
            ),
            1
        );
    }
}

#[test]
fn reused_nonce_is_refused() {
    for seed in 1000..1008 {
        let (error, log) = failing_musig2(Failure::NonceReuse, seed);
        assert_eq!(error, FlowError::NonceSlot(NonceSlotError::AlreadyUsed));
        // The first payment went through; the second package, naming the
        // same nonce, got no answer and no signature from S.
        assert_eq!(says(&log, "accepted by libbitcoinconsensus"), 2);
        assert_eq!(says(&log, "6. B opens the second package"), 1);
        assert_eq!(says(&log, "takes the slot's secret nonce"), 1);
        assert_eq!(says(&log, "S  refuses: NonceSlotError::AlreadyUsed"), 1);
    }
}

#[test]
fn nonce_slots_are_single_use() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(11);
    let s = flow::random_keypair(&mut rng);
    let a = flow::random_keypair(&mut rng);
    let mut log = Log::default();
    let channel = Channel::open(&a.public_key(), &s.public_key(), 10_000, &mut log).unwrap();
    let mut slots = NonceSlots::default();
    let first = slots.issue(&mut rng, &s, &channel.output_key).unwrap();
    let second = slots.issue(&mut rng, &s, &channel.output_key).unwrap();
    assert_ne!(first, second);
    let (id1, id2) = (NonceId::of(&first), NonceId::of(&second));
    assert_eq!(slots.public(&id1), Ok(first));
    assert_eq!(slots.take(&id1).map(|(_, p)| p).ok(), Some(first));
    assert_eq!(slots.take(&id1).err(), Some(NonceSlotError::AlreadyUsed));
    assert_eq!(slots.public(&id1), Err(NonceSlotError::AlreadyUsed));
    // The other slot is untouched; an identifier never issued is unknown.
    assert_eq!(slots.public(&id2), Ok(second));
    let never = NonceId::from_bytes([7; 32]);
    assert_eq!(slots.public(&never), Err(NonceSlotError::Unknown));
    assert_eq!(slots.take(&never).err(), Some(NonceSlotError::Unknown));
}

#[test]
fn channel_output_is_the_tweaked_musig2_key() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(12);
    for _ in 0..8 {
        let a = flow::random_keypair(&mut rng);
        let s = flow::random_keypair(&mut rng);
        let mut log = Log::default();
        let ab = Channel::open(&a.public_key(), &s.public_key(), 10_000, &mut log).unwrap();
        let ba = Channel::open(&s.public_key(), &a.public_key(), 10_000, &mut log).unwrap();
        // KeySort: the same channel whoever opens it.
        assert_eq!(ab.keys, ba.keys);
        assert_eq!(ab.output_key, ba.output_key);
        assert_eq!(ab.coin.script_pubkey, btc::p2tr_script(&ab.output_key));
        // The output key is rust-bitcoin's BIP-341 tweak of the untweaked aggregate.
        let untweaked = ptlc::musig::key_agg::KeyAggContext::from_public_keys(&ab.keys).unwrap();
        assert_eq!(
            btc::taproot_output_key(&untweaked.x_only_public_key()),
            ab.output_key
        );
        assert_ne!(untweaked.x_only_public_key(), ab.output_key);
    }
}
