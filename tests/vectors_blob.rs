//! Writes / checks test-vectors/blob.json: sealed blobs (valid and invalid),
//! TLV streams and payment packages, BIP-340 and MuSig2 (SPEC.md, "Encrypted
//! blob", "The MuSig2 package"). Blobs are made
//! deterministic by fixing the 32 bytes `seal` draws from its RNG (`rand`).

mod blob_craft;
mod common;

use blob_craft::{body, craft, FixedRng};
use common::vector_fields::{blob_error, musig_package_fields, package_fields, tlv_error};
use common::{check_or_regenerate, det_bytes, hex};
use ptlc::blob::{open, opened_buffer_len, seal, sealed_len};
use ptlc::musig::key_agg::{taproot_tweak_scalar, KeyAggContext};
use ptlc::musig::nonces::nonce_gen_with_rand;
use ptlc::package::{MusigPackage, Package, SecretPartialSignature, SecretSignature};
use ptlc::pay_for_partial_signature::NonceId;
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

/// What a MuSig2 package of vector `i` varies.
struct MusigShape<'a> {
    tx_len: usize,
    payer_index: u8,
    amount_msat: u64,
    expiry: u64,
    note: Option<&'a [u8]>,
}

/// A MuSig2 package of vector `i`: keys `(X_A, X_S)` in that order, the
/// BIP-341 tweak of their aggregate, the payer's nonce and the id of the
/// co-signer's (both from NonceGen with fixed randomness), and a fixed 32-byte
/// partial signature (parsing never checks it).
fn musig_package_bytes(i: u32, shape: &MusigShape) -> Vec<u8> {
    let pk = |j: u32| {
        Keypair::from_secret_bytes(secret("ptlc/vectors/blob/musig_key", j))
            .unwrap()
            .public_key()
    };
    let keys = [pk(2 * i), pk(2 * i + 1)];
    let untweaked = KeyAggContext::from_public_keys(&keys).unwrap();
    let tweak = taproot_tweak_scalar(&untweaked.x_only_public_key(), None).unwrap();
    let nonce = |j: usize| {
        let rand = det_bytes("ptlc/vectors/blob/musig_nonce", 2 * i + j as u32);
        nonce_gen_with_rand(&rand, &keys[j], Default::default())
            .unwrap()
            .1
    };
    let payer = usize::from(shape.payer_index);
    let tx: Vec<u8> = (0..shape.tx_len).map(|j| (j as u8) ^ (i as u8)).collect();
    let pkg = MusigPackage {
        transaction: &tx,
        keys,
        tweak: tweak.to_be_bytes(),
        payer_index: shape.payer_index,
        payer_nonce: nonce(payer),
        cosigner_nonce_id: NonceId::of(&nonce(1 - payer)),
        partial_signature: SecretPartialSignature::from_byte_array(det_bytes(
            "ptlc/vectors/blob/musig_psig",
            i,
        )),
        amount_msat: shape.amount_msat,
        expiry: shape.expiry,
        note: shape.note,
    };
    let mut out = vec![0u8; pkg.encoded_len()];
    assert_eq!(pkg.encode(&mut out).unwrap(), out.len());
    assert_eq!(MusigPackage::parse(&out).unwrap(), pkg);
    out
}

/// The `musig_packages` entries: fields in, encoding out, and the encoding
/// parses back to the fields.
fn musig_packages() -> Vec<Value> {
    fn shape(
        tx_len: usize,
        payer_index: u8,
        amount_msat: u64,
        expiry: u64,
        note: Option<&[u8]>,
    ) -> MusigShape<'_> {
        MusigShape {
            tx_len,
            payer_index,
            amount_msat,
            expiry,
            note,
        }
    }
    [
        (
            shape(1, 0, 1_000, 1_800_000_000, None),
            "payer index 0, one-byte transaction, no note (note null)",
        ),
        (
            shape(120, 1, 5_000_000, 1_800_000_001, Some(b"for the coffee")),
            "payer index 1, with a note",
        ),
        (
            shape(40, 0, 0, 1, Some(b"")),
            "amount 0 (tu64 record 06 00), expiry 1, empty note record 09 00: an empty note (\"\"), not absent (null)",
        ),
        (
            shape(33, 1, 255, 256, None),
            "amount 255 (one byte), expiry 256 (two bytes)",
        ),
        (
            shape(64, 0, u64::MAX, 6_000_000_000, None),
            "amount 2^64 - 1 (eight bytes ff), expiry 6 000 000 000 (five bytes, year 2160)",
        ),
        (
            shape(300, 1, 1 << 32, u64::MAX, Some(b"n")),
            "300-byte transaction (three-byte BigSize length fd 01 2c), amount 2^32, expiry 2^64 - 1",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(k, (shape, comment))| {
        let enc = musig_package_bytes(40 + k as u32, shape);
        let mut v = musig_package_fields(&MusigPackage::parse(&enc).unwrap());
        let o = v.as_object_mut().unwrap();
        o.insert("comment".into(), json!(comment));
        o.insert("encoding".into(), json!(hex(&enc)));
        v
    })
    .collect()
}

