//! `blob`: sealed blobs, TLV streams and payment packages, BIP-340 and MuSig2
//! (test-vectors/blob.json; SPEC.md "Encrypted blob", "The MuSig2 package").

use ptlc::blob::{open, opened_buffer_len, seal, sealed_len};
use ptlc::musig::nonces::{nonce_gen_with_rand, PubNonce};
use ptlc::package::{MusigPackage, Package, SecretPartialSignature, SecretSignature};
use ptlc::pay_for_partial_signature::NonceId;
use ptlc::secp256k1::{Keypair, PublicKey};
use ptlc::tlv::{self, TlvStream};
use serde_json::{json, Value};

use crate::blob_craft::{body, craft, FixedRng};
use crate::case::{Case, Draw, Edit, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::{blob_error, musig_package_fields, package_fields, tlv_error};

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "blob",
    described: false,
    kinds: &[
        Kind::new(
            "blobs",
            &["recipient_secret", "rand", "aad", "plaintext"],
            blobs,
        ),
        Kind::invalid(
            "invalid_blobs",
            &["recipient_secret", "aad", "blob"],
            invalid_blobs,
        ),
        Kind::new("tlv_streams", &["stream"], tlv_streams),
        Kind::new("packages", &["encoding"], packages),
        Kind::new("invalid_packages", &["encoding"], invalid_packages),
        Kind::new("musig_packages", MUSIG_FIELDS, musig_packages),
        Kind::new(
            "invalid_musig_packages",
            &["encoding"],
            invalid_musig_packages,
        ),
    ],
    // Offsets in a frame: version 0, ephemeral key 1..34, commitment 34..66,
    // ciphertext 66..len - 16, tag the last 16 bytes.
    draws: &[
        Draw::new("blobs", "random TLV plaintext", |rng, _| {
            Sealed::draw(rng, false).inputs()
        }),
        Draw::new("blobs", "random payment package", |rng, _| {
            Sealed::draw(rng, true).inputs()
        }),
        Draw::mutations(
            "invalid_blobs",
            edit_frame,
            &[
                ("empty", &[Edit::Clear]),
                ("cut short", &[Edit::Truncate]),
                ("unknown version", &[Edit::Other(0)]),
                ("body not a bucket: bytes appended", &[Edit::Append]),
                (
                    "ephemeral key prefix neither 02 nor 03",
                    &[Edit::BadPrefix(1)],
                ),
                ("ephemeral x not on the curve", &[Edit::OffCurveX(2)]),
                ("ephemeral x is p or above", &[Edit::AtLeastP(2)]),
                ("ephemeral key parity flipped", &[Edit::Parity(1)]),
                ("commitment altered", &[Edit::Flip(34, 66)]),
                (
                    "ciphertext altered",
                    &[Edit::FlipInner {
                        start: 66,
                        tail: 16,
                    }],
                ),
                ("tag altered", &[Edit::FlipTail(16)]),
            ],
        ),
        Draw::new("invalid_blobs", "wrong recipient key", |rng, _| {
            let s = Sealed::draw(rng, false);
            s.invalid(&draw::secret(rng), &s.aad, &s.blob)
        }),
        Draw::new("invalid_blobs", "wrong associated data", |rng, _| {
            let s = Sealed::draw(rng, false);
            let aad = [s.aad.as_slice(), &[draw::byte(rng)]].concat();
            s.invalid(&s.secret(), &aad, &s.blob)
        }),
        Draw::new(
            "invalid_blobs",
            "authenticated, length prefix past the body",
            |rng, _| {
                crafted(rng, |rng| {
                    body(253u32.saturating_add(draw::byte(rng).into()), &[], 256)
                })
            },
        ),
        Draw::new(
            "invalid_blobs",
            "authenticated, non-zero padding",
            |rng, _| {
                crafted(rng, |rng| {
                    let b = body(0, &[], 256);
                    draw::apply(&b, &[Edit::Flip(4, 256)], rng)
                })
            },
        ),
        Draw::new(
            "invalid_blobs",
            "authenticated, a larger bucket than seal writes",
            |rng, _| {
                crafted(rng, |rng| {
                    let pt = stream(rng, 100);
                    body(len32(&pt), &pt, 272)
                })
            },
        ),
        Draw::new(
            "invalid_blobs",
            "authenticated, invalid TLV plaintext",
            |rng, _| {
                crafted(rng, |rng| {
                    let pt = bad_stream(rng);
                    body(len32(&pt), &pt, 256)
                })
            },
        ),
        Draw::new(
            "tlv_streams",
            "random valid stream",
            |rng, _| json!({"stream": hex(&stream(rng, 300))}),
        ),
        Draw::new(
            "tlv_streams",
            "random invalid stream",
            |rng, _| json!({"stream": hex(&bad_stream(rng))}),
        ),
        Draw::new(
            "packages",
            "random package",
            |rng, _| json!({"encoding": hex(&package(rng))}),
        ),
        Draw::new(
            "packages",
            "random package, then an unknown odd record",
            |rng, _| {
                let value = random_bytes(rng, 20);
                let p = [package(rng), record(unknown_type(rng, 11), &value)].concat();
                json!({"encoding": hex(&p)})
            },
        ),
        Draw::new("invalid_packages", "unknown even type", |rng, _| {
            edit_package(rng, |recs, rng| recs.push((unknown_type(rng, 10), vec![])))
        }),
        Draw::new(
            "invalid_packages",
            "unknown odd type: ignored (valid)",
            |rng, _| edit_package(rng, |recs, rng| recs.push((unknown_type(rng, 11), vec![1]))),
        ),
        Draw::new(
            "invalid_packages",
            "signer invalid, then a record cut short: the value rule fires first",
            |rng, _| {
                let p = [
                    package_with(rng, |recs, rng| {
                        set(recs, 2, draw::at_least_p(rng).to_vec())
                    }),
                    vec![0x0b, 5, 0],
                ]
                .concat();
                json!({"encoding": hex(&p)})
            },
        ),
        Draw::new("invalid_packages", "a required record missing", |rng, _| {
            edit_package(rng, |recs, rng| {
                let typ = 2u64.saturating_mul(rng.below(5) as u64);
                recs.retain(|(t, _)| *t != typ);
            })
        }),
        Draw::new("invalid_packages", "empty transaction", |rng, _| {
            edit_package(rng, |recs, _| set(recs, 0, vec![]))
        }),
        Draw::new(
            "invalid_packages",
            "signer x is not a curve point (or is p or above)",
            |rng, _| {
                edit_package(rng, |recs, rng| {
                    let x = if rng.below(2) == 0 {
                        draw::off_curve_x(rng)
                    } else {
                        draw::at_least_p(rng)
                    };
                    set(recs, 2, x.to_vec())
                })
            },
        ),
        Draw::new("invalid_packages", "signature not 64 bytes", |rng, _| {
            edit_package(rng, |recs, rng| {
                let sig = draw::resize(&random_bytes(rng, 64), rng);
                set(recs, 4, sig)
            })
        }),
        Draw::new(
            "invalid_packages",
            "amount or expiry with a leading zero",
            |rng, _| {
                edit_package(rng, |recs, rng| {
                    let typ = if rng.below(2) == 0 { 6 } else { 8 };
                    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
                        v.insert(0, 0);
                    }
                })
            },
        ),
        Draw::new(
            "invalid_packages",
            "expiry longer than 8 bytes",
            |rng, _| {
                edit_package(rng, |recs, rng| {
                    let v = draw::apply(&random_bytes(rng, 9), &[Edit::Put(0, &[1])], rng);
                    set(recs, 8, v)
                })
            },
        ),
        Draw::new("invalid_packages", "a record repeated", |rng, _| {
            edit_package(rng, |recs, rng| {
                if let Some(r) = recs.get(rng.below(recs.len())).cloned() {
                    recs.push(r);
                }
            })
        }),
        Draw::new("invalid_packages", "cut short", |rng, _| {
            let p = draw::apply(&package(rng), &[Edit::Truncate], rng);
            json!({"encoding": hex(&p)})
        }),
        Draw::new("musig_packages", "random MuSig2 package", |rng, _| {
            RandomMusig::draw(rng).fields()
        }),
        Draw::new(
            "invalid_musig_packages",
            "a required record missing",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let typ = MUSIG_REQUIRED.get(rng.below(MUSIG_REQUIRED.len()));
                    recs.retain(|(t, _)| Some(t) != typ);
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "a BIP-340 package record (2 or 4), or another even type: unknown here",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let typ = match rng.below(3) {
                        0 => 2,
                        1 => 4,
                        _ => unknown_type(rng, 22),
                    };
                    let len = rng.below(70);
                    recs.push((typ, random_bytes(rng, len)));
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "unknown odd type: ignored (valid)",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let typ = unknown_type(rng, 1).max(11);
                    recs.push((typ, vec![1]));
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "a MuSig2 record of the wrong length",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let typ = MUSIG_OWN.get(rng.below(MUSIG_OWN.len())).copied();
                    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| Some(*t) == typ) {
                        *v = draw::resize(v, rng);
                    }
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "payer index neither 0 nor 1",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let i = draw::byte(rng).max(2);
                    set(recs, 14, vec![i]);
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "a key or nonce point off the curve, p or above, or with a bad prefix",
            |rng, _| {
                edit_musig(rng, |recs, rng| {
                    let typ = if rng.below(2) == 0 { 10 } else { 16 };
                    // The first or the second point: its prefix and x offsets.
                    let (prefix, x) = if rng.below(2) == 0 { (0, 1) } else { (33, 34) };
                    let edit = match rng.below(3) {
                        0 => Edit::OffCurveX(x),
                        1 => Edit::AtLeastP(x),
                        _ => Edit::BadPrefix(prefix),
                    };
                    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
                        *v = draw::apply(v, &[edit], rng);
                    }
                })
            },
        ),
        Draw::new(
            "invalid_musig_packages",
            "empty transaction, or amount or expiry with a leading zero",
            |rng, _| {
                edit_musig(rng, |recs, rng| match rng.below(3) {
                    0 => set(recs, 0, vec![]),
                    k => {
                        let typ = if k == 1 { 6 } else { 8 };
                        if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
                            v.insert(0, 0);
                        }
                    }
                })
            },
        ),
        Draw::new("invalid_musig_packages", "a record repeated", |rng, _| {
            edit_musig(rng, |recs, rng| {
                if let Some(r) = recs.get(rng.below(recs.len())).cloned() {
                    recs.push(r);
                }
            })
        }),
        Draw::new(
            "invalid_musig_packages",
            "a key off the curve, then a record cut short: the value rule fires first",
            |rng, _| {
                let p = [
                    musig_with(rng, |recs, rng| {
                        if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == 10) {
                            *v = draw::apply(v, &[Edit::OffCurveX(1)], rng);
                        }
                    }),
                    vec![0x17, 5, 0],
                ]
                .concat();
                json!({"encoding": hex(&p)})
            },
        ),
        Draw::new("invalid_musig_packages", "cut short", |rng, _| {
            let p = draw::apply(&RandomMusig::draw(rng).encode(), &[Edit::Truncate], rng);
            json!({"encoding": hex(&p)})
        }),
    ],
};

