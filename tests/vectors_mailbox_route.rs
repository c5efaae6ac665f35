//! Writes / checks test-vectors/mailbox_route.json (SPEC.md, "Mailbox route"):
//! the payee's blinded path and the payer's onion message built with fixed
//! keys, what `peel` returns at every hop, and peel failures.

mod common;

use common::vector_fields::{mailbox_route_error, mailbox_route_outputs, MailboxRouteInputs};
use common::{check_or_regenerate, det_bytes, hex, unhex};
use ptlc::mailbox_route::peel::peel;
use ptlc::secp256k1::{PublicKey, SecretKey};
use serde_json::{json, Value};

fn label(s: &str) -> String {
    format!("ptlc/vectors/mailbox_route/{s}")
}

fn secret(what: &str, seed: u32) -> SecretKey {
    SecretKey::from_secret_bytes(det_bytes(&label(what), seed)).unwrap()
}

/// A valid entry: `m` payer relays, `r` payee relays, a blob of `blob_len` bytes.
fn valid_entry(m: usize, r: usize, blob_len: usize, seed: u32) -> Value {
    let payer: Vec<SecretKey> = (0..m).map(|j| secret(&format!("payer{j}"), seed)).collect();
    let payee: Vec<SecretKey> = (0..r).map(|j| secret(&format!("payee{j}"), seed)).collect();
    let mailbox = secret("mailbox", seed);
    let mailbox_id = det_bytes(&label("mailbox_id"), seed);
    let (e0, s, e0_payer) = (
        det_bytes(&label("payee_path"), seed),
        det_bytes(&label("session"), seed),
        det_bytes(&label("payer_path"), seed),
    );
    let blob: Vec<u8> = (0..blob_len)
        .map(|i| det_bytes(&label("blob"), seed + i as u32)[0])
        .collect();
    let outputs = mailbox_route_outputs(&MailboxRouteInputs {
        payer_relay_secrets: &payer,
        payee_relay_secrets: &payee,
        mailbox_secret: &mailbox,
        mailbox_id: &mailbox_id[..16],
        payee_path_secret: &e0,
        session_key: &s,
        payer_path_secret: &e0_payer,
        blob: &blob,
    })
    .unwrap();
    assert_eq!(outputs["received_blob"], hex(&blob));
    let secrets = |ks: &[SecretKey]| {
        ks.iter()
            .map(|k| hex(&k.to_secret_bytes()))
            .collect::<Vec<_>>()
    };
    let mut entry = json!({
        "comment": format!("{m} payer relays, {r} payee relays, {blob_len}-byte blob"),
        "payer_relay_secrets": secrets(&payer),
        "payee_relay_secrets": secrets(&payee),
        "mailbox_secret": hex(&mailbox.to_secret_bytes()),
        "mailbox_id": hex(&mailbox_id[..16]),
        "payee_path_secret": hex(&e0),
        "session_key": hex(&s),
        "payer_path_secret": hex(&e0_payer),
        "blob": hex(&blob),
    });
    entry
        .as_object_mut()
        .unwrap()
        .extend(outputs.as_object().unwrap().clone());
    entry
}

/// Peel failures at the first hop of `v`'s packet.
fn invalid(v: &Value) -> Vec<Value> {
    let first_secret = v["payer_relay_secrets"][0].as_str().unwrap();
    let path_key = v["path_key"].as_str().unwrap();
    let packet = unhex(v["packet"].as_str().unwrap());
    let other = hex(&secret("other", 0).to_secret_bytes());
    let other_key = hex(&PublicKey::from_secret_key(&secret("other", 1)).serialize());
    let edit = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut p = packet.clone();
        f(&mut p);
        p
    };
    let cases: Vec<(&str, &str, String, Vec<u8>)> = vec![
        (
            "a flipped byte in the hop payloads",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p[500] ^= 1),
        ),
        (
            "a flipped byte in the HMAC",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p[1350] ^= 0x80),
        ),
        (
            "a flipped byte in the onion key's x",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p[20] ^= 1),
        ),
        (
            "wrong node key",
            &other,
            path_key.to_owned(),
            packet.clone(),
        ),
        ("wrong path key", first_secret, other_key, packet.clone()),
        (
            "unknown version 1",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p[0] = 1),
        ),
        (
            "onion key prefix 04",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p[1] = 4),
        ),
        (
            "truncated by one byte",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p.truncate(1365)),
        ),
        (
            "truncated to 66 bytes (no payloads)",
            first_secret,
            path_key.to_owned(),
            edit(&|p| p.truncate(66)),
        ),
    ];
    cases
        .into_iter()
        .map(|(comment, sk, pk, p)| {
            let k = SecretKey::from_secret_bytes(unhex(sk).try_into().unwrap()).unwrap();
            let e = PublicKey::from_slice(&unhex(&pk)).unwrap();
            let mut out = vec![0u8; p.len()];
            let err = peel(&k, &e, &p, &mut out).expect_err(comment);
            json!({
                "comment": comment,
                "node_secret": sk,
                "path_key": pk,
                "packet": hex(&p),
                "error": mailbox_route_error(err),
            })
        })
        .collect()
}

#[test]
fn mailbox_route_vectors() {
    let valid: Vec<Value> = [
        (1, 0, 1, 0),
        (0, 1, 40, 1),
        (1, 1, 100, 2),
        (2, 2, 300, 3),
        (3, 1, 64, 4),
    ]
    .into_iter()
    .map(|(m, r, len, seed)| valid_entry(m, r, len, seed))
    .collect();
    let invalid = invalid(&valid[2]);
    let doc = json!({
        "description": "Mailbox route (SPEC.md, 'Mailbox route'; BOLT 4 onion messages over a blinded path): the payee's blinded path built with e_0 = payee_path_secret, the payer's onion message built with session_key and e'_0 = payer_path_secret, and what peel returns at each hop in order (payer relays, payee relays, mailbox): hop_path_keys[i] is hop i's incoming path_key; each forwarding hop gives next_node_ids[i] and the SHA-256 of the next packet, next_packet_hashes[i]; the mailbox gives path_id and received_blob. Invalid cases: peel(node_secret, path_key, packet) fails with error. All byte strings are lowercase hex.",
        "valid": valid,
        "invalid": invalid,
    });
    check_or_regenerate("mailbox_route.json", &doc);
}
