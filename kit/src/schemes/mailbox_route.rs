//! `mailbox_route`: the payee's blinded path, the payer's onion message and
//! `peel` at every hop (test-vectors/mailbox_route.json; SPEC.md "Mailbox
//! route"). Invalid cases fail at the first hop: packets with altered bytes,
//! wrong keys, and packets whose layer authenticates but whose payload or
//! `encrypted_data_tlv` breaks exactly one of SPEC.md's reader rules.

use ptlc::mailbox_route::blinded_path::{
    build_mailbox_path_with_key, PathBlinder, TLV_ALLOWED_FEATURES, TLV_NEXT_NODE_ID,
    TLV_NEXT_PATH_KEY_OVERRIDE, TLV_PADDING, TLV_PATH_ID, TLV_PAYMENT_CONSTRAINTS,
    TLV_PAYMENT_RELAY, TLV_SHORT_CHANNEL_ID,
};
use ptlc::mailbox_route::packet::sphinx_build;
use ptlc::mailbox_route::peel::{peel, TLV_REPLY_PATH};
use ptlc::mailbox_route::{
    BLOB_TLV_TYPE, SMALL_HOP_PAYLOADS_LEN, SMALL_PACKET_LEN, TLV_ENCRYPTED_RECIPIENT_DATA,
};
use ptlc::secp256k1::{PublicKey, SecretKey};
use ptlc::tlv;
use serde_json::{json, Value};

