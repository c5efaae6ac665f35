//! Sealed blobs, TLV streams and the payment package: properties from issue 3's
//! acceptance list and every typed error.

mod blob_craft;

use blob_craft::{body, craft, hedged_ephemeral, FixedRng};
use proptest::prelude::*;
use ptlc::blob::{
    check_frame, open, open_to_vec, opened_buffer_len, seal, seal_to_vec, sealed_len, BlobError,
    MAX_BLOB_LEN, MAX_PLAINTEXT_LEN, MIN_BLOB_LEN,
};
use ptlc::package::{Package, PackageError, SecretSignature};
use ptlc::secp256k1::{Keypair, PublicKey, SecretKey};
use ptlc::tlv::{self, TlvError, TlvWriter};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn key(i: u8) -> (Keypair, PublicKey) {
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([i; 32]).unwrap());
    (kp, kp.public_key())
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// One odd record (type 1) holding `value`: a valid TLV stream of any size.
fn tlv_of(value: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; tlv::record_len(1, value.len())];
    let mut w = TlvWriter::new(&mut out);
    w.write(1, value).unwrap();
    assert_eq!(w.finish(), out.len());
    out
}

/// Independent Padmé (Nikitin et al.) with a 256-byte floor, from SPEC.md.
fn expected_len(plaintext_len: usize) -> usize {
    let l = plaintext_len + 4;
    let e = (usize::BITS - 1 - l.leading_zeros()) as usize;
    let s = (usize::BITS - e.leading_zeros()) as usize;
    let mask = (1usize << (e - s)) - 1;
    66 + ((l + mask) & !mask).max(256) + 16
}

/// `blob` (tag-valid) fails with `err` through `open`, which leaves no
/// plaintext in its buffer, and through `open_to_vec`.
fn assert_authentic_blob_refused(kp: &Keypair, aad: &[u8], blob: &[u8], err: BlobError) {
    let mut buf = vec![0xeeu8; opened_buffer_len(blob.len())];
    assert_eq!(open(kp, aad, blob, &mut buf), Err(err));
    assert!(buf.iter().all(|x| *x == 0), "plaintext left after {err:?}");
    assert_eq!(open_to_vec(kp, aad, blob), Err(err));
}

