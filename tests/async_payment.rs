//! The async payment example's flows, run as tests: every final transaction must
//! be accepted by Bitcoin Core's consensus code, and the failure paths must fail
//! with the crate's typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../examples/async_payment/btc.rs"]
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
    let mut tx = btc::spend_tx(prev, btc::p2tr_script(&keypair(2).x_only_public_key().0), 99_000);
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