/// A TLV stream's records, as `(type, value)`.
type Records = Vec<(u64, Vec<u8>)>;

fn records_of(stream: &[u8]) -> Records {
    tlv::TlvStream::new(stream)
        .map(|r| r.map(|r| (r.typ, r.value.to_vec())).unwrap())
        .collect()
}

/// `recs` with `typ`'s value replaced by `f(old value)` (or the record
/// dropped when `f` gives `None`), then `extra` added, in type order (a
/// stable sort: a repeated record stays repeated).
fn edited(
    recs: &Records,
    typ: u64,
    f: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
    extra: &[(u64, &[u8])],
) -> Vec<u8> {
    let mut list: Records = recs
        .iter()
        .filter_map(|(t, v)| if *t == typ { f(v) } else { Some(v.clone()) }.map(|v| (*t, v)))
        .collect();
    list.extend(extra.iter().map(|(t, v)| (*t, v.to_vec())));
    list.sort_by_key(|(t, _)| *t);
    raw_of(&list)
}

/// Records framed in the order given, without the writer's checks (so a
/// repeated or descending type can be written).
fn raw_of(recs: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (t, v) in recs {
        let mut buf = [0u8; 18];
        let a = tlv::write_bigsize(*t, &mut buf).unwrap();
        let b = tlv::write_bigsize(v.len() as u64, &mut buf[a..]).unwrap();
        out.extend_from_slice(&buf[..a + b]);
        out.extend_from_slice(v);
    }
    out
}

