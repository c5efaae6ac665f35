//! Writes / checks test-vectors/blob.json: sealed blobs (valid and invalid),
//! TLV streams and payment packages (SPEC.md, "Encrypted blob"). Blobs are made
//! deterministic by fixing the 32 bytes `seal` draws from its RNG (`rand`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

mod blob_craft;
mod common;

use blob_craft::{body, craft, FixedRng};
use common::vector_fields::{blob_error, package_fields, tlv_error};
use common::{check_or_regenerate, det_bytes, hex};
use ptlc::blob::{open, opened_buffer_len, seal, sealed_len};
use ptlc::package::{Package, SecretSignature};
use ptlc::secp256k1::{Keypair, PublicKey, SecretKey};
use ptlc::tlv::{self, TlvError, TlvWriter};
use serde_json::{json, Value};

fn secret(label: &str, i: u32) -> [u8; 32] {
    // det_bytes output is below n with overwhelming probability; checked.
    let b = det_bytes(label, i);
    SecretKey::from_secret_bytes(b).unwrap();
    b
}

fn tlv_of(records: &[(u64, &[u8])]) -> Vec<u8> {
    let len: usize = records
        .iter()
        .map(|(t, v)| tlv::record_len(*t, v.len()))
        .sum();
    let mut out = vec![0u8; len];
    let mut w = TlvWriter::new(&mut out);
    for (t, v) in records {
        w.write(*t, v).unwrap();
    }
    out
}

fn package_bytes(i: u32, tx_len: usize, note: Option<&[u8]>) -> Vec<u8> {
    package_expiring(i, tx_len, note, 1_800_000_000 + u64::from(i))
}

fn package_expiring(i: u32, tx_len: usize, note: Option<&[u8]>, expiry: u64) -> Vec<u8> {
    let kp = Keypair::from_secret_key(
        &SecretKey::from_secret_bytes(secret("ptlc/vectors/blob/signer", i)).unwrap(),
    );
    let tx: Vec<u8> = (0..tx_len).map(|j| (j as u8) ^ (i as u8)).collect();
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&det_bytes("ptlc/vectors/blob/sig", i));
    sig[32..].copy_from_slice(&det_bytes("ptlc/vectors/blob/sig", i + 1000));
    let pkg = Package {
        transaction: &tx,
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array(sig),
        amount_msat: 1_000 * u64::from(i + 1),
        expiry,
        note,
    };
    let mut out = vec![0u8; pkg.encoded_len()];
    pkg.encode(&mut out).unwrap();
    out
}

fn valid_blob(i: u32, aad: &[u8], plaintext: &[u8], comment: &str) -> (Value, Vec<u8>) {
    valid_blob_with_rand(
        i,
        det_bytes("ptlc/vectors/blob/rand", i),
        aad,
        plaintext,
        comment,
    )
}

fn valid_blob_with_rand(
    i: u32,
    rand: [u8; 32],
    aad: &[u8],
    plaintext: &[u8],
    comment: &str,
) -> (Value, Vec<u8>) {
    let rs = secret("ptlc/vectors/blob/recipient", i);
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes(rs).unwrap());
    let pk = kp.public_key();
    let mut out = vec![0u8; sealed_len(plaintext.len()).unwrap()];
    let n = seal(&pk, aad, plaintext, &mut FixedRng(rand), &mut out).unwrap();
    assert_eq!(n, out.len());
    let mut buf = vec![0u8; opened_buffer_len(n)];
    assert_eq!(open(&kp, aad, &out, &mut buf).unwrap(), plaintext);
    (
        json!({
            "recipient_secret": hex(&rs),
            "recipient_pubkey": hex(&pk.serialize()),
            "rand": hex(&rand),
            "aad": hex(aad),
            "plaintext": hex(plaintext),
            "blob": hex(&out),
            "comment": comment,
        }),
        out,
    )
}

fn invalid_blob(recipient: &[u8; 32], aad: &[u8], blob: &[u8], comment: &str) -> Value {
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes(*recipient).unwrap());
    let mut buf = vec![0u8; opened_buffer_len(blob.len())];
    let err = open(&kp, aad, blob, &mut buf).expect_err(comment);
    let mut v = blob_error(err);
    let o = v.as_object_mut().unwrap();
    o.insert("recipient_secret".into(), json!(hex(recipient)));
    o.insert("aad".into(), json!(hex(aad)));
    o.insert("blob".into(), json!(hex(blob)));
    o.insert("comment".into(), json!(comment));
    v
}