fn open_vec(kp: &Keypair, aad: &[u8], blob: &[u8]) -> Result<Vec<u8>, BlobError> {
    let mut buf = vec![0u8; opened_buffer_len(blob.len())];
    open(kp, aad, blob, &mut buf).map(<[u8]>::to_vec)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn round_trip_up_to_64k(len in prop_oneof![0usize..600, 0usize..=MAX_PLAINTEXT_LEN - 6], seed: u64, aad in proptest::collection::vec(any::<u8>(), 0..64)) {
        let value: Vec<u8> = (0..len).map(|i| (i as u64 ^ seed) as u8).collect();
        let pt = tlv_of(&value);
        prop_assert!(pt.len() <= MAX_PLAINTEXT_LEN);
        let (kp, pk) = key(9);
        let mut out = vec![0u8; sealed_len(pt.len()).unwrap()];
        let n = seal(&pk, &aad, &pt, &mut rng(seed), &mut out).unwrap();
        prop_assert_eq!(n, out.len());
        prop_assert_eq!(n, expected_len(pt.len()));
        prop_assert_eq!(check_frame(&out), Ok(()));
        prop_assert_eq!(open_vec(&kp, &aad, &out).unwrap(), pt.clone());
        prop_assert_eq!(&*open_to_vec(&kp, &aad, &out).unwrap(), &pt);
        let mut buf = vec![0u8; opened_buffer_len(out.len())];
        prop_assert_eq!(open(&kp, &aad, &out, &mut buf).unwrap(), pt.as_slice());
        // A wrong key or wrong associated data fails, with its own error, through
        // both entry points.
        let (kp2, _) = key(10);
        prop_assert_eq!(open(&kp2, &aad, &out, &mut buf), Err(BlobError::KeyCommitmentMismatch));
        prop_assert_eq!(open_to_vec(&kp2, &aad, &out), Err(BlobError::KeyCommitmentMismatch));
        prop_assert_eq!(open_vec(&kp2, &aad, &out), Err(BlobError::KeyCommitmentMismatch));
        // The associated data is in the key derivation: other associated data
        // fails the key commitment.
        let mut aad2 = aad.clone();
        aad2.push(0);
        prop_assert_eq!(open_vec(&kp, &aad2, &out), Err(BlobError::KeyCommitmentMismatch));
    }

    #[test]
    fn sealing_twice_differs(len in 0usize..2000, seed: u64) {
        let pt = tlv_of(&vec![0x5a; len]);
        let (_, pk) = key(3);
        let mut r = rng(seed);
        let a = seal_to_vec(&pk, b"", &pt, &mut r).unwrap();
        let b = seal_to_vec(&pk, b"", &pt, &mut r).unwrap();
        prop_assert_eq!(a.len(), b.len());
        prop_assert_ne!(&a[1..34], &b[1..34]);
        prop_assert_ne!(&a[34..], &b[34..]);
    }

    #[test]
    fn length_depends_only_on_bucket(a in 0usize..=MAX_PLAINTEXT_LEN, b in 0usize..=MAX_PLAINTEXT_LEN) {
        let (la, lb) = (sealed_len(a).unwrap(), sealed_len(b).unwrap());
        prop_assert_eq!(la, expected_len(a));
        prop_assert_eq!(lb, expected_len(b));
        // Monotone, and everything between two lengths of one bucket shares it.
        if a <= b {
            prop_assert!(la <= lb);
            if la == lb {
                prop_assert_eq!(sealed_len((a + b) / 2).unwrap(), la);
            }
        }
        // Padmé overhead bound (< 12 %, plus the 256-byte floor).
        let padded = la - 66 - 16;
        prop_assert!(padded >= a + 4);
        prop_assert!(padded == 256 || (padded - (a + 4)) * 100 < (a + 4) * 12);
    }

    #[test]
    fn same_bucket_same_length_on_the_wire(a in 0usize..3000, b in 0usize..3000, seed: u64) {
        let (_, pk) = key(4);
        let pa = tlv_of(&vec![1; a]);
        let pb = tlv_of(&vec![2; b]);
        let ba = seal_to_vec(&pk, b"", &pa, &mut rng(seed)).unwrap();
        let bb = seal_to_vec(&pk, b"", &pb, &mut rng(seed ^ 1)).unwrap();
        prop_assert_eq!(ba.len() == bb.len(), sealed_len(pa.len()) == sealed_len(pb.len()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3))]

    /// Every single-bit flip anywhere in a small sealed blob is rejected.
    #[test]
    fn every_bit_flip_fails(len in 0usize..40, seed: u64) {
        let (kp, pk) = key(5);
        let pt = tlv_of(&vec![0xc3; len]);
        let blob = seal_to_vec(&pk, b"mailbox", &pt, &mut rng(seed)).unwrap();
        prop_assert_eq!(blob.len(), MIN_BLOB_LEN);
        let mut buf = vec![0u8; blob.len()];
        for i in 0..blob.len() * 8 {
            let mut t = blob.clone();
            t[i / 8] ^= 1 << (i % 8);
            let r = open(&kp, b"mailbox", &t, &mut buf);
            let expected_class = match i / 8 {
                0 => matches!(r, Err(BlobError::UnknownVersion(_))),
                1..=33 => matches!(r, Err(BlobError::InvalidEphemeralKey | BlobError::KeyCommitmentMismatch)),
                34..=65 => r == Err(BlobError::KeyCommitmentMismatch),
                _ => r == Err(BlobError::AuthenticationFailed),
            };
            prop_assert!(expected_class, "bit {} gave {:?}", i, r);
            // Nothing of the plaintext is left in the buffer.
            prop_assert!(buf.iter().all(|b| *b == 0), "bit {} left bytes in the buffer", i);
        }
        prop_assert_eq!(open_vec(&kp, b"mailbox", &blob).unwrap(), pt);
    }
}

