//! The mailbox route end to end (SPEC.md, "Mailbox route"): what each hop
//! learns, and issue 15's properties over random paths.

use proptest::prelude::*;
use ptlc::blob;
use ptlc::mailbox_route::blinded_path::PathBlinder;
use ptlc::mailbox_route::packet::{build_onion_to_vec, sphinx_build};
use ptlc::mailbox_route::peel::NextHop;
use ptlc::mailbox_route::{
    build_mailbox_path, build_onion, peel, BlindedPath, MailboxRouteError, Peeled, BLOB_TLV_TYPE,
    LARGE_PACKET_LEN, SMALL_PACKET_LEN,
};
use ptlc::secp256k1::{Keypair, PublicKey, SecretKey};
use ptlc::tlv::TlvWriter;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

fn secret_key(rng: &mut ChaCha20Rng) -> SecretKey {
    loop {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        if let Ok(sk) = SecretKey::from_secret_bytes(b) {
            return sk;
        }
    }
}

fn keys(rng: &mut ChaCha20Rng, n: usize) -> Vec<SecretKey> {
    (0..n).map(|_| secret_key(rng)).collect()
}

fn public(sk: &[SecretKey]) -> Vec<PublicKey> {
    sk.iter().map(PublicKey::from_secret_key).collect()
}

/// What one node saw when it peeled.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Learned {
    Next(PublicKey),
    Mailbox { path_id: Vec<u8>, blob: Vec<u8> },
}

/// Sends `packet` with `path_key` through `nodes` in order; returns what each
/// learned and the length of every packet it was handed.
fn walk(
    nodes: &[SecretKey],
    mut path_key: PublicKey,
    mut packet: Vec<u8>,
) -> Result<Vec<(Learned, usize)>, (usize, MailboxRouteError)> {
    let mut seen = Vec::new();
    for (i, sk) in nodes.iter().enumerate() {
        let mut out = vec![0u8; packet.len()];
        let len = packet.len();
        match peel(sk, &path_key, &packet, &mut out).map_err(|e| (i, e))? {
            Peeled::Forward(f) => {
                let NextHop::NodeId(next) = f.next_hop else {
                    panic!("the builder names node ids")
                };
                seen.push((Learned::Next(next), len));
                path_key = f.next_path_key;
                packet = f.packet.to_vec();
            }
            Peeled::Final { path_id, blob } => {
                seen.push((
                    Learned::Mailbox {
                        path_id: path_id.to_vec(),
                        blob: blob.to_vec(),
                    },
                    len,
                ));
            }
        }
    }
    Ok(seen)
}

#[test]
fn two_payer_relays_two_payee_relays_then_mailbox() {
    let mut rng = ChaCha20Rng::seed_from_u64(15);
    let payer_relays = keys(&mut rng, 2);
    let payee_relays = keys(&mut rng, 2);
    let mailbox = secret_key(&mut rng);
    let payee = Keypair::from_secret_key(&secret_key(&mut rng));
    let mailbox_id = b"mailbox of B, slot 7";

    // B publishes its blinded path (say, in an offer).
    let mut path_buf = [0u8; 512];
    let n = build_mailbox_path(
        &mut rng,
        &public(&payee_relays),
        &PublicKey::from_secret_key(&mailbox),
        mailbox_id,
        &mut path_buf,
    )
    .unwrap();
    let path = BlindedPath::parse(&path_buf[..n]).unwrap();

    // A seals the package to B and sends it along both lists.
    let package = [1u8, 3, b'p', b't', b'c'];
    let mut sealed = [0u8; 400];
    let sealed_len = blob::seal(
        &payee.public_key(),
        mailbox_id,
        &package,
        &mut rng,
        &mut sealed,
    )
    .unwrap();
    let sealed = &sealed[..sealed_len];
    let mut packet = [0u8; SMALL_PACKET_LEN];
    let msg = build_onion(&mut rng, &public(&payer_relays), &path, sealed, &mut packet).unwrap();
    assert_eq!(
        msg.first_node_id,
        PublicKey::from_secret_key(&payer_relays[0])
    );

    let route: Vec<SecretKey> = payer_relays
        .iter()
        .chain(&payee_relays)
        .copied()
        .chain([mailbox])
        .collect();
    let seen = walk(&route, msg.path_key, packet.to_vec()).unwrap();
    let ids = public(&route);
    let want: Vec<(Learned, usize)> = ids[1..]
        .iter()
        .map(|next| (Learned::Next(*next), SMALL_PACKET_LEN))
        .chain([(
            Learned::Mailbox {
                path_id: mailbox_id.to_vec(),
                blob: sealed.to_vec(),
            },
            SMALL_PACKET_LEN,
        )])
        .collect();
    // Each relay learns only its successor; the second payer relay learns the
    // (public) introduction node; only the mailbox learns the mailbox id and
    // holds the blob, which it cannot open.
    assert_eq!(seen, want);
    for (i, (learned, _)) in seen.iter().enumerate() {
        println!("hop {i} ({:?}): {learned:?}", ids[i]);
    }

    // B fetches the blob and opens it.
    let mut opened = [0u8; 400];
    assert_eq!(
        blob::open(&payee, mailbox_id, sealed, &mut opened).unwrap(),
        &package
    );

    // A node off the route, or a relay handed the wrong path key, learns nothing.
    let stranger = secret_key(&mut rng);
    let mut out = [0u8; SMALL_PACKET_LEN];
    assert_eq!(
        peel(&stranger, &msg.path_key, &packet, &mut out),
        Err(MailboxRouteError::BadHmac)
    );
    let wrong_key = PublicKey::from_secret_key(&stranger);
    assert_eq!(
        peel(&payer_relays[0], &wrong_key, &packet, &mut out),
        Err(MailboxRouteError::BadHmac)
    );
    assert_eq!(out, [0u8; SMALL_PACKET_LEN], "wiped on error");
}