/// The input fields of a `musig_packages` entry (its output is `encoding`).
const MUSIG_FIELDS: &[&str] = &[
    "transaction",
    "musig_keys",
    "musig_tweak",
    "musig_payer_index",
    "musig_payer_nonce",
    "musig_cosigner_nonce_id",
    "musig_partial_signature",
    "amount_msat",
    "expiry",
    "note",
];

/// The MuSig2 package's required record types.
const MUSIG_REQUIRED: &[u64] = &[0, 6, 8, 10, 12, 14, 16, 18, 20];

/// The MuSig2 package's own record types (10 to 20).
const MUSIG_OWN: &[u64] = &[10, 12, 14, 16, 18, 20];

/// A random MuSig2 package's fields (the keys in a random order, a random
/// tweak and partial signature: parsing checks neither).
struct RandomMusig {
    transaction: Vec<u8>,
    keys: [PublicKey; 2],
    tweak: [u8; 32],
    payer_index: u8,
    payer_nonce: PubNonce,
    cosigner_nonce_id: NonceId,
    partial_signature: [u8; 32],
    amount_msat: u64,
    expiry: u64,
    note: Option<Vec<u8>>,
}

impl RandomMusig {
    fn draw(rng: &mut Rng) -> Self {
        let tx_len = rng.below(400).saturating_add(1);
        let transaction = random_bytes(rng, tx_len);
        let keys = [
            draw::keypair(rng).public_key(),
            draw::keypair(rng).public_key(),
        ];
        let payer_index = u8::from(rng.below(2) == 1);
        let nonce = |rng: &mut Rng, k: &PublicKey| loop {
            if let Ok((_, n)) = nonce_gen_with_rand(&rng.bytes(), k, Default::default()) {
                return n;
            }
        };
        let (payer, cosigner) = if payer_index == 0 {
            (keys[0], keys[1])
        } else {
            (keys[1], keys[0])
        };
        let payer_nonce = nonce(rng, &payer);
        let cosigner_nonce_id = NonceId::of(&nonce(rng, &cosigner));
        let note_len = rng.below(40);
        RandomMusig {
            transaction,
            keys,
            tweak: rng.bytes(),
            payer_index,
            payer_nonce,
            cosigner_nonce_id,
            partial_signature: rng.bytes(),
            amount_msat: tu64_value(rng),
            expiry: tu64_value(rng),
            note: (rng.below(2) == 0).then(|| random_bytes(rng, note_len)),
        }
    }