#[test]
fn frame_errors() {
    let (kp, pk) = key(7);
    let pt = tlv_of(b"hello");
    let blob = seal_to_vec(&pk, b"", &pt, &mut rng(1)).unwrap();
    assert_eq!(open_vec(&kp, b"", &[]), Err(BlobError::Truncated));
    assert_eq!(
        open_vec(&kp, b"", &blob[..blob.len() - 1]),
        Err(BlobError::Truncated)
    );
    let mut longer = blob.clone();
    longer.push(0);
    assert_eq!(open_vec(&kp, b"", &longer), Err(BlobError::InvalidLength));
    longer.extend_from_slice(&[0; 15]);
    // 16 more bytes make a 272-byte body, a bucket: the tag no longer verifies.
    assert_eq!(
        open_vec(&kp, b"", &longer),
        Err(BlobError::AuthenticationFailed)
    );
    for v in [0u8, 1, 3, 0xff] {
        let mut other = blob.clone();
        other[0] = v;
        assert_eq!(
            open_vec(&kp, b"", &other),
            Err(BlobError::UnknownVersion(v))
        );
    }
    let mut bad_point = blob.clone();
    bad_point[1] = 0x04;
    assert_eq!(
        open_vec(&kp, b"", &bad_point),
        Err(BlobError::InvalidEphemeralKey)
    );
    let huge = vec![2u8; MAX_BLOB_LEN + 1];
    assert_eq!(open_vec(&kp, b"", &huge), Err(BlobError::TooLarge));
    let mut small = [0u8; 100];
    assert_eq!(
        open(&kp, b"", &blob, &mut small),
        Err(BlobError::BufferTooSmall)
    );
    // Seal side.
    let too_big = vec![0u8; MAX_PLAINTEXT_LEN + 1];
    assert_eq!(sealed_len(too_big.len()), Err(BlobError::TooLarge));
    assert_eq!(
        seal(
            &pk,
            b"",
            &too_big,
            &mut rng(2),
            &mut vec![0; MAX_BLOB_LEN + 100]
        ),
        Err(BlobError::TooLarge)
    );
    assert_eq!(
        seal(&pk, b"", &[4, 0, 4, 0], &mut rng(2), &mut [0; 400]),
        Err(BlobError::Tlv(TlvError::Duplicate))
    );
}

/// A stuck RNG (a constant, non-zero output) still gives a different ephemeral
/// key for every different plaintext, associated data and recipient: `e` is
/// hedged with all three. Only the very same message repeats, as the same blob.
#[test]
fn constant_rng_still_gives_fresh_ephemeral_keys() {
    let (kp, pk) = key(13);
    let (kp2, pk2) = key(14);
    let stuck = [0x5a; 32];
    let seal_with = |pk: &PublicKey, aad: &[u8], pt: &[u8]| {
        seal_to_vec(pk, aad, pt, &mut FixedRng(stuck)).unwrap()
    };
    let pt_a = tlv_of(b"package A");
    let pt_b = tlv_of(b"package B");
    let blobs = [
        seal_with(&pk, b"m", &pt_a),
        seal_with(&pk, b"m", &pt_b),
        seal_with(&pk, b"n", &pt_a),
        seal_with(&pk2, b"m", &pt_a),
    ];
    for i in 0..blobs.len() {
        for j in 0..i {
            assert_ne!(
                blobs[i][1..34],
                blobs[j][1..34],
                "blobs {j} and {i} share E"
            );
        }
    }
    assert_eq!(*open_to_vec(&kp, b"m", &blobs[0]).unwrap(), pt_a);
    assert_eq!(*open_to_vec(&kp, b"m", &blobs[1]).unwrap(), pt_b);
    assert_eq!(*open_to_vec(&kp, b"n", &blobs[2]).unwrap(), pt_a);
    assert_eq!(*open_to_vec(&kp2, b"m", &blobs[3]).unwrap(), pt_a);
    assert_eq!(seal_with(&pk, b"m", &pt_a), blobs[0]);
}