#[test]
fn large_blob_takes_the_large_packet() {
    let mut rng = ChaCha20Rng::seed_from_u64(16);
    let relays = keys(&mut rng, 3);
    let mut path_buf = [0u8; 512];
    let ids = public(&relays);
    let n = build_mailbox_path(&mut rng, &ids[1..2], &ids[2], b"id", &mut path_buf).unwrap();
    let path = BlindedPath::parse(&path_buf[..n]).unwrap();
    let blob = vec![0x5a; 4000];
    let mut small = [0u8; SMALL_PACKET_LEN];
    assert_eq!(
        build_onion(&mut rng, &ids[..1], &path, &blob, &mut small),
        Err(MailboxRouteError::BufferTooSmall)
    );
    let (msg, packet) = build_onion_to_vec(&mut rng, &ids[..1], &path, &blob).unwrap();
    assert_eq!(packet.len(), LARGE_PACKET_LEN);
    let seen = walk(&relays, msg.path_key, packet).unwrap();
    assert_eq!(
        seen.last().unwrap().0,
        Learned::Mailbox {
            path_id: b"id".to_vec(),
            blob
        }
    );
    assert!(seen.iter().all(|(_, len)| *len == LARGE_PACKET_LEN));
}

struct Route {
    nodes: Vec<SecretKey>,
    path_key: PublicKey,
    packet: Vec<u8>,
    mailbox_id: Vec<u8>,
    blob: Vec<u8>,
}