    fn package(&self) -> MusigPackage<'_> {
        MusigPackage {
            transaction: &self.transaction,
            keys: self.keys,
            tweak: self.tweak,
            payer_index: self.payer_index,
            payer_nonce: self.payer_nonce,
            cosigner_nonce_id: self.cosigner_nonce_id,
            partial_signature: SecretPartialSignature::from_byte_array(self.partial_signature),
            amount_msat: self.amount_msat,
            expiry: self.expiry,
            note: self.note.as_deref(),
        }
    }

    fn fields(&self) -> Value {
        let mut v = musig_package_fields(&self.package());
        if let Some(o) = v.as_object_mut() {
            o.retain(|k, _| MUSIG_FIELDS.contains(&k.as_str()));
        }
        v
    }

    fn encode(&self) -> Vec<u8> {
        let p = self.package();
        let mut out = vec![0u8; p.encoded_len()];
        let n = p.encode(&mut out).unwrap_or(0);
        out.truncate(n);
        out
    }
}

/// A random MuSig2 package's encoding with its records changed by `f`, then
/// put in type order (a stable sort).
fn musig_with(rng: &mut Rng, f: fn(&mut Records, &mut Rng)) -> Vec<u8> {
    let p = RandomMusig::draw(rng).encode();
    edit_records(&p, rng, f)
}