/// An RNG that returns only zeros is refused with a typed error (no hang, no
/// output), through both entry points.
#[test]
fn all_zero_rng_is_an_error() {
    let (_, pk) = key(15);
    let pt = tlv_of(b"x");
    let mut out = vec![0xeeu8; MIN_BLOB_LEN];
    assert_eq!(
        seal(&pk, b"m", &pt, &mut FixedRng([0; 32]), &mut out),
        Err(BlobError::RngFailure)
    );
    assert!(out.iter().all(|b| *b == 0xee), "nothing is written");
    assert_eq!(
        seal_to_vec(&pk, b"m", &pt, &mut FixedRng([0; 32])),
        Err(BlobError::RngFailure)
    );
    // One non-zero byte is enough to seal (hedged by the inputs).
    let mut one = [0u8; 32];
    one[31] = 1;
    assert!(seal(&pk, b"m", &pt, &mut FixedRng(one), &mut out).is_ok());
}

/// A blob is bound to the associated data it was sealed with (mailbox id A):
/// under mailbox id B it fails the key commitment, before the tag is looked at,
/// so not even a sender who holds the key can make one blob open under both.
#[test]
fn blob_for_mailbox_a_fails_under_mailbox_b() {
    let (kp, pk) = key(11);
    let pt = tlv_of(b"pay me");
    let blob = seal_to_vec(&pk, b"mailbox-A", &pt, &mut rng(4)).unwrap();
    assert_eq!(*open_to_vec(&kp, b"mailbox-A", &blob).unwrap(), pt);
    for other in [&b"mailbox-B"[..], b"", b"mailbox-A\0", b"mailbox-"] {
        assert_eq!(
            open_vec(&kp, other, &blob),
            Err(BlobError::KeyCommitmentMismatch)
        );
    }
    // Crafted by a sender: keys derived for A, tag computed over B's id.
    // Its commitment is A's, so it opens under neither A nor B.
    let eph = [0x17; 32];
    let (_, commitment_a) = {
        let e = SecretKey::from_secret_bytes(eph).unwrap();
        let eph_pt = PublicKey::from_secret_key(&e).serialize();
        blob_craft::derive(
            &blob_craft::ecdh_point(&pk, &e),
            &eph_pt,
            &pk.serialize(),
            b"mailbox-A",
        )
    };
    let mut mixed = craft(&pk, &eph, b"mailbox-B", &body(pt.len() as u32, &pt, 256));
    mixed[34..66].copy_from_slice(&commitment_a);
    assert_eq!(
        open_vec(&kp, b"mailbox-B", &mixed),
        Err(BlobError::KeyCommitmentMismatch)
    );
    assert_eq!(
        open_vec(&kp, b"mailbox-A", &mixed),
        Err(BlobError::AuthenticationFailed)
    );
}

/// A tag-valid blob in the largest bucket whose plaintext is one byte over
/// MAX_PLAINTEXT_LEN (the bucket has room for it) does not open.
#[test]
fn over_long_plaintext_fails_to_open() {
    let (kp, pk) = key(12);
    let pt = tlv_of(&vec![0x5c; MAX_PLAINTEXT_LEN - 3]);
    assert_eq!(pt.len(), MAX_PLAINTEXT_LEN + 1);
    let body_len = MAX_BLOB_LEN - 66 - 16;
    let blob = craft(
        &pk,
        &[0x29; 32],
        b"x",
        &body(pt.len() as u32, &pt, body_len),
    );
    assert_eq!(blob.len(), MAX_BLOB_LEN);
    assert_eq!(check_frame(&blob), Ok(()));
    assert_authentic_blob_refused(&kp, b"x", &blob, BlobError::PlaintextTooLong);
    // One byte less is the largest plaintext seal accepts, and it opens.
    let pt = tlv_of(&vec![0x5c; MAX_PLAINTEXT_LEN - 4]);
    let blob = craft(
        &pk,
        &[0x29; 32],
        b"x",
        &body(pt.len() as u32, &pt, body_len),
    );
    assert_eq!(*open_to_vec(&kp, b"x", &blob).unwrap(), pt);
}