fn random_route(
    seed: u64,
    payer: usize,
    payee_relays: usize,
    id_len: usize,
    blob_len: usize,
) -> Route {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let payer_keys = keys(&mut rng, payer);
    let payee_keys = keys(&mut rng, payee_relays + 1);
    let mailbox_id: Vec<u8> = (0..id_len).map(|i| i as u8 ^ 0xa5).collect();
    let blob: Vec<u8> = (0..blob_len).map(|i| (i * 7) as u8).collect();
    let ids = public(&payee_keys);
    let mut path_buf = vec![0u8; 1024];
    let n = build_mailbox_path(
        &mut rng,
        &ids[..payee_relays],
        &ids[payee_relays],
        &mailbox_id,
        &mut path_buf,
    )
    .unwrap();
    let path = BlindedPath::parse(&path_buf[..n]).unwrap();
    let lens: Vec<usize> = path
        .hops()
        .map(|h| h.encrypted_recipient_data.len())
        .collect();
    assert!(lens.iter().all(|l| *l == lens[0]), "padded to one length");
    // 1366 bytes when the payloads fit, else 32834.
    let (msg, packet) = build_onion_to_vec(&mut rng, &public(&payer_keys), &path, &blob).unwrap();
    Route {
        nodes: payer_keys.into_iter().chain(payee_keys).collect(),
        path_key: msg.path_key,
        packet,
        mailbox_id,
        blob,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_hop_learns_only_its_successor(
        seed in any::<u64>(), payer in 1usize..=6, payee in 1usize..=6,
        id_len in 0usize..=64, blob_len in 0usize..=300,
    ) {
        let r = random_route(seed, payer, payee - 1, id_len, blob_len);
        let seen = walk(&r.nodes, r.path_key, r.packet.clone()).unwrap();
        prop_assert_eq!(seen.len(), r.nodes.len());
        prop_assert!(r.packet.len() == SMALL_PACKET_LEN || r.packet.len() == LARGE_PACKET_LEN);
        let ids = public(&r.nodes);
        for (i, (learned, len)) in seen.iter().enumerate() {
            prop_assert_eq!(*len, r.packet.len());
            if i + 1 < seen.len() {
                prop_assert_eq!(learned, &Learned::Next(ids[i + 1]));
            } else {
                prop_assert_eq!(learned, &Learned::Mailbox { path_id: r.mailbox_id.clone(), blob: r.blob.clone() });
            }
        }
    }

    #[test]
    fn a_flipped_bit_fails_at_the_next_hop(
        seed in any::<u64>(), payer in 1usize..=6, payee in 1usize..=6,
        at in any::<prop::sample::Index>(), bit in any::<prop::sample::Index>(),
    ) {
        let r = random_route(seed, payer, payee - 1, 16, 100);
        // Peel honestly up to hop k, then flip one bit of the packet it gets.
        let k = at.index(r.nodes.len());
        let (mut key, mut packet) = (r.path_key, r.packet.clone());
        for sk in &r.nodes[..k] {
            let mut out = vec![0u8; packet.len()];
            let Peeled::Forward(f) = peel(sk, &key, &packet, &mut out).unwrap() else {
                panic!("only the last hop is final")
            };
            key = f.next_path_key;
            packet = f.packet.to_vec();
        }
        let bit = bit.index(packet.len() * 8);
        packet[bit / 8] ^= 1 << (bit % 8);
        let mut out = vec![0u8; packet.len()];
        let err = peel(&r.nodes[k], &key, &packet, &mut out).unwrap_err();
        prop_assert!(
            matches!(err, MailboxRouteError::BadHmac | MailboxRouteError::UnknownVersion(_) | MailboxRouteError::InvalidOnionKey),
            "{:?}", err
        );
        prop_assert!(out.iter().all(|b| *b == 0));
    }
}

/// One crafted hop: its `encrypted_data_tlv` and extra payload records.
type CraftedHop<'a> = (&'a [u8], &'a [(u64, &'a [u8])]);