/// An invalid-MuSig2-package case: [`musig_with`].
fn edit_musig(rng: &mut Rng, f: fn(&mut Records, &mut Rng)) -> Value {
    json!({"encoding": hex(&musig_with(rng, f))})
}

/// A random blob sealed by ptlc, and what made it.
struct Sealed {
    keypair: Keypair,
    rand: [u8; 32],
    aad: Vec<u8>,
    plaintext: Vec<u8>,
    blob: Vec<u8>,
}

impl Sealed {
    fn draw(rng: &mut Rng, package_plaintext: bool) -> Self {
        let keypair = draw::keypair(rng);
        let rand = draw::secret(rng);
        let aad_len = rng.below(40);
        let aad = random_bytes(rng, aad_len);
        let plaintext = if package_plaintext {
            package(rng)
        } else {
            stream(rng, 600)
        };
        let mut blob = vec![0u8; sealed_len(plaintext.len()).unwrap_or(0)];
        let n = seal(
            &keypair.public_key(),
            &aad,
            &plaintext,
            &mut FixedRng(rand),
            &mut blob,
        )
        .unwrap_or(0);
        blob.truncate(n);
        Sealed {
            keypair,
            rand,
            aad,
            plaintext,
            blob,
        }
    }

    fn inputs(&self) -> Value {
        json!({
            "recipient_secret": hex(&self.keypair.to_secret_bytes()),
            "rand": hex(&self.rand),
            "aad": hex(&self.aad),
            "plaintext": hex(&self.plaintext),
        })
    }