use crate::case::{error_field, Case, Draw, Edit, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::{mailbox_route_error, mailbox_route_outputs, MailboxRouteInputs};

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "mailbox_route",
    described: true,
    kinds: &[
        Kind::new(
            "valid",
            &[
                "payer_relay_secrets",
                "payee_relay_secrets",
                "mailbox_secret",
                "mailbox_id",
                "payee_path_secret",
                "session_key",
                "payer_path_secret",
                "blob",
            ],
            valid,
        ),
        Kind::invalid("invalid", &["node_secret", "path_key", "packet"], invalid),
    ],
    // Offsets in a packet: version 0, onion key 1..34, hop payloads
    // 34..len - 32, HMAC the last 32 bytes.
    draws: &[
        Draw::new("valid", "random route", |rng, _| {
            Route::draw(rng, 3, 3, 600).inputs()
        }),
        Draw::new(
            "valid",
            "payer relays only: the mailbox is the introduction node",
            |rng, _| {
                let m = rng.below(3).saturating_add(1);
                Route::draw_with(rng, m, 0, 300).inputs()
            },
        ),
        Draw::new("valid", "payee relays only", |rng, _| {
            let r = rng.below(3).saturating_add(1);
            Route::draw_with(rng, 0, r, 300).inputs()
        }),
        Draw::new(
            "valid",
            "blob too large for 1300 bytes of payloads: the 32834-byte packet",
            |rng, _| {
                let mut r = Route::draw(rng, 1, 0, 0);
                let len = rng.below(1200).saturating_add(1300);
                r.blob = random_bytes(rng, len);
                r.inputs()
            },
        ),
        Draw::mutations(
            "invalid",
            edit_packet,
            &[
                ("unknown version", &[Edit::Other(0)]),
                ("onion key prefix neither 02 nor 03", &[Edit::BadPrefix(1)]),
                ("onion key x not on the curve", &[Edit::OffCurveX(2)]),
                ("onion key x is p or above", &[Edit::AtLeastP(2)]),
                ("onion key parity flipped", &[Edit::Parity(1)]),
                (
                    "hop payloads altered",
                    &[Edit::FlipInner {
                        start: 34,
                        tail: 32,
                    }],
                ),
                ("HMAC altered", &[Edit::FlipTail(32)]),
                ("cut short", &[Edit::Truncate]),
                ("bytes appended", &[Edit::Append]),
            ],
        ),
        Draw::new("invalid", "wrong node key", |rng, _| {
            let (case, _) = first_hop(rng);
            with(case, "node_secret", hex(&draw::secret(rng)))
        }),
        Draw::new("invalid", "wrong path key", |rng, _| {
            let (case, _) = first_hop(rng);
            with(
                case,
                "path_key",
                hex(&draw::keypair(rng).public_key().serialize()),
            )
        }),
        Draw::new(
            "invalid",
            "authenticated, payload length below 2",
            |rng, _| {
                let len = rng.below(2);
                let short = random_bytes(rng, len);
                craft(rng, Hop::Final, final_data(), move |_, _| short)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, payload not a TLV stream",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |_, erd| {
                    let mut p = records(&[(ERD, &erd)]);
                    p.truncate(p.len().saturating_sub(1));
                    p
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, final payload with an unknown even type below 64",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, erd| {
                    let t = even_from(rng, 6, 29);
                    records(&[(ERD, &erd), (t, &[1])])
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, no encrypted_recipient_data",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, _| {
                    records(&[(BLOB_TLV_TYPE, &random_bytes(rng, 20))])
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, encrypted_recipient_data altered",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, erd| {
                    let erd = draw::apply(&erd, &[Edit::Flip(0, usize::MAX)], rng);
                    final_payload(rng, erd)
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, encrypted_recipient_data shorter than its tag",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, _| {
                    let len = rng.below(16);
                    let erd = random_bytes(rng, len);
                    final_payload(rng, erd)
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, encrypted_data_tlv not a TLV stream (types descending)",
            |rng, _| {
                let data = records(&[(PATH_ID, b"id"), (PADDING, &[])]);
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, encrypted_data_tlv with an unknown even type",
            |rng, _| {
                let t = even_from(rng, 16, 100);
                let data = records(&[(PATH_ID, b"id"), (t, &[])]);
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, next_node_id not a point",
            |rng, _| {
                let bad = [&[2u8][..], &draw::off_curve_x(rng)].concat();
                craft(
                    rng,
                    Hop::Relay,
                    records(&[(NEXT_NODE_ID, &bad)]),
                    relay_payload,
                )
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, a relay payload with a field besides encrypted_recipient_data",
            |rng, _| {
                let data = relay_data(rng);
                craft(rng, Hop::Relay, data, |rng, erd| {
                    let extra = match rng.below(5) {
                        0 => 1,
                        1 => TLV_REPLY_PATH,
                        2 => 3,
                        3 => 65,
                        _ => BLOB_TLV_TYPE,
                    };
                    let mut recs = [(ERD, erd), (extra, random_bytes(rng, 5))];
                    recs.sort_by_key(|(t, _)| *t);
                    let recs: Vec<(u64, &[u8])> =
                        recs.iter().map(|(t, v)| (*t, v.as_slice())).collect();
                    records(&recs)
                })
            },
        ),
        Draw::new("invalid", "authenticated, path_id at a relay", |rng, _| {
            let node = draw::keypair(rng).public_key().serialize();
            let data = records(&[(NEXT_NODE_ID, &node), (PATH_ID, b"id")]);
            craft(rng, Hop::Relay, data, relay_payload)
        }),
        Draw::new(
            "invalid",
            "authenticated, a relay without a next hop",
            |rng, _| {
                let data = records(&[(PADDING, &[0; 10])]);
                craft(rng, Hop::Relay, data, relay_payload)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, payment_relay or payment_constraints in a message",
            |rng, _| {
                let (t, v): (u64, &[u8]) = if rng.below(2) == 0 {
                    (TLV_PAYMENT_RELAY, &[0, 40, 0, 0, 0, 100, 3, 0xe8])
                } else {
                    (TLV_PAYMENT_CONSTRAINTS, &[0, 0, 0x10, 0, 1])
                };
                if rng.below(2) == 0 {
                    let node = draw::keypair(rng).public_key().serialize();
                    craft(
                        rng,
                        Hop::Relay,
                        records(&[(NEXT_NODE_ID, &node), (t, v)]),
                        relay_payload,
                    )
                } else {
                    let data = records(&[(PATH_ID, b"id"), (t, v)]);
                    craft(rng, Hop::Final, data, final_payload)
                }
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, allowed_features with a bit set",
            |rng, _| {
                let len = rng.below(8).saturating_add(1);
                let mut features = vec![0u8; len];
                draw::flip_bit(&mut features, 0..len, rng);
                let data = records(&[(PATH_ID, b"id"), (TLV_ALLOWED_FEATURES, &features)]);
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, a next-hop field at the final hop",
            |rng, _| {
                let point = draw::keypair(rng).public_key().serialize();
                let data = match rng.below(3) {
                    0 => records(&[(TLV_SHORT_CHANNEL_ID, &rng.bytes::<8>()), (PATH_ID, b"id")]),
                    1 => records(&[(NEXT_NODE_ID, &point), (PATH_ID, b"id")]),
                    _ => records(&[(PATH_ID, b"id"), (TLV_NEXT_PATH_KEY_OVERRIDE, &point)]),
                };
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, two message fields at the final hop",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, erd| {
                    let t = even_from(rng, 64, 1000).saturating_add(1);
                    records(&[(ERD, &erd), (t, &[1, 2]), (BLOB_TLV_TYPE, &[3])])
                })
            },
        ),
        Draw::new(
            "invalid",
            "authenticated, a message field other than the blob",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, erd| {
                    let t = even_from(rng, 64, 1000).saturating_add(1);
                    records(&[(ERD, &erd), (t, &random_bytes(rng, 10))])
                })
            },
        ),
        Draw::new("invalid", "authenticated, a reply_path", |rng, _| {
            craft(rng, Hop::Final, final_data(), |rng, erd| {
                let reply = reply_path(rng);
                records(&[(TLV_REPLY_PATH, &reply), (ERD, &erd), (BLOB_TLV_TYPE, &[1])])
            })
        }),
        Draw::new("invalid", "authenticated, no path_id", |rng, _| {
            let data = records(&[(PADDING, &[0; 4])]);
            craft(rng, Hop::Final, data, final_payload)
        }),
        Draw::new("invalid", "authenticated, no blob", |rng, _| {
            craft(rng, Hop::Final, final_data(), |_, erd| {
                records(&[(ERD, &erd)])
            })
        }),
        // Two rules broken at once: the first in SPEC.md's order is reported.
        Draw::new(
            "invalid",
            "two rules: a relay payload with an unknown even type (payload before the relay rule)",
            |rng, _| {
                let data = relay_data(rng);
                craft(rng, Hop::Relay, data, |rng, erd| {
                    let t = even_from(rng, 6, 29);
                    records(&[(ERD, &erd), (t, &[1])])
                })
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a relay payload with another field and no encrypted_recipient_data",
            |rng, _| {
                let data = relay_data(rng);
                craft(rng, Hop::Relay, data, |rng, _| {
                    records(&[(1, &random_bytes(rng, 3))])
                })
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a relay payload with another field and undecryptable data",
            |rng, _| {
                let data = relay_data(rng);
                craft(rng, Hop::Relay, data, |rng, erd| {
                    let erd = draw::apply(&erd, &[Edit::Flip(0, usize::MAX)], rng);
                    records(&[(1, &[7]), (ERD, &erd)])
                })
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a relay payload with another field, path_id in its data",
            |rng, _| {
                let node = draw::keypair(rng).public_key().serialize();
                let data = records(&[(NEXT_NODE_ID, &node), (PATH_ID, b"id")]);
                craft(rng, Hop::Relay, data, |_, erd| {
                    records(&[(ERD, &erd), (BLOB_TLV_TYPE, &[1])])
                })
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a payment field, then an unknown even type in encrypted_data_tlv",
            |rng, _| {
                let t = even_from(rng, 16, 40);
                let data = records(&[
                    (PATH_ID, b"id"),
                    (TLV_PAYMENT_RELAY, &[0, 40, 0, 0, 0, 100, 3, 0xe8]),
                    (t, &[]),
                ]);
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a payment field and a feature bit in encrypted_data_tlv",
            |rng, _| {
                let data = records(&[
                    (PATH_ID, b"id"),
                    (TLV_PAYMENT_CONSTRAINTS, &[0, 0, 0x10, 0, 1]),
                    (TLV_ALLOWED_FEATURES, &[1]),
                ]);
                craft(rng, Hop::Final, data, final_payload)
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a reply_path and two message fields at the final hop",
            |rng, _| {
                craft(rng, Hop::Final, final_data(), |rng, erd| {
                    let reply = reply_path(rng);
                    let t = even_from(rng, 64, 1000).saturating_add(1);
                    records(&[
                        (TLV_REPLY_PATH, &reply),
                        (ERD, &erd),
                        (t, &[1]),
                        (BLOB_TLV_TYPE, &[3]),
                    ])
                })
            },
        ),
        Draw::new(
            "invalid",
            "two rules: a next-hop field and two message fields at the final hop",
            |rng, _| {
                let point = draw::keypair(rng).public_key().serialize();
                let data = records(&[(NEXT_NODE_ID, &point), (PATH_ID, b"id")]);
                craft(rng, Hop::Final, data, |rng, erd| {
                    let t = even_from(rng, 64, 1000).saturating_add(1);
                    records(&[(ERD, &erd), (t, &[1]), (BLOB_TLV_TYPE, &[3])])
                })
            },
        ),
    ],
};

/// `encrypted_recipient_data`, in a payload.
const ERD: u64 = TLV_ENCRYPTED_RECIPIENT_DATA;
const PADDING: u64 = TLV_PADDING;
const NEXT_NODE_ID: u64 = TLV_NEXT_NODE_ID;
const PATH_ID: u64 = TLV_PATH_ID;

/// One of the `count` even types from `from` on.
fn even_from(rng: &mut Rng, from: u64, count: usize) -> u64 {
    from.saturating_add(2u64.saturating_mul(rng.below(count) as u64))
}

/// `case` with `field` set to `value`.
fn with(mut case: Value, field: &str, value: String) -> Value {
    if let Some(o) = case.as_object_mut() {
        o.insert(field.to_owned(), Value::String(value));
    }
    case
}

fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| draw::byte(rng)).collect()
}

fn secret_key(b: &[u8]) -> Result<SecretKey, String> {
    let a: [u8; 32] = b
        .try_into()
        .map_err(|_| format!("{} bytes, not 32", b.len()))?;
    SecretKey::from_secret_bytes(a).map_err(|e| format!("{e:?}"))
}

/// A valid case's inputs.
struct Route {
    payer: Vec<[u8; 32]>,
    payee: Vec<[u8; 32]>,
    mailbox: [u8; 32],
    mailbox_id: Vec<u8>,
    payee_path: [u8; 32],
    session: [u8; 32],
    payer_path: [u8; 32],
    blob: Vec<u8>,
}

impl Route {
    /// Up to `payer` and `payee` relays and a blob of up to `blob` bytes.
    fn draw(rng: &mut Rng, payer: usize, payee: usize, blob: usize) -> Self {
        let m = rng.below(payer.saturating_add(1));
        let r = rng.below(payee.saturating_add(1));
        let len = rng.below(blob.saturating_add(1));
        Self::draw_with(rng, m, r, len)
    }

    /// Exactly `m` payer relays, `r` payee relays, a blob of `blob` bytes;
    /// a mailbox id of 1 to 128 bytes (usually 16 or 32).
    fn draw_with(rng: &mut Rng, m: usize, r: usize, blob: usize) -> Self {
        let secrets = |rng: &mut Rng, n: usize| (0..n).map(|_| draw::secret(rng)).collect();
        let id_len = match rng.below(3) {
            0 => 16,
            1 => 32,
            _ => rng.below(128).saturating_add(1),
        };
        Route {
            payer: secrets(rng, m),
            payee: secrets(rng, r),
            mailbox: draw::secret(rng),
            mailbox_id: random_bytes(rng, id_len),
            payee_path: draw::secret(rng),
            session: draw::secret(rng),
            payer_path: draw::secret(rng),
            blob: random_bytes(rng, blob),
        }
    }

    fn inputs(&self) -> Value {
        let hexes = |v: &[[u8; 32]]| v.iter().map(|s| hex(s)).collect::<Vec<_>>();
        json!({
            "payer_relay_secrets": hexes(&self.payer),
            "payee_relay_secrets": hexes(&self.payee),
            "mailbox_secret": hex(&self.mailbox),
            "mailbox_id": hex(&self.mailbox_id),
            "payee_path_secret": hex(&self.payee_path),
            "session_key": hex(&self.session),
            "payer_path_secret": hex(&self.payer_path),
            "blob": hex(&self.blob),
        })
    }

    /// Every output, by ptlc.
    fn outputs(&self) -> Option<Value> {
        let keys = |v: &[[u8; 32]]| -> Option<Vec<SecretKey>> {
            v.iter().map(|s| secret_key(s).ok()).collect()
        };
        let (payer, payee) = (keys(&self.payer)?, keys(&self.payee)?);
        let mailbox = secret_key(&self.mailbox).ok()?;
        mailbox_route_outputs(&MailboxRouteInputs {
            payer_relay_secrets: &payer,
            payee_relay_secrets: &payee,
            mailbox_secret: &mailbox,
            mailbox_id: &self.mailbox_id,
            payee_path_secret: &self.payee_path,
            session_key: &self.session,
            payer_path_secret: &self.payer_path,
            blob: &self.blob,
        })
        .ok()
    }

    /// The secret of the first hop (a payer relay, the introduction node or
    /// the mailbox).
    fn first_secret(&self) -> [u8; 32] {
        *self
            .payer
            .first()
            .or(self.payee.first())
            .unwrap_or(&self.mailbox)
    }
}

/// An invalid case at the first hop of a random route's packet, and the
/// packet as built.
fn first_hop(rng: &mut Rng) -> (Value, Vec<u8>) {
    let route = Route::draw(rng, 2, 2, 200);
    let outputs = route.outputs().unwrap_or_default();
    let field = |f: &str| outputs.get(f).and_then(Value::as_str).unwrap_or_default();
    let packet = crate::hex::decode(field("packet")).unwrap_or_default();
    let case = json!({
        "node_secret": hex(&route.first_secret()),
        "path_key": field("path_key"),
        "packet": hex(&packet),
    });
    (case, packet)
}

/// An invalid case: a random route's first-hop packet, edited.
fn edit_packet(rng: &mut Rng, edits: &[Edit]) -> Value {
    let (case, packet) = first_hop(rng);
    with(case, "packet", hex(&draw::apply(&packet, edits, rng)))
}

/// TLV records framed as given (types in any order).
fn records(recs: &[(u64, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (typ, value) in recs {
        let mut r = vec![0u8; tlv::record_len(*typ, value.len())];
        let a = tlv::write_bigsize(*typ, &mut r).unwrap_or(0);
        let b =
            tlv::write_bigsize(value.len() as u64, r.get_mut(a..).unwrap_or_default()).unwrap_or(0);
        if let Some(dst) = r.get_mut(a.saturating_add(b)..) {
            dst.copy_from_slice(value);
        }
        out.extend(r);
    }
    out
}

/// Whether the crafted hop is the packet's last (the mailbox level applies)
/// or forwards to one more hop.
enum Hop {
    Final,
    Relay,
}

fn final_data() -> Vec<u8> {
    records(&[(PATH_ID, b"mailbox id")])
}

fn relay_data(rng: &mut Rng) -> Vec<u8> {
    records(&[(NEXT_NODE_ID, &draw::keypair(rng).public_key().serialize())])
}

fn final_payload(rng: &mut Rng, erd: Vec<u8>) -> Vec<u8> {
    let len = rng.below(40);
    records(&[(ERD, &erd), (BLOB_TLV_TYPE, &random_bytes(rng, len))])
}

fn relay_payload(_: &mut Rng, erd: Vec<u8>) -> Vec<u8> {
    records(&[(ERD, &erd)])
}

/// A BOLT 12 blinded path to a random node.
fn reply_path(rng: &mut Rng) -> Vec<u8> {
    let node = draw::keypair(rng).public_key();
    let mut out = vec![0u8; 300];
    let n = build_mailbox_path_with_key(&draw::secret(rng), &[], &node, b"reply", &mut out)
        .unwrap_or(0);
    out.truncate(n);
    out
}

/// An invalid case whose first layer authenticates: a random node's blinded
/// hop with the `encrypted_data_tlv` `data` and the payload `payload` makes of
/// its `encrypted_recipient_data`, as the last hop of a 1366-byte packet or
/// followed by one more hop.
fn craft(
    rng: &mut Rng,
    hop: Hop,
    data: Vec<u8>,
    payload: impl FnOnce(&mut Rng, Vec<u8>) -> Vec<u8>,
) -> Value {
    let node = draw::keypair(rng);
    let Ok(mut blinder) = PathBlinder::from_secret_bytes(&draw::secret(rng)) else {
        return json!({});
    };
    let mut erd = vec![0u8; data.len().saturating_add(16)];
    let Ok(info) = blinder.blind_hop(&node.public_key(), &data, &mut erd) else {
        return json!({});
    };
    let first = payload(rng, erd);
    let next: (PublicKey, Vec<u8>) = (
        draw::keypair(rng).public_key(),
        records(&[(ERD, &random_bytes(rng, 50))]),
    );
    let mut hops: Vec<(PublicKey, &[u8])> = vec![(info.blinded_node_id, &first)];
    if let Hop::Relay = hop {
        hops.push((next.0, &next.1));
    }
    let mut packet = vec![0u8; SMALL_PACKET_LEN];
    let built = sphinx_build(
        &draw::secret(rng),
        &hops,
        &[],
        SMALL_HOP_PAYLOADS_LEN,
        &mut packet,
    );
    if built.is_err() {
        return json!({});
    }
    json!({
        "node_secret": hex(&node.to_secret_bytes()),
        "path_key": hex(&info.path_key.serialize()),
        "packet": hex(&packet),
    })
}

fn outputs_of(c: &Case<'_>) -> Outcome {
    let payer = c.parse_list("payer_relay_secrets", secret_key)?;
    let payee = c.parse_list("payee_relay_secrets", secret_key)?;
    let mailbox = c.parse("mailbox_secret", secret_key)?;
    let (payee_path, session, payer_path) = (
        c.array::<32>("payee_path_secret")?,
        c.array::<32>("session_key")?,
        c.array::<32>("payer_path_secret")?,
    );
    let (mailbox_id, blob) = (c.bytes("mailbox_id")?, c.bytes("blob")?);
    mailbox_route_outputs(&MailboxRouteInputs {
        payer_relay_secrets: &payer,
        payee_relay_secrets: &payee,
        mailbox_secret: &mailbox,
        mailbox_id: &mailbox_id,
        payee_path_secret: &payee_path,
        session_key: &session,
        payer_path_secret: &payer_path,
        blob: &blob,
    })
    .map_err(|e| InputError {
        field: "(inputs)".to_owned(),
        why: format!("building the route fails: {}", mailbox_route_error(e)),
    })
}

fn valid(c: &Case<'_>) -> Outcome {
    outputs_of(c)
}

fn invalid(c: &Case<'_>) -> Outcome {
    let k = c.parse("node_secret", secret_key)?;
    let e = c.parse("path_key", PublicKey::from_slice)?;
    let packet = c.bytes("packet")?;
    let mut out = vec![0u8; packet.len()];
    Ok(error_field(
        peel(&k, &e, &packet, &mut out)
            .err()
            .map(mailbox_route_error),
    ))
}