#[test]
fn largest_plaintext_round_trips() {
    let (kp, pk) = key(8);
    let pt = tlv_of(&vec![0x11; MAX_PLAINTEXT_LEN - 4]);
    assert_eq!(pt.len(), MAX_PLAINTEXT_LEN);
    let blob = seal_to_vec(&pk, b"x", &pt, &mut rng(3)).unwrap();
    assert_eq!(blob.len(), MAX_BLOB_LEN);
    assert_eq!(*open_to_vec(&kp, b"x", &blob).unwrap(), pt);
}

#[test]
fn authenticated_but_malformed_bodies() {
    let (kp, pk) = key(6);
    let pt = tlv_of(b"abc");
    // The crafting helper, with the ephemeral secret derived as SPEC.md says,
    // reproduces seal byte for byte.
    let rand = [0x42; 32];
    let eph = hedged_ephemeral(&rand, &pk, b"a", &pt);
    let mut expect = vec![0u8; MIN_BLOB_LEN];
    seal(&pk, b"a", &pt, &mut FixedRng(rand), &mut expect).unwrap();
    assert_eq!(
        craft(&pk, &eph, b"a", &body(pt.len() as u32, &pt, 256)),
        expect
    );

    let cases: Vec<(Vec<u8>, BlobError)> = vec![
        (body(253, &[], 256), BlobError::BadPadding),
        (body(u32::MAX, &[], 256), BlobError::BadPadding),
        (body(0, &[0, 0, 1], 256), BlobError::BadPadding),
        (
            {
                let mut b = body(5, &pt, 256);
                b[255] = 1;
                b
            },
            BlobError::BadPadding,
        ),
        (
            body(4, &[3, 0, 1, 0], 256),
            BlobError::Tlv(TlvError::NotAscending),
        ),
        (
            body(3, &[1, 5, 0], 256),
            BlobError::Tlv(TlvError::LengthOverrun),
        ),
    ];
    // A 5-byte plaintext travels in a 256-byte body; a tag-valid 272-byte
    // body around it is not what seal writes.
    let blob = craft(&pk, &eph, b"a", &body(5, &pt, 272));
    assert_authentic_blob_refused(&kp, b"a", &blob, BlobError::NonCanonicalBucket);
    for (b, err) in cases {
        let blob = craft(&pk, &eph, b"a", &b);
        let mut buf = vec![0xeeu8; 256];
        assert_eq!(open(&kp, b"a", &blob, &mut buf), Err(err));
        assert!(buf.iter().all(|x| *x == 0), "plaintext left after {err:?}");
    }
    // A full-body plaintext (no padding) is fine.
    let full = tlv_of(&[9; 250]);
    assert_eq!(full.len(), 252);
    let blob = craft(&pk, &eph, b"", &body(252, &full, 256));
    assert_eq!(open_vec(&kp, b"", &blob).unwrap(), full);
}

fn sample_package<'a>(tx: &'a [u8], note: Option<&'a [u8]>) -> Package<'a> {
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([0x21; 32]).unwrap());
    Package {
        transaction: tx,
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array([0x33; 64]),
        amount_msat: 123_456_789,
        expiry: 1_900_000_000,
        note,
    }
}