    fn invalid(&self, secret: &[u8; 32], aad: &[u8], blob: &[u8]) -> Value {
        json!({"recipient_secret": hex(secret), "aad": hex(aad), "blob": hex(blob)})
    }

    fn secret(&self) -> [u8; 32] {
        self.keypair.to_secret_bytes()
    }
}

/// An invalid-blob case: a sealed blob, edited.
fn edit_frame(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Sealed::draw(rng, false);
    let b = draw::apply(&s.blob, edits, rng);
    s.invalid(&s.secret(), &s.aad, &b)
}

/// A length as the 4-byte prefix holds it.
fn len32(b: &[u8]) -> u32 {
    u32::try_from(b.len()).unwrap_or(u32::MAX)
}

/// A random type above `from` of `from`'s parity.
fn unknown_type(rng: &mut Rng, from: u64) -> u64 {
    from.saturating_add(2u64.saturating_mul(rng.below(1000) as u64))
}

/// An invalid-blob case: an authenticated frame around the body `f` writes.
fn crafted(rng: &mut Rng, f: fn(&mut Rng) -> Vec<u8>) -> Value {
    let keypair = draw::keypair(rng);
    let aad = random_bytes(rng, 16);
    let eph = draw::secret(rng);
    let b = f(rng);
    let frame = craft(&keypair.public_key(), &eph, &aad, &b);
    json!({"recipient_secret": hex(&keypair.to_secret_bytes()), "aad": hex(&aad), "blob": hex(&frame)})
}

fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| draw::byte(rng)).collect()
}

/// One TLV record, framed without any check.
fn record(typ: u64, value: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; tlv::record_len(typ, value.len())];
    let a = tlv::write_bigsize(typ, &mut out).unwrap_or(0);
    let b =
        tlv::write_bigsize(value.len() as u64, out.get_mut(a..).unwrap_or_default()).unwrap_or(0);
    if let Some(dst) = out.get_mut(a.saturating_add(b)..) {
        dst.copy_from_slice(value);
    }
    out
}

fn records(recs: &[(u64, Vec<u8>)]) -> Vec<u8> {
    recs.iter().flat_map(|(t, v)| record(*t, v)).collect()
}

/// A random valid TLV stream of at most about `max` bytes: ascending types of
/// every BigSize width.
fn stream(rng: &mut Rng, max: usize) -> Vec<u8> {
    let mut typ = 0u64;
    let mut recs = Vec::new();
    for i in 0..rng.below(6) {
        let step = match rng.below(4) {
            0 => rng.below(4) as u64,
            1 => rng.below(300) as u64,
            2 => rng.below(70_000) as u64,
            _ => rng.u64() >> 33,
        };
        typ = if i == 0 {
            step
        } else {
            typ.saturating_add(step).saturating_add(1)
        };
        let len = rng.below(max.checked_div(5).unwrap_or(0));
        recs.push((typ, random_bytes(rng, len)));
    }
    records(&recs)
}