/// A hand-made message to `nodes` (one `(encrypted_data_tlv, extra payload
/// records)` per hop) through the generic Sphinx core, for the reader rules.
fn crafted(nodes: &[SecretKey], hops: &[CraftedHop<'_>]) -> (PublicKey, Vec<u8>) {
    let mut blinder = PathBlinder::from_secret_bytes(&[0x11; 32]).unwrap();
    let first_key = blinder.path_key();
    let mut blinded = Vec::new();
    let mut encs = Vec::new();
    for (sk, (tlv, _)) in nodes.iter().zip(hops) {
        let mut enc = vec![0u8; tlv.len() + 16];
        let info = blinder
            .blind_hop(&PublicKey::from_secret_key(sk), tlv, &mut enc)
            .unwrap();
        blinded.push(info.blinded_node_id);
        encs.push(enc);
    }
    let payloads: Vec<Vec<u8>> = hops
        .iter()
        .zip(&encs)
        .map(|((_, extra), enc)| {
            let mut records: Vec<(u64, &[u8])> = extra.to_vec();
            records.push((4, enc));
            records.sort_by_key(|r| r.0);
            let mut payload = vec![0u8; 2048];
            let mut w = TlvWriter::new(&mut payload);
            for (t, v) in records {
                w.write(t, v).unwrap();
            }
            let n = w.finish();
            payload.truncate(n);
            payload
        })
        .collect();
    let hops: Vec<(PublicKey, &[u8])> = blinded
        .into_iter()
        .zip(payloads.iter().map(|p| &p[..]))
        .collect();
    let mut packet = vec![0u8; SMALL_PACKET_LEN];
    sphinx_build(&[0x22; 32], &hops, &[], 1300, &mut packet).unwrap();
    (first_key, packet)
}

fn next_node(pk: &PublicKey) -> Vec<u8> {
    let mut v = vec![4, 33];
    v.extend_from_slice(&pk.serialize());
    v
}

#[test]
fn bolt4_reader_rules_are_typed_errors() {
    use MailboxRouteError as E;
    let mut rng = ChaCha20Rng::seed_from_u64(17);
    let nodes = keys(&mut rng, 2);
    let next = next_node(&PublicKey::from_secret_key(&nodes[1]));
    let final_ok: &[u8] = &[6, 2, 0xab, 0xcd];
    let blob: &[(u64, &[u8])] = &[(BLOB_TLV_TYPE, b"blob")];
    let peel_first = |hops: &[CraftedHop<'_>]| {
        let (key, packet) = crafted(&nodes, hops);
        let mut out = vec![0u8; packet.len()];
        let r = peel(&nodes[0], &key, &packet, &mut out).map(|_| ());
        if r.is_err() {
            assert!(out.iter().all(|b| *b == 0), "wiped on {r:?}");
        }
        r
    };
    // Found by fuzz/fuzz_targets/mailbox_peel.rs: the final-hop checks of
    // `peel` (MissingBlob, ...) must wipe the buffer like every other error.
    let peel_final = |tlv: &[u8], extra: &[(u64, &[u8])]| {
        let (key, packet) = crafted(&nodes[..1], &[(tlv, extra)]);
        let mut out = vec![0u8; packet.len()];
        let r = peel(&nodes[0], &key, &packet, &mut out).map(|_| ());
        if r.is_err() {
            assert!(out.iter().all(|b| *b == 0), "wiped on {r:?}");
        }
        r
    };
    // A well-formed pair, for reference.
    assert_eq!(peel_first(&[(&next, &[]), (final_ok, blob)]), Ok(()));
    assert_eq!(peel_final(final_ok, blob), Ok(()));
    // Non-final hop.
    assert_eq!(
        peel_first(&[(&next, &[(1, b"x")]), (final_ok, blob)]),
        Err(E::UnexpectedFieldAtRelay(1))
    );
    assert_eq!(
        peel_first(&[(&next, blob), (final_ok, blob)]),
        Err(E::UnexpectedFieldAtRelay(BLOB_TLV_TYPE))
    );
    let with_path_id = [&next[..], &[6, 1, 7]].concat();
    assert_eq!(
        peel_first(&[(&with_path_id, &[]), (final_ok, blob)]),
        Err(E::PathIdAtRelay)
    );
    assert_eq!(
        peel_first(&[(&[1, 0], &[]), (final_ok, blob)]),
        Err(E::NoNextHop)
    );
    let unknown_even = [&next[..], &[16, 0]].concat();
    assert_eq!(
        peel_first(&[(&unknown_even, &[]), (final_ok, blob)]),
        Err(E::EncryptedData(ptlc::tlv::TlvError::UnknownEvenType(16)))
    );
    let unknown_odd = [&next[..], &[17, 1, 0]].concat();
    assert_eq!(peel_first(&[(&unknown_odd, &[]), (final_ok, blob)]), Ok(()));
    let payment_relay = [&next[..], &[10, 0]].concat();
    assert_eq!(
        peel_first(&[(&payment_relay, &[]), (final_ok, blob)]),
        Err(E::PaymentFieldInMessage(10))
    );
    let features = [&next[..], &[14, 1, 0x01]].concat();
    assert_eq!(
        peel_first(&[(&features, &[]), (final_ok, blob)]),
        Err(E::UnknownFeature)
    );
    let no_features = [&next[..], &[14, 1, 0x00]].concat();
    assert_eq!(peel_first(&[(&no_features, &[]), (final_ok, blob)]), Ok(()));
    let bad_point = [&[4u8, 33][..], &[9; 33]].concat();
    assert_eq!(
        peel_first(&[(&bad_point, &[]), (final_ok, blob)]),
        Err(E::EncryptedData(ptlc::tlv::TlvError::InvalidValue(4)))
    );
    // A short channel id as the only next hop is forwarded as such.
    let (key, packet) = crafted(
        &nodes,
        &[
            (&[2, 8, 0, 0, 0, 0, 0, 0, 0x06, 0xc1], &[]),
            (final_ok, blob),
        ],
    );
    let mut out = vec![0u8; packet.len()];
    let Ok(Peeled::Forward(f)) = peel(&nodes[0], &key, &packet, &mut out) else {
        panic!()
    };
    assert_eq!(f.next_hop, NextHop::ShortChannelId(0x06c1));
    // Final hop.
    assert_eq!(peel_final(&next, blob), Err(E::ForwardFieldAtFinal));
    assert_eq!(peel_final(&[1, 0], blob), Err(E::MissingPathId));
    assert_eq!(peel_final(final_ok, &[]), Err(E::MissingBlob));
    assert_eq!(
        peel_final(final_ok, &[(64, b"invreq")]),
        Err(E::UnexpectedPayload(64))
    );
    assert_eq!(
        peel_final(final_ok, &[(64, b"invreq"), (BLOB_TLV_TYPE, b"blob")]),
        Err(E::UnexpectedPayload(BLOB_TLV_TYPE))
    );
    assert_eq!(
        peel_final(final_ok, &[(6, b"x"), (BLOB_TLV_TYPE, b"blob")]),
        Err(E::Payload(ptlc::tlv::TlvError::UnknownEvenType(6)))
    );
    assert_eq!(
        peel_final(final_ok, &[(70, b"x")]),
        Err(E::Payload(ptlc::tlv::TlvError::UnknownEvenType(70)))
    );
    assert_eq!(
        peel_final(final_ok, &[(1, b"odd"), (BLOB_TLV_TYPE, b"blob")]),
        Ok(())
    );
    assert_eq!(
        peel_final(final_ok, &[(2, b"path"), (BLOB_TLV_TYPE, b"blob")]),
        Err(E::ReplyPathUnsupported)
    );
    assert_eq!(
        peel_final(&[6, 0xfd], blob),
        Err(E::EncryptedData(ptlc::tlv::TlvError::Truncated))
    );

    // Payload framing, through the generic Sphinx core.
    let b0 = {
        let mut blinder = PathBlinder::from_secret_bytes(&[0x11; 32]).unwrap();
        let info = blinder
            .blind_hop(
                &PublicKey::from_secret_key(&nodes[0]),
                final_ok,
                &mut [0u8; 20],
            )
            .unwrap();
        (info.path_key, info.blinded_node_id)
    };
    for (payload, want) in [
        (&[1u8][..], E::BadPayloadLength),
        (&[1, 0][..], E::MissingEncryptedData),
        (&[4, 3, 1, 2, 3][..], E::UndecryptableEncryptedData),
        (
            &[4, 9, 1][..],
            E::Payload(ptlc::tlv::TlvError::LengthOverrun),
        ),
    ] {
        let mut packet = vec![0u8; SMALL_PACKET_LEN];
        sphinx_build(&[0x22; 32], &[(b0.1, payload)], &[], 1300, &mut packet).unwrap();
        let mut out = vec![0u8; packet.len()];
        assert_eq!(
            peel(&nodes[0], &b0.0, &packet, &mut out),
            Err(want),
            "{payload:?}"
        );
    }
}

/// Every next-hop field alone is refused at the final hop, and a message that
/// breaks two reader rules reports the first in SPEC.md's order ("Peeling":
/// the payload and `encrypted_data_tlv` whole, then the payment and feature
/// refusals, then the rules of the hop's position).
#[test]
fn reader_rules_apply_in_spec_order() {
    use ptlc::tlv::TlvError::UnknownEvenType;
    use MailboxRouteError as E;
    let mut rng = ChaCha20Rng::seed_from_u64(18);
    let nodes = keys(&mut rng, 2);
    let next = next_node(&PublicKey::from_secret_key(&nodes[1]));
    let final_ok: &[u8] = &[6, 2, 0xab, 0xcd];
    let blob: &[(u64, &[u8])] = &[(BLOB_TLV_TYPE, b"blob")];
    let peel_at = |hops: &[CraftedHop<'_>]| {
        let (key, packet) = crafted(&nodes[..hops.len()], hops);
        let mut out = vec![0u8; packet.len()];
        peel(&nodes[0], &key, &packet, &mut out).map(|_| ())
    };
    let relay = |tlv: &[u8], extra: &[(u64, &[u8])]| peel_at(&[(tlv, extra), (final_ok, blob)]);
    let at_final = |tlv: &[u8], extra: &[(u64, &[u8])]| peel_at(&[(tlv, extra)]);
    let point = PublicKey::from_secret_key(&nodes[1]).serialize();

    // Each next-hop field on its own at the final hop.
    let scid = [&[2u8, 8][..], &[0; 8], final_ok].concat();
    assert_eq!(at_final(&scid, blob), Err(E::ForwardFieldAtFinal));
    let next_then_id = [&next[..], final_ok].concat();
    assert_eq!(at_final(&next_then_id, blob), Err(E::ForwardFieldAtFinal));
    let path_key_override = [final_ok, &[8, 33], &point].concat();
    assert_eq!(
        at_final(&path_key_override, blob),
        Err(E::ForwardFieldAtFinal)
    );

    // Two rules at a relay.
    assert_eq!(
        relay(&next, &[(6, b"x")]),
        Err(E::Payload(UnknownEvenType(6)))
    );
    let path_id_at_relay = [&next[..], &[6, 1, 7]].concat();
    assert_eq!(
        relay(&path_id_at_relay, &[(1, b"x")]),
        Err(E::UnexpectedFieldAtRelay(1))
    );
    let payment_then_unknown = [&next[..], &[10, 0, 16, 0]].concat();
    assert_eq!(
        relay(&payment_then_unknown, &[]),
        Err(E::EncryptedData(UnknownEvenType(16)))
    );
    let payment_and_feature = [&next[..], &[10, 0, 14, 1, 1]].concat();
    assert_eq!(
        relay(&payment_and_feature, &[]),
        Err(E::PaymentFieldInMessage(10))
    );
    assert_eq!(
        relay(&[12, 0, 14, 1, 1], &[]),
        Err(E::PaymentFieldInMessage(12))
    );
    assert_eq!(relay(&[14, 1, 1], &[(1, b"x")]), Err(E::UnknownFeature));

    // Two rules at the final hop.
    let two_messages: &[(u64, &[u8])] = &[(65, b"m"), (BLOB_TLV_TYPE, b"blob")];
    assert_eq!(
        at_final(&next_then_id, two_messages),
        Err(E::ForwardFieldAtFinal)
    );
    let reply_and_two: &[(u64, &[u8])] = &[(2, b"p"), (65, b"m"), (BLOB_TLV_TYPE, b"b")];
    assert_eq!(
        at_final(final_ok, reply_and_two),
        Err(E::UnexpectedPayload(BLOB_TLV_TYPE))
    );
    let reply_and_unknown: &[(u64, &[u8])] = &[(2, b"p"), (70, b"x")];
    assert_eq!(
        at_final(final_ok, reply_and_unknown),
        Err(E::Payload(UnknownEvenType(70)))
    );
}

/// The limits, at and one past each bound: a mailbox id of MAX_PATH_ID_LEN
/// bytes is carried to the mailbox and one more is refused; a packet takes
/// MAX_HOPS hops and payloads that exactly fill its payload area, and refuses
/// one hop or one byte more.
#[test]
fn limits_at_and_past_each_bound() {
    use ptlc::mailbox_route::blinded_path::mailbox_path_len;
    use ptlc::mailbox_route::{MAX_HOPS, MAX_PATH_ID_LEN};
    let mut rng = ChaCha20Rng::seed_from_u64(19);
    let relays = keys(&mut rng, 2);
    let mailbox = secret_key(&mut rng);
    let mut path_buf = vec![0u8; 2048];
    for (len, ok) in [(MAX_PATH_ID_LEN, true), (MAX_PATH_ID_LEN + 1, false)] {
        let id = vec![0x6d; len];
        let expected = mailbox_path_len(relays.len(), len);
        let built = build_mailbox_path(
            &mut rng,
            &public(&relays),
            &PublicKey::from_secret_key(&mailbox),
            &id,
            &mut path_buf,
        );
        if !ok {
            assert_eq!(expected, Err(MailboxRouteError::PathIdTooLong));
            assert_eq!(built, Err(MailboxRouteError::PathIdTooLong));
            continue;
        }
        let n = built.unwrap();
        assert_eq!(expected, Ok(n));
        let path = BlindedPath::parse(&path_buf[..n]).unwrap();
        let mut packet = [0u8; SMALL_PACKET_LEN];
        let msg = build_onion(&mut rng, &[], &path, b"blob", &mut packet).unwrap();
        let route: Vec<SecretKey> = relays.iter().copied().chain([mailbox]).collect();
        let seen = walk(&route, msg.path_key, packet.to_vec()).unwrap();
        assert_eq!(
            seen.last().map(|(l, _)| l.clone()),
            Some(Learned::Mailbox {
                path_id: id,
                blob: b"blob".to_vec()
            })
        );
    }

    // Hop count and payload area, through the Sphinx core (1300 bytes of payloads).
    let nodes = keys(&mut rng, MAX_HOPS + 1);
    let ids = public(&nodes);
    let payload = [0u8; 2];
    let mut out = vec![0u8; SMALL_PACKET_LEN];
    let hops = |n: usize| -> Vec<(PublicKey, &[u8])> {
        ids[..n].iter().map(|pk| (*pk, &payload[..])).collect()
    };
    assert_eq!(
        sphinx_build(&[0x22; 32], &hops(MAX_HOPS), &[], 1300, &mut out),
        Ok(SMALL_PACKET_LEN)
    );
    assert_eq!(
        sphinx_build(&[0x22; 32], &hops(MAX_HOPS + 1), &[], 1300, &mut out),
        Err(MailboxRouteError::TooManyHops)
    );
    // One hop: a 3-byte BigSize length, the payload and a 32-byte HMAC.
    let fits = vec![0x01; 1300 - 3 - 32];
    let over = vec![0x01; 1300 - 3 - 32 + 1];
    assert_eq!(
        sphinx_build(&[0x22; 32], &[(ids[0], &fits[..])], &[], 1300, &mut out),
        Ok(SMALL_PACKET_LEN)
    );
    assert_eq!(
        sphinx_build(&[0x22; 32], &[(ids[0], &over[..])], &[], 1300, &mut out),
        Err(MailboxRouteError::TooLarge)
    );
}

/// The payer may put MAX_PAYER_RELAYS relays before the payee's path, not
/// one more; a forwarding Sphinx peel needs the packet's length plus its
/// payload's, not a byte less (and wipes the buffer when short).
#[test]
fn payer_relay_limit_and_forwarding_buffer() {
    use ptlc::mailbox_route::packet::{sphinx_peel, SphinxLayer};
    use ptlc::mailbox_route::MAX_PAYER_RELAYS;
    let mut rng = ChaCha20Rng::seed_from_u64(20);
    let mailbox = secret_key(&mut rng);
    let mut path_buf = [0u8; 512];
    let n = build_mailbox_path(
        &mut rng,
        &[],
        &PublicKey::from_secret_key(&mailbox),
        b"id",
        &mut path_buf,
    )
    .unwrap();
    let path = BlindedPath::parse(&path_buf[..n]).unwrap();
    let relays = keys(&mut rng, MAX_PAYER_RELAYS + 1);
    let (msg, packet) =
        build_onion_to_vec(&mut rng, &public(&relays[..MAX_PAYER_RELAYS]), &path, b"b").unwrap();
    let route: Vec<SecretKey> = relays[..MAX_PAYER_RELAYS]
        .iter()
        .copied()
        .chain([mailbox])
        .collect();
    let seen = walk(&route, msg.path_key, packet).unwrap();
    assert_eq!(seen.len(), MAX_PAYER_RELAYS + 1);
    assert_eq!(
        build_onion_to_vec(&mut rng, &public(&relays), &path, b"b").err(),
        Some(MailboxRouteError::TooManyHops)
    );

    let nodes = keys(&mut rng, 2);
    let payload = [0x33u8; 10];
    let hops = [
        (PublicKey::from_secret_key(&nodes[0]), &payload[..]),
        (PublicKey::from_secret_key(&nodes[1]), &payload[..]),
    ];
    let mut packet = vec![0u8; 366];
    sphinx_build(&[0x22; 32], &hops, &[], 300, &mut packet).unwrap();
    let mut exact = vec![0u8; packet.len() + payload.len()];
    match sphinx_peel(&nodes[0], &packet, &[], &mut exact).unwrap() {
        SphinxLayer::Forward {
            payload: p,
            packet: next,
        } => {
            assert_eq!(p, payload);
            assert_eq!(next.len(), packet.len());
        }
        SphinxLayer::Final { .. } => panic!("hop 0 forwards"),
    }
    let mut short = vec![0u8; packet.len() + payload.len() - 1];
    assert_eq!(
        sphinx_peel(&nodes[0], &packet, &[], &mut short).err(),
        Some(MailboxRouteError::BufferTooSmall)
    );
    assert!(short.iter().all(|b| *b == 0));
}