#[test]
fn package_sealed_round_trip() {
    let tx = vec![0x02; 1000];
    let pkg = sample_package(&tx, Some(b"coffee"));
    let mut enc = vec![0u8; pkg.encoded_len()];
    assert_eq!(pkg.encode(&mut enc), Ok(enc.len()));
    let (kp, pk) = key(2);
    let blob = seal_to_vec(&pk, b"mbx", &enc, &mut rng(9)).unwrap();
    let mut buf = vec![0u8; opened_buffer_len(blob.len())];
    let opened = open(&kp, b"mbx", &blob, &mut buf).unwrap();
    let parsed = Package::parse(opened).unwrap();
    assert_eq!(parsed, pkg);
    assert_eq!(parsed.check_expiry(1_899_999_999), Ok(()));
    assert_eq!(
        parsed.check_expiry(1_900_000_000),
        Err(PackageError::Expired)
    );
    assert_eq!(parsed.nonce(), [0x33; 32]);
}

/// `expiry` is a tu64 of seconds: a package expiring after 2106 (past
/// `u32::MAX` seconds) encodes in five bytes, parses back and expires on time.
#[test]
fn expiry_past_2106() {
    let tx = [1u8, 2, 3];
    let mut pkg = sample_package(&tx, None);
    let expiry = u64::from(u32::MAX) + 10;
    pkg.expiry = expiry;
    let mut enc = vec![0u8; pkg.encoded_len()];
    pkg.encode(&mut enc).unwrap();
    assert!(enc.ends_with(&[8, 5, 1, 0, 0, 0, 9]), "{enc:02x?}");
    let parsed = Package::parse(&enc).unwrap();
    assert_eq!(parsed.expiry, expiry);
    assert_eq!(parsed.check_expiry(expiry - 1), Ok(()));
    assert_eq!(parsed.check_expiry(expiry), Err(PackageError::Expired));
    assert_eq!(parsed.check_expiry(u64::MAX), Err(PackageError::Expired));
    pkg.expiry = u64::MAX;
    let mut enc = vec![0u8; pkg.encoded_len()];
    pkg.encode(&mut enc).unwrap();
    assert_eq!(Package::parse(&enc).unwrap().expiry, u64::MAX);
}

