//! `blob`: sealed blobs, TLV streams and payment packages
//! (test-vectors/blob.json; SPEC.md "Encrypted blob").

use ptlc::blob::{self, open, opened_buffer_len, seal, sealed_len};
use ptlc::package::{Package, SecretSignature};
use ptlc::secp256k1::Keypair;
use ptlc::tlv::{self, TlvStream};
use serde_json::{json, Value};

use crate::blob_craft::{body, craft, FixedRng};
use crate::case::{Case, Draw, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::error_names::{blob_error, tlv_error};
use crate::hex::encode as hex;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "blob",
    described: false,
    kinds: &[
        Kind {
            key: "blobs",
            inputs: &["recipient_secret", "rand", "aad", "plaintext"],
            invalid: false,
            compute: blobs,
        },
        Kind {
            key: "invalid_blobs",
            inputs: &["recipient_secret", "aad", "blob"],
            invalid: true,
            compute: invalid_blobs,
        },
        Kind {
            key: "tlv_streams",
            inputs: &["stream"],
            invalid: false,
            compute: tlv_streams,
        },
        Kind {
            key: "packages",
            inputs: &["encoding"],
            invalid: false,
            compute: packages,
        },
        Kind {
            key: "invalid_packages",
            inputs: &["encoding"],
            invalid: false,
            compute: invalid_packages,
        },
    ],
    draws: &[
        Draw {
            key: "blobs",
            comment: Some("random TLV plaintext"),
            draw: |rng| Sealed::draw(rng, false).inputs(),
        },
        Draw {
            key: "blobs",
            comment: Some("random payment package"),
            draw: |rng| Sealed::draw(rng, true).inputs(),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("empty"),
            draw: |rng| frame_edit(rng, |b, _| b.clear()),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("cut short"),
            draw: |rng| frame_edit(rng, |b, rng| b.truncate(rng.below(b.len()).max(1))),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("unknown version"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    b[0] = loop {
                        let [v] = rng.bytes::<1>();
                        if v != blob::VERSION {
                            break v;
                        }
                    }
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("body not a bucket: bytes appended"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    let n = rng.below(15).saturating_add(1);
                    b.extend((0..n).map(|_| 0u8));
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("ephemeral key prefix neither 02 nor 03"),
            draw: |rng| frame_edit(rng, |b, rng| b[1] = draw::bad_prefix(rng)),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("ephemeral x not on the curve"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    b[2..34].copy_from_slice(&draw::off_curve_x(rng))
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("ephemeral x is p or above"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    b[2..34].copy_from_slice(&draw::at_least_p(rng))
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("ephemeral key parity flipped"),
            draw: |rng| frame_edit(rng, |b, _| b[1] ^= 1),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("commitment altered"),
            draw: |rng| frame_edit(rng, |b, rng| draw::flip_bit(b, 34..66, rng)),
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("ciphertext altered"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    let end = b.len().saturating_sub(blob::TAG_LEN);
                    draw::flip_bit(b, blob::HEADER_LEN..end, rng)
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("tag altered"),
            draw: |rng| {
                frame_edit(rng, |b, rng| {
                    let (start, end) = (b.len().saturating_sub(blob::TAG_LEN), b.len());
                    draw::flip_bit(b, start..end, rng)
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("wrong recipient key"),
            draw: |rng| {
                let s = Sealed::draw(rng, false);
                s.invalid(&draw::secret(rng), &s.aad, &s.blob)
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("wrong associated data"),
            draw: |rng| {
                let s = Sealed::draw(rng, false);
                let mut aad = s.aad.clone();
                aad.push(draw::byte(rng));
                s.invalid(&s.secret(), &aad, &s.blob)
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("authenticated, length prefix past the body"),
            draw: |rng| {
                crafted(rng, |rng| {
                    body(253u32.saturating_add(rng.below(1000) as u32), &[], 256)
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("authenticated, non-zero padding"),
            draw: |rng| {
                crafted(rng, |rng| {
                    let mut b = body(0, &[], 256);
                    let at = 4usize.saturating_add(rng.below(252));
                    b[at] = 1;
                    b
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("authenticated, a larger bucket than seal writes"),
            draw: |rng| {
                crafted(rng, |rng| {
                    let pt = stream(rng, 100);
                    body(pt.len() as u32, &pt, 272)
                })
            },
        },
        Draw {
            key: "invalid_blobs",
            comment: Some("authenticated, invalid TLV plaintext"),
            draw: |rng| {
                crafted(rng, |rng| {
                    let pt = bad_stream(rng);
                    body(
                        pt.len() as u32,
                        &pt,
                        blob::MIN_BUCKET
                            .max(pt.len().saturating_add(4))
                            .next_power_of_two(),
                    )
                })
            },
        },
        Draw {
            key: "tlv_streams",
            comment: Some("random valid stream"),
            draw: |rng| json!({"stream": hex(&stream(rng, 300))}),
        },
        Draw {
            key: "tlv_streams",
            comment: Some("random invalid stream"),
            draw: |rng| json!({"stream": hex(&bad_stream(rng))}),
        },
        Draw {
            key: "packages",
            comment: Some("random package"),
            draw: |rng| json!({"encoding": hex(&package(rng))}),
        },
        Draw {
            key: "packages",
            comment: Some("random package, then an unknown odd record"),
            draw: |rng| {
                let mut p = package(rng);
                let typ = rng.below(1000).saturating_mul(2).saturating_add(11) as u64;
                p.extend(record(typ, &random_bytes(rng, 20)));
                json!({"encoding": hex(&p)})
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("unknown even type"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    recs.push((
                        rng.below(1000).saturating_mul(2).saturating_add(10) as u64,
                        vec![],
                    ))
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("unknown odd type: ignored (valid)"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    recs.push((
                        rng.below(1000).saturating_mul(2).saturating_add(11) as u64,
                        vec![1],
                    ))
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("signer invalid, then a record cut short: the value rule fires first"),
            draw: |rng| {
                let Value::Object(mut case) =
                    edit_package(rng, |recs, _| set(recs, 2, vec![0xff; 32]))
                else {
                    return json!({});
                };
                if let Some(Value::String(enc)) = case.get_mut("encoding") {
                    enc.push_str("0b0500");
                }
                Value::Object(case)
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("a required record missing"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let typ = [0u64, 2, 4, 6, 8][rng.below(5)];
                    recs.retain(|(t, _)| *t != typ);
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("empty transaction"),
            draw: |rng| edit_package(rng, |recs, _| set(recs, 0, vec![])),
        },
        Draw {
            key: "invalid_packages",
            comment: Some("signer x is not a curve point (or is p or above)"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let x = if rng.below(2) == 0 {
                        draw::off_curve_x(rng)
                    } else {
                        draw::at_least_p(rng)
                    };
                    set(recs, 2, x.to_vec())
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("signature not 64 bytes"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let sig = draw::resize(&random_bytes(rng, 64), rng);
                    set(recs, 4, sig)
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("amount or expiry with a leading zero"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let typ = if rng.below(2) == 0 { 6 } else { 8 };
                    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
                        v.insert(0, 0);
                    }
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("expiry longer than 8 bytes"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let mut v = random_bytes(rng, 9);
                    v[0] |= 1;
                    set(recs, 8, v)
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("a record repeated"),
            draw: |rng| {
                edit_package(rng, |recs, rng| {
                    let at = rng.below(recs.len());
                    if let Some(r) = recs.get(at).cloned() {
                        recs.insert(at, r);
                    }
                })
            },
        },
        Draw {
            key: "invalid_packages",
            comment: Some("cut short"),
            draw: |rng| {
                let p = package(rng);
                let cut = rng.below(p.len());
                json!({"encoding": hex(&p[..cut])})
            },
        },
    ],
};

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

/// An invalid-blob case: a sealed blob with its bytes changed by `f`.
fn frame_edit(rng: &mut Rng, f: fn(&mut Vec<u8>, &mut Rng)) -> Value {
    let s = Sealed::draw(rng, false);
    let mut b = s.blob.clone();
    f(&mut b, rng);
    s.invalid(&s.secret(), &s.aad, &b)
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
        let len = rng.below(max / 5);
        recs.push((typ, random_bytes(rng, len)));
    }
    records(&recs)
}

/// A random TLV stream that breaks one framing rule.
fn bad_stream(rng: &mut Rng) -> Vec<u8> {
    let good = stream(rng, 100);
    let n = rng.below(4);
    let v = random_bytes(rng, n);
    let t = rng.below(250) as u64 + 1;
    match rng.below(5) {
        // A BigSize in a longer form than needed.
        0 => [good, vec![0xfd, 0, draw::byte(rng) % 0xfd, 0]].concat(),
        // Types descending.
        1 => [record(t, &v), record(t - 1, &v)].concat(),
        // A type repeated.
        2 => [record(t, &v), record(t, &v)].concat(),
        // A length past the end.
        3 => {
            let mut r = record(t, &[0; 3]);
            r.truncate(r.len() - 1 - rng.below(2));
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
    let small = |rng: &mut Rng| match rng.below(3) {
        0 => rng.below(256) as u64,
        1 => rng.u64() >> 24,
        _ => rng.u64(),
    };
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

/// A package case: a random package's records changed by `f`, in type order
/// (stable, so a repeated record stays repeated).
fn edit_package(rng: &mut Rng, f: fn(&mut Vec<(u64, Vec<u8>)>, &mut Rng)) -> Value {
    let p = package(rng);
    let mut recs: Vec<(u64, Vec<u8>)> = TlvStream::new(&p)
        .filter_map(Result::ok)
        .map(|r| (r.typ, r.value.to_vec()))
        .collect();
    f(&mut recs, rng);
    recs.sort_by_key(|(t, _)| *t);
    json!({"encoding": hex(&records(&recs))})
}

fn set(recs: &mut [(u64, Vec<u8>)], typ: u64, value: Vec<u8>) {
    if let Some((_, v)) = recs.iter_mut().find(|(t, _)| *t == typ) {
        *v = value;
    }
}

fn keypair(c: &Case<'_>) -> Result<Keypair, InputError> {
    let secret = c.array::<32>("recipient_secret")?;
    c.parse("recipient_secret", |_| Keypair::from_secret_bytes(secret))
}

fn blobs(c: &Case<'_>) -> Outcome {
    let kp = keypair(c)?;
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
    let kp = keypair(c)?;
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
        Ok(p) => json!({
            "transaction": hex(p.transaction),
            "signer": hex(&p.signer.to_byte_array()),
            "signature": hex(p.signature.expose_secret()),
            "amount_msat": p.amount_msat,
            "expiry": p.expiry,
            "note": p.note.map(hex),
        }),
        Err(e) => tlv_error(e),
    })
}