/// A random TLV stream that breaks one framing rule.
fn bad_stream(rng: &mut Rng) -> Vec<u8> {
    let good = stream(rng, 100);
    let n = rng.below(4);
    let v = random_bytes(rng, n);
    let t = (rng.below(250) as u64).saturating_add(1);
    match rng.below(5) {
        // A BigSize in a longer form than needed.
        0 => [
            good,
            vec![0xfd, 0, draw::byte(rng).checked_rem(0xfd).unwrap_or(0), 0],
        ]
        .concat(),
        // Types descending.
        1 => [record(t, &v), record(t.saturating_sub(1), &v)].concat(),
        // A type repeated.
        2 => [record(t, &v), record(t, &v)].concat(),
        // A length past the end.
        3 => {
            let mut r = record(t, &[0; 3]);
            r.truncate(r.len().saturating_sub(rng.below(2).saturating_add(1)));
            [good, r].concat()
        }
        // A type without a length.
        _ => [good, vec![0xfd, 1, 0]].concat(),
    }
}

/// A random payment package's encoding.
fn package(rng: &mut Rng) -> Vec<u8> {
    let tx_len = rng.below(400).saturating_add(1);
    let tx = random_bytes(rng, tx_len);
    let signer = draw::keypair(rng).x_only_public_key().0;
    let mut sig = [0u8; 64];
    sig.copy_from_slice(&random_bytes(rng, 64));
    let note_len = rng.below(40);
    let note = (rng.below(2) == 0).then(|| random_bytes(rng, note_len));
    let small = tu64_value;
    let p = Package {
        transaction: &tx,
        signer,
        signature: SecretSignature::from_byte_array(sig),
        amount_msat: small(rng),
        expiry: small(rng),
        note: note.as_deref(),
    };
    let mut out = vec![0u8; p.encoded_len()];
    let n = p.encode(&mut out).unwrap_or(0);
    out.truncate(n);
    out
}

/// A random amount or expiry: one byte, about five, or eight as tu64.
fn tu64_value(rng: &mut Rng) -> u64 {
    match rng.below(3) {
        0 => rng.below(256) as u64,
        1 => rng.u64() >> 24,
        _ => rng.u64(),
    }
}

/// A package's records, in order.
type Records = Vec<(u64, Vec<u8>)>;

/// A random package's encoding with its records changed by `f`, then put in
/// type order (a stable sort, so a repeated record stays repeated).
fn package_with(rng: &mut Rng, f: fn(&mut Records, &mut Rng)) -> Vec<u8> {
    let p = package(rng);
    edit_records(&p, rng, f)
}

/// `p`'s records changed by `f`, then put in type order (a stable sort, so a
/// repeated record stays repeated).
fn edit_records(p: &[u8], rng: &mut Rng, f: fn(&mut Records, &mut Rng)) -> Vec<u8> {
    let mut recs: Records = TlvStream::new(p)
        .filter_map(Result::ok)
        .map(|r| (r.typ, r.value.to_vec()))
        .collect();
    f(&mut recs, rng);
    recs.sort_by_key(|(t, _)| *t);
    records(&recs)
}

/// An invalid-package case: [`package_with`].
fn edit_package(rng: &mut Rng, f: fn(&mut Records, &mut Rng)) -> Value {
    json!({"encoding": hex(&package_with(rng, f))})
}

fn set(recs: &mut [(u64, Vec<u8>)], typ: u64, value: Vec<u8>) {
    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
        *v = value;
    }
}

fn blobs(c: &Case<'_>) -> Outcome {
    let kp = c.keypair("recipient_secret")?;
    let rand = c.array::<32>("rand")?;
    let (aad, plaintext) = (c.bytes("aad")?, c.bytes("plaintext")?);
    let sealed = sealed_len(plaintext.len()).and_then(|len| {
        let mut out = vec![0u8; len];
        let n = seal(
            &kp.public_key(),
            &aad,
            &plaintext,
            &mut FixedRng(rand),
            &mut out,
        )?;
        out.truncate(n);
        Ok(out)
    });
    Ok(match sealed {
        Ok(b) => json!({"recipient_pubkey": hex(&kp.public_key().serialize()), "blob": hex(&b)}),
        Err(e) => blob_error(e),
    })
}