#[test]
fn package_parse_errors() {
    let tx = [1u8, 2, 3];
    let pkg = sample_package(&tx, None);
    let mut enc = vec![0u8; pkg.encoded_len()];
    pkg.encode(&mut enc).unwrap();
    assert_eq!(
        pkg.encode(&mut vec![0u8; enc.len() - 1]),
        Err(TlvError::BufferTooSmall)
    );
    // Unknown odd record at the end is ignored, unknown even rejected.
    let mut odd = enc.clone();
    odd.extend_from_slice(&[11, 1, 0]);
    assert_eq!(Package::parse(&odd).unwrap(), pkg);
    let mut even = enc.clone();
    even.extend_from_slice(&[10, 1, 0]);
    assert_eq!(Package::parse(&even), Err(TlvError::UnknownEvenType(10)));
    // Each required record missing in turn.
    let records: Vec<_> = tlv::TlvStream::new(&enc).map(Result::unwrap).collect();
    for skip in 0..records.len() {
        let mut out = vec![0u8; enc.len()];
        let mut w = TlvWriter::new(&mut out);
        for (i, r) in records.iter().enumerate() {
            if i != skip {
                w.write(r.typ, r.value).unwrap();
            }
        }
        let n = w.finish();
        assert_eq!(
            Package::parse(&out[..n]),
            Err(TlvError::MissingRecord(records[skip].typ))
        );
    }
    // Malformed values.
    let with = |typ: u64, value: &[u8]| {
        let mut out = vec![0u8; enc.len() + 80];
        let mut w = TlvWriter::new(&mut out);
        for r in &records {
            w.write(r.typ, if r.typ == typ { value } else { r.value })
                .unwrap();
        }
        let n = w.finish();
        Package::parse(&out[..n]).map(|_| ())
    };
    assert_eq!(with(0, &[]), Err(TlvError::InvalidValue(0)));
    assert_eq!(with(2, &[1; 31]), Err(TlvError::InvalidValue(2)));
    assert_eq!(with(2, &[0xff; 32]), Err(TlvError::InvalidValue(2)));
    assert_eq!(with(4, &[1; 63]), Err(TlvError::InvalidValue(4)));
    assert_eq!(with(6, &[0, 1]), Err(TlvError::InvalidValue(6)));
    assert_eq!(with(6, &[1; 9]), Err(TlvError::InvalidValue(6)));
    assert_eq!(with(8, &[1; 9]), Err(TlvError::InvalidValue(8)));
    assert_eq!(with(8, &[0]), Err(TlvError::InvalidValue(8)));
    // Value rules apply record by record, before later framing is read.
    let mut bad_then_cut = vec![0u8; enc.len() + 8];
    let n = {
        let mut w = TlvWriter::new(&mut bad_then_cut);
        for r in &records {
            w.write(r.typ, if r.typ == 2 { &[0xff; 32] } else { r.value })
                .unwrap();
        }
        w.finish()
    };
    bad_then_cut.truncate(n);
    bad_then_cut.extend_from_slice(&[11, 5, 0]);
    assert_eq!(tlv::validate(&bad_then_cut), Err(TlvError::LengthOverrun));
    assert_eq!(
        Package::parse(&bad_then_cut),
        Err(TlvError::InvalidValue(2))
    );
    let mut even_then_descending = enc.clone();
    even_then_descending.extend_from_slice(&[10, 0, 9, 0]);
    assert_eq!(
        Package::parse(&even_then_descending),
        Err(TlvError::UnknownEvenType(10))
    );
    // An empty note record is present (an empty note), not absent.
    let with_empty_note = sample_package(&tx, Some(b""));
    let mut out = vec![0u8; with_empty_note.encoded_len()];
    with_empty_note.encode(&mut out).unwrap();
    assert_eq!(&out[out.len() - 2..], &[9, 0]);
    assert_eq!(Package::parse(&out).unwrap().note, Some(&[][..]));
    assert_ne!(Package::parse(&out).unwrap(), pkg);
    // Stream-level errors surface as such.
    let mut dup = enc.clone();
    dup.extend_from_slice(&[8, 0]);
    assert_eq!(Package::parse(&dup), Err(TlvError::Duplicate));
    assert_eq!(
        Package::parse(&enc[..enc.len() - 1]),
        Err(TlvError::LengthOverrun)
    );
}

proptest! {
    #[test]
    fn package_round_trip(tx in proptest::collection::vec(any::<u8>(), 1..3000), amount: u64, expiry: u64, note in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..300))) {
        let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([0x44; 32]).unwrap());
        let pkg = Package { transaction: &tx, signer: kp.x_only_public_key().0, signature: SecretSignature::from_byte_array([1; 64]), amount_msat: amount, expiry, note: note.as_deref() };
        let mut enc = vec![0u8; pkg.encoded_len()];
        prop_assert_eq!(pkg.encode(&mut enc), Ok(enc.len()));
        prop_assert_eq!(Package::parse(&enc), Ok(pkg));
    }

    #[test]
    fn tlv_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = tlv::validate(&bytes);
        let _ = Package::parse(&bytes);
        let (kp, _) = key(1);
        let _ = open_vec(&kp, b"", &bytes);
    }
}

fn sample_musig_package<'a>(tx: &'a [u8], note: Option<&'a [u8]>) -> ptlc::MusigPackage<'a> {
    use ptlc::musig::nonces;
    use ptlc::pay_for_partial_signature::NonceId;
    let a = key(1).1;
    let s = key(2).1;
    let (_, a_nonce) = nonces::nonce_gen_with_rand(&[1; 32], &a, Default::default()).unwrap();
    let (_, s_nonce) = nonces::nonce_gen_with_rand(&[2; 32], &s, Default::default()).unwrap();
    ptlc::MusigPackage {
        transaction: tx,
        keys: [a, s],
        tweak: [7; 32],
        payer_index: 1,
        payer_nonce: a_nonce,
        cosigner_nonce_id: NonceId::of(&s_nonce),
        partial_signature: ptlc::package::SecretPartialSignature::from_byte_array([5; 32]),
        amount_msat: 42_000,
        expiry: 1_900_000_000,
        note,
    }
}