#[test]
fn blob_vectors() {
    let small = tlv_of(&[(1, b"hello")]);
    let pkg_small = package_bytes(2, 120, Some(b"for the coffee"));
    let pkg_1k = package_bytes(3, 880, None);
    let edge = tlv_of(&[(1, &[0x77; 250])]);
    let over_edge = tlv_of(&[(1, &[0x77; 251])]);
    let (v0, b0) = valid_blob(0, b"", &[], "empty plaintext, empty aad: smallest bucket");
    let (v1, _) = valid_blob(1, b"mailbox-0001", &small, "one odd record");
    let (v2, _) = valid_blob(
        2,
        b"mailbox-0002",
        &pkg_small,
        "payment package with a note",
    );
    let (v3, _) = valid_blob(3, b"", &pkg_1k, "payment package of about 1 KiB");
    let (v4, _) = valid_blob(
        4,
        b"x",
        &edge,
        "252-byte plaintext: fills the 256-byte bucket exactly",
    );
    let (v5, _) = valid_blob(5, b"x", &over_edge, "253-byte plaintext: next bucket (272)");
    let stuck = [0x5a; 32];
    let (v6, b6) = valid_blob_with_rand(1, stuck, b"mailbox-0001", &small, "constant rand");
    let (v7, b7) = valid_blob_with_rand(
        1,
        stuck,
        b"mailbox-0001",
        &tlv_of(&[(1, b"hellp")]),
        "same constant rand, other plaintext: another ephemeral key (hedged)",
    );
    assert_ne!(b6[1..34], b7[1..34]);
    let valid = vec![v0, v1, v2, v3, v4, v5, v6, v7];

    // Invalid blobs, all for recipient 1 except where stated.
    let r1 = secret("ptlc/vectors/blob/recipient", 1);
    let pk1 = PublicKey::from_secret_key(&SecretKey::from_secret_bytes(r1).unwrap());
    let eph = secret("ptlc/vectors/blob/ephemeral", 100);
    let aad = b"mailbox-0001";
    let mut good = vec![0u8; sealed_len(small.len()).unwrap()];
    let rand = det_bytes("ptlc/vectors/blob/rand", 100);
    seal(&pk1, aad, &small, &mut FixedRng(rand), &mut good).unwrap();
    let r0 = secret("ptlc/vectors/blob/recipient", 0);
    let flip = |i: usize| {
        let mut b = good.clone();
        b[i] ^= 0x01;
        b
    };
    let last = good.len() - 1;
    let mut not_x = good.clone();
    not_x[1] = 0x02;
    not_x[2..34].copy_from_slice(&[0xff; 32]); // x >= p
    let mut no_point = good.clone();
    no_point[1] = 0x02;
    no_point[2..34].copy_from_slice(&[0; 32]); // x = 0: x^3 + 7 is not a square
    let mut longer = good.clone();
    longer.extend_from_slice(&[0; 16]); // 272: a bucket, tag no longer matches
    let mut odd_len = good.clone();
    odd_len.push(0);
    let craft_body = |b: Vec<u8>| craft(&pk1, &eph, aad, &b);
    let invalid = vec![
        invalid_blob(&r1, aad, &[], "empty"),
        invalid_blob(
            &r1,
            aad,
            &good[..good.len() - 1],
            "one byte short of the smallest frame",
        ),
        invalid_blob(
            &r1,
            aad,
            &[&[0x01], &good[1..]].concat(),
            "version 1 (the previous format)",
        ),
        invalid_blob(&r1, aad, &[&[0x03], &good[1..]].concat(), "version 3"),
        invalid_blob(&r1, aad, &[&[0x00], &good[1..]].concat(), "version 0"),
        invalid_blob(&r1, aad, &odd_len, "body of 257 bytes is not a bucket"),
        invalid_blob(
            &r1,
            aad,
            &longer,
            "272-byte body (a bucket) made by appending zeros",
        ),
        invalid_blob(
            &r1,
            aad,
            &{
                let mut b = good.clone();
                b[1] = 0x04;
                b
            },
            "ephemeral key prefix 0x04",
        ),
        invalid_blob(&r1, aad, &not_x, "ephemeral x >= p"),
        invalid_blob(&r1, aad, &no_point, "ephemeral x not on the curve"),
        invalid_blob(&r0, aad, &good, "wrong recipient key"),
        invalid_blob(&r1, aad, &flip(1), "ephemeral key parity flipped"),
        invalid_blob(&r1, aad, &flip(40), "commitment byte altered"),
        invalid_blob(&r1, aad, &flip(66), "first ciphertext byte altered"),
        invalid_blob(
            &r1,
            aad,
            &flip(70),
            "first plaintext byte altered (after the length prefix)",
        ),
        invalid_blob(
            &r1,
            aad,
            &flip(last - 16),
            "last ciphertext (padding) byte altered",
        ),
        invalid_blob(&r1, aad, &flip(last), "tag altered"),
        invalid_blob(&r1, b"mailbox-0002", &good, "wrong associated data"),
        invalid_blob(&r1, b"", &good, "associated data missing"),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(253, &[], 256)),
            "authenticated, length prefix past the body",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(0, &[0, 0, 1], 256)),
            "authenticated, non-zero padding",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(small.len() as u32, &small, 272)),
            "authenticated, 7-byte plaintext in a 272-byte body (seal writes 256)",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(4, &[3, 0, 1, 0], 256)),
            "authenticated, TLV types out of order",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(4, &[3, 0, 3, 0], 256)),
            "authenticated, TLV type repeated",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(3, &[1, 5, 0], 256)),
            "authenticated, TLV length overrun",
        ),
        invalid_blob(
            &r1,
            aad,
            &craft_body(body(4, &[0xfd, 0, 1, 0], 256)),
            "authenticated, non-minimal BigSize",
        ),
    ];
    assert_eq!(invalid[0]["error"], "truncated");
    let _ = b0;

    let tlv_cases: Vec<(&[u8], &str)> = vec![
        (&[], "empty stream"),
        (
            &[0, 0, 1, 1, 0xaa, 0xfd, 0x01, 0x00, 0x00],
            "types 0, 1, 256",
        ),
        (&[0xfc, 0], "type 252 in one byte"),
        (
            &[0xfd, 0x00, 0xfc, 0],
            "type 252 in three bytes: non-minimal",
        ),
        (
            &[0xfe, 0x00, 0x00, 0xff, 0xff, 0],
            "0xffff in five bytes: non-minimal",
        ),
        (
            &[0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0],
            "2^32 - 1 in nine bytes: non-minimal",
        ),
        (&[1], "type without length"),
        (&[1, 0xfd, 0x01], "length BigSize cut short"),
        (&[1, 3, 0, 0], "length past the end"),
        (
            &[1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            "length 2^64 - 1",
        ),
        (&[2, 0, 1, 0], "descending"),
        (&[2, 0, 2, 0], "repeated type"),
        (&[0xfd, 0x01, 0x00, 0, 0xfc, 0], "256 then 252"),
    ];
    let tlv_streams: Vec<Value> = tlv_cases
        .iter()
        .map(|(s, c)| match tlv::validate(s) {
            Ok(()) => json!({"stream": hex(s), "valid": true, "comment": c}),
            Err(e) => {
                let mut v = tlv_error(e);
                let o = v.as_object_mut().unwrap();
                o.insert("stream".into(), json!(hex(s)));
                o.insert("valid".into(), json!(false));
                o.insert("comment".into(), json!(c));
                v
            }
        })
        .collect();

    let packages: Vec<Value> = [
        (
            package_bytes(10, 1, None),
            "one-byte transaction, no note (note null)",
        ),
        (
            package_bytes(11, 300, Some(b"")),
            "empty note record 09 00: present, an empty note (\"\"), not absent (null)",
        ),
        (package_bytes(12, 200, Some(b"note")), "four-byte note"),
        (
            [package_bytes(13, 10, None), vec![0x0b, 2, 0xca, 0xfe]].concat(),
            "trailing unknown odd record 11 (0b 02 ca fe): ignored",
        ),
        (
            package_expiring(14, 5, None, 6_000_000_000),
            "expiry 6 000 000 000 (year 2160): a five-byte tu64",
        ),
    ]
    .iter()
    .map(|(enc, comment)| {
        let mut v = package_fields(&Package::parse(enc).unwrap());
        let o = v.as_object_mut().unwrap();
        o.insert("comment".into(), json!(comment));
        o.insert("encoding".into(), json!(hex(enc)));
        v
    })
    .collect();

    let base = package_bytes(20, 16, None);
    let recs: Vec<(u64, Vec<u8>)> = tlv::TlvStream::new(&base)
        .map(|r| r.map(|r| (r.typ, r.value.to_vec())).unwrap())
        .collect();
    type Edit<'e> = &'e dyn Fn(u64, &[u8]) -> Option<Vec<u8>>;
    let rebuilt = |f: Edit, extra: &[(u64, &[u8])]| {
        let mut list: Vec<(u64, Vec<u8>)> = recs
            .iter()
            .filter_map(|(t, v)| f(*t, v).map(|nv| (*t, nv)))
            .collect();
        list.extend(extra.iter().map(|(t, v)| (*t, v.to_vec())));
        list.sort_by_key(|(t, _)| *t);
        let refs: Vec<(u64, &[u8])> = list.iter().map(|(t, v)| (*t, v.as_slice())).collect();
        tlv_of(&refs)
    };
    let keep = |_: u64, v: &[u8]| Some(v.to_vec());
    let invalid_package_cases: Vec<(Vec<u8>, &str)> = vec![
        (rebuilt(&keep, &[(10, b"")]), "unknown even type 10"),
        (
            rebuilt(&keep, &[(13, b"x")]),
            "unknown odd type 13 is ignored (valid)",
        ),
        (
            rebuilt(&|t, v| (t != 2).then(|| v.to_vec()), &[]),
            "signer missing",
        ),
        (
            rebuilt(&|t, v| (t != 8).then(|| v.to_vec()), &[]),
            "expiry missing",
        ),
        (
            rebuilt(&|t, v| Some(if t == 0 { vec![] } else { v.to_vec() }), &[]),
            "empty transaction",
        ),
        (
            rebuilt(
                &|t, v| Some(if t == 2 { vec![0xff; 32] } else { v.to_vec() }),
                &[],
            ),
            "signer x >= p",
        ),
        (
            rebuilt(
                &|t, v| Some(if t == 4 { v[..63].to_vec() } else { v.to_vec() }),
                &[],
            ),
            "63-byte signature",
        ),
        (
            rebuilt(
                &|t, v| {
                    Some(if t == 6 {
                        [&[0u8][..], v].concat()
                    } else {
                        v.to_vec()
                    })
                },
                &[],
            ),
            "amount with a leading zero",
        ),
        (
            rebuilt(
                &|t, v| Some(if t == 8 { vec![1; 9] } else { v.to_vec() }),
                &[],
            ),
            "expiry of nine bytes (tu64 is at most 8)",
        ),
        ([base.clone(), vec![8, 0]].concat(), "expiry repeated"),
        (base[..base.len() - 1].to_vec(), "last record cut short"),
        // Value rules apply as each record is read, before later records are
        // framed: a reader that framed the whole stream first would report the
        // later framing error instead.
        (
            [
                rebuilt(
                    &|t, v| Some(if t == 2 { vec![0xff; 32] } else { v.to_vec() }),
                    &[],
                ),
                vec![0x0b, 5, 0],
            ]
            .concat(),
            "signer x >= p, then a record cut short: the value rule fires first (not length_overrun)",
        ),
        (
            [rebuilt(&keep, &[(10, b"")]), vec![9, 0]].concat(),
            "unknown even type 10, then type 9 out of order: the type rule fires first (not not_ascending)",
        ),
    ];
    // The last two cases: the record-by-record answer, and the framing error
    // a framing-first reader would report instead.
    let order_cases = &invalid_package_cases[invalid_package_cases.len() - 2..];
    let answers = [
        (TlvError::InvalidValue(2), TlvError::LengthOverrun),
        (TlvError::UnknownEvenType(10), TlvError::NotAscending),
    ];
    for ((enc, _), (per_record, framing_first)) in order_cases.iter().zip(answers) {
        assert_eq!(Package::parse(enc), Err(per_record));
        assert_eq!(tlv::validate(enc), Err(framing_first));
    }
    let invalid_packages: Vec<Value> = invalid_package_cases
        .iter()
        .map(|(enc, c)| match Package::parse(enc) {
            Ok(_) => json!({"encoding": hex(enc), "valid": true, "comment": c}),
            Err(e) => {
                let mut v = tlv_error(e);
                let o = v.as_object_mut().unwrap();
                o.insert("encoding".into(), json!(hex(enc)));
                o.insert("valid".into(), json!(false));
                o.insert("comment".into(), json!(c));
                v
            }
        })
        .collect();

    let doc = json!({
        "blobs": valid,
        "invalid_blobs": invalid,
        "tlv_streams": tlv_streams,
        "packages": packages,
        "invalid_packages": invalid_packages,
    });
    check_or_regenerate("blob.json", &doc);
}