/// The `invalid_musig_packages` entries: the encodings, each with what
/// `MusigPackage::parse` gives.
fn invalid_musig_packages() -> Vec<Value> {
    let base = musig_package_bytes(
        50,
        &MusigShape {
            tx_len: 16,
            payer_index: 0,
            amount_msat: 21_000,
            expiry: 1_800_000_050,
            note: None,
        },
    );
    let recs = records_of(&base);
    let value = |typ: u64| recs.iter().find(|(t, _)| *t == typ).unwrap().1.clone();
    let set = |typ: u64, v: Vec<u8>| edited(&recs, typ, &move |_| Some(v.clone()), &[]);
    let drop = |typ: u64| edited(&recs, typ, &|_| None, &[]);
    let add = |extra: &[(u64, &[u8])]| edited(&recs, u64::MAX, &|_| None, extra);
    let (keys, nonce) = (value(10), value(16));
    let with = |v: &[u8], at: usize, part: &[u8]| {
        let mut v = v.to_vec();
        v[at..at + part.len()].copy_from_slice(part);
        v
    };
    // An x-coordinate below p that no point has (x = 0: x^3 + 7 = 7 is not a square).
    let no_x = [0u8; 32];
    let signer_x = Keypair::from_secret_bytes(secret("ptlc/vectors/blob/signer", 50))
        .unwrap()
        .x_only_public_key()
        .0
        .to_byte_array();
    let mut cases: Vec<(Vec<u8>, String)> = [0u64, 6, 8, 10, 12, 14, 16, 18, 20]
        .iter()
        .map(|t| (drop(*t), format!("record {t} missing")))
        .collect();
    let without = |types: &[u64]| {
        let list: Records = recs
            .iter()
            .filter(|(t, _)| !types.contains(t))
            .cloned()
            .collect();
        raw_of(&list)
    };
    let more: Vec<(Vec<u8>, &str)> = vec![
        (without(&[6, 10]), "records 6 and 10 missing: the lower type is reported"),
        (without(&[8, 20]), "records 8 and 20 missing: the lower type is reported"),
        (
            add(&[(2, &signer_x)]),
            "a BIP-340 package's signer record (type 2) added: an unknown even type here",
        ),
        (
            add(&[(4, &[0x11; 64])]),
            "a BIP-340 package's signature record (type 4) added: an unknown even type here",
        ),
        (add(&[(22, b"")]), "unknown even type 22"),
        (add(&[(21, b"x")]), "unknown odd type 21 is ignored (valid)"),
        (
            add(&[(11, b"odd")]),
            "unknown odd type 11 between the MuSig2 records is ignored (valid)",
        ),
        (set(0, vec![]), "empty transaction"),
        (set(10, keys[..65].to_vec()), "musig_keys of 65 bytes"),
        (set(10, [&keys[..], &[0]].concat()), "musig_keys of 67 bytes"),
        (
            set(10, with(&keys, 1, &no_x)),
            "first key's x (0) is not on the curve",
        ),
        (set(10, with(&keys, 33, &[0x04])), "second key's prefix is 04"),
        (
            set(10, with(&keys, 34, &[0xff; 32])),
            "second key's x is p or above",
        ),
        (
            set(10, [&keys[..33], &keys[..33]].concat()),
            "the same key twice: parsing checks encodings only (valid)",
        ),
        (set(12, vec![0x47; 31]), "musig_tweak of 31 bytes"),
        (set(12, vec![0x47; 33]), "musig_tweak of 33 bytes"),
        (
            set(12, vec![0xff; 32]),
            "musig_tweak of 32 bytes ff (n or above): parsing does not check it (valid)",
        ),
        (set(14, vec![2]), "payer index 2"),
        (set(14, vec![0xff]), "payer index 255"),
        (set(14, vec![]), "payer index record empty"),
        (set(14, vec![0, 0]), "payer index of two bytes"),
        (set(16, nonce[..65].to_vec()), "payer nonce of 65 bytes"),
        (
            set(16, with(&nonce, 1, &no_x)),
            "payer nonce's first point is not on the curve",
        ),
        (
            set(16, with(&nonce, 33, &[0x04])),
            "payer nonce's second point has prefix 04",
        ),
        (
            set(16, with(&nonce, 33, &[0; 33])),
            "payer nonce's second point is 33 zero bytes (infinity: a public nonce's points are real points)",
        ),
        (set(18, vec![0x18; 31]), "cosigner nonce id of 31 bytes"),
        (set(18, vec![0x18; 33]), "cosigner nonce id of 33 bytes"),
        (set(20, vec![0x20; 31]), "partial signature of 31 bytes"),
        (set(20, vec![0x20; 33]), "partial signature of 33 bytes"),
        (
            set(20, vec![0xff; 32]),
            "partial signature of 32 bytes ff (n or above): parsing never checks the signature (valid)",
        ),
        (
            edited(&recs, 6, &|v| Some([&[0u8][..], v].concat()), &[]),
            "amount with a leading zero",
        ),
        (set(8, vec![1; 9]), "expiry of nine bytes (tu64 is at most 8)"),
        (add(&[(14, &[1])]), "payer index repeated"),
        (
            {
                let mut list = recs.clone();
                list.swap(3, 4);
                assert_eq!((list[3].0, list[4].0), (12, 10));
                raw_of(&list)
            },
            "records 12 then 10: out of order",
        ),
        (
            {
                // Type 20 written as fd 00 14.
                let mut enc = drop(20);
                enc.extend_from_slice(&[0xfd, 0x00, 0x14, 32]);
                enc.extend_from_slice(&value(20));
                enc
            },
            "type 20 as a three-byte BigSize: non-minimal",
        ),
        (base[..base.len() - 1].to_vec(), "last record cut short"),
        (
            [set(10, with(&keys, 0, &[0x05])), vec![0x15, 5, 0]].concat(),
            "first key's prefix 05, then a record cut short: the value rule fires first (not length_overrun)",
        ),
        (
            [add(&[(2, &signer_x)]), vec![9, 0]].concat(),
            "BIP-340 signer record (type 2), then type 9 out of order: the type rule fires first (not not_ascending)",
        ),
    ];
    cases.extend(more.into_iter().map(|(e, c)| (e, c.to_owned())));
    // The last two cases: the record-by-record answer, and the framing error
    // a framing-first reader would report instead.
    let order_cases = &cases[cases.len() - 2..];
    let answers = [
        (TlvError::InvalidValue(10), TlvError::LengthOverrun),
        (TlvError::UnknownEvenType(2), TlvError::NotAscending),
    ];
    for ((enc, _), (per_record, framing_first)) in order_cases.iter().zip(answers) {
        assert_eq!(MusigPackage::parse(enc).unwrap_err(), per_record);
        assert_eq!(tlv::validate(enc), Err(framing_first));
    }
    // A BIP-340 package is not a MuSig2 package.
    let bip340 = package_bytes(50, 16, None);
    cases.push((
        bip340,
        "a BIP-340 package (records 0, 2, 4, 6, 8): its signer record is an unknown even type here"
            .to_owned(),
    ));
    cases
        .iter()
        .map(|(enc, c)| parse_case(enc, c, MusigPackage::parse(enc).map(|_| ())))
        .collect()
}

/// An `invalid_packages` / `invalid_musig_packages` entry: the encoding, its
/// comment, and whether it parsed, with the TLV error if not.
fn parse_case(enc: &[u8], comment: &str, parsed: Result<(), TlvError>) -> Value {
    match parsed {
        Ok(()) => json!({"encoding": hex(enc), "valid": true, "comment": comment}),
        Err(e) => {
            let mut v = tlv_error(e);
            let o = v.as_object_mut().unwrap();
            o.insert("encoding".into(), json!(hex(enc)));
            o.insert("valid".into(), json!(false));
            o.insert("comment".into(), json!(comment));
            v
        }
    }
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
        .map(|(enc, c)| parse_case(enc, c, Package::parse(enc).map(|_| ())))
        .collect();

    let doc = json!({
        "blobs": valid,
        "invalid_blobs": invalid,
        "tlv_streams": tlv_streams,
        "packages": packages,
        "invalid_packages": invalid_packages,
        "musig_packages": musig_packages(),
        "invalid_musig_packages": invalid_musig_packages(),
    });
    check_or_regenerate("blob.json", &doc);
}