/// The transaction record holds 1 to MAX_TRANSACTION_LEN bytes, on both
/// sides and in both packages; encode needs exactly `encoded_len` bytes.
#[test]
fn package_transaction_bounds_and_buffers() {
    use ptlc::package::MAX_TRANSACTION_LEN;
    for len in [1, MAX_TRANSACTION_LEN] {
        let tx = vec![0x5a; len];
        let p = sample_package(&tx, None);
        let m = sample_musig_package(&tx, Some(b"n"));
        let mut buf = vec![0u8; p.encoded_len().max(m.encoded_len()) + 5];
        let n = p.encode(&mut buf).unwrap();
        assert_eq!(n, p.encoded_len());
        assert_eq!(Package::parse(&buf[..n]).unwrap(), p);
        let n = m.encode(&mut buf).unwrap();
        assert_eq!(n, m.encoded_len());
        assert_eq!(ptlc::MusigPackage::parse(&buf[..n]).unwrap(), m);
        // One byte short.
        let mut short = vec![0u8; p.encoded_len() - 1];
        assert_eq!(p.encode(&mut short), Err(TlvError::BufferTooSmall));
        let mut short = vec![0u8; m.encoded_len() - 1];
        assert_eq!(m.encode(&mut short), Err(TlvError::BufferTooSmall));
    }
    for len in [0, MAX_TRANSACTION_LEN + 1] {
        let tx = vec![0x5a; len];
        let mut buf = vec![0u8; MAX_TRANSACTION_LEN + 1000];
        assert_eq!(
            sample_package(&tx, None).encode(&mut buf),
            Err(TlvError::InvalidValue(0))
        );
        assert_eq!(
            sample_musig_package(&tx, None).encode(&mut buf),
            Err(TlvError::InvalidValue(0))
        );
        // A stream whose transaction record has that length.
        let mut stream = vec![0u8; len + 16];
        let mut w = TlvWriter::new(&mut stream);
        w.write(0, &tx).unwrap();
        let n = w.finish();
        assert_eq!(
            Package::parse(&stream[..n]).unwrap_err(),
            TlvError::InvalidValue(0)
        );
        assert_eq!(
            ptlc::MusigPackage::parse(&stream[..n]).unwrap_err(),
            TlvError::InvalidValue(0)
        );
    }
}

/// A MuSig2 package expires at its expiry second, as a BIP-340 one does.
#[test]
fn musig_package_expiry() {
    let m = sample_musig_package(b"tx", None);
    assert_eq!(m.check_expiry(m.expiry - 1), Ok(()));
    assert_eq!(m.check_expiry(m.expiry), Err(PackageError::Expired));
    assert_eq!(m.check_expiry(m.expiry + 1), Err(PackageError::Expired));
}

/// `Debug` shows what helps debugging (lengths, amounts, the signer) and
/// never the secret.
#[test]
fn package_debug_shows_lengths_and_amounts() {
    let tx = [0x5a; 77];
    let p = format!("{:?}", sample_package(&tx, Some(b"hello")));
    assert!(p.contains("transaction: <77 bytes>"), "{p}");
    assert!(p.contains("note: Some(<5 bytes>)"), "{p}");
    assert!(p.contains("amount_msat: 123456789"), "{p}");
    let m = format!("{:?}", sample_musig_package(&tx, None));
    assert!(m.starts_with("MusigPackage {"), "{m}");
    assert!(m.contains("transaction_len: 77"), "{m}");
    assert!(m.contains("payer_index: 1"), "{m}");
    assert!(m.contains("amount_msat: 42000"), "{m}");
    assert!(
        m.contains("redacted") && !m.contains(&"05".repeat(32)),
        "{m}"
    );
}