fn invalid_blobs(c: &Case<'_>) -> Outcome {
    let kp = c.keypair("recipient_secret")?;
    let (aad, b) = (c.bytes("aad")?, c.bytes("blob")?);
    let mut buf = vec![0u8; opened_buffer_len(b.len())];
    Ok(match open(&kp, &aad, &b, &mut buf) {
        Ok(_) => crate::case::error_field(None),
        Err(e) => blob_error(e),
    })
}

fn tlv_streams(c: &Case<'_>) -> Outcome {
    Ok(valid_or_error(tlv::validate(&c.bytes("stream")?)))
}

fn invalid_packages(c: &Case<'_>) -> Outcome {
    Ok(valid_or_error(
        Package::parse(&c.bytes("encoding")?).map(|_| ()),
    ))
}

/// `{valid: true}`, or `{valid: false, error[, type]}`.
fn valid_or_error(result: Result<(), ptlc::TlvError>) -> Value {
    match result {
        Ok(()) => json!({"valid": true}),
        Err(e) => {
            let mut v = tlv_error(e);
            if let Some(o) = v.as_object_mut() {
                o.insert("valid".to_owned(), json!(false));
            }
            v
        }
    }
}

fn packages(c: &Case<'_>) -> Outcome {
    let enc = c.bytes("encoding")?;
    Ok(match Package::parse(&enc) {
        Ok(p) => package_fields(&p),
        Err(e) => tlv_error(e),
    })
}

fn invalid_musig_packages(c: &Case<'_>) -> Outcome {
    Ok(valid_or_error(
        MusigPackage::parse(&c.bytes("encoding")?).map(|_| ()),
    ))
}

fn field_error(field: &str, why: impl core::fmt::Display) -> InputError {
    InputError {
        field: field.to_owned(),
        why: why.to_string(),
    }
}

fn number(c: &Case<'_>, field: &str) -> Result<u64, InputError> {
    c.value(field)?
        .as_u64()
        .ok_or_else(|| field_error(field, "not a number"))
}

/// A `musig_packages` entry: its fields encoded.
fn musig_packages(c: &Case<'_>) -> Outcome {
    let transaction = c.bytes("transaction")?;
    let keys = c.parse_list("musig_keys", PublicKey::from_slice)?;
    let keys: [PublicKey; 2] = keys
        .try_into()
        .map_err(|_| field_error("musig_keys", "not two keys"))?;
    let payer_index = u8::try_from(number(c, "musig_payer_index")?)
        .map_err(|_| field_error("musig_payer_index", "not a byte"))?;
    let nonce = c.array::<66>("musig_payer_nonce")?;
    let note = match c.value("note")? {
        Value::Null => None,
        _ => Some(c.bytes("note")?),
    };
    let p = MusigPackage {
        transaction: &transaction,
        keys,
        tweak: c.array::<32>("musig_tweak")?,
        payer_index,
        payer_nonce: c.parse("musig_payer_nonce", |_| PubNonce::from_bytes(&nonce))?,
        cosigner_nonce_id: NonceId::from_bytes(c.array::<32>("musig_cosigner_nonce_id")?),
        partial_signature: SecretPartialSignature::from_byte_array(
            c.array::<32>("musig_partial_signature")?,
        ),
        amount_msat: number(c, "amount_msat")?,
        expiry: number(c, "expiry")?,
        note: note.as_deref(),
    };
    let mut out = vec![0u8; p.encoded_len()];
    Ok(match p.encode(&mut out) {
        Ok(n) => {
            out.truncate(n);
            json!({"encoding": hex(&out)})
        }
        Err(e) => tlv_error(e),
    })
}
